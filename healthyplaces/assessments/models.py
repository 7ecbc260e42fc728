"""Frameworks held as data, self-assessments against them, community feedback and Health Impact Assessments.

A framework has versions; each version keeps its own sections, criteria and scales, so an
assessment or HIA always shows the wording it was made with, even after a new version loads.
"""
from django.conf import settings
from django.db import models


class Framework(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment_framework", "Self-assessment framework"
        TAXONOMY = "taxonomy", "Family of approaches (self-assessed)"
        HIA = "hia_matrix", "Health Impact Assessment matrix"

    key = models.SlugField(max_length=80, unique=True, help_text="The `id` in the YAML file")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def current(self):
        return self.versions.order_by("-number").first()


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=500, blank=True, help_text="The file's `version`")
    name = models.CharField(max_length=300)
    source_file = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64)
    document = models.JSONField(help_text="The whole YAML document as loaded")
    scales = models.JSONField(default=dict)
    notes = models.JSONField(default=list, help_text="[label, text] pairs: verification, scoring, platform notes")
    facts = models.JSONField(default=list, help_text="SOURCES.md rows for this file: [fact, status, source]")
    community_scale = models.CharField(max_length=60, blank=True)
    community_platform_defined = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["framework__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_framework_version_number"),
            models.UniqueConstraint(fields=["framework", "content_hash"], name="unique_framework_version_hash"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.number})"

    def scale(self, key):
        return self.scales.get(key) or {}

    def criteria(self):
        return Criterion.objects.filter(section__version=self).select_related("section").order_by("section__order", "order")


class Section(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=80)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    unverified = models.BooleanField(default=False)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(max_length=80)
    text = models.TextField()
    description = models.TextField(blank=True)
    scale = models.CharField(max_length=60, blank=True)
    evidence_prompts = models.JSONField(default=list)
    community_question = models.TextField(blank=True)
    unverified = models.BooleanField(default=False)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name_plural = "criteria"

    def __str__(self):
        return f"{self.key}: {self.text[:60]}"


class Assessment(models.Model):
    """One team's (organisation's) self-assessment against one framework version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=20, help_text="e.g. 2026 or 2026/27")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="assessments", blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False, help_text="Who saved it last (healthyplaces.editing)")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.title} ({self.organisation}, {self.period})"

    @property
    def locked(self):
        return self.status == self.Status.COMPLETED


class Rating(models.Model):
    NOT_APPLICABLE, DONT_KNOW = "not_applicable", "dont_know"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    other = models.CharField(max_length=20, blank=True, help_text="not_applicable or dont_know")
    evidence = models.TextField(blank=True)
    next_action = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_rating")]

    def __str__(self):
        return f"{self.assessment_id} {self.criterion.key}: {self.value or self.other}"

    @property
    def other_label(self):
        return {self.NOT_APPLICABLE: "Not applicable", self.DONT_KNOW: "Don't know"}.get(self.other, "")


class FeedbackLink(models.Model):
    """A single-use link for one anonymous community response; only the token's hash is stored."""

    audit_exclude = ("token_hash",)

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="feedback_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)


class FeedbackAnswer(models.Model):
    link = models.ForeignKey(FeedbackLink, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="feedback_answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "criterion"], name="unique_feedback_answer")]


# Health Impact Assessment


class Development(models.Model):
    class Type(models.TextChoices):
        RESIDENTIAL = "residential", "Residential"
        MIXED = "mixed", "Mixed use"
        COMMERCIAL = "commercial", "Commercial or industrial"
        HOT_FOOD = "hot_food", "Hot food takeaway or licensed premises"
        INFRASTRUCTURE = "infrastructure", "Infrastructure or transport"
        REGENERATION = "regeneration", "Regeneration or estate renewal"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    site = models.CharField(max_length=300, help_text="Address or site description")
    lsoas = models.ManyToManyField("places.Lsoa", related_name="developments", limit_choices_to={"vintage": 2011})
    size = models.CharField(max_length=100, help_text="e.g. 120 homes, 2,000 m²")
    type = models.CharField(max_length=20, choices=Type.choices)
    organisation = models.ForeignKey("accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="developments")

    def __str__(self):
        return self.name


class Hia(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        REVISIONS = "revisions", "Revisions requested"
        ACCEPTED = "accepted", "Accepted"

    development = models.OneToOneField(Development, on_delete=models.PROTECT, related_name="hia")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="hias")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="hias")
    created_at = models.DateTimeField(auto_now_add=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "HIA"

    def __str__(self):
        return f"HIA for {self.development}"

    @property
    def organisation_id(self):
        return self.development.organisation_id


class HiaSubmission(models.Model):
    """One version of the applicant's answers; a submitted version is never changed again."""

    hia = models.ForeignKey(Hia, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False, help_text="Who saved it last (healthyplaces.editing)")

    class Meta:
        ordering = ["hia", "number"]
        constraints = [models.UniqueConstraint(fields=["hia", "number"], name="unique_hia_submission")]

    def __str__(self):
        return f"{self.hia} version {self.number}"


class HiaAnswer(models.Model):
    class Impact(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEUTRAL = "neutral", "Neutral"
        NEGATIVE = "negative", "Negative"
        UNCERTAIN = "uncertain", "Uncertain"

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        NEEDS_MORE = "needs_more", "Needs more information"
        MITIGATION = "mitigation_required", "Mitigation required"

    submission = models.ForeignKey(HiaSubmission, on_delete=models.CASCADE, related_name="answers")
    topic = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="hia_answers")
    impact = models.CharField(max_length=10, choices=Impact.choices, blank=True)
    evidence = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "topic__order"]
        constraints = [models.UniqueConstraint(fields=["submission", "topic"], name="unique_hia_answer")]

    def __str__(self):
        return f"{self.submission}: {self.topic.key}"
