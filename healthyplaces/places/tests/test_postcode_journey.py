"""Issue 13's browser journey, its postcode step: someone "finds a neighbourhood by postcode", with JavaScript on
(the search answers as they type) and off (the form's plain GET)."""
import re

import pytest

from healthyplaces.testing import REPORT_CSP_VIOLATIONS, assert_accessible

pytestmark = pytest.mark.e2e


def test_a_neighbourhood_is_found_by_postcode_as_it_is_typed(page):
    """Postcodes: the place search finds the LSOA of a postcode typed in any spacing or case."""
    page.goto("/")
    page.fill("#q", "ts18 1aa")
    page.wait_for_selector("#search-result-list a:has-text('TS18 1AA')")
    assert "Postcode in LSOA" in page.locator("#search-result-list li").first.inner_text()
    assert_accessible(page)
    page.click("#search-result-list a:has-text('TS18 1AA')")
    page.wait_for_url(re.compile(r"/places/lsoa/E01033477/"))
    assert_accessible(page)


def test_a_terminated_postcode_says_so_without_javascript(browser, live_site, csp_violations):
    """Postcodes: a terminated postcode is flagged ("terminated in …; its last neighbourhood was …")."""
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    context.expose_function("reportCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.goto("/")
    page.fill("#q", "TS150WY")
    page.click("button:has-text('Search')")
    result = page.locator("#search-result-list li").first.inner_text()
    assert "terminated in June 2008; its last neighbourhood was LSOA" in result and "E01012254" in result
    page.screenshot(path="/tmp/postcode-terminated.png", full_page=True)
    context.close()
    assert not csp_violations
