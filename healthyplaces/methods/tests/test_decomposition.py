"""Arriaga's decomposition of a life expectancy gap by age and cause (issue 13, "Gap decomposition"):
life tables worked by hand, the contributions adding up to the gap the life expectancy method gives on
the shipped ONS data, and the bad input it refuses."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthyplaces.methods import decompose_gap, gap_of, life_expectancy

AGES = [0, 1, *range(5, 95, 5)]
DATA = Path(__file__).resolve().parents[3] / "data" / "mortality"


def _group(name, deaths_at, population=1000, cause=None):
    """A group with the given deaths by start age (none elsewhere) and the same population in every band."""
    frame = pd.DataFrame({"group": name, "startage": AGES, "population": population,
                          "deaths": [deaths_at.get(a, 0) for a in AGES]})
    return frame.assign(cause=cause) if cause else frame


def _by_age(result):
    return dict(zip(result.startage, result.contribution))


Q0 = 0.01 / (1 + 0.01 * 0.9)  # 10 deaths of 1,000 under one: Chiang's q with a = 0.1


def test_a_gap_made_under_one_is_all_there():
    """Issue 13 "Gap decomposition": hand-checked. Group B loses nobody before 90; A loses 10 of 1,000 under one.
    e0(A) = 92 p + 0.1 q0 and e0(B) = 92, so the gap, 91.9 q0, is all in the first band."""
    data = pd.concat([_group("A", {0: 10, 90: 500}), _group("B", {90: 500})])
    result = decompose_gap(data, between=("A", "B"))
    contributions = _by_age(result)
    assert contributions[0] == pytest.approx(91.9 * Q0, rel=1e-12)
    assert all(contributions[a] == pytest.approx(0, abs=1e-12) for a in AGES[1:])


def test_two_bands_with_the_years_each_saves_afterwards():
    """Issue 13 "Gap decomposition": hand-checked with Arriaga's indirect effect. A: 10 deaths under one
    and 500 of 1,000 at 90+ (2 years left at 90); B: none under one and 250 at 90+ (4 years). The gap is
    e0(B) - e0(A) = 94 - (92 p + 0.1 q0) = 2 + 91.9 q0. Under one: the direct effect 0.9 q0 plus the
    survivors' later years in B's table, T1(B) / l0 x q0 = 93 q0; at 90+: p x (4 - 2) = 2 p. Nothing between."""
    data = pd.concat([_group("A", {0: 10, 90: 500}), _group("B", {90: 250})])
    contributions = _by_age(decompose_gap(data, between=("A", "B")))
    assert contributions[0] == pytest.approx(93.9 * Q0, rel=1e-12)
    assert contributions[90] == pytest.approx(2 * (1 - Q0), rel=1e-12)
    assert all(contributions[a] == pytest.approx(0, abs=1e-10) for a in AGES[1:-1])
    assert sum(contributions.values()) == pytest.approx(2 + 91.9 * Q0, rel=1e-13)


def test_causes_share_a_band_by_their_rate_differences():
    """Issue 13 "Gap decomposition": cause contributions split in proportion to cause-specific rate
    differences in each band. Under one A loses 6 to cause X and 4 to Y, B none: 0.6 and 0.4 of the band.
    At 90+ only X differs (500 against 250): all of that band is X's."""
    data = pd.concat([_group("A", {0: 6, 90: 500}, cause="X"), _group("A", {0: 4}, cause="Y"),
                      _group("B", {90: 250}, cause="X"), _group("B", {}, cause="Y")])
    result = decompose_gap(data, between=("A", "B"), cause="cause")
    x, y = (_by_age(result[result.cause == c]) for c in "XY")
    assert x[0] == pytest.approx(0.6 * 93.9 * Q0, rel=1e-12) and y[0] == pytest.approx(0.4 * 93.9 * Q0, rel=1e-12)
    assert x[90] == pytest.approx(2 * (1 - Q0), rel=1e-12) and y[90] == 0


def _ons_2015():
    """The shipped ONS deaths (by cause) and populations, 2015, as tidy rows."""
    deaths, pops = (pd.read_csv(DATA / name).rename(columns=str.strip)
                    for name in ("deaths_by_imd.csv", "pops_by_imd.csv"))
    bands = dict(zip(["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"], AGES))
    deaths = deaths[deaths.year == 2015].melt(["imd", "sex", "cause"], list(bands), var_name="band",
                                              value_name="deaths")
    pops = pops[pops.year == 2015].melt(["imd", "sex"], list(bands), var_name="band", value_name="population")
    tidy = deaths.merge(pops, on=["imd", "sex", "band"])
    return tidy.assign(startage=tidy.band.map(bands)).rename(columns={"imd": "decile"})


def test_the_contributions_add_up_to_the_gap_between_deciles():
    """Issue 13 "Done when": the decomposition sums exactly to the gap, here England's 2015 gap between
    deciles 1 and 10 by sex, as the life expectancy method (a separate calculation) gives it."""
    tidy = _ons_2015()
    result = decompose_gap(tidy, between=(1, 10), group="decile", cause="cause", by="sex")
    assert len(result) == 2 * 10 * 20
    all_causes = tidy.groupby(["decile", "sex", "startage"], as_index=False).agg(
        deaths=("deaths", "sum"), population=("population", "first"))
    at_birth = life_expectancy(all_causes, by=["decile", "sex"], le_age=0).set_index(["sex", "decile"])["value"]
    for sex, gap in gap_of(result, "sex").items():
        assert gap == pytest.approx(at_birth[sex, 10] - at_birth[sex, 1], abs=1e-10)
        assert 5 < gap < 12  # the gap ONS publishes for these years is 7 to 9 years
    without_cause = decompose_gap(all_causes, between=(1, 10), group="decile", by="sex")
    by_age = result.groupby(["sex", "startage"]).contribution.sum().to_numpy()
    assert np.allclose(by_age, without_cause.contribution.to_numpy(), rtol=0, atol=1e-12)


def _pair():
    return pd.concat([_group("A", {0: 10, 60: 30, 90: 500}), _group("B", {90: 250})])


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(startage=d.startage.replace(90, 95)), "column 'startage' is not one of the life table bands"),
    (lambda d: d[~((d.group == "B") & (d.startage == 30))], r"group 'B' has no row for age band\(s\) 30"),
    (lambda d: d.assign(group=d.group.replace("B", "C")), "no rows have group = 'B'"),
    (lambda d: d.assign(deaths=d.deaths.astype(object).where(d.startage != 5, "five")), "column 'deaths' must be numeric"),
])
def test_bad_input_is_refused_naming_the_row(change, message):
    """Issue 13 "Bad input": an age band the life table does not know, a missing band, a missing group."""
    with pytest.raises(ValueError, match=message):
        decompose_gap(change(_pair()), between=("A", "B"))


def test_a_cause_given_for_one_group_only_or_with_its_own_population_is_refused():
    """Issue 13 "Bad input": each cause needs both groups, and the band's population is the same for every cause."""
    both = pd.concat([_group("A", {90: 500}, cause="X"), _group("B", {90: 250}, cause="X")])
    with pytest.raises(ValueError, match="group 'B' has no rows for cause='Y'; group 'A' has"):
        decompose_gap(pd.concat([both, _group("A", {0: 4}, cause="Y")]), between=("A", "B"), cause="cause")
    other = _group("B", {}, cause="Y").assign(population=900)
    with pytest.raises(ValueError, match="column 'population' differs from the population of the same group"):
        decompose_gap(pd.concat([both, _group("A", {}, cause="Y"), other]), between=("A", "B"), cause="cause")


def test_too_few_people_for_a_stable_life_table_leaves_the_gap_undecomposed():
    """Issue 13 "Bad input": too few for a stable figure (PHE's rule: 5,000 person-years or fewer)."""
    small = pd.concat([_group("A", {90: 50}, population=200), _group("B", {90: 25}, population=200)])
    with pytest.warns(UserWarning) as warned:
        result = decompose_gap(small, between=("A", "B"))
    said = " | ".join(str(w.message) for w in warned)
    assert "not decomposed" in said and "total population of less than 5,000" in said
    assert result.contribution.isna().all()


def test_every_group_against_a_reference():
    """Each area set against one reference group (as the Segment Tool sets areas against England) gives
    each pair's own decomposition."""
    data = pd.concat([_group("A", {0: 10, 90: 500}), _group("C", {0: 5, 60: 40, 90: 400}),
                      _group("England", {90: 250})])
    result = decompose_gap(data, reference="England")
    assert result.group.unique().tolist() == ["A", "C"]
    for name in ("A", "C"):
        pair = decompose_gap(data, between=(name, "England"))
        assert result[result.group == name].contribution.tolist() == pair.contribution.tolist()
    assert _by_age(result[result.group == "A"])[0] == pytest.approx(93.9 * Q0, rel=1e-12)
