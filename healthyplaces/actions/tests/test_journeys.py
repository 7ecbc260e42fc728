"""Issue 14's journey in a real browser: an officer turns a self-assessment next step and an insight into actions
and records progress on one; axe-core on each page."""
import re

import pytest

from healthyplaces.assessments.tests.test_journeys import _complete_durham
from healthyplaces.testing import assert_accessible, command

pytestmark = pytest.mark.e2e


def test_an_officer_makes_actions_from_a_next_step_and_an_insight_and_records_progress(page, live_site, live_site_env):
    command(live_site_env, "insights", "load-sample")
    _complete_durham(page, "officer", "Actions journey team", [2, 3, 2, 4, 3, 2])
    page.click("text=Actions raised")
    assert_accessible(page)
    page.click("#actions a:has-text('Make this an action') >> nth=0")
    page.wait_for_url(re.compile(r"/actions/new/\?rating=\d+$"))
    assert_accessible(page)
    assert page.input_value("#id_title") == "Actions journey team: next step for p1"
    page.fill("#id_lead", "Wellbeing lead")
    page.fill("#id_due_date_day", "31")
    page.fill("#id_due_date_month", "3")
    page.fill("#id_due_date_year", "2027")
    page.click("button:has-text('Save the action')")
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    assert_accessible(page)
    assert "Next step for" in page.locator("#action-source").inner_text()
    page.click("#record-progress")
    assert_accessible(page)
    page.fill("#id_text", "Held the first residents' meeting")
    page.fill("#id_on_day", "20")
    page.fill("#id_on_month", "11")
    page.fill("#id_on_year", "2026")
    page.check("input[name=status][value=on_track]")
    page.fill("#id_evidence", "https://example.org/minutes Minutes of the meeting")
    page.click("button:has-text('Record progress')")
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    assert "Held the first residents' meeting" in page.locator("#progress-updates").inner_text()
    assert page.locator("#action-status").inner_text().startswith("On track")
    assert_accessible(page)

    page.goto("/insights/?q=park")
    insight_url = page.locator("#results a[href^='/insights/']").first.get_attribute("href")
    page.goto(insight_url, timeout=60000)  # the insight's page looks for similar insights: slow on a busy machine
    page.click("#make-action")
    assert_accessible(page)
    page.fill("#id_title", "Better lighting in the park")
    page.click("button:has-text('Save the action')")
    page.wait_for_url(re.compile(r"/actions/\d+/$"))
    assert "Insight" in page.locator("#action-source").inner_text()
    page.goto(insight_url)
    assert "Better lighting in the park" in page.locator("#actions-made").inner_text()

    page.goto("/actions/?overdue=&status=on_track")
    assert_accessible(page)
    assert "Actions journey team: next step for p1" in page.locator("#action-table").inner_text()
