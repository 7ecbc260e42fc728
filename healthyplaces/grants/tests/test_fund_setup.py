"""An officer sets up a fund's parts from its page: contributions, lots, rounds (a panel round gets its panel) and
panel members; each bad input named on its field, nothing saved; only the fund's officers may."""
import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.grants.models import Contribution, Lot, Round
from healthyplaces.testing import database_snapshot

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_contribution_a_lot_a_round_and_a_panel_member(pot, people, client_for):
    fund = pot.round.fund
    client = client_for(people[Role.OFFICER])
    base = f"/grants/funds/{fund.pk}"
    vcse = Organisation.objects.get(name="Catalyst Stockton")
    assert client.post(f"{base}/contributions/new/", {"partner": vcse.pk, "amount": "2500"}).status_code == 302
    assert Contribution.objects.get(fund=fund).amount == 2500
    assert client.post(f"{base}/lots/new/", {"name": "Darlington", "budget": "4000",
                                             "local_authorities": ["E06000005"]}).status_code == 302
    lot = Lot.objects.get(fund=fund, name="Darlington")
    assert list(lot.local_authorities.values_list("code", flat=True)) == ["E06000005"]
    assert client.post(f"{base}/rounds/new/", {"name": "Autumn 2026", "decision": "panel", "status": "draft",
                                               "counting_rule": "greedy"}).status_code == 302
    autumn = Round.objects.get(fund=fund, name="Autumn 2026")
    assert autumn.panel and autumn.counting_rule == ""
    answer = client.post(f"/grants/rounds/{autumn.pk}/panel/members/new/", {"username": "panel_member-person"})
    assert answer.status_code == 302 and people[Role.PANEL_MEMBER] in autumn.panel.members.all()
    page = client.get(f"{base}/").content.decode()
    assert "Darlington" in page and "Autumn 2026" in page and "Catalyst Stockton" in page


@pytest.mark.parametrize("where, post, words", [
    ("contributions/new/", {"amount": "0"}, "Enter an amount of more than £0"),
    ("contributions/new/", {"amount": "lots"}, "Enter the amount in pounds"),
    ("lots/new/", {"name": "Stockton", "budget": "100"}, "This fund already has a lot called Stockton"),
    ("rounds/new/", {"name": "Vote 2026", "decision": "vote", "status": "draft"}, "Choose the counting rule"),
    ("rounds/new/", {"name": "Spring 2026", "decision": "panel", "status": "draft"}, "already has a round called Spring 2026"),
])
def test_bad_set_up_is_refused_naming_the_field(pot, people, client_for, where, post, words):
    fund = pot.round.fund
    if where.startswith("contributions"):
        post = {"partner": Organisation.objects.get(name="Catalyst Stockton").pk, **post}
    before = database_snapshot(app="grants")
    page = client_for(people[Role.OFFICER]).post(f"/grants/funds/{fund.pk}/{where}", post).content.decode()
    assert words in page and "There is a problem" in page
    assert database_snapshot(app="grants") == before


def test_only_someone_with_the_panel_member_role_joins_a_panel(pot, people, client_for):
    page = client_for(people[Role.OFFICER]).post(f"/grants/rounds/{pot.round_id}/panel/members/new/",
                                                  {"username": "partner-person"}).content.decode()
    assert "No one with the panel member&#x27;s role has the username partner-person" in page
    assert people[Role.PARTNER] not in pot.round.panel.members.all()


def test_others_may_not_set_up_a_fund(pot, people, client_for):
    fund = pot.round.fund
    for role in (Role.PARTNER, Role.PANEL_MEMBER, Role.ANALYST):
        client = client_for(people[role])
        assert client.post(f"/grants/funds/{fund.pk}/lots/new/", {"name": "X", "budget": "1"}).status_code == 403
        assert client.post(f"/grants/rounds/{pot.round_id}/panel/members/new/",
                           {"username": "panel_member-person"}).status_code == 403
    assert not Lot.objects.filter(name="X").exists()
