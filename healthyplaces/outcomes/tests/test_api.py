"""The outcomes API: programmes within reach, measures (no licensed wording), figures suppressed for everyone but
the programme's named people, and participants for its named workers and officers only, each read audited."""
from datetime import date, timedelta

import pytest

from healthyplaces.accounts.models import AuditEvent, Organisation, Role
from healthyplaces.outcomes.models import Goal, Participant, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(people):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    made = Programme.objects.create(name="Peer advocacy", slug="peer-advocacy", kind="peer_advocacy", organisation=council)
    made.areas.add("E06000004")
    made.workers.add(people[Role.WORKER])
    made.officers.add(people[Role.OFFICER])
    for number in range(1, 4):
        participant = Participant.objects.create(programme=made, reference=f"PA-{number}",
                                                 joined_on=date.today() - timedelta(days=30))
        Goal.objects.create(participant=participant, text="A goal", set_on=date.today() - timedelta(days=20))
    return made


def test_figures_are_suppressed_except_for_the_programmes_named_people(programme, people, client_for):
    public = client_for(None).get("/api/outcomes/programmes/peer-advocacy/figures").json()
    assert public["suppressed"] and public["total"]["people"] is None and public["total"]["hidden"]
    assert public["total"]["figures"]["goals_set"]["count"] is None
    named = client_for(people[Role.OFFICER]).get("/api/outcomes/programmes/peer-advocacy/figures?suppressed=false").json()
    assert not named["suppressed"] and named["total"]["people"] == 3
    assert named["total"]["figures"]["goals_set"]["count"] == 3
    unnamed = client_for(people[Role.ANALYST]).get("/api/outcomes/programmes/peer-advocacy/figures?suppressed=false")
    assert unnamed.json()["suppressed"]


def test_participants_for_named_people_only_and_audited(programme, people, client_for):
    url = "/api/outcomes/programmes/peer-advocacy/participants"
    assert client_for(people[Role.ANALYST]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    found = client_for(people[Role.WORKER]).get(url).json()
    assert [p["reference"] for p in found] == ["PA-1", "PA-2", "PA-3"] and found[0]["goals"] == 1
    assert AuditEvent.objects.filter(actor=people[Role.WORKER], action="view", model="outcomes.Participant").exists()
    assert [p["slug"] for p in client_for(people[Role.WORKER]).get("/api/outcomes/programmes").json()] == ["peer-advocacy"]


def test_measures_do_not_carry_licensed_wording(client_for):
    found = {m["code"]: m for m in client_for(None).get("/api/outcomes/measures").json()}
    assert not found["swemwbs"]["wording_shipped"] and all(i["wording"] == "" for i in found["swemwbs"]["items"])
    assert "Warwick" in found["swemwbs"]["licence"]
    assert all(i["wording"] for i in found["ons4"]["items"])
