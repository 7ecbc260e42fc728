"""Issue 13's browser journey, its postcode step without JavaScript: a terminated postcode is flagged. Finding a
neighbourhood by postcode as it is typed is a step of the analyst's journey in one session, in
indicators/tests/test_gap_journey.py."""
import pytest

from healthyplaces.testing import REPORT_CSP_VIOLATIONS

pytestmark = pytest.mark.e2e


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
