"""The actions pages: the list and its filters, an action's page, its forms, and who may see and change what."""
from datetime import date, timedelta

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(people):
    return Organisation.objects.get(name="Stockton-on-Tees Borough Council")


@pytest.fixture
def vcse(people):
    return Organisation.objects.get(name="Catalyst Stockton")


@pytest.fixture
def durham(db):
    return Organisation.objects.create(name="Durham County Council", kind="council")


def make(owner, **fields):
    return Action.objects.create(title=fields.pop("title", "An action"), owner=owner, **fields)


def titles(response):
    return [a.title for a in response.context["page"].object_list]


def test_the_list_shows_only_the_actions_a_person_may_see(people, client_for, council, vcse, durham):
    make(council, title="Council's own")
    make(vcse, title="Catalyst's").local_authorities.set(["E06000004"])  # in the council's area
    make(vcse, title="Catalyst's elsewhere")
    make(durham, title="Durham's")
    assert set(titles(client_for(people[Role.OFFICER]).get("/actions/"))) == {"Council's own", "Catalyst's"}
    assert set(titles(client_for(people[Role.PARTNER]).get("/actions/"))) == {"Catalyst's", "Catalyst's elsewhere"}
    response = client_for(people[Role.OFFICER]).get("/actions/")
    assert "Durham&#x27;s" not in response.content.decode() and "Durham's" not in response.content.decode()


def test_the_public_and_applicants_see_no_action_pages(people, client_for, council):
    action = make(council)
    anonymous = client_for(None)
    assert anonymous.get("/actions/").status_code == 302
    assert anonymous.get(f"/actions/{action.pk}/").status_code == 302
    applicant = client_for(people[Role.APPLICANT])
    assert applicant.get("/actions/").status_code == 403
    assert applicant.get(f"/actions/{action.pk}/").status_code == 403


def test_an_empty_list_says_so_and_a_filter_matching_nothing_says_to_try_fewer(people, client_for, council):
    officer = client_for(people[Role.OFFICER])
    assert "No actions have been recorded yet." in officer.get("/actions/").content.decode()
    make(council, status="done")
    page = officer.get("/actions/?status=at_risk").content.decode()
    assert "No actions match these filters." in page
