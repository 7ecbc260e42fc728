"""The grants and outcomes forms' cases for test_entries_kept.py: each fills every field of one form, makes one
field invalid and returns (client, method, url, data, the invalid field) for its parametrised test."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.grants.tests.conftest import durham, pot, vote  # noqa: F401 (fixtures the grants cases use)

JOINED = date.today() - timedelta(days=60)


def _date(prefix, on):
    return {f"{prefix}_day": str(on.day), f"{prefix}_month": str(on.month), f"{prefix}_year": str(on.year)}


def _submitted(call_out, people):
    from healthyplaces.grants import services

    return services.save_application(call_out, Organisation.objects.get(name="Catalyst Stockton"), services.ApplicationData(
        unregistered_group=True, applicant_name="Norton Knit and Natter", contact_name="Jo", title="Knit and natter",
        amount=Decimal("900"), budget_lines=[("Room hire", Decimal("900"))], answers={"need": "Lonely people", "people": 10}),
        by=people[Role.PARTNER], submit=True)


@pytest.fixture
def outcomes_programme(people):
    """A Stockton peer advocacy programme that holds who people are, its worker and officer those of `people`."""
    from healthyplaces.outcomes.models import Programme

    council = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    made = Programme.objects.create(name="Peer advocacy", slug="peer-advocacy", kind="peer_advocacy",
                                    organisation=council, holds_identity=True,
                                    measures=[{"measure": "swemwbs", "when": ["start", "end"]}],
                                    outcomes=[{"code": "tenancy", "label": "Tenancy gained or kept"},
                                              {"code": "work", "label": "In work"}])
    made.providers.add(council)
    made.areas.add("E06000004")
    made.workers.add(people[Role.WORKER])
    made.officers.add(people[Role.OFFICER])
    return made


def _participant_url(f):
    from healthyplaces.outcomes import services

    participant = services.add_participant(f("outcomes_programme"), reference="PA-0001", joined_on=JOINED)
    return f"/outcomes/peer-advocacy/participants/{participant.pk}/"


def case_grant_application(f):
    f("pot")
    return (f("client_for")(f("people")[Role.PARTNER]), "post", "/grants/call-outs/tackling-loneliness/apply/",
            {"unregistered_group": "yes", "applicant_name": "Norton Knit and Natter", "charity_number": "1234567",
             "company_number": "07654321", "contact_name": "Jo Bloggs", "contact_email": "jo@example.org",
             "contact_phone": "01642 000000", "title": "Knit and natter mornings",
             "summary": "Mornings of knitting and talk at the library", "q_need": "People on their own",
             "q_people": "25", "q_first_time": "yes", "local_authorities": ["E06000004"], "lsoas": "E01012187",
             "amount": "nine hundred", "item_0": "Room hire", "cost_0": "600", "item_1": "Wool and tea",
             "cost_1": "300"}, "amount")


def case_grant_call_out(f):
    call_out = f("pot")
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/grants/funds/{call_out.round.fund_id}/call-outs/new/",
            {"round": str(call_out.round_id), "lot": str(call_out.lot_id), "title": "Growing food together",
             "slug": "growing-food", "summary": "Grants for community growing.", "guidance": "Tell us who grows",
             "unregistered_groups": "on", "max_amount": "lots", "budget": "5000",
             "principles": str(call_out.principles_id), "score_min": "0", "score_max": "5", "status": "published",
             "opens_on_day": "1", "opens_on_month": "4", "opens_on_year": "2027", "closes_on_day": "30",
             "closes_on_month": "4", "closes_on_year": "2027", "organisation_kinds": ["vcse", "community_group"],
             "question_lines": "textarea*: What need will your project meet?\nnumber: How many people?"}, "max_amount")


def case_grant_contribution(f):
    fund = f("pot").round.fund
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/grants/funds/{fund.pk}/contributions/new/",
            {"partner": str(Organisation.objects.get(name="Catalyst Stockton").pk), "amount": "lots"}, "amount")


def case_grant_lot(f):
    fund = f("pot").round.fund
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/grants/funds/{fund.pk}/lots/new/",
            {"name": "Darlington", "budget": "lots", "local_authorities": ["E06000005"]}, "budget")


def case_grant_round(f):
    fund = f("pot").round.fund
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/grants/funds/{fund.pk}/rounds/new/",
            {"name": "Vote 2026", "decision": "vote", "counting_rule": "", "approval_limit": "2", "status": "draft"},
            "counting_rule")


def case_grant_moderate(f):
    application = _submitted(f("pot"), f("people"))
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/grants/panels/applications/{application.pk}/moderate/",
            {"score": "lots", "note": "The panel agreed it meets the need"}, "score")


def case_grant_scores(f):
    from healthyplaces.grants import services

    call_out, people = f("pot"), f("people")
    application = _submitted(call_out, people)
    data = {}
    for criterion in services.principles(call_out):
        data[f"score_{criterion.pk}"] = "4"
        data[f"comment_{criterion.pk}"] = f"Comment on {criterion.key}"
    bad = f"score_{services.principles(call_out)[0].pk}"
    data[bad] = "9"
    return f("client_for")(people[Role.PANEL_MEMBER]), "post", f"/grants/panels/applications/{application.pk}/", data, bad


def case_outcomes_participant(f):
    from healthyplaces.insights.models import Community
    from healthyplaces.outcomes.forms import ParticipantForm

    f("outcomes_programme")
    choices = {name: str(ParticipantForm.base_fields[name].choices[2][0])
               for name in ("age_band", "sex", "ethnicity", "referral_source")}
    return (f("client_for")(f("people")[Role.WORKER]), "post", "/outcomes/peer-advocacy/participants/new/",
            {"reference": "Jane Smith", **_date("joined_on", JOINED), "postcode": "TS18 1AA", **choices,
             "communities": [str(pk) for pk in Community.objects.order_by("position").values_list("pk", flat=True)[:2]],
             **_date("referred_on", JOINED - timedelta(days=3)), "name": "Sam Example",
             **_date("date_of_birth", date(1984, 3, 12)), "phone": "01642 000001", "email": "sam@example.org"},
            "reference")


def case_outcomes_filter(f):
    f("outcomes_programme")
    return (f("client_for")(f("people")[Role.WORKER]), "get", "/outcomes/peer-advocacy/",
            {"reference": "x" * 21, "age_band": "25-34", "sex": "female", "status": "current"}, "reference")


def case_outcomes_goal(f):
    return (f("client_for")(f("people")[Role.WORKER]), "post", _participant_url(f) + "goals/new/",
            {"text": "x" * 301, "co_produced": "on", **_date("set_on", JOINED), "progress": "some"}, "text")


def case_outcomes_goal_review(f):
    from healthyplaces.outcomes import services
    from healthyplaces.outcomes.models import Participant

    url = _participant_url(f)
    goal = services.add_goal(Participant.objects.get(), text="Keep my flat", set_on=JOINED)
    return (f("client_for")(f("people")[Role.WORKER]), "post", f"{url}goals/{goal.pk}/",
            {"text": "Keep my flat and pay the rent", "co_produced": "on", **_date("set_on", JOINED),
             "progress": "achieved", "reviewed_on_day": "1", "reviewed_on_month": "1", "reviewed_on_year": "2000"},
            "reviewed_on_year")


def case_outcomes_contact(f):
    return (f("client_for")(f("people")[Role.WORKER]), "post", _participant_url(f) + "contacts/new/",
            {**_date("on", JOINED), "kind": "phone", "minutes": "0"}, "minutes")


def case_outcomes_outcome(f):
    return (f("client_for")(f("people")[Role.WORKER]), "post", _participant_url(f) + "outcomes/new/",
            {"outcome": "bogus", **_date("on", JOINED), "achieved": "no"}, "outcome")


def case_outcomes_referral(f):
    f("asset")
    return (f("client_for")(f("people")[Role.WORKER]), "post", _participant_url(f) + "referrals/new/",
            {"asset": "999999", **_date("on", JOINED), "connected": "yes"}, "asset")


def case_outcomes_questionnaire(f):
    from healthyplaces.outcomes.measures import measures

    items = [f"item_{item.id}" for item in measures()["swemwbs"].items]
    data = {**_date("taken_on", JOINED), "timepoint": "start",
            **{name: str(1 + i % 5) for i, name in enumerate(items)}}
    data[items[3]] = "7"
    return f("client_for")(f("people")[Role.WORKER]), "post", _participant_url(f) + "measures/swemwbs/new/", data, items[3]


def _ballot(vote, **more):
    return {"name": "Sam Smith", "date_of_birth_day": "27", "date_of_birth_month": "3",
            "date_of_birth_year": "1980", "postcode": "TS18 1AA",
            "choices": [str(vote.projects[title].pk) for title in ("Seats", "Garden", "Mural")], **more}


# The vote allows two ticks: three are refused as a whole, so every entry, the ticks too, must come back
# ("too many ticks" names no field of the data).
def case_grant_ballot(f):
    vote = f("vote")
    client = f("client_for")(None)
    client.post(f"/grants/votes/{vote.pk}/", {"step": "postcode", "postcode": "TS18 1AA"})
    return client, "post", f"/grants/votes/{vote.pk}/", _ballot(vote, step="ballot"), "too many ticks"


def case_grant_paper_ballot(f):
    vote = f("vote")
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/grants/votes/{vote.pk}/paper/",
            _ballot(vote, paper_number="P-17"), "too many ticks")


def case_grant_awards(f):
    from healthyplaces.grants import voting

    vote, people = f("vote"), f("people")
    resident = f("client_for")(None)
    resident.post(f"/grants/votes/{vote.pk}/", {**_ballot(vote, step="ballot"), "choices": [str(vote.projects["Seats"].pk)]})
    voting.count_vote(vote, by=people[Role.OFFICER])
    return (f("client_for")(people[Role.OFFICER]), "post", f"/grants/rounds/{vote.pk}/awards/",
            {**_date("award_date", date(2026, 4, 1)), **_date("planned_start", date(2026, 5, 1)),
             **_date("planned_end", date(2026, 4, 30))}, "planned_end before planned_start")
