"""The officers' fund page: contributions, lots and budgets, and the fund shared across lots by need with its
arithmetic; only the officers of the councils the lots cover open it."""
from decimal import Decimal

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.grants import services
from healthyplaces.grants.models import Contribution, Lot

pytestmark = pytest.mark.django_db


def test_an_officer_reads_the_fund_with_its_allocation_by_need(pot, people, client_for):
    fund = pot.round.fund
    Contribution.objects.create(fund=fund, partner=Organisation.objects.get(name="Catalyst Stockton"), amount=4000)
    Contribution.objects.create(fund=fund, partner=fund.organisation, amount=6000)
    second = Lot.objects.create(fund=fund, name="Darlington", budget=Decimal("5000"))
    second.local_authorities.set(["E06000005"])
    client = client_for(people[Role.OFFICER])
    assert fund.name in client.get("/grants/funds/").content.decode()
    page = client.get(f"/grants/funds/{fund.pk}/").content.decode()
    assert "Who puts money in: £10,000" in page and "Lots and their budgets: £15,000" in page
    shares, _ = services.allocate_fund(fund, "deprivation")
    for share in shares:
        assert share.working in page
    by_population, _ = services.allocate_fund(fund)
    assert sum(s.amount for s in by_population) == 10000
    assert f"£{by_population[0].amount:,}" in page
    assert "Spring 2026" in page and "Tackling loneliness" in page


def test_others_may_not_open_the_fund(pot, people, client_for):
    fund = pot.round.fund
    assert client_for(people[Role.PARTNER]).get(f"/grants/funds/{fund.pk}/").status_code == 403
    assert client_for(people[Role.PANEL_MEMBER]).get("/grants/funds/").status_code == 403
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    officer = create_person("durham-officer", role=Role.OFFICER, organisation=durham, password="x-Long-pass-99")[0]
    assert client_for(officer).get(f"/grants/funds/{fund.pk}/").status_code == 403
    assert fund.name not in client_for(officer).get("/grants/funds/").content.decode()
