"""The panel's pages: a member declares a conflict (then cannot see or score that application) and scores the
others; a score off the scale is refused naming the principle; an officer moderates and reads the recommendation."""
import html
from decimal import Decimal

import pytest

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.grants import services
from healthyplaces.grants.models import Conflict, Moderation, Score
from healthyplaces.grants.permissions import CONFLICTED
from healthyplaces.testing import database_snapshot

pytestmark = pytest.mark.django_db


def submitted(pot, people, title, amount):
    return services.save_application(pot, Organisation.objects.get(name="Catalyst Stockton"), services.ApplicationData(
        unregistered_group=True, applicant_name=f"{title} group", contact_name="Jo", title=title, amount=Decimal(amount),
        budget_lines=[("Costs", Decimal(amount))], answers={"need": "Lonely people", "people": 10}),
        by=people[Role.PARTNER], submit=True)


@pytest.fixture
def two(pot, people):
    return submitted(pot, people, "Knit and natter", 900), submitted(pot, people, "Walking football", 1500)


def scores_post(pot, value="4", **changes):
    post = {}
    for criterion in services.principles(pot):
        post[f"score_{criterion.pk}"] = value
        post[f"comment_{criterion.pk}"] = f"Comment on {criterion.key}"
    post.update(changes)
    return post


def test_a_member_declares_a_conflict_and_scores_the_other(pot, people, two, client_for):
    knit, walking = two
    client = client_for(people[Role.PANEL_MEMBER])
    panel = f"/grants/panels/{pot.round_id}/"
    page = client.get(panel).content.decode()
    assert "Knit and natter" in page and "Walking football" in page
    answer = client.post(f"/grants/panels/applications/{knit.pk}/conflict/", {"reason": "I am a trustee"})
    assert answer.status_code == 302 and answer["Location"] == panel
    assert Conflict.objects.get().application == knit
    page = client.get(panel).content.decode()
    assert "Knit and natter" not in page.split("Conflicts of interest you declared")[0] and "Walking football" in page
    refused = client.get(f"/grants/panels/applications/{knit.pk}/")
    assert refused.status_code == 403 and CONFLICTED in html.unescape(refused.content.decode())
    assert client.post(f"/grants/panels/applications/{knit.pk}/", scores_post(pot)).status_code == 403
    assert not Score.objects.filter(application=knit).exists()

    answer = client.post(f"/grants/panels/applications/{walking.pk}/", scores_post(pot, "4"))
    assert answer.status_code == 302
    principles = services.principles(pot)
    assert Score.objects.filter(application=walking, member=people[Role.PANEL_MEMBER], value=4).count() == len(principles)
    again = client.get(f"/grants/panels/applications/{walking.pk}/").content.decode()
    assert f"Comment on {principles[0].key}" in again  # their scores are shown back


def test_declaring_a_conflict_removes_scores_already_given(pot, people, two, client_for):
    knit, _ = two
    client = client_for(people[Role.PANEL_MEMBER])
    client.post(f"/grants/panels/applications/{knit.pk}/", scores_post(pot, "3"))
    assert Score.objects.filter(application=knit).exists()
    client.post(f"/grants/panels/applications/{knit.pk}/conflict/", {"reason": "My sister runs it"})
    assert not Score.objects.filter(application=knit).exists()


def test_a_conflict_needs_a_reason(pot, people, two, client_for):
    page = client_for(people[Role.PANEL_MEMBER]).post(f"/grants/panels/applications/{two[0].pk}/conflict/",
                                                       {"reason": ""}).content.decode()
    assert "Say what the conflict of interest is" in page and not Conflict.objects.exists()


def test_a_score_off_the_scale_is_refused_naming_the_principle_and_nothing_is_stored(pot, people, two, client_for):
    _, walking = two
    first = services.principles(pot)[0]
    before = database_snapshot(app="grants")
    answer = client_for(people[Role.PANEL_MEMBER]).post(
        f"/grants/panels/applications/{walking.pk}/", scores_post(pot, "4", **{f"score_{first.pk}": "9"}))
    page = html.unescape(answer.content.decode())
    assert answer.status_code == 200
    assert f"Score {first.key} must be a whole number from 0 to 5: you entered 9." in page
    assert f'href="#id_score_{first.pk}' in page and f"Comment on {first.key}" in page  # entries kept
    assert database_snapshot(app="grants") == before


def test_only_the_panel_and_the_funds_officers_open_the_panel(pot, people, two, client_for):
    assert client_for(people[Role.PARTNER]).get(f"/grants/panels/{pot.round_id}/").status_code == 403
    assert client_for(people[Role.PARTNER]).get(f"/grants/panels/applications/{two[0].pk}/moderate/").status_code == 403
    assert client_for(people[Role.PANEL_MEMBER]).get(f"/grants/panels/{pot.round_id}/recommendation/").status_code == 403
    assert client_for(people[Role.OFFICER]).get(f"/grants/panels/{pot.round_id}/").status_code == 200
    assert "Panels of the funds you manage" in client_for(people[Role.OFFICER]).get("/grants/panels/").content.decode()


def test_an_officer_moderates_and_the_recommendation_funds_by_score_within_the_money(pot, people, two, client_for):
    knit, walking = two
    member = client_for(people[Role.PANEL_MEMBER])
    member.post(f"/grants/panels/applications/{knit.pk}/", scores_post(pot, "2"))
    member.post(f"/grants/panels/applications/{walking.pk}/", scores_post(pot, "4"))
    count = len(services.principles(pot))
    officer = client_for(people[Role.OFFICER])
    page = officer.post(f"/grants/panels/applications/{knit.pk}/moderate/", {"score": "30", "note": ""}).content.decode()
    assert f"Say why the agreed score differs from the members&#x27; mean of {2 * count}.00." in page
    assert not Moderation.objects.exists()
    answer = officer.post(f"/grants/panels/applications/{knit.pk}/moderate/",
                          {"score": f"{5 * count}", "note": "Strong evidence of need in the interview"})
    assert answer.status_code == 302 and answer["Location"] == f"/grants/panels/{pot.round_id}/recommendation/"
    pot.budget = Decimal("1000")
    pot.save()
    page = officer.get(answer["Location"]).content.decode()
    assert page.index("Knit and natter") < page.index("Walking football")  # moderated up to first
    assert "£1,500.00 does not fit the £100.00 left." in page
