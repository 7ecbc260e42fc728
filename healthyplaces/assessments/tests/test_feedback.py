"""Community feedback: anonymous, one response per link, shown beside the team's own rating."""
import hashlib
import re

import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.assessments import services
from healthyplaces.assessments.models import FeedbackAnswer, FeedbackLink


@pytest.fixture
def assessment(frameworks, people):
    officer = people[Role.OFFICER]
    a = services.start(frameworks["county_durham_approach_to_wellbeing"], officer.memberships.first().organisation,
                       "Team", "2026", officer)
    services.save_ratings(a, {"p1": ("4", "We hold panels", "")}, officer)
    return a


@pytest.mark.django_db
def test_one_anonymous_response_per_link_beside_the_teams_rating(assessment, people, client_for):
    officer = client_for(people[Role.OFFICER])
    page = officer.post(f"/assessments/{assessment.pk}/feedback/", {"count": "2"}).content.decode()
    links = re.findall(r"http://testserver(/assessments/feedback/[^/]+/)", page)
    assert len(links) == 2
    token = links[0].split("/")[-2]
    assert len(token) >= 32
    stored = FeedbackLink.objects.values_list("token_hash", flat=True)
    assert hashlib.sha256(token.encode()).hexdigest() in stored and token not in stored
    public = client_for(None)
    form = public.get(links[0]).content.decode()
    assert "Did you feel involved in decisions that affect you?" in form
    assert public.post(links[0], {"p1": "2", "p2": "5"}).status_code == 200
    assert FeedbackAnswer.objects.count() == 2
    again = public.post(links[0], {"p1": "1"})
    assert "already been used" in again.content.decode()
    assert public.get(links[0]).status_code == 200 and FeedbackAnswer.objects.count() == 2
    public.post(links[1], {"p1": "4"})
    assert public.get("/assessments/feedback/not-a-real-token/").status_code == 404
    results = client_for(people[Role.OFFICER]).get(f"/assessments/{assessment.pk}/feedback/").content.decode()
    assert "2 links made, 2 used" in results
    p1 = services.feedback_results(assessment)["rows"][0]
    assert (p1["responses"], p1["mean"], p1["own"]) == (2, 3.0, 4)


@pytest.mark.django_db
def test_answers_off_the_scale_are_refused(assessment, people):
    token = services.make_links(assessment, 1, people[Role.OFFICER])[0]
    with pytest.raises(services.FeedbackRefused):
        services.respond(token, {"p1": "9"})
    with pytest.raises(services.FeedbackRefused, match="at least one"):
        services.respond(token, {})
    assert not FeedbackLink.objects.get().used_at


@pytest.mark.django_db
def test_only_members_make_links(assessment, people, client_for):
    assert client_for(people[Role.ANALYST]).post(f"/assessments/{assessment.pk}/feedback/", {"count": "1"}).status_code == 404
    assert not FeedbackLink.objects.exists()
