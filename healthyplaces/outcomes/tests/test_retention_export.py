"""Retention (records past it anonymised by the scheduled task), erasing who someone is on request, and the
evaluator's export (pseudonymised, spreadsheet-safe; suppressed figures for everyone else)."""
import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from healthyplaces.accounts.models import AuditEvent, Organisation, Role
from healthyplaces.outcomes import services
from healthyplaces.outcomes.models import Goal, Identity, Participant, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(people):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    made = Programme.objects.create(name="Peer advocacy", slug="peer-advocacy", kind="peer_advocacy",
                                    organisation=council, holds_identity=True, retention_months=24,
                                    outcomes=[{"code": "tenancy", "label": "Tenancy"}])
    made.areas.add("E06000004")
    made.workers.add(people[Role.WORKER])
    made.officers.add(people[Role.OFFICER])
    made.evaluators.add(people[Role.EVALUATOR])
    return made


def _person(programme, reference, left_on=None, name="Jo Bloggs"):
    participant = services.add_participant(programme, reference=reference, joined_on=date(2023, 3, 17),
                                           referred_on=date(2023, 3, 9), identity={"name": name})
    Goal.objects.create(participant=participant, text=f"Stay near my sister in Norton ({reference})",
                        set_on=date(2023, 4, 2), progress="achieved")
    if left_on:
        participant.left_on = left_on
        participant.save()
    return participant


def test_records_past_retention_are_anonymised_by_the_scheduled_task_and_the_rest_kept(programme):
    today = date.today()
    gone = _person(programme, "PA-0001", left_on=today - timedelta(days=2 * 366 + 1))
    recent = _person(programme, "PA-0002", left_on=today - timedelta(days=300))
    staying = _person(programme, "PA-0003")
    out = io.StringIO()
    call_command("outcomes", "anonymise", stdout=out)
    assert "1 participant record anonymised" in out.getvalue()
    gone.refresh_from_db()
    assert gone.anonymised_on == today and gone.reference == f"ANON-{gone.pk}"
    assert not Identity.objects.filter(participant=gone).exists()
    assert gone.joined_on == date(2023, 3, 1) and gone.referred_on == date(2023, 3, 1) and gone.left_on.day == 1
    goal = gone.goals.get()
    assert "Norton" not in goal.text and goal.progress == "achieved"  # the figures' inputs stay
    for kept in (recent, staying):
        kept.refresh_from_db()
        assert kept.anonymised_on is None and Identity.objects.filter(participant=kept).exists()
        assert "Norton" in kept.goals.get().text
    call_command("outcomes", "anonymise", stdout=(again := io.StringIO()))
    assert "0 participant records" in again.getvalue()


def test_a_worker_erases_who_someone_is_and_the_anonymous_record_stays(programme, people, client_for):
    participant = _person(programme, "PA-0001")
    url = f"/outcomes/peer-advocacy/participants/{participant.pk}/identity/erase/"
    assert client_for(people[Role.OFFICER]).post(url).status_code == 403
    assert Identity.objects.filter(participant=participant).exists()
    answer = client_for(people[Role.WORKER]).post(url)
    assert answer.status_code == 302
    assert not Identity.objects.filter(participant=participant).exists()
    assert Participant.objects.filter(pk=participant.pk).exists() and participant.goals.count() == 1
    assert AuditEvent.objects.filter(model="outcomes.Identity", action="delete").exists()


def _csv(answer):
    return list(csv.reader(io.StringIO(answer.content.decode())))


def test_the_evaluator_gets_pseudonymised_rows_and_others_the_suppressed_figures(programme, people, client_for):
    for number in range(1, 4):
        _person(programme, f"PA-000{number}", name="=HYPERLINK(\"x\")")
    participant = Participant.objects.get(reference="PA-0001")
    participant.ethnicity = "white"
    participant.save()
    rows = _csv(client_for(people[Role.EVALUATOR]).get("/outcomes/peer-advocacy/export.csv"))
    header, body = rows[0], rows[1:]
    assert len(body) == 3 and header[:2] == ["participant", "age_band"]
    text = "\n".join(",".join(row) for row in rows)
    for private in ("PA-000", "Jo Bloggs", "HYPERLINK", "Norton", "2023-03-17", "E010"):
        assert private not in text, private
    assert {row[header.index("joined_month")] for row in body} == {"2023-03"}
    assert {row[header.index("goals_achieved")] for row in body} == {"1"}
    again = _csv(client_for(people[Role.EVALUATOR]).get("/outcomes/peer-advocacy/export.csv"))
    assert [row[0] for row in again] == [row[0] for row in rows]  # the same pseudonyms each time
    assert AuditEvent.objects.filter(action="view", changes__read="evaluator's export").exists()

    figures = _csv(client_for(people[Role.OFFICER]).get("/outcomes/peer-advocacy/export.csv"))
    assert figures[0][:3] == ["split", "group", "figure"]
    engaged = next(row for row in figures if row[:3] == ["Whole programme", "All", "People engaged"])
    assert engaged[4] == ""  # 3 people: under 5, not shown
    assert client_for(people[Role.ANALYST]).get("/outcomes/peer-advocacy/export.csv").status_code == 403


def test_an_export_cell_a_spreadsheet_would_run_is_made_text(programme, people, client_for):
    programme.outcomes = [{"code": "odd", "label": '=HYPERLINK("http://example.org")'}]
    programme.save()
    _person(programme, "PA-0001")
    rows = _csv(client_for(people[Role.OFFICER]).get("/outcomes/peer-advocacy/export.csv"))
    labels = {row[2] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://example.org\")" in labels
    assert not any(cell.startswith("=") for row in rows for cell in row)
