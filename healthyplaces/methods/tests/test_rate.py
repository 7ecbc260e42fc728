"""Rates against testdata_Rate (sheets testdata_Rate, testdata_Rate_g)."""
import pandas as pd
import pytest

from healthyplaces.methods import rate

from .reference import assert_matches, reference_csv

RATE = reference_csv("testdata_Rate__testdata_Rate.csv")
GROUPED = reference_csv("testdata_Rate__testdata_Rate_g.csv")
INPUT = ["Area", "Numerator", "Denominator"]
RESULTS = ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"]


def _rate(rows, **kwargs):
    return rate(rows[INPUT], x="Numerator", n="Denominator", **kwargs)


@pytest.mark.parametrize("rows, multiplier", [
    (slice(0, 8), 100), (slice(8, 16), 100_000), (slice(16, 19), 100_000), (slice(19, 20), 100_000)],
    ids=["per 100", "per 100,000", "missing values", "numerator above denominator"])
def test_two_confidence_levels_match_reference(rows, multiplier):
    # upstream's own "two CIs 99.8%" check slices rows 25-32, which do not
    # exist; here every row's 99.8% limits are compared
    expected = RATE.iloc[rows]
    result = _rate(expected, confidence=(0.95, 0.998), multiplier=multiplier)
    assert assert_matches(result, expected, INPUT + RESULTS) == expected.shape[0]


@pytest.mark.parametrize("confidence, suffix", [(0.95, "95_0"), (99.8, "99_8")])
def test_one_confidence_level_matches_reference(confidence, suffix):
    result = pd.concat([_rate(RATE.iloc[:8], confidence=confidence, multiplier=100),
                        _rate(RATE.iloc[8:], confidence=confidence)])
    columns = {"value": "value", "lowercl": f"lower{suffix}cl", "uppercl": f"upper{suffix}cl",
               "statistic": "statistic", "method": "method"}
    assert assert_matches(result, RATE, columns) == 20


def test_grouped_sums_match_reference():
    result = rate(RATE[INPUT], x="Numerator", n="Denominator", by="Area")
    expected = GROUPED.sort_values("Area")
    columns = ["Area", "Numerator", "Denominator", "value", "lowercl", "uppercl", "confidence",
               "statistic", "method"]
    assert assert_matches(result, expected, columns) == 12


def test_zero_events_has_exact_limits():
    result = rate(pd.DataFrame({"x": [0], "n": [1000]}), multiplier=1000)
    # exact upper limit for 0 events at 95%: -log(0.025) events
    assert result.lowercl[0] == 0 and result.method[0] == "Exact"
    assert result.uppercl[0] == pytest.approx(-pd.Series([0.025]).apply(__import__("math").log)[0], rel=1e-12)


@pytest.mark.parametrize("frame, message", [
    ({"area": ["A", "B"], "x": [-65, 80], "n": [100, 100]}, "column 'x' has a negative numerator in group area='A'"),
    ({"area": ["A", "B"], "x": [65, 80], "n": [100, -100]}, "column 'n' has a denominator of zero or less in group area='B'"),
])
def test_bad_input_names_the_group_and_column(frame, message):
    with pytest.raises(ValueError, match=message):
        rate(pd.DataFrame(frame), by="area")
