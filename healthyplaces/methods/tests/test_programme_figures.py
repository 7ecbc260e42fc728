"""Programme figures: Wilson shares, paired change (t and bootstrap), improvement and suppression."""
import math

import numpy as np
import pytest

from healthyplaces.methods.programme_figures import Change, Share, paired_change, share, suppress


def test_wilson_share_of_the_stockton_goals_figure():
    # 12 of 27: p = 0.4444; Wilson by hand, z = 1.959964:
    # centre (12 + z²/2) / (27 + z²) = 13.92079 / 30.84146 = 0.45137; half-width
    # z * sqrt(12 * 15 / 27 + z²/4) / (27 + z²) = 1.959964 * sqrt(6.66667 + 0.96036) / 30.84146 = 0.17556
    figure = share(12, 27)
    assert figure.share == pytest.approx(0.444444, abs=1e-6)
    assert figure.lower == pytest.approx(0.27581, abs=1e-4)
    assert figure.upper == pytest.approx(0.62693, abs=1e-4)


def test_paired_change_against_a_hand_checked_case():
    first, last = [20, 22, 18, 25, 21], [23, 24, 18, 28, 25]
    # differences 3, 2, 0, 3, 4: mean 2.4; sd sqrt(9.2 / 4) = 1.516575; se 0.678233; t(4, 0.975) = 2.776445; half-width 1.883077
    change = paired_change(first, last, meaningful_change=3)
    assert change.n == 5 and change.change == pytest.approx(2.4)
    assert change.first == pytest.approx(21.2) and change.last == pytest.approx(23.6)
    assert change.t_lower == pytest.approx(2.4 - 1.883077, abs=1e-5)
    assert change.t_upper == pytest.approx(2.4 + 1.883077, abs=1e-5)
    assert change.improved == 3  # changes of 3, 3 and 4
    # the bootstrap's mean of resampled means lies within the data's range of differences, repeatably
    assert 0 <= change.boot_lower < 2.4 < change.boot_upper <= 4
    assert paired_change(first, last, meaningful_change=3).boot_lower == change.boot_lower


def test_lower_is_better_counts_a_fall_as_improvement():
    change = paired_change([8, 9, 7], [5, 9, 8], meaningful_change=1, higher_is_better=False)
    assert change.improved == 1 and change.change == pytest.approx(-2 / 3)


def test_the_bootstrap_agrees_with_the_t_interval_on_a_large_normal_sample():
    rng = np.random.default_rng(1)
    first = rng.normal(20, 4, 400)
    last = first + rng.normal(1.5, 3, 400)
    change = paired_change(first, last, meaningful_change=3)
    assert change.boot_lower == pytest.approx(change.t_lower, abs=0.08)
    assert change.boot_upper == pytest.approx(change.t_upper, abs=0.08)


def test_one_person_has_a_change_but_no_interval():
    change = paired_change([20], [24], meaningful_change=3)
    assert change.change == 4 and change.t_lower is None and change.boot_lower is None


def _group(n, **counts):
    return {"n": n, **{key: share(count, n) for key, count in counts.items()}}


def test_a_small_group_and_the_next_smallest_are_hidden_so_nothing_is_worked_out_by_subtraction():
    female, male, unknown = _group(20, goals=12), _group(6, goals=3), _group(1, goals=1)
    suppress([female, male, unknown], partition=True)
    assert unknown["n"] is None and unknown["goals"].hidden  # a group of 1
    assert male["n"] is None and male["goals"].hidden  # the next smallest: else 27 - 20 - 6 reveals the 1
    assert female["n"] == 20 and female["goals"].count == 12 and not female["goals"].hidden


def test_a_count_whose_rest_is_under_5_is_hidden_and_so_is_a_second():
    a, b, c = _group(10, regular=8), _group(12, regular=6), _group(15, regular=9)
    suppress([a, b, c], partition=True)
    assert a["regular"].hidden  # 2 of 10 are not in regular contact
    assert b["regular"].hidden and b["regular"].share is None  # the smallest other count, hidden with it
    assert c["regular"].count == 9
    assert [a["n"], b["n"], c["n"]] == [10, 12, 15]


def test_overlapping_groups_are_suppressed_one_by_one():
    a, b = _group(10, goals=3), _group(12, goals=6)
    suppress([a, b], partition=False)
    assert a["goals"].hidden and not b["goals"].hidden


def test_a_change_of_under_5_people_is_hidden():
    group = {"n": 9, "swemwbs": paired_change([1, 2, 3, 4], [2, 3, 4, 9], meaningful_change=3)}
    suppress([group], partition=False)
    assert group["swemwbs"].hidden and group["swemwbs"].change is None


@pytest.mark.parametrize("seed", range(30))
def test_no_split_ever_has_exactly_one_figure_hidden(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 30, size=rng.integers(2, 7))
    groups = [{"n": int(n), "a": share(int(rng.integers(0, n + 1)), int(n)),
               "b": share(int(rng.integers(0, n + 1)), int(n))} for n in sizes]
    suppress(groups, partition=True)
    assert sum(g["n"] is None for g in groups) != 1
    for key in ("a", "b"):
        assert sum(g[key].hidden for g in groups) != 1
        for g in groups:
            figure = g[key]
            assert figure.hidden or (figure.count >= 5 and figure.n - figure.count >= 5)
            assert not (g["n"] is None and not figure.hidden)
