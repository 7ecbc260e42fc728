"""Byar's and Wilson limits against testdata_Byars_Wilson (all 13 rows)."""
import numpy as np
import pytest

from healthyplaces.methods._confidence import byars_lower, byars_upper, wilson_lower, wilson_upper
from healthyplaces.methods._validation import parse_confidence

from .reference import assert_matches, reference_csv

LIMITS = reference_csv("testdata_Byars_Wilson__testdata_B_W.csv")


def _level(label):
    return float(label.rstrip("%")) / 100


def test_byars_limits_match_reference():
    rows = LIMITS[LIMITS.method == "Byars"].copy()
    rows["my_lower"] = [byars_lower(x, _level(c)) for x, c in zip(rows.x, rows.confidence)]
    rows["my_upper"] = [byars_upper(x, _level(c)) for x, c in zip(rows.x, rows.confidence)]
    # row 13 (x = 1 at 99.8%): Byar's lower is negative, so missing, as upstream
    assert np.isnan(rows.my_lower.iloc[-1])
    compared = assert_matches(rows, rows, {"my_lower": "lowercl", "my_upper": "uppercl"})
    assert compared == 7


def test_wilson_limits_match_reference():
    rows = LIMITS[LIMITS.method == "Wilson"].copy()
    rows["my_lower"] = [wilson_lower(x, n, _level(c)) for x, n, c in zip(rows.x, rows.n, rows.confidence)]
    rows["my_upper"] = [wilson_upper(x, n, _level(c)) for x, n, c in zip(rows.x, rows.n, rows.confidence)]
    assert assert_matches(rows, rows, {"my_lower": "lowercl", "my_upper": "uppercl"}) == 6


def test_wilson_at_full_confidence_is_zero_to_one():
    x, n = np.array([65, 1045, 0.445]), np.array([100, 5000, 1])
    assert (wilson_lower(x, n, 1) == 0).all() and (wilson_upper(x, n, 1) == 1).all()


@pytest.mark.parametrize("confidence, levels", [
    (0.95, (0.95,)), (95, (0.95,)), (99.8, (0.998,)), ((0.95, 0.998), (0.95, 0.998)),
    ([95, 99.8], (0.95, 0.998)),
])
def test_confidence_levels_are_scaled(confidence, levels):
    assert parse_confidence(confidence, "test") == levels


@pytest.mark.parametrize("confidence, message", [
    (0.7, "between 90 and 100"), (14, "between 90 and 100"), (125, "between 90 and 100"),
    ((0.95, 0.998, 0.8), "a maximum of two"), ((0.95, 0.98), "0.95 and 0.998"), ("0.95", "number"),
])
def test_bad_confidence_levels_are_refused(confidence, message):
    with pytest.raises(ValueError, match=message):
        parse_confidence(confidence, "test")
