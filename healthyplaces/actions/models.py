"""Strategies held as data, and the actions taken on them ("We said / We did").

A strategy (a council's Health and Wellbeing Strategy, or a framework of principles such as County Durham's)
is loaded from a YAML file in `data/strategies/`, with its focus areas and principles, and keeps the file's
source. An action serves one focus area and puts principles into practice; it is owned by one organisation,
with partners, and its dated progress updates are what the annual appendix calls "We did".
"""
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Strategy(models.Model):
    """A Health and Wellbeing Strategy or a set of principles for working together, as loaded from its file."""

    key = models.SlugField(max_length=80, unique=True, help_text="The `id` in the YAML file")
    name = models.CharField(max_length=300)
    local_authority = models.ForeignKey("places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", help_text="The council area the strategy is for")
    source = models.TextField(help_text="Where the focus areas and principles were read from")
    source_file = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "strategies"

    def __str__(self):
        return self.name


class FocusArea(models.Model):
    """One of a strategy's focus areas (Stockton's four: best start in life, …)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="focus_areas")
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [models.UniqueConstraint(fields=["strategy", "key"], name="unique_focus_area_key")]

    def __str__(self):
        return self.name


class Principle(models.Model):
    """A principle an action puts into practice (Stockton's five for working together, Durham's six)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="principles")
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()
    framework_key = models.CharField(max_length=80, blank=True,
                                     help_text="The assessments framework that holds it as a criterion, if any")
    criterion_key = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["strategy", "position"]
        constraints = [models.UniqueConstraint(fields=["strategy", "key"], name="unique_principle_key")]

    def __str__(self):
        return self.name


class Action(models.Model):
    """A recommendation or action: who owns it, what it serves, where, and how far it has got."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    CLOSED = (Status.DONE, Status.DROPPED)  # no longer overdue, whatever the due date

    class Source(models.TextChoices):
        REPORT = "report", "A report's recommendation"
        ASSESSMENT = "assessment", "A self-assessment's next step"
        INSIGHT = "insight", "A community insight"
        INSIGHT_SEARCH = "insight_search", "A theme or search of insights"
        HIA = "hia", "A Health Impact Assessment issue"
        BOARD = "board", "A board decision"
        OTHER = "other", "Other"

    class Segment(models.TextChoices):
        """The population intervention triangle (data/frameworks/phe_place_based_population_intervention_triangle.yaml)."""
        CIVIC = "civic", "Civic-level"
        SERVICE = "service", "Service-based"
        COMMUNITY = "community", "Community-centred"

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True, max_length=5000)
    # Where it came from
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    report = models.CharField(max_length=200, blank=True, help_text="e.g. Director of Public Health Report 2023/4")
    report_year = models.PositiveSmallIntegerField(null=True, blank=True,
                                                   help_text="The year the report was published (2024 for 2023/4)")
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Its number in the report")
    source_rating = models.ForeignKey("assessments.Rating", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="actions", help_text="The self-assessment next step")
    source_insight = models.ForeignKey("insights.Insight", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="actions")
    source_search = models.CharField(max_length=500, blank=True,
                                     help_text="The insight search it came from (its query string)")
    source_theme = models.ForeignKey("insights.Theme", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="actions")
    source_hia_answer = models.ForeignKey("assessments.HiaAnswer", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="actions", help_text="The HIA issue (a topic's answer)")
    source_decision = models.CharField(max_length=300, blank=True, help_text="The board decision, e.g. its minute")
    # Who
    owner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="actions")
    lead = models.CharField(max_length=150, blank=True, help_text="The named lead: a person or a post")
    partners = models.ManyToManyField("accounts.Organisation", blank=True, related_name="actions_as_partner")
    # What it serves
    focus_area = models.ForeignKey(FocusArea, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    principles = models.ManyToManyField(Principle, blank=True, related_name="actions")
    segment = models.CharField(max_length=10, choices=Segment.choices, blank=True,
                               verbose_name="Population intervention triangle segment")
    # Where and for whom
    local_authorities = models.ManyToManyField("places.LocalAuthority", blank=True, related_name="actions")
    neighbourhoods = models.ManyToManyField("places.Neighbourhood", blank=True, related_name="actions")
    lsoas = models.ManyToManyField("places.Lsoa", blank=True, related_name="actions")
    communities = models.ManyToManyField("insights.Community", blank=True, related_name="actions")
    # How far
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    dropped_reason = models.TextField(blank=True, max_length=2000)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    is_sample = models.BooleanField(default=False, help_text="Sample data, for demonstrations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, help_text="Who saved it last (healthyplaces.editing)")

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # the list's filters (bench/reports.py): by status, owner or focus area, each in due-date order
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_status_due"),
            models.Index(fields=["focus_area", "status", "due_date"], name="action_focus_status_due"),
            models.Index(fields=["due_date", "id"], name="action_due"),
            models.Index(fields=["report_year", "number"], name="action_report_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                                   name="action_dropped_has_reason"),
            models.CheckConstraint(condition=Q(start_date__isnull=True) | Q(due_date__isnull=True)
                                   | Q(due_date__gte=models.F("start_date")), name="action_due_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self):
        return self.status in self.CLOSED

    def is_overdue(self, today=None):
        return bool(self.due_date and not self.is_closed and self.due_date < (today or date.today()))

    def clean(self):
        """The rules every way in keeps (the form, an import row): each problem on its field."""
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = "The due date must be on or after the start date."
        if self.status == self.Status.DROPPED and not (self.dropped_reason or "").strip():
            errors["dropped_reason"] = "Say why the action was dropped."
        if errors:
            raise ValidationError(errors)


class ProgressUpdate(models.Model):
    """What was done, on a date ("We did"), with links to the evidence."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField()
    text = models.TextField(max_length=5000, verbose_name="What was done")
    status = models.CharField(max_length=12, choices=Action.Status.choices, blank=True,
                              help_text="The action's status this update set, if it changed it")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     help_text="Whose update it is: the action's owner")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order among the same day's updates")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "date", "position", "id"]
        indexes = [models.Index(fields=["action", "date"], name="progress_action_date")]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.text[:60]}"


class Evidence(models.Model):
    """A link to what shows the progress (a paper to the board, a published page)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=500)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["update", "id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title or self.url


class Commitment(models.Model):
    """What an organisation, or a named person in it, commits to under one principle of a framework (County
    Durham's "Our commitments", left blank in its model for each partner to fill), and how far it has got."""

    class Kind(models.TextChoices):
        ORGANISATIONAL = "organisational", "Organisational"
        PERSONAL = "personal", "Personal"

    class Progress(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        KEPT = "kept", "Kept"
        NOT_KEPT = "not_kept", "Not kept"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="commitments")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="commitments")
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.ORGANISATIONAL,
                            verbose_name="Whose commitment")
    person = models.CharField(max_length=150, blank=True, verbose_name="Who commits",
                              help_text="For a personal commitment: a name or a post, e.g. Director of Public Health")
    text = models.TextField(max_length=2000, verbose_name="What we commit to")
    progress = models.CharField(max_length=10, choices=Progress.choices, default=Progress.PLANNED)
    progress_note = models.TextField(max_length=2000, blank=True, verbose_name="What has been done so far")
    made_on = models.DateField(default=date.today, verbose_name="Date of the commitment")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, help_text="Who saved it last (healthyplaces.editing)")

    class Meta:
        ordering = ["principle", "organisation__name", "made_on", "id"]

    def __str__(self):
        return f"{self.organisation}: {self.text[:60]}"

    def clean(self):
        if self.kind == self.Kind.PERSONAL and not (self.person or "").strip():
            raise ValidationError({"person": "Say who makes this personal commitment: a name or a post."})


class LogicModel(models.Model):
    """How a strategy or a programme is meant to work, to monitor it: inputs -> activities (its actions) ->
    outputs -> outcomes (indicators, followed in one area with their gap by deprivation) -> impact."""

    name = models.CharField(max_length=200)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="logic_models")
    strategy = models.ForeignKey(Strategy, null=True, blank=True, on_delete=models.PROTECT, related_name="logic_models")
    programme = models.ForeignKey("outcomes.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="logic_models")
    local_authority = models.ForeignKey("places.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", help_text="The area its outcomes are followed in")
    neighbourhood = models.ForeignKey("places.Neighbourhood", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", help_text="Or a neighbourhood")
    inputs = models.TextField(blank=True, max_length=4000, help_text="One a line: money, people, data, buildings")
    activities = models.ManyToManyField(Action, blank=True, related_name="logic_models")
    outputs = models.TextField(blank=True, max_length=4000, help_text="One a line: what the activities produce")
    outcomes = models.ManyToManyField("indicators.Indicator", blank=True, related_name="logic_models",
                                      help_text="The indicators that show the change")
    impact = models.TextField(blank=True, max_length=4000, help_text="One a line: the long-term change sought")
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not self.strategy_id and not self.programme_id:
            errors["strategy"] = "Say which strategy or programme the logic model is for."
        if bool(self.local_authority_id) == bool(self.neighbourhood_id):
            errors["local_authority"] = "Choose one area to follow the outcomes in: a local authority or a neighbourhood."
        if errors:
            raise ValidationError(errors)

    def lines(self, name):
        return [line.strip() for line in getattr(self, name).splitlines() if line.strip()]
