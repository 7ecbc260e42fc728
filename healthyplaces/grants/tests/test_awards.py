"""Awards from a decided round, within each lot's budget, and `grants export-360giving` against the schema."""
import csv
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from healthyplaces.accounts.models import Role
from healthyplaces.grants import awards, voting
from healthyplaces.grants.models import Application, Award, Round
from healthyplaces.grants.tests.giving_schema import problems
from healthyplaces.testing import database_snapshot

AWARDED = date(2026, 4, 1)


def counted(vote, people):
    """Seats 3 votes, Garden 2, Mural 1: the greedy rule funds Seats and Garden (£7,000 of £10,000)."""
    for n, choices in enumerate([["Seats", "Mural"], ["Seats", "Garden"], ["Seats", "Garden"]]):
        voting.cast(vote, name=f"Voter {n}", date_of_birth=date(1970, 1, 1), postcode="TS18 1AA",
                    choices=[vote.projects[c].pk for c in choices])
    voting.count_vote(vote, by=people[Role.OFFICER])
    return vote


def test_a_counted_vote_awards_its_winners_once(vote, people):
    made = awards.make_awards(counted(vote, people), by=people[Role.OFFICER], award_date=AWARDED,
                              planned_start=date(2026, 5, 1), planned_end=date(2027, 3, 31))
    assert [(a.application.title, a.amount) for a in made] == [("Seats", Decimal("4000")), ("Garden", Decimal("3000"))]
    assert awards.make_awards(vote, by=people[Role.OFFICER], award_date=AWARDED) == []  # already awarded
    assert Award.objects.count() == 2


def test_awards_wait_for_the_count(vote, people):
    with pytest.raises(ValidationError, match="Count the vote before making its awards."):
        awards.make_awards(vote, by=people[Role.OFFICER], award_date=AWARDED)


def test_an_award_above_the_lots_remaining_budget_is_refused_and_nothing_stored(vote, people, pot):
    """An earlier round's award of £5,000 leaves £5,000 in the Stockton lot: Seats (£4,000) fits, Garden (£3,000)
    does not, so neither is awarded."""
    earlier = Application.objects.create(call_out=pot, organisation=pot.round.fund.organisation, applicant_name="Earlier",
                                         contact_name="A Person", title="Earlier project", amount=Decimal("5000"),
                                         status=Application.Status.SUBMITTED)
    Award.objects.create(application=earlier, amount=Decimal("5000"), award_date=AWARDED)
    counted(vote, people)
    before = database_snapshot(app="grants")
    with pytest.raises(ValidationError) as refused:
        awards.make_awards(vote, by=people[Role.OFFICER], award_date=AWARDED)
    reference = vote.projects["Garden"].reference
    assert refused.value.messages == [f"An award of £3,000.00 to {reference} (Garden) is more than the £1,000.00 left "
                                      "in Stockton's budget: no award was made."]
    assert database_snapshot(app="grants") == before


def test_planned_dates_in_order(vote, people):
    with pytest.raises(ValidationError, match="planned end must be on or after"):
        awards.make_awards(counted(vote, people), by=people[Role.OFFICER], award_date=AWARDED,
                           planned_start=date(2026, 5, 1), planned_end=date(2026, 4, 1))
    assert not Award.objects.exists()


def test_a_panel_round_awards_its_recommendation(pot, people):
    from healthyplaces.grants import services

    member = people[Role.PANEL_MEMBER]
    made = []
    for title, amount, score in [("Walks", "1500", 5), ("Lunches", "2000", 3)]:
        application = Application.objects.create(
            call_out=pot, organisation=pot.round.fund.organisation, applicant_name=f"{title} group",
            contact_name="A Person", title=title, amount=Decimal(amount), status=Application.Status.SUBMITTED)
        services.save_scores(application, member, {c.pk: (score, "") for c in services.principles(pot)})
        made.append(application)
    pot.budget = Decimal("3000")  # room for Walks (1,500) but not then Lunches (2,000)
    pot.save()
    with pytest.raises(ValidationError, match="still taking applications"):
        awards.make_awards(pot.round, by=people[Role.OFFICER], award_date=AWARDED)
    pot.round.status = Round.Status.DECIDING
    pot.round.save()
    found = awards.make_awards(pot.round, by=people[Role.OFFICER], award_date=AWARDED)
    assert [a.application.title for a in found] == ["Walks"]
    pot.round.refresh_from_db()
    assert pot.round.status == Round.Status.DECIDED


def test_the_360giving_package_of_stored_awards_validates(vote, people):
    awards.make_awards(counted(vote, people), by=people[Role.OFFICER], award_date=AWARDED,
                       planned_start=date(2026, 5, 1), planned_end=date(2027, 3, 31))
    document = awards.package()
    assert problems(document) == []
    first = document["grants"][0]
    award = Award.objects.get(application=vote.projects["Seats"])
    assert first["id"] == f"360G-healthyplaces-{award.reference}"
    assert first["recipientOrganization"][0]["id"] == f"360G-healthyplaces-GROUP-{vote.projects['Seats'].reference}"
    assert first["fundingOrganization"][0]["name"] == "Stockton-on-Tees Borough Council"
    assert [(p["geoCode"], p["geoCodeType"]) for p in first["beneficiaryLocation"]] == [("E06000004", "UA")]
    assert first["fromOpenCall"] == "Yes" and first["plannedDates"] == [{"startDate": "2026-05-01", "endDate": "2027-03-31"}]
    assert first["grantProgramme"][0]["title"] == "Stockton wellbeing pot: Residents decide"


def test_the_export_command_writes_json_xlsx_and_csv(vote, people, tmp_path):
    awards.make_awards(counted(vote, people), by=people[Role.OFFICER], award_date=AWARDED)
    Application.objects.filter(pk=vote.projects["Seats"].pk).update(title="=SUM(A1:A9)")
    call_command("grants", "export-360giving", "--fund", "Stockton wellbeing pot", "--output", str(tmp_path / "a.json"))
    document = json.loads((tmp_path / "a.json").read_text())
    assert problems(document) == [] and len(document["grants"]) == 2
    call_command("grants", "export-360giving", "--output", str(tmp_path / "a.xlsx"))
    sheet = load_workbook(tmp_path / "a.xlsx").active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Identifier", "Title") and "Funding Org:Identifier" in rows[0]
    assert {row[1] for row in rows[1:]} == {"'=SUM(A1:A9)", "Garden"}
    call_command("grants", "export-360giving", "--output", str(tmp_path / "a.csv"))
    with open(tmp_path / "a.csv", newline="") as f:
        read = list(csv.DictReader(f))
    assert {row["Title"] for row in read} == {"'=SUM(A1:A9)", "Garden"}
    assert {row["Amount Awarded"] for row in read} == {"4000", "3000"}


@pytest.mark.parametrize("arguments, words", [
    (["--fund", "No such pot", "--output", "x.json"], "No fund is called 'No such pot'"),
    (["--output", "x.txt"], "name the output .json, .xlsx or .csv"),
])
def test_the_export_command_refuses_what_it_cannot_do(db, arguments, words):
    with pytest.raises(CommandError, match=words):
        call_command("grants", "export-360giving", *arguments)
