"""Two people editing one record (issue 10, lost work, point 3).

For each edit form of a stored record, two people open it; the second saves first; when the first
then saves, nothing of theirs overwrites the second's change: the form comes back with their entries,
a message naming who changed the record and when, and the field that differs (saved now vs entered).
Saving again, having seen it, keeps their entries.
"""
import re
from datetime import date

import pytest
from django.test import Client
from django.utils.timezone import localtime

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.testing import PASSWORD, SOURCE_DATA
from healthyplaces.tests.test_entries_kept import FormState

pytestmark = pytest.mark.django_db

SITE_LSOAS = ["E01012187", "E01012188"]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _version(page):
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


def _asset_data(asset, name):
    from healthyplaces.assets import services

    data = {k: ("" if v is None else v) for k, v in services.form_initial(asset).items()}
    data.update({"name": name, "published": "on", "last_checked": "2026-11-01"})
    for flag in ("listing_consent", "contact_consent"):
        data.pop(flag)
    return data


@pytest.fixture
def frameworks(db):
    from healthyplaces.assessments.frameworks import load_paths

    loaded, _ = load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    return {version.framework.key: version for version, _ in loaded}


def case_asset(people, frameworks):
    from healthyplaces.assets import checking, services
    from healthyplaces.assets.models import Asset

    checked = checking.check_asset({"name": "Norton Walking Group", "category": "association",
                                    "latitude": "54.5705", "longitude": "-1.3187", "published": True})
    asset = services.save_asset(checked.values, partner=Organisation.objects.get(name="Catalyst Stockton"))
    return {"url": f"/assets/{asset.pk}/edit/", "first": people[Role.PARTNER], "second": people[Role.OFFICER],
            "data": lambda who: _asset_data(asset, f"Walking group ({who})"), "field": "name",
            "saved": lambda: Asset.objects.get(pk=asset.pk).name}


def _insight(people):
    from healthyplaces.insights import services

    conversation = services.save_conversation(by=people[Role.PARTNER], title="Coffee morning", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=SITE_LSOAS)
    return services.save_insight(by=people[Role.PARTNER], conversation=conversation, summary="The bus stopped",
                                 kind="barrier")


def case_insight(people, frameworks):
    from healthyplaces.insights.models import Insight

    insight = _insight(people)
    return {"url": f"/insights/{insight.pk}/edit/", "first": people[Role.PARTNER], "second": people[Role.OFFICER],
            "data": lambda who: {"summary": f"The bus stopped ({who})", "kind": "barrier", "lsoas": " ".join(SITE_LSOAS)},
            "field": "summary", "saved": lambda: Insight.objects.get(pk=insight.pk).summary}


def case_redaction(people, frameworks):
    from healthyplaces.insights.models import Insight

    insight = _insight(people)
    return {"url": f"/insights/{insight.pk}/redact/", "first": people[Role.PARTNER], "second": people[Role.OFFICER],
            "data": lambda who: {"summary_redacted": f"The bus stopped ({who})", "quote_redacted": ""},
            "field": "summary_redacted", "saved": lambda: Insight.objects.get(pk=insight.pk).summary_redacted}


def case_neighbourhood(people, frameworks):
    from healthyplaces.places.models import Neighbourhood
    from healthyplaces.places.services import save_neighbourhood

    hood = save_neighbourhood("Mandale", SITE_LSOAS, by=people[Role.ANALYST])
    return {"url": f"/places/neighbourhoods/{hood.slug}/edit/", "first": people[Role.ANALYST],
            "second": people[Role.OFFICER],
            "data": lambda who: {"name": "Mandale", "description": f"By the river ({who})", "lsoas": SITE_LSOAS},
            "field": "description", "saved": lambda: Neighbourhood.objects.get(pk=hood.pk).description}


def case_ratings(people, frameworks):
    from healthyplaces.assessments import services

    officer = people[Role.OFFICER]
    assessment = services.start(frameworks["county_durham_approach_to_wellbeing"], officer.memberships.first().organisation,
                                "Team", "2026", officer)
    colleague, _ = create_person("second-officer", role=Role.OFFICER, organisation=officer.memberships.first().organisation,
                                 password=PASSWORD)
    services.invite(assessment, colleague.username, officer)
    key = next(iter(assessment.version.criteria())).key
    return {"url": f"/assessments/{assessment.pk}/rate/", "first": officer, "second": colleague,
            "data": lambda who: {f"value-{key}": "3", f"evidence-{key}": f"Panels ({who})", f"action-{key}": ""},
            "field": f"evidence-{key}", "saved": lambda: assessment.ratings.get(criterion__key=key).evidence}


def _hia(people):
    from healthyplaces.assessments.models import Hia

    _client(people[Role.APPLICANT]).post("/assessments/hia/new/", {
        "name": "Mandale Park homes", "site": "Land off Mandale Road", "lsoas": " ".join(SITE_LSOAS),
        "size": "120 homes", "type": "residential"})
    return Hia.objects.get()


def _hia_answers(hia, who):
    data = {}
    for topic in hia.version.sections.all():
        data.update({f"impact-{topic.key}": "positive", f"evidence-{topic.key}": f"Evidence on {topic.key} ({who})",
                     f"mitigation-{topic.key}": ""})
    return data


def case_hia_answers(people, frameworks):
    from healthyplaces.assessments import hia as hias

    hia = _hia(people)
    applicant = people[Role.APPLICANT]
    colleague, _ = create_person("second-applicant", role=Role.APPLICANT,
                                 organisation=applicant.memberships.first().organisation, password=PASSWORD)
    first = hia.version.sections.first().key
    return {"url": f"/assessments/hia/{hia.pk}/answers/", "first": applicant, "second": colleague,
            "data": lambda who: {**_hia_answers(hia, who), "save": "1"}, "field": f"evidence-{first}",
            "saved": lambda: hias.draft(hia).answers.get(topic__key=first).evidence}


def case_hia_submitted_meanwhile(people, frameworks):
    hia = _hia(people)
    applicant = people[Role.APPLICANT]
    colleague, _ = create_person("second-applicant", role=Role.APPLICANT,
                                 organisation=applicant.memberships.first().organisation, password=PASSWORD)
    first = hia.version.sections.first().key
    return {"url": f"/assessments/hia/{hia.pk}/answers/", "first": applicant, "second": colleague,
            "data": lambda who: {**_hia_answers(hia, who), "submit": "1"}, "field": f"evidence-{first}",
            "resave": False,  # submitted: with the officer now
            "saved": lambda: hia.submissions.get(number=1).answers.get(topic__key=first).evidence}


def case_hia_review(people, frameworks):
    from healthyplaces.assessments import hia as hias

    hia = _hia(people)
    _client(people[Role.APPLICANT]).post(f"/assessments/hia/{hia.pk}/answers/", {**_hia_answers(hia, "x"), "submit": "1"})
    topics = list(hia.version.sections.all())
    second, _ = create_person("second-officer", role=Role.OFFICER, organisation=people[Role.OFFICER].memberships.first().organisation,
                              password=PASSWORD)

    def review(who):
        data = {}
        for topic in topics:
            data.update({f"outcome-{topic.key}": "needs_more", f"comment-{topic.key}": f"More on {topic.key} ({who})"})
        return data
    return {"url": f"/assessments/hia/{hia.pk}/review/", "first": people[Role.OFFICER], "second": second,
            "data": review, "field": f"comment-{topics[0].key}", "resave": False,  # reviewed: nothing left to review
            "saved": lambda: hias.last_submitted(hia).answers.get(topic=topics[0]).comment}


CASES = {name[5:]: case for name, case in globals().items() if name.startswith("case_")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_second_save_does_not_overwrite_the_first(name, people, frameworks):
    case = CASES[name](people, frameworks)
    first, second = _client(case["first"]), _client(case["second"])
    opened_first = _version(first.get(case["url"]).content.decode())
    opened_second = _version(second.get(case["url"]).content.decode())
    assert opened_first and opened_first == opened_second

    assert second.post(case["url"], {**case["data"]("second"), "version": opened_second}).status_code == 302
    saved_by_second = case["saved"]()
    assert "(second)" in saved_by_second

    entered = {**case["data"]("first"), "version": opened_first}
    response = first.post(case["url"], entered)
    assert response.status_code == 200, f"{name}: the stale save was not stopped"
    page = response.content.decode()
    assert case["saved"]() == saved_by_second, f"{name}: the first person's save overwrote the second's"
    changed_at = localtime(response.context["conflict"].at)
    assert f"{case['second']} saved a change to this on {changed_at:%-d %B %Y at %H:%M}" in page
    table = page[page.index('id="edit-conflict"'):page.index("</table>", page.index('id="edit-conflict"'))]
    assert saved_by_second in table and entered[case["field"]] in table
    state = FormState(page).values
    assert entered[case["field"]] in state[case["field"]], f"{name}: the person's entry was not kept"
    fresh = _version(page)
    assert fresh != opened_first

    if case.get("resave", True):
        assert first.post(case["url"], {**entered, "version": fresh}).status_code == 302, f"{name}: saving again failed"
        assert "(first)" in case["saved"]()
