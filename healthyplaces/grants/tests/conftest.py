from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from healthyplaces.testing import SOURCE_DATA

STOCKTON = "E06000004"
QUESTIONS = [
    {"key": "need", "label": "What need will your project meet?", "kind": "textarea", "required": True},
    {"key": "people", "label": "How many people will take part?", "kind": "number", "required": True},
    {"key": "first_time", "label": "Is this your first grant?", "kind": "yesno", "required": False},
]


@pytest.fixture
def durham(db):
    """The County Durham wellbeing principles (six criteria), the framework call-outs score against."""
    from healthyplaces.assessments.frameworks import load_paths

    loaded, _ = load_paths([SOURCE_DATA / "frameworks" / "county_durham_wellbeing_principles.yaml"])
    return loaded[0][0]


@pytest.fixture
def pot(people, durham):
    """A fund held by the Stockton council of `people`, one Stockton lot of £10,000, a panel round with the panel
    member on its panel and a call-out open until tomorrow (maximum £2,000)."""
    from healthyplaces.accounts.models import Organisation, Role
    from healthyplaces.grants.models import CallOut, Fund, Lot, Panel, Round

    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    fund = Fund.objects.create(name="Stockton wellbeing pot", organisation=council)
    lot = Lot.objects.create(fund=fund, name="Stockton", budget=Decimal("10000"))
    lot.local_authorities.set([STOCKTON])
    round_ = Round.objects.create(fund=fund, name="Spring 2026", decision=Round.Decision.PANEL, status=Round.Status.OPEN)
    panel = Panel.objects.create(round=round_)
    panel.members.set([people[Role.PANEL_MEMBER]])
    now = timezone.now()
    call_out = CallOut.objects.create(
        round=round_, lot=lot, title="Tackling loneliness", slug="tackling-loneliness", status=CallOut.Status.PUBLISHED,
        summary="Small grants for groups that bring people together.", max_amount=Decimal("2000"),
        organisation_kinds=["vcse", "community_group"], unregistered_groups=True,
        opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=1), questions=QUESTIONS, principles=durham,
        score_min=0, score_max=5)
    return call_out


@pytest.fixture
def vote(pot):
    """A vote round on the Stockton lot (£10,000, greedy rule, up to 2 projects a ballot) with three shortlisted
    applications: Seats £4,000, Garden £3,000, Mural £5,000; and one submitted but not shortlisted. `projects` holds
    them by title."""
    from healthyplaces.grants.models import Application, CallOut, Round

    round_ = Round.objects.create(fund=pot.round.fund, name="Residents decide", decision=Round.Decision.VOTE,
                                  counting_rule=Round.Rule.GREEDY, approval_limit=2, status=Round.Status.DECIDING)
    now = timezone.now()
    call_out = CallOut.objects.create(round=round_, lot=pot.lot, title="Greener streets", slug="greener-streets",
                                      status=CallOut.Status.PUBLISHED, summary="Projects residents choose.",
                                      max_amount=Decimal("6000"), opens_at=now - timedelta(days=30),
                                      closes_at=now - timedelta(days=10))
    made = {}
    for title, amount, shortlisted in [("Seats", "4000", True), ("Garden", "3000", True), ("Mural", "5000", True),
                                       ("Late entry", "100", False)]:
        made[title] = Application.objects.create(
            call_out=call_out, organisation=pot.round.fund.organisation, unregistered_group=True,
            applicant_name=f"{title} group", contact_name="A Person", title=title, amount=Decimal(amount), status=Application.Status.SUBMITTED,
            shortlisted=shortlisted, submitted_at=now)
    round_.projects = made
    return round_
