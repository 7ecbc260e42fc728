"""Reading and writing participatory votes in the Pabulib format, and counting them from the command line.

The files here are made for these tests in the layout Warszawa publishes on pabulib.org (CRLF line ends,
`;` cells, a META `key;value` header, PROJECTS with votes, name, category, beneficiaries (`None` when
blank) and the city's `selected`, VOTES with age, sex and voting method; a name in double quotes with its
own quotes doubled, as Wieliczka 2023 has; ids that are not numbers, as Świecie 2023's `c1`…). Real
elections are counted in `test_pabulib_real.py`.
"""
import numpy as np
import pytest
from django.core.management import CommandError, call_command

from healthyplaces.grants import counting
from healthyplaces.grants.pabulib import read_pabulib, rule_of, write_pabulib
from healthyplaces.importing import ImportRefused

from .test_counting import _pabutools

# Budget 100 and six voters. Votes: A 4, B 3, C 3 (tied with B), D 1.
# Greedy by votes, ties by lower cost: A (60), then C (30) before B (35), total 90; B no longer fits; D (5) fits: 95.
SMALL = (
    "META\r\nkey;value\r\ndescription;A made-up ward vote, in the Warszawa layout\r\ncountry;England\r\n"
    "unit;Stockton-on-Tees\r\ninstance;2026\r\nnum_projects;4\r\nnum_votes;6\r\nbudget;100\r\n"
    "vote_type;approval\r\nrule;greedy\r\nmin_length;1\r\nmax_length;3\r\ncurrency;GBP\r\n"
    "PROJECTS\r\nproject_id;cost;votes;name;category;beneficiaries;selected\r\n"
    'A;60;4;"Seats at the ""Green"" bus stop";public space;None;1\r\n'
    "B;35;3;Cookery club;health;families with children;0\r\n"
    "C;30;3;Walking football;sport,health;adults,seniors;1\r\n"
    "D;5;1;Seed library;environment;None;1\r\n"
    "VOTES\r\nvoter_id;vote;age;sex;voting_method\r\n"
    "1;A,B;34;F;internet\r\n2;A,C;71;M;paper\r\n3;A,B,C;45;F;internet\r\n4;A;29;M;internet\r\n"
    "5;B,C;52;F;paper\r\n6;D;18;F;internet\r\n"
)


def _problems(text, name="vote.pb"):
    with pytest.raises(ImportRefused) as refused:
        read_pabulib(text.encode(), name)
    return [str(p) for p in refused.value.problems]


def test_a_file_in_the_published_layout_is_read_and_counted():
    pb = read_pabulib(SMALL.encode(), "vote.pb")
    assert pb.meta["unit"] == "Stockton-on-Tees" and pb.budget == 100
    assert [p["project_id"] for p in pb.projects] == ["A", "B", "C", "D"]
    assert pb.projects[0]["name"] == 'Seats at the "Green" bus stop'
    assert pb.selected == ("A", "C", "D")
    assert rule_of(pb.meta) == ("greedy", {})
    election = pb.election()
    assert election.voters == 6 and list(election.votes) == [4, 3, 3, 1]
    outcome = counting.count(election, "greedy", ties=("lower-cost",))
    assert outcome.winners == ("A", "C", "D") and outcome.spent == 95
    assert [(t.tied, t.chosen) for t in outcome.ties] == [(("C", "B"), "C")]  # listed in the tie rule's order


def test_what_is_written_reads_back_the_same():
    pb = read_pabulib(SMALL.encode(), "vote.pb")
    text = write_pabulib(pb.meta, pb.projects,
                         [{**v, "vote": v["vote"].split(",")} for v in pb.votes])
    again = read_pabulib(text, "again.pb")
    assert again.meta == pb.meta and again.projects == pb.projects and again.votes == pb.votes
    assert (again.election().approvals == pb.election().approvals).all()


def test_num_projects_and_votes_are_written_from_what_is_there():
    text = write_pabulib({"budget": 10, "num_votes": 99}, [{"project_id": "1", "cost": 10}],
                         [{"voter_id": "v1", "vote": ["1"]}])
    pb = read_pabulib(text, "made.pb")
    assert pb.meta["num_votes"] == "1" and pb.meta["num_projects"] == "1" and pb.meta["vote_type"] == "approval"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_elections_written_and_read_count_as_pabutools_does(seed):
    """Seeded elections of 120 voters and 10 projects, through the writer and reader, against pabutools."""
    rng = np.random.default_rng(seed)
    costs = rng.integers(5, 60, size=10) * 1000
    popularity = rng.uniform(0.05, 0.6, size=10)
    approvals = rng.uniform(size=(120, 10)) < popularity
    approvals[approvals.sum(axis=1) == 0, 0] = True  # every voter approves something (min_length 1)
    projects = [{"project_id": str(100 + j), "cost": int(c), "votes": int(approvals[:, j].sum())} for j, c in enumerate(costs)]
    votes = [{"voter_id": str(i + 1), "vote": [str(100 + j) for j in np.flatnonzero(row)]} for i, row in enumerate(approvals)]
    pb = read_pabulib(write_pabulib({"budget": 150_000, "min_length": 1}, projects, votes), f"random-{seed}.pb")
    election = pb.election()
    for rule in ("greedy", "equal-shares"):
        assert sorted(counting.count(election, rule, ties=("id",)).winners) == _pabutools(election, rule)


@pytest.mark.parametrize("change, expected", [
    (("5;B,C;52;F;paper", "5;B,E;52;F;paper"), "line 27: the vote approves E, which is not a project in PROJECTS"),
    (("5;B,C;52;F;paper", "3;B,C;52;F;paper"), "line 27: voter 3 voted twice (first at line 25)"),
    (("5;B,C;52;F;paper", "5;B,B;52;F;paper"), "line 27: the vote names a project twice"),
    (("5;B,C;52;F;paper", "5;A,B,C,D;52;F;paper"), "line 27: the vote approves 4 projects; max_length is 3"),
    (("B;35;3;", "B;thirty;3;"), "line 18: project B's cost 'thirty' is not a whole amount of money"),
    (("B;35;3;", "A;35;3;"), "line 18: project A is listed twice (first at line 17)"),
    (("C;30;3;", "C;30;7;"), "line 19: project C says 7 votes but 3 votes in VOTES approve it"),
    (("num_votes;6", "num_votes;7"), "line 8: num_votes is 7 but the file has 6"),
    (("budget;100", "budget;a hundred"), "line 9: the budget 'a hundred' is not a whole amount of money"),
    (("vote_type;approval", "vote_type;ordinal"), "line 10: the ballots are 'ordinal'; the platform counts approval ballots only"),
    (("D;5;1;Seed library;environment;None;1", "D;5;1;Seed library;None;1"), "line 20: the row has 6 cells; its header has 7"),
    (("voter_id;vote;", "voter;vote;"), "line 22: the header has no voter_id column"),
    (("selected\r\n", "selected\r\nE;5;0;Spare;None;None;yes\r\n"), "line 17: selected is 'yes'; it is 1 (funded) or 0"),
])
def test_a_bad_file_is_refused_at_its_line(change, expected):
    problems = _problems(SMALL.replace(*change, 1))
    assert f"vote.pb, {expected}" in problems, problems


def test_a_file_that_is_not_pabulib_says_so():
    assert _problems("project_id,cost\r\n1,100\r\n") == [
        "vote.pb, line 1: this is not a Pabulib file: it must start with META, then PROJECTS and VOTES"]
    assert _problems(SMALL.split("VOTES")[0]) == ["vote.pb: the VOTES section (with its header row) is missing"]
    assert _problems(SMALL.replace("VOTES", "PROJECTS", 1)) == [
        "vote.pb, line 21: a second PROJECTS section; a file has one of each"]


def test_the_count_command_prints_the_winners_and_compares_them_with_the_file(tmp_path, capsys):
    path = tmp_path / "ward.pb"
    path.write_text(SMALL, encoding="utf-8")
    call_command("grants", "count", str(path), "--ties", "lower-cost")
    printed = capsys.readouterr().out
    assert "6 voters, 4 projects, budget 100; counted by greedy" in printed
    assert "Ties go to lower cost." in printed
    assert "Spent 95 of 100 on 3 project(s)." in printed
    assert "Tie at place 2: C, B were level; C went first." in printed
    assert "The same projects as the file says were funded." in printed

    call_command("grants", "count", str(path), "--ties", "id", "--format", "csv")
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "place,project_id,name,cost,votes,funded_by_the_city"
    assert rows[1:] == ['1,A,"Seats at the ""Green"" bus stop",60,4,yes', "2,B,Cookery club,35,3,no",
                        "3,D,Seed library,5,1,yes"]

    call_command("grants", "count", str(path), "--ties", "id")
    assert "Not the projects the file says were funded: funded by this count only: B; funded in the file only: C." \
        in capsys.readouterr().out


def test_the_count_command_refuses_a_bad_file_or_rule(tmp_path):
    path = tmp_path / "ward.pb"
    path.write_text(SMALL.replace("5;B,C", "5;B,Z"), encoding="utf-8")
    with pytest.raises(CommandError, match="line 27: the vote approves Z"):
        call_command("grants", "count", str(path))
    path.write_text(SMALL.replace("rule;greedy", "rule;unitarian"), encoding="utf-8")
    with pytest.raises(CommandError, match="The file's rule is 'unitarian'; choose one with --rule"):
        call_command("grants", "count", str(path))
    with pytest.raises(CommandError, match="'fewest-votes' is not a tie rule"):
        call_command("grants", "count", str(path), "--rule", "greedy", "--ties", "fewest-votes")
    with pytest.raises(CommandError, match="no such file"):
        call_command("grants", "count", str(tmp_path / "missing.pb"))
