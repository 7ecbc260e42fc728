"""An officer's journey in headless Chromium: record a conversation with three insights (one with a
phone number, which is flagged), confirm them for sharing in the queue (correcting the flagged one),
search, find similar insights, and see whose voice is missing for a neighbourhood. Every page is
checked with axe-core."""
import re
import uuid

import pytest

from healthyplaces.testing import assert_accessible, sign_in
from healthyplaces.insights import embeddings

pytestmark = pytest.mark.e2e

INSIGHTS = [
    ("The last bus from the town centre leaves before the late shift ends", "barrier", "X_built_environment"),
    ("Damp and black mould in rented flats are making children cough", "need", "L3_housing"),
    ("Please ring Maureen back on 07700 900461 about the lunch club", "strength", "L2_social_community"),
]


def test_an_officer_records_searches_finds_similar_and_sees_missing_voices(page):
    # The first insight saved loads the embedding model and the personal-data detector in the server.
    page.set_default_timeout(120000)
    sign_in(page, "officer")
    name = f"Insights journey {uuid.uuid4().hex[:6]}"
    page.goto("/places/neighbourhoods/new/")
    page.fill("#id_name", name)
    page.check("#id_published")
    page.fill("#id_pasted", "E01012187 E01012188")
    page.click("button:has-text('Save neighbourhood')")
    page.wait_for_url(re.compile(r"/places/neighbourhoods/insights-journey-"))
    slug = page.url.rstrip("/").split("/")[-1]

    page.goto("/insights/")
    assert_accessible(page)
    page.click("text=Record a conversation")
    assert_accessible(page)
    page.fill("#id_title", "Market day conversations")
    page.check("input[name=kind][value=street]")
    page.fill("#id_held_on_day", "20")
    page.fill("#id_held_on_month", "11")
    page.fill("#id_held_on_year", "2026")
    page.select_option("#id_neighbourhood", slug)
    page.fill("#id_run_by", "Two community connectors")
    page.fill("#id_participants", "23")
    page.check("input[name=communities][value=older-people-60-plus]")
    page.click("button:has-text('Save the conversation')")
    page.wait_for_url(re.compile(r"/insights/conversations/\d+/$"))
    assert_accessible(page)
    # The insight form carries the conversation's place and communities.
    assert page.locator("#id_neighbourhood").input_value() == slug
    assert page.locator("input[name=communities][value=older-people-60-plus]").is_checked()

    for summary, kind, theme in INSIGHTS:
        page.fill("#id_summary", summary)
        page.check(f"input[name=kind][value={kind}]")
        page.check(f"input[name=themes][value={theme}]")
        page.click("button:has-text('Save the insight')")
        page.wait_for_selector(".govuk-notification-banner")
    banner = page.locator(".govuk-notification-banner").all_inner_texts()
    assert any("a phone number" in text for text in banner)
    assert page.locator(".hp-insight").count() == 3
    flagged = page.locator(".hp-insight", has=page.locator(".hp-flagged"))
    assert flagged.count() == 1 and "07700 900461" in flagged.inner_text()
    assert page.locator(".hp-not-shared").count() == 3
    assert_accessible(page)

    # Nothing is shared beyond the council until confirmed: the queue, linked from the insights home.
    conversation_url = page.url.split("#")[0]
    page.goto("/insights/")
    page.click("#queue-link")
    page.wait_for_selector("#queue-form")
    assert_accessible(page)
    item = page.locator(".hp-queue-item", has_text="Market day conversations")
    item.locator("input[name=conversation]").check()
    for summary, _, _ in INSIGHTS[:2]:
        page.locator(".hp-queue-item", has_text=summary).locator("input[name=insight]").check()
    page.click("button:has-text('Confirm what is ticked')")
    page.wait_for_selector(".govuk-notification-banner")
    assert "Confirmed 3" in page.locator(".govuk-notification-banner").inner_text()
    # The flagged one: correct the shared text, then confirm it.
    flagged = page.locator(".hp-queue-item", has_text="Maureen")
    assert flagged.locator(".hp-shared").inner_text().count("[phone number]") == 1
    flagged.locator("a:has-text('Correct')").click()
    page.wait_for_selector("#id_summary_redacted")
    assert_accessible(page)
    page.fill("#id_summary_redacted", "Please ring [name] back on [phone number] about the lunch club")
    page.click("button:has-text('Confirm: this is safe to share')")
    page.wait_for_url(re.compile(r"/insights/confirm/$"))
    assert "Redaction confirmed" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(".hp-queue-item", has_text="Market day conversations").count() == 0
    page.goto(conversation_url)
    assert page.locator(".hp-not-shared").count() == 0
    assert "Other organisations see this conversation" in page.locator("#sharing-status").inner_text()

    page.goto("/insights/")
    page.fill("#id_q", "mould")
    page.fill("#id_area", name)
    page.click("#insight-filters button:has-text('Search')")
    assert "1 insight in" in page.locator("#result-count").inner_text()
    assert "black mould" in page.locator("#results").inner_text()
    assert_accessible(page)

    page.click("#results a:has-text('A need')")
    page.wait_for_selector("#similar")
    if embeddings.available():  # the server runs in the same environment
        similar = page.locator("#similar ~ .hp-insight").all_inner_texts()
        assert len(similar) >= 2 and any("bus" in text or "07700" in text or "lunch" in text for text in similar)
    else:
        assert "not available on this platform yet" in page.locator("#similar-unavailable").inner_text()
        assert page.locator("#similar-unavailable-reason").count() == 0  # the reason is for administrators
    assert_accessible(page)

    page.goto(f"/insights/areas/{slug}/")
    table = page.locator("#voices-table").inner_text()
    assert "Older people (60 and over)" in table and "Sex workers" in table
    heard = page.locator("#voices-table tr:has(.govuk-tag--green)").all_inner_texts()
    assert any("Older people (60 and over)" in row for row in heard)  # the conversation's community
    # six of the taxonomy's communities are unheard; a sample another journey loads into the same server adds more
    assert page.locator("#voices-table .govuk-tag--red").count() >= 6
    assert_accessible(page)


def _record_with_themes_in_view(page, title):
    """Record a conversation, then an insight whose themes are ticked without opening anything first."""
    page.goto("/insights/conversations/new/")
    page.fill("#id_title", title)
    page.check("input[name=kind][value=workshop]")
    page.fill("#id_held_on_day", "21")
    page.fill("#id_held_on_month", "11")
    page.fill("#id_held_on_year", "2026")
    page.fill("#id_lsoas", "E01012187")
    page.click("button:has-text('Save the conversation')")
    page.wait_for_url(re.compile(r"/insights/conversations/\d+/$"))
    conversation_url = page.url
    assert page.locator("details input[name=themes][value=L3_housing]").count() == 0  # not hidden in a closed section
    assert page.locator("input[name=themes][value=L3_housing]").is_visible()
    page.fill("#id_summary", "Tenants wait months for repairs to damp flats")
    page.check("input[name=kind][value=barrier]")
    page.check("input[name=themes][value=L3_housing]")
    page.click("button:has-text('Save the insight')")
    page.wait_for_selector(".govuk-notification-banner")
    page.goto(conversation_url)
    page.click(".hp-insight a:has-text('A barrier')")
    page.wait_for_url(re.compile(r"/insights/\d+/$"))
    assert "Housing" in page.locator("main").inner_text()
    page.goto(page.url + "edit/")  # the form that corrects it shows the themes open too, the chosen one ticked
    assert page.locator("input[name=themes][value=L3_housing]").is_visible() and page.locator("input[name=themes][value=L3_housing]").is_checked()


def test_themes_are_in_view_when_recording_an_insight_with_javascript_on_and_off(page, browser, live_site, csp_violations):
    """Issue 11, a first-time user's pages: themes were hidden in a closed section, so insights were
    saved without them. The record and correction forms show them open, with JavaScript on and off."""
    sign_in(page, "partner")
    _record_with_themes_in_view(page, f"Themes in view {uuid.uuid4().hex[:6]}")
    assert_accessible(page)
    page.screenshot(path="/tmp/insights-themes-js-on.png", full_page=True)

    from healthyplaces.testing import REPORT_CSP_VIOLATIONS

    context = browser.new_context(base_url=live_site, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.expose_function("reportCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    without = context.new_page()
    try:
        sign_in(without, "partner")
        _record_with_themes_in_view(without, f"Themes without JavaScript {uuid.uuid4().hex[:6]}")
        without.screenshot(path="/tmp/insights-themes-js-off.png", full_page=True)
    finally:
        context.close()
