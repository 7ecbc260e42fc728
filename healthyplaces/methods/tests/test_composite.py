"""Issue 13, "Composite indices": the standardisation and weighting, against a case worked by hand."""
import math

import pandas as pd
import pytest

from healthyplaces import methods
from healthyplaces.methods.composite import groups_of


def test_z_scores_use_the_mean_and_population_standard_deviation():
    # 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, variance 32/8 = 4, sd 2
    assert list(methods.standardise([2, 4, 4, 4, 5, 5, 7, 9], "z")) == [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2]


def test_ranks_are_fractional_with_ties_sharing_their_average():
    # ranks 1, 2.5, 2.5, 4 of four: (r - 0.5) / 4
    assert list(methods.standardise([10, 20, 20, 30], "rank")) == [0.125, 0.5, 0.5, 0.875]


def test_the_index_weights_each_indicator_turned_so_higher_raises_it():
    table = pd.DataFrame({"lonely": [1.0, 2.0, 3.0], "walking": [30.0, 20.0, 10.0]}, index=["A", "B", "C"])
    # lonely by z: mean 2, sd sqrt(2/3) -> (-1.2247, 0, 1.2247); walking by rank, lower raises: -(5/6, 1/2, 1/6)
    result = methods.composite_index(table, ["z", "rank"], [1, -1], [3, 1])
    sd = math.sqrt(2 / 3)
    expected = [(3 * (-1 / sd) - 5 / 6) / 4, (0 - 1 / 2) / 4, (3 * (1 / sd) - 1 / 6) / 4]
    assert result["index"].tolist() == pytest.approx(expected)
    assert result["rank"].tolist() == [3, 2, 1]
    assert result["standardised_walking"].tolist() == pytest.approx([-5 / 6, -1 / 2, -1 / 6])


@pytest.mark.parametrize("weights, message", [([1, 0], "more than 0"), ([1, -2], "more than 0")])
def test_weights_must_be_positive(weights, message):
    table = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 1.0]})
    with pytest.raises(ValueError, match=message):
        methods.composite_index(table, ["z", "z"], [1, 1], weights)


def test_an_indicator_with_one_value_everywhere_cannot_be_a_z_score():
    with pytest.raises(ValueError, match="same value"):
        methods.standardise([3, 3, 3], "z")


def test_rank_correlation_and_groups():
    assert methods.rank_correlation([1, 2, 3, 4], [10, 20, 30, 40])[0] == pytest.approx(1)
    assert methods.rank_correlation([1, 2, 3, 4], [4, 3, 2, 1])[0] == pytest.approx(-1)
    assert list(groups_of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, 5)) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
