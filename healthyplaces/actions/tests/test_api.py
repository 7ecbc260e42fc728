"""The actions API: the list's filters and progress, commitments by principle, and only what a person may see."""
from datetime import date

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions import services, strategies
from healthyplaces.actions.models import Action, Commitment, Principle, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(people):
    return Organisation.objects.get(name="Stockton-on-Tees Borough Council")


def test_actions_with_filters_and_progress_within_reach_only(people, client_for, council):
    strategies.load_paths()
    best_start = services.focus_areas().get(key="best_start")
    first = Action.objects.create(title="Breakfast clubs", owner=council, status="on_track", focus_area=best_start,
                                  report_year=2024, number=1, due_date=date(2020, 1, 1))
    Action.objects.create(title="Done already", owner=council, status="done", report_year=2024, number=2)
    elsewhere = Organisation.objects.create(name="Durham County Council", kind="council")
    Action.objects.create(title="Durham's", owner=elsewhere, status="on_track")
    ProgressUpdate.objects.create(action=first, date=date(2025, 3, 31), text="Ten schools signed up",
                                  organisation=council)
    client = client_for(people[Role.OFFICER])
    titles = lambda url: [a["title"] for a in client.get(url).json()]  # noqa: E731
    assert titles("/api/actions/") == ["Breakfast clubs", "Done already"]  # not Durham's
    assert titles("/api/actions/?status=on_track") == ["Breakfast clubs"]
    assert titles("/api/actions/?status=done,on_track&report_year=2024") == ["Breakfast clubs", "Done already"]
    assert titles("/api/actions/?focus_area=best_start") == ["Breakfast clubs"]
    assert titles("/api/actions/?overdue=true") == ["Breakfast clubs"]
    refused = client.get("/api/actions/?status=finished")
    assert refused.status_code == 422 and "finished" in refused.json()["detail"]
    assert client.get("/api/actions/?place=Nowhere").status_code == 422
    detail = client.get(f"/api/actions/{first.pk}").json()
    assert detail["progress"] == [{"date": "2025-03-31", "text": "Ten schools signed up", "status": "", "evidence": []}]
    assert detail["overdue"] is True and detail["focus_area"] == "best_start"
    durham = Action.objects.get(title="Durham's")
    assert client.get(f"/api/actions/{durham.pk}").status_code == 404
    assert client_for(None).get("/api/actions/").status_code == 404  # the public: nothing, not even that it exists


def test_commitments_by_principle(people, client_for):
    strategies.load_paths()
    vcse = Organisation.objects.get(name="Catalyst Stockton")
    p1 = Principle.objects.get(strategy__key="county_durham_approach_to_wellbeing", key="p1")
    Commitment.objects.create(organisation=vcse, principle=p1, text="Meet in the community centre")
    found = client_for(people[Role.PARTNER]).get("/api/actions/commitments/county_durham_approach_to_wellbeing").json()
    assert [p["key"] for p in found] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert [c["text"] for c in found[0]["commitments"]] == ["Meet in the community centre"]
    assert found[1]["commitments"] == []
    # Stockton's officers do not reach Catalyst's commitments to Durham's principles
    found = client_for(people[Role.OFFICER]).get("/api/actions/commitments/county_durham_approach_to_wellbeing").json()
    assert found[0]["commitments"] == []
