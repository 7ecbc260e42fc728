"""The administrator's answer to "who saw this person's data", in headless Chromium with axe-core (issue 10)."""
import pytest

from healthyplaces.testing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_an_administrator_finds_who_saw_a_persons_data_from_the_audit_log(page):
    sign_in(page, "officer")  # a sign-in is recorded against the officer's account
    page.context.clear_cookies()
    sign_in(page, "admin")
    page.goto("/account/audit/")
    page.click("a:has-text('who saw this person')")
    assert_accessible(page)
    page.fill("#identifier", "officer-person")
    page.click("button:has-text('Search')")
    assert page.locator("#records").inner_text().count("accounts.User") == 1
    assert "Signed in" in page.locator("#who-saw-events").inner_text()
    assert page.locator("#identifier").input_value() == "officer-person"
    assert_accessible(page)
    with page.expect_download() as download:
        page.click("button:has-text('Download the events as CSV')")
    assert download.value.suggested_filename == "who-saw.csv"
