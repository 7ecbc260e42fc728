"""`healthyplaces grants load-sample`: a labelled sample fund for North and West Northamptonshire.

Northamptonshire budgets £900,000 a year for social wellbeing, split by lot (North £429,307, West £470,693), with
some of it for grants seeding local projects. The sample holds those two lots and budgets, three partners'
contributions (made-up amounts adding up to the £900,000), a panel round with a call-out on a community priority
in each lot, and sample applications from made-up groups (most submitted, one a draft). Everything is marked
sample; loading again changes nothing but the panel's members named.
"""
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from healthyplaces.accounts.models import Organisation
from healthyplaces.assessments.models import FrameworkVersion
from healthyplaces.insights.models import Community, Theme

from . import services
from .models import CallOut, Contribution, Fund, Lot, Panel, Round

FUND = "Sample Northamptonshire social wellbeing fund"
NORTH, WEST = "E06000061", "E06000062"
COUNCILS = {NORTH: "North Northamptonshire Council", WEST: "West Northamptonshire Council"}
PARTNER = "Sample NHS Northamptonshire Integrated Care Board"
LOTS = [("North Northamptonshire", Decimal("429307"), NORTH), ("West Northamptonshire", Decimal("470693"), WEST)]
CONTRIBUTIONS = [(COUNCILS[NORTH], Decimal("300000")), (COUNCILS[WEST], Decimal("330000")), (PARTNER, Decimal("270000"))]
QUESTIONS = [
    {"key": "need", "label": "What need will your project meet, and who told you about it?", "kind": "textarea",
     "required": True, "hint": "Say what local people said, and where."},
    {"key": "people", "label": "How many people will take part?", "kind": "number", "required": True},
    {"key": "led_by", "label": "Who runs your group?", "kind": "choice", "required": True,
     "choices": ["Volunteers", "Paid staff", "Both"]},
    {"key": "first_grant", "label": "Is this your first grant from us?", "kind": "yesno", "required": False},
]
GUIDANCE = ("We fund small, practical projects that local people run, for people who live in the area. You do not "
            "need to be a registered charity: an unregistered community group with a named contact can apply.\n\n"
            "Tell us in your own words what people said they need, what you will do, and how many people will take "
            "part. Your budget should list what the money pays for, line by line, and add up to what you ask for.\n\n"
            "A panel of local people and partners scores every application against the six wellbeing principles. "
            "We tell everyone the result within six weeks of the closing date.")
CALL_OUTS = [
    {"slug": "sample-north-loneliness", "lot": "North Northamptonshire", "theme": "community",
     "title": "Sample: Tackling loneliness and social isolation in North Northamptonshire",
     "summary": "Grants of up to £5,000 for groups that bring isolated people together, as residents asked in the "
                "social isolation conversations.", "max": Decimal("5000"), "budget": Decimal("25000"),
     "community": "older-people-60-plus"},
    {"slug": "sample-west-healthy-food", "lot": "West Northamptonshire", "theme": "food",
     "title": "Sample: Healthy, affordable food in West Northamptonshire",
     "summary": "Grants of up to £4,000 for community cooking, growing and food-sharing projects.",
     "max": Decimal("4000"), "budget": Decimal("20000"), "community": None},
]
# (call-out slug, group, unregistered?, project, amount, [(item, cost)], people, led by, submitted?)
APPLICATIONS = [
    ("sample-north-loneliness", "Sample Corby Men's Shed", False, "Shed sessions for men living alone", "4200",
     [("Workshop rent", "2400"), ("Tools and timber", "1300"), ("Tea and transport", "500")], 30, "Volunteers", True),
    ("sample-north-loneliness", "Sample Kettering Knit and Natter", True, "Knit and natter mornings", "900",
     [("Room hire", "600"), ("Wool and tea", "300")], 18, "Volunteers", True),
    ("sample-north-loneliness", "Sample Wellingborough Walking Friends", True, "Friendly walks from the library",
     "1500", [("Walk leader training", "900"), ("Leaflets", "200"), ("Refreshments", "400")], 40, "Volunteers", True),
    ("sample-north-loneliness", "Sample Rushden Lunch Club", False, "A weekly lunch club for older people", "5000",
     [("Hall hire", "2000"), ("Food", "2500"), ("Minibus", "500")], 45, "Both", True),
    ("sample-north-loneliness", "Sample Thrapston Tea Dance", True, "Monthly tea dances", "2400",
     [("Hall and music", "1800"), ("Refreshments", "600")], 60, "Volunteers", True),
    ("sample-north-loneliness", "Sample Oundle Phone Friends", True, "Weekly friendly phone calls", "800",
     [("Phone credit", "300"), ("Volunteer expenses", "500")], 25, "Volunteers", False),
    ("sample-west-healthy-food", "Sample Daventry Community Kitchen", False, "Cook and eat together evenings", "3800",
     [("Kitchen hire", "1600"), ("Ingredients", "1800"), ("Hygiene training", "400")], 50, "Both", True),
    ("sample-west-healthy-food", "Sample Towcester Allotment Group", True, "A shared allotment for families", "2200",
     [("Plot rent and tools", "1200"), ("Seeds and compost", "1000")], 20, "Volunteers", True),
    ("sample-west-healthy-food", "Sample Northampton Food Share", False, "Surplus food sharing in St James", "4000",
     [("Cold storage", "2500"), ("Van fuel", "1500")], 200, "Paid staff", True),
    ("sample-west-healthy-food", "Sample Brackley Young Cooks", True, "Cooking on a budget for young people", "1800",
     [("Ingredients", "1100"), ("Equipment", "700")], 15, "Volunteers", True),
]


def _council(code):
    council, _ = Organisation.objects.get_or_create(name=COUNCILS[code], defaults={"kind": Organisation.Kind.COUNCIL})
    if not council.areas.exists():
        council.areas.set([code])
    return council


def _theme(word):
    return Theme.objects.filter(name__icontains=word).order_by("position").first()


@transaction.atomic
def load_sample(panel_members=(), now=None):
    """Load the sample fund once (returns it); the panel's members are added each time."""
    now = now or timezone.now()
    fund = Fund.objects.filter(name=FUND).first()
    if fund is None:
        fund = _make(now)
    panel = Panel.objects.get(round__fund=fund)
    panel.members.add(*panel_members)
    return fund


def _make(now):
    councils = {code: _council(code) for code in COUNCILS}
    partner, _ = Organisation.objects.get_or_create(name=PARTNER, defaults={"kind": Organisation.Kind.NHS})
    partners = {COUNCILS[NORTH]: councils[NORTH], COUNCILS[WEST]: councils[WEST], PARTNER: partner}
    fund = Fund.objects.create(name=FUND, organisation=councils[WEST], period="2026/27", sample=True,
                               description="Sample data: a shared pot for community activity on the priorities "
                                           "residents raised, across the two Northamptonshire councils and the NHS.")
    for name, amount in CONTRIBUTIONS:
        Contribution.objects.create(fund=fund, partner=partners[name], amount=amount)
    lots = {}
    for name, budget, code in LOTS:
        lots[name] = Lot.objects.create(fund=fund, name=name, budget=budget)
        lots[name].local_authorities.set([code])
    round_ = Round.objects.create(fund=fund, name="2026/27 community grants", decision=Round.Decision.PANEL,
                                  status=Round.Status.OPEN)
    Panel.objects.create(round=round_)
    principles = (FrameworkVersion.objects.filter(framework__key="county_durham_approach_to_wellbeing")
                  .order_by("-number").first())
    call_outs = {}
    for spec in CALL_OUTS:
        call_out = CallOut.objects.create(
            round=round_, lot=lots[spec["lot"]], slug=spec["slug"], title=spec["title"], summary=spec["summary"],
            guidance=GUIDANCE, status=CallOut.Status.PUBLISHED, theme=_theme(spec["theme"]),
            organisation_kinds=[Organisation.Kind.VCSE, Organisation.Kind.COMMUNITY_GROUP], unregistered_groups=True,
            max_amount=spec["max"], budget=spec["budget"], opens_at=now - timedelta(days=30),
            closes_at=now + timedelta(days=60), questions=QUESTIONS, principles=principles)
        if spec["community"]:
            call_out.communities.set(Community.objects.filter(slug=spec["community"]))
        call_outs[spec["slug"]] = call_out
    for slug, group, unregistered, title, amount, lines, people, led_by, submit in APPLICATIONS:
        call_out = call_outs[slug]
        organisation, _ = Organisation.objects.get_or_create(
            name=group, defaults={"kind": Organisation.Kind.COMMUNITY_GROUP if unregistered else Organisation.Kind.VCSE})
        places = list(services.call_out_lsoas(call_out).order_by("code").values_list("code", flat=True)[:40])
        offset = len(group) % max(len(places) - 2, 1)
        application = services.save_application(call_out, organisation, services.ApplicationData(
            unregistered_group=unregistered, applicant_name=group, contact_name="Sample contact",
            contact_email="sample@example.org", title=title, amount=Decimal(amount),
            summary=f"Sample application: {title.lower()}.",
            budget_lines=[(item, Decimal(cost)) for item, cost in lines],
            answers={"need": f"Sample answer: people told us at our sessions that {title.lower()} would help.",
                     "people": people, "led_by": led_by, "first_grant": "yes"},
            lsoas=tuple(places[offset:offset + 2]), local_authorities=tuple(call_out.lot.local_authorities
                                                                           .values_list("code", flat=True))),
            by=None, submit=submit, now=now)
        application.sample = True
        application.save(update_fields=["sample"])
    return fund
