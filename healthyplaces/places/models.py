"""England's small-area geography and its deprivation.

LSOAs come in two vintages: 2011 (the geography of the Indices of Deprivation 2019) and 2021
(IoD2025). Each edition of the indices sits on its own vintage; many codes are the same in both.
"""
from django.conf import settings
from django.db import models


class Edition(models.TextChoices):
    IOD2019 = "2019", "English Indices of Deprivation 2019"
    IOD2025 = "2025", "English Indices of Deprivation 2025"


LSOA_VINTAGE = {Edition.IOD2019: 2011, Edition.IOD2025: 2021}
# How many LSOAs England has in each census's geography (ONS); each edition ranks them from 1 to this.
ENGLAND_LSOAS_2011 = 32_844
ENGLAND_LSOAS_2021 = 33_755
ENGLAND_LSOAS = {2011: ENGLAND_LSOAS_2011, 2021: ENGLAND_LSOAS_2021}
DEFAULT_EDITION = Edition.IOD2019


class Domain:
    """A deprivation index or domain, and the model fields that hold it."""

    def __init__(self, key, label, short):  # short: a table's column heading
        self.key, self.label, self.short = key, label, short
        self.rank_field, self.decile_field, self.score_field = f"{key}_rank", f"{key}_decile", f"{key}_score"

    def __repr__(self):
        return f"Domain({self.key!r})"


DOMAINS = {
    d.key: d
    for d in [
        Domain("imd", "Index of Multiple Deprivation", "IMD"),
        Domain("income", "Income", "Income"),
        Domain("employment", "Employment", "Employment"),
        Domain("education", "Education, Skills and Training", "Education"),
        Domain("health", "Health Deprivation and Disability", "Health"),
        Domain("crime", "Crime", "Crime"),
        Domain("barriers", "Barriers to Housing and Services", "Barriers"),
        Domain("living_environment", "Living Environment", "Living environment"),
        Domain("idaci", "Income Deprivation Affecting Children Index", "Children (IDACI)"),
        Domain("idaopi", "Income Deprivation Affecting Older People Index", "Older people (IDAOPI)"),
    ]
}
# What each edition's shipped files hold; the other domains are empty for that edition.
EDITION_DOMAINS = {
    Edition.IOD2019: list(DOMAINS),
    Edition.IOD2025: ["imd", "idaci", "idaopi"],
}


class Region(models.Model):
    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class LocalAuthority(models.Model):
    """A lower-tier or unitary local authority, current or former.

    A former district points to the authority that succeeded it (Corby → North Northamptonshire);
    a current authority is its own successor.
    """

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100, db_index=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="local_authorities")
    upper_tier_code = models.CharField(max_length=9, blank=True)
    upper_tier_name = models.CharField(max_length=100, blank=True)
    successor = models.ForeignKey("self", on_delete=models.PROTECT, related_name="predecessors")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class Ward(models.Model):
    """Electoral ward, 2019 boundaries (the LSOA best-fit lookup's)."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Msoa(models.Model):
    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100)
    boundary = models.TextField(blank=True, help_text="GeoJSON geometry, WGS84")

    class Meta:
        ordering = ["name"]
        verbose_name = "MSOA"

    def __str__(self):
        return self.name


class Lsoa(models.Model):
    code = models.CharField(max_length=9)
    vintage = models.PositiveSmallIntegerField(choices=[(2011, "2011"), (2021, "2021")])
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="lsoas")
    msoa = models.ForeignKey(Msoa, null=True, blank=True, on_delete=models.PROTECT, related_name="lsoas")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="lsoas")
    latitude = models.FloatField(null=True, blank=True, help_text="Population-weighted centroid")
    longitude = models.FloatField(null=True, blank=True)
    boundary = models.TextField(blank=True, help_text="GeoJSON geometry, WGS84")
    ward_basis = models.CharField(max_length=200, blank=True,
                                  help_text="A 2021 LSOA: how its 2019 ward is known, or why it is not held")

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"
        constraints = [models.UniqueConstraint(fields=["code", "vintage"], name="unique_lsoa_code_vintage")]
        indexes = [models.Index(fields=["vintage", "name"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


def _domain_fields():
    fields = {}
    for domain in DOMAINS.values():
        fields[domain.rank_field] = models.PositiveIntegerField(null=True, blank=True)
        fields[domain.decile_field] = models.PositiveSmallIntegerField(null=True, blank=True)
        fields[domain.score_field] = models.FloatField(null=True, blank=True, help_text="From File 5 or 7 if loaded")
    return fields


class Deprivation(models.Model):
    """One LSOA's ranks and deciles (1 = most deprived) in one edition of the indices."""

    lsoa = models.ForeignKey(Lsoa, on_delete=models.CASCADE, related_name="deprivation")
    edition = models.CharField(max_length=4, choices=Edition.choices)
    locals().update(_domain_fields())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lsoa", "edition"], name="unique_deprivation_lsoa_edition")]
        indexes = [models.Index(fields=["edition", "imd_rank"])]

    def __str__(self):
        return f"{self.lsoa_id} {self.edition}"


class SmallAreaPopulation(models.Model):
    """ONS's mid-year population estimate for one LSOA, sex and age band, as loaded from its small-area estimates
    (population_loading): single years summed into the life table's bands, or five-year bands as published."""

    lsoa_code = models.CharField(max_length=9)
    vintage = models.PositiveSmallIntegerField(help_text="The LSOA edition the estimates are for: 2011 or 2021")
    year = models.PositiveSmallIntegerField(help_text="Mid-year (30 June)")
    sex = models.CharField(max_length=6, choices=[("Female", "Female"), ("Male", "Male")])
    startage = models.PositiveSmallIntegerField()
    endage = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Blank: and over")
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lsoa_code", "vintage", "year", "sex", "startage"],
                                               name="unique_small_area_population")]
        indexes = [models.Index(fields=["year", "lsoa_code"])]

    def __str__(self):
        return f"{self.lsoa_code} mid-{self.year} {self.sex} {self.startage}: {self.population}"


class Population(models.Model):
    """Mid-2015 population denominators (IoD2019 File 6), excluding prisoners."""

    lsoa = models.OneToOneField(Lsoa, on_delete=models.CASCADE, related_name="population")
    year = models.PositiveSmallIntegerField(default=2015)
    total = models.PositiveIntegerField()
    children_0_15 = models.PositiveIntegerField()
    aged_16_59 = models.PositiveIntegerField()
    aged_60_plus = models.PositiveIntegerField()
    working_age = models.PositiveIntegerField(help_text="18–59/64, for the Employment domain")


class LocalAuthoritySummary(models.Model):
    """The published local authority summary measures (IoD2025 File 10)."""

    edition = models.CharField(max_length=4, choices=Edition.choices)
    local_authority_code = models.CharField(max_length=9, db_index=True)
    local_authority_name = models.CharField(max_length=100)
    domain = models.CharField(max_length=60)
    average_rank = models.FloatField(null=True)
    rank_average_rank = models.PositiveIntegerField(null=True)
    average_score = models.FloatField(null=True)
    rank_average_score = models.PositiveIntegerField(null=True)
    proportion_bottom_decile = models.FloatField(null=True)
    rank_proportion_bottom_decile = models.PositiveIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "local_authority_code", "domain"], name="unique_la_summary"
            )
        ]
        ordering = ["domain"]


class Neighbourhood(models.Model):
    """A named set of LSOAs (2011 codes) that people treat as one place."""

    audit_plain = ("name",)  # a place's name, kept readable in the audit trail

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    lsoas = models.ManyToManyField(Lsoa, related_name="neighbourhoods", limit_choices_to={"vintage": 2011})
    published = models.BooleanField(default=False, help_text="Published neighbourhoods are visible to everyone.")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="neighbourhoods"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   editable=False, help_text="Who saved it last (healthyplaces.editing)")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A postcode unit in England, live or terminated, with where it is and the areas it lies in.

    Areas are kept as official codes (not links), so a newer postcode directory can be loaded whole
    without touching the geography: `lsoa11` is the 2011 LSOA (from the ONS lookup, or placed by its
    point where `lsoa11_by_point`), `lsoa21` the 2021 LSOA where known, `ward_code` its electoral ward
    in the edition loaded, `local_authority_code` its local authority in that edition.
    """

    postcode = models.CharField(max_length=8, primary_key=True, help_text="As ONS writes it: 'TS18 1AA'")
    live = models.BooleanField()
    terminated = models.CharField(max_length=6, blank=True, help_text="YYYYMM; blank if live or the month is not held")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa11 = models.CharField(max_length=9, blank=True, db_index=True)
    lsoa11_by_point = models.BooleanField(default=False)
    lsoa21 = models.CharField(max_length=9, blank=True)
    ward_code = models.CharField(max_length=9, blank=True)
    local_authority_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self):
        return self.postcode


class DataLoad(models.Model):
    """A record of each reference-data load: what, when, how many rows, from which files."""

    dataset = models.CharField(max_length=60)
    loaded_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    files = models.JSONField(default=list)
    seconds = models.FloatField()

    class Meta:
        ordering = ["-loaded_at"]
