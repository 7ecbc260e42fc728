"""Healthy life expectancy by Sullivan's method (issue 13, "Healthy life expectancy"), checked against the
published worked example: Table 4.2 of the Sullivan guide's workbook (Jagger et al., June 2007 edition;
data/sullivan/SOURCE.md), disability-free life expectancy and its standard error for females, 2004."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from healthyplaces.methods import healthy_life_expectancy, life_expectancy

from .reference import assert_matches, reference_csv

TABLE = pd.read_csv(Path(__file__).parent / "data" / "sullivan" / "table_4_2.csv")
Z = 1.959963984540054


def _published(frame=TABLE, **kwargs):
    return healthy_life_expectancy(frame.assign(good_health=1 - frame.disability), lx="lx", Lx="Lx", **kwargs)


def test_matches_the_guides_worked_example():
    """Issue 13 "Done when": Sullivan matches the published example, every age, value and standard error."""
    result = _published()
    assert result.startage.tolist() == TABLE.startage.tolist()
    assert assert_matches(result, TABLE, {"value": "dfle", "life_expectancy": "ex"}) == 19
    standard_error = pd.DataFrame({"se": (result.uppercl - result.value) / Z})
    assert assert_matches(standard_error, TABLE, {"se": "se_dfle"}) == 19
    assert result.value[0] == pytest.approx(66.54, abs=0.005)  # as the guide prints it
    assert result.share[0] == pytest.approx(66.5423 / 81.3719, rel=1e-5)


def test_groups_and_row_order_do_not_matter():
    two = pd.concat([TABLE.assign(area="A"), TABLE.assign(area="B", disability=0)]).sample(frac=1, random_state=4)
    result = _published(two, by="area")
    assert assert_matches(result[result.area == "A"], TABLE, {"value": "dfle"}) == 19
    everyone_healthy = result[result.area == "B"]
    assert np.allclose(everyone_healthy.value, TABLE.ex, rtol=1e-12)
    assert np.allclose(everyone_healthy.uppercl, everyone_healthy.value)  # no one unwell: no sampling error


def test_from_deaths_and_population_with_the_life_expectancy_methods_table():
    """Built on the life expectancy method's life table: with everyone in good health, HLE is life expectancy."""
    le_data = reference_csv("le_expected_from_tests.csv").assign(good_health=1.0, sample_size=100)
    result = healthy_life_expectancy(le_data, deaths="deaths", population="pops")
    expected = life_expectancy(le_data, deaths="deaths", population="pops")
    assert np.allclose(result.value, expected.value, rtol=1e-12)
    half = healthy_life_expectancy(le_data.assign(good_health=0.5), deaths="deaths", population="pops")
    assert np.allclose(half.value, expected.value / 2, rtol=1e-12)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(disability=d.disability.where(d.startage != 30, 1.5)), "must be a share between 0 and 1"),
    (lambda d: d.assign(sample_size=d.sample_size.where(d.startage != 30, 0)), "must be a number of people above 0"),
    (lambda d: d.assign(startage=d.startage.replace(10, 5)), "repeats an age band"),
])
def test_bad_input_is_refused_naming_the_row(change, message):
    with pytest.raises(ValueError, match=message):
        _published(change(TABLE))
