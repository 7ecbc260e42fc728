"""Benchmark of counting a participatory vote and of the 360Giving export.

    python bench/grants.py                  # 20,000 ballots over 60 projects, compared with the targets
    python bench/grants.py --voters 2000    # a smaller election (pabutools' Equal Shares takes minutes at full size)
    python bench/grants.py --no-pabutools   # ours only

Counts one seeded election (approval ballots; costs and popularity drawn like a city's district vote) by each
rule of grants.counting, and times pabutools 1.2.3 on the same election (greedy, and Equal Shares with its
add1 completion: `voter_budget_increment=1`), checking both choose the same projects, and a plain tally of the
ballots (the approval counts alone) as the floor. Then builds the 360Giving package and spreadsheet rows of
10,000 awards. Targets (issue 15): each rule under 2 s, Equal Shares at least 100x faster than pabutools,
the 360Giving export under 5 s.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"  # one core: set before numpy loads

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from healthyplaces.grants import counting  # noqa: E402
from healthyplaces.grants import threesixtygiving as g360  # noqa: E402


def election(voters, projects, seed=7):
    rng = np.random.default_rng(seed)
    costs = rng.integers(20, 400, size=projects) * 1000
    popularity = rng.beta(1.2, 6, size=projects)
    approvals = rng.uniform(size=(voters, projects)) < popularity
    approvals[approvals.sum(axis=1) == 0, 0] = True
    return counting.Election([str(j + 1) for j in range(projects)], costs, int(costs.sum() * 0.25), approvals)


def best_of(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def pabutools_count(vote, rule):
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    projects = [Project(p, int(c)) for p, c in zip(vote.project_ids, vote.costs)]
    instance = Instance(projects, budget_limit=vote.budget)
    profile = ApprovalProfile([ApprovalBallot(projects[j] for j in np.flatnonzero(row)) for row in vote.approvals])
    if rule == "greedy":
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    return method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)


def awards(n):
    funders = (g360.Organisation("North Northamptonshire Council", "ORG-1"),
               g360.Organisation("NHS Northamptonshire ICB", "ORG-2"))
    return [g360.Grant(reference=f"AWD-{i}", title=f"Community project {i}", description="Weekly sessions.",
                       amount_awarded=Decimal(1000 + i % 4000), amount_applied_for=Decimal(5000),
                       award_date=date(2026, 3, 31) - timedelta(days=i % 365),
                       recipient=g360.Organisation(f"Group {i}", f"ORG-{i + 10}",
                                                   charity_number=str(1_100_000 + i) if i % 3 else ""),
                       funders=funders, programme_code="FUND-1-ROUND-2", programme_title="Community pot",
                       from_open_call=True, places=(g360.Place("E01027000", "Corby 001A"),))
            for i in range(n)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=20_000)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--no-pabutools", action="store_true")
    options = parser.parse_args()

    vote = election(options.voters, options.projects)
    print(f"Election: {vote.voters:,} approval ballots over {len(vote.project_ids)} projects, budget {vote.budget:,}")
    tally, _ = best_of(lambda: vote.approvals.sum(axis=0), 5)
    print(f"  plain tally of the ballots: {tally * 1000:8.2f} ms (the floor)")
    for rule in counting.RULES:
        # the count from the ballots: the Election's own tally included
        seconds, outcome = best_of(lambda: counting.count(
            counting.Election(vote.project_ids, vote.costs, vote.budget, vote.approvals), rule), 3)
        line = (f"  {rule:13} {seconds * 1000:8.1f} ms  {len(outcome.winners)} projects  "
                f"{seconds / tally:,.1f}x the tally  target < 2 s: {'met' if seconds < 2 else 'NOT MET'}")
        if rule != "approval" and not options.no_pabutools:
            theirs_seconds, theirs = best_of(lambda: pabutools_count(vote, rule), 1)
            same = sorted(outcome.winners) == sorted(p.name for p in theirs)
            line += (f"\n  {'':13} pabutools {theirs_seconds:8.1f} s, {theirs_seconds / seconds:,.0f}x slower; "
                     f"same projects: {'yes' if same else 'NO'}"
                     + (f"; target 100x: {'met' if theirs_seconds / seconds >= 100 else 'NOT MET'}"
                        if rule == "equal-shares" else ""))
        print(line, flush=True)

    records = awards(10_000)
    publisher = g360.Publisher("Healthy Places sample fund", "360G-healthyplaces")
    seconds, built = best_of(lambda: g360.spreadsheet(g360.package(records, publisher)["grants"]), 3)
    print(f"360Giving export of {len(records):,} awards (package and spreadsheet rows): {seconds:.2f} s  "
          f"target < 5 s: {'met' if seconds < 5 else 'NOT MET'}  ({len(built[1]):,} rows)")


if __name__ == "__main__":
    main()
