"""Every form keeps what was entered when it is shown again with an error (issue 10, lost work, point 1).

Each case fills every field of one form, makes one field invalid, submits it and reads the page that
comes back: every other value must be there again (an input's value, a ticked box or radio, a chosen
option, a textarea's text). `FORMS` lists every <form> in the templates with the case that proves it,
or the reason it has nothing to keep, so a new form cannot go untested.
"""
import re
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.testing import SOURCE_DATA

from .kept_grants_outcomes import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent
STOCKTON = "E06000004"
SITE_LSOAS = ["E01012187", "E01012188"]


class FormState(HTMLParser):
    """What a page's forms hold, by field name: the values a browser would send back."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.values = defaultdict(list)
        self._select = self._textarea = None
        self._text = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name].append(attrs.get("value") or "on")
            elif kind not in ("submit", "button", "file", "password"):
                self.values[name].append(attrs.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops one new line straight after <textarea> (Django's template writes one).
            text = "".join(self._text)
            self.values[self._textarea].append(text[1:] if text.startswith("\n") else text)
            self._textarea = None


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _bad_csv():
    return _upload("broken.csv", b"\xff\xfe\x00 this is not a CSV file \x00")


@pytest.fixture
def frameworks(db):
    from healthyplaces.assessments.frameworks import load_paths

    loaded, _ = load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    return {version.framework.key: version for version, _ in loaded}


@pytest.fixture
def orgs(people):
    catalyst = Organisation.objects.get(name="Catalyst Stockton")
    catalyst.areas.set(["E06000004"])  # a partner working in Stockton-on-Tees, so its officer may import for it
    return {"council": Organisation.objects.get(name="Stockton-on-Tees Borough Council"), "catalyst": catalyst}


@pytest.fixture
def asset(orgs, people):
    from healthyplaces.assets import checking, services

    checked = checking.check_asset({"name": "Norton Walking Group", "category": "association",
                                    "latitude": "54.5705", "longitude": "-1.3187", "published": True})
    return services.save_asset(checked.values, partner=orgs["catalyst"], by=people[Role.PARTNER])


@pytest.fixture
def hood(people):
    from healthyplaces.places.services import save_neighbourhood

    return save_neighbourhood("Mandale", SITE_LSOAS, by=people[Role.ANALYST], published=True)


@pytest.fixture
def conversation(people):
    from healthyplaces.insights import services

    return services.save_conversation(by=people[Role.PARTNER], title="Coffee morning", kind="street",
                                      held_on=date(2026, 5, 1), lsoa_codes=SITE_LSOAS)


@pytest.fixture
def insight(people, conversation):
    from healthyplaces.insights import services

    return services.save_insight(by=people[Role.PARTNER], conversation=conversation, summary="The bus stopped running",
                                 kind="barrier")


def _themes(count=2):
    from healthyplaces.assets.checking import theme_choices

    return [value for value, _ in theme_choices()[:count]]


def _insight_themes():
    from healthyplaces.insights.models import Theme

    return list(Theme.objects.order_by("position").values_list("code", flat=True)[:2])


def _communities():
    from healthyplaces.insights.models import Community

    return list(Community.objects.order_by("position").values_list("slug", flat=True)[:2])


def _asset_fields():
    return {"name": "Norton Walking Group", "category": "association", "description": "A walk every Tuesday",
            "themes": _themes(), "communities_of_place": "Norton", "communities_of_interest": "Older people",
            "minimum_age": "16", "maximum_age": "99", "eligibility": "Anyone who can walk a mile",
            "address": "The Green, Norton", "postcode": "NOT A POSTCODE", "latitude": "54.5705", "longitude": "-1.3187",
            "opening_times": "Tuesdays 10am", "accessibility": "Level paths", "cost": "Free", "provider": "Catalyst",
            "contact_name": "The walk leader", "email": "walks@example.org", "phone": "01642 000000",
            "website": "https://example.org/walks", "listing_consent": "on", "contact_consent": "on",
            "last_checked_day": "1", "last_checked_month": "11", "last_checked_year": "2026",
            "published": "on"}


def _neighbourhood_fields():
    return {"authority": STOCKTON, "name": "Mandale and Victoria", "description": "Two wards by the river",
            "published": "on", "lsoas": SITE_LSOAS, "pasted": "E01999999"}


def _insight_fields(hood):
    return {"summary": "Nowhere to sit on the walk to the shops", "quote": "I have to stop at the wall",
            "quote_consent": "on", "kind": "not-a-kind", "themes": _insight_themes(), "tags": "benches, walking",
            "neighbourhood": hood.slug, "lsoas": "E01012187", "communities": _communities()}


def _hia(people, frameworks, client_for):
    from healthyplaces.assessments.models import Hia

    client_for(people[Role.APPLICANT]).post("/assessments/hia/new/", {
        "name": "Mandale Park homes", "site": "Land off Mandale Road", "lsoas": " ".join(SITE_LSOAS),
        "size": "120 homes", "type": "residential"})
    return Hia.objects.get()


def _hia_answers(hia, bad_topic=None):
    data = {}
    for topic in hia.version.sections.all():
        data.update({f"impact-{topic.key}": "bogus" if topic.key == bad_topic else "negative",
                     f"evidence-{topic.key}": f"Evidence on {topic.name}",
                     f"mitigation-{topic.key}": f"Mitigation for {topic.name}"})
    return data


def _assessment(people, frameworks):
    from healthyplaces.assessments import services

    officer = people[Role.OFFICER]
    return services.start(frameworks["county_durham_approach_to_wellbeing"], officer.memberships.first().organisation,
                          "Team", "2026", officer)


# Each case returns (client, method, url, data, the invalid field).


def case_sign_in(f):
    return f("client_for")(None), "post", "/account/sign-in/", {"username": "officer-person", "password": "wrong"}, "password"


def case_neighbourhood_create(f):
    return (f("client_for")(f("people")[Role.ANALYST]), "post", "/places/neighbourhoods/new/", _neighbourhood_fields(),
            "pasted")


def case_neighbourhood_edit(f):
    hood = f("hood")
    return (f("client_for")(f("people")[Role.ANALYST]), "post", f"/places/neighbourhoods/{hood.slug}/edit/",
            _neighbourhood_fields(), "pasted")


def case_neighbourhood_upload(f):
    return (f("client_for")(f("people")[Role.ANALYST]), "post", "/places/neighbourhoods/upload/",
            {"name": "Mandale and Victoria", "description": "Two wards", "published": "on",
             "file": _upload("hood.csv", b"lsoa_code\nE01999999\n")}, "file")


def case_indicator_import(f):
    return (f("client_for")(f("people")[Role.ANALYST]), "post", "/indicators/import/",
            {"kind": "mortality", "file": _upload("deaths.csv", b"group,sex\n1,F\n"), "polarity": "low",
             "method": "rate", "dataset_name": "Stockton deaths by ward", "group_kind": "area"}, "file")


def case_composite_index(f):
    from healthyplaces.indicators.importing import import_fingertips
    from healthyplaces.indicators.models import Indicator
    from healthyplaces.indicators.tests.conftest import SAMPLE

    import_fingertips(SAMPLE.read_bytes(), SAMPLE.name, polarity="low")
    lsoas, authorities = (Indicator.objects.get(code=code).pk for code in ("99901", "99902"))
    return (f("client_for")(f("people")[Role.ANALYST]), "post", "/indicators/composite/new/",
            {"name": "Need index", "within": "Stockton-on-Tees", f"use_{lsoas}": "on", f"method_{lsoas}": "rank",
             f"direction_{lsoas}": "-1", f"weight_{lsoas}": "2.5", f"use_{authorities}": "on",
             f"method_{authorities}": "z", f"direction_{authorities}": "1", f"weight_{authorities}": "0"},
            f"weight_{authorities}")


def case_asset_create(f):
    return f("client_for")(f("people")[Role.PARTNER]), "post", "/assets/new/", _asset_fields(), "postcode"


def case_asset_edit(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "post", f"/assets/{f('asset').pk}/edit/", _asset_fields(),
            "postcode")


def case_asset_import(f):
    return (f("client_for")(f("people")[Role.OFFICER]), "post", "/assets/import/",
            {"file": _bad_csv(), "partner": str(f("orgs")["catalyst"].pk)}, "file")


def case_assessment_start(f):
    f("frameworks")
    return (f("client_for")(f("people")[Role.OFFICER]), "post", "/assessments/start/",
            {"framework": "county_durham_approach_to_wellbeing", "organisation": str(f("orgs")["council"].pk),
             "title": "Healthy communities team", "period": "2026/27 and on and on and on"}, "period")


def case_assessment_rate(f):
    from healthyplaces.assessments import services

    assessment = _assessment(f("people"), f("frameworks"))
    data, bad = {}, None
    for criterion in assessment.version.criteria():
        options = services.scale_options(assessment.version, criterion)
        bad = bad or f"value-{criterion.key}"
        data.update({f"value-{criterion.key}": "99" if f"value-{criterion.key}" == bad else str(options[-1]["value"]),
                     f"evidence-{criterion.key}": f"Evidence for {criterion.key}",
                     f"action-{criterion.key}": f"Next for {criterion.key}"})
    return f("client_for")(f("people")[Role.OFFICER]), "post", f"/assessments/{assessment.pk}/rate/", data, bad


def case_feedback_form(f):
    from healthyplaces.assessments import services

    assessment = _assessment(f("people"), f("frameworks"))
    token = services.make_links(assessment, 1, f("people")[Role.OFFICER])[0]
    version = assessment.version
    options = version.scale(version.community_scale)["options"]
    questions = services.community_criteria(version)
    data = {q.key: str(options[i % len(options)]["value"]) for i, q in enumerate(questions)}
    data[questions[0].key] = "99"
    return f("client_for")(None), "post", f"/assessments/feedback/{token}/", data, questions[0].key


def case_hia_create(f):
    f("frameworks")
    return (f("client_for")(f("people")[Role.APPLICANT]), "post", "/assessments/hia/new/",
            {"name": "Mandale Park homes", "site": "Land off Mandale Road", "lsoas": "E0199999X",
             "size": "120 homes", "type": "mixed"}, "lsoas")


def case_hia_answers(f):
    hia = _hia(f("people"), f("frameworks"), f("client_for"))
    first = hia.version.sections.first().key
    return (f("client_for")(f("people")[Role.APPLICANT]), "post", f"/assessments/hia/{hia.pk}/answers/",
            {**_hia_answers(hia, bad_topic=first), "save": "1"}, f"impact-{first}")


def case_hia_review(f):
    """The issue's own example: 0 of 11 choices and comments were kept."""
    people, client_for = f("people"), f("client_for")
    hia = _hia(people, f("frameworks"), client_for)
    client_for(people[Role.APPLICANT]).post(f"/assessments/hia/{hia.pk}/answers/", {**_hia_answers(hia), "submit": "1"})
    data, outcomes = {}, ["accepted", "needs_more", "mitigation_required"]
    topics = list(hia.version.sections.all())
    for i, topic in enumerate(topics):
        data.update({f"outcome-{topic.key}": outcomes[i % 3], f"comment-{topic.key}": f"Comment on {topic.name}"})
    data[f"outcome-{topics[1].key}"], data[f"comment-{topics[1].key}"] = "needs_more", ""
    return client_for(people[Role.OFFICER]), "post", f"/assessments/hia/{hia.pk}/review/", data, f"comment-{topics[1].key}"


def case_conversation_create(f):
    f("asset")
    from healthyplaces.assets.models import Asset

    return (f("client_for")(f("people")[Role.PARTNER]), "post", "/insights/conversations/new/",
            {"title": "Coffee morning", "kind": "focus_group", "held_on_day": "1", "held_on_month": "May", "held_on_year": "2026", "neighbourhood": f("hood").slug,
             "lsoas": "E01012187", "venue": str(Asset.objects.get().pk), "run_by": "Catalyst staff",
             "participants": "12", "communities": _communities(), "description": "At the church hall"}, "held_on")


def case_insight_create(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "post",
            f"/insights/conversations/{f('conversation').pk}/insights/new/", _insight_fields(f("hood")), "kind")


def case_insight_edit(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "post", f"/insights/{f('insight').pk}/edit/",
            _insight_fields(f("hood")), "kind")


def case_insight_redact(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "post", f"/insights/{f('insight').pk}/redact/",
            {"summary_redacted": "x" * 4001, "quote_redacted": "I have to stop at the wall", "tags": "buses, walls"},
            "summary_redacted")


def case_conversation_redact(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "post", f"/insights/conversations/{f('conversation').pk}/redact/",
            {"title_redacted": "x" * 201, "description_redacted": "A coffee morning at the hall"}, "title_redacted")


def case_insight_import(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "post", "/insights/import/",
            {"conversation": str(f("conversation").pk), "file": _bad_csv()}, "file")


def case_insight_import_columns(f):
    """Issue 12: the columns of an uploaded survey export, shown again when no column holds the answers."""
    client = f("client_for")(f("people")[Role.PARTNER])
    client.post("/insights/import/", {"conversation": str(f("conversation").pk), "file": _upload(
        "survey.csv", b"Respondent,Postcode,Age,Comments,Submitted\n1,TS18 1AA,34,The park needs lights,2026-10-01\n")})
    return (client, "post", "/insights/import/",
            {"step": "columns", "column_0": "ignore", "column_1": "postcode", "column_2": "age_band",
             "column_3": "ignore", "column_4": "date", "kind": "need", "save_as": "Autumn survey"}, "column_3")


def case_community_create(f):
    return (f("client_for")(f("people")[Role.OFFICER]), "post", "/insights/communities/new/",
            {"name": "x" * 200, "description": "People who care for a relative"}, "name")


def case_asset_directory(f):
    return (f("client_for")(None), "get", "/assets/",
            {"q": "walk", "category": "association", "theme": _themes(1)[0], "community": "older", "area": "Atlantis",
             "near": "E01012187", "radius": "10"}, "area")


def case_insight_search(f):
    return (f("client_for")(f("people")[Role.PARTNER]), "get", "/insights/",
            {"q": "bus", "area": "Atlantis", "theme": _insight_themes(), "community": _communities(), "kind": ["need", "idea"],
             "date_from_day": "1", "date_from_month": "1", "date_from_year": "2026",
             "date_to_day": "31", "date_to_month": "12", "date_to_year": "2026"}, "area")


def _strategies():
    from healthyplaces.actions import strategies
    from healthyplaces.actions.models import Strategy

    strategies.load_paths()
    return Strategy.objects.get(key="stockton_hws_2025_2030")


def _action_fields(f):
    """Every field of an action; one LSOA code is unknown, an error the view adds after the form's own checks."""
    from healthyplaces.actions.models import FocusArea, Principle
    from healthyplaces.insights.models import Community

    _strategies()
    orgs = f("orgs")
    return {"title": "Run cooking sessions", "description": "Every Thursday at the hall", "source": "report",
            "report": "Director of Public Health Report 2023/4", "report_year": "2024", "number": "3",
            "source_decision": "Minute 12, 1 May 2024", "owner": str(orgs["council"].pk),
            "lead": "Head of public health", "partners": [str(orgs["catalyst"].pk)],
            "focus_area": str(FocusArea.objects.order_by("pk").first().pk),
            "principles": [str(pk) for pk in Principle.objects.order_by("pk").values_list("pk", flat=True)[:2]],
            "segment": "community", "local_authorities": "E06000004", "neighbourhoods": [str(f("hood").pk)],
            "lsoas": "E01012187 E01999999", "communities": [str(pk) for pk in Community.objects.order_by("pk")
                                                            .values_list("pk", flat=True)[:2]],
            "status": "dropped", "dropped_reason": "The hall closed",
            "start_date_day": "1", "start_date_month": "4", "start_date_year": "2026",
            "due_date_day": "31", "due_date_month": "3", "due_date_year": "2027"}


def _action(f, **fields):
    from healthyplaces.actions.models import Action

    return Action.objects.create(title="An action", owner=f("orgs")["council"], **fields)


def case_action_create(f):
    return f("client_for")(f("people")[Role.OFFICER]), "post", "/actions/new/", _action_fields(f), "lsoas"


def case_action_edit(f):
    from healthyplaces import editing

    record = _action(f)
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/actions/{record.pk}/edit/",
            {**_action_fields(f), "version": editing.version(record)}, "lsoas")


def case_action_list(f):
    from healthyplaces.actions.models import FocusArea

    _strategies()
    _action(f, report_year=2024)
    return (f("client_for")(f("people")[Role.OFFICER]), "get", "/actions/",
            {"status": ["on_track", "at_risk"], "focus_area": str(FocusArea.objects.order_by("pk").first().pk),
             "owner": str(f("orgs")["council"].pk), "place": "Atlantis", "report_year": "2024", "overdue": "on"},
            "place")


def case_record_progress(f):
    record = _action(f)
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/actions/{record.pk}/progress/",
            {"text": "Held the first session", "on_day": "20", "on_month": "11", "on_year": "2026", "status": "dropped",
             "dropped_reason": "The hall closed", "evidence": "https://example.org/sessions Sessions\nnot a link"},
            "evidence")


def _commitment_fields(f, strategy):
    principle = strategy.principles.order_by("pk").first()
    return {"principle": str(principle.pk), "text": "Hold our planning meetings in the community centre",
            "kind": "personal", "person": "x" * 1000, "progress": "under_way", "progress_note": "Two held so far",
            "made_on_day": "2", "made_on_month": "12", "made_on_year": "2026"}


def case_commitment_new(f):
    strategy = _strategies()
    data = {**_commitment_fields(f, strategy), "organisation": str(f("orgs")["catalyst"].pk)}
    return (f("client_for")(f("people")[Role.PARTNER]), "post", f"/actions/commitments/{strategy.key}/new/", data,
            "person")


def case_commitment_change(f):
    from healthyplaces import editing
    from healthyplaces.actions.models import Commitment

    strategy = _strategies()
    commitment = Commitment.objects.create(organisation=f("orgs")["catalyst"], principle=strategy.principles.first(),
                                           text="Listen first", made_on=date(2026, 1, 1))
    return (f("client_for")(f("people")[Role.PARTNER]), "post", f"/actions/commitment/{commitment.pk}/change/",
            {**_commitment_fields(f, strategy), "version": editing.version(commitment)}, "person")


def _logic_model_fields(f):
    from healthyplaces.indicators.models import Indicator

    Indicator.objects.create(code="93088", name="Children in low income families", value_type="proportion",
                             polarity="low")
    return {"name": "Healthy standard of living", "strategy": str(_strategies().pk), "area": "Atlantis",
            "inputs": "Public health grant\nCommunity connectors", "activities": [str(_action(f).pk)],
            "outputs": "Sessions held", "outcome_codes": "93088", "impact": "Fairer health"}


def case_logic_model_new(f):
    return (f("client_for")(f("people")[Role.OFFICER]), "post", "/actions/logic-models/new/", _logic_model_fields(f),
            "area")


def case_logic_model_change(f):
    from healthyplaces import editing
    from healthyplaces.actions.models import LogicModel

    data = _logic_model_fields(f)
    record = LogicModel.objects.create(name="Old name", strategy_id=data["strategy"], local_authority_id=STOCKTON,
                                       organisation=f("orgs")["council"])
    return (f("client_for")(f("people")[Role.OFFICER]), "post", f"/actions/logic-models/{record.pk}/change/",
            {**data, "version": editing.version(record)}, "area")


def case_report_build(f):
    return (f("client_for")(f("people")[Role.OFFICER]), "post", "/reports/build/",
            {"kind": "theme-deep-dive", "year": "2024", "area": "Stockton-on-Tees", "theme": "Nothing like a theme"},
            "theme")


# Files and passwords are never written back into a page; buttons are not entries.
NOT_REFILLED = {"file", "password", "save", "submit"}

CASES = {name[5:]: case for name, case in globals().items() if name.startswith("case_")}

NOTHING_TO_KEEP = "no field the person types or chooses"
ONE_FIELD = "one field only: when it is wrong there is nothing else to keep"
NO_ERRORS = "a filter whose every value is valid (unknown ones fall back to the default), so never shown with an error"

# Every <form> in the templates, in order per template: the case that proves it keeps entries, or why none is needed.
FORMS = {
    "templates/base.html": ["sign out: " + NOTHING_TO_KEEP],
    "templates/home.html": ["place search: " + ONE_FIELD],
    "accounts/templates/accounts/login.html": ["sign_in"],
    "accounts/templates/accounts/audit_log.html": ["audit filter: " + NO_ERRORS],
    "accounts/templates/accounts/who_saw.html": ["who saw this person's data: " + ONE_FIELD],
    "accounts/templates/accounts/form.html": ["password change, reset and new password: the reset asks for one "
                                              "field (an e-mail address); the others hold only passwords, "
                                              "which are never shown again"],
    "places/templates/places/_area_body.html": ["area filters: " + NO_ERRORS],
    "places/templates/places/lsoa.html": ["edition choice: " + NO_ERRORS],
    "places/templates/places/data_loads.html": ["reload reference data: " + NOTHING_TO_KEEP],
    "jobs/templates/jobs/_job.html": ["start a stopped job again: " + NOTHING_TO_KEEP],
    "insights/templates/insights/similar.html": ["compute similar-insight vectors: " + NOTHING_TO_KEEP],
    "places/templates/places/neighbourhood_form.html": ["authority picker: " + ONE_FIELD,
                                                        "neighbourhood_create neighbourhood_edit"],
    "places/templates/places/neighbourhood_upload.html": ["neighbourhood_upload"],
    "indicators/templates/indicators/import.html": ["indicator_import"],
    "indicators/templates/indicators/composite_form.html": ["composite_index"],
    "indicators/templates/indicators/indicator_detail.html": ["slice: " + NO_ERRORS, "table filter: " + NO_ERRORS],
    "indicators/templates/indicators/life_expectancy.html": ["data set and period: " + NO_ERRORS],
    "assets/templates/assets/directory.html": ["asset_directory"],
    "assets/templates/assets/form.html": ["asset_create asset_edit"],
    "assets/templates/assets/import_upload.html": ["asset_import"],
    "assets/templates/assets/import_preview.html": ["confirm the import: " + NOTHING_TO_KEEP],
    "assets/templates/assets/gaps.html": ["gap area: " + ONE_FIELD],
    "assets/templates/assets/duplicate.html": ["merge or keep apart: " + ONE_FIELD],
    "assessments/templates/assessments/assessment_start.html": ["assessment_start"],
    "assessments/templates/assessments/assessment_rate.html": ["assessment_rate"],
    "assessments/templates/assessments/assessment_detail.html": ["invite: " + ONE_FIELD, "complete: " + NOTHING_TO_KEEP,
                                                                 "copy forward: " + ONE_FIELD],
    "assessments/templates/assessments/feedback_results.html": ["make links: " + ONE_FIELD],
    "assessments/templates/assessments/feedback_form.html": ["feedback_form"],
    "assessments/templates/assessments/compare.html": ["assessments to compare: " + NO_ERRORS],
    "assessments/templates/assessments/over_time.html": ["framework and team: " + NO_ERRORS],
    "assessments/templates/assessments/framework_load.html": ["framework files: a browser never lets a page refill a file input"],
    "assessments/templates/assessments/hia_create.html": ["hia_create"],
    "assessments/templates/assessments/hia_answers.html": ["hia_answers"],
    "assessments/templates/assessments/hia_review.html": ["hia_review"],
    "insights/templates/insights/conversation_form.html": ["conversation_create"],
    "insights/templates/insights/conversation.html": ["insight_create"],
    "insights/templates/insights/insight_form.html": ["insight_create insight_edit"],
    "insights/templates/insights/insight.html": ["unlink an asset: " + NOTHING_TO_KEEP, "link an asset: " + ONE_FIELD],
    "insights/templates/insights/redact.html": ["insight_redact"],
    "insights/templates/insights/conversation_redact.html": ["conversation_redact"],
    "insights/templates/insights/queue.html": ["confirm what is ticked: its only error is that nothing is ticked, "
                                               "so there is nothing to keep"],
    "insights/templates/insights/import.html": ["insight_import"],
    "insights/templates/insights/import_columns.html": ["confirm the import: " + NOTHING_TO_KEEP,
                                                        "use saved choices: " + ONE_FIELD, "insight_import_columns"],
    "insights/templates/insights/search.html": ["insight_search"],
    "insights/templates/insights/community_form.html": ["community_create"],
    "actions/templates/actions/action_list.html": ["action_list"],
    "actions/templates/actions/action_form.html": ["action_create action_edit"],
    "actions/templates/actions/progress_form.html": ["record_progress"],
    "actions/templates/actions/commitment_form.html": ["commitment_new commitment_change"],
    "actions/templates/actions/logic_model_form.html": ["logic_model_new logic_model_change"],
    "actions/templates/actions/import_upload.html": ["the file: " + ONE_FIELD],
    "actions/templates/actions/import_preview.html": ["confirm the import: " + NOTHING_TO_KEEP],
    "reports/templates/reports/build.html": ["report_build"],
    "reports/templates/reports/versions.html": ["kind of report: " + NO_ERRORS],
    # votes: the ballots' cases are in kept_grants_outcomes.py, with the vote fixture of grants/tests/conftest.py
    "grants/templates/grants/vote.html": ["the postcode: " + ONE_FIELD],
    "grants/templates/grants/ballot.html": ["grant_ballot"],
    "grants/templates/grants/paper_ballots.html": ["grant_paper_ballot",
                                                   "count the vote: " + NOTHING_TO_KEEP],
    "grants/templates/grants/check_ballot.html": ["the check: " + ONE_FIELD],
    "grants/templates/grants/make_awards.html": ["grant_awards"],
    # grants and outcomes: their cases are in kept_grants_outcomes.py
    "grants/templates/grants/application_form.html": ["grant_application"],
    "grants/templates/grants/call_out_form.html": ["grant_call_out"],
    "grants/templates/grants/conflict_form.html": ["the conflict: " + ONE_FIELD],
    # a fund's parts; its fourth use, a panel member by username, has one field only
    "grants/templates/grants/fund_part_form.html": ["grant_contribution grant_lot grant_round"],
    "grants/templates/grants/moderate.html": ["grant_moderate"],
    "grants/templates/grants/panel_application.html": ["grant_scores"],
    "outcomes/templates/outcomes/participant.html": ["erase who they are: " + NOTHING_TO_KEEP,
                                                     "did they connect: " + ONE_FIELD],
    "outcomes/templates/outcomes/participant_form.html": ["outcomes_participant"],
    "outcomes/templates/outcomes/programme.html": ["outcomes_filter"],
    "outcomes/templates/outcomes/record_form.html": ["outcomes_goal outcomes_goal_review outcomes_contact "
                                                     "outcomes_outcome outcomes_referral"],
    "outcomes/templates/outcomes/score_form.html": ["outcomes_questionnaire"],
}


def test_every_form_is_listed_with_its_case_or_a_reason():
    """A new form, or a case that no longer exists, fails here until FORMS says how it keeps entries."""
    found = {}
    for path in sorted(TEMPLATES.glob("**/templates/**/*.html")):
        count = len(re.findall(r"<form\b", path.read_text()))
        if count:
            found[str(path.relative_to(TEMPLATES))] = count
    assert found == {path: len(entries) for path, entries in FORMS.items()}
    named = {word for entries in FORMS.values() for entry in entries if ":" not in entry for word in entry.split()}
    assert named == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_form_keeps_every_entry_when_shown_again_with_an_error(name, request):
    client, method, url, data, invalid = CASES[name](request.getfixturevalue)
    response = getattr(client, method)(url, data)
    assert response.status_code == 200, f"{name}: expected the form again, got {response.status_code}"
    page = response.content.decode()
    assert "govuk-error" in page, f"{name}: the page shows no error"
    state = FormState(page).values
    lost = [(field, value) for field, values in data.items() if field != invalid and field not in NOT_REFILLED
            for value in (values if isinstance(values, list) else [values]) if value not in state[field]]
    assert not lost, f"{name}: not kept: {lost}"
