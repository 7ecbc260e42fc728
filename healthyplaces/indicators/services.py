"""What the indicators part does: compare areas with a benchmark, follow trends, and measure inequality.

Statistics come from `healthyplaces.methods`; this module chooses the data and says what it means.
"""
import math
import warnings
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from healthyplaces import methods
from healthyplaces.places.models import DEFAULT_EDITION, Deprivation, LocalAuthority, LocalAuthoritySummary
from healthyplaces.places.services import Area

from .areas import ENGLAND
from .models import AreaKind, Indicator, IndicatorValue, MortalityDataset, Polarity, ValueType

SII_SEED = 20240101  # the same data always gives the same simulated limits

# Comparison of an area with its benchmark, by the 95% confidence interval (the Fingertips method).
BETTER, SIMILAR, WORSE, HIGHER, LOWER, NOT_COMPARED = "better", "similar", "worse", "higher", "lower", "not_compared"
COMPARISON_LABELS = {
    BETTER: "Better", SIMILAR: "Similar", WORSE: "Worse", HIGHER: "Higher", LOWER: "Lower",
    NOT_COMPARED: "Not compared",
}


def compare(value, lower, upper, benchmark, polarity):
    """Better, similar or worse than the benchmark value: the area's 95% interval excludes it, or not.

    Without a polarity the answer is higher, similar or lower. Without a value, an interval or a
    benchmark nothing is claimed.
    """
    if None in (value, lower, upper, benchmark):
        return NOT_COMPARED
    if lower > benchmark:
        direction = HIGHER
    elif upper < benchmark:
        direction = LOWER
    else:
        return SIMILAR
    if polarity == Polarity.HIGH_IS_GOOD:
        return BETTER if direction == HIGHER else WORSE
    if polarity == Polarity.LOW_IS_GOOD:
        return BETTER if direction == LOWER else WORSE
    return direction


def compare_value(row, benchmark, polarity):
    """``compare`` for a value held, unless its source published it as not compared.

    Fingertips publishes "Not compared" against England for an indicator it does not judge (92315, children
    where there is a cause for concern, for every area): such a value is shown as not compared, whatever the
    benchmark, rather than judged here by its interval. England's own row is always "Not compared" with itself
    and is left to ``compare``.
    """
    if published_not_compared(row):
        return NOT_COMPARED
    return compare(row.value, row.lower_ci, row.upper_ci, benchmark, polarity)


def published_not_compared(row):
    """Whether the source published this value (not England's own) as "Not compared" with England."""
    return row.area_code != ENGLAND and row.published_comparison.strip().lower() == "not compared"


# The indicator page


@dataclass
class Slice:
    """Which values of an indicator are shown: one sex, age, period and kind of area."""

    sex: str
    age: str
    period: str
    kind: str
    comparator: str = ENGLAND
    within: str = ""  # a local authority code: only its LSOAs, MSOAs or wards
    choices: dict = field(default_factory=dict)


def choose_slice(indicator, params):
    """The slice asked for, falling back to sensible defaults (persons, all ages, the latest period)."""
    values = indicator.values.filter(category_type="")
    combos = list(values.values_list("sex", "age").distinct().order_by("sex", "age"))
    if not combos:
        return None
    sexes = sorted({s for s, _ in combos}, key=lambda s: (s != "Persons", s))
    sex = params.get("sex") if params.get("sex") in sexes else sexes[0]
    ages = sorted({a for s, a in combos if s == sex}, key=lambda a: (a != "All ages", a))
    age = params.get("age") if params.get("age") in ages else ages[0]
    chosen = values.filter(sex=sex, age=age)
    periods = [p for p, _ in sorted(set(chosen.values_list("period", "period_order")), key=lambda p: p[1])]
    period = params.get("period") if params.get("period") in periods else periods[-1]
    kinds_held = set(chosen.filter(period=period).values_list("area_kind", flat=True))
    order = [AreaKind.LSOA, AreaKind.MSOA, AreaKind.WARD, AreaKind.LOCAL_AUTHORITY, AreaKind.UPPER_TIER,
             AreaKind.REGION, AreaKind.ENGLAND]
    kinds = [k for k in order if k in kinds_held]
    kind = params.get("kind") if params.get("kind") in kinds else kinds[0]
    benchmarks = list(chosen.filter(period=period, area_kind__in=[AreaKind.ENGLAND, AreaKind.REGION,
                                                                  AreaKind.UPPER_TIER, AreaKind.LOCAL_AUTHORITY])
                      .values_list("area_code", "area_name").distinct().order_by("area_kind", "area_name"))
    codes = [c for c, _ in benchmarks]
    comparator = params.get("comparator") if params.get("comparator") in codes else (ENGLAND if ENGLAND in codes else "")
    authorities = []
    if kind in (AreaKind.LSOA, AreaKind.MSOA, AreaKind.WARD):
        authorities = _authorities_of(kind, chosen.filter(period=period, area_kind=kind).values_list("area_code", flat=True))
    within = params.get("within") if params.get("within") in {a.code for a in authorities} else ""
    return Slice(sex, age, period, kind, comparator, within, {
        "sexes": sexes, "ages": ages, "periods": periods, "kinds": [(k, AreaKind(k).label) for k in kinds],
        "comparators": benchmarks, "authorities": authorities})


def file_slice(rows):
    """The page's choices that show an imported file's own areas: their kind and latest period, as a query.

    England and regions are the benchmarks; the kind of area a file is about is the commonest other one.
    """
    own = [r for r in rows if not r["category_type"] and r["area_kind"] not in (AreaKind.ENGLAND, AreaKind.REGION)]
    if not own:
        return ""
    kinds = Counter(r["area_kind"] for r in own)
    kind = max(kinds, key=lambda k: (kinds[k], k))
    period = max((r["period_order"], r["period"]) for r in own if r["area_kind"] == kind)[1]
    return urlencode({"kind": kind, "period": period})


def _authorities_of(kind, codes):
    """The current local authorities holding these small areas."""
    field_name = {AreaKind.LSOA: "lsoas__code", AreaKind.MSOA: "lsoas__msoa__code", AreaKind.WARD: "wards__code"}[kind]
    held = LocalAuthority.objects.filter(**{f"{field_name}__in": list(codes)}).values_list("successor", flat=True)
    return list(LocalAuthority.objects.filter(code__in=set(held)).order_by("name"))


def _within(kind, authority_code):
    """The codes of the authority's small areas of this kind (2011 geography)."""
    authority = LocalAuthority.objects.get(code=authority_code)
    lsoas = Area("local_authority", authority.code, authority.name, authority).lsoas(DEFAULT_EDITION)
    column = {AreaKind.LSOA: "code", AreaKind.MSOA: "msoa_id", AreaKind.WARD: "ward_id"}[kind]
    return set(lsoas.values_list(column, flat=True))


SORTS = {"name": "area_name", "code": "area_code", "value": "value"}


def benchmark_value(indicator, chosen):
    if not chosen.comparator:
        return None
    return indicator.values.filter(area_code=chosen.comparator, sex=chosen.sex, age=chosen.age, period=chosen.period,
                                   category_type="").first()


def area_rows(indicator, chosen, sort="value", descending=False):
    """The values of the slice's areas, each compared with the benchmark."""
    rows = indicator.values.filter(sex=chosen.sex, age=chosen.age, period=chosen.period, area_kind=chosen.kind,
                                   category_type="")
    if chosen.within:
        rows = rows.filter(area_code__in=_within(chosen.kind, chosen.within))
    key = SORTS.get(sort, "value")
    rows = list(rows.order_by("area_code"))
    rows.sort(key=lambda r: (getattr(r, key) is None, getattr(r, key) if getattr(r, key) is not None else 0),
              reverse=False)
    if descending:
        held = [r for r in rows if getattr(r, key) is not None]
        rows = held[::-1] + [r for r in rows if getattr(r, key) is None]
    benchmark = benchmark_value(indicator, chosen)
    level = benchmark.value if benchmark else None
    for row in rows:
        row.comparison = compare_value(row, level, indicator.polarity)
        row.comparison_label = COMPARISON_LABELS[row.comparison]
    return rows, benchmark


def trend(indicator, chosen, area_code):
    """Every period held for the area or its benchmark, side by side, each compared with the benchmark of its period."""
    values = indicator.values.filter(sex=chosen.sex, age=chosen.age, category_type="")
    own = {v.period: v for v in values.filter(area_code=area_code)}
    benchmarks = {v.period: v for v in values.filter(area_code=chosen.comparator)} if chosen.comparator else {}
    rows = []
    for period in chosen.choices["periods"]:
        value, benchmark = own.get(period), benchmarks.get(period)
        if value is None and benchmark is None:  # a period held only for other areas: a row of dashes says nothing
            continue
        comparison = compare_value(value, benchmark.value if benchmark else None,
                                   indicator.polarity) if value else NOT_COMPARED
        rows.append({"period": period, "value": value, "benchmark": benchmark, "comparison": comparison,
                     "comparison_label": COMPARISON_LABELS[comparison]})
    return rows


def breakdowns(indicator, chosen):
    """Published breakdowns (Fingertips' Category Type and Category, e.g. deprivation deciles within England)
    for the slice's period, one table per area and category type, each category compared with the area itself."""
    values = (indicator.values.filter(sex=chosen.sex, age=chosen.age, period=chosen.period).exclude(category_type="")
              .order_by("area_name", "category_type", "pk"))
    tables = {}
    for value in values:
        tables.setdefault((value.area_code, value.area_name, value.category_type), []).append(value)
    result = []
    for (code, name, category_type), rows in tables.items():
        whole = indicator.values.filter(area_code=code, sex=chosen.sex, age=chosen.age, period=chosen.period,
                                        category_type="").first()
        for row in rows:
            row.comparison = compare(row.value, row.lower_ci, row.upper_ci, whole.value if whole else None,
                                     indicator.polarity)
            row.comparison_label = COMPARISON_LABELS[row.comparison]
        result.append({"area_name": name, "category_type": category_type, "whole": whole, "rows": rows})
    return result


# Inequality: the indicator by deprivation decile and quintile of the chosen geography


@dataclass
class Inequality:
    grouping: str  # how areas were put into deciles
    deciles: list
    quintiles: list
    sii_deciles: dict | None
    sii_quintiles: dict | None
    note: str = ""


def _pooled(frame, indicator, by):
    """Each group's value from its summed counts and denominators, with 95% limits (methods), on the indicator's base."""
    if indicator.value_type == ValueType.PROPORTION:
        return methods.proportion(frame, by=by, multiplier=100)
    return methods.rate(frame, by=by, multiplier=indicator.per)


def _deprivation_groups(kind, codes):
    """{area code: national IMD 2019 decile} for LSOAs; for authorities, deciles of their IMD 2025 average score."""
    if kind == AreaKind.LSOA:
        return dict(Deprivation.objects.filter(edition=DEFAULT_EDITION, lsoa__vintage=2011, lsoa__code__in=codes)
                    .values_list("lsoa__code", "imd_decile")), "national IMD 2019 decile of each LSOA"
    if kind in (AreaKind.LOCAL_AUTHORITY, AreaKind.UPPER_TIER):
        scores = pd.DataFrame(LocalAuthoritySummary.objects.filter(
            domain="Index of Multiple Deprivation", local_authority_code__in=codes)
            .values("local_authority_code", "average_score"))
        if len(scores) < 10:
            return {}, ""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ranked = methods.quantiles(scores.rename(columns={"average_score": "values"}), nquantiles=10)
        return ({row.local_authority_code: int(row.quantile) for row in ranked.itertuples() if not math.isnan(row.quantile)},
                "deciles of the authorities shown by their IMD 2025 average score (methods.quantiles)")
    return {}, ""


def inequality(indicator, rows, kind):
    """The value by deprivation decile and quintile, pooled from counts, with the slope index of inequality."""
    if indicator.value_type != ValueType.PROPORTION and not (indicator.value_type == ValueType.RATE and indicator.per):
        return Inequality("", [], [], None, None, "The inequality view pools counts and denominators, so it is "
                          "shown for percentages and crude rates only.")
    usable = [r for r in rows if r.count is not None and r.denominator]
    if not usable:
        return Inequality("", [], [], None, None, "These values have no counts and denominators to pool.")
    groups, grouping = _deprivation_groups(kind, [r.area_code for r in usable])
    if not groups:
        return Inequality("", [], [], None, None, "Deprivation groups are made for LSOAs and local authorities.")
    frame = pd.DataFrame([{"decile": groups[r.area_code], "x": r.count, "n": r.denominator}
                          for r in usable if r.area_code in groups])
    frame["quintile"] = (frame["decile"] + 1) // 2
    result = {}
    for level in ("decile", "quintile"):
        pooled = _pooled(frame, indicator, [level]).sort_values(level)
        table = [{"group": int(r[level]), "value": r["value"], "lower": r["lowercl"], "upper": r["uppercl"],
                  "count": r["x"], "denominator": r["n"],
                  "areas": int((frame[level] == r[level]).sum())} for _, r in pooled.iterrows()]
        sii = None
        wanted = 10 if level == "decile" else 5
        if len(pooled) == wanted and (pooled["x"] > 0).all():
            sii = _sii(pooled.rename(columns={level: "quantile", "n": "population"}),
                       1 if indicator.value_type == ValueType.RATE else 2)
        result[level] = (table, sii)
    note = "" if result["decile"][1] else ("The slope index of inequality needs a value in every decile; "
                                            "some deciles have no areas or no events.")
    return Inequality(grouping, result["decile"][0], result["quintile"][0], result["decile"][1],
                      result["quintile"][1], note)


def _sii(frame, value_type):
    """SII with 95% limits and the fitted line's intercept; quantile 1 is the most deprived, so a positive SII
    rises towards the least deprived.

    Percentages go to methods.sii as proportions (it simulates them on the logit scale) and come back as
    percentage points. None where the method refuses the data.
    """
    frame = frame[["quantile", "population", "value", "lowercl", "uppercl"]].copy()
    multiplier = 1
    if value_type == 2:
        frame[["value", "lowercl", "uppercl"]] /= 100
        multiplier = 100
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = methods.sii(frame, value_type=value_type, lower_cl="lowercl", upper_cl="uppercl",
                                 multiplier=multiplier, seed=SII_SEED, intercept=True)
    except ValueError:
        return None
    row = result.iloc[0]
    if math.isnan(row["value"]):
        return None
    # the intercept (the fitted line's value at the most deprived end) draws the SII line on the inequality chart
    return {"value": float(row["value"]), "lower": float(row["lowercl"]), "upper": float(row["uppercl"]),
            "intercept": float(row["intercept"]) * multiplier}


def indicators_for_area(code, kinds=None):
    """The latest value of each indicator held for an area (persons, all ages where held) and its England comparison."""
    values = (IndicatorValue.objects.filter(area_code=code, category_type="").select_related("indicator")
              .order_by("indicator__name", "-period_order"))
    latest = {}
    for value in values:
        current = latest.get(value.indicator_id)
        preferred = (value.sex == "Persons", value.age == "All ages")
        if current is None or (value.period_order == current.period_order and
                               preferred > (current.sex == "Persons", current.age == "All ages")):
            latest[value.indicator_id] = value
    rows = []
    for value in latest.values():
        england = IndicatorValue.objects.filter(indicator_id=value.indicator_id, area_code=ENGLAND, sex=value.sex,
                                                age=value.age, period=value.period, category_type="").first()
        comparison = compare_value(value, england.value if england else None, value.indicator.polarity)
        rows.append({"value": value, "england": england, "comparison": comparison,
                     "comparison_label": COMPARISON_LABELS[comparison]})
    return rows


def indicators_for_small_areas(codes):
    """For a neighbourhood: per indicator held for its LSOAs, how many are better, similar or worse than England
    in the latest period (persons, all ages where held)."""
    values = (IndicatorValue.objects.filter(area_code__in=list(codes), area_kind=AreaKind.LSOA, category_type="")
              .select_related("indicator").order_by("indicator__name", "-period_order"))
    latest = {}
    for value in values:
        first = latest.setdefault(value.indicator_id, (value.period_order, value.sex, value.age, []))
        if (value.period_order, value.sex, value.age) == first[:3]:
            first[3].append(value)
    rows = []
    for period_order, sex, age, held in latest.values():
        indicator = held[0].indicator
        england = IndicatorValue.objects.filter(indicator=indicator, area_code=ENGLAND, sex=sex, age=age,
                                                period=held[0].period, category_type="").first()
        counts = {BETTER: 0, SIMILAR: 0, WORSE: 0, HIGHER: 0, LOWER: 0, NOT_COMPARED: 0}
        for value in held:
            counts[compare_value(value, england.value if england else None, indicator.polarity)] += 1
        rows.append({"indicator": indicator, "period": held[0].period, "sex": sex, "age": age, "lsoas": len(held),
                     "england": england, "counts": counts})
    return rows


# Life expectancy inequality


def mortality_periods(dataset):
    """Single years and pooled three-year periods held for the data set, latest first: [(key, label)]."""
    years = sorted(set(dataset.counts.values_list("year", flat=True)))
    periods = [(f"{y - 2}-{y}", f"{y - 2} to {y} (pooled)") for y in years if {y - 2, y - 1} <= set(years)]
    periods += [(str(y), str(y)) for y in years]
    return sorted(periods, key=lambda p: (-int(p[0][-4:]), "-" not in p[0]))


def period_years(period):
    """'2013-2015' → [2013, 2014, 2015]; '2015' → [2015]."""
    first, _, last = period.partition("-")
    return list(range(int(first), int(last or first) + 1))


def mortality_frame(dataset, years, sexes=None):
    """Deaths and person-years by group, sex and age band, summed over the years."""
    counts = dataset.counts.filter(year__in=years)
    if sexes:
        counts = counts.filter(sex__in=sexes)
    frame = pd.DataFrame(counts.values("group", "sex", "startage", "deaths", "population"))
    if frame.empty:
        return frame
    return frame.groupby(["group", "sex", "startage"], as_index=False)[["deaths", "population"]].sum()


def _life_expectancy_at_birth(frame, by):
    """methods.life_expectancy at birth per group: value and 95% limits, with the person-years and deaths used."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = methods.life_expectancy(frame, by=by, le_age=0)
    return result


def _nan(number):
    return None if number is None or (isinstance(number, float) and math.isnan(number)) else float(number)


@dataclass
class LifeExpectancyGroup:
    group: str
    value: float | None
    lower: float | None
    upper: float | None
    population: float
    deaths: float
    reason: str = ""

    def __getitem__(self, key):
        return getattr(self, key)


SEX_ORDER = ["Male", "Female", "Persons"]


def _le_table(data, years):
    """Life expectancy at birth for each group of a frame (group, startage, deaths, population), with reasons."""
    if data.empty:
        return []
    le = _life_expectancy_at_birth(data, ["group"])
    totals = data.groupby("group")[["deaths", "population"]].sum()
    label = f"{years[0]}" if len(years) == 1 else f"{years[0]} to {years[-1]}"
    rows = []
    for r in le.itertuples():
        population = float(totals.loc[r.group, "population"])
        reason = ""
        if population <= 5000:
            reason = (f"Too few people: {population:,.0f} person-years over {label}; life expectancy is not given "
                      "for 5,000 or fewer. Pool more years or choose a larger area.")
        elif math.isnan(r.value):
            reason = "Not given: the confidence interval is wider than 20 years, or an age band has no people or too many deaths."
        rows.append(LifeExpectancyGroup(str(r.group), _nan(r.value), _nan(r.lowercl), _nan(r.uppercl),
                                        population / len(years), float(totals.loc[r.group, "deaths"]), reason))
    rows.sort(key=lambda g: (0, int(g.group), "") if g.group.isdigit() else (1, 0, g.group))
    return rows


def _pool(data, column):
    return data.assign(group=data[column]).groupby(["group", "startage"], as_index=False)[["deaths", "population"]].sum()


def _by_deprivation(data, years):
    """Deciles and quintiles (from a frame whose group is the decile), the two gaps and the two SIIs."""
    deciles = _le_table(_pool(data, "group"), years)
    quintiles = _le_table(_pool(data.assign(quintile=((data["group"].astype(int) + 1) // 2).astype(str)), "quintile"),
                          years)
    held = {g.group: g for g in deciles if g.value is not None}
    held_q = {g.group: g for g in quintiles if g.value is not None}
    return {"deciles": deciles, "quintiles": quintiles,
            "gap_deciles": methods.gap(held.get("1"), held.get("10")),
            "gap_quintiles": methods.gap(held_q.get("1"), held_q.get("5")),
            "sii_deciles": _le_sii(deciles, 10), "sii_quintiles": _le_sii(quintiles, 5)}


def lsoa_deciles(codes):
    """{LSOA code: national IMD 2019 decile} for the codes that are 2011 LSOAs."""
    return {code: str(decile) for code, decile in Deprivation.objects.filter(
        edition=DEFAULT_EDITION, lsoa__vintage=2011, lsoa__code__in=list(codes)).values_list("lsoa__code", "imd_decile")}


def life_expectancy_inequality(dataset, period, sexes=None, area=None):
    """Life expectancy at birth by decile and quintile, the gap between the most and least deprived, and the SII.

    Deaths and populations are pooled over the period's years. For a data set of areas each area gets its
    own value, and where the areas are LSOAs they are also pooled by their national IMD decile; `area` (a
    places Area such as a neighbourhood) pools its LSOAs into one value. A group of 5,000 person-years
    or fewer gets no value (the reference rule), with the reason.
    """
    years = period_years(period)
    frame = mortality_frame(dataset, years, sexes)
    result = {"years": years, "sexes": {}, "area": None}
    if frame.empty:
        return result
    codes = lsoa_deciles(frame["group"].unique()) if dataset.group_kind == "area" else {}
    chosen = set(area.lsoas(DEFAULT_EDITION).values_list("code", flat=True)) if area is not None else set()
    present = [s for s in SEX_ORDER if s in set(frame["sex"])]
    for sex in present:
        own = frame[frame["sex"] == sex]
        if dataset.group_kind == "decile":
            summary = _by_deprivation(own, years)
        else:
            summary = {"areas": _le_table(_pool(own, "group"), years)}
            in_lsoas = own[own["group"].isin(codes)]
            if not in_lsoas.empty:
                summary.update(_by_deprivation(in_lsoas.assign(group=in_lsoas["group"].map(codes)), years))
            if chosen:
                pooled = own[own["group"].isin(chosen)].assign(group=area.name)
                summary["area"] = _le_table(_pool(pooled, "group"), years) if not pooled.empty else []
        result["sexes"][sex] = summary
    return result


def _le_sii(groups, wanted):
    held = [g for g in groups if g.value is not None and g.lower is not None]
    if len(held) != wanted:
        return None
    frame = pd.DataFrame({"quantile": [int(g.group) for g in held], "population": [g.population for g in held],
                          "value": [g.value for g in held], "lowercl": [g.lower for g in held],
                          "uppercl": [g.upper for g in held]})
    return _sii(frame, 0)


def default_dataset():
    return MortalityDataset.objects.filter(group_kind="decile").order_by("pk").first() or MortalityDataset.objects.first()


def indicator_list():
    return Indicator.objects.order_by("name")

