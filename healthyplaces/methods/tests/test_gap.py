"""The gap statistic (moved from the indicators part, issue 11 "Tidy"), checked by hand."""
import pytest

from healthyplaces.methods import gap


def test_the_gap_and_its_interval_by_hand():
    # Most deprived 76 (75 to 77), least 84 (83.5 to 84.5): the gap is 8. The half-widths 1 and 0.5 are
    # 1.96 standard errors each, so the gap's half-width is sqrt(1^2 + 0.5^2) = 1.1180.
    found = gap({"value": 76.0, "lower": 75.0, "upper": 77.0}, {"value": 84.0, "lower": 83.5, "upper": 84.5})
    assert found["value"] == 8.0
    assert found["lower"] == pytest.approx(8 - 1.118034, abs=1e-6)
    assert found["upper"] == pytest.approx(8 + 1.118034, abs=1e-6)


def test_no_gap_without_both_values():
    known = {"value": 80.0, "lower": 79.0, "upper": 81.0}
    assert gap(None, known) is None
    assert gap(known, {"value": None, "lower": None, "upper": None}) is None
