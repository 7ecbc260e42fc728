"""Sharing a fund across lots by need: figures worked by hand in each test's docstring."""
from fractions import Fraction

import pytest

from healthyplaces.grants.allocation import BY_DEPRIVATION, BY_POPULATION, Need, allocate


def test_by_population_rounds_to_whole_pounds_that_add_up():
    """1,000 pounds over 1, 1 and 1 residents: 333.33 each; the one pound left goes to the first lot
    (equal remainders of 1/3: ties to the first)."""
    shares = allocate(1000, [Need("A", 1, 0), Need("B", 1, 0), Need("C", 1, 0)])
    assert [s.amount for s in shares] == [334, 333, 333]
    assert shares[0].share == Fraction(1, 3)
    assert shares[0].working == "1 / 3 residents = 33.3333% of £1,000 = £334"


def test_weighted_by_deprivation_worked_by_hand():
    """North: 300,000 residents, 60,000 in deciles 1-2 (0.2): weight 300,000 × 1.2 = 360,000.
    West: 400,000 residents, 20,000 in deciles 1-2 (0.05): weight 400,000 × 1.05 = 420,000.
    Of 780,000: North 360/780 = 46.1538...% of £900,000 = £415,384.62 → £415,385 (remainder .615 beats .385);
    West 420/780 of £900,000 = £484,615.38 → £484,615. By population alone: 3/7 and 4/7 = £385,714 and £514,286."""
    needs = [Need("North", 300_000, 60_000), Need("West", 400_000, 20_000)]
    weighted = allocate(900_000, needs, BY_DEPRIVATION)
    assert [s.amount for s in weighted] == [415_385, 484_615]
    assert weighted[0].weight == 360_000 and weighted[1].weight == 420_000
    assert weighted[0].deprived_share == Fraction(1, 5)
    assert "300,000 residents × (1 + 60,000 / 300,000 in deciles 1–2 = 0.2000) = 360,000.0" in weighted[0].working
    assert weighted[0].working.endswith("= 46.1538% of £900,000 = £415,385")
    plain = allocate(900_000, needs, BY_POPULATION)
    assert [s.amount for s in plain] == [385_714, 514_286]
    assert sum(s.amount for s in plain) == 900_000


def test_no_residents_or_unknown_way_refused():
    with pytest.raises(ValueError, match="no residents"):
        allocate(100, [Need("Empty", 0, 0)])
    with pytest.raises(ValueError, match="Unknown way"):
        allocate(100, [Need("A", 1, 0)], "by luck")
