"""Proportions against testdata_Proportion (sheets testdata_Prop, testdata_Prop_g)."""
import numpy as np
import pandas as pd
import pytest

from healthyplaces.methods import proportion

from .reference import assert_matches, reference_csv

PROP = reference_csv("testdata_Proportion__testdata_Prop.csv")
GROUPED = reference_csv("testdata_Proportion__testdata_Prop_g.csv")
INPUT = ["Area", "Numerator", "Denominator"]
RESULTS = ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "statistic", "method"]


def _proportion(rows, **kwargs):
    return proportion(rows[INPUT], x="Numerator", n="Denominator", **kwargs)


@pytest.mark.parametrize("rows, multiplier", [(slice(0, 8), 1), (slice(8, 16), 100), (slice(16, 19), 1)],
                         ids=["proportion", "percentage", "missing values"])
def test_two_confidence_levels_match_reference(rows, multiplier):
    expected = PROP.iloc[rows]
    result = _proportion(expected, confidence=(0.95, 0.998), multiplier=multiplier)
    assert assert_matches(result, expected, INPUT + RESULTS) == expected.shape[0]
    assert (result.confidence == "95%, 99.8%").all()


@pytest.mark.parametrize("confidence, suffix", [(0.95, "95_0"), (99.8, "99_8")])
def test_one_confidence_level_matches_reference(confidence, suffix):
    expected = PROP.iloc[:16]
    result = pd.concat([_proportion(PROP.iloc[:8], confidence=confidence),
                        _proportion(PROP.iloc[8:16], confidence=confidence, multiplier=100)])
    columns = {"value": "value", "lowercl": f"lower{suffix}cl", "uppercl": f"upper{suffix}cl",
               "statistic": "statistic", "method": "method"}
    assert assert_matches(result, expected, columns) == 16


def test_grouped_sums_match_reference():
    # the 19 rows of testdata_Prop summed by area: 11 groups, 3 with missing values
    result = proportion(PROP[INPUT], x="Numerator", n="Denominator", by="Area")
    expected = GROUPED.sort_values("Area")
    columns = ["Area", "Numerator", "Denominator", "value", "lowercl", "uppercl", "confidence",
               "statistic", "method"]
    assert assert_matches(result, expected, columns) == 11


def test_no_confidence_gives_value_and_statistic_only():
    result = proportion(GROUPED[INPUT], x="Numerator", n="Denominator", confidence=None)
    assert list(result.columns) == INPUT + ["value", "statistic"]
    assert assert_matches(result, GROUPED, INPUT + ["value", "statistic"]) == 11


def test_zero_and_whole_proportions():
    # worked by hand: 0/50 -> 0, lower 0, upper z^2/(50 + z^2); 50/50 -> 1, upper 1
    z = 1.959963984540054
    result = proportion(pd.DataFrame({"x": [0, 50], "n": [50, 50]}))
    assert result.value.tolist() == [0, 1]
    assert result.lowercl[0] == 0 and result.uppercl[1] == pytest.approx(1, abs=1e-15)
    assert result.uppercl[0] == pytest.approx(z**2 / (50 + z**2), rel=1e-14)
    assert result.lowercl[1] == pytest.approx(50 / (50 + z**2), rel=1e-14)


@pytest.mark.parametrize("frame, message", [
    ({"area": ["A", "B"], "x": [65, -80], "n": [100, 100]}, r"column 'x' has a negative numerator in group area='B' \(row 1\)"),
    ({"area": ["A", "B"], "x": [65, 80], "n": [100, 0]}, "column 'n' has a denominator of zero or less in group area='B'"),
    ({"area": ["A", "B"], "x": [101, 80], "n": [100, 100]}, "column 'x' is greater than the denominator 'n' in group area='A'"),
    ({"area": ["A", "B"], "x": [65, "many"], "n": [100, 100]}, "column 'x' must be numeric; found 'many' in group area='B'"),
    ({"area": ["A", "B"], "x": [65, 80]}, r"missing column\(s\) 'n'"),
])
def test_bad_input_names_the_group_and_column(frame, message):
    with pytest.raises(ValueError, match=message):
        proportion(pd.DataFrame(frame), by="area")


def test_ungrouped_keeps_rows_and_columns():
    data = pd.DataFrame({"area": ["A", "B"], "x": [1, 2], "n": [10, 10]})
    result = proportion(data, multiplier=100)
    assert result.area.tolist() == ["A", "B"] and result.statistic.eq("percentage").all()
    assert np.allclose(result.value, [10, 20])
