"""The 14 recommendations of Stockton-on-Tees' Director of Public Health Report 2023/4 and a "We did" line of
each, as its 2024/5 report's Appendix 2 gives them (shared/seeds/000_05feaddcbdf913bf.txt), for the tests."""
from datetime import date

from healthyplaces.actions.models import Action, ProgressUpdate

REPORT = "Director of Public Health Report 2023/4"
RECOMMENDATIONS = [
    ("Adopt Population Intervention Triangle (PIT) approach",
     "Adopted by SBC Cabinet, Health and Wellbeing Board (HWB)"),
    ("Support Fairer Stockton-on-Tees Framework through focus on wider determinants of health and overlaying "
     "inter-related drivers of inequality", "New Health & Wellbeing Strategy (HWS) has a focus on wider determinants"),
    ("Co-produce self-assessment against PIT model",
     "Updated Joint Strategic Needs Assessment approach implemented and initial priorities agreed"),
    ("Consider 'Marmot place' approach locally",
     "Considered with strategic partners and agreed to adopt local approach at this time"),
    ("Explore LGA support to address inequality", "LGA Health in All Policies support secured, to be delivered in 2025/6"),
    ("Adopt an Equity Impact Assessment across the Council", "Equality & Poverty Impact Assessment adopted"),
    ("Adopt sustainable approaches to creating conditions for maximising health and wellbeing and addressing "
     "inequalities", "HWB deep dive sessions implemented e.g. loneliness & social isolation"),
    ("Support community-building, focusing on assets and strengths",
     "Continuing to work with and strengthen community wellbeing champions' network"),
    ("Embed working with the community in policy",
     "Commencing work on a different approach to commissioning community activity, working with the VCSE"),
    ("Adopt Making Every Contact Count (MECC) across collective workforce",
     "Workforce training embedded re: advice, support and brief intervention"),
    ("Embed PIT model in Council's transformation agenda (Powering our Future)",
     "Early intervention and prevention agreed as a priority area"),
    ("Identify and address gaps in our understanding of local communities",
     "Working with communities embedded as a pillar of the Neighbourhood Health pilot"),
    ("Capture impact on inequalities, in monitoring frameworks",
     "HWS impact monitoring approach in development, with addressing inequality at its heart"),
    ("Embed the PIT approach in a logic model to monitor the HWS", "See Action 13"),
]


def make_recommendations(owner, year=2024):
    """The 14 as actions of `owner`, in a shuffled order of creation (the report's order is their numbers)."""
    made = []
    for number in [7, 1, 14, 3, 9, 2, 12, 5, 4, 11, 8, 6, 13, 10]:
        title, did = RECOMMENDATIONS[number - 1]
        action = Action.objects.create(title=title, owner=owner, report=REPORT, report_year=year, number=number,
                                       source=Action.Source.REPORT, status=Action.Status.ON_TRACK,
                                       start_date=date(2024, 4, 1), due_date=date(2026, 3, 31))
        ProgressUpdate.objects.create(action=action, date=date(2025, 3, 1), text=did, organisation=owner)
        made.append(action)
    return made
