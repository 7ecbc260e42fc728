"""Monitoring of a strategy's outcome indicators, with inequality at its heart: for an indicator and an area,
the latest value with its 95% interval, its change since the first period held, and the same by local
deprivation quintile of the area's LSOAs with the gap between the most and least deprived and the slope index
of inequality (SII), period by period.

The statistics are `healthyplaces.methods`' (proportion, rate, gap, sii); the local quintiles are the
indicators part's (`indicators.gap.group_lsoas`, PHE's quantile rule on IMD 2019 ranks within the area). Quintile
figures are pooled from the LSOAs' counts and denominators, so they are given for percentages and crude rates.
"""
import math
import warnings
from dataclasses import dataclass, field

import pandas as pd

from healthyplaces import methods
from healthyplaces.indicators.gap import group_lsoas
from healthyplaces.indicators.models import AreaKind, IndicatorValue, Polarity, ValueType

QUINTILES = [str(q) for q in range(1, 6)]  # 1 = most deprived
SII_SEED = 20240101  # the same data always gives the same simulated limits
NOT_POOLED = ("Figures by deprivation quintile are pooled from the LSOAs' counts, so they are given for "
              "percentages and crude rates only.")


@dataclass
class Figure:
    """A value with its 95% confidence interval (any of them None where not held)."""
    value: float | None
    lower: float | None = None
    upper: float | None = None

    def __getitem__(self, key):  # methods.gap reads groups by name
        return getattr(self, key)

    @classmethod
    def of(cls, mapping):
        return cls(mapping["value"], mapping["lower"], mapping["upper"]) if mapping else None


@dataclass
class Period:
    """One period's figures: the area's value, each quintile's, the gap (least minus most deprived) and the SII."""
    period: str
    area: Figure | None = None
    computed: bool = False  # the area's value pooled here from its LSOAs, not published for the area
    quintiles: dict = field(default_factory=dict)  # {"1": Figure, ...}
    gap: Figure | None = None
    sii: Figure | None = None


@dataclass
class Monitoring:
    indicator: object
    area: object
    sex: str
    age: str
    periods: list = field(default_factory=list)  # oldest first
    change: Figure | None = None  # latest minus first period's value
    change_label: str = ""
    gap_change: Figure | None = None  # latest gap minus the first period's gap
    note: str = ""

    @property
    def latest(self):
        return self.periods[-1] if self.periods else None


def _slice(indicator, sex, age):
    """The sex and age to follow: those asked for if held, else persons and all ages where held."""
    combos = set(indicator.values.filter(category_type="").values_list("sex", "age").distinct())
    if not combos:
        return None, None
    sexes = sorted({s for s, _ in combos}, key=lambda s: (s != "Persons", s))
    sex = sex if sex in sexes else sexes[0]
    ages = sorted({a for s, a in combos if s == sex}, key=lambda a: (a != "All ages", a))
    return sex, age if age in ages else ages[0]


def _pool(indicator, frame, by):
    if indicator.value_type == ValueType.PROPORTION:
        return methods.proportion(frame, by=by, multiplier=100)
    return methods.rate(frame, by=by, multiplier=indicator.per)


def _sii(indicator, frame):
    """{period: Figure} of the SII of each period with all five quintiles held (quantile 1 most deprived, so a
    positive SII rises towards the least deprived), on the indicator's own scale."""
    proportion = indicator.value_type == ValueType.PROPORTION
    scale = 100 if proportion else 1
    frame = frame.assign(quantile=frame["quintile"].astype(int), population=frame["n"],
                         value=frame["value"] / scale, lowercl=frame["lowercl"] / scale,
                         uppercl=frame["uppercl"] / scale)
    frame = frame[frame["x"] > 0]
    frame = frame[frame.groupby("period")["quantile"].transform("nunique") == 5]
    if frame.empty:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = methods.sii(frame[["period", "quantile", "population", "value", "lowercl", "uppercl"]], by="period",
                             value_type=2 if proportion else 1, lower_cl="lowercl", upper_cl="uppercl",
                             multiplier=scale, seed=SII_SEED)
    return {r.period: Figure(float(r.value), float(r.lowercl), float(r.uppercl))
            for r in result.itertuples() if not math.isnan(r.value)}


def _difference(first, second):
    """second minus first with its 95% interval (methods.gap), None unless both have their limits."""
    if first is None or second is None or None in (first.lower, first.upper, second.lower, second.upper):
        return None
    return Figure.of(methods.gap(first, second))


def _direction(change, polarity):
    """In words: whether the interval of a change excludes no change, and whether that is better or worse."""
    if change is None or None in (change.lower, change.upper):
        return "Not compared"
    if change.lower <= 0 <= change.upper:
        return "No clear change"
    higher = change.lower > 0
    if polarity == Polarity.HIGH_IS_GOOD:
        return "Better" if higher else "Worse"
    if polarity == Polarity.LOW_IS_GOOD:
        return "Worse" if higher else "Better"
    return "Higher" if higher else "Lower"


def monitor(indicator, area, sex=None, age=None):
    """The Monitoring of one outcome indicator in an area (a places.services.Area: local authority or
    neighbourhood), every period held, oldest first."""
    sex, age = _slice(indicator, sex, age)
    result = Monitoring(indicator, area, sex, age)
    if sex is None:
        result.note = "No values are held for this indicator."
        return result
    values = IndicatorValue.objects.filter(indicator=indicator, sex=sex, age=age, category_type="")
    published = {v.period: v for v in values.filter(area_code=area.code)}
    codes = list(area.lsoas().values_list("code", flat=True))
    small = pd.DataFrame(values.filter(area_kind=AreaKind.LSOA, area_code__in=codes, count__isnull=False,
                                       denominator__gt=0).values("period", "area_code", "count", "denominator"))
    poolable = indicator.value_type == ValueType.PROPORTION or (indicator.value_type == ValueType.RATE and indicator.per)
    order = dict(values.filter(period__in=set(published) | set(small.get("period", []))).values_list("period", "period_order"))
    periods = {p: Period(p) for p in sorted(order, key=order.get)}
    for period, value in published.items():
        periods[period].area = Figure(value.value, value.lower_ci, value.upper_ci)
    if not poolable:
        result.note = NOT_POOLED
    elif small.empty:
        result.note = "No LSOA values with counts are held for this area, so there are no figures by quintile."
    else:
        small = small.rename(columns={"count": "x", "denominator": "n"})
        groups = group_lsoas(area, set(small["area_code"]), "quintile")
        if not groups:
            result.note = "Local quintiles need at least five of the area's LSOAs with values."
        else:
            small = small[small["area_code"].isin(groups)].assign(quintile=lambda f: f["area_code"].map(groups))
            for row in _pool(indicator, small, ["period"]).itertuples():
                if periods[row.period].area is None:
                    periods[row.period].area = Figure(float(row.value), float(row.lowercl), float(row.uppercl))
                    periods[row.period].computed = True
            pooled = _pool(indicator, small, ["period", "quintile"])
            for row in pooled.itertuples():
                periods[row.period].quintiles[row.quintile] = Figure(float(row.value), float(row.lowercl),
                                                                     float(row.uppercl))
            for period, sii in _sii(indicator, pooled).items():
                periods[period].sii = sii
            for period in periods.values():
                period.gap = _difference(period.quintiles.get("1"), period.quintiles.get("5"))
    result.periods = [p for p in periods.values() if p.area or p.quintiles]
    if len(result.periods) > 1:
        first, latest = result.periods[0], result.periods[-1]
        result.change = _difference(first.area, latest.area)
        result.change_label = _direction(result.change, indicator.polarity)
        result.gap_change = _difference(first.gap, latest.gap)
    return result
