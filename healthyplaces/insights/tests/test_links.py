"""Links between insights and community assets, shown on both sides; a conversation held at an asset."""
from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from healthyplaces.accounts.models import Role
from healthyplaces.assets.models import Asset
from healthyplaces.insights import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset(people):
    partner = people[Role.PARTNER].memberships.first().organisation
    return Asset.objects.create(name="Portrack Community Centre", category="space", partner=partner,
                                lsoa_code="E01012187", published=True)


def test_an_officer_links_an_insight_to_an_asset_and_the_link_shows_on_both_sides(people, client_for, record, asset):
    insight = record(Role.PARTNER, "The coffee morning at the centre keeps people connected, ring 07700 900111")
    client = client_for(people[Role.OFFICER])
    page = client.get(f"/insights/{insight.pk}/").content.decode()
    assert f'<option value="{asset.pk}">Portrack Community Centre</option>' in page
    response = client.post(f"/insights/{insight.pk}/assets/", {"asset": asset.pk, "action": "link"})
    assert response.status_code == 302
    assert list(insight.assets.all()) == [asset]
    assert "Portrack Community Centre" in client.get(f"/insights/{insight.pk}/").content.decode()
    asset_page = client.get(reverse("assets:detail", args=[asset.pk])).content.decode()
    assert "What people said about it" in asset_page and "coffee morning" in asset_page
    # The asset's side, as each person may see it.
    template = Template("{% load insights_links %}{% asset_insights asset %}")
    for user, phone_shown in ((people[Role.PARTNER], True), (people[Role.ANALYST], False)):
        request = RequestFactory().get("/")
        request.user = user
        html = template.render(Context({"asset": asset, "request": request}))
        assert "What people said about it" in html and "coffee morning" in html
        assert ("07700 900111" in html) is phone_shown
    request = RequestFactory().get("/")
    request.user = people[Role.APPLICANT]
    assert "coffee morning" not in template.render(Context({"asset": asset, "request": request}))
    client.post(f"/insights/{insight.pk}/assets/", {"asset": asset.pk, "action": "unlink"})
    assert not insight.assets.exists()


def test_only_those_who_may_change_the_insight_may_link_it(people, client_for, record, asset):
    insight = record(Role.OFFICER, "Council insight")
    response = client_for(people[Role.PARTNER]).post(f"/insights/{insight.pk}/assets/", {"asset": asset.pk})
    assert response.status_code == 403 and not insight.assets.exists()


def test_a_conversation_held_at_an_asset_is_placed_in_its_lsoa(people, client_for, asset):
    response = client_for(people[Role.OFFICER]).post("/insights/conversations/new/", {
        "title": "Drop-in at the centre", "kind": "event", "held_on": "2026-11-02", "venue": asset.pk})
    assert response.status_code == 302
    conversation = asset.conversations.get()
    assert list(conversation.lsoas.values_list("code", flat=True)) == ["E01012187"]
    page = client_for(people[Role.OFFICER]).get(response.url).content.decode()
    assert "Venue: <a" in page and "Portrack Community Centre" in page
    assert services.save_conversation(by=people[Role.OFFICER], title="x", kind="event", held_on=date(2026, 1, 1),
                                      venue=asset).lsoas.count() == 1
