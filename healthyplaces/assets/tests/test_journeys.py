"""Browser journey: a partner imports a file with a duplicate, an officer merges it, and a member of the
public finds the asset near a neighbourhood. Every page is checked with axe-core."""
import re

import pytest

from healthyplaces.testing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

IMPORT = (
    "name,category,address,postcode,phone,email,latitude,longitude,themes,published\n"
    "Portrack Comm. Ctr,space,14 Portrack Ln,TS18 2PP,01642 555010,,54.5712,-1.3050,X_built_environment,yes\n"
    "Portrack Knit and Natter,association,14 Portrack Lane,TS18 2PP,01642 555010,,54.5712,-1.3050,L2_social_community,yes\n"
    "Moon base,spaceship,,TS18 2PP,,,54.57,-1.30,,yes\n"
)


def test_import_merge_and_find_near_a_neighbourhood(page, browser, live_site):
    # An officer records the community centre and makes a published neighbourhood around it.
    sign_in(page, "officer")
    page.goto("/assets/new/")
    assert_accessible(page)
    page.fill("#id_name", "Portrack Community Centre")
    page.select_option("#id_category", "space")
    page.fill("#id_address", "14 Portrack Lane")
    page.fill("#id_postcode", "TS18 2PP")
    page.fill("#id_latitude", "54.5712")
    page.fill("#id_longitude", "-1.3050")
    page.fill("#id_phone", "01642 555010")
    page.check("input[name=themes][value=X_built_environment]")
    page.check("#id_published")
    page.click("button:has-text('Save asset')")
    page.wait_for_url(re.compile(r"/assets/\d+/$"))
    assert page.locator("h1").inner_text() == "Portrack Community Centre"
    assert_accessible(page)
    page.goto("/places/neighbourhoods/upload/")
    page.fill("#id_name", "Assets journey: Stockton town centre")
    page.check("#id_published")
    page.set_input_files("#id_file", files=[{"name": "hood.csv", "mimeType": "text/csv",
                                             "buffer": b"lsoa_code\nE01012266\n"}])
    page.click("button:has-text('Upload and create')")
    page.wait_for_url(re.compile(r"/places/neighbourhoods/assets-journey"))

    # A partner imports a file holding the same centre under another name: the preview flags it.
    partner = browser.new_context(base_url=live_site).new_page()
    sign_in(partner, "partner")
    partner.goto("/assets/")
    partner.click("text=Import a file")
    assert_accessible(partner)
    partner.set_input_files("#id_file", files=[{"name": "catalyst.csv", "mimeType": "text/csv", "buffer": IMPORT.encode()}])
    partner.click("button:has-text('Upload and preview')")
    partner.wait_for_url(re.compile(r"/assets/import/[0-9a-f-]+/$"))
    assert partner.locator("#count-new").inner_text() == "1"
    assert partner.locator("#count-duplicate").inner_text() == "1"
    assert partner.locator("#count-invalid").inner_text() == "1"
    assert "catalyst.csv, line 4: unknown category 'spaceship'" in partner.locator("#problems").inner_text()
    assert "Portrack Community Centre" in partner.locator("#duplicates").inner_text()
    assert_accessible(partner)
    partner.click("button:has-text('Save these assets')")
    partner.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))  # the worker saves them; the job's page follows it
    partner.wait_for_selector(".govuk-panel__title:has-text('Done')")
    assert re.search(r"New assets\s+1", partner.locator("#job-counts").inner_text())
    assert_accessible(partner)
    partner.click("text=See the community assets")
    partner.wait_for_url(re.compile(r"/assets/$"))
    partner.context.close()

    # The officer reviews the pair and merges it, keeping the council's record as the main one.
    page.goto("/assets/duplicates/")
    assert_accessible(page)
    row = page.locator("#duplicate-table tbody tr", has_text="Portrack Comm. Ctr")
    row.locator("a:has-text('Compare')").click()
    assert_accessible(page)
    page.check("#decision-first" if "Portrack Community Centre" in page.locator("#compare tbody tr").first.locator("td").first.inner_text()
               else "#decision-second")
    page.click("button:has-text('Confirm')")
    page.wait_for_url(re.compile(r"/assets/\d+/$"))
    assert page.locator("h1").inner_text() == "Portrack Community Centre"
    sources = page.locator("#sources").inner_text()
    assert "Catalyst Stockton" in sources and "Stockton-on-Tees Borough Council" in sources and "catalyst.csv, line 2" in sources
    assert_accessible(page)

    # A member of the public, not signed in, finds it near the neighbourhood, nearest first.
    public = browser.new_context(base_url=live_site).new_page()
    public.goto("/")
    public.click(".govuk-service-navigation__link:has-text('Community assets')")
    public.wait_for_selector("#asset-map")
    assert_accessible(public)
    public.fill("#id_near", "Assets journey: Stockton town centre")
    public.select_option("#id_radius", "2")
    public.click("#filters button:has-text('Search')")
    public.wait_for_url(re.compile(r"near="))
    public.wait_for_selector("#asset-map path.leaflet-interactive")
    names = public.locator("#asset-table tbody td:first-child").all_inner_texts()
    assert "Portrack Community Centre" in names and "Portrack Comm. Ctr" not in names
    assert "Portrack Knit and Natter" in names
    assert "nearest first" in public.locator("#asset-table caption").inner_text()
    assert_accessible(public)
    public.click("#asset-table a:has-text('Portrack Community Centre')")
    assert public.locator("h1").inner_text() == "Portrack Community Centre"
    assert "01642 555010" in public.locator("#asset-details").inner_text()
    assert_accessible(public)
    public.context.close()


def test_gap_analysis_page_and_profile(page):
    page.goto("/assets/gaps/?area=E06000004")
    page.wait_for_selector("#gap-map path.leaflet-interactive")
    assert page.locator("#gap-table tbody tr").count() == 120
    assert_accessible(page)
    with page.expect_download() as download:
        page.click("text=Download the gap analysis as CSV")
    assert download.value.suggested_filename == "asset-gaps-E06000004.csv"
    page.goto("/places/local-authority/E06000004/")
    assert page.locator("#community-assets").count() == 1
    assert_accessible(page)
