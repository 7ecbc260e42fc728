"""A made-up participatory vote in Stockton-on-Tees for the browser journeys (the every-page walk and the vote's
own journey): a fund of the council's with one lot of £10,000, and a vote round with three shortlisted projects."""
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from healthyplaces.grants.models import Application, CallOut, Fund, Lot, Round

PROJECTS = [("Benches on the high street", "4000"), ("Community garden", "3000"), ("Mural at the underpass", "5000")]


def vote_round(council, name, *, slug, approval_limit=2, rule=Round.Rule.GREEDY):
    fund, made = Fund.objects.get_or_create(name="Sample Stockton residents' pot",
                                            defaults={"organisation": council, "sample": True})
    lot, made = Lot.objects.get_or_create(fund=fund, name="Stockton-on-Tees", defaults={"budget": Decimal("10000")})
    if made:
        lot.local_authorities.set(["E06000004"])
    round_ = Round.objects.create(fund=fund, name=name, decision=Round.Decision.VOTE, counting_rule=rule,
                                  approval_limit=approval_limit, status=Round.Status.DECIDING)
    now = timezone.now()
    call_out = CallOut.objects.create(round=round_, lot=lot, title=f"{name}: greener streets", slug=slug,
                                      status=CallOut.Status.PUBLISHED, summary="Projects residents choose.",
                                      max_amount=Decimal("6000"), opens_at=now - timedelta(days=30),
                                      closes_at=now - timedelta(days=10))
    for title, amount in PROJECTS:
        Application.objects.create(call_out=call_out, organisation=council, unregistered_group=True,
                                   applicant_name=f"Sample {title.split()[0].lower()} group", contact_name="Sample contact",
                                   title=title, amount=Decimal(amount), status=Application.Status.SUBMITTED,
                                   shortlisted=True, submitted_at=now, sample=True)
    return round_
