"""Issue 11, "Councils side by side": a council covers areas (local authorities); its officers and analysts act on
the records within them, partners on their own organisation's, the platform's administrators on every one. An
officer of Stockton-on-Tees cannot change, nor see unpublished, records in County Durham, through the pages, the
API or the lists, and the other way round.

These fail on the main before issue 11, where officers oversaw every organisation's records (`OVERSIGHT`).
"""
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.permissions import can, refusal
from healthyplaces.accounts.services import create_person, set_areas
from healthyplaces.testing import PASSWORD, SOURCE_DATA

pytestmark = pytest.mark.django_db

STOCKTON_POINT = (54.5705, -1.3187)
DURHAM_POINT = (54.7761, -1.5733)  # Durham city


def _side(name, partner, officer, analyst, point, lsoa):
    """A draft asset, a person not listed, an unconfirmed conversation and insight, a draft neighbourhood and an
    HIA waiting for review, all located in one council's area."""
    from healthyplaces.assessments import hia as hias
    from healthyplaces.assessments.models import Hia
    from healthyplaces.assets.tests.test_views import make
    from healthyplaces.insights import services as insights
    from healthyplaces.places.services import save_neighbourhood

    latitude, longitude = point
    asset = make(f"{name} draft club", partner, latitude, longitude, published=False)
    person = make(f"{name} unlisted helper", partner, latitude, longitude, category="person")
    conversation = insights.save_conversation(by=officer, title=f"{name} drop-in", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=[lsoa])
    insight = insights.save_insight(by=officer, conversation=conversation, kind="need",
                                    summary=f"{name} mothers want a later bus to the clinic")
    neighbourhood = save_neighbourhood(f"{name} draft estate", [lsoa], by=analyst)
    applicant = create_person(f"{name.lower()}-applicant", role=Role.APPLICANT,
                              organisation=Organisation.objects.create(name=f"{name} Homes", kind="developer"),
                              password=PASSWORD)[0]
    hia = hias.create(name=f"{name} Park", site="Land by the river", lsoas=lsoa, size="50 homes",
                      type="residential", by=applicant)
    Hia.objects.filter(pk=hia.pk).update(status=Hia.Status.SUBMITTED)
    hia.refresh_from_db()
    return SimpleNamespace(officer=officer, analyst=analyst, partner=partner, asset=asset, person=person,
                           conversation=conversation, insight=insight, neighbourhood=neighbourhood, hia=hia,
                           lsoa=lsoa)


@pytest.fixture
def councils(people):
    from healthyplaces.assessments.frameworks import load_paths
    from healthyplaces.assets.models import Asset
    from healthyplaces.places.models import Lsoa

    load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    durham_council = set_areas("Durham County Council", ["E06000047"])
    durham_partner = Organisation.objects.create(name="Durham Community Action", kind="vcse")
    durham_lsoa = Lsoa.objects.filter(vintage=2011, local_authority_id="E06000047").order_by("code").first().code
    stockton = _side("Stockton", Organisation.objects.get(name="Catalyst Stockton"), people[Role.OFFICER],
                     people[Role.ANALYST], STOCKTON_POINT, "E01012187")
    durham = _side("Durham", durham_partner,
                   create_person("durham-officer", role=Role.OFFICER, organisation=durham_council, password=PASSWORD)[0],
                   create_person("durham-analyst", role=Role.ANALYST, organisation=durham_council, password=PASSWORD)[0],
                   DURHAM_POINT, durham_lsoa)
    # The places are where the test says (an asset's area is its LSOA's local authority).
    assert Asset.objects.get(pk=durham.asset.pk).lsoa.local_authority_id == "E06000047"
    assert Asset.objects.get(pk=stockton.asset.pk).lsoa.local_authority_id == "E06000004"
    return SimpleNamespace(stockton=stockton, durham=durham, admin=people[Role.ADMIN])


def _pairs(councils):
    return ((councils.stockton, councils.durham), (councils.durham, councils.stockton))


def test_each_councils_officer_changes_its_own_records_and_not_the_others(councils):
    for own, other in _pairs(councils):
        for action, record in (("asset.change", "asset"), ("asset.view_draft", "asset"),
                               ("asset.view_contact", "person"), ("insight.change", "insight"),
                               ("insight.change", "conversation"), ("insight.confirm", "insight"),
                               ("insight.view_unredacted", "insight"), ("neighbourhood.change", "neighbourhood"),
                               ("neighbourhood.view_draft", "neighbourhood"), ("hia.view", "hia"),
                               ("hia.review", "hia")):
            assert can(own.officer, action, getattr(own, record)), (action, record)
            assert not can(own.officer, action, getattr(other, record)), (action, record)
            assert can(councils.admin, action, getattr(other, record)), (action, record)
        # a refusal says why, in words a person reads
        assert refusal(own.officer, "asset.change", other.asset) == (
            "Only the partners whose record this is, or an officer of the council it is in, can change it.")


def test_the_pages_refuse_another_councils_records(councils, client_for):
    from healthyplaces.assets.models import Asset
    from healthyplaces.insights.models import Insight

    for own, other in _pairs(councils):
        client = client_for(own.officer)
        refused = client.post(f"/assets/{other.asset.pk}/edit/", {"name": "Taken over"})
        assert refused.status_code == 403
        assert "an officer of the council it is in" in refused.content.decode()
        assert client.get(f"/assets/{own.asset.pk}/edit/").status_code == 200
        assert client.get(f"/assets/{other.asset.pk}/").status_code == 404  # a draft elsewhere: as if absent
        data = {"summary": "Changed", "kind": "idea", "lsoas": other.lsoa}
        before = Insight.objects.get(pk=other.insight.pk).summary
        assert client.post(f"/insights/{other.insight.pk}/edit/", data).status_code in (403, 404)
        assert Insight.objects.get(pk=other.insight.pk).summary == before
        assert client.post(f"/insights/{own.insight.pk}/edit/", {**data, "lsoas": own.lsoa}).status_code == 302
        assert client.get(f"/places/neighbourhoods/{other.neighbourhood.slug}/").status_code == 404
        assert client.get(f"/places/neighbourhoods/{other.neighbourhood.slug}/edit/").status_code == 403
        assert client.get(f"/places/neighbourhoods/{own.neighbourhood.slug}/edit/").status_code == 200
        assert client.get(f"/assessments/hia/{other.hia.pk}/").status_code == 404
        assert client.get(f"/assessments/hia/{own.hia.pk}/").status_code == 200
    assert not Asset.objects.filter(name="Taken over").exists()
    admin = client_for(councils.admin)
    for side in (councils.stockton, councils.durham):
        assert admin.get(f"/assets/{side.asset.pk}/edit/").status_code == 200
        assert admin.get(f"/assessments/hia/{side.hia.pk}/").status_code == 200


def test_the_lists_hold_each_councils_own_and_the_administrators_both(councils):
    from healthyplaces.assessments import hia as hias
    from healthyplaces.assets import services as assets
    from healthyplaces.insights import services as insights
    from healthyplaces.insights.models import Conversation, Insight
    from healthyplaces.places.services import visible_neighbourhoods

    def lists(user):
        return {
            "assets": set(assets.visible_to(user)),
            "insights to confirm": set(insights.awaiting(Insight, user)),
            "conversations to confirm": set(insights.awaiting(Conversation, user)),
            "neighbourhoods": set(visible_neighbourhoods(user)),
            "HIAs": set(hias.visible_hias(user)),
            "HIA report": set(hias.reported_to(user)),
        }

    for own, other in _pairs(councils):
        seen = lists(own.officer)
        for name, records in (("assets", {own.asset, own.person}), ("insights to confirm", {own.insight}),
                              ("conversations to confirm", {own.conversation}),
                              ("neighbourhoods", {own.neighbourhood}), ("HIAs", {own.hia}), ("HIA report", {own.hia})):
            assert records <= seen[name], name
        for name, records in (("assets", {other.asset, other.person}), ("insights to confirm", {other.insight}),
                              ("conversations to confirm", {other.conversation}),
                              ("neighbourhoods", {other.neighbourhood}), ("HIAs", {other.hia}),
                              ("HIA report", {other.hia})):
            assert not records & seen[name], name
        assert other.hia not in set(hias.reported_to(own.analyst))
    everything = lists(councils.admin)
    for side in (councils.stockton, councils.durham):
        assert {side.asset, side.person} <= everything["assets"]
        assert side.insight in everything["insights to confirm"] and side.hia in everything["HIA report"]


def test_the_api_and_area_profiles_of_one_council_hide_the_others_unpublished_records(councils, client_for):
    for own, other in _pairs(councils):
        client = client_for(own.officer)
        found = client.get("/api/insights/search?q=mothers").json()
        summaries = {result["summary"] for result in found["results"]}
        assert own.insight.summary in summaries and other.insight.summary not in summaries
        assert client.get(f"/api/places/areas/{other.neighbourhood.slug}/lsoas").status_code == 404
        assert client.get(f"/api/places/areas/{own.neighbourhood.slug}/lsoas").status_code == 200
        other_code = other.asset.lsoa.local_authority_id
        profile = client.get(f"/places/local-authority/{other_code}/").content.decode()
        insights_page = client.get(f"/insights/areas/{other_code}/").content.decode()
        for text in (other.asset.name, other.person.name, other.hia.development.name):
            assert text not in profile
        assert other.insight.summary not in insights_page
        own_profile = client.get(f"/places/local-authority/{own.asset.lsoa.local_authority_id}/").content.decode()
        assert own.person.name in own_profile  # published, not listed: seen by the council it lives in


def test_a_command_says_which_areas_a_council_covers(db, capsys):
    call_command("organisation-areas", "Durham County Council", "E06000047")
    durham = Organisation.objects.get(name="Durham County Council")
    assert durham.kind == Organisation.Kind.COUNCIL
    assert list(durham.areas.values_list("code", flat=True)) == ["E06000047"]
    assert "County Durham (E06000047)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="E06999999"):
        call_command("organisation-areas", "Durham County Council", "E06999999")
    assert list(durham.areas.values_list("code", flat=True)) == ["E06000047"]  # nothing changed
