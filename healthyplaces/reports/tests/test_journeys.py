"""Issue 14's journey for reports, in headless Chromium against a running server, each page checked with axe-core:
an officer builds the "We said, we did" appendix of the Stockton demo actions and downloads its PDF."""
import re
from pathlib import Path

import pytest

from healthyplaces.testing import assert_accessible, command, sign_in

from .test_we_said_we_did import pdf_text, words

pytestmark = pytest.mark.e2e


def test_an_officer_builds_the_appendix_follows_its_build_and_downloads_the_pdf(page, live_site_env):
    command(live_site_env, "actions", "load-strategies")
    command(live_site_env, "actions", "load-sample")
    sign_in(page, "officer")
    page.goto("/")
    page.click(".govuk-service-navigation a:has-text('Reports')")
    page.wait_for_url(re.compile(r"/reports/$"))
    assert_accessible(page)
    page.click("text=Build a report")
    page.check("input[value='we-said-we-did']")
    page.click("button:has-text('Build the report')")
    assert "Give the year" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("input[value='we-said-we-did']").is_checked()  # kept
    assert_accessible(page)
    page.fill("#id_year", "2024")
    page.click("button:has-text('Build the report')")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert_accessible(page)
    page.click("text=Read the report and download it")
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    assert_accessible(page)
    with page.expect_download() as download:
        page.click("text=Download the PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    text = pdf_text(Path(download.value.path()).read_bytes())
    table = text[:text.index("By focus area")]
    starts = [table.index(f"{number}. ") for number in range(1, 15)]
    assert starts == sorted(starts)
    assert words("1. Adopt Population Intervention Triangle (PIT) approach") in table
    assert words("14. Embed the PIT approach in a logic model to monitor the HWS") in table
    page.click("text=Read the report as a web page")
    assert page.locator("h1").inner_text().startswith("We said, we did")
    assert_accessible(page)
