"""Issue 15's journeys in a real browser, axe-core on each page: a community group applies to a call-out (a budget
that does not add up is refused with what was typed kept, then fixed and submitted); a panel member declares a
conflict, the application leaves their list, and they score another."""
import re

import pytest

from healthyplaces.testing import assert_accessible, command, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def sample_fund(live_site_env):
    command(live_site_env, "grants", "load-sample", "--panel-member", "panel_member-person")  # once, however often run


def test_a_community_group_applies_to_a_call_out(page, sample_fund):
    sign_in(page, "partner")
    page.goto("/grants/")
    assert_accessible(page)
    page.click("a:has-text('Tackling loneliness and social isolation')")
    page.wait_for_url(re.compile(r"/grants/call-outs/sample-north-loneliness/$"))
    assert "Who may apply" in page.inner_text("#call-out-facts")
    assert_accessible(page)
    page.click("text=Apply now")
    assert_accessible(page)
    page.get_by_label("An unregistered community group (no charity or company number needed)").check()
    page.fill("#id_applicant_name", "Desborough Chatty Café")
    page.fill("#id_contact_name", "Pat Example")
    page.fill("#id_title", "A chatty café on Saturdays")
    page.fill("#id_q_need", "People at the bus stop said they go days without talking to anyone.")
    page.fill("#id_q_people", "35")
    page.get_by_label("Volunteers").check()
    page.fill("#id_amount", "1200")
    page.fill("#id_item_0", "Café hire")
    page.fill("#id_cost_0", "800")
    page.fill("#id_item_1", "Cakes and tea")
    page.fill("#id_cost_1", "300")
    page.click("button:has-text('Submit application')")
    summary = page.inner_text(".govuk-error-summary")
    assert "Your budget lines add up to £1,100.00 but you asked for £1,200.00" in summary
    assert page.input_value("#id_applicant_name") == "Desborough Chatty Café"
    assert page.input_value("#id_cost_1") == "300"
    assert_accessible(page)
    page.fill("#id_cost_1", "400")
    page.click("button:has-text('Submit application')")
    page.wait_for_url(re.compile(r"/grants/applications/\d+/$"))
    assert page.inner_text("#application-status") == "Submitted"
    assert "£1,200.00" in page.inner_text("main")
    assert_accessible(page)
    page.goto("/grants/applications/")
    assert "A chatty café on Saturdays" in page.inner_text("#applications")
    assert_accessible(page)


def test_a_panel_member_declares_a_conflict_and_scores_the_others(page, sample_fund):
    sign_in(page, "panel_member")
    page.goto("/grants/panels/")
    assert_accessible(page)
    page.click("#panels-sat-on a")
    assert_accessible(page)
    rows = page.locator("#panel-applications tbody tr")
    conflicted = rows.filter(has_text="Knit and natter mornings")
    conflicted.locator("a").first.click()
    assert_accessible(page)
    page.click("text=Declare a conflict of interest")
    assert_accessible(page)
    page.fill("#id_reason", "I am the group's treasurer")
    page.click("button:has-text('Declare the conflict')")
    page.wait_for_url(re.compile(r"/grants/panels/\d+/$"))
    assert "Knit and natter mornings" not in page.inner_text("#panel-applications")
    assert "I am the group's treasurer" in page.inner_text("#declared-conflicts")
    assert_accessible(page)

    page.locator("#panel-applications tbody tr").filter(has_text="Shed sessions for men living alone").locator("a").first.click()
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.locator("textarea").first.fill("Clear need, heard from the men themselves")
    page.click("button:has-text('Save your scores')")
    page.wait_for_url(re.compile(r"/grants/panels/\d+/$"))
    row = page.locator("#panel-applications tbody tr").filter(has_text="Shed sessions for men living alone")
    assert "Scored" in row.inner_text()
    assert_accessible(page)
