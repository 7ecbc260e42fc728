"""The actions pages: the list and its filters, an action's page, its forms, and who may see and change what."""
from datetime import date, timedelta

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions.models import Action
from healthyplaces.places.models import Lsoa

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


def test_the_list_filters_by_status_focus_area_owner_place_year_and_overdue(people, client_for, council, vcse):
    from healthyplaces.actions import strategies
    from healthyplaces.actions.models import FocusArea
    from healthyplaces.places.services import save_neighbourhood

    strategies.load_paths()
    hood = save_neighbourhood("Stockton town centre and Portrack", ["E01012187", "E01012188"])
    make(council, title="Late", due_date=date.today() - timedelta(days=3), status="on_track", report_year=2024)
    make(council, title="Done late", due_date=date.today() - timedelta(days=3), status="done", report_year=2024)
    make(council, title="Later", due_date=date.today() + timedelta(days=30), report_year=2025)
    make(vcse, title="Catalyst's in the town centre").neighbourhoods.set([hood])
    officer = client_for(people[Role.OFFICER])
    assert titles(officer.get("/actions/?overdue=on")) == ["Late"]
    assert set(titles(officer.get("/actions/?status=done&status=not_started"))) == {
        "Done late", "Later", "Catalyst's in the town centre"}
    assert set(titles(officer.get("/actions/?report_year=2024"))) == {"Late", "Done late"}
    assert titles(officer.get(f"/actions/?owner={vcse.pk}")) == ["Catalyst's in the town centre"]
    assert titles(officer.get("/actions/?place=Stockton+town+centre+and+Portrack")) == ["Catalyst's in the town centre"]
    nowhere = officer.get("/actions/?place=Nowhere+at+all")
    assert titles(nowhere) == [] and "place" in nowhere.context["form"].errors
    area = FocusArea.objects.filter(strategy__key="stockton_hws_2025_2030").order_by("position").first()
    Action.objects.filter(title="Later").update(focus_area=area)
    assert titles(officer.get(f"/actions/?focus_area={area.pk}")) == ["Later"]


def test_the_list_is_paged_and_keeps_its_filters_in_the_page_links(people, client_for, council):
    Action.objects.bulk_create([Action(title=f"Action {i:02}", owner=council, status="at_risk") for i in range(30)])
    page = client_for(people[Role.OFFICER]).get("/actions/?status=at_risk")
    assert len(titles(page)) == 25 and page.context["page"].paginator.count == 30
    assert "?status=at_risk&amp;page=2" in page.content.decode()
    second = client_for(people[Role.OFFICER]).get("/actions/?status=at_risk&page=2")
    assert len(titles(second)) == 5


def test_the_action_page_shows_its_source_progress_and_evidence_and_offers_only_what_the_person_may_do(
        people, client_for, council, vcse):
    from healthyplaces.actions import services

    action = make(council, title="Walking groups", report="DPH Report 2023/4", report_year=2024, number=3,
                  source="report", lead="Health improvement lead")
    services.record_progress(action, people[Role.OFFICER], text="Ran <b>six</b> walks", on=date(2026, 5, 1),
                             status="on_track", evidence=[("https://example.org/paper", "Board paper")])
    page = client_for(people[Role.OFFICER]).get(f"/actions/{action.pk}/").content.decode()
    assert "DPH Report 2023/4 recommendation 3" in page
    assert "Ran &lt;b&gt;six&lt;/b&gt; walks" in page and "<b>six</b>" not in page
    assert 'href="https://example.org/paper"' in page and "Board paper" in page
    assert f"/actions/{action.pk}/edit/" in page and f"/actions/{action.pk}/progress/" in page
    action.local_authorities.set(["E06000004"])
    partner_page = client_for(people[Role.PARTNER]).get(f"/actions/{action.pk}/")
    assert partner_page.status_code == 403  # not a partner on it
    action.partners.set([vcse])
    partner_page = client_for(people[Role.PARTNER]).get(f"/actions/{action.pk}/").content.decode()
    assert "Walking groups" in partner_page
    assert f"/actions/{action.pk}/edit/" not in partner_page and f"/actions/{action.pk}/progress/" not in partner_page
    assert "only its owner, or an officer of the council it is in, records its progress" in partner_page


def _form_data(**fields):
    data = {"title": "Healthy food in schools", "description": "With the school nurses", "source": "other",
            "owner": "", "lead": "", "status": "not_started", "dropped_reason": "", "report": "",
            "start_date_day": "", "start_date_month": "", "start_date_year": "",
            "due_date_day": "", "due_date_month": "", "due_date_year": "", "local_authorities": "", "lsoas": ""}
    data.update(fields)
    return data


def test_adding_an_action_with_its_places_and_dates(people, client_for, council):
    officer = client_for(people[Role.OFFICER])
    response = officer.post("/actions/new/", _form_data(
        owner=council.pk, lead="School nursing lead", segment="service", local_authorities="E06000004",
        lsoas="E01012187", start_date_day="1", start_date_month="4", start_date_year="2026",
        due_date_day="31", due_date_month="3", due_date_year="2027"))
    action = Action.objects.get(title="Healthy food in schools")
    assert response.status_code == 302 and response["Location"] == f"/actions/{action.pk}/"
    assert (action.owner, action.lead, action.segment, action.start_date, action.due_date, action.created_by) == (
        council, "School nursing lead", "service", date(2026, 4, 1), date(2027, 3, 31), people[Role.OFFICER])
    assert list(action.local_authorities.values_list("code", flat=True)) == ["E06000004"]
    assert list(action.lsoas.values_list("code", flat=True)) == ["E01012187"]


def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(people, client_for, council):
    officer = client_for(people[Role.OFFICER])
    no_owner = officer.post("/actions/new/", _form_data(lead="Kept lead"))
    assert no_owner.status_code == 200
    assert no_owner.context["form"].errors["owner"] == ["Choose the organisation that owns this action."]
    assert 'value="Kept lead"' in no_owner.content.decode()
    backwards = officer.post("/actions/new/", _form_data(
        owner=council.pk, start_date_day="1", start_date_month="4", start_date_year="2026",
        due_date_day="1", due_date_month="3", due_date_year="2026"))
    assert backwards.context["form"].errors["due_date"] == ["The due date must be on or after the start date."]
    assert 'value="Healthy food in schools"' in backwards.content.decode()
    dropped = officer.post("/actions/new/", _form_data(owner=council.pk, status="dropped"))
    assert dropped.context["form"].errors["dropped_reason"] == ["Say why the action was dropped."]
    unknown = officer.post("/actions/new/", _form_data(owner=council.pk, lsoas="E01012187 E01999999"))
    assert unknown.context["form"].errors["lsoas"] == ["No LSOA has the code E01999999."]
    assert not Action.objects.exists()


def test_a_partner_makes_actions_only_for_their_own_organisation(people, client_for, council, vcse):
    partner = client_for(people[Role.PARTNER])
    form = partner.get("/actions/new/").context["form"]
    assert list(form.fields["owner"].queryset) == [vcse]
    refused = partner.post("/actions/new/", _form_data(owner=council.pk))
    assert "owner" in refused.context["form"].errors and not Action.objects.exists()
    partner.post("/actions/new/", _form_data(owner=vcse.pk))
    assert Action.objects.get().owner == vcse


def test_changing_an_action_and_a_version_clash_keeps_the_persons_entries(people, client_for, council, vcse):
    action = make(council, title="Old title")
    officer = client_for(people[Role.OFFICER])
    version = officer.get(f"/actions/{action.pk}/edit/").context["version"]
    Action.objects.filter(pk=action.pk).update(title="Changed meanwhile")
    Action.objects.get(pk=action.pk).save()  # a later save: a newer version
    clash = officer.post(f"/actions/{action.pk}/edit/", _form_data(title="Mine", owner=council.pk, version=version))
    assert clash.status_code == 200 and clash.context["conflict"] is not None
    assert 'value="Mine"' in clash.content.decode()
    assert Action.objects.get(pk=action.pk).title == "Changed meanwhile"
    again = officer.post(f"/actions/{action.pk}/edit/", _form_data(title="Mine", owner=council.pk,
                                                                   version=clash.context["version"]))
    assert again.status_code == 302 and Action.objects.get(pk=action.pk).title == "Mine"
    # a partner may not change the council's action, even one they are a partner on
    action.partners.set([vcse])
    assert client_for(people[Role.PARTNER]).get(f"/actions/{action.pk}/edit/").status_code == 403


def test_a_failed_edit_keeps_the_version_so_the_next_save_is_not_a_clash(people, client_for, council):
    action = make(council, title="Old title")
    officer = client_for(people[Role.OFFICER])
    version = officer.get(f"/actions/{action.pk}/edit/").context["version"]
    bad = officer.post(f"/actions/{action.pk}/edit/", _form_data(owner=council.pk, status="dropped", version=version))
    assert "dropped_reason" in bad.context["form"].errors
    good = officer.post(f"/actions/{action.pk}/edit/", _form_data(owner=council.pk, status="dropped",
                                                                  dropped_reason="Merged", version=version))
    assert good.status_code == 302 and Action.objects.get(pk=action.pk).dropped_reason == "Merged"


def test_recording_progress_with_evidence_and_a_new_status(people, client_for, council):
    action = make(council)
    officer = client_for(people[Role.OFFICER])
    response = officer.post(f"/actions/{action.pk}/progress/", {
        "text": "Held the first session", "on_day": "3", "on_month": "11", "on_year": "2026", "status": "on_track",
        "evidence": "https://example.org/minutes Minutes of 3 November\n\nhttps://example.org/photo"})
    assert response.status_code == 302
    update = action.progress.get()
    assert (update.text, update.date, update.status, update.recorded_by) == (
        "Held the first session", date(2026, 11, 3), "on_track", people[Role.OFFICER])
    assert [(e.url, e.title) for e in update.evidence.all()] == [("https://example.org/minutes", "Minutes of 3 November"),
                                                               ("https://example.org/photo", "")]
    assert Action.objects.get(pk=action.pk).status == "on_track"


def test_progress_bad_input_names_the_field_and_saves_nothing(people, client_for, council):
    action = make(council)
    officer = client_for(people[Role.OFFICER])
    base = {"text": "Stopped", "on_day": "3", "on_month": "11", "on_year": "2026"}
    dropped = officer.post(f"/actions/{action.pk}/progress/", {**base, "status": "dropped"})
    assert dropped.context["form"].errors["dropped_reason"] == ["Say why the action was dropped."]
    assert "Stopped" in dropped.content.decode()
    bad_link = officer.post(f"/actions/{action.pk}/progress/", {**base, "evidence": "https://example.org/a\nnot a link"})
    assert bad_link.context["form"].errors["evidence"] == ["Line 2 is not a web address: start it with https://"]
    empty = officer.post(f"/actions/{action.pk}/progress/", {**base, "text": ""})
    assert empty.context["form"].errors["text"] == ["Say what was done."]
    assert not action.progress.exists() and Action.objects.get(pk=action.pk).status == "not_started"


def test_progress_on_someone_elses_action_is_refused_with_the_reason(people, client_for, council, vcse):
    action = make(council, title="The council's")
    action.partners.set([vcse])
    refused = client_for(people[Role.PARTNER]).post(f"/actions/{action.pk}/progress/", {
        "text": "We did it", "on_day": "3", "on_month": "11", "on_year": "2026"})
    assert refused.status_code == 403
    assert "another organisation&#x27;s action" in refused.content.decode()
    assert not action.progress.exists()


def test_every_area_profile_lists_its_actions_to_those_who_may_see_them(people, client_for, council, vcse):
    from healthyplaces.places.services import save_neighbourhood

    hood = save_neighbourhood("Stockton town centre and Portrack", ["E01012187", "E01012188"], published=True)
    officer = client_for(people[Role.OFFICER])
    empty = officer.get(f"/places/neighbourhoods/{hood.slug}/").content.decode()
    assert 'id="profile-actions"' in empty and "No actions are recorded for Stockton town centre and Portrack yet." in empty
    in_hood = make(vcse, title="Cook and eat sessions")
    in_hood.neighbourhoods.set([hood])
    make(council, title="Borough-wide review")
    make(vcse, title="Catalyst's own plan").lsoas.set(Lsoa.objects.filter(code="E01012187", vintage=2011))
    borough = officer.get("/places/local-authority/E06000004/").content.decode()
    assert "Cook and eat sessions" in borough and "Borough-wide review" in borough
    hood_page = officer.get(f"/places/neighbourhoods/{hood.slug}/").content.decode()
    assert "Cook and eat sessions" in hood_page and "Borough-wide review" not in hood_page
    assert "Cook and eat sessions" in officer.get("/places/lsoa/E01012188/").content.decode()
    # the partner sees their own organisation's action in the LSOA, wherever else it lies
    assert "Catalyst&#x27;s own plan" in client_for(people[Role.PARTNER]).get("/places/lsoa/E01012187/").content.decode()
    public = client_for(None).get(f"/places/neighbourhoods/{hood.slug}/").content.decode()
    assert 'id="profile-actions"' not in public and "Cook and eat sessions" not in public


def test_an_officer_changes_a_partners_action_in_their_area_keeping_its_owner(people, client_for, vcse):
    action = make(vcse, title="Catalyst's walk")
    action.local_authorities.set(["E06000004"])
    officer = client_for(people[Role.OFFICER])
    version = officer.get(f"/actions/{action.pk}/edit/").context["version"]
    saved = officer.post(f"/actions/{action.pk}/edit/", _form_data(title="Catalyst's walks", owner=vcse.pk,
                                                                   local_authorities="E06000004", version=version))
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Catalyst's walks", vcse)
