"""Counting rules on elections small enough to work by hand, each checked against pabutools too."""
import numpy as np
import pytest

from healthyplaces.grants import counting
from healthyplaces.grants.counting import CountRefused, Election, Tie


def _pabutools(election, rule):
    """pabutools' outcome for the same election (ties by project id, its default)."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    projects = {p: Project(p, int(c)) for p, c in zip(election.project_ids, election.costs)}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile([ApprovalBallot(projects[election.project_ids[j]] for j in np.flatnonzero(row))
                               for row in election.approvals])
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    return sorted(p.name for p in outcome)


def test_equal_shares_and_greedy_choose_differently():
    """Budget 100 and five voters: three approve A (cost 80), one B (cost 20), one C (cost 20).

    Greedy: A has most votes (3) and fits (80), then B (1 vote, 20) fits exactly: A and B; C (tied with
    B on one vote and 20) is left out because B comes first by project id.
    Equal Shares: each voter holds 100 / 5 = 20. A's three supporters hold 60 < 80: they cannot buy it.
    B's one supporter pays 20 (20 per unit of cost 20 = 1.0), so does C's: level, B first by id, then C.
    40 spent, 60 left: A (80) no longer fits, so the outcome is exhaustive at once and add1 raises nothing.
    """
    election = Election(["A", "B", "C"], [80, 20, 20], 100, [["A"], ["A"], ["A"], ["B"], ["C"]])
    greedy = counting.greedy(election, ties=("id",))
    shares = counting.equal_shares(election, ties=("id",))
    assert greedy.winners == ("A", "B") and greedy.spent == 100
    assert greedy.ties == (Tie(2, ("B", "C"), "B"),)
    assert shares.winners == ("B", "C") and shares.spent == 40
    assert shares.ties == (Tie(1, ("B", "C"), "B"),)
    assert "raised it 0 time(s) by 1" in shares.note
    assert sorted(greedy.winners) == _pabutools(election, "greedy")
    assert sorted(shares.winners) == _pabutools(election, "equal-shares")


def test_the_comparison_step_keeps_the_outcome_more_voters_prefer():
    """The election above, with Pabulib's "add1-comparison": v1-v3 get one funded project (A) from greedy and
    none from Equal Shares, v4 gets B from both, v5 gets C only from Equal Shares: 3 prefer greedy and 1 Equal
    Shares, so greedy's A and B stand. Where the two outcomes are the same, nobody prefers either (a tie),
    and Equal Shares stands."""
    election = Election(["A", "B", "C"], [80, 20, 20], 100, [["A"], ["A"], ["A"], ["B"], ["C"]])
    compared = counting.equal_shares(election, ties=("id",), comparison=True)
    assert compared.winners == ("A", "B") and compared.spent == 100
    assert "3 voters prefer the greedy rule's outcome and 1 Equal Shares', so the greedy outcome stands." in compared.note
    level = Election(["A", "B", "C"], [80, 20, 20], 140, [["A"], ["A"], ["A"], ["B"], ["C"], ["C"], ["C"]])
    # shares of 20: A's three hold 60 < 80; B (one payer) and C (three payers) are bought; 100 left, A's
    # supporters hold 60: not exhaustive, so add1 raises shares to 27 (81 >= 80) at which A is bought too,
    # spending 120 of 140: then greedy (A 80, C 20, B 20 = 120) and Equal Shares fund the same three.
    tied = counting.equal_shares(level, ties=("id",), comparison=True)
    assert sorted(tied.winners) == ["A", "B", "C"]
    assert "0 voters prefer Equal Shares' outcome and 0 the greedy rule's, so Equal Shares' stands." in tied.note


def test_add1_raises_each_share_until_the_outcome_is_exhaustive():
    """Budget 100, five voters: v1-v3 approve A (cost 70), v4 approves B (10), v5 approves C (10).

    At a share of 20, A's supporters hold 60 < 70; B and C are bought (10 each); 80 is left and A fits it,
    so add1 raises every share by 1: 21 (63), 22 (66), 23 (69) still cannot buy A; at 24 (72 >= 70) A costs
    each supporter 70 / 3 = 23.33, or 1/3 per unit of cost, cheaper than B and C (1.0), so A goes first:
    A, B, C, 90 spent and nothing left to buy. Four raises.
    """
    election = Election(["A", "B", "C"], [70, 10, 10], 100, [["A"], ["A"], ["A"], ["B"], ["C"]])
    plain = counting.equal_shares(election, completion=None)
    shares = counting.equal_shares(election)
    assert plain.winners == ("B", "C")
    assert shares.winners == ("A", "B", "C") and shares.spent == 90
    assert "raised it 4 time(s) by 1" in shares.note
    assert sorted(shares.winners) == _pabutools(election, "equal-shares")


def test_add1_keeps_the_last_outcome_within_budget():
    """Budget 10, two voters: v1 approves A (cost 6), v2 approves B (cost 6).

    Shares of 5 buy nothing (each supporter holds 5 < 6). At 6 both are bought, 12 > 10 would overspend,
    so the count keeps the outcome before it: nothing funded (as pabutools).
    """
    election = Election(["A", "B"], [6, 6], 10, [["A"], ["B"]])
    assert counting.equal_shares(election).winners == ()
    assert _pabutools(election, "equal-shares") == []


def test_poor_supporters_pay_all_they_have():
    """Budget 30, three voters; A (cost 12) approved by all three, B (cost 9) by v1 only, C (cost 15) by v2, v3.

    Shares of 10. A: 12 / 3 = 4 each, 1/3 per unit of cost; B: v1 pays 9, 1.0 per unit; C: 7.5 each, 0.5.
    A first (everyone left with 6); then C: v2, v3 pay 7.5 > 6 each, so only 12 < 15: not affordable;
    B: v1 has 6 < 9: not affordable. A alone, 12 spent, 18 left, add1 raises. At 11 and 12 the same.
    At 13: after A (4 each) v2, v3 have 9 each, 18 >= 15, pay 7.5: C; v1 has 9, B: 9. A, C, B = 36 > 30
    overspends... the shares stop at 12: but C at 12: 8 + 8 = 16 >= 15, 7.5 each: A, C (27), B (v1 8 < 9) no.
    So at 12 the outcome is A, C (27 spent, 3 left, nothing fits): exhaustive, two raises.
    """
    election = Election(["A", "B", "C"], [12, 9, 15], 30, [["A", "B"], ["A", "C"], ["A", "C"]])
    shares = counting.equal_shares(election)
    assert shares.winners == ("A", "C") and shares.spent == 27
    assert "raised it 2 time(s) by 1" in shares.note
    assert sorted(shares.winners) == _pabutools(election, "equal-shares")


def test_approval_stops_at_the_first_project_that_does_not_fit_or_at_the_number_of_winners():
    """Votes: A 4, B 3, C 2, D 1; costs 50, 60, 20, 10; budget 100.
    Approval: A (50), then B (60) does not fit: the count stops (greedy would skip to C and D)."""
    ballots = [["A", "B", "C", "D"], ["A", "B", "C"], ["A", "B"], ["A"]]
    election = Election(["A", "B", "C", "D"], [50, 60, 20, 10], 100, ballots)
    assert counting.approval(election).winners == ("A",)
    assert counting.greedy(election).winners == ("A", "C", "D")
    assert counting.approval(Election(["A", "B", "C", "D"], [5, 5, 5, 5], 100, ballots), winners=2).winners == ("A", "B")


def test_the_stated_tie_rule_decides_and_is_returned():
    """Budget 80; B and C both have two votes after A (50). By lower cost C (10) goes first, and B (30) no longer
    fits; by id B goes first (80 spent) and C no longer fits."""
    election = Election(["A", "B", "C"], [50, 30, 10], 80, [["A", "B", "C"], ["A", "B", "C"], ["A"]])
    cheaper = counting.greedy(election, ties=("lower-cost", "id"))
    assert cheaper.winners == ("A", "C") and cheaper.ties == (Tie(2, ("C", "B"), "C"),)
    assert cheaper.tie_rule == "Ties go to lower cost, then project id (in text order: 10 before 9)."
    assert counting.greedy(election, ties=("id",)).winners == ("A", "B")


def test_projects_nobody_voted_for_are_not_funded():
    election = Election(["A", "B"], [10, 10], 100, [["A"]])
    assert counting.greedy(election).winners == ("A",)
    assert counting.equal_shares(election).winners == ("A",)


@pytest.mark.parametrize("make, reason", [
    (lambda: Election(["A", "A"], [1, 2], 10, []), "two projects have the same id"),
    (lambda: Election(["A"], [-1], 10, []), "a project's cost cannot be negative"),
    (lambda: Election(["A"], [1], 10, [["B"]]), "ballot 1 approves 'B', which is not a project"),
    (lambda: counting.count(Election(["A"], [1], 10, []), "borda"), "'borda' is not a counting rule"),
    (lambda: counting.greedy(Election(["A"], [1], 10, []), ties=("coin",)), "'coin' is not a tie rule"),
])
def test_what_cannot_be_counted_is_refused_with_a_reason(make, reason):
    with pytest.raises(CountRefused, match=reason):
        make()
