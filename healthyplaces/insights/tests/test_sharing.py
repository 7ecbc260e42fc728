"""Issue 10: nothing is shared beyond the recording organisation before its redaction is confirmed
(insights, their tags and quotes, conversations' titles and descriptions), the queue of what waits,
and only the assets a person may see are offered as venues and links."""
from datetime import date

import numpy as np
import pytest
from django.utils import timezone

from healthyplaces.accounts.models import AuditEvent, Organisation, Role
from healthyplaces.accounts.services import create_person
from healthyplaces.assets.models import Asset
from healthyplaces.insights import embeddings, sample, services
from healthyplaces.insights.models import Conversation, Insight
from healthyplaces.places.models import Lsoa
from healthyplaces.places.services import find_area

pytestmark = pytest.mark.django_db

SATURDAYS = "Ask for Bob at 12 Mill Lane on Saturdays. I am diabetic so I need the lunch club"
CORRECTED = "Ask for [name] at [address] on Saturdays. [health condition] so they need the lunch club"


def _as(client_for, people, role):
    """A function signing that person in again (client_for shares one test client)."""
    return lambda: client_for(people[role])


def _search_page(client, text):
    return client.get("/insights/", {"q": text}).content.decode()


def test_the_saturdays_insight_is_hidden_from_other_organisations_until_its_redaction_is_confirmed(
        people, client_for, record):
    """Issue 10, point 1: as a partner, searching "Saturdays" showed a name, a street address and a
    health condition on /insights/ and /api/insights/search. Now it is not shown (nor counted) until
    confirmed, then only as confirmed."""
    insight = record(Role.OFFICER, SATURDAYS, quote="I am diabetic, ask for Bob", quote_consent=True,
                     themes=["L3_health_care"], confirmed=False)
    partner = _as(client_for, people, Role.PARTNER)
    page = _search_page(partner(), "Saturdays")
    assert "Bob" not in page and "Mill Lane" not in page and "diabetic" not in page
    assert 'id="no-results"' in page
    api = partner().get("/api/insights/search", {"q": "Saturdays"}).json()
    assert api["count"] == 0 and api["results"] == [] and api["counts"]["theme"] == []
    assert partner().get("/api/insights/search").json()["count"] == 0  # not counted without words either
    assert partner().get(f"/insights/{insight.pk}/").status_code == 404
    assert partner().get(f"/insights/conversations/{insight.conversation_id}/").content.decode().count("hp-insight\"") == 0
    stockton = find_area("E06000004")
    assert services.area_summary(stockton, people[Role.PARTNER])["total"] == 0
    assert services.missing_voices(stockton, people[Role.PARTNER])["total"] == 0
    area_page = partner().get("/insights/areas/E06000004/").content.decode()
    assert "diabetic" not in area_page and "No insights have been recorded for this area yet." in area_page
    assert "diabetic" not in partner().get("/places/local-authority/E06000004/").content.decode()
    # The recording organisation sees it, marked as not yet shared.
    page = _search_page(client_for(people[Role.OFFICER]), "Saturdays")
    assert "Ask for Bob at 12 Mill Lane" in page and "Not yet shared" in page
    # The officer corrects the redaction and so confirms it.
    response = client_for(people[Role.OFFICER]).post(f"/insights/{insight.pk}/redact/", {
        "summary_redacted": CORRECTED, "quote_redacted": "[health condition], ask for [name]", "tags": ""})
    assert response.status_code == 302
    insight.refresh_from_db()
    assert insight.confirmed_by == people[Role.OFFICER] and insight.confirmed_at is not None
    event = AuditEvent.objects.filter(model="insights.Insight", object_pk=str(insight.pk), action="update").latest("pk")
    assert event.actor == people[Role.OFFICER] and "confirmed_at" in event.changes
    page = _search_page(partner(), "Saturdays")
    assert "[address] on Saturdays" in page and "Bob" not in page and "Mill Lane" not in page
    assert "diabetic" not in page
    api = partner().get("/api/insights/search", {"q": "Saturdays"}).json()
    assert api["count"] == 1 and api["results"][0]["summary"] == CORRECTED and api["results"][0]["redacted"]
    assert api["results"][0]["quote"] == "[health condition], ask for [name]"
    summary = services.area_summary(stockton, people[Role.PARTNER])
    assert summary["total"] == 1 and [q["text"] for q in summary["quotes"]] == ["[health condition], ask for [name]"]
    assert partner().get(f"/insights/{insight.pk}/").status_code == 200


def test_changing_the_text_afterwards_sends_it_back_to_the_queue(people, client_for, record):
    """Issue 10, point 1: editing the text after confirmation (by anyone) stops the sharing until it is
    confirmed again; so does changing its tags (point 2)."""
    insight = record(Role.PARTNER, "The lunch club on Saturdays is full")
    analyst = _as(client_for, people, Role.ANALYST)
    assert "lunch club" in _search_page(analyst(), "lunch")
    response = client_for(people[Role.OFFICER]).post(f"/insights/{insight.pk}/edit/", {
        "summary": "The lunch club on Saturdays is full, says Bob", "kind": "need", "lsoas": "E01012187"})
    assert response.status_code == 302
    insight.refresh_from_db()
    assert not insight.confirmed and insight.confirmed_by is None
    assert "lunch club" not in _search_page(analyst(), "lunch")
    assert list(services.awaiting(Insight, people[Role.PARTNER])) == [insight]
    services.confirm(by=people[Role.PARTNER], insights=[insight.pk])
    assert "lunch club" in _search_page(analyst(), "lunch")
    # Only the tags change: back to the queue as well.
    client_for(people[Role.PARTNER]).post(f"/insights/{insight.pk}/edit/", {
        "summary": "The lunch club on Saturdays is full, says Bob", "kind": "need", "lsoas": "E01012187",
        "tags": "lunch"})
    insight.refresh_from_db()
    assert not insight.confirmed and "lunch club" not in _search_page(analyst(), "lunch")


def test_tags_with_personal_data_are_flagged_and_shared_only_as_the_confirmer_leaves_them(people, client_for, record):
    """Issue 10, point 2: tags were shown verbatim to other organisations. Personal data in new tags
    is detected, the confirmer sees the tags and may remove one, and they are shared only once confirmed."""
    insight = record(Role.PARTNER, "The food bank runs out at the end of the month",
                     tags="food, call 07700 900555", confirmed=False)
    assert {(f["field"], f["kind"]) for f in insight.personal_data} == {("tags", "phone")}
    assert client_for(people[Role.ANALYST]).get(f"/insights/{insight.pk}/").status_code == 404
    queue = client_for(people[Role.PARTNER]).get("/insights/confirm/").content.decode()
    assert "call 07700 900555" in queue and "Personal data flagged" in queue
    response = client_for(people[Role.PARTNER]).post(f"/insights/{insight.pk}/redact/?next=queue", {
        "summary_redacted": insight.summary_redacted, "quote_redacted": "", "tags": "food", "next": "queue"})
    assert response.status_code == 302 and response.url == "/insights/confirm/"
    page = client_for(people[Role.ANALYST]).get(f"/insights/{insight.pk}/").content.decode()
    assert "food bank" in page and ">food<" in page and "07700" not in page
    insight.refresh_from_db()
    assert sorted(insight.tags.values_list("name", flat=True)) == ["food"] and insight.personal_data == []


def test_a_conversation_is_shown_beyond_its_organisation_by_its_kind_until_its_title_and_description_are_confirmed(
        people, client_for):
    """Issue 10, point 2: conversation titles and descriptions were shown verbatim to other organisations."""
    partner = people[Role.PARTNER]
    conversation = services.save_conversation(
        by=partner, title="Coffee with Bob Smith at his flat", kind="interview", held_on=date(2026, 5, 1),
        lsoa_codes=["E01012187"], description="Bob asked us to email bob.smith@example.org with the notes")
    assert "[email address]" in conversation.description_redacted and "bob.smith@" not in conversation.description_redacted
    assert {f["field"] for f in conversation.personal_data} >= {"description"}
    insight = services.save_insight(by=partner, conversation=conversation, summary="Buses are too infrequent",
                                    kind="barrier")
    services.confirm(by=partner, insights=[insight.pk])  # the insight is shared, its conversation not yet
    analyst = _as(client_for, people, Role.ANALYST)
    listing = analyst().get("/insights/conversations/").content.decode()
    assert "Bob" not in listing and "Interview (title not yet shared)" in listing
    page = analyst().get(f"/insights/conversations/{conversation.pk}/").content.decode()
    assert "Bob" not in page and "bob.smith" not in page and "Buses are too infrequent" in page
    api = analyst().get("/api/insights/search", {"q": "buses"}).json()
    assert api["results"][0]["conversation"] == "Interview (title not yet shared)"
    assert "Bob" not in _search_page(analyst(), "buses")
    # The recorder sees it all, with the status explained, and confirms a corrected title.
    own = client_for(partner).get(f"/insights/conversations/{conversation.pk}/").content.decode()
    assert "Coffee with Bob Smith" in own and "sharing-status" in own and "Not yet shared" in own
    response = client_for(partner).post(f"/insights/conversations/{conversation.pk}/redact/", {
        "title_redacted": "Coffee with a resident at home",
        "description_redacted": "A resident asked us to email [email address] with the notes"})
    assert response.status_code == 302
    page = analyst().get(f"/insights/conversations/{conversation.pk}/").content.decode()
    assert "Coffee with a resident at home" in page and "[email address]" in page and "Bob" not in page
    assert analyst().get("/api/insights/search", {"q": "buses"}).json()["results"][0]["conversation"] == \
        "Coffee with a resident at home"
    # Changing the title sends it back.
    services.save_conversation(by=partner, conversation=conversation, title="Coffee with Bob again", kind="interview",
                               held_on=date(2026, 5, 1), lsoa_codes=["E01012187"])
    assert "Bob" not in analyst().get("/insights/conversations/").content.decode()


def test_a_quote_is_shared_only_with_consent_and_after_confirmation(people, client_for, record):
    """Issue 10, point 2 (quotes): a consented quote waits for confirmation; one without consent is never shared."""
    consented = record(Role.PARTNER, "Damp flats", quote="The mould is in every room", quote_consent=True,
                       confirmed=False)
    private = record(Role.PARTNER, "Slow repairs", quote="Keep this between us", confirmed=False)
    stockton = find_area("E06000004")
    assert services.area_summary(stockton, people[Role.ANALYST])["quotes"] == []
    services.confirm(by=people[Role.PARTNER], insights=[consented.pk, private.pk])
    assert [q["text"] for q in services.area_summary(stockton, people[Role.ANALYST])["quotes"]] == \
        ["The mould is in every room"]
    assert "Keep this between us" not in client_for(people[Role.ANALYST]).get(f"/insights/{private.pk}/").content.decode()


def test_similar_insights_leave_out_what_is_not_shared(people, record, monkeypatch):
    """Issue 10, point 1 (similar insights): no model needed, the vectors are written as the model would."""
    monkeypatch.setattr(embeddings, "available", lambda: True)
    shown, hidden, other = (record(Role.PARTNER, "Shared"), record(Role.PARTNER, "Not shared", confirmed=False),
                            record(Role.OFFICER, "The council's"))
    unit = np.eye(embeddings.DIMENSIONS, dtype=np.float32)  # directions no other test uses: the cache outlives a test
    for n, insight in enumerate((shown, hidden, other)):
        Insight.objects.filter(pk=insight.pk).update(embedding=embeddings.to_bytes(unit[300] + unit[301 + n] * 0.1),
                                                     embedded_at=timezone.now())
    other.refresh_from_db()
    assert {s.insight.pk for s, _ in services.similar(other, people[Role.ANALYST])} == {shown.pk}
    assert {s.insight.pk for s, _ in services.similar(other, people[Role.OFFICER])} == {shown.pk, hidden.pk}


# The queue


def _queue(client):
    return client.get("/insights/confirm/").content.decode()


def test_the_queue_lists_what_each_person_may_confirm_oldest_first_and_confirms_many_at_once(people, client_for, record):
    """Issue 10, point 1: the queue of unconfirmed insights, for those who may confirm them, with a bulk confirm."""
    first = record(Role.PARTNER, "First from the partner", confirmed=False)
    second = record(Role.PARTNER, "Second from the partner", confirmed=False)
    council = record(Role.OFFICER, "From the council", confirmed=False)
    partner = _as(client_for, people, Role.PARTNER)
    page = _queue(partner())
    assert page.index("First from the partner") < page.index("Second from the partner")
    assert "From the council" not in page and "Insights (2), oldest first" in page
    assert "A street conversation" in page and 'name="conversation"' in page  # their conversations wait too
    home = partner().get("/insights/").content.decode()
    assert "Insights waiting for you to confirm (2)" in home
    officer_page = _queue(client_for(people[Role.OFFICER]))
    assert all(text in officer_page for text in ("First from the partner", "Second from the partner", "From the council"))
    for role in (Role.PANEL_MEMBER, Role.APPLICANT):
        assert client_for(people[role]).get("/insights/confirm/").status_code == 403
        assert client_for(people[role]).post("/insights/confirm/", {"insight": [first.pk]}).status_code == 403
    assert "waiting for you to confirm" not in client_for(people[Role.PANEL_MEMBER]).get("/insights/").content.decode()
    # Another organisation's insight among the ticked: refused whole.
    response = partner().post("/insights/confirm/", {"insight": [first.pk, council.pk]})
    assert response.status_code == 403 and not Insight.objects.filter(confirmed_at__isnull=False).exists()
    assert client_for(people[Role.PARTNER]).post(f"/insights/{council.pk}/redact/", {
        "summary_redacted": "x"}).status_code == 403
    # Ticked together, confirmed together, by this person.
    response = partner().post("/insights/confirm/", {"insight": [first.pk, second.pk],
                                                   "conversation": [first.conversation_id]})
    assert response.status_code == 302 and response.url == "/insights/confirm/"
    assert {i.confirmed_by for i in Insight.objects.filter(pk__in=[first.pk, second.pk])} == {people[Role.PARTNER]}
    assert Conversation.objects.get(pk=first.conversation_id).confirmed_by == people[Role.PARTNER]
    page = _queue(partner())
    assert "from the partner" not in page and "queue-insights" not in page
    assert f'name="conversation" value="{second.conversation_id}"' in page  # its conversation still waits
    services.confirm(by=people[Role.PARTNER], conversations=[second.conversation_id])
    assert "Nothing is waiting for you to confirm." in _queue(partner())
    assert "Insights waiting for you to confirm (0)" in partner().get("/insights/").content.decode()


def test_the_queue_pages_and_a_correction_from_it_returns_to_it(people, client_for):
    """Issue 10, point 1: paginated, and "correct then confirm" from the queue."""
    partner = people[Role.PARTNER]
    conversation = services.save_conversation(by=partner, title="Drop-in", kind="event", held_on=date(2026, 5, 1),
                                              lsoa_codes=["E01012187"])
    insights = [services.save_insight(by=partner, conversation=conversation, summary=f"Point number {n}", kind="idea",
                                      embed=False) for n in range(26)]
    client = client_for(partner)
    assert "Point number 0<" in _queue(client) and "Point number 25<" not in _queue(client)
    last = client.get("/insights/confirm/", {"page": 2}).content.decode()
    assert "Point number 25<" in last and "Point number 0<" not in last
    form = client.get(f"/insights/{insights[0].pk}/redact/?next=queue").content.decode()
    assert 'name="next" value="queue"' in form and "Point number 0" in form
    response = client.post(f"/insights/{insights[0].pk}/redact/?next=queue", {
        "summary_redacted": "Point number nought", "next": "queue"})
    assert response.status_code == 302 and response.url == "/insights/confirm/"
    insights[0].refresh_from_db()
    assert insights[0].confirmed and insights[0].summary_redacted == "Point number nought"


def test_the_sample_is_confirmed_as_the_system_except_what_the_detector_flags(people, client_for):
    """Issue 10, point 1: the labelled sample data stays visible to partners in the demo; its insights with
    flagged personal data wait in the queue."""
    sample.load()
    conversations = Conversation.objects.filter(is_sample=True)
    flagged = Insight.objects.filter(conversation__is_sample=True).exclude(personal_data=[])
    assert conversations.exists() and flagged.exists()
    assert not conversations.filter(confirmed_at__isnull=True).exists()
    assert not flagged.filter(confirmed_at__isnull=False).exists()
    shared = Insight.objects.filter(conversation__is_sample=True, confirmed_at__isnull=False)
    assert shared.count() == Insight.objects.filter(conversation__is_sample=True, personal_data=[]).count() > 0
    assert not shared.filter(confirmed_by__isnull=False).exists()  # by the system, no person
    found = client_for(people[Role.PARTNER]).get("/api/insights/search").json()
    assert found["count"] == shared.count()
    assert {i.pk for i in services.awaiting(Insight, people[Role.OFFICER])} == set(flagged.values_list("pk", flat=True))


# Assets offered as a venue or a link (issue 10, point 3)


@pytest.fixture
def other_partners_draft():
    """A draft person asset of another partner organisation: its name is a person's."""
    other = Organisation.objects.create(name="Tees Valley Housing", kind="housing")
    create_person("other-partner", role=Role.PARTNER, organisation=other)
    return Asset.objects.create(name="Mary Jones, childminder", category="person", partner=other,
                                lsoa=Lsoa.objects.get(code="E01012187", vintage=2011), lsoa_code="E01012187",
                                published=False)


def test_another_partners_draft_asset_is_not_offered_as_a_venue_nor_accepted(people, client_for, other_partners_draft):
    """Issue 10, point 3: draft assets of other partners appeared in a new conversation's venue list."""
    client = client_for(people[Role.PARTNER])
    form = client.get("/insights/conversations/new/").content.decode()
    assert "Mary Jones" not in form
    response = client.post("/insights/conversations/new/", {
        "title": "At Mary's", "kind": "event", "held_on": "2026-11-02", "venue": other_partners_draft.pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Conversation.objects.exists()
    assert "Mary Jones" in client_for(people[Role.OFFICER]).get("/insights/conversations/new/").content.decode()


def test_another_partners_draft_asset_cannot_be_linked_nor_shown_through_an_insight(
        people, client_for, record, other_partners_draft):
    """Issue 10, point 3: such an asset could be linked to an insight, which then showed the name to
    anyone who may read the insight."""
    insight = record(Role.PARTNER, "The childminding network is a lifeline")
    client = client_for(people[Role.PARTNER])
    assert "Mary Jones" not in client.get(f"/insights/{insight.pk}/").content.decode()
    client.post(f"/insights/{insight.pk}/assets/", {"asset": other_partners_draft.pk, "action": "link"})
    assert not insight.assets.exists()
    # Linked by an officer, who may see it: still not shown to those who may not.
    officer = client_for(people[Role.OFFICER])
    assert "Mary Jones" in officer.get(f"/insights/{insight.pk}/").content.decode()
    officer.post(f"/insights/{insight.pk}/assets/", {"asset": other_partners_draft.pk, "action": "link"})
    assert list(insight.assets.all()) == [other_partners_draft]
    for role in (Role.PARTNER, Role.PANEL_MEMBER):
        assert "Mary Jones" not in client_for(people[role]).get(f"/insights/{insight.pk}/").content.decode()
    assert "Mary Jones" in client_for(people[Role.OFFICER]).get(f"/insights/{insight.pk}/").content.decode()
    # A conversation held there: the venue is not named to them either.
    conversation = services.save_conversation(by=people[Role.OFFICER], title="Drop-in", kind="event",
                                              held_on=date(2026, 5, 1), venue=other_partners_draft)
    assert "Mary Jones" not in client_for(people[Role.PARTNER]).get(
        f"/insights/conversations/{conversation.pk}/").content.decode()
