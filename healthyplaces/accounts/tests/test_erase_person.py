"""Issue 10, left to issue 11: erasing a person on request (`healthyplaces erase-person`). A dry run lists what holds
their name, email or phone and changes nothing; --confirm cuts them out of insights and conversations, empties an
asset's contact details, deletes their own listing, empties their account, and each change is in the audit trail."""
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from healthyplaces.accounts.models import AuditEvent, Organisation, Role, User
from healthyplaces.accounts.services import create_person
from healthyplaces.assets.models import Asset
from healthyplaces.insights.models import Conversation, Insight

pytestmark = pytest.mark.django_db
NAME, EMAIL = "Jo Bloggs", "jo.bloggs@example.org"


@pytest.fixture
def held(people):
    from healthyplaces.assets.tests.test_views import make
    from healthyplaces.insights import services

    partner = people[Role.PARTNER]
    catalyst = Organisation.objects.get(name="Catalyst Stockton")
    conversation = services.save_conversation(by=partner, title="Coffee morning with jo bloggs", kind="street",
                                              held_on=date(2026, 5, 1), lsoa_codes=["E01012187"])
    insight = services.save_insight(by=partner, conversation=conversation, kind="need",
                                    summary=f"{NAME} says the benches on Mill Lane are broken",
                                    quote="Nowhere to sit down")
    other = services.save_insight(by=partner, conversation=conversation, kind="need", summary="Buses are late")
    listing = make("Jo Bloggs, gardener", catalyst, category="person", email=EMAIL)
    hall = make("Mill Lane hall", catalyst, contact_name=NAME, email=EMAIL, phone="01642 000000")
    account, _ = create_person("jbloggs", role=Role.PARTNER, organisation=catalyst, password="x" * 20)
    User.objects.filter(pk=account.pk).update(display_name=NAME)
    return {"conversation": conversation, "insight": insight, "other": other, "listing": listing, "hall": hall,
            "account": account}


def _run(*args):
    out = StringIO()
    call_command("erase-person", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_holds_the_person_and_changes_nothing(held, people):
    events = AuditEvent.objects.count()
    out = _run(NAME, "--by", people[Role.ADMIN].username)
    for record in ("insight", "conversation", "listing", "hall", "account"):
        assert f" {held[record].pk}: " in out, record
    assert f"Insight {held['other'].pk}:" not in out
    assert "Nothing was erased: run again with --confirm." in out
    assert NAME not in out  # the list names records, not what they hold
    assert Insight.objects.get(pk=held["insight"].pk).summary.startswith(NAME)
    assert Asset.objects.filter(pk=held["listing"].pk).exists() and AuditEvent.objects.count() == events


def test_confirm_erases_the_person_everywhere_and_audits_each_change(held, people):
    admin = people[Role.ADMIN]
    out = _run(NAME, "--by", admin.username, "--confirm")
    assert "Erased from 5 record(s)" in out
    insight = Insight.objects.get(pk=held["insight"].pk)
    assert NAME not in insight.summary + insight.summary_redacted and insight.summary.startswith("[removed] says")
    assert "blogg" not in insight.search_words and insight.embedding is None
    assert "jo bloggs" not in Conversation.objects.get(pk=held["conversation"].pk).title.lower()
    assert Insight.objects.get(pk=held["other"].pk).summary == "Buses are late"
    assert not Asset.objects.filter(pk=held["listing"].pk).exists()
    hall = Asset.objects.get(pk=held["hall"].pk)
    assert (hall.contact_name, hall.email, hall.phone) == ("", "", "")  # the contact's details go with their name
    assert all(NAME not in json.dumps(source.data) and EMAIL not in json.dumps(source.data)
               for source in hall.sources.all())
    account = User.objects.get(pk=held["account"].pk)
    assert (account.username, account.email, account.display_name, account.is_active) == (
        f"erased-{account.pk}", "", "", False)
    assert not account.has_usable_password()
    changes = AuditEvent.objects.filter(actor=admin)
    assert changes.filter(model="insights.Insight", action="update", object_pk=str(insight.pk)).exists()
    assert changes.filter(model="assets.Asset", action="delete", object_pk=str(held["listing"].pk)).exists()
    assert changes.filter(model="assets.Asset", action="update", object_pk=str(hall.pk)).exists()
    # Erased: nothing holds the name any more.
    assert "No record holds that name" in _run(NAME, "--by", admin.username)


def test_an_email_finds_the_asset_contacts_and_a_short_identifier_is_refused(held, people):
    out = _run(EMAIL, "--by", people[Role.ADMIN].username, "--confirm")
    assert f"Asset {held['hall'].pk}: removed from email" in out
    assert Asset.objects.get(pk=held["hall"].pk).contact_name == NAME  # only what held the email
    with pytest.raises(CommandError, match="at least 4 characters"):
        _run("Jo", "--by", people[Role.ADMIN].username)
    with pytest.raises(CommandError, match="No one is called"):
        _run(NAME, "--by", "nobody")


def test_a_contact_kept_from_an_imported_feed_is_found_and_dropped(held, people):
    """Issue 12 keeps what an Open Referral record said beyond the asset's columns (`Asset.details`): a contact
    and a phone of the person held there are found, and dropped whole on --confirm; other contacts stay."""
    hall = held["hall"]
    hall.details = {"contacts": [{"name": "Front desk", "email": "desk@example.org"},
                                 {"name": "Organiser", "email": "sam.other@example.org", "title": "Volunteer"}],
                    "phones": [{"number": "07700 900123", "description": "Sam's mobile"}],
                    "alert": "Ask for Sam Other at reception"}
    hall.save()
    assert f"Asset {hall.pk}: " in _run("sam.other@example.org", "--by", people[Role.ADMIN].username)
    assert f"Asset {hall.pk}: " in _run("07700900123", "--by", people[Role.ADMIN].username)
    _run("sam.other@example.org", "--by", people[Role.ADMIN].username, "--confirm")
    _run("07700 900123", "--by", people[Role.ADMIN].username, "--confirm")
    _run("Sam Other", "--by", people[Role.ADMIN].username, "--confirm")
    assert Asset.objects.get(pk=hall.pk).details == {
        "contacts": [{"name": "Front desk", "email": "desk@example.org"}], "phones": [],
        "alert": "Ask for [removed] at reception"}
