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


@pytest.mark.django_db
def test_an_answer_off_the_scale_is_an_error_on_its_question_and_nothing_is_stored(assessment, people, client_for):
    """Issue 11, forms as Django intends: the error is on the question's own radios, linked from the summary
    (before, one message at the top of the page said "'9' is not one of the answers")."""
    token = services.make_links(assessment, 1, people[Role.OFFICER])[0]
    page = client_for(None).post(f"/assessments/feedback/{token}/", {"p1": "9", "p2": "5"}).content.decode()
    assert '<a href="#id_p1_0">Select a valid choice. 9 is not one of the available choices.</a>' in page
    assert re.search(r'<p class="govuk-error-message" id="id_p1_error">.*9 is not one of the available choices', page)
    assert re.search(r'id="id_p2_\d" name="p2" type="radio" value="5" checked', page)
    assert FeedbackAnswer.objects.count() == 0
    nothing = client_for(None).post(f"/assessments/feedback/{token}/", {}).content.decode()
    assert "Answer at least one question." in nothing and FeedbackAnswer.objects.count() == 0
