"""The action's own rules, the functions other parts read, who may act on an action, and strategies as data."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.permissions import can
from healthyplaces.actions import services, strategies
from healthyplaces.actions.permissions import visible
from healthyplaces.actions.models import Action, FocusArea, Principle, ProgressUpdate, Strategy
from healthyplaces.importing import ImportRefused
from healthyplaces.places.models import LocalAuthority, Lsoa
from healthyplaces.places.services import save_neighbourhood

pytestmark = pytest.mark.django_db

TOWN_CENTRE = ["E01012187", "E01012188"]  # two Stockton-on-Tees LSOAs


@pytest.fixture
def council(people):
    return Organisation.objects.get(name="Stockton-on-Tees Borough Council")


@pytest.fixture
def vcse(people):
    return Organisation.objects.get(name="Catalyst Stockton")


def make(owner, **fields):
    return Action.objects.create(title=fields.pop("title", "An action"), owner=owner, **fields)


def test_a_due_date_before_the_start_and_dropped_without_a_reason_are_refused_on_their_fields(council):
    action = Action(title="Run sessions", owner=council, start_date=date(2026, 4, 1), due_date=date(2026, 3, 1),
                    status=Action.Status.DROPPED)
    with pytest.raises(ValidationError) as refused:
        action.full_clean()
    assert refused.value.message_dict == {"due_date": ["The due date must be on or after the start date."],
                                          "dropped_reason": ["Say why the action was dropped."]}
    no_owner = Action(title="Run sessions")
    with pytest.raises(ValidationError) as refused:
        no_owner.full_clean()
    assert list(refused.value.message_dict) == ["owner"]


def test_status_counts_overdue_and_the_year_in_the_reports_order(council):
    make(council, title="Third", report_year=2024, number=3, status="done", due_date=date(2025, 1, 1))
    make(council, title="First", report_year=2024, number=1, status="on_track", due_date=date(2025, 1, 1))
    make(council, title="Second", report_year=2024, number=2, status="dropped", dropped_reason="Merged with 1",
         due_date=date(2025, 1, 1))
    make(council, title="Later", report_year=2025, number=1, due_date=date(2027, 1, 1))
    assert [a.title for a in services.actions_for_year(2024)] == ["First", "Second", "Third"]
    assert [a.title for a in services.actions_for_year(2024, organisation=council)] == ["First", "Second", "Third"]
    assert services.status_counts() == {"not_started": 1, "on_track": 1, "at_risk": 0, "off_track": 0, "done": 1,
                                        "dropped": 1}
    # done and dropped are never overdue; the 2025 action is not due until 2027
    assert [a.title for a in services.overdue(today=date(2026, 1, 1))] == ["First"]


def test_actions_for_an_area_by_its_place_its_lsoas_or_its_neighbourhoods(council, vcse):
    hood = save_neighbourhood("Stockton town centre and Portrack", TOWN_CENTRE)
    in_hood = make(vcse, title="In the neighbourhood")
    in_hood.neighbourhoods.set([hood])
    in_lsoa = make(vcse, title="In one LSOA")
    in_lsoa.lsoas.set(Lsoa.objects.filter(code=TOWN_CENTRE[0], vintage=2011))
    elsewhere = make(vcse, title="In Durham")
    elsewhere.local_authorities.set(["E06000047"])
    borough = make(council, title="The council's own")
    stockton = LocalAuthority.objects.get(code="E06000004")
    assert {a.title for a in services.actions_for_area(stockton)} == {"In the neighbourhood", "In one LSOA",
                                                                      "The council's own"}
    assert {a.title for a in services.actions_for_area(hood)} == {"In the neighbourhood", "In one LSOA"}
    other = Lsoa.objects.get(code=TOWN_CENTRE[1], vintage=2011)
    assert {a.title for a in services.actions_for_area(other)} == {"In the neighbourhood"}
    assert borough not in services.actions_for_area(LocalAuthority.objects.get(code="E06000047"))


def test_partners_update_only_their_own_organisations_actions_and_officers_those_in_their_areas(people, council, vcse):
    partner, officer = people[Role.PARTNER], people[Role.OFFICER]
    theirs = make(vcse, title="Catalyst's")
    councils = make(council, title="The council's")
    councils.partners.set([vcse])
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    in_durham = make(durham, title="Durham's")
    assert can(partner, "action.change", theirs) and can(partner, "action.record_progress", theirs)
    assert can(partner, "action.view", councils)  # a partner named on it sees it ...
    assert not can(partner, "action.change", councils)  # ... but does not change it
    assert not can(partner, "action.view", in_durham)
    assert can(officer, "action.change", councils) and not can(officer, "action.change", in_durham)
    theirs.lsoas.set(Lsoa.objects.filter(code=TOWN_CENTRE[0]))
    assert can(officer, "action.change", theirs)  # placed in Stockton-on-Tees
    assert not can(people[Role.ANALYST], "action.change", councils)
    assert can(people[Role.ANALYST], "action.view", councils)
    assert set(visible(Action.objects.all(), partner).values_list("title", flat=True)) == {"Catalyst's", "The council's"}


def test_progress_on_another_organisations_action_is_refused_and_nothing_saved(people, council):
    action = make(council, status="on_track")
    with pytest.raises(ValidationError) as refused:
        services.record_progress(action, people[Role.PARTNER], text="We did it", status="done")
    assert "another organisation's action" in refused.value.message_dict["action"][0]
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == "on_track"


def test_progress_dropping_an_action_needs_a_reason_and_keeps_nothing_without_one(people, council):
    action = make(council, status="on_track")
    officer = people[Role.OFFICER]
    with pytest.raises(ValidationError) as refused:
        services.record_progress(action, officer, text="Stopped", status="dropped")
    assert refused.value.message_dict == {"dropped_reason": ["Say why the action was dropped."]}
    assert not ProgressUpdate.objects.exists()
    with pytest.raises(ValidationError):
        services.record_progress(action, officer, text="Paper", evidence=[("not a web address", "")])
    assert not ProgressUpdate.objects.exists()
    update = services.record_progress(action, officer, text="Stopped", status="dropped", on=date(2026, 2, 1),
                                      dropped_reason="Funding ended", evidence=[("https://example.org/paper", "Paper")])
    action.refresh_from_db()
    assert (action.status, action.dropped_reason, update.organisation) == ("dropped", "Funding ended", council)
    assert [(e.url, e.title) for e in update.evidence.all()] == [("https://example.org/paper", "Paper")]


def test_the_shipped_strategies_load_once_with_stocktons_four_focus_areas_and_durhams_six_principles():
    loaded = strategies.load_paths()
    assert sorted((s.key, changed) for s, changed in loaded) == [
        ("county_durham_approach_to_wellbeing", True), ("stockton_hws_2025_2030", True)]
    stockton = Strategy.objects.get(key="stockton_hws_2025_2030")
    assert stockton.local_authority_id == "E06000004"
    assert [f.name for f in stockton.focus_areas.all()] == [
        "All children and families have the best start in life", "Everyone has a healthy standard of living",
        "Everyone lives in healthy and sustainable places and communities", "Everyone lives long and healthy lives"]
    assert [p.name for p in stockton.principles.all()] == [
        "Health is everybody's business", "Communities at the centre", "Commit to prevention and early intervention",
        "Levelling the playing field", "Place-based approach"]
    durham = Principle.objects.filter(strategy__key="county_durham_approach_to_wellbeing")
    assert durham.count() == 6
    assert durham.first().name == "Working with communities, supporting their development and empowerment"
    assert {(p.framework_key, p.criterion_key) for p in durham[:1]} == {("county_durham_approach_to_wellbeing", "p1")}
    assert [changed for _, changed in strategies.load_paths()] == [False, False]
    assert FocusArea.objects.count() == 4


def test_a_strategy_file_with_problems_is_refused_by_path_and_nothing_written():
    text = "id: bad id\nname: A strategy\nsource: ours\nfocus_areas:\n  - {id: one, name: One}\n  - {id: one}\n"
    with pytest.raises(ImportRefused) as refused:
        strategies.load_texts([("bad.yaml", text)])
    assert [str(p) for p in refused.value.problems] == [
        "bad.yaml, id: use letters, digits, _ and - only",
        "bad.yaml, focus_areas[1].id: the id 'one' is listed twice",
        "bad.yaml, focus_areas[1].name: the name is missing"]
    assert not Strategy.objects.exists()
