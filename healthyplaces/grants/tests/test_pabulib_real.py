"""Real participatory votes, as six cities published them on pabulib.org, counted here and by pabutools.

The files may not be copied into the project (they state no licence), so these tests read them where the
project's development machines hold them, beside the project in `../shared/real-files/pabulib/`, and are
skipped, saying so, where that folder is absent. What each asserts is the city's own published result (the
files' `selected` column) or pabutools' count; `test_pabulib.py` covers the same layout with made-up files.
"""
from pathlib import Path

import pytest

from healthyplaces.grants import counting
from healthyplaces.grants.pabulib import read_pabulib, rule_of

from .test_counting import _pabutools

FOLDER = Path(__file__).resolve().parents[4] / "shared" / "real-files" / "pabulib"
pytestmark = pytest.mark.skipif(not FOLDER.is_dir(), reason=f"the real Pabulib files are not on this machine ({FOLDER})")

# Ursus 2023 has projects level on votes where pabutools' own tie-break funds others than the city did
GREEDY = [("Poland_Warszawa_2019_Ursynow", True), ("Poland_Warszawa_2023_Ursus", False),
          ("Poland_Warszawa_2023_Wesola", True)]


def _read(name):
    return read_pabulib((FOLDER / f"{name}.pb").read_bytes(), f"{name}.pb")


@pytest.mark.parametrize("name, as_pabutools", GREEDY)
def test_warszawa_greedy_counts_are_the_citys_and_pabutools(name, as_pabutools):
    pb = _read(name)
    assert rule_of(pb.meta) == ("greedy", {})
    outcome = counting.count(pb.election(), "greedy")
    assert sorted(outcome.winners) == sorted(pb.selected)
    assert (sorted(outcome.winners) == _pabutools(pb.election(), "greedy")) is as_pabutools


def test_targowek_is_the_citys_only_when_ties_go_to_the_higher_cost():
    """Three projects had 173 votes: 797 (64,500 zł), 845 (25,000) and 1159 (33,550); the city funded 797."""
    pb = _read("Poland_Warszawa_2019_Targowek_Mieszkaniowy")
    by_default = counting.greedy(pb.election())
    assert {"845", "1159"} <= set(by_default.winners) and "797" not in by_default.winners
    assert any(set(tie.tied) == {"797", "845", "1159"} for tie in by_default.ties)
    city = counting.greedy(pb.election(), ties=("higher-cost",))
    assert sorted(city.winners) == sorted(pb.selected) and city.spent == 394_733


def test_swiecie_equal_shares_with_add1_is_the_citys():
    """Świecie 2023 published Equal Shares with add1 (pabutools 1.2.3 gives the same 17 projects, in 35 s)."""
    pb = _read("Poland_Swiecie_2023")
    rule, options = rule_of(pb.meta)
    outcome = counting.count(pb.election(), rule, **options)
    assert sorted(outcome.winners) == sorted(pb.selected)
    assert len(outcome.winners) == 17


def test_wieliczka_add1_comparison_keeps_equal_shares_and_says_why():
    """Wieliczka's Green Budget 2023 names "equalshares/add1-comparison". Equal Shares with add1 chooses the
    same 31 projects as pabutools 1.2.3 (which takes 44 s); more voters prefer it to the greedy outcome, so it
    stands. The city funded 46 where this count, like pabutools, funds 66 and 67."""
    pb = _read("Poland_Wieliczka_2023_Green_Budget")
    rule, options = rule_of(pb.meta)
    outcome = counting.count(pb.election(), rule, **options)
    pabutools_count = {"17", "19", "20", "24", "25", "26", "29", "32", "33", "34", "36", "39", "40", "41", "42", "43",
                       "56", "58", "6", "60", "61", "62", "66", "67", "69", "7", "70", "71", "74", "88", "9"}
    assert set(outcome.winners) == pabutools_count
    assert "1,625 voters prefer Equal Shares' outcome and 885 the greedy rule's" in outcome.note
    assert set(outcome.winners) ^ set(pb.selected) == {"46", "66", "67"}
