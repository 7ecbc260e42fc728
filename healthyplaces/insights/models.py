"""Conversations with communities, and the insights drawn from them.

An insight keeps two versions of its text: what was recorded, seen by the recorder's organisation,
officers and administrators; and a redacted version, with likely personal data replaced, that
everyone else sees. Search and embeddings use only the redacted text, so no one finds an insight
by a name or phone number they are not allowed to read.

Nothing is shown beyond the recording organisation until a person has confirmed its redaction
(`confirmed_at`): an insight's summary, quote and tags, a conversation's title and description.
A change to that text sends it back to be confirmed again.
"""
from django.conf import settings
from django.db import models

class Theme(models.Model):
    """A theme from the determinants-of-health taxonomy (data/frameworks/dahlgren_whitehead_rainbow.yaml)."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A local tag, free text, that a place uses alongside the taxonomy."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Community(models.Model):
    """A community the platform knows of, whose voice it looks for in insights."""

    class Kind(models.TextChoices):
        AGE_BAND = "age_band", "Age band"
        INCLUSION_HEALTH = "inclusion_health", "Inclusion-health group"
        INTEREST = "interest", "Community of interest or identity"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True, max_length=2000)
    # For age bands: the field of places.Population that counts them, so the share is known.
    population_field = models.CharField(max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "communities"

    def __str__(self):
        return self.name


class Confirmed(models.Model):
    """Who confirmed that the redacted version is safe to share beyond the organisation, and when.
    Empty: not confirmed, so not shared. A confirmation with no person was made by the system
    (the labelled sample data)."""

    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        abstract = True

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class Conversation(Confirmed):
    class Kind(models.TextChoices):
        STREET = "street", "Street conversation"
        FOCUS_GROUP = "focus_group", "Focus group"
        SURVEY = "survey", "Survey"
        WORKSHOP = "workshop", "Workshop"
        INTERVIEW = "interview", "Interview"
        EVENT = "event", "Event"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    description = models.TextField(blank=True, max_length=4000)
    # The versions shown beyond the organisation once confirmed.
    title_redacted = models.CharField(max_length=200, blank=True)
    description_redacted = models.TextField(blank=True, max_length=4000)
    personal_data = models.JSONField(default=list, blank=True, help_text="What the detector flagged")
    # Where: LSOAs (2011), or a neighbourhood (whose LSOAs are copied in), or a venue that is an asset.
    lsoas = models.ManyToManyField("places.Lsoa", blank=True, related_name="+")
    neighbourhood = models.ForeignKey("places.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    venue = models.ForeignKey("assets.Asset", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="conversations", help_text="Where it was held, if that is a community asset")
    # Who ran it and who took part.
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    run_by = models.CharField(max_length=200, blank=True, help_text="The people who ran it")
    participants = models.PositiveIntegerField(null=True, blank=True)
    communities = models.ManyToManyField(Community, blank=True, related_name="conversations")
    is_sample = models.BooleanField(default=False, help_text="Generated sample data, for demonstrations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title


class Insight(Confirmed):
    class Kind(models.TextChoices):
        NEED = "need", "A need"
        STRENGTH = "strength", "A strength"
        BARRIER = "barrier", "A barrier"
        IDEA = "idea", "An idea"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="insights")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.TextField(max_length=4000)
    # A survey answer longer than the summary is kept whole as the quote (importing.py), so the quote holds more.
    quote = models.TextField(blank=True, max_length=10000)
    quote_consent = models.BooleanField(default=False, help_text="The speaker agreed to the quote being shared")
    # The versions shown beyond the organisation; the recorder may correct them.
    summary_redacted = models.TextField(blank=True, max_length=4000)
    quote_redacted = models.TextField(blank=True, max_length=10000)
    personal_data = models.JSONField(default=list, blank=True, help_text="What the detector flagged")
    # What search matches: the stems of the redacted summary and quote and of the tags (words.py).
    search_words = models.TextField(blank=True, editable=False)
    # From a survey export (importing.py): the question it answers, the day it was given and the postcode
    # the answer gave, as written (the platform holds no postcode lookup yet, so a postcode does not place it).
    question = models.CharField(max_length=500, blank=True, help_text="The survey question it answers")
    said_on = models.DateField(null=True, blank=True, help_text="When it was said, if the export gives the day")
    postcode = models.CharField(max_length=8, blank=True, help_text="The postcode given with the answer")
    # Where and who it is about. `lsoas` holds every LSOA it concerns, a neighbourhood's included.
    lsoas = models.ManyToManyField("places.Lsoa", blank=True, related_name="+")
    neighbourhood = models.ForeignKey("places.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    communities = models.ManyToManyField(Community, blank=True, related_name="insights")
    themes = models.ManyToManyField(Theme, blank=True, related_name="insights")
    tags = models.ManyToManyField(Tag, blank=True, related_name="insights")
    # Links to other parts (actions and funding call-outs to follow); each shows on both sides.
    assets = models.ManyToManyField("assets.Asset", blank=True, related_name="insights")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    import_key = models.CharField(max_length=120, blank=True, help_text="File hash and line, so a re-run adds nothing")
    embedding = models.BinaryField(null=True, blank=True, editable=False, help_text="float32 sentence embedding")
    # When the embedding was written (None without one). Every process's similar-insights cache follows it
    # (insights/embeddings.py), so vectors written anywhere reach running servers. Not `updated_at`, which
    # is the edit version (healthyplaces/editing.py): writing a vector is not an edit.
    embedded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False, help_text="Who saved it last (healthyplaces.editing)")

    audit_exclude = ("embedding", "embedded_at", "search_words")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["import_key"], condition=~models.Q(import_key=""),
                                    name="unique_insight_import_key"),
        ]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["organisation"]),
                   models.Index(fields=["updated_at"]),
                   models.Index(fields=["embedded_at"]),  # the similar-insights cache asks for the latest and the count
                   models.Index(fields=["confirmed_at", "created_at"])]  # the queue: unconfirmed, oldest first

    def __str__(self):
        return self.summary_redacted[:80] or f"Insight {self.pk}"

    @property
    def needs_review(self):
        return bool(self.personal_data) and not self.confirmed



class SurveyMapping(models.Model):
    """An organisation's named choice of what each column of a survey export holds, to use for its next file.

    `columns` maps a header, as written in the file, to what it holds (one of importing.ROLES);
    `kind` is the kind given to every answer, or blank when a column holds it."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=dict)
    kind = models.CharField(max_length=10, blank=True, choices=Insight.Kind.choices)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_survey_mapping_name")]

    def __str__(self):
        return self.name
