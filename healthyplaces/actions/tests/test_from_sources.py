"""'Make this an action' from a self-assessment's next step, an insight, a search of insights and an HIA issue:
the create form starts with the source, the action links back to it, and the source's page lists its actions."""
from datetime import date
from urllib.parse import parse_qsl

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.actions.models import Action
from healthyplaces.testing import SOURCE_DATA

pytestmark = pytest.mark.django_db

LSOAS = ["E01012187", "E01012188"]


@pytest.fixture
def council(people):
    return Organisation.objects.get(name="Stockton-on-Tees Borough Council")


@pytest.fixture
def version(db):
    from healthyplaces.assessments.frameworks import load_paths

    loaded, _ = load_paths(sorted((SOURCE_DATA / "frameworks").glob("*.yaml")))
    return {version.framework.key: version for version, _ in loaded}["county_durham_approach_to_wellbeing"]


@pytest.fixture
def rating(version, people, council):
    from healthyplaces.assessments import services as assessments

    officer = people[Role.OFFICER]
    done = assessments.start(version, council, "Council wellbeing team", "2025", officer)
    first = version.criteria()[0]
    assessments.save_ratings(done, {first.key: ("2", "Some evidence", "Ask residents <what> matters")}, officer)
    return done.ratings.get(criterion__key=first.key)


@pytest.fixture
def insight(people):
    from healthyplaces.insights import services as insights

    partner = people[Role.PARTNER]
    conversation = insights.save_conversation(by=partner, title="Street stall", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=LSOAS[:1])
    said = insights.save_insight(by=partner, conversation=conversation, kind="need", embed=False,
                                 summary="Call Jo on 07700 900123: the park has no lights")
    return said


def post_new(client, query, **fields):
    page = client.get(f"/actions/new/?{query}")
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in ("title", "description", "source", "status", "lead")}
    data.update({"owner": form["owner"].value(), **dict(parse_qsl(query)), **fields})
    return page, client.post("/actions/new/", data)


def test_a_next_step_becomes_an_action_that_links_back_and_is_listed_on_the_assessment(people, client_for, rating):
    officer = client_for(people[Role.OFFICER])
    listed = officer.get(f"/assessments/{rating.assessment_id}/actions/").content.decode()
    assert "ready to become tracked actions" not in listed
    assert f"/actions/new/?rating={rating.pk}" in listed
    page, saved = post_new(officer, f"rating={rating.pk}")
    assert page.context["form"]["title"].value() == "Ask residents <what> matters"
    assert saved.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.source_rating) == ("assessment", rating)
    shown = officer.get(f"/actions/{action.pk}/").content.decode()
    assert f'href="/assessments/{rating.assessment_id}/actions/"' in shown
    listed = officer.get(f"/assessments/{rating.assessment_id}/actions/").content.decode()
    assert f'href="/actions/{action.pk}/"' in listed and "Ask residents &lt;what&gt; matters" in listed


def test_an_insight_becomes_an_action_with_its_text_as_the_person_may_see_it(people, client_for, insight):
    officer = client_for(people[Role.OFFICER])
    assert f"/actions/new/?insight={insight.pk}" in officer.get(f"/insights/{insight.pk}/").content.decode()
    page, saved = post_new(officer, f"insight={insight.pk}", title="Lights in the park")
    assert saved.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.source_insight) == ("insight", insight)
    assert f'href="/insights/{insight.pk}/"' in officer.get(f"/actions/{action.pk}/").content.decode()
    on_insight = officer.get(f"/insights/{insight.pk}/").content.decode()
    assert f'href="/actions/{action.pk}/"' in on_insight and "Lights in the park" in on_insight


def test_an_insight_the_person_may_not_see_is_refused_as_a_source(people, client_for, insight):
    """The partner's insight is not yet confirmed: another council's officer may not make an action of it."""
    durham = Organisation.objects.create(name="Durham County Council", kind="council")
    durham.areas.set(["E06000047"])
    from healthyplaces.accounts.services import create_person

    outsider = create_person("durham-officer", role=Role.OFFICER, organisation=durham, password="x" * 20)[0]
    client = client_for(outsider)
    assert client.get(f"/actions/new/?insight={insight.pk}").status_code == 403
    assert client.post("/actions/new/", {"insight": insight.pk, "title": "Mine", "owner": durham.pk,
                                         "source": "insight", "status": "not_started"}).status_code == 403
    assert not Action.objects.exists()


def test_a_search_of_insights_becomes_an_action_and_the_same_search_lists_it(people, client_for, insight, council):
    officer = client_for(people[Role.OFFICER])
    results = officer.get("/insights/?q=park&page=1").content.decode()
    assert "/actions/new/?search=q%3Dpark" in results
    page, saved = post_new(officer, "search=q%3Dpark", title="Park safety")
    action = Action.objects.get()
    assert (action.source, action.source_search) == ("insight_search", "q=park")
    assert 'href="/insights/?q=park"' in officer.get(f"/actions/{action.pk}/").content.decode()
    assert f'href="/actions/{action.pk}/"' in officer.get("/insights/?q=park").content.decode()
    assert f'href="/actions/{action.pk}/"' not in officer.get("/insights/?q=lights").content.decode()


def test_an_hia_issue_becomes_an_action_listed_on_the_hia(people, client_for, version):
    from healthyplaces.assessments import hia as hias
    applicant = people[Role.APPLICANT]
    hia = hias.create(name="Portrack Lane homes", site="Former works", lsoas=LSOAS[0], size="120 homes",
                      type="residential", by=applicant)
    hias.save_answers(hia, {t.key: ("negative", "Evidence", "More bus stops") for t in hia.version.sections.all()},
                      applicant)
    hias.submit(hia, applicant)
    answer = hias.last_submitted(hia).answers.select_related("topic").order_by("topic__order").first()
    officer = client_for(people[Role.OFFICER])
    assert f"/actions/new/?hia_answer={answer.pk}" in officer.get(f"/assessments/hia/{hia.pk}/").content.decode()
    page, saved = post_new(officer, f"hia_answer={answer.pk}")
    assert page.context["form"]["title"].value() == f"{answer.topic}: More bus stops"
    action = Action.objects.get()
    assert (action.source, action.source_hia_answer) == ("hia", answer)
    assert f'href="/assessments/hia/{hia.pk}/"' in officer.get(f"/actions/{action.pk}/").content.decode()
    assert f'href="/actions/{action.pk}/"' in officer.get(f"/assessments/hia/{hia.pk}/").content.decode()
    # the applicant sees the HIA but is offered no actions
    assert "Make this an action" not in client_for(applicant).get(f"/assessments/hia/{hia.pk}/").content.decode()
