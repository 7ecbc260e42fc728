"""Community assets: the people, groups, services, spaces and resources that keep a place healthy.

Partners record assets; the same asset recorded by two partners is found by de-duplication and
merged by an officer, keeping every partner's source record.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Category(models.TextChoices):
    PERSON = "person", "People and their skills"
    ASSOCIATION = "association", "Associations and groups"
    INSTITUTION = "institution", "Institutions and services"
    SPACE = "space", "Physical spaces"
    ECONOMIC = "economic", "Economic assets"
    CULTURAL = "cultural", "Cultural assets"


# People listed as assets (see services, "People as assets", for who sees what of them).
# A person who has not agreed to be listed publicly.
UNLISTED = Q(category=Category.PERSON, listing_consent=False)
# A person whose address and exact place are theirs: they have not agreed to them being published.
PLACE_WITHHELD = Q(category=Category.PERSON, contact_consent=False)


def search_text(asset):
    return " ".join([asset.name, asset.provider, asset.themes, asset.category, asset.communities_of_place,
                     asset.communities_of_interest, asset.description[:500]]).lower()


class AssetQuerySet(models.QuerySet):
    def current(self):
        """Assets that have not been merged into another."""
        return self.filter(merged_into__isnull=True)

    def public(self):
        """What everyone may see: published assets, but a person only if they agreed to be listed publicly."""
        return self.current().filter(published=True).exclude(UNLISTED)


class Asset(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Open Referral id")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    # Who it is for.
    communities_of_place = models.CharField(max_length=300, blank=True)
    communities_of_interest = models.CharField(max_length=300, blank=True, help_text="Of interest or identity")
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility = models.TextField(blank=True)
    # Theme codes (insights.taxonomy, the one theme list), stored ",a,b," so a plain LIKE finds one on any database.
    themes = models.CharField(max_length=500, blank=True)
    # Where.
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    postcode_district = models.CharField(max_length=4, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa = models.ForeignKey("places.Lsoa", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lsoa_code = models.CharField(max_length=9, blank=True, db_index=True)
    # How to use it.
    opening_times = models.TextField(blank=True)
    accessibility = models.TextField(blank=True)
    cost = models.CharField(max_length=300, blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True, max_length=500)
    listing_consent = models.BooleanField(
        default=False, help_text="For a person: they agreed to be listed publicly, with their neighbourhood but not "
                                 "their address.")
    contact_consent = models.BooleanField(
        default=False, help_text="For a person: they agreed to their contact details and address being published.")
    # Who.
    provider = models.CharField(max_length=200, blank=True, help_text="The organisation that provides it")
    partner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="assets",
                                help_text="The partner that recorded it")
    external_id = models.CharField(max_length=100, blank=True, help_text="The partner's own id, if it has one")
    # What an Open Referral (ORUK, HSDS 3.0) record said that no column above holds, in the standard's own
    # field names, so the open API publishes it again (oruk_reading.DETAILS lists the keys; oruk.py publishes them).
    details = models.JSONField(default=dict, blank=True, editable=False,
                               help_text="From an Open Referral record: phones, schedules, cost options, languages, "
                                         "service areas, alert, the organisation's and the location's details, the "
                                         "source's identifiers")
    last_checked = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False, help_text="Who saved it last (healthyplaces.editing)")
    # Lower-case name, provider, themes, category, communities and description, for search. It sits
    # in an index with the name, so a search reads the index rather than every wide row of the table.
    search_text = models.TextField(blank=True, editable=False)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # Near search: current assets in a latitude band, then longitude, with the columns that decide who may
            # see each one, so the search reads this index alone (see finding.near).
            models.Index(fields=["merged_into", "latitude", "longitude", "published", "partner", "category",
                                 "listing_consent", "contact_consent"], name="asset_near_visible_idx"),
            # Near search for people placed by their LSOA: those in the LSOAs within reach (see finding.near).
            models.Index(fields=["lsoa", "category", "contact_consent", "merged_into", "published", "listing_consent",
                                 "partner"], name="asset_person_lsoa_idx"),
            models.Index(fields=["partner", "external_id"]),
            # The directory lists by this index's order and filters within it (see views.directory).
            models.Index(fields=["merged_into", "name", "category", "search_text", "published", "listing_consent"],
                         name="asset_search_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self)
        super().save(*args, **kwargs)

    @property
    def theme_ids(self):
        return [t for t in self.themes.split(",") if t]

    @property
    def is_person(self):
        return self.category == Category.PERSON

    def record_holders(self):
        """The partners whose records this asset holds: its own and, once merged, the other partners'. Each may
        change it (accounts.permissions), so a partner whose record was merged keeps it in hand."""
        return {self.partner_id, *self.sources.values_list("partner_id", flat=True)}

    @property
    def place_withheld(self):
        """A person who has not agreed to their address and exact place being published (PLACE_WITHHELD)."""
        return self.is_person and not self.contact_consent


class SourceRecord(models.Model):
    """What a partner supplied for an asset, kept unchanged through merges."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="sources")
    partner = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    supplied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    supplied_at = models.DateTimeField(auto_now_add=True)
    origin = models.CharField(max_length=200, help_text="File and line, or 'form'")
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["supplied_at", "pk"]


class DuplicateCandidate(models.Model):
    """A probable duplicate pair waiting for an officer, and what they decided."""

    class Status(models.TextChoices):
        OPEN = "open", "To review"
        MERGED = "merged", "Merged"
        KEPT_APART = "kept_apart", "Kept apart"

    first = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="unique_duplicate_pair")]
