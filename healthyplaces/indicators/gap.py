"""What makes a life expectancy gap: the gap between the most and the least deprived split by cause and
by age band (Arriaga's method, `methods.decompose_gap`), for a data set of deprivation deciles.

Deaths by cause come from the data set's MortalityCause rows where it has them; without them the gap is
split by age only, and the page says what would be needed for causes.
"""
import re
import warnings
from dataclasses import dataclass, field

import pandas as pd

from healthyplaces import charts, methods

from .services import mortality_frame, period_years

BAND_LABELS = dict(zip([0, 1, *range(5, 95, 5)], ["Under 1", "1 to 4", *[f"{a} to {a + 4}" for a in range(5, 90, 5)],
                                                    "90 and over"]))


@dataclass
class Part:
    """One cause's or age band's share of the gap, in years (positive: it widens the gap)."""
    label: str
    contribution: float | None


@dataclass
class Decomposition:
    first: str
    second: str
    gap: float | None
    by_cause: list = field(default_factory=list)
    by_age: list = field(default_factory=list)
    reason: str = ""

    def cause_chart(self):
        return charts.contributions([charts.Value(p.label, p.contribution) for p in self.by_cause],
                                    total_label="The gap")

    def age_chart(self):
        return charts.contributions([charts.Value(p.label, p.contribution) for p in self.by_age],
                                    total_label="The gap")


def inequality_chart(groups, sii, word):
    """Life expectancy at birth by group (services' LifeExpectancyGroup rows, 1 = most deprived), each as wide as its
    population, with the SII line."""
    values = [charts.Value(g.group, g.value, g.lower, g.upper, weight=g.population) for g in groups]
    return charts.inequality(values, sii, word, "years",
                             title=f"Life expectancy at birth by {word}, with the slope index of inequality")


def cause_label(cause):
    """'04 Ischaemic heart disease' (the ONS file's numbered groups) → 'Ischaemic heart disease'."""
    return re.sub(r"^\d+\s+", "", cause)


def cause_frame(dataset, years, sexes=None):
    """Deaths by group, sex, cause and age band summed over the years, with the band's population; empty
    where the data set holds no causes."""
    causes = dataset.causes.filter(year__in=years)
    if sexes:
        causes = causes.filter(sex__in=sexes)
    deaths = pd.DataFrame(causes.values("group", "sex", "startage", "cause", "deaths"))
    if deaths.empty:
        return deaths
    deaths = deaths.groupby(["group", "sex", "startage", "cause"], as_index=False)["deaths"].sum()
    populations = mortality_frame(dataset, years, sexes)[["group", "sex", "startage", "population"]]
    return deaths.merge(populations, on=["group", "sex", "startage"])


def decompose(frame, first, second, by_cause):
    """The Decomposition of one sex's gap between groups `first` and `second` (values of frame's `group`)."""
    if not {first, second} <= set(frame["group"]):
        return Decomposition(first, second, None, reason=f"Both {first} and {second} need deaths and populations.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = methods.decompose_gap(frame, between=(first, second), cause="cause" if by_cause else None)
        except ValueError as error:
            return Decomposition(first, second, None, reason=f"Not decomposed: {error}.")
    if result["contribution"].isna().all():
        reason = "; ".join(dict.fromkeys(str(w.message) for w in caught))
        return Decomposition(first, second, None, reason="Not decomposed: a group's life table is too uncertain "
                             f"by PHE's rules ({reason}). Pool more years or choose larger groups.")
    by_age = result.groupby("startage", sort=True)["contribution"].sum()
    parts = Decomposition(first, second, float(result["contribution"].sum()),
                          by_age=[Part(BAND_LABELS[a], float(v)) for a, v in by_age.items()])
    if by_cause:
        by_cause_sums = result.groupby("cause", sort=True)["contribution"].sum()
        parts.by_cause = [Part(cause_label(c), float(v)) for c, v in by_cause_sums.items()]
    return parts


def deprivation_gap(dataset, period, first="1", second="10"):
    """{sex: Decomposition} of the gap between two deprivation deciles over the period, by cause where held."""
    years = period_years(period)
    causes = cause_frame(dataset, years)
    frame = causes if not causes.empty else mortality_frame(dataset, years)
    if frame.empty:
        return {}
    frame = frame.assign(group=frame["group"].astype(str))
    sexes = [s for s in ("Male", "Female", "Persons") if s in set(frame["sex"])]
    return {sex: decompose(frame[frame["sex"] == sex], first, second, by_cause=not causes.empty) for sex in sexes}


# Local groupings: an area's LSOAs ranked within it (as Northamptonshire's Table 2 does), or by national decile

GROUPINGS = {"quintile": ("Local quintile", 5), "decile": ("Local decile", 10), "national": ("National decile", 10)}
AGES = (0, 65)


@dataclass
class LocalGroup:
    """One group of an area's LSOAs: life expectancy at birth and at 65 (value, lower, upper or None), with why not."""
    group: str
    lsoas: int
    population: float
    deaths: float
    at_birth: dict
    at_65: dict
    reason: str = ""


@dataclass
class LocalGap:
    area: object
    grouping: str
    label: str
    groups: int
    sexes: dict = field(default_factory=dict)
    outside: list = field(default_factory=list)
    without_deaths: int = 0


def group_lsoas(area, codes, grouping):
    """{LSOA code: group} for the area's LSOAs among `codes`, 1 = most deprived (IMD 2019): ranked within the
    area into local quintiles or deciles by PHE's quantile rule (methods.quantiles), or by national decile."""
    from healthyplaces.places.models import DEFAULT_EDITION, Deprivation

    ranks = pd.DataFrame(Deprivation.objects.filter(edition=DEFAULT_EDITION, lsoa__in=area.lsoas(DEFAULT_EDITION))
                         .values("lsoa__code", "imd_rank", "imd_decile"))
    if ranks.empty:
        return {}
    ranks = ranks[ranks["lsoa__code"].isin(codes)]
    if grouping == "national":
        return dict(zip(ranks["lsoa__code"], ranks["imd_decile"].astype(str)))
    if len(ranks) < GROUPINGS[grouping][1]:
        return {}
    ranked = methods.quantiles(ranks, values="imd_rank", nquantiles=GROUPINGS[grouping][1], invert=False)
    return dict(zip(ranked["lsoa__code"], ranked["quantile"].astype(int).astype(str)))


def _outside(codes):
    """(code, where it lies) for data codes that are not LSOAs of the chosen area."""
    from healthyplaces.places.models import Lsoa

    lies_in = dict(Lsoa.objects.filter(vintage=2011, code__in=codes).values_list("code", "local_authority__name"))
    return [(code, f"an LSOA of {lies_in[code]}" if code in lies_in else "not a 2011 LSOA") for code in sorted(codes)]


def _at(frame, groups):
    """{group: {0: {...}, 65: {...}}} life expectancy with 95% limits at birth and at 65, None where not given."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = methods.life_expectancy(frame, by="group", le_age=list(AGES))
    out = {g: {age: None for age in AGES} for g in groups}
    for r in result.itertuples():
        if r.value == r.value:  # not NaN
            out[str(r.group)][int(r.startage)] = {"value": float(r.value), "lower": float(r.lowercl),
                                                  "upper": float(r.uppercl)}
    return out


def _reason(population, years, shown):
    if population <= 5000:
        return (f"Too few people: {population:,.0f} person-years over {len(years)} year(s); life expectancy is not given "
                "for 5,000 or fewer (PHE's rule). Pool more years, or group into quintiles rather than deciles.")
    return "" if shown else "Not given: the confidence interval is wider than 20 years, or an age band has no people or too many deaths."


def local_gap(dataset, period, area, grouping="quintile"):
    """Life expectancy at birth and at 65 by local quintile (or decile) of an area's LSOAs, with the gap between the
    most and least deprived, the SII and what makes the gap; LSOAs of the data outside the area are left out and
    named. None where the data set holds nothing for the period."""
    from .services import _le_sii

    label, size = GROUPINGS[grouping]
    years = period_years(period)
    frame = mortality_frame(dataset, years)
    if frame.empty:
        return None
    codes = set(frame["group"])
    groups_of = group_lsoas(area, codes, grouping)
    result = LocalGap(area, grouping, label, size, outside=_outside(codes - set(groups_of)),
                      without_deaths=area.lsoas().count() - len(groups_of))
    if not groups_of:
        return result
    names = [str(g) for g in range(1, size + 1)]
    inside = frame[frame["group"].isin(groups_of)].assign(group=lambda f: f["group"].map(groups_of))
    pooled = inside.groupby(["group", "sex", "startage"], as_index=False)[["deaths", "population"]].sum()
    lsoas = pd.Series(groups_of).value_counts()
    causes = cause_frame(dataset, years)
    if not causes.empty:
        causes = causes[causes["group"].isin(groups_of)].assign(group=lambda f: f["group"].map(groups_of))
        causes = causes.groupby(["group", "sex", "startage", "cause"], as_index=False)["deaths"].sum()
        grid = pd.MultiIndex.from_product([names, sorted(set(pooled["sex"])), sorted(set(pooled["startage"])),
                                           sorted(set(causes["cause"]))], names=["group", "sex", "startage", "cause"])
        causes = (causes.set_index(["group", "sex", "startage", "cause"]).reindex(grid, fill_value=0).reset_index()
                  .merge(pooled[["group", "sex", "startage", "population"]], on=["group", "sex", "startage"]))
    for sex in [s for s in ("Male", "Female", "Persons") if s in set(pooled["sex"])]:
        own = pooled[pooled["sex"] == sex]
        values = _at(own, names)
        totals = own.groupby("group")[["deaths", "population"]].sum()
        rows = []
        for name in names:
            population = float(totals["population"].get(name, 0))
            rows.append(LocalGroup(name, int(lsoas.get(name, 0)), population / len(years),
                                   float(totals["deaths"].get(name, 0)), values[name][0], values[name][65],
                                   _reason(population, years, values[name][0] is not None)))
        summary = {"groups": rows}
        for age in AGES:
            summary[f"gap_{age}"] = methods.gap(values[names[0]][age], values[names[-1]][age])
        birth = [services_group(r) for r in rows]
        summary["sii"] = _le_sii(birth, size)
        summary["chart"] = inequality_chart(birth, summary["sii"], label.lower())
        with_causes = not causes.empty
        summary["decomposition"] = decompose(causes[causes["sex"] == sex] if with_causes else own, names[0], names[-1],
                                             by_cause=with_causes)
        result.sexes[sex] = summary
    return result


def services_group(row):
    """A LocalGroup's life expectancy at birth as the services' LifeExpectancyGroup (for the SII)."""
    from .services import LifeExpectancyGroup

    birth = row.at_birth or {"value": None, "lower": None, "upper": None}
    return LifeExpectancyGroup(row.group, birth["value"], birth["lower"], birth["upper"], row.population, row.deaths,
                               row.reason)
