"""A generated, clearly labelled sample of conversations and insights for the demo place,
Stockton-on-Tees. Nobody said these things: every conversation is marked as sample data and its
title starts with "Sample:". Loading twice changes nothing.

The conversations follow what Stockton-on-Tees' insight work heard (Director of Public Health
Report 2025, `shared/seeds/000_…`): "wide-ranging factors that impact on wellbeing, from access to
green space to perceptions of safety", from people with disabilities, people from different ethnic
backgrounds and young people moving into adulthood; and the report's other examples: work and health
in small businesses, neighbourhood health for people with several long-term conditions, peer
advocacy, food and Grow Your Own, loneliness, carers and fuel poverty (Stockton-on-Tees Plan,
`002_…`). Each conversation has its own insights, written for it: no sentence appears twice. The
people are invented; no real person's words or details are used.

Nobody said these things, so the sample is confirmed for sharing by the system (no person) after the
detector's redaction, and partners see it in the demo; the insights in which the detector flags
personal data are left in the queue, to show that step (two carry made-up contact details, with
reserved phone numbers and example addresses, for that purpose).
"""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from healthyplaces.accounts.models import Organisation
from healthyplaces.places.models import Lsoa

from . import embeddings, personal_data, services
from .models import Community, Conversation, Theme

AUTHORITY = "E06000004"  # Stockton-on-Tees
ORGANISATION = "Sample data (generated) – Stockton community partners"
SEED = 2026

# Communities of interest or identity the insight work listened to, beside the age bands and
# inclusion-health groups every platform starts with (their slugs, as services.add_community makes them).
COMMUNITIES = [
    "Disabled people",
    "People from minority ethnic backgrounds",
    "Young people moving into adulthood",
    "Unpaid carers",
    "People living with several long-term conditions",
    "Small business owners and staff",
]


@dataclass
class Said:
    themes: tuple
    kind: str
    summary: str
    quote: str = ""


@dataclass
class Held:
    title: str
    kind: str
    ward: str
    participants: int
    communities: list
    insights: list


CONVERSATIONS = [
    Held("Sample: accessible walk and talk in the park", "event", "Fairfield", 12,
         ["disabled-people", "adults-16-59"], [
             Said(("X_built_environment",), "barrier",
                  "The park's kissing gates and high kerbs stop wheelchairs and mobility scooters getting in at all.",
                  "I can see the trees from my window but I can't get through the gate."),
             Said(("X_built_environment",), "need",
                  "Walkers want a bench every few hundred metres so they can rest on the way round the lake."),
             Said(("L3_water_sanitation",), "barrier",
                  "The only accessible toilet near the park is locked most afternoons, so visits are cut short.",
                  "If I can't be sure of a loo, I don't go."),
             Said(("L1_lifestyle",), "strength",
                  "The Tuesday adapted cycling session is the one bit of exercise several people look forward to.",
                  "On the trike I forget about everything for an hour."),
             Said(("X_community_safety",), "barrier",
                  "Fast bikes on the shared path leave people with sight loss feeling unsafe."),
             Said(("L2_social_community",), "idea",
                  "A buddy scheme, pairing residents to visit the park together, would help those who will not go alone."),
         ]),
    Held("Sample: young people's transitions group", "workshop", "Newtown", 9,
         ["young-people-moving-into-adulthood", "adults-16-59"], [
             Said(("L3_education",), "barrier",
                  "College timetables finish at lunchtime on two days and there is nothing to fill the afternoons."),
             Said(("L3_unemployment",), "need",
                  "Young people want work tasters with employers who will adapt the job, not another CV workshop.",
                  "Everyone says get a job but nobody will give me a trial day."),
             Said(("X_built_environment",), "barrier",
                  "Travel training ends at eighteen, and some lose the confidence to take buses on their own."),
             Said(("L2_social_community",), "strength",
                  "The Friday games night is where members made friends they now meet outside the group.",
                  "It's the only place where nobody stares."),
             Said(("L1_lifestyle",), "idea",
                  "A kickabout where nobody gets picked last, led by older members, would get more of them moving."),
             Said(("L3_health_care",), "barrier",
                  "Moving from children's to adult services means explaining everything again to strangers."),
         ]),
    Held("Sample: conversations at the town centre wellbeing hub", "street", "Stockton Town Centre", 31,
         ["people-living-with-several-long-term-conditions", "adults-16-59", "older-people-60-plus"], [
             Said(("L3_health_care",), "need",
                  "People juggling several conditions want one review that covers them all, not three clinics in three places.",
                  "I keep a folder just for hospital letters."),
             Said(("L0_fixed", "L3_health_care"), "idea",
                  "Residents whose parents had heart trouble would like to be offered a check earlier than fifty."),
             Said(("L4_general_conditions",), "barrier",
                  "To keep the heating bill down, some households live in one room and go to bed early.",
                  "The meter's on emergency credit more often than not."),
             Said(("L3_agriculture_food",), "barrier",
                  "There is no supermarket within walking distance of the town centre flats, only corner shops charging more."),
             Said(("L2_social_community",), "strength",
                  "Free hot drinks and a chat at the warm space have become a regular stop for people who live alone."),
             Said(("L3_housing",), "barrier",
                  "Tenants of flats above shops describe damp bedrooms and landlords who take months to answer."),
             Said(("X_community_safety",), "barrier",
                  "Dealing in the underpass sends people the long way round to the bus station."),
         ]),
    Held("Sample: small business owners' breakfast", "focus_group", "Yarm", 14,
         ["small-business-owners-and-staff", "adults-16-59"], [
             Said(("L3_work_environment",), "need",
                  "Owners of firms with a handful of staff want plain advice on keeping someone at work through a bad back or stress.",
                  "When one of my four is off, that's a quarter of the business gone."),
             Said(("L3_work_environment",), "barrier",
                  "Occupational health is beyond their budget, and a fit note does not say which adjustments would help."),
             Said(("L3_unemployment",), "strength",
                  "Several have taken on people coming back after long-term sickness and found them loyal staff."),
             Said(("L1_lifestyle",), "idea",
                  "A step challenge between neighbouring businesses would get staff away from their desks at lunchtime."),
             Said(("L3_health_care",), "idea",
                  "Blood pressure checks at the workplace would reach staff who never take time off to see a nurse."),
         ]),
    Held("Sample: women's group at the community centre", "focus_group", "Parkfield and Oxbridge", 16,
         ["people-from-minority-ethnic-backgrounds", "adults-16-59"], [
             Said(("L1_lifestyle",), "barrier",
                  "Mixed sessions keep many women away from the pool; a women-only session with female staff would change that.",
                  "I would swim every week if I knew no men would walk in."),
             Said(("X_community_safety",), "barrier",
                  "Some women have had abuse shouted at them in the street and now walk to school in pairs."),
             Said(("L3_health_care",), "barrier",
                  "Without an interpreter at appointments, children miss school to translate for their parents."),
             Said(("L2_social_community",), "strength",
                  "The cooking and conversation mornings are where newly arrived women find friends and advice."),
             Said(("L3_education",), "need",
                  "Mothers want English classes with a crèche, at times that fit around the school run."),
             Said(("L3_agriculture_food",), "strength",
                  "Families share the allotment behind the centre and swap what they grow."),
         ]),
    Held("Sample: Grow Your Own sessions at the youth club", "workshop", "Stainsby Hill", 18,
         ["children-0-15"], [
             Said(("L3_agriculture_food",), "strength",
                  "Children who had never gardened were keen to sow, water and weed, and a third took seedlings home.",
                  "I've never had a courgette before and I picked this one myself."),
             Said(("L3_agriculture_food", "L4_general_conditions"), "need",
                  "Parents say fresh vegetables cost too much to risk on children who might not eat them."),
             Said(("L3_education",), "idea",
                  "Cooking with the harvest could become part of the after-school club each half term."),
             Said(("X_built_environment",), "barrier",
                  "The nearest playground has broken swings, so younger ones play in the car park instead."),
             Said(("L1_lifestyle",), "strength",
                  "Staff noticed the children were far more active on growing days than on indoor days."),
         ]),
    Held("Sample: carers' coffee morning", "event", "Norton South", 11,
         ["unpaid-carers", "older-people-60-plus"], [
             Said(("L2_social_community",), "barrier",
                  "Carers looking after a partner at home rarely get out; they feel lonely and out of touch with friends.",
                  "Nobody has asked how I am for two years."),
             Said(("L3_health_care",), "need",
                  "They want someone to sit in for a few hours so they can keep their own appointments."),
             Said(("L2_social_community",), "strength",
                  "The volunteer drivers who bring people to the group are what make coming possible."),
             Said(("L4_general_conditions",), "barrier",
                  "Carer's Allowance does not cover the extra washing and heating that caring brings."),
             Said(("X_built_environment",), "barrier",
                  "Dropped kerbs are missing between the sheltered housing and the shops, so wheelchairs go in the road."),
         ]),
    Held("Sample: residents' survey on parks and open spaces", "survey", "Billingham East", 164,
         ["adults-16-59", "older-people-60-plus"], [
             Said(("X_built_environment",), "strength",
                  "Most who answered walk in the local woods and along the beck and call it the best thing about the area."),
             Said(("X_community_safety", "X_built_environment"), "barrier",
                  "Many would walk after work in winter if the paths through the park were lit."),
             Said(("L3_water_sanitation",), "barrier",
                  "Litter and dog mess by the beck put families off the picnic area."),
             Said(("L2_social_community",), "idea",
                  "People would join a friends-of-the-park group that plants bulbs and runs litter picks."),
             Said(("L1_lifestyle",), "need",
                  "Older residents asked for outdoor exercise equipment and a gentler-paced walking group."),
             Said(("X_built_environment",), "barrier",
                  "No safe crossing links the estate to the park entrance across the main road."),
         ]),
    Held("Sample: housing advice drop-in interviews", "interview", "Mandale and Victoria", 7,
         ["vulnerable-migrants-asylum-seekers", "adults-16-59"], [
             Said(("L3_housing",), "barrier",
                  "People in shared asylum housing describe overcrowded rooms and broken cookers they cannot report themselves."),
             Said(("L3_housing",), "need",
                  "Tenants want someone beside them when they take a repair complaint to the landlord."),
             Said(("L3_unemployment", "L3_housing"), "barrier",
                  "Once granted refugee status, people have weeks to leave support and cannot find a deposit or a job in time."),
             Said(("L3_health_care",), "strength",
                  "The drop-in nurse has helped several people register with a doctor for the first time."),
             Said(("L3_housing",), "barrier",
                  "Tenant at TS18 1AB has had no heating repair for six weeks; email sample.tenant@example.org."),
         ]),
    Held("Sample: hostel residents' conversation", "focus_group", "Stockton Town Centre", 8,
         ["people-who-are-homeless"], [
             Said(("L3_health_care",), "barrier",
                  "Residents have been turned away by surgeries for having no fixed address."),
             Said(("L2_social_community",), "strength",
                  "Peer advocates who have been through it themselves are the people residents trust most.",
                  "She didn't judge me. She'd been there."),
             Said(("L3_agriculture_food",), "need",
                  "The hostel kitchen shuts at six, so residents working late go without a hot meal."),
             Said(("L3_unemployment",), "idea",
                  "Volunteering at the food project has given some a routine and a reference for work."),
             Said(("L4_general_conditions",), "barrier",
                  "A sanction after one missed appointment can leave someone with no money for weeks."),
         ]),
    Held("Sample: market day street conversations", "street", "Stockton Town Centre", 44,
         ["adults-16-59", "older-people-60-plus"], [
             Said(("X_built_environment", "L3_work_environment"), "barrier",
                  "The last bus to the estates leaves before the late shift ends, so people walk home or pay for a taxi.",
                  "Finish at ten and it's a forty-minute walk in the dark."),
             Said(("L3_health_care",), "idea",
                  "A health check stall on market day would reach men who say they have not seen a doctor in years."),
             Said(("L4_general_conditions",), "strength",
                  "Stallholders and shoppers are proud of the market and want the high street busy again."),
             Said(("X_community_safety",), "need",
                  "Shoppers want the car park stairwells lit and cleaned; several avoid them after dark."),
             Said(("L1_lifestyle", "L4_general_conditions"), "barrier",
                  "Leisure centre membership is out of reach for people living on Universal Credit."),
             Said(("L3_health_care",), "need",
                  "Resident asked to be called back about a referral on 07700 900461.",
                  "My name is Pat, ring me any afternoon."),
         ]),
    Held("Sample: older people's lunch club", "event", "Billingham Central", 26,
         ["older-people-60-plus"], [
             Said(("L2_social_community",), "barrier",
                  "Since the bank and post office closed, some members have no reason to go out during the week.",
                  "Some weeks the lunch club is the only time I hear another voice."),
             Said(("L3_health_care",), "barrier",
                  "Booking appointments by app shuts out people without a smartphone."),
             Said(("L4_general_conditions",), "need",
                  "Members want patient help to get online, in a place they already go."),
             Said(("L3_housing",), "need",
                  "Several would move to a bungalow but none come up to rent near their friends."),
             Said(("L1_lifestyle",), "strength",
                  "Chair-based exercise before the meal keeps people steady on their feet, they say."),
             Said(("L0_fixed", "L3_health_care"), "need",
                  "Women in the group say nobody has told them how their risk of a fall changes as they age."),
         ]),
    Held("Sample: school gate conversations", "street", "Roseworth", 22,
         ["adults-16-59", "children-0-15"], [
             Said(("X_built_environment",), "need",
                  "Parents want a zebra crossing on the road outside the school."),
             Said(("L3_agriculture_food",), "barrier",
                  "Takeaways by the school gate are the cheapest way for children to fill up after school."),
             Said(("L3_education",), "strength",
                  "The breakfast club means children start the day fed and on time."),
             Said(("X_community_safety",), "barrier",
                  "Off-road motorbikes on the playing field mean parents keep children indoors."),
             Said(("L2_social_community",), "idea",
                  "A stay-and-play morning would help parents who have just moved here meet others."),
         ]),
]
# Every statement of the sample (themes, kind, summary, quote), e.g. for generated benchmark data.
STATEMENTS = [(said.themes, said.kind, said.summary, said.quote) for held in CONVERSATIONS for said in held.insights]


def _organisation():
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION, defaults={"kind": Organisation.Kind.VCSE})
    return organisation


def _communities(by):
    """The communities the sample names, those of interest added when they are not known yet."""
    for name in COMMUNITIES:
        if not Community.objects.filter(name__iexact=name).exists():
            services.add_community(name, by=by, description="Listened to in Stockton-on-Tees' insight work "
                                                            "(added with the sample data).")
    return {c.slug: c for c in Community.objects.all()}


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
    communities = _communities(by)
    themes = {t.code: t for t in Theme.objects.all()}
    start = date(2025, 4, 7)
    planned = []
    for number, held in enumerate(CONVERSATIONS):
        conversation = services.save_conversation(
            by=by, organisation=organisation, title=held.title, kind=held.kind,
            held_on=start + timedelta(days=number * 28 + rng.randint(0, 14)),
            lsoa_codes=_ward_lsoas(held.ward), run_by="Sample community connectors", participants=held.participants,
            communities=[communities[slug] for slug in held.communities],
            description="Generated sample data for demonstrations. Nobody said these things.", is_sample=True)
        planned += [(conversation, said, rng.random() < 0.7) for said in held.insights]
    vectors = embeddings.encode([personal_data.redact(said.summary) for _, said, _ in planned])
    insights = []
    for index, (conversation, said, consent) in enumerate(planned):
        insights.append(services.save_insight(
            by=by, conversation=conversation, summary=said.summary, kind=said.kind, quote=said.quote,
            quote_consent=bool(said.quote) and consent, themes=[themes[code] for code in said.themes],
            tags=services.tags_from_text("sample"), embed=False,
            vector=vectors[index] if vectors is not None else None))
    services.confirm_as_system(list(Conversation.objects.filter(is_sample=True, confirmed_at__isnull=True))
                               + [i for i in insights if not i.personal_data])
    return len(CONVERSATIONS), len(planned)
