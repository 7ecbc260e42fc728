"""`healthyplaces grants load-sample-vote`: a labelled sample participatory vote on the sample fund, counted and
awarded, so the demonstration shows a vote's results, its awards and their 360Giving file.

The vote is a second round of the sample Northamptonshire fund (`grants load-sample` first): in each lot six made-up
projects on the ballot, £30,000 to spend by the Method of Equal Shares, and 120 made-up ballots (a fifth of them
paper ones, checked) whose voter keys are made from made-up details. The ballots are stored as the vote would store
them, placed in LSOAs of their lot, without looking up a postcode (the demonstration may hold no postcodes). Then
the vote is counted and its winners awarded. Everything is marked sample; loading again changes nothing.
"""
import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import awards, voting
from .models import Application, Ballot, CallOut, Fund, Round
from .sample import FUND
from .services import lot_lsoas

ROUND = "2026/27 residents' vote"
BUDGET = Decimal("30000")
BALLOTS = 120
PROJECTS = [
    ("Benches and planters on the high street", "Sample Friends of the High Street", "4500"),
    ("A community fridge and cookery sessions", "Sample Community Fridge Group", "6000"),
    ("Walking football for over-50s", "Sample Walking Football Club", "3500"),
    ("Murals at the bus station underpass", "Sample Young Artists Collective", "8000"),
    ("A lending library of tools", "Sample Tool Share", "5000"),
    ("Play sessions in the park over the summer", "Sample Parents Together", "7500"),
]


class NoSampleFund(Exception):
    pass


@transaction.atomic
def load_sample_vote(now=None):
    """Load the sample vote once (returns its round); refused when the sample fund is not loaded."""
    fund = Fund.objects.filter(name=FUND).first()
    if fund is None:
        raise NoSampleFund("Load the sample fund first: healthyplaces grants load-sample")
    found = Round.objects.filter(fund=fund, name=ROUND).first()
    if found is not None:
        return found
    now = now or timezone.now()
    round_ = Round.objects.create(fund=fund, name=ROUND, decision=Round.Decision.VOTE,
                                  counting_rule=Round.Rule.EQUAL_SHARES, status=Round.Status.DECIDING)
    chance = random.Random(2026)
    for lot in fund.lots.order_by("name"):
        slug = f"sample-{lot.name.split()[0].lower()}-residents-vote"
        call_out = CallOut.objects.create(
            round=round_, lot=lot, slug=slug, title=f"Residents decide: {lot.name}", status=CallOut.Status.PUBLISHED,
            summary="Sample data: projects shortlisted for a vote of the area's residents.", max_amount=Decimal("10000"),
            budget=BUDGET, opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=30))
        projects = []
        for title, group, amount in PROJECTS:
            projects.append(Application.objects.create(
                call_out=call_out, organisation=fund.organisation, unregistered_group=True, applicant_name=group,
                contact_name="Sample contact", title=title, summary=f"Sample application: {title.lower()}.",
                amount=Decimal(amount), status=Application.Status.SUBMITTED, shortlisted=True, sample=True,
                submitted_at=now - timedelta(days=40)))
        places = list(lot_lsoas(lot).order_by("code").values_list("code", flat=True)[:200]) or [""]
        liked = [chance.random() for _ in projects]  # how popular each project is
        for n in range(BALLOTS):
            chosen = [p for p, like in zip(projects, liked) if chance.random() < like] or [chance.choice(projects)]
            paper = n % 5 == 0
            ballot = Ballot.objects.create(
                round=round_, lot=lot, lsoa=chance.choice(places),
                voter_key=voting.voter_key(round_, f"Sample voter {lot.pk}-{n}", date(1960, 1, 1) + timedelta(days=n),
                                           "NN1 1AA"),
                channel=Ballot.Channel.PAPER if paper else Ballot.Channel.ONLINE,
                paper_number=f"S-{n}" if paper else "", checked_at=now if paper else None)
            ballot.choices.set(chosen)
    voting.count_vote(round_, by=None)
    awards.make_awards(round_, by=None, award_date=(now - timedelta(days=7)).date(),
                       planned_start=(now + timedelta(days=14)).date(), planned_end=(now + timedelta(days=379)).date())
    return round_
