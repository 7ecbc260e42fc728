"""Life expectancy against le_expected_from_tests and le_widecis_expected_from_tests
(upstream's testLifeExpectancy.R), compared at 4 decimal places as upstream does,
plus a life table worked by hand."""
import warnings

import numpy as np
import pandas as pd
import pytest

from healthyplaces.methods import life_expectancy

from .reference import assert_matches, reference_csv

SINGLE = reference_csv("le_expected_from_tests.csv")
WIDE = reference_csv("le_widecis_expected_from_tests.csv")
LIMITS = ["value", "lowercl", "uppercl"]


def _le(data, **kwargs):
    return life_expectancy(data, deaths="deaths", population="pops", **kwargs)


def _rounded(frame, columns):
    return frame[columns].astype(float).round(4)


def test_single_area_matches_reference():
    result = _le(SINGLE)
    assert assert_matches(_rounded(result, LIMITS), _rounded(SINGLE, LIMITS)) == 20
    assert assert_matches(result, SINGLE, ["pops_used", "dths_used"]) == 20
    assert result.statistic[2] == "life expectancy at 5" and result.confidence[0] == "95%"


def test_band_order_and_labels_do_not_matter():
    # upstream's df2 (bands shuffled) and df3 (labels such as "10 – 14", "90 +")
    labels = ["0", "1-4"] + [f"{a} – {a + 4}" for a in range(5, 90, 5)] + ["90 +"]
    shuffled = SINGLE.assign(startage=labels).sample(frac=1, random_state=3)
    result = _le(shuffled)
    assert result.startage.tolist() == labels
    assert assert_matches(_rounded(result, LIMITS), _rounded(SINGLE, LIMITS)) == 20


def test_selected_ages():
    result = _le(SINGLE, le_age=[5, 25])
    assert assert_matches(_rounded(result, LIMITS), _rounded(SINGLE.iloc[[2, 6]], LIMITS)) == 2
    assert assert_matches(result, SINGLE.iloc[[2, 6]], ["pops_used", "dths_used"]) == 2
    with pytest.warns(UserWarning, match="le_age not in the vector"):
        assert len(_le(SINGLE, le_age=4)) == 20


def test_grouped_single_area_and_two_levels():
    grouped = _le(SINGLE.assign(area="test"), by="area", confidence=(95, 99.8))
    single = _le(SINGLE, confidence=0.998)
    assert grouped.area.eq("test").all()
    assert assert_matches(_rounded(grouped, ["value", "lower95_0cl", "upper95_0cl"]).set_axis(LIMITS, axis=1),
                          _rounded(SINGLE, LIMITS)) == 20
    assert assert_matches(grouped, single, {"lower99_8cl": "lowercl", "upper99_8cl": "uppercl"}) == 20
    ten = _le(SINGLE, confidence=list(range(90, 100)))
    assert [c for c in ten.columns if c.startswith("lower")] == [f"lower{c}_0cl" for c in range(90, 100)]


def test_wide_intervals_and_deaths_over_population_match_reference():
    # Area 1 has 312 deaths > 311 population at 90+: whole area missing.
    # Area 2: value missing from age 40 (95% CI wider than 20 years), limits kept.
    # Upstream appends suppressed areas after the computed ones; here rows stay
    # sorted by area and age, which is the order of the expected file.
    with pytest.warns(UserWarning) as caught:
        result = _le(WIDE, by="area", confidence=(0.95, 0.998))
    messages = {str(w.message) for w in caught}
    assert any("more deaths than population" in m for m in messages)
    assert any("confidence interval > 20 years" in m for m in messages)
    columns = ["value", "lower95_0cl", "upper95_0cl"]
    assert assert_matches(_rounded(result, columns), _rounded(WIDE, columns)) == 40
    assert result.area.tolist() == WIDE.area.tolist()


def _area(name, deaths, pops):
    ages = [0, 1, *range(5, 95, 5)]
    return pd.DataFrame({"area": name, "startage": ages[:len(deaths)], "deaths": deaths, "pops": pops})


GOOD_DEATHS = SINGLE.deaths.tolist()
GOOD_POPS = SINGLE.pops.tolist()


@pytest.mark.parametrize("name, deaths, pops, message", [
    ("Negative deaths", GOOD_DEATHS[:2] + [-2] + GOOD_DEATHS[3:], GOOD_POPS, "negative deaths"),
    ("Negative pops", GOOD_DEATHS, GOOD_POPS[:3] + [-10] + GOOD_POPS[4:], "zero or less population"),
    ("Zero pops", GOOD_DEATHS, GOOD_POPS[:5] + [0] + GOOD_POPS[6:], "zero or less population"),
    ("Deaths more than pops", GOOD_DEATHS[:5] + [50000] + GOOD_DEATHS[6:], GOOD_POPS, "more deaths than population"),
    ("Low pops", [17, 9, 4, 8, 20, 15, 24, 33, 50, 71] + [80] * 10, [100] * 20, "total population of less than 5,000"),
    ("Missing age band", GOOD_DEATHS[:19], GOOD_POPS[:19], "different number of age bands than 20"),
])
def test_reference_suppression_rules(name, deaths, pops, message):
    # upstream's df_grouped_with_warnings: each bad area is all NA, the good one computes
    data = pd.concat([_area("Good data", GOOD_DEATHS, GOOD_POPS), _area(name, deaths, pops)])
    with pytest.warns(UserWarning, match=message):
        result = _le(data, by="area")
    assert len(result) == len(data)
    bad = result[result.area == name]
    assert bad[LIMITS].isna().all().all()
    good = result[result.area == "Good data"]
    assert assert_matches(_rounded(good, LIMITS), _rounded(SINGLE, LIMITS)) == 20


def test_hand_worked_life_table():
    # Deaths only under 1 (10 of 1,000) and at 90+ (500 of 1,000).
    # q0 = M n / (1 + M n (1 - a)) = 0.01 / (1 + 0.01 x 0.9); p = 1 - q0.
    # After age 1 nobody dies until 90+, whose people live 1/M = 2 years, so
    # e(x) = 90 - x + 2 from age 1, and e(0) = (p + 0.1 q0) + 91 p = 92p + 0.1 q0.
    # Variance (Silcocks): only the first and last bands have deaths.
    #   last band: (l/2)^2 x 4 / (D M^2) = l^2 x 4 / (4 x 500 x 0.25) = 0.008 l^2
    #   first band: q0^2 (1 - q0) / 10 x 1e10 x (0.9 + e(1))^2, e(1) = 91
    # so se(x >= 1) = sqrt(0.008) and se(0)^2 = q0^2 (1-q0)/10 x 91.9^2 + 0.008 p^2.
    deaths = [10] + [0] * 18 + [500]
    result = _le(_area("hand", deaths, [1000] * 20))
    q0 = 0.01 / 1.009
    p = 1 - q0
    ages = np.array([1, *range(5, 95, 5)])
    assert result.value[0] == pytest.approx(92 * p + 0.1 * q0, rel=1e-13)
    assert np.allclose(result.value[1:], 92 - ages, rtol=1e-13)
    z = 1.959963984540054
    se0 = np.sqrt(q0**2 * (1 - q0) / 10 * 91.9**2 + 0.008 * p**2)
    assert result.uppercl[0] - result.value[0] == pytest.approx(z * se0, rel=1e-12)
    assert np.allclose(result.uppercl[1:] - result.value[1:], z * np.sqrt(0.008), rtol=1e-12)
    assert result.pops_used.tolist() == [20_000 - 1000 * i for i in range(20)]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(startage=d.startage.replace(90, 95)), "column 'startage' is not one of the life table bands"),
    (lambda d: d.assign(startage=d.startage.replace(85, 90)), "column 'startage' repeats an age band"),
    (lambda d: d.assign(deaths=d.deaths.astype(object).where(d.startage != 30, "x")), "column 'deaths' must be numeric"),
    (lambda d: d.assign(pops=d.pops.where(d.startage != 30)), "column 'pops' has a missing value"),
    (lambda d: d.drop(columns="deaths"), r"missing column\(s\) 'deaths'"),
])
def test_bad_input_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        _le(change(SINGLE.assign(area="A")), by="area")


def test_no_warning_for_clean_data():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _le(SINGLE)
