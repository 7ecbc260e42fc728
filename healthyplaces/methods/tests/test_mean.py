"""Means against testdata_Mean (sheets testdata_Mean, testdata_Mean_results)."""
import pandas as pd
import pytest

from healthyplaces.methods import mean

from .reference import assert_matches, reference_csv

VALUES = reference_csv("testdata_Mean__testdata_Mean.csv")
EXPECTED = reference_csv("testdata_Mean__testdata_Mean_results.csv")
COLUMNS = ["value_sum", "value_count", "stdev", "value", "lower95_0cl", "upper95_0cl",
           "lower99_8cl", "upper99_8cl", "statistic", "method"]


def test_grouped_means_match_reference():
    result = mean(VALUES, x="values", by="area", confidence=(0.95, 0.998))
    assert assert_matches(result, EXPECTED.iloc[:2], ["area"] + COLUMNS) == 2


def test_overall_mean_matches_reference():
    result = mean(VALUES, x="values", confidence=(0.95, 0.998))
    assert assert_matches(result, EXPECTED.iloc[2:], COLUMNS) == 1


@pytest.mark.parametrize("confidence, suffix", [(0.95, "95_0"), (0.998, "99_8")])
def test_one_confidence_level_matches_reference(confidence, suffix):
    result = mean(VALUES, x="values", by="area", confidence=confidence)
    columns = {"value": "value", "lowercl": f"lower{suffix}cl", "uppercl": f"upper{suffix}cl"}
    assert assert_matches(result, EXPECTED.iloc[:2], columns) == 2


def test_text_values_are_refused():
    data = pd.DataFrame({"area": ["A", "A"], "x": [1.0, "n/a"]})
    with pytest.raises(ValueError, match="column 'x' must be numeric; found 'n/a' in group area='A'"):
        mean(data, by="area")
