"""Journeys in headless Chromium against a running server, each page checked with axe-core."""
import re

import pytest

from healthyplaces.testing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_find_a_place_from_the_home_page(page):
    page.goto("/")
    assert_accessible(page)
    page.fill("#q", "Stockton-on-Tees")
    page.keyboard.press("Enter")
    page.click("#search-result-list a:has-text('Stockton-on-Tees')")
    page.wait_for_url(re.compile(r"/places/local-authority/E06000004/"))
    assert page.locator("h1").inner_text() == "Stockton-on-Tees"


def test_local_authority_page_filters_pages_maps_and_downloads(page):
    page.goto("/places/local-authority/E06000004/")
    page.wait_for_selector(".hp-map path.leaflet-interactive")
    assert page.locator(".hp-map path.leaflet-interactive").count() == 120
    assert_accessible(page)
    page.check("#decile-1")
    page.click("#filters button:has-text('Apply')")
    deciles = page.locator("#lsoa-table tbody td:nth-child(4)").all_inner_texts()
    assert deciles and set(deciles) == {"1"}
    page.goto("/places/local-authority/E06000004/")
    page.click(".govuk-pagination__next a")
    page.wait_for_url(re.compile(r"page=2"))
    with page.expect_download() as download:
        page.click("text=Download these LSOAs as CSV")
    assert download.value.suggested_filename.endswith(".csv")


def test_lsoa_profile_and_edition_choice(page):
    page.goto("/places/lsoa/E01026968/")
    assert "Corby 006G" in page.locator("h1").inner_text()
    assert "440" in page.locator("#domains tbody tr").first.inner_text()
    page.wait_for_selector("#lsoa-map path.leaflet-interactive")
    assert_accessible(page)
    page.select_option("#edition", "2025")
    page.click("button:has-text('Show')")
    assert "1,264" in page.locator("#domains tbody tr").first.inner_text()


def test_an_officer_makes_a_neighbourhood_on_the_map_and_everyone_sees_it(page, browser, live_site):
    sign_in(page, "officer")
    page.goto("/places/neighbourhoods/new/")
    assert_accessible(page)
    page.select_option("#authority", "E06000004")
    page.click("button:has-text('Show its LSOAs')")
    page.wait_for_selector(".hp-map path.leaflet-interactive")
    page.fill("#id_name", "Stockton town centre and Portrack")
    page.check("#lsoa-E01012187")
    # Click an LSOA on the map: it ticks its box.
    before = page.locator("input[name=lsoas]:checked").count()
    page.locator(".hp-map path.leaflet-interactive").nth(5).click(force=True)
    assert page.locator("input[name=lsoas]:checked").count() == before + 1
    page.check("#id_published")
    assert_accessible(page)
    page.click("button:has-text('Save neighbourhood')")
    page.wait_for_url(re.compile(r"/places/neighbourhoods/stockton-town-centre-and-portrack/"))
    assert "2 LSOAs" in page.locator("#lsoa-table caption").inner_text()
    assert_accessible(page)

    public = browser.new_context(base_url=live_site).new_page()
    public.goto("/places/neighbourhoods/")
    public.click("text=Stockton town centre and Portrack")
    assert public.locator("h1").inner_text() == "Stockton town centre and Portrack"
    public.context.close()


def test_a_partner_cannot_make_neighbourhoods(page):
    sign_in(page, "partner")
    response = page.goto("/places/neighbourhoods/new/")
    assert response.status == 403
    assert_accessible(page)


def test_sign_in_errors_and_the_audit_log(page):
    page.goto("/account/sign-in/")
    assert_accessible(page)
    page.fill("#id_username", "admin-person")
    page.fill("#id_password", "wrong")
    page.click("button:has-text('Sign in')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    sign_in(page, "admin")
    page.goto("/account/audit/")
    assert page.locator("#audit-events").is_visible()
    assert_accessible(page)


def test_an_analyst_uploads_a_neighbourhood_then_changes_it(page):
    sign_in(page, "analyst")
    page.goto("/places/neighbourhoods/upload/")
    assert_accessible(page)
    page.fill("#id_name", "Norton")
    page.set_input_files("#id_file", files=[{"name": "bad.csv", "mimeType": "text/csv",
                                             "buffer": b"lsoa_code\nE01012194\nE01999999\n"}])
    page.click("button:has-text('Upload and create')")
    assert "line 3: no LSOA has the code E01999999" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.set_input_files("#id_file", files=[{"name": "norton.csv", "mimeType": "text/csv",
                                             "buffer": b"lsoa_code\nE01012194\nE01012195\n"}])
    page.click("button:has-text('Upload and create')")
    page.wait_for_url(re.compile(r"/places/neighbourhoods/norton/"))
    page.click("text=Change this neighbourhood")
    page.wait_for_selector("#lsoa-E01012194:checked")
    assert_accessible(page)
    page.uncheck("#lsoa-E01012195")
    page.click("button:has-text('Save neighbourhood')")
    page.wait_for_url(re.compile(r"/places/neighbourhoods/norton/$"))
    assert "1 LSOA," in page.locator("#lsoa-table caption").inner_text()
