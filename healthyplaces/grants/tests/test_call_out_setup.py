"""An officer adds a call-out to a fund, its questions typed a line each; a wrong line is named and nothing saved."""
import pytest
from django.utils import timezone

from healthyplaces.accounts.models import Role
from healthyplaces.grants.models import CallOut
from healthyplaces.testing import database_snapshot

pytestmark = pytest.mark.django_db

LINES = "textarea*: What need will your project meet?\nnumber: How many people?\nchoice*: Who runs it? | Volunteers; Staff"


def post(pot, **changes):
    values = {"round": pot.round_id, "lot": pot.lot_id, "title": "Growing food together", "slug": "growing-food",
              "summary": "Grants for community growing.", "guidance": "", "unregistered_groups": "on",
              "max_amount": "1500", "budget": "", "principles": pot.principles_id, "score_min": "0", "score_max": "5",
              "status": "published", "opens_on_day": "1", "opens_on_month": "4", "opens_on_year": "2027",
              "closes_on_day": "30", "closes_on_month": "4", "closes_on_year": "2027",
              "organisation_kinds": ["vcse", "community_group"], "question_lines": LINES}
    values.update(changes)
    return values


def test_an_officer_adds_a_published_call_out_with_its_questions(pot, people, client_for):
    fund = pot.round.fund
    answer = client_for(people[Role.OFFICER]).post(f"/grants/funds/{fund.pk}/call-outs/new/", post(pot))
    assert answer.status_code == 302 and answer["Location"] == f"/grants/funds/{fund.pk}/"
    made = CallOut.objects.get(slug="growing-food")
    assert made.questions == [
        {"key": "q1", "label": "What need will your project meet?", "kind": "textarea", "required": True},
        {"key": "q2", "label": "How many people?", "kind": "number", "required": False},
        {"key": "q3", "label": "Who runs it?", "kind": "choice", "required": True, "choices": ["Volunteers", "Staff"]}]
    assert made.organisation_kinds == ["vcse", "community_group"] and made.status == "published"
    opens, closes = timezone.localtime(made.opens_at), timezone.localtime(made.closes_at)
    assert (opens.isoformat()[:16], closes.isoformat()[:19]) == ("2027-04-01T00:00", "2027-04-30T23:59:59")
    assert made.updated_by == people[Role.OFFICER]
    assert "Growing food together" in client_for(None).get("/grants/call-outs/growing-food/").content.decode()


@pytest.mark.parametrize("changes, words", [
    ({"question_lines": "textarea*: What need?\nchoice: Who runs it?"}, "Line 2: a choice question needs its choices."),
    ({"question_lines": "essay: Tell us"}, "Line 1: start with the question&#x27;s kind"),
    ({"closes_on_month": "3"}, "The closing date must be on or after the opening date"),
    ({"max_amount": "lots"}, "Enter a number"),
    ({"slug": "tackling-loneliness"}, "already exists"),
])
def test_a_wrong_call_out_is_refused_naming_the_field_and_nothing_is_saved(pot, people, client_for, changes, words):
    before = database_snapshot(app="grants")
    page = client_for(people[Role.OFFICER]).post(f"/grants/funds/{pot.round.fund_id}/call-outs/new/",
                                                 post(pot, **changes)).content.decode()
    assert words in page and 'value="Growing food together"' in page
    assert database_snapshot(app="grants") == before


def test_only_the_funds_officers_add_call_outs(pot, people, client_for):
    assert client_for(people[Role.PARTNER]).post(f"/grants/funds/{pot.round.fund_id}/call-outs/new/",
                                                 post(pot)).status_code == 403
    assert not CallOut.objects.filter(slug="growing-food").exists()
