"""The outcomes pages: a worker records a participant's goals, contacts, measures, outcomes and referrals; officers
read them; every read of a record (and of who someone is) is in the audit trail; bad input keeps what was typed."""
from datetime import date, timedelta

import pytest

from healthyplaces.accounts.models import AuditEvent, Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.assets.models import Asset
from healthyplaces.outcomes import services
from healthyplaces.outcomes.measures import measures
from healthyplaces.outcomes.models import Contact, Goal, Identity, Participant, Programme, Referral, Score
from healthyplaces.places.models import Lsoa

pytestmark = pytest.mark.django_db

JOINED = date.today() - timedelta(days=60)


def _date(prefix, on):
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


@pytest.fixture
def programme(people):
    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    made = Programme.objects.create(name="Peer advocacy", slug="peer-advocacy", kind="peer_advocacy",
                                    organisation=council, holds_identity=True,
                                    measures=[{"measure": "swemwbs", "when": ["start", "end"]}],
                                    outcomes=[{"code": "tenancy", "label": "Tenancy gained or kept"}])
    made.providers.add(council)
    made.areas.add("E06000004")
    made.workers.add(people[Role.WORKER])
    made.officers.add(people[Role.OFFICER])
    return made


@pytest.fixture
def asset(people):
    return Asset.objects.create(name="Portrack Community Centre", category="space",
                                partner=people[Role.PARTNER].memberships.first().organisation,
                                lsoa=Lsoa.objects.get(code="E01012187", vintage=2011), lsoa_code="E01012187",
                                published=True)


def _participant(programme, **fields):
    return services.add_participant(programme, reference=fields.pop("reference", "PA-0001"), joined_on=JOINED, **fields)


def test_a_worker_adds_a_participant_and_records_goals_contacts_a_swemwbs_and_a_referral(
        programme, people, client_for, asset):
    client = client_for(people[Role.WORKER])
    answer = client.post("/outcomes/peer-advocacy/participants/new/", {
        "reference": "PA-0007", **_date("joined_on", JOINED), "age_band": "25-34", "sex": "female",
        "name": "Jo Bloggs"})
    participant = Participant.objects.get(reference="PA-0007")
    assert answer.status_code == 302 and answer["Location"] == f"/outcomes/peer-advocacy/participants/{participant.pk}/"
    assert Identity.objects.get(participant=participant).name == "Jo Bloggs"
    base = answer["Location"]
    assert client.post(base + "goals/new/", {"text": "Keep my flat", "co_produced": "on", **_date("set_on", JOINED),
                                             "progress": "some"}).status_code == 302
    assert client.post(base + "contacts/new/", {**_date("on", JOINED), "kind": "phone",
                                                "minutes": "30"}).status_code == 302
    items = [item.id for item in measures()["swemwbs"].items]
    assert client.post(base + "measures/swemwbs/new/", {**_date("taken_on", JOINED), "timepoint": "start",
                                                        **{f"item_{i}": "3" for i in items}}).status_code == 302
    assert client.post(base + "outcomes/new/", {"outcome": "tenancy", **_date("on", JOINED),
                                                "achieved": "yes"}).status_code == 302
    assert client.post(base + "referrals/new/", {"asset": asset.pk, **_date("on", JOINED),
                                                 "connected": "not_yet"}).status_code == 302
    referral = Referral.objects.get(participant=participant)
    assert client.post(base + f"referrals/{referral.pk}/connected/", {"connected": "yes"}).status_code == 302
    referral.refresh_from_db()
    assert referral.connected == "yes"
    score = Score.objects.get(participant=participant)
    assert score.results == {"raw": 21, "metric": measures()["swemwbs"].instrument.conversion[21]}
    assert Goal.objects.get(participant=participant).co_produced and Contact.objects.get(participant=participant).minutes == 30
    page = client.get(base).content.decode()
    for shown in ("Keep my flat", "Phone or video call", "Portrack Community Centre", "Jo Bloggs", "Tenancy gained or kept",
                  f"metric score {measures()['swemwbs'].instrument.conversion[21]:g}"):
        assert shown in page, shown


def test_every_read_of_a_record_and_of_who_someone_is_is_audited(programme, people, client_for):
    participant = _participant(programme, identity={"name": "Jo Bloggs"})
    AuditEvent.objects.all().delete()
    client = client_for(people[Role.WORKER])
    assert "Jo Bloggs" in client.get(f"/outcomes/peer-advocacy/participants/{participant.pk}/").content.decode()
    reads = AuditEvent.objects.filter(action="view", actor=people[Role.WORKER])
    assert {(e.model, e.changes["read"]) for e in reads} == {("outcomes.Participant", "participant record"),
                                                            ("outcomes.Identity", "identity")}
    officer = client_for(people[Role.OFFICER])
    page = officer.get(f"/outcomes/peer-advocacy/participants/{participant.pk}/").content.decode()
    assert "PA-0001" in page and "Jo Bloggs" not in page
    assert set(AuditEvent.objects.filter(action="view", actor=people[Role.OFFICER]).values_list("model", flat=True)) == {
        "outcomes.Participant"}
    officer.get("/outcomes/peer-advocacy/")
    listed = AuditEvent.objects.filter(action="view", actor=people[Role.OFFICER]).order_by("pk").last()
    assert listed.object_pks == f",{participant.pk},"


def test_who_may_open_which_page(programme, people, client_for):
    participant = _participant(programme)
    record = f"/outcomes/peer-advocacy/participants/{participant.pk}/"
    other_worker = create_person("other-worker", role=Role.WORKER, organisation=programme.organisation)[0]
    assert client_for(people[Role.OFFICER]).get(record + "goals/new/").status_code == 403  # officers read, not record
    assert client_for(people[Role.OFFICER]).get("/outcomes/peer-advocacy/figures/").status_code == 200
    for refused in (other_worker, people[Role.ANALYST], people[Role.ADMIN]):
        assert client_for(refused).get(record).status_code == 403, refused
    assert client_for(other_worker).get("/outcomes/peer-advocacy/figures/").status_code == 403
    assert client_for(other_worker).get("/outcomes/peer-advocacy/participants/new/").status_code == 403
    page = client_for(other_worker).get("/outcomes/peer-advocacy/").content.decode()
    assert "PA-0001" not in page
    anonymous = client_for(None)
    assert anonymous.get(record).status_code == 302  # to sign in
    assert anonymous.get("/outcomes/peer-advocacy/summary/").status_code == 200


@pytest.mark.parametrize("typed, field, says", [
    ({"reference": "12/03/1984"}, "reference", "must not be a date"),
    ({"reference": "Jane Smith"}, "reference", "must not be a name"),
    ({"postcode": "EH1 1YZ"}, "postcode", "not a postcode in England"),
])
def test_a_participant_refused_keeps_what_was_typed_and_saves_nothing(programme, people, client_for, typed, field, says):
    fields = {"reference": "PA-0009", **_date("joined_on", JOINED), "age_band": "35-49", "name": "Sam Example",
              **typed}
    answer = client_for(people[Role.WORKER]).post("/outcomes/peer-advocacy/participants/new/", fields)
    assert answer.status_code == 200
    form = answer.context["form"]
    assert says in form.errors[field][0]
    page = answer.content.decode()
    assert f'value="{typed[field]}"' in page and 'value="Sam Example"' in page
    assert not Participant.objects.exists() and not Identity.objects.exists()


def test_a_questionnaire_refused_names_the_item_or_date_and_keeps_the_answers(programme, people, client_for):
    participant = _participant(programme)
    client = client_for(people[Role.WORKER])
    url = f"/outcomes/peer-advocacy/participants/{participant.pk}/measures/swemwbs/new/"
    items = [item.id for item in measures()["swemwbs"].items]
    answers = {f"item_{i}": "4" for i in items}
    answer = client.post(url, {**_date("taken_on", JOINED), "timepoint": "start", **answers, f"item_{items[3]}": "7"})
    assert "outside its scale" in answer.context["form"].errors[f"item_{items[3]}"][0]
    before = JOINED - timedelta(days=1)
    answer = client.post(url, {**_date("taken_on", before), "timepoint": "start", **answers})
    assert "before the participant joined" in answer.context["form"].errors["taken_on"][0]
    assert 'value="4" checked' in answer.content.decode()
    assert not Score.objects.exists()
    answer = client.post(url, {**_date("taken_on", JOINED), "timepoint": "start", **answers, f"item_{items[6]}": ""})
    assert answer.status_code == 302
    assert "Not scored" in Score.objects.get().note


def test_a_referral_to_an_asset_outside_the_programmes_areas_is_refused(programme, people, client_for, asset):
    participant = _participant(programme)
    elsewhere = Asset.objects.create(name="Durham walking group", category="association", partner=asset.partner,
                                     lsoa=Lsoa.objects.filter(vintage=2011, local_authority_id="E06000047").first(),
                                     published=True)
    answer = client_for(people[Role.WORKER]).post(
        f"/outcomes/peer-advocacy/participants/{participant.pk}/referrals/new/",
        {"asset": elsewhere.pk, **_date("on", JOINED), "connected": "not_yet"})
    assert answer.status_code == 200 and "asset" in answer.context["form"].errors
    assert not Referral.objects.exists()


def test_the_participants_list_filters_and_audits_only_what_it_shows(programme, people, client_for):
    _participant(programme, reference="PA-0001", sex="female", age_band="25-34")
    _participant(programme, reference="PA-0002", sex="male", age_band="25-34")
    left = _participant(programme, reference="PB-0003", sex="female", age_band="50-64")
    left.left_on = date.today() - timedelta(days=1)
    left.save()
    client = client_for(people[Role.OFFICER])

    def listed(query):
        page = client.get(f"/outcomes/peer-advocacy/?{query}").context["page"]
        return [p.reference for p in page.object_list]

    assert listed("") == ["PA-0001", "PA-0002", "PB-0003"]
    assert listed("sex=female") == ["PA-0001", "PB-0003"]
    assert listed("sex=female&status=current") == ["PA-0001"]
    assert listed("status=left") == ["PB-0003"]
    assert listed("reference=pa-&age_band=25-34") == ["PA-0001", "PA-0002"]
    read = AuditEvent.objects.filter(action="view", actor=people[Role.OFFICER]).order_by("pk").last()
    assert read.object_pks == "," + ",".join(str(p.pk) for p in Participant.objects.filter(reference__startswith="PA")) + ","


def test_the_directory_shows_how_many_referrals_an_asset_received_and_nothing_else(programme, people, client_for, asset):
    def shown():
        text = " ".join(client_for(None).get(f"/assets/{asset.pk}/").content.decode().split())
        return text.split("Referrals from programmes</dt>")[1].split("</dd>")[0]

    assert "None yet" in shown()
    for number in range(1, 6):
        services.refer(_participant(programme, reference=f"PA-000{number}"), asset=asset, on=JOINED)
        if number == 1:
            assert "Fewer than 5" in shown()
    assert shown().endswith(">5") and "PA-000" not in client_for(None).get(f"/assets/{asset.pk}/").content.decode()


def test_a_worker_reviews_a_goals_progress_and_a_review_before_it_was_set_is_refused(programme, people, client_for):
    participant = _participant(programme)
    goal = services.add_goal(participant, text="Keep my flat", set_on=JOINED)
    url = f"/outcomes/peer-advocacy/participants/{participant.pk}/goals/{goal.pk}/"
    client = client_for(people[Role.WORKER])
    assert client.get(url).context["form"]["text"].value() == "Keep my flat"
    refused = client.post(url, {"text": "Keep my flat", **_date("set_on", JOINED), "progress": "achieved",
                                **_date("reviewed_on", JOINED - timedelta(days=1))})
    assert "on or after the date the goal was set" in refused.context["form"].errors["reviewed_on"][0]
    goal.refresh_from_db()
    assert goal.progress == "not_started"
    assert client.post(url, {"text": "Keep my flat", "co_produced": "on", **_date("set_on", JOINED), "progress": "achieved",
                             **_date("reviewed_on", date.today())}).status_code == 302
    goal.refresh_from_db()
    assert goal.progress == "achieved" and goal.reviewed_on == date.today()
    assert client_for(people[Role.OFFICER]).get(url).status_code == 403
