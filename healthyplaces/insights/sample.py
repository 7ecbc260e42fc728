"""A generated, clearly labelled sample of conversations and insights for the demo place,
Stockton-on-Tees. Nobody said these things: every conversation is marked as sample data and its
title starts with "Sample:". Loading twice changes nothing.

Nobody said these things, so the sample is confirmed for sharing by the system (no person) after the
detector's redaction, and partners see it in the demo; the insights in which the detector flags
personal data are left in the queue, to show that step.
"""
import random
from datetime import date, timedelta

from django.db import transaction

from healthyplaces.accounts.models import Organisation
from healthyplaces.places.models import Lsoa

from . import embeddings, personal_data, services
from .models import Community, Conversation, Theme

AUTHORITY = "E06000004"  # Stockton-on-Tees
ORGANISATION = "Sample data (generated) – Stockton community partners"
SEED = 2026

# (theme, kind, summary, quote or "")
STATEMENTS = [
    ("X_built_environment", "barrier", "The last bus back from the town centre leaves too early for people on late shifts.",
     "If you finish at ten there's no way home except a taxi you can't afford."),
    ("X_built_environment", "need", "Parents want safe places to cross the main road on the way to school.", ""),
    ("X_built_environment", "strength", "The riverside path is well used for walking and people feel it has improved.",
     "The river walk is the best thing about living here."),
    ("L2_social_community", "strength", "The community centre's coffee morning is where older residents meet each other.",
     "Without Tuesday mornings I'd not talk to anyone all week."),
    ("L2_social_community", "need", "Newly arrived families do not know where to find groups or support.", ""),
    ("L2_social_community", "barrier", "People feel lonely since the library opening hours were cut.",
     "The library was the only warm place to sit and chat."),
    ("L3_housing", "barrier", "Damp and mould in rented homes are making children's breathing worse.",
     "The landlord just tells us to open the windows."),
    ("L3_housing", "need", "Tenants want help to challenge landlords about repairs.", ""),
    ("L3_health_care", "barrier", "It is hard to get a GP appointment without phoning at eight in the morning.",
     "By the time you get through they're all gone."),
    ("L3_health_care", "idea", "A health check stall at the market would reach men who never see a GP.", ""),
    ("L3_health_care", "barrier", "Waiting lists for mental health support are long and people give up.", ""),
    ("L3_agriculture_food", "need", "Families are relying on the food bank at the end of the month.",
     "We eat properly for three weeks and then it's toast."),
    ("L3_agriculture_food", "idea", "A community fridge and cooking sessions could cut waste and help families.", ""),
    ("L3_unemployment", "barrier", "Young people say there are few jobs they can get to without a car.", ""),
    ("L3_work_environment", "need", "Shift workers want support for health that fits around their hours.", ""),
    ("L3_education", "strength", "The adult learning courses at the hub gave people confidence to apply for work.",
     "I got my maths qualification at fifty-two."),
    ("L1_lifestyle", "idea", "Free swimming sessions for families in the holidays would get children active.", ""),
    ("L1_lifestyle", "barrier", "Gym prices put people off, and the parks feel unsafe after dark for exercise.", ""),
    ("X_community_safety", "barrier", "Antisocial behaviour near the shops stops older people going out in the evening.",
     "I don't go out after four in winter."),
    ("X_community_safety", "idea", "Better lighting on the cut-through would make people feel safer walking.", ""),
    ("L4_general_conditions", "need", "Energy bills mean some households choose between heating and eating.",
     "We sit in coats and blankets to save the gas."),
    ("L4_general_conditions", "strength", "People are proud of the area's history and want it to be celebrated.", ""),
]
# Statements that carry personal data, so the redaction flow has something to show (fictional, reserved numbers).
WITH_PERSONAL_DATA = [
    ("L3_health_care", "need", "Resident asked to be called back about a referral on 07700 900461.",
     "My name is Pat, ring me any afternoon."),
    ("L3_housing", "barrier", "Tenant at TS18 1AB has had no heating repair for six weeks; email sample.tenant@example.org.", ""),
]
CONVERSATIONS = [
    ("Sample: market day street conversations", "street", "Stockton Town Centre", 38,
     ["adults-16-59", "older-people-60-plus"]),
    ("Sample: parents' focus group at the primary school", "focus_group", "Newtown", 11, ["adults-16-59"]),
    ("Sample: residents' survey, autumn", "survey", "Hardwick and Salters Lane", 142,
     ["adults-16-59", "older-people-60-plus"]),
    ("Sample: food bank conversations", "street", "Mandale and Victoria", 23, ["adults-16-59"]),
    ("Sample: older people's coffee morning", "event", "Norton South", 19, ["older-people-60-plus"]),
    ("Sample: youth club workshop", "workshop", "Stainsby Hill", 14, ["children-0-15"]),
    ("Sample: housing advice drop-in interviews", "interview", "Parkfield and Oxbridge", 6,
     ["adults-16-59", "vulnerable-migrants-asylum-seekers"]),
    ("Sample: community centre open day", "event", "Roseworth", 55, ["adults-16-59", "older-people-60-plus"]),
    ("Sample: hostel residents' conversation", "focus_group", "Stockton Town Centre", 8,
     ["people-who-are-homeless"]),
    ("Sample: spring health survey", "survey", "Billingham Central", 97, ["adults-16-59", "older-people-60-plus"]),
]


def _organisation():
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION, defaults={"kind": Organisation.Kind.VCSE})
    return organisation


def _ward_lsoas(ward_name):
    lsoas = list(Lsoa.objects.filter(vintage=2011, local_authority_id=AUTHORITY, ward__name=ward_name)
                 .values_list("code", flat=True))
    if not lsoas:  # ward names change; fall back to the authority's first LSOAs
        lsoas = list(Lsoa.objects.filter(vintage=2011, local_authority_id=AUTHORITY).values_list("code", flat=True)[:3])
    return lsoas


def loaded():
    return Conversation.objects.filter(is_sample=True).exists()


@transaction.atomic
def load(by=None):
    """Load the sample; returns (conversations, insights) added, (0, 0) when it is there already."""
    if loaded():
        return 0, 0
    if not Lsoa.objects.filter(local_authority_id=AUTHORITY).exists():
        raise services.InsightInvalid("Load England first (healthyplaces load-england): the sample is for Stockton-on-Tees.")
    rng = random.Random(SEED)
    organisation = _organisation()
    communities = {c.slug: c for c in Community.objects.all()}
    themes = {t.code: t for t in Theme.objects.all()}
    start = date(2025, 4, 7)
    planned = []
    for number, (title, kind, ward, participants, community_slugs) in enumerate(CONVERSATIONS):
        held_on = start + timedelta(days=number * 45 + rng.randint(0, 20))
        conversation = services.save_conversation(
            by=by, organisation=organisation, title=title, kind=kind, held_on=held_on,
            lsoa_codes=_ward_lsoas(ward), run_by="Sample community connectors", participants=participants,
            communities=[communities[s] for s in community_slugs if s in communities],
            description="Generated sample data for demonstrations. Nobody said these things.", is_sample=True)
        statements = rng.sample(STATEMENTS, 8)
        if number in (0, 6):
            statements.append(WITH_PERSONAL_DATA[0 if number == 0 else 1])
        for theme, insight_kind, summary, quote in statements:
            planned.append((conversation, theme, insight_kind, summary, quote, rng.random() < 0.7))
    vectors = embeddings.encode([personal_data.redact(p[3]) for p in planned])
    insights = []
    for index, (conversation, theme, insight_kind, summary, quote, consent) in enumerate(planned):
        insights.append(services.save_insight(
            by=by, conversation=conversation, summary=summary, kind=insight_kind, quote=quote,
            quote_consent=bool(quote) and consent, themes=[themes[theme]] if theme in themes else [],
            tags=services.tags_from_text("sample"), embed=False,
            vector=vectors[index] if vectors is not None else None))
    services.confirm_as_system(list(Conversation.objects.filter(is_sample=True, confirmed_at__isnull=True))
                               + [i for i in insights if not i.personal_data])
    return len(CONVERSATIONS), len(planned)
