"""`healthyplaces grants load-sample`: the labelled Northamptonshire fund, loaded once however often it is run."""
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthyplaces.accounts.models import Role
from healthyplaces.grants import services
from healthyplaces.grants.models import Application, CallOut, Fund
from healthyplaces.testing import database_snapshot

pytestmark = pytest.mark.django_db


def load(*args):
    out = io.StringIO()
    call_command("grants", "load-sample", *args, stdout=out)
    return out.getvalue()


def test_the_sample_fund_has_the_northamptonshire_lots_partners_call_outs_and_applications(durham, people):
    said = load("--panel-member", people[Role.PANEL_MEMBER].username)
    fund = Fund.objects.get()
    assert fund.sample and "Sample" in fund.name and said.startswith(fund.name)
    assert {(lot.name, lot.budget) for lot in fund.lots.all()} == {
        ("North Northamptonshire", Decimal("429307")), ("West Northamptonshire", Decimal("470693"))}
    assert [list(lot.local_authorities.values_list("code", flat=True)) for lot in fund.lots.order_by("name")] == [
        ["E06000061"], ["E06000062"]]
    assert services.fund_total(fund) == Decimal("900000") == sum(lot.budget for lot in fund.lots.all())
    assert fund.contributions.count() == 3
    call_outs = list(CallOut.objects.filter(round__fund=fund))
    assert len(call_outs) == 2 and all(services.is_open(c) and c.principles_id and c.theme_id for c in call_outs)
    applications = Application.objects.filter(call_out__round__fund=fund)
    assert applications.count() >= 10 and all(a.sample for a in applications)
    assert applications.filter(status=Application.Status.DRAFT).count() == 1
    for application in applications:
        assert sum(line.amount for line in application.budget_lines.all()) == application.amount
        assert application.amount <= application.call_out.max_amount
        assert set(application.lsoas.values_list("code", flat=True)) <= set(
            services.call_out_lsoas(application.call_out).values_list("code", flat=True))
        assert application.lsoas.exists()
    assert people[Role.PANEL_MEMBER] in fund.rounds.get().panel.members.all()
    allocation, _ = services.allocate_fund(fund)
    assert sum(share.amount for share in allocation) == 900000


def test_loading_again_changes_nothing(durham, people):
    load()
    before = database_snapshot(app="grants")
    load()
    assert database_snapshot(app="grants") == before


def test_an_unknown_panel_member_is_refused(durham):
    with pytest.raises(CommandError, match="No such person: nobody"):
        load("--panel-member", "nobody")
    assert not Fund.objects.exists()
