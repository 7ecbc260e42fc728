"""The vote's and the awards' pages through the test client (no JavaScript): what each person sees and may do."""
from datetime import date

import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.accounts.services import create_person
from healthyplaces.grants.models import Award, Ballot, Round
from healthyplaces.testing import PASSWORD


def ballot_data(vote, choices, name="Sam Smith", postcode="TS18 1AA", **more):
    return {"step": "ballot", "name": name, "date_of_birth_day": "27", "date_of_birth_month": "3",
            "date_of_birth_year": "1980", "postcode": postcode, "choices": [vote.projects[c].pk for c in choices], **more}


def second_officer(people):
    council = people[Role.OFFICER].memberships.first().organisation
    return create_person("second-officer", role=Role.OFFICER, organisation=council, password=PASSWORD)[0]


def test_a_resident_gives_a_postcode_then_votes(vote, client):
    url = f"/grants/votes/{vote.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and b"Your postcode" in page.content
    outside = client.post(url, {"step": "postcode", "postcode": "TS15 0WY"})
    assert "TS15 0WY was terminated in June 2008" in outside.content.decode()
    assert 'value="TS15 0WY"' in outside.content.decode()  # what was typed is kept
    ballot = client.post(url, {"step": "postcode", "postcode": "ts18 1aa"})
    text = ballot.content.decode()
    assert "Your ballot for Stockton" in text and "Seats" in text and "Late entry" not in text
    too_many = client.post(url, ballot_data(vote, ["Seats", "Garden", "Mural"]))
    text = too_many.content.decode()
    assert "You chose 3 projects: this vote allows up to 2." in text
    assert 'value="Sam Smith"' in text and text.count("checked") == 3  # the ballot is shown again as it was
    assert not Ballot.objects.exists()
    done = client.post(url, ballot_data(vote, ["Seats", "Garden"]))
    assert done.status_code == 302 and done["Location"] == f"/grants/votes/{vote.pk}/voted/"
    assert Ballot.objects.get().choices.count() == 2
    again = client.post(url, ballot_data(vote, ["Mural"], name="SAM SMITH"))
    assert "already voted in this round (online)" in again.content.decode() and Ballot.objects.count() == 1


def test_a_paper_ballot_is_entered_checked_by_another_officer_and_refuses_the_online_vote(vote, people, client_for):
    officer = client_for(people[Role.OFFICER])
    url = f"/grants/votes/{vote.pk}/paper/"
    entered = officer.post(url, {**ballot_data(vote, ["Mural"], name="Pat Lee"), "paper_number": "P-17"})
    assert entered.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper" and not ballot.counts and ballot.entered_by == people[Role.OFFICER]
    page = officer.get(url).content.decode()
    assert "Another officer checks it" in page and "1 paper ballot waits" in page
    assert officer.get(f"/grants/votes/ballots/{ballot.pk}/check/").status_code == 403
    other = client_for(second_officer(people))
    check = other.get(f"/grants/votes/ballots/{ballot.pk}/check/")
    assert "Mural" in check.content.decode()
    assert other.post(f"/grants/votes/ballots/{ballot.pk}/check/", {"correct": "yes"}).status_code == 302
    ballot.refresh_from_db()
    assert ballot.counts and ballot.checked_by.username == "second-officer"
    resident = client_for(None)
    refused = resident.post(f"/grants/votes/{vote.pk}/", ballot_data(vote, ["Seats"], name="pat lee"))
    assert "already voted in this round (on a paper ballot)" in refused.content.decode()
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize("role, status", [(None, 302), (Role.ANALYST, 403), (Role.PARTNER, 403),
                                          (Role.PANEL_MEMBER, 403), (Role.OFFICER, 200)])
def test_only_the_funds_officers_open_the_paper_ballots(vote, people, client_for, role, status):
    client = client_for(people[role] if role else None)
    assert client.get(f"/grants/votes/{vote.pk}/paper/").status_code == status
    assert client.post(f"/grants/votes/{vote.pk}/count/").status_code in (status, 302 if status == 200 else status)
    vote.refresh_from_db()
    assert vote.status == (Round.Status.DECIDED if role == Role.OFFICER else Round.Status.DECIDING)


def test_a_durham_officer_is_refused_stocktons_vote(vote, client_for):
    from healthyplaces.accounts.models import Organisation

    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    officer = create_person("durham-officer", role=Role.OFFICER, organisation=durham, password=PASSWORD)[0]
    page = client_for(officer).get(f"/grants/votes/{vote.pk}/paper/")
    assert page.status_code == 403 and "Only the officers of the councils" in page.content.decode()


def test_results_awards_and_open_data_are_published(vote, people, client_for):
    resident = client_for(None)
    for n, choices in enumerate([["Seats", "Mural"], ["Seats", "Garden"], ["Mural"], ["Garden"]]):
        resident.post(f"/grants/votes/{vote.pk}/", ballot_data(vote, choices, name=f"Voter {n}"))
    assert Ballot.objects.count() == 4
    assert "has not been counted yet" in resident.get(f"/grants/votes/{vote.pk}/results/").content.decode()
    officer = client_for(people[Role.OFFICER])
    counted = officer.post(f"/grants/votes/{vote.pk}/count/")
    assert counted.status_code == 302 and counted["Location"] == f"/grants/votes/{vote.pk}/results/"
    resident = client_for(None)
    text = resident.get(f"/grants/votes/{vote.pk}/results/").content.decode()
    # Seats 2 votes (£4,000), Garden 2 (£3,000), Mural 2 (£5,000): all level, the tie goes to the lower cost
    assert "Ties go to more votes, then lower cost" in text
    assert "Garden, Seats, Mural were level; Garden went first." in text
    assert "4 ballots counted. £7,000.00 of £10,000.00 funded; £3,000.00 left." in text
    pb = resident.get(f"/grants/votes/{vote.pk}/results/{vote.call_outs.get().lot_id}.pb")
    assert pb.status_code == 200 and b"Voter" not in pb.content and b"VOTES" in pb.content
    assert "This vote has closed" in resident.get(f"/grants/votes/{vote.pk}/").content.decode()
    assert resident.get("/grants/awards/").status_code == 302  # officers only
    officer = client_for(people[Role.OFFICER])  # the one test client, signed in again
    made = officer.post(f"/grants/rounds/{vote.pk}/awards/", {"award_date_day": "1", "award_date_month": "4",
                                                             "award_date_year": "2026"})
    assert made.status_code == 302 and Award.objects.count() == 2
    assert Award.objects.first().award_date == date(2026, 4, 1)
    listed = officer.get("/grants/awards/").content.decode()
    assert "Seats" in listed and "Garden" in listed and "£3,000.00" in listed
    resident = client_for(None)
    package = resident.get("/grants/awards/360giving.json").json()
    assert sorted(g["title"] for g in package["grants"]) == ["Garden", "Seats"]
    assert b"Amount Awarded" in resident.get("/grants/awards/360giving.csv").content


def test_the_api_publishes_counted_results_and_awards_only(vote, people, client_for):
    resident = client_for(None)
    assert resident.get(f"/api/grants/votes/{vote.pk}/results").json()["counted"] is False
    for n, choices in enumerate([["Seats"], ["Seats", "Mural"], ["Garden"]]):
        resident.post(f"/grants/votes/{vote.pk}/", ballot_data(vote, choices, name=f"Voter {n}"))
    from healthyplaces.grants import awards, voting

    voting.count_vote(vote, by=people[Role.OFFICER])
    awards.make_awards(vote, by=people[Role.OFFICER], award_date=date(2026, 4, 1))
    found = resident.get(f"/api/grants/votes/{vote.pk}/results").json()
    (lot,) = found["lots"]
    assert lot["ballots"] == 3 and lot["rule"] == "greedy"
    # Seats 2 votes (4,000), then Garden 1 and Mural 1 level: Garden (3,000) first by the lower cost; Mural no longer fits
    assert [(p["title"], p["votes"], p["funded"]) for p in lot["projects"]] == [
        ("Seats", 2, True), ("Garden", 1, True), ("Mural", 1, False)]
    assert "voter_key" not in str(found) and "Voter 0" not in str(found)
    listed = resident.get("/api/grants/awards?fund=Stockton wellbeing pot").json()
    assert sorted((a["title"], a["amount"]) for a in listed) == [("Garden", "3000.00"), ("Seats", "4000.00")]
    assert resident.get("/api/grants/awards?fund=Another pot").json() == []


def test_the_votes_list_shows_the_open_vote_then_its_results(vote, people, client_for):
    listed = client_for(None).get("/grants/votes/").content.decode()
    assert f'href="/grants/votes/{vote.pk}/"' in listed and "Residents decide" in listed
    vote.status = Round.Status.DECIDED
    vote.save()
    listed = client_for(None).get("/grants/votes/").content.decode()
    assert f'href="/grants/votes/{vote.pk}/results/"' in listed and f'href="/grants/votes/{vote.pk}/"' not in listed
