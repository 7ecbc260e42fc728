"""Issue 10 (CSP), in the browser: the policy refuses injected script and style, and the pages that
no other journey visits (sign in, the API docs, reference data loads) run with nothing refused.

Every other browser journey proves its own pages: the `page` fixture fails a test on any violation.
"""
import pytest

from healthyplaces.testing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

INJECT = """() => {
  const script = document.createElement('script')
  script.textContent = 'window.injected = true'
  document.body.appendChild(script)
  document.querySelector('main').insertAdjacentHTML('beforeend', '<p id="styled" style="color: red">red</p>')
  return window.injected === true
}"""


def test_an_injected_inline_script_and_style_are_refused_and_reported(page, csp_violations):
    """Proves the listener works: what the policy refuses reaches csp_violations (then cleared, as expected)."""
    page.goto("/")
    assert page.evaluate(INJECT) is False  # the script did not run
    page.wait_for_function("() => document.querySelector('#styled')")
    assert page.evaluate("getComputedStyle(document.querySelector('#styled')).color") != "rgb(255, 0, 0)"
    for _ in range(50):
        if len({v.split()[0] for v in csp_violations if " refused " in v}) >= 2:
            break
        page.wait_for_timeout(100)
    refused = {v.split()[0] for v in csp_violations if " refused " in v}
    assert {"script-src-elem", "style-src-attr"} <= refused, csp_violations
    csp_violations.clear()


def test_sign_in_api_docs_and_data_loads_run_under_the_policy(page):
    """No violation on the pages no other journey walks: Swagger UI from ninja's own files, sign in,
    and the reference data page (its load is a background job: the indicators journey follows one)."""
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .info")
    sign_in(page, "admin")
    page.goto("/places/data/")
    page.wait_for_selector("button:has-text('Load the reference data again')")
    page.goto("/admin/")
    page.wait_for_selector("#site-name")


def test_the_api_documentation_is_clean_of_moderate_findings_too(page):
    """Issue 11 (left open): axe found Swagger UI's headings out of order on `/api/docs` (a moderate finding)."""
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock-tag[aria-level='2']")
    assert_accessible(page, impacts=("moderate", "serious", "critical"))
    page.click(".swagger-ui .opblock-summary")  # an operation opened: its own headings in order too
    page.wait_for_selector(".swagger-ui .opblock-body")
    assert_accessible(page, impacts=("moderate", "serious", "critical"))
