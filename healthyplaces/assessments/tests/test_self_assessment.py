"""Self-assessment: start, invite, rate, complete and lock, copy forward; who sees drafts; views."""
import pytest

from healthyplaces.accounts.models import AuditEvent, Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.assessments import services
from healthyplaces.assessments.models import Assessment
from healthyplaces.testing import PASSWORD

DURHAM = "county_durham_approach_to_wellbeing"


def _rate_all(client, assessment, value="3", action="Hold a community panel"):
    data = {}
    for c in assessment.version.criteria():
        data.update({f"value-{c.key}": value, f"evidence-{c.key}": f"Evidence for {c.key}", f"action-{c.key}": action})
    return client.post(f"/assessments/{assessment.pk}/rate/", data)


@pytest.fixture
def team(frameworks, people, client_for):
    """The officer starts a Durham assessment for the council and invites the analyst."""
    client = client_for(people[Role.OFFICER])
    council = people[Role.OFFICER].memberships.first().organisation
    response = client.post("/assessments/start/", {"framework": DURHAM, "organisation": council.pk,
                                                   "title": "Public health team", "period": "2026"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response.url == f"/assessments/{assessment.pk}/"
    client.post(f"/assessments/{assessment.pk}/invite/", {"username": "analyst-person"})
    return assessment


@pytest.mark.django_db
def test_a_team_rates_completes_and_copies_forward(team, people, client_for):
    analyst = client_for(people[Role.ANALYST])
    assert set(team.members.values_list("username", flat=True)) == {"officer-person", "analyst-person"}
    response = analyst.post(f"/assessments/{team.pk}/complete/")
    assert "Rate every criterion before completing" in [str(m) for m in response.wsgi_request._messages][0]
    assert _rate_all(analyst, team, value="4").status_code == 302
    analyst.post(f"/assessments/{team.pk}/rate/", {"value-p3": "dont_know", "evidence-p3": "", "action-p3": "Find data"})
    analyst.post(f"/assessments/{team.pk}/complete/")
    team.refresh_from_db()
    assert team.locked and team.completed_at
    # Locked: no more changes, by page or by service.
    assert _rate_all(analyst, team, value="1").status_code == 403
    assert team.ratings.get(criterion__key="p1").value == 4
    with pytest.raises(services.AssessmentInvalid, match="locked"):
        services.save_ratings(team, {"p1": ("1", "", "")}, people[Role.ANALYST])
    page = analyst.get(f"/assessments/{team.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Don&#x27;t know" in page and "4 of 5" in page and "Green" in page and "Lowest rated (4)" in page
    actions = analyst.get(f"/assessments/{team.pk}/actions/?format=csv").content.decode()
    assert actions.count("\n") == 7 and "Find data" in actions
    response = analyst.post(f"/assessments/{team.pk}/copy/", {"period": "2027"})
    copy = Assessment.objects.get(period="2027")
    assert response.url == f"/assessments/{copy.pk}/"
    assert copy.status == "draft" and copy.copied_from == team and copy.version == team.version
    assert copy.ratings.get(criterion__key="p1").evidence == "Evidence for p1"
    assert team.ratings.count() == copy.ratings.count() == 6
    # Who was a member, and when they were added, is in the audit trail from the start.
    changes = [e.changes["members"] for e in AuditEvent.objects.filter(model="assessments.Assessment", action="update")
               .order_by("at", "pk") if "members" in e.changes]
    officer, analyst = str(people[Role.OFFICER].pk), str(people[Role.ANALYST].pk)
    assert changes == [[[], [officer]], [[officer], sorted([analyst, officer])], [[], sorted([analyst, officer])]]


@pytest.mark.django_db
def test_a_draft_is_visible_only_to_its_members_and_officers(team, people, client_for):
    url = f"/assessments/{team.pk}/"
    for role, status in [(Role.OFFICER, 200), (Role.ADMIN, 200), (Role.ANALYST, 200), (Role.PARTNER, 404),
                         (Role.CHAMPION, 404), (Role.PANEL_MEMBER, 403), (Role.APPLICANT, 403)]:
        assert client_for(people[role]).get(url).status_code == status, role
    # Not a member: no rating, no inviting.
    admin = client_for(people[Role.ADMIN])
    assert admin.post(f"/assessments/{team.pk}/rate/", {"value-p1": "5"}).status_code == 403
    assert "Public health team" not in client_for(people[Role.PARTNER]).get("/assessments/self/").content.decode()
    _rate_all(client_for(people[Role.OFFICER]), team)
    client_for(people[Role.OFFICER]).post(f"/assessments/{team.pk}/complete/")
    assert client_for(people[Role.PARTNER]).get(url).status_code == 200


@pytest.mark.django_db
def test_two_teams_side_by_side_and_one_team_over_time(frameworks, people, client_for):
    durham = frameworks[DURHAM]
    partner = people[Role.PARTNER]
    vcse = partner.memberships.first().organisation
    officer = people[Role.OFFICER]
    council = officer.memberships.first().organisation
    for who, org, value in ((officer, council, 2), (partner, vcse, 5)):
        a = services.start(durham, org, "Wellbeing principles", "2025", who)
        services.save_ratings(a, {c.key: (str(value), "", "") for c in durham.criteria()}, who)
        services.complete(a, who)
    later = services.copy_forward(Assessment.objects.get(organisation=council), "2026", officer)
    services.save_ratings(later, {"p1": ("4", "", "")}, officer)
    services.complete(later, officer)
    page = client_for(partner).get(f"/assessments/compare/?framework={DURHAM}").content.decode()
    assert "Catalyst Stockton" in page and "Stockton-on-Tees Borough Council" in page
    assert page.count("<polygon") == 5 + 3  # five rings, three assessments
    page = client_for(partner).get(f"/assessments/over-time/?framework={DURHAM}&organisation={council.pk}").content.decode()
    assert "2025" in page and "2026" in page and "Catalyst Stockton</a>" not in page


@pytest.mark.django_db
def test_pages_have_empty_states(people, client_for):
    client = client_for(people[Role.OFFICER])
    assert "no-assessments" in client.get("/assessments/self/").content.decode()
    assert "no-frameworks" in client.get("/assessments/start/").content.decode()
    assert "no-frameworks" in client.get("/assessments/compare/").content.decode()
    assert "no-frameworks" in client.get("/assessments/frameworks/").content.decode()


@pytest.mark.django_db
def test_the_assessment_radar_names_each_principle_and_shows_dont_know_as_not_rated(frameworks, people, client_for):
    """Issue 11: "radar axes labelled p1–p6" and "The radar draws 'Don't know' as zero", on the page."""
    client = client_for(people[Role.OFFICER])
    council = people[Role.OFFICER].memberships.first().organisation
    client.post("/assessments/start/", {"framework": "county_durham_approach_to_wellbeing", "organisation": council.pk,
                                        "title": "Public health team", "period": "2026"})
    assessment = Assessment.objects.get()
    ratings = {}
    for c in assessment.version.criteria():
        ratings.update({f"value-{c.key}": "4", f"evidence-{c.key}": "", f"action-{c.key}": ""})
    ratings["value-p3"] = "dont_know"
    client.post(f"/assessments/{assessment.pk}/rate/", ratings)
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg"'):page.index("</svg>")]
    assert "<tspan" in svg and ">p1<" not in svg and ">p3<" not in svg
    assert ">Working with<" in svg and ">empowerment<" in svg
    assert 'class="hp-chart__note">Don&#x27;t know</tspan>' in svg
    assert "fill-opacity" not in svg  # not a closed shape through the centre
    assert svg.count("<circle") == 5 and svg.count("<polyline") == 1
    assert 'href="#ratings"' in page and 'id="ratings"' in page


@pytest.mark.django_db
def test_invite_needs_an_existing_person(team, people, client_for):
    client = client_for(people[Role.OFFICER])
    client.post(f"/assessments/{team.pk}/invite/", {"username": "nobody"})
    assert team.members.count() == 2
    other = Organisation.objects.create(name="Another team", kind="council")
    other.areas.set(["E06000004"])  # in the team's area: an officer there may be invited and rate
    create_person("newcomer", role=Role.OFFICER, organisation=other, password=PASSWORD)
    client.post(f"/assessments/{team.pk}/invite/", {"username": "newcomer"})
    assert team.members.filter(username="newcomer").exists()


@pytest.mark.django_db
def test_a_rating_off_the_scale_is_named_on_its_own_field(team, people, client_for):
    """Issue 11, forms as Django intends: the rating page's error sits on the criterion's field, named in its words,
    and nothing is saved while one rating is wrong."""
    data = {}
    for c in team.version.criteria():
        data.update({f"value-{c.key}": "4", f"evidence-{c.key}": f"Evidence for {c.key}", f"action-{c.key}": ""})
    data["value-p2"] = "9"
    response = client_for(people[Role.OFFICER]).post(f"/assessments/{team.pk}/rate/", data)
    page = response.content.decode()
    assert response.status_code == 200 and not team.ratings.exists()
    p2 = team.version.criteria().get(key="p2").text
    assert f'<a href="#id_value-p2_0">Choose a rating on the scale for {p2}</a>' in page
    error = page[page.index('id="id_value-p2_error"'):page.index("</p>", page.index('id="id_value-p2_error"'))]
    assert p2 in error
    assert page.count('class="govuk-error-message"') == 1


def _words(html):
    """The text a reader sees: the page without its tags, attributes and the radar's SVG."""
    import re

    return re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", " ", html, flags=re.S))


@pytest.mark.django_db
def test_pages_name_criteria_in_words_not_keys(team, people, client_for):
    """Issue 11, "Criterion keys ("p1: …", "Lowest rated (4): p1") still appear on pages": the lowest-rated line, the
    ratings and actions tables and the comparison say each criterion's words, never its key."""
    import re

    officer = client_for(people[Role.OFFICER])
    for c in team.version.criteria():  # entries without keys in them, so any key seen is the page's own
        officer.post(f"/assessments/{team.pk}/rate/", {f"value-{c.key}": "2" if c.key == "p2" else "4",
                                                       f"evidence-{c.key}": "Our survey", f"action-{c.key}": "Ask"})
    p2 = team.version.criteria().get(key="p2").text
    detail = officer.get(f"/assessments/{team.pk}/").content.decode()
    lowest = detail[detail.index('id="lowest"'):detail.index("</p>", detail.index('id="lowest"'))]
    assert lowest == f'id="lowest">Lowest rated (2): {p2}.'
    officer.post(f"/assessments/{team.pk}/complete/")
    for url in (f"/assessments/{team.pk}/", f"/assessments/{team.pk}/actions/",
                f"/assessments/compare/?framework={DURHAM}", f"/assessments/over-time/?framework={DURHAM}"):
        words = _words(officer.get(url).content.decode())
        assert p2 in words, url
        key = re.search(r".{0,40}\bp[1-6]\b.{0,40}", words, re.S)
        assert key is None, f"{url}: {key and key.group()}"
