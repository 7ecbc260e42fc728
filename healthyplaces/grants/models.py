"""The shared funding pot: funds and who puts money in, lots by locality, rounds, call-outs, applications and
their panels.

A fund is run by one organisation (the council that holds the pot) and may have contributions from several
partners. Its lots divide it by locality (local authorities, neighbourhoods or LSOAs), each with a budget. A round
is decided either by a panel or by a participatory vote (the counting rule is the round's). A call-out is a call
on a community priority within a round and a lot: its eligibility, its questions (held as data) and the
principles applications are scored against (a framework version from `assessments`). Money is held in whole
pence as Decimal pounds.
"""
from django.conf import settings
from django.db import models

MONEY = {"max_digits": 12, "decimal_places": 2}


class Edited(models.Model):
    """A record people edit: `healthyplaces.editing` keeps a second person's save (updated_at, updated_by)."""

    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, help_text="Who saved it last (healthyplaces.editing)")

    class Meta:
        abstract = True


class Fund(Edited):
    audit_plain = ("name",)

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="funds",
                                     help_text="The organisation that holds the pot and runs its rounds.")
    description = models.TextField(blank=True)
    period = models.CharField(max_length=20, blank=True, help_text="e.g. 2026/27")
    sample = models.BooleanField(default=False, help_text="Sample data made up for the demonstration.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Contribution(models.Model):
    """What one partner puts into the shared pot."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="fund_contributions")
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["fund", "-amount"]
        constraints = [models.UniqueConstraint(fields=["fund", "partner"], name="unique_fund_contribution")]

    def __str__(self):
        return f"{self.partner}: £{self.amount:,}"


class Lot(models.Model):
    """A locality's share of a fund: its area is the union of its local authorities, neighbourhoods and LSOAs."""

    audit_plain = ("name",)

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="lots")
    name = models.CharField(max_length=200)
    budget = models.DecimalField(**MONEY)
    local_authorities = models.ManyToManyField("places.LocalAuthority", blank=True, related_name="grant_lots")
    neighbourhoods = models.ManyToManyField("places.Neighbourhood", blank=True, related_name="grant_lots")
    lsoas = models.ManyToManyField("places.Lsoa", blank=True, related_name="grant_lots")

    class Meta:
        ordering = ["fund", "name"]
        constraints = [models.UniqueConstraint(fields=["fund", "name"], name="unique_lot_name")]

    def __str__(self):
        return self.name


class Round(Edited):
    audit_plain = ("name",)

    class Decision(models.TextChoices):
        PANEL = "panel", "Decided by a panel"
        VOTE = "vote", "Decided by a participatory vote"

    class Rule(models.TextChoices):
        APPROVAL = "approval", "Approval (pick up to N, most votes first)"
        GREEDY = "greedy", "Most votes first, within the budget"
        EQUAL_SHARES = "equal-shares", "Method of Equal Shares (add1 completion)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Being prepared"
        OPEN = "open", "Open for applications"
        DECIDING = "deciding", "Being decided"
        DECIDED = "decided", "Decided"

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=200)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    counting_rule = models.CharField(max_length=20, choices=Rule.choices, blank=True,
                                     help_text="A participatory vote's counting rule.")
    approval_limit = models.PositiveSmallIntegerField(null=True, blank=True,
                                                      help_text="How many projects a voter may pick (approval).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fund", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["fund", "name"], name="unique_round_name")]

    def __str__(self):
        return f"{self.fund}: {self.name}"


class CallOut(Edited):
    """A call for applications on a community priority, in one round, spending one lot's money."""

    audit_plain = ("title", "slug")

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="call_outs")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="call_outs")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(help_text="What the call-out is for, in a sentence or two.")
    guidance = models.TextField(blank=True, help_text="Plain-English guidance for applicants (paragraphs).")
    # the community priority and who raised it
    theme = models.ForeignKey("insights.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="call_outs")
    insights = models.ManyToManyField("insights.Insight", blank=True, related_name="call_outs")
    target_local_authorities = models.ManyToManyField("places.LocalAuthority", blank=True, related_name="+")
    target_neighbourhoods = models.ManyToManyField("places.Neighbourhood", blank=True, related_name="+")
    communities = models.ManyToManyField("insights.Community", blank=True, related_name="call_outs")
    # eligibility
    organisation_kinds = models.JSONField(default=list, blank=True,
                                          help_text="Organisation kinds that may apply (accounts.Organisation.Kind).")
    unregistered_groups = models.BooleanField(default=True, help_text="Unregistered community groups may apply.")
    max_amount = models.DecimalField(**MONEY)
    budget = models.DecimalField(**MONEY, null=True, blank=True,
                                 help_text="The money this call-out may award (else its lot's budget).")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    # the form and the scoring
    questions = models.JSONField(default=list, blank=True,
                                 help_text="The application form's questions: [{key, label, hint, kind, required, "
                                           "max_length, choices}] (kind: text, textarea, number, choice, yesno).")
    principles = models.ForeignKey("assessments.FrameworkVersion", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="call_outs", help_text="The framework whose criteria score applications.")
    score_min = models.PositiveSmallIntegerField(default=0)
    score_max = models.PositiveSmallIntegerField(default=5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closes_at", "title"]

    def __str__(self):
        return self.title

    @property
    def money(self):
        return self.lot.budget if self.budget is None else self.budget


class Application(Edited):
    """An application to a call-out, by an organisation or an unregistered community group (a named contact, no
    registration needed). Its contact details, answers and texts are personal data (accounts.audit)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    call_out = models.ForeignKey(CallOut, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="grant_applications",
                                     help_text="The organisation the applicant acts for (whose record it is).")
    unregistered_group = models.BooleanField(default=False)
    applicant_name = models.CharField(max_length=200, help_text="The organisation's or the group's name.")
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    amount = models.DecimalField(**MONEY, help_text="The amount asked for: its budget lines add up to it.")
    answers = models.JSONField(default=dict, blank=True, help_text="{question key: answer}")
    lsoas = models.ManyToManyField("places.Lsoa", blank=True, related_name="grant_applications")
    local_authorities = models.ManyToManyField("places.LocalAuthority", blank=True, related_name="grant_applications")
    communities = models.ManyToManyField("insights.Community", blank=True, related_name="grant_applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    shortlisted = models.BooleanField(default=False, help_text="On a participatory vote's ballot.")
    sample = models.BooleanField(default=False, help_text="Sample data made up for the demonstration.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call_out", "-submitted_at", "id"]

    def __str__(self):
        return f"{self.title} ({self.applicant_name})"

    @property
    def reference(self):
        return f"APP-{self.pk:05d}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    item = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "order", "id"]

    def __str__(self):
        return f"{self.item}: £{self.amount:,}"


class Panel(models.Model):
    """The people who score a panel round's applications; an officer moderates their scores."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="panel")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="grant_panels")

    def __str__(self):
        return f"Panel for {self.round}"


class Conflict(models.Model):
    """A panel member's declared conflict of interest: they neither see nor score that application."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "application"], name="unique_grant_conflict")]

    def __str__(self):
        return f"{self.member} declared a conflict on {self.application_id}"


class Score(models.Model):
    """One member's score of one application against one principle, on the call-out's scale."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_scores")
    principle = models.ForeignKey("assessments.Criterion", on_delete=models.PROTECT, related_name="grant_scores")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "member", "principle__section__order", "principle__order"]
        constraints = [models.UniqueConstraint(fields=["application", "member", "principle"], name="unique_grant_score")]

    def __str__(self):
        return f"{self.application_id} {self.principle.key}: {self.value}"


class Moderation(models.Model):
    """The panel's agreed score of an application, which the recommendation ranks by, and why it differs."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="moderation")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    note = models.TextField(blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.application_id} moderated to {self.score}"


# Participatory votes (grants.voting) and awards (grants.awards)


class Ballot(models.Model):
    """One person's vote in a round's participatory vote: the shortlisted applications of their lot they approve.

    Who voted is never kept: `voter_key` is a keyed hash (HMAC with the site's secret) of the name, date of birth and
    postcode they gave, unique in the round, so a second vote by the same person is refused whether either came
    online or on paper. A paper ballot is entered by one officer and counts only once a second officer checks it.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="ballots")
    voter_key = models.CharField(max_length=64, help_text="A keyed hash of the voter's details, never the details.")
    lsoa = models.CharField(max_length=9, help_text="The 2011 LSOA of the voter's postcode.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    choices = models.ManyToManyField(Application, related_name="ballots", blank=True)
    paper_number = models.CharField(max_length=30, blank=True, help_text="The number printed on a paper ballot.")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The officer who entered a paper ballot.")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The second officer who checked a paper ballot.")
    checked_at = models.DateTimeField(null=True, blank=True)
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "cast_at", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "voter_key"], name="one_ballot_per_voter")]

    def __str__(self):
        return f"Ballot {self.pk} ({self.get_channel_display().lower()})"

    @property
    def counts(self):
        return self.channel == self.Channel.ONLINE or self.checked_at is not None


class VoteResult(models.Model):
    """A lot's counted vote in a round: the winners in the order the rule chose them, every project's votes, and
    the tie rule with the ties it broke, as published."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="results")
    rule = models.CharField(max_length=20, choices=Round.Rule.choices)
    ballots = models.PositiveIntegerField()
    budget = models.DecimalField(**MONEY)
    spent = models.DecimalField(**MONEY)
    winners = models.JSONField(default=list, help_text="Application ids in the order the rule chose them.")
    votes = models.JSONField(default=dict, help_text="{application id: votes}")
    tie_rule = models.CharField(max_length=300)
    ties = models.JSONField(default=list, help_text="[{step, tied: [application ids], chosen}]")
    note = models.TextField(blank=True)
    counted_at = models.DateTimeField(auto_now_add=True)
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "lot__name"]
        constraints = [models.UniqueConstraint(fields=["round", "lot"], name="one_result_per_lot")]

    def __str__(self):
        return f"{self.round}: {self.lot}"


class Award(models.Model):
    """The money awarded to one application, from its round's decision (a panel's recommendation or a vote)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField(**MONEY)
    award_date = models.DateField()
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-award_date", "id"]

    def __str__(self):
        return f"{self.reference}: £{self.amount:,} to {self.application.applicant_name}"

    @property
    def reference(self):
        return f"AWD-{self.pk:05d}"
