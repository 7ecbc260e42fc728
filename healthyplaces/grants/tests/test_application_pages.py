"""Applying through the pages: a call-out's public page, the application form built from its questions, a draft
saved and then submitted, every bad input named on its field with what was typed kept, and applicants seeing only
their own applications."""
import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.grants import services
from healthyplaces.grants.models import Application
from healthyplaces.testing import database_snapshot

pytestmark = pytest.mark.django_db


def form(**changes):
    values = {"unregistered_group": "yes", "applicant_name": "Norton Knit and Natter", "contact_name": "Jo Bloggs",
              "contact_email": "jo@example.org", "title": "Knit and natter mornings", "amount": "900",
              "item_0": "Room hire", "cost_0": "600", "item_1": "Wool and tea", "cost_1": "£300.00",
              "q_need": "People on their own after the library closed", "q_people": "25", "q_first_time": "yes",
              "lsoas": "E01012187", "local_authorities": ["E06000004"], "action": "submit"}
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def test_the_call_out_page_shows_what_an_applicant_needs_to_know(pot, client_for):
    pot.guidance = "Tell us who will take part.\n\nWe fund groups of any size."
    pot.save()
    page = client_for(None).get("/grants/call-outs/tackling-loneliness/").content.decode()
    for words in ("Small grants for groups that bring people together.", "£2,000.00", "Stockton",
                  "Tell us who will take part.", "We fund groups of any size.", "unregistered community groups",
                  "What need will your project meet?", "Is this your first grant? (optional)",
                  "How applications are scored", "Sign in to apply"):
        assert words in page, words
    assert "voluntary, community or social enterprise organisation" in page.lower()


def test_a_draft_call_out_has_no_public_page(pot, client_for):
    pot.status = pot.Status.DRAFT
    pot.save()
    assert client_for(None).get("/grants/call-outs/tackling-loneliness/").status_code == 404


def test_a_partner_saves_a_draft_then_submits_it(pot, people, client_for):
    client = client_for(people[Role.PARTNER])
    answer = client.post("/grants/call-outs/tackling-loneliness/apply/",
                         form(action="draft", q_need="", item_1="", cost_1=""))
    draft = Application.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/grants/applications/{draft.pk}/"
    assert draft.status == Application.Status.DRAFT and draft.organisation.name == "Catalyst Stockton"
    page = client.get(answer["Location"]).content.decode()
    assert "Before you can submit" in page
    assert "add up to £600.00 but you asked for £900.00" in page and "Answer the question: What need" in page

    edit = client.get(f"/grants/applications/{draft.pk}/edit/").content.decode()
    assert 'value="Norton Knit and Natter"' in edit and 'value="600.00"' in edit
    answer = client.post(f"/grants/applications/{draft.pk}/edit/", form())
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED and draft.amount == Decimal("900")
    assert draft.answers == {"need": "People on their own after the library closed", "people": 25, "first_time": "yes"}
    assert [(line.item, line.amount) for line in draft.budget_lines.all()] == [
        ("Room hire", Decimal("600")), ("Wool and tea", Decimal("300"))]
    assert list(draft.lsoas.values_list("code", flat=True)) == ["E01012187"]
    assert client.get(f"/grants/applications/{draft.pk}/edit/").status_code == 403  # submitted: no more changes


@pytest.mark.parametrize("changes, words, field_id", [
    ({"amount": "2500", "cost_0": "2200"}, "The most this call-out awards is £2,000.00: you asked for £2,500.00", "id_amount"),
    ({"cost_1": "200"}, "Your budget lines add up to £800.00 but you asked for £900.00", "budget"),
    ({"q_need": ""}, "Answer the question: What need will your project meet?", "id_q_need"),
    ({"amount": "nine hundred"}, "The amount you are asking for must be an amount in pounds", "id_amount"),
    ({"cost_1": ""}, "Budget line 2: enter how much it costs", "id_cost_1"),
    ({"cost_1": "3 pounds"}, "Budget line 2: the cost must be an amount in pounds", "id_cost_1"),
    ({"q_people": "lots"}, "How many people will take part?: enter a whole number", "id_q_people"),
    ({"lsoas": "E01012187 Norton"}, "These are not LSOA codes (E01 and six digits): NORTON", "id_lsoas"),
    ({"lsoas": "E01000001"}, "Outside this call-out's area: E01000001", "id_lsoas"),
    ({"contact_email": "jo at example"}, "Enter the contact email in the right form", "id_contact_email"),
    ({"title": ""}, "Enter the name of your project", "id_title"),
])
def test_bad_input_is_named_on_its_field_keeps_what_was_typed_and_stores_nothing(
        pot, people, client_for, changes, words, field_id):
    before = database_snapshot(app="grants")
    answer = client_for(people[Role.PARTNER]).post("/grants/call-outs/tackling-loneliness/apply/", form(**changes))
    page = html.unescape(answer.content.decode())
    assert answer.status_code == 200 and words in page
    assert f'href="#{field_id}"' in page  # the error summary links to the field
    assert 'value="Norton Knit and Natter"' in page and 'value="Room hire"' in page
    assert "People on their own after the library closed" in page or changes.get("q_need") == ""
    assert database_snapshot(app="grants") == before


def test_after_the_closing_date_the_form_is_not_offered_and_a_post_is_refused(pot, people, client_for):
    pot.closes_at = timezone.now() - timedelta(hours=1)
    pot.save()
    client = client_for(people[Role.PARTNER])
    assert "This call-out closed on" in client.get("/grants/call-outs/tackling-loneliness/apply/").content.decode()
    page = client.post("/grants/call-outs/tackling-loneliness/apply/", form()).content.decode()
    assert "This call-out closed on" in page and not Application.objects.exists()


def test_applicants_see_only_their_own_applications(pot, people, client_for):
    theirs = services.save_application(pot, Organisation.objects.get(name="Catalyst Stockton"), services.ApplicationData(
        unregistered_group=False, applicant_name="Catalyst", contact_name="Sam", title="Walks", amount=Decimal(100),
        budget_lines=[("Leaflets", Decimal(100))], answers={}), by=people[Role.PARTNER])
    client = client_for(people[Role.APPLICANT])
    assert client.get(f"/grants/applications/{theirs.pk}/").status_code == 403
    assert client.get(f"/grants/applications/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/grants/applications/{theirs.pk}/edit/", form()).status_code == 403
    assert "You have no applications yet." in client.get("/grants/applications/").content.decode()
    client.post("/grants/call-outs/tackling-loneliness/apply/", form(action="draft", unregistered_group="no",
                                                                     applicant_name="Tees Homes"))
    listing = client.get("/grants/applications/").content.decode()
    assert "Knit and natter mornings" in listing and "Walks" not in listing
    officer = client_for(people[Role.OFFICER]).get("/grants/applications/").content.decode()
    assert "Knit and natter mornings" in officer and "Walks" in officer  # the council's officer sees both


def test_signing_in_is_needed_to_apply_and_other_roles_are_refused(pot, people, client_for):
    assert client_for(None).get("/grants/call-outs/tackling-loneliness/apply/").status_code == 302
    assert client_for(people[Role.ANALYST]).get("/grants/call-outs/tackling-loneliness/apply/").status_code == 403
