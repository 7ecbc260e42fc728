"""A participatory vote through the services: who may vote, once, paper ballots checked by a second officer, the
count by the round's rule. Every refusal writes nothing."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from healthyplaces.accounts.models import Role
from healthyplaces.accounts.permissions import can, refusal
from healthyplaces.accounts.services import create_person
from healthyplaces.grants import counting, voting
from healthyplaces.grants.models import Application, Ballot, CallOut, Round, VoteResult
from healthyplaces.grants.pabulib import read_pabulib
from healthyplaces.places.models import Lsoa, Postcode
from healthyplaces.testing import PASSWORD, database_snapshot

BORN = date(1980, 3, 27)
HOME = "TS18 1AA"  # live, in Stockton-on-Tees (E01033477)


def cast(round_, choices, name="Sam Smith", born=BORN, postcode=HOME, **options):
    return voting.cast(round_, name=name, date_of_birth=born, postcode=postcode,
                       choices=[round_.projects[c].pk for c in choices], **options)


def second_officer(people):
    return create_person("second-officer", role=Role.OFFICER, organisation=people[Role.OFFICER].memberships.first().organisation,
                         password=PASSWORD)[0]


def refused(round_, field, words, **ballot):
    """The ballot is refused with these words on this field, and nothing of the grants app changes."""
    before = database_snapshot(app="grants")
    with pytest.raises(ValidationError) as error:
        cast(round_, **ballot)
    assert words in " ".join(error.value.message_dict[field])
    assert database_snapshot(app="grants") == before


def test_a_resident_votes_and_only_a_keyed_hash_of_who_they_are_is_kept(vote):
    ballot = cast(vote, ["Seats", "Garden"], name="  sam   SMITH ", postcode="ts181aa")
    assert ballot.lot == vote.call_outs.get().lot and ballot.lsoa == "E01033477" and ballot.counts
    assert sorted(ballot.choices.values_list("title", flat=True)) == ["Garden", "Seats"]
    stored = " ".join(map(str, Ballot.objects.values_list().get()))
    assert "sam" not in stored.lower() and "1980" not in stored and "TS18" not in stored
    assert ballot.voter_key == voting.voter_key(vote, "Sam Smith", BORN, "TS18 1AA")  # the same person, any spacing
    assert ballot.voter_key != voting.voter_key(vote, "Sam Smith", BORN.replace(day=28), "TS18 1AA")


@pytest.mark.parametrize("postcode, words", [
    ("", "Enter the postcode where you live"),
    ("TS18", "TS18 is not a full postcode"),
    ("ZZ99 9ZZ", "ZZ99 9ZZ is not in England's postcode files"),
    ("TS15 0WY", "TS15 0WY was terminated in June 2008: enter the postcode where you live now."),
])
def test_a_postcode_that_places_nobody_is_refused(vote, postcode, words):
    refused(vote, "postcode", words, choices=["Seats"], postcode=postcode)


def test_a_postcode_outside_the_lot_is_refused(vote):
    lot = vote.call_outs.get().lot
    lot.local_authorities.clear()
    lot.lsoas.set(Lsoa.objects.filter(code="E01012187", vintage=2011))  # the lot is now one LSOA of Stockton; TS18 1AA lies in another
    inside = Postcode.objects.filter(lsoa11="E01012187", live=True).first()
    refused(vote, "postcode", "TS18 1AA is outside the area of this vote (Stockton)", choices=["Seats"])
    assert cast(vote, ["Seats"], postcode=inside.postcode).lsoa == "E01012187"


@pytest.mark.parametrize("ballot, field, words", [
    ({"choices": ["Seats", "Garden", "Mural"]}, "choices", "You chose 3 projects: this vote allows up to 2."),
    ({"choices": []}, "choices", "Choose at least one project."),
    ({"choices": ["Late entry"]}, "choices", "Choose only projects on the ballot for Stockton."),
    ({"choices": ["Seats"], "name": " "}, "name", "Enter your full name."),
    ({"choices": ["Seats"], "born": None}, "date_of_birth", "Enter your date of birth"),
    ({"choices": ["Seats"], "born": date.today() + timedelta(days=1)}, "date_of_birth", "must be in the past"),
    ({"choices": ["Seats"], "born": date(1890, 1, 1)}, "date_of_birth", "is more than 120 years ago"),
])
def test_a_ballot_that_breaks_the_rule_is_refused(vote, ballot, field, words):
    refused(vote, field, words, **ballot)


def test_a_knapsack_ballot_over_the_budget_is_refused(vote):
    vote.approval_limit = None
    vote.save()
    refused(vote, "choices", "The projects you chose cost £12,000.00 together, more than Stockton's budget of "
                             "£10,000.00", choices=["Seats", "Garden", "Mural"])
    vote.counting_rule = Round.Rule.EQUAL_SHARES  # an approval ballot: any projects may be approved
    vote.save()
    assert cast(vote, ["Seats", "Garden", "Mural"]).choices.count() == 3


def test_one_person_votes_once_online_or_on_paper(vote, people):
    officer = people[Role.OFFICER]
    cast(vote, ["Mural"], name="Pat Lee", channel=Ballot.Channel.PAPER, by=officer, paper_number="P-17")
    refused(vote, "__all__", "already voted in this round (on a paper ballot)", choices=["Seats"], name="PAT LEE")
    cast(vote, ["Seats"])
    refused(vote, "__all__", "already voted in this round (online)", choices=["Garden"],
            channel=Ballot.Channel.PAPER, by=officer)
    assert cast(vote, ["Garden"], name="Sam Smith", born=date(1981, 3, 27)).counts  # another person


def test_the_same_paper_ballot_entered_twice_at_once_is_stored_once(vote, people):
    """The unique voter key is the database's: an insert racing past the first look is refused by the constraint."""
    cast(vote, ["Mural"], channel=Ballot.Channel.PAPER, by=people[Role.OFFICER])
    first = Ballot.objects.get()
    with pytest.raises(IntegrityError):
        Ballot.objects.create(round=vote, lot=first.lot, voter_key=first.voter_key, lsoa=first.lsoa,
                              channel=Ballot.Channel.PAPER)


def test_a_vote_is_taken_only_while_the_round_is_deciding(vote):
    vote.status = Round.Status.OPEN
    vote.save()
    refused(vote, "__all__", "This vote is not open yet.", choices=["Seats"])
    vote.status, vote.decision = Round.Status.DECIDING, Round.Decision.PANEL
    vote.save()
    refused(vote, "__all__", "This round is decided by a panel, not by a vote.", choices=["Seats"])


def test_a_paper_ballot_counts_once_a_second_officer_checks_it(vote, people):
    officer, other = people[Role.OFFICER], second_officer(people)
    ballot = cast(vote, ["Mural"], channel=Ballot.Channel.PAPER, by=officer)
    assert not ballot.counts
    assert refusal(officer, "ballot.check", ballot) == "You entered this paper ballot: a second officer checks it."
    with pytest.raises(ValidationError, match="a second officer checks it"):
        voting.check_paper(ballot, by=officer, correct=True)
    assert can(other, "ballot.check", ballot) and not can(people[Role.ANALYST], "ballot.check", ballot)
    with pytest.raises(ValidationError, match="wait for a second officer's check"):
        voting.count_vote(vote, by=other)
    voting.check_paper(ballot, by=other, correct=True)
    ballot.refresh_from_db()
    assert ballot.counts and ballot.checked_by == other
    with pytest.raises(ValidationError, match="checked already"):
        voting.check_paper(ballot, by=other, correct=False)
    assert Ballot.objects.filter(pk=ballot.pk).exists()


def test_a_paper_ballot_found_wrong_is_removed_to_be_entered_again(vote, people):
    ballot = cast(vote, ["Mural"], channel=Ballot.Channel.PAPER, by=people[Role.OFFICER])
    voting.check_paper(ballot, by=second_officer(people), correct=False)
    assert not Ballot.objects.exists()
    assert cast(vote, ["Seats"], channel=Ballot.Channel.PAPER, by=people[Role.OFFICER]).choices.get().title == "Seats"


def test_only_the_funds_officers_enter_paper_ballots_and_count(vote, people):
    assert can(people[Role.OFFICER], "ballot.enter", vote) and can(people[Role.OFFICER], "vote.count", vote)
    for role in (Role.ANALYST, Role.PARTNER, Role.PANEL_MEMBER, Role.APPLICANT):
        assert refusal(people[role], "ballot.enter", vote) and refusal(people[role], "vote.count", vote)
    assert can(AnonymousUser(), "vote.cast")  # residents vote without signing in


def test_the_count_by_the_rounds_rule_is_stored_with_its_tie_rule(vote, people):
    """Seats 3 votes, Mural 2, Garden 2 (tied): greedy funds Seats (4,000), then Garden before Mural (the tie goes to
    the lower cost), 7,000; Mural (5,000) no longer fits the 3,000 left."""
    for n, choices in enumerate([["Seats", "Mural"], ["Seats", "Garden"], ["Seats"], ["Mural"], ["Garden"]]):
        cast(vote, choices, name=f"Voter {n}")
    results = voting.count_vote(vote, by=people[Role.OFFICER])
    vote.refresh_from_db()
    assert vote.status == Round.Status.DECIDED
    (result,) = results
    projects = vote.projects
    assert result.winners == [projects["Seats"].pk, projects["Garden"].pk]
    assert result.spent == Decimal("7000") and result.ballots == 5 and result.budget == Decimal("10000")
    assert result.votes == {str(projects[t].pk): v for t, v in [("Seats", 3), ("Garden", 2), ("Mural", 2)]}
    assert result.tie_rule == counting.describe_ties()
    assert result.ties == [{"step": 2, "tied": [projects["Garden"].pk, projects["Mural"].pk], "chosen": projects["Garden"].pk}]
    rows = voting.result_rows(result)
    assert [(r.application.title, r.votes, r.funded) for r in rows] == [
        ("Seats", 3, True), ("Garden", 2, True), ("Mural", 2, False)]
    with pytest.raises(ValidationError, match="counted already"):
        voting.count_vote(vote, by=people[Role.OFFICER])
    with pytest.raises(ValidationError, match="This vote has closed"):
        cast(vote, ["Seats"], name="Late voter")
    assert VoteResult.objects.count() == 1


def test_equal_shares_counts_as_the_counting_module_does(vote, people):
    vote.counting_rule, vote.approval_limit = Round.Rule.EQUAL_SHARES, None
    vote.save()
    ballots = [["Seats", "Mural"], ["Seats", "Garden"], ["Mural"], ["Mural", "Garden"], ["Garden"]]
    for n, choices in enumerate(ballots):
        cast(vote, choices, name=f"Voter {n}")
    (result,) = voting.count_vote(vote, by=people[Role.OFFICER])
    references = {a.pk: a.reference for a in vote.projects.values()}
    expected = counting.equal_shares(counting.Election(
        [a.reference for a in vote.projects.values() if a.shortlisted], [4000, 3000, 5000], 10000,
        [[vote.projects[c].reference for c in b] for b in ballots]))
    assert [references[pk] for pk in result.winners] == list(expected.winners)
    assert "add1 completion" in result.note


def test_the_pabulib_file_of_a_count_holds_no_personal_data_and_counts_the_same(vote, people):
    for n, choices in enumerate([["Seats", "Mural"], ["Seats", "Garden"], ["Garden"]]):
        cast(vote, choices, name=f"Voter {n}")
    (result,) = voting.count_vote(vote, by=people[Role.OFFICER])
    text = voting.pabulib_text(result)
    assert "Voter" not in text and "1980" not in text and "TS18" not in text and "E01033477" not in text
    read = read_pabulib(text, "vote.pb")
    outcome = counting.greedy(read.election())
    # Seats and Garden 2 votes each: the tie goes to the lower cost, Garden (3,000) before Seats (4,000)
    assert list(outcome.winners) == [vote.projects[t].reference for t in ("Garden", "Seats")]
    assert result.winners == [vote.projects[t].pk for t in ("Garden", "Seats")]
    assert set(read.selected) == set(outcome.winners)
