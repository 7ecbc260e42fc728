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
        result = methods.decompose_gap(frame, between=(first, second), cause="cause" if by_cause else None)
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
