"""Issue 12, survey exports in the browser: a partner uploads a Windows-1252 export in the Santa Monica
layout (see test_survey_exports.py), chooses the columns, sees a choice shown again with its error,
previews and imports, with JavaScript on and off. Every page is checked with axe-core."""
import re
import uuid

import pytest

from healthyplaces.testing import REPORT_CSP_VIOLATIONS, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

EXPORT = ("Survey Year,Fullstring,Category 1,Sub-category 1\n"
          "2015,\"More benches by the caf\u00e9 \u2013 and shade, please\",Community,Green space\n"
          "2015,-Decrease the rent and add more parking near the shops,Housing,Rent\n"
          "2015,,,\n").encode("cp1252")


def _import_a_survey(page, title, screenshot, javascript=True):
    check = assert_accessible if javascript else (lambda page: None)  # axe-core needs JavaScript
    page.goto("/insights/conversations/new/")
    page.fill("#id_title", title)
    page.check("input[name=kind][value=survey]")
    page.fill("#id_held_on_day", "1")
    page.fill("#id_held_on_month", "10")
    page.fill("#id_held_on_year", "2026")
    page.fill("#id_lsoas", "E01012187")
    page.click("button:has-text('Save the conversation')")
    page.wait_for_url(re.compile(r"/insights/conversations/\d+/$"))

    page.goto("/insights/import/")
    page.select_option("#id_conversation", label=title)
    page.set_input_files("#id_file", files=[{"name": "open-ended.csv", "mimeType": "text/csv", "buffer": EXPORT}])
    page.click("main button:has-text('Upload and choose the columns')")
    page.wait_for_selector("#file-encoding")
    assert page.inner_text("#file-encoding") == "Read as Windows-1252; 4 columns."
    assert page.input_value("#id_column_1") == "answer" and page.input_value("#id_column_0") == "ignore"
    check(page)
    # No kind chosen, and the answer column set aside: the choices come back with the errors.
    page.select_option("#id_column_1", "ignore")
    page.select_option("#id_column_2", "themes")
    page.click("main button:has-text('Preview with these choices')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Choose at least one column that holds answer text." in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_column_2") == "themes" and page.input_value("#id_column_1") == "ignore"
    check(page)
    page.select_option("#id_column_1", "answer")
    page.select_option("#id_column_2", "ignore")
    page.select_option("#id_kind", "idea")
    page.click("main button:has-text('Preview with these choices')")
    page.wait_for_selector("#preview")
    assert page.inner_text("#preview") == "Preview: 2 insights from open-ended.csv"
    assert "open-ended.csv, line 4: no answer: every answer column is empty" in page.inner_text("#line-problems")
    assert "More benches by the café – and shade, please" in page.inner_text("#preview-table")
    check(page)
    page.screenshot(path=screenshot, full_page=True)
    page.click("main button:has-text('Import 2 insights')")
    page.wait_for_selector("text=Imported 2 insights from open-ended.csv. 1 line with problems was left out.")
    page.click("text=See the conversation")
    page.wait_for_url(re.compile(r"/insights/conversations/\d+/$"))
    assert "-Decrease the rent and add more parking near the shops" in page.locator("main").inner_text()


def test_a_partner_imports_a_survey_export_choosing_its_columns_with_javascript_on(page):
    page.set_default_timeout(120000)  # the first import loads the personal-data detector in the server
    sign_in(page, "partner")
    _import_a_survey(page, f"Wellbeing survey {uuid.uuid4().hex[:6]}", "/tmp/survey-columns-js-on.png")


def test_a_partner_imports_a_survey_export_choosing_its_columns_with_javascript_off(browser, live_site, csp_violations):
    context = browser.new_context(base_url=live_site, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.expose_function("reportCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(120000)
    try:
        sign_in(page, "partner")
        _import_a_survey(page, f"Wellbeing survey, no JavaScript {uuid.uuid4().hex[:6]}", "/tmp/survey-columns-js-off.png",
                         javascript=False)
    finally:
        context.close()
    assert not csp_violations
