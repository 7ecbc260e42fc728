"""Programmes (peer advocacy, social prescribing, community programmes) and the people they support.

A participant is pseudonymised: a reference of the programme's own, never a name. Where a programme must
hold who someone is, that sits in `Identity`, read by the programme's named workers only and erasable on
request without losing the anonymous record of goals, contacts, measures and outcomes.
"""
from django.conf import settings
from django.db import models


class Measure(models.TextChoices):
    """The validated measures the platform scores (their items and rules: outcomes/measures.py)."""

    SWEMWBS = "swemwbs", "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)"
    WEMWBS = "wemwbs", "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)"
    ONS4 = "ons4", "ONS personal well-being (ONS4)"
    UCLA3 = "ucla3", "UCLA 3-item loneliness scale"
    ONS_LONELINESS = "ons_direct", "ONS direct loneliness question"


class Timepoint(models.TextChoices):
    START = "start", "At the start"
    REVIEW = "review", "At a review"
    END = "end", "At the end"


class Programme(models.Model):
    """A programme that supports people: who runs it, where, who works on it, what it measures and tracks."""

    class Kind(models.TextChoices):
        PEER_ADVOCACY = "peer_advocacy", "Peer advocacy"
        SOCIAL_PRESCRIBING = "social_prescribing", "Social prescribing"
        COMMUNITY_DEVELOPMENT = "community_development", "Community development service"
        FUNDED_PROJECT = "funded_project", "Funded project"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True, max_length=4000)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="programmes",
                                     help_text="The lead provider: whose record the programme is.")
    providers = models.ManyToManyField("accounts.Organisation", blank=True, related_name="programmes_provided",
                                       help_text="Every organisation that delivers it, the lead included.")
    areas = models.ManyToManyField("places.LocalAuthority", blank=True, related_name="programmes",
                                   help_text="The local authorities it serves.")
    workers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="programmes_worked",
                                     help_text="Named workers: they alone record and read participants (and identity).")
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="programmes_overseen",
                                      help_text="Named officers: they read participant records, not identity.")
    evaluators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="programmes_evaluated",
                                        help_text="Named evaluators: they export the anonymised data unsuppressed.")
    measures = models.JSONField(default=list, blank=True,
                                help_text='When each measure is taken: [{"measure": "swemwbs", "when": ["start", "end"]}]')
    outcomes = models.JSONField(default=list, blank=True,
                                help_text='The outcomes checklist: [{"code": "tenancy", "label": "…", "co_produced": false}]')
    regular_contact_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="In regular contact: a contact in each of the last this many weeks.")
    retention_months = models.PositiveSmallIntegerField(
        default=24, help_text="Months after a participant leaves before their record is anonymised.")
    holds_identity = models.BooleanField(default=False, help_text="The programme must hold who participants are.")
    sample = models.BooleanField(default=False, help_text="Sample data, for a demonstration.")
    started_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def outcome_labels(self):
        return {outcome["code"]: outcome["label"] for outcome in self.outcomes}


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", "Under 18"
    A18 = "18-24", "18 to 24"
    A25 = "25-34", "25 to 34"
    A35 = "35-49", "35 to 49"
    A50 = "50-64", "50 to 64"
    A65 = "65+", "65 and over"
    UNKNOWN = "", "Not known"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "", "Not known or not said"


class Ethnicity(models.TextChoices):
    """The census 2021 high-level groups."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    UNKNOWN = "", "Not known or not said"


class Participant(models.Model):
    """A person a programme supports, by a reference of the programme's own: no name, no date of birth."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    reference = models.CharField(max_length=20, help_text="The programme's own reference, e.g. PA-0001 (no name).")
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=10, choices=Ethnicity.choices, blank=True)
    lsoa = models.ForeignKey("places.Lsoa", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text="Where they live, from a postcode; the postcode itself is not kept.")
    communities = models.ManyToManyField("insights.Community", blank=True, related_name="+")
    referral_source = models.CharField(max_length=30, blank=True, choices=[
        ("self", "Self-referral"), ("gp", "GP or primary care"), ("hospital", "Hospital"),
        ("housing", "Housing"), ("probation", "Probation or criminal justice"),
        ("substance_use", "Substance use service"), ("vcse", "Voluntary or community organisation"),
        ("council", "Council service"), ("other", "Other")])
    referred_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    anonymised_on = models.DateField(null=True, blank=True,
                                     help_text="When its retention ran out: identity, goals' words and dates coarsened.")
    sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    audit_plain = ("reference",)

    class Meta:
        ordering = ["programme", "reference"]
        constraints = [models.UniqueConstraint(fields=["programme", "reference"], name="unique_participant_reference")]
        indexes = [models.Index(fields=["programme", "joined_on"])]

    def __str__(self):
        return self.reference


class Identity(models.Model):
    """Who a participant is, where the programme must know: read by its named workers only, erasable alone."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        verbose_name_plural = "identities"

    def __str__(self):
        return f"Identity of {self.participant}"


class Goal(models.Model):
    """A goal set with the participant (co-produced) or for them, and how far they have got."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        SOME = "some", "Some progress"
        MOSTLY = "mostly", "Mostly there"
        ACHIEVED = "achieved", "Achieved"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=300, help_text="The goal in the participant's words (no names).")
    co_produced = models.BooleanField(default=True, help_text="Set together with the participant.")
    set_on = models.DateField()
    progress = models.CharField(max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED)
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["set_on", "pk"]

    def __str__(self):
        return f"Goal {self.pk} of {self.participant}"


class Contact(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone or video call"
        MESSAGE = "message", "Text or message"
        GROUP = "group", "Group session"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["participant", "on"])]

    def __str__(self):
        return f"Contact on {self.on} with {self.participant}"


class Score(models.Model):
    """One completed (or part-completed) questionnaire: the answers and the scores the platform worked out."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    measure = models.CharField(max_length=12, choices=Measure.choices)
    taken_on = models.DateField()
    timepoint = models.CharField(max_length=8, choices=Timepoint.choices)
    answers = models.JSONField(default=dict, help_text="{item id: the value answered}; a missing item is absent.")
    results = models.JSONField(default=dict, help_text="{what is scored: the score}, e.g. {\"metric\": 21.54}; "
                                                       "empty where the instrument cannot be scored.")
    note = models.CharField(max_length=200, blank=True, help_text="Why it is not scored, where it is not.")

    audit_plain = ("answers", "results", "note")  # numbers and the platform's own words

    class Meta:
        ordering = ["taken_on", "pk"]
        indexes = [models.Index(fields=["participant", "measure", "taken_on"])]

    def __str__(self):
        return f"{self.get_measure_display()} on {self.taken_on}"


class OutcomeCheck(models.Model):
    """Whether a participant had reached one of the programme's outcomes, as checked on a date."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outcome_checks")
    outcome = models.CharField(max_length=40, help_text="A code from the programme's outcomes checklist.")
    on = models.DateField()
    achieved = models.BooleanField()

    audit_plain = ("outcome",)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.outcome} on {self.on}"


class Referral(models.Model):
    """A participant referred to an asset in the directory (social prescribing), and whether they connected."""

    class Connected(models.TextChoices):
        NOT_YET = "not_yet", "Not known yet"
        YES = "yes", "Connected"
        NO = "no", "Did not connect"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="referrals")
    asset = models.ForeignKey("assets.Asset", on_delete=models.PROTECT, related_name="outcome_referrals")
    on = models.DateField()
    connected = models.CharField(max_length=8, choices=Connected.choices, default=Connected.NOT_YET)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self):
        return f"Referral of {self.participant} to asset {self.asset_id}"
