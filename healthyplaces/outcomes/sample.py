"""A generated, clearly labelled sample programme: peer advocacy in Stockton-on-Tees with 27 participants.

It follows what Stockton's pilot reported ("27 individuals engaged fully with a peer advocate; 44% co-produced
goals and 83% are in regular contact", `shared/seeds/`), with goals, contacts, SWEMWBS and ONS4 at the start and
the end, outcomes and referrals to the sample assets. The people are invented: the programme and every
participant are marked as sample data, and the references start with "SAMPLE-". Loading twice changes nothing.

Dates are counted back from the day it is loaded, so the regular-contact figure holds on that day.
"""
import random
from datetime import date, timedelta

from django.db import transaction

from healthyplaces.accounts.models import Organisation
from healthyplaces.assets.models import Asset
from healthyplaces.places.models import Lsoa

from . import services
from .measures import measures
from .models import AgeBand, Contact, Goal, OutcomeCheck, Participant, Programme, Referral, Sex

AUTHORITY = "E06000004"  # Stockton-on-Tees
COUNCIL = "Stockton-on-Tees Borough Council"
SLUG = "sample-peer-advocacy-stockton"
PEOPLE = 27
CO_PRODUCED = 12  # 44% of 27
REGULAR = 22  # 83% of 27 (in contact each week of the last 8)
SEED = 16

OUTCOMES = [
    {"code": "treatment", "label": "Engaging with treatment", "co_produced": False},
    {"code": "substance_use", "label": "Substance use reduced", "co_produced": False},
    {"code": "tenancy", "label": "Supported to gain or keep a tenancy", "co_produced": False},
    {"code": "volunteering", "label": "Undertaking volunteering", "co_produced": False},
    {"code": "work_training", "label": "In work or training", "co_produced": False},
    {"code": "trusted_adult", "label": "Has someone to turn to", "co_produced": True},
]
GOALS = ["Keep my flat and pay the rent on time", "Go to the recovery café every week", "Cut down on drinking",
         "Get back in touch with my sister", "Start volunteering at the food bank", "Register with a GP",
         "Walk to the park most days", "Sort out my benefits", "Do a course at the college", "Cook a meal each day"]


def _answers(rng, items, low, high, centre):
    return {item.id: max(low, min(high, round(rng.gauss(centre, 0.8)))) for item in items}


@transaction.atomic
def load_sample(*, workers=(), officers=(), today=None):
    """Make the sample programme (once); name these people as its workers and officers. Returns the programme."""
    today = today or date.today()
    council, _ = Organisation.objects.get_or_create(name=COUNCIL, defaults={"kind": "council"})
    programme, made = Programme.objects.get_or_create(slug=SLUG, defaults={
        "name": "Sample: peer advocacy in Stockton-on-Tees", "kind": Programme.Kind.PEER_ADVOCACY,
        "organisation": council, "sample": True, "started_on": today - timedelta(days=400),
        "description": "A made-up peer advocacy programme, to show how the platform records and reports a "
                       "programme: peer advocates with lived experience support people facing multiple "
                       "disadvantage.",
        "measures": [{"measure": "swemwbs", "when": ["start", "end"]}, {"measure": "ons4", "when": ["start", "end"]}],
        "outcomes": OUTCOMES, "regular_contact_weeks": 8})
    programme.workers.add(*workers)
    programme.officers.add(*officers)
    if not made:
        return programme
    programme.providers.add(council)
    programme.areas.add(AUTHORITY)
    rng = random.Random(SEED)
    lsoas = list(Lsoa.objects.filter(vintage=2011, local_authority_id=AUTHORITY).order_by("code"))
    assets = list(Asset.objects.filter(published=True, lsoa__local_authority_id=AUTHORITY).order_by("pk")[:6])
    swemwbs, ons4 = measures()["swemwbs"], measures()["ons4"]
    ages = [AgeBand.A18, AgeBand.A25, AgeBand.A25, AgeBand.A35, AgeBand.A35, AgeBand.A35, AgeBand.A50, AgeBand.A50]
    for number in range(1, PEOPLE + 1):
        joined = today - timedelta(days=rng.randint(120, 360))
        participant = Participant.objects.create(
            programme=programme, reference=f"SAMPLE-{number:03d}", joined_on=joined, sample=True,
            age_band=rng.choice(ages), sex=rng.choice([Sex.MALE, Sex.MALE, Sex.FEMALE]),
            lsoa=rng.choice(lsoas) if lsoas else None, referral_source=rng.choice(
                ["self", "substance_use", "housing", "probation", "gp"]), referred_on=joined - timedelta(days=7))
        for _ in range(rng.randint(1, 3) if number <= CO_PRODUCED else rng.randint(0, 1)):
            Goal.objects.create(participant=participant, text=rng.choice(GOALS), co_produced=number <= CO_PRODUCED,
                                set_on=joined + timedelta(days=rng.randint(7, 30)),
                                progress=rng.choice(Goal.Progress.values))
        # contacts: those in regular contact see their advocate every week up to today; the others stopped
        last = today if number % 27 not in (3, 8, 14, 20, 25) else today - timedelta(days=rng.randint(30, 60))
        on = joined
        while on <= last:
            Contact.objects.create(participant=participant, on=on, kind=rng.choice(Contact.Kind.values),
                                   minutes=rng.choice([20, 30, 45, 60, 90]))
            on += timedelta(days=rng.randint(3, 7))
        lift = rng.gauss(0.6, 0.5)
        services.record_score(participant, measure="swemwbs", taken_on=joined, timepoint="start",
                              answers=_answers(rng, swemwbs.items, 1, 5, 2.6))
        services.record_score(participant, measure="ons4", taken_on=joined, timepoint="start",
                              answers={i.id: (_answers(rng, [i], 0, 10, 6.5 if i.id == "anxiety" else 4.5)[i.id])
                                       for i in ons4.items})
        if number % 9 != 0:  # three have no end score yet
            ended = min(today, joined + timedelta(days=112))
            services.record_score(participant, measure="swemwbs", taken_on=ended, timepoint="end",
                                  answers=_answers(rng, swemwbs.items, 1, 5, 2.6 + lift))
            services.record_score(participant, measure="ons4", taken_on=ended, timepoint="end",
                                  answers={i.id: _answers(rng, [i], 0, 10, (6.5 - 2 * lift) if i.id == "anxiety"
                                                          else 4.5 + 2 * lift)[i.id] for i in ons4.items})
        for outcome in OUTCOMES:
            if rng.random() < 0.5:
                OutcomeCheck.objects.create(participant=participant, outcome=outcome["code"],
                                            on=joined + timedelta(days=90), achieved=rng.random() < 0.6)
        if assets and rng.random() < 0.5:
            Referral.objects.create(participant=participant, asset=rng.choice(assets),
                                    on=joined + timedelta(days=rng.randint(14, 60)),
                                    connected=rng.choice(Referral.Connected.values))
    return programme
