"""Logic models: made by a council's officer, shown with the monitoring of each outcome indicator (the figures of
actions.monitoring as a table and charts), refused with the field named on bad input, seen within reach only."""
import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.actions import strategies
from healthyplaces.actions.models import Action, LogicModel, Strategy
from healthyplaces.actions.tests.test_monitoring import _indicator, _place
from healthyplaces.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def stockton(people):
    strategies.load_paths()
    return Strategy.objects.get(key="stockton_hws_2025_2030")


@pytest.fixture
def place(db):
    indicator = _indicator()
    area = _place(indicator)
    area.obj.published = True
    area.obj.save()
    return indicator, area


def form(of, **fields):
    fields.setdefault("strategy", of.pk)
    return {"name": "Healthy standard of living", "area": "Ten Stockton LSOAs",
            "inputs": "Public health grant\nCommunity connectors", "outputs": "Sessions held", "impact": "Fairer health",
            "outcome_codes": "T1", **fields}


def test_an_officer_makes_a_logic_model_and_its_page_shows_each_outcomes_figures_by_quintile(
        people, client_for, stockton, place):
    indicator, area = place
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    action = Action.objects.create(title="Run cooking sessions", owner=council, status="on_track")
    client = client_for(people[Role.OFFICER])
    response = client.post("/actions/logic-models/new/", form(stockton, activities=[action.pk]))
    assert response.status_code == 302
    model = LogicModel.objects.get()
    assert (model.organisation, model.neighbourhood, model.local_authority) == (council, area.obj, None)
    assert list(model.activities.all()) == [action] and list(model.outcomes.all()) == [indicator]
    page = client.get(f"/actions/logic-models/{model.pk}/")
    html = page.content.decode()
    (outcome,) = page.context["outcomes"]
    first, latest = outcome.monitoring.periods
    # the hand-worked figures of test_monitoring: quintiles 10, 15, 20, 25, 30 in 2019/20; gap 20 then 16
    assert [round(f.value, 6) for _, f in first.quintile_list] == [10.0, 15.0, 20.0, 25.0, 30.0]
    assert round(latest.gap.value, 6) == 16.0
    assert 'id="figures-T1"' in html and 'id="trend-T1"' in html and 'id="quintiles-T1"' in html
    assert "Gap between the most and least deprived: 16.0" in html
    assert "Run cooking sessions" in html and "Community connectors" in html


def test_bad_input_names_the_field_keeps_what_was_entered_and_saves_nothing(people, client_for, stockton, place):
    client = client_for(people[Role.OFFICER])
    response = client.post("/actions/logic-models/new/", form(stockton, outcome_codes="T1\nNOPE", area="Nowhere at all",
                                                              strategy=""))
    errors = response.context["form"].errors
    assert set(errors) == {"outcome_codes", "area", "strategy"}
    assert "NOPE" in errors["outcome_codes"][0]
    assert "Healthy standard of living" in response.content.decode()
    assert not LogicModel.objects.exists()


def test_only_officers_make_them_and_another_councils_officer_may_not_see_one(people, client_for, stockton, place):
    client_for(people[Role.OFFICER]).post("/actions/logic-models/new/", form(stockton))
    model = LogicModel.objects.get()
    assert client_for(people[Role.PARTNER]).get("/actions/logic-models/new/").status_code == 403
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    officer = create_person("durham-officer", role=Role.OFFICER, organisation=durham, password=PASSWORD)[0]
    assert client_for(officer).get(f"/actions/logic-models/{model.pk}/").status_code == 403
    assert list(client_for(officer).get("/actions/logic-models/").context["logic_models"]) == []
    assert client_for(people[Role.ANALYST]).get(f"/actions/logic-models/{model.pk}/").status_code == 200
    assert client_for(people[Role.ANALYST]).post(f"/actions/logic-models/{model.pk}/change/", form(stockton)).status_code == 403
