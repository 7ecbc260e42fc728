"""Health indicators (definitions and values by area) and the deaths and populations behind life expectancy.

Values are keyed by the area code and area type as the source gives them (a Fingertips export names
both), plus sex, age, inequality category and period, so the same file loaded twice changes nothing.
"""
from django.conf import settings
from django.db import models


class Polarity(models.TextChoices):
    HIGH_IS_GOOD = "high", "Higher is better"
    LOW_IS_GOOD = "low", "Lower is better"
    NO_JUDGEMENT = "none", "No judgement (higher or lower)"


class ValueType(models.TextChoices):
    """What kind of number an indicator is; a rate's base (per 100,000, per 10,000…) is the indicator's `per`."""

    PROPORTION = "proportion", "Percentage"
    RATE = "rate", "Crude rate"
    DSR = "dsr", "Age-standardised rate"
    LIFE_EXPECTANCY = "life_expectancy", "Life expectancy (years)"
    OTHER = "other", "As published"


class Indicator(models.Model):
    """One measure, e.g. Fingertips indicator 90366 'Life expectancy at birth'."""

    code = models.CharField(max_length=40, unique=True, help_text="The Fingertips Indicator ID, or a local code")
    name = models.CharField(max_length=300)
    polarity = models.CharField(max_length=4, choices=Polarity.choices, default=Polarity.NO_JUDGEMENT)
    value_type = models.CharField(max_length=20, choices=ValueType.choices, default=ValueType.OTHER)
    per = models.PositiveIntegerField(null=True, blank=True,
                                      help_text="A rate's base: 100000 for a rate per 100,000; blank if not a rate or not known")
    value_type_note = models.CharField(max_length=300, blank=True,
                                       help_text="What the source leaves unsaid about the kind of number, in users' words")
    source = models.CharField(max_length=200, blank=True, help_text="Where the values came from")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def measure(self):
        """The kind of number in words: 'Crude rate per 10,000', 'Percentage', 'Rate per 100,000'."""
        if self.value_type in (ValueType.RATE, ValueType.DSR):
            return f"{self.get_value_type_display()} per {self.per:,}" if self.per else self.get_value_type_display()
        if self.value_type == ValueType.OTHER and self.per:
            return f"Rate per {self.per:,}"
        return self.get_value_type_display()


class AreaKind(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    UPPER_TIER = "upper_tier", "County or unitary authority"
    LOCAL_AUTHORITY = "local_authority", "District or unitary authority"
    WARD = "ward", "Ward"
    MSOA = "msoa", "MSOA"
    LSOA = "lsoa", "LSOA"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area_code = models.CharField(max_length=9)
    area_type = models.CharField(max_length=80, help_text="As the source names it, e.g. 'Districts & UAs (2023)'")
    area_kind = models.CharField(max_length=20, choices=AreaKind.choices)
    area_name = models.CharField(max_length=200)
    sex = models.CharField(max_length=20, default="Persons")
    age = models.CharField(max_length=40, default="All ages")
    category_type = models.CharField(max_length=120, blank=True)
    category = models.CharField(max_length=120, blank=True)
    period = models.CharField(max_length=40)
    period_order = models.IntegerField(help_text="Sorts periods in time order")
    value = models.FloatField(null=True, blank=True)
    lower_ci = models.FloatField(null=True, blank=True, help_text="95% confidence interval")
    upper_ci = models.FloatField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value_note = models.CharField(max_length=200, blank=True)
    computed = models.BooleanField(default=False, help_text="Computed here from counts rather than imported")
    published_comparison = models.CharField(
        max_length=40, blank=True,
        help_text="The source's own comparison with England, as published (Fingertips' 'Better', 'Not compared'…)")

    class Meta:
        ordering = ["indicator", "period_order", "area_code"]
        constraints = [models.UniqueConstraint(
            fields=["indicator", "area_code", "area_type", "sex", "age", "category_type", "category", "period"],
            name="unique_indicator_value")]
        indexes = [models.Index(fields=["area_code", "indicator"])]

    def __str__(self):
        return f"{self.indicator.code} {self.area_code} {self.period}: {self.value}"


class MortalityDataset(models.Model):
    """Deaths and mid-year populations by group, sex, year and 5-year age band: the makings of life tables."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    group_kind = models.CharField(max_length=10, choices=[("decile", "Deprivation decile"), ("area", "Area")])
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MortalityCount(models.Model):
    dataset = models.ForeignKey(MortalityDataset, on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(max_length=9, help_text="Deprivation decile 1 (most deprived) to 10, or an area code")
    sex = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    startage = models.PositiveSmallIntegerField(help_text="0, 1, 5, 10 … 90 (90+)")
    deaths = models.PositiveIntegerField()
    population = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "group", "sex", "year", "startage"],
                                               name="unique_mortality_count")]


class MortalityCause(models.Model):
    """Deaths by cause group in one group, sex, year and age band of a data set: the causes add up to the
    deaths of its MortalityCount, whose population they share. What splits a life expectancy gap by cause."""

    dataset = models.ForeignKey(MortalityDataset, on_delete=models.CASCADE, related_name="causes")
    group = models.CharField(max_length=9)
    sex = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    startage = models.PositiveSmallIntegerField()
    cause = models.CharField(max_length=100)
    deaths = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "group", "sex", "year", "startage", "cause"],
                                               name="unique_mortality_cause")]


class CompositeIndex(models.Model):
    """An index an analyst built from LSOA indicators (methods.composite_index), stored as the indicator it
    makes, with the method beside it: its components, where it was built for and by whom."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="composite")
    within_code = models.CharField(max_length=40, blank=True, help_text="The area whose LSOAs it ranks; blank: all held")
    within_name = models.CharField(max_length=200, blank=True)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    built_at = models.DateTimeField(auto_now=True)
    lsoas = models.PositiveIntegerField(default=0, help_text="LSOAs with a value for every component")
    left_out = models.PositiveIntegerField(default=0, help_text="LSOAs left out for lack of a component's value")

    def __str__(self):
        return self.indicator.name


class CompositeComponent(models.Model):
    """One indicator of a composite index: the period used, how it was standardised, its direction and weight."""

    class Method(models.TextChoices):
        Z_SCORE = "z", "z-score"
        RANK = "rank", "Rank"

    class Direction(models.IntegerChoices):
        RAISES = 1, "A higher value raises the index"
        LOWERS = -1, "A higher value lowers the index"

    index = models.ForeignKey(CompositeIndex, on_delete=models.CASCADE, related_name="components")
    source = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=40)
    method = models.CharField(max_length=4, choices=Method.choices)
    direction = models.SmallIntegerField(choices=Direction.choices)
    weight = models.FloatField()

    class Meta:
        ordering = ["pk"]
