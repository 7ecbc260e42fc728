"""Forms in the browser as GOV.UK components (issue 11, "One import framework": a GOV.UK form renderer,
dates as the three-field date input; "Done when": forms work with JavaScript off, axe-core clean).
"""
import re

import pytest

from healthyplaces.testing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

# Each form page, who may open it, and its submit button: shown empty, then with its errors.
FORM_PAGES = [
    ("officer", "/assets/new/", "Save asset"),
    ("officer", "/assets/import/", "Upload and preview"),
    ("officer", "/insights/conversations/new/", "Save the conversation"),
    ("officer", "/insights/communities/new/", "Add the community"),
    ("officer", "/insights/import/", "Upload and choose the columns"),
    ("officer", "/places/neighbourhoods/upload/", "Upload and create"),
    ("officer", "/assessments/start/", "Start"),
    ("analyst", "/indicators/import/", "Check and import"),
    ("applicant", "/assessments/hia/new/", "Continue"),
]


def test_with_javascript_off_a_date_missing_its_year_comes_back_with_the_entries_and_the_error_on_the_box(browser, live_site):
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(120000)  # saving the first conversation loads the personal-data detector in the server
    try:
        sign_in(page, "partner")
        page.goto("/insights/conversations/new/")
        page.fill("#id_title", "Tuesday coffee morning")
        page.check("input[name=kind][value=street]")
        page.fill("#id_held_on_day", "17")
        page.fill("#id_held_on_month", "11")
        page.fill("#id_lsoas", "E01012187")
        page.fill("#id_description", "At the church hall")
        page.click("button:has-text('Save the conversation')")

        summary = page.locator(".govuk-error-summary a")
        assert summary.all_inner_texts() == ["The date must include a year"]
        assert summary.get_attribute("href") == "#id_held_on_year"
        assert "govuk-input--error" in page.get_attribute("#id_held_on_year", "class")
        assert "govuk-input--error" not in page.get_attribute("#id_held_on_day", "class")
        group = page.locator(".govuk-form-group--error", has=page.locator("#id_held_on_year"))
        assert " ".join(group.locator(".govuk-error-message").inner_text().split()) == "Error: The date must include a year"
        fieldset = group.locator("fieldset")
        assert "id_held_on_error" in fieldset.get_attribute("aria-describedby").split()
        assert page.input_value("#id_title") == "Tuesday coffee morning"
        assert page.is_checked("input[name=kind][value=street]")
        assert [page.input_value(f"#id_held_on_{part}") for part in ("day", "month", "year")] == ["17", "11", ""]
        assert page.input_value("#id_lsoas") == "E01012187"
        assert page.input_value("#id_description") == "At the church hall"

        page.fill("#id_held_on_year", "2026")
        page.click("button:has-text('Save the conversation')")
        page.wait_for_url(re.compile(r"/insights/conversations/\d+/$"))
        assert "17 November 2026" in page.locator("main").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("role, url, button", FORM_PAGES)
def test_every_form_page_is_accessible_empty_and_with_its_errors(page, role, url, button):
    page.set_default_timeout(60000)
    sign_in(page, role)
    page.goto(url)
    assert_accessible(page)
    page.click(f"main button:has-text('{button}')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.locator(".govuk-form-group--error").count() >= 1
    assert_accessible(page)
