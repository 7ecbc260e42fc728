"""Issue 11, "One map": every map in the browser, drawn by the one script. With JavaScript on each has a
legend listing its classes, the boundaries' attribution, its areas fitted in view, and a "skip the map"
link to the table with the same figures; with JavaScript off each says so and links to that table."""
import re

import pytest

from healthyplaces.testing import REPORT_CSP_VIOLATIONS, assert_accessible, sign_in
from healthyplaces.indicators.tests.conftest import SAMPLE

pytestmark = pytest.mark.e2e

DECILES = ["1 (most deprived 10%)", "2", "3", "4", "5", "6", "7", "8", "9", "10 (least deprived 10%)"]
GAPS = ["Fewer than 2", "2 to under 4", "4 to under 6", "6 to under 8", "8 or more", "No population figure",
        "High need, few assets"]

# Where the areas drawn sit in the map: inside it, centred, and (for more than one) filling it.
PLACEMENT = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect()
  const rects = [...document.querySelectorAll('#' + id + ' .leaflet-interactive')].map(p => p.getBoundingClientRect())
  const left = Math.min(...rects.map(r => r.left)), right = Math.max(...rects.map(r => r.right))
  const top = Math.min(...rects.map(r => r.top)), bottom = Math.max(...rects.map(r => r.bottom))
  return {
    inside: left >= box.left - 1 && right <= box.right + 1 && top >= box.top - 1 && bottom <= box.bottom + 1,
    off_centre: Math.max(Math.abs((left + right) / 2 - (box.left + box.right) / 2) / box.width,
                         Math.abs((top + bottom) / 2 - (box.top + box.bottom) / 2) / box.height),
    fill: Math.max((right - left) / box.width, (bottom - top) / box.height),
    count: rects.length,
  }
}"""


def assert_map(page, map_id, classes, table_id, shot):
    """The map is drawn with its legend, attribution and fitted bounds; its skip link reaches the table."""
    page.wait_for_selector(f"#{map_id} .leaflet-interactive")
    legend = page.locator(f"#{map_id} + .hp-map-legend li")
    assert legend.all_inner_texts() == classes
    assert "Office for National Statistics" in page.locator(f"#{map_id} .hp-map-attribution").inner_text()
    assert page.locator(f"#{map_id} .hp-map-message").count() == 0
    place = page.evaluate(PLACEMENT, map_id)
    assert place["inside"] and place["off_centre"] < 0.1, place
    if place["count"] > 1:
        assert place["fill"] > 0.5, place
    page.screenshot(path=f"/tmp/maps-{shot}.png", full_page=True)
    assert_accessible(page)
    skip = page.locator(f"a[href='#{table_id}']:has-text('Skip the map')")
    skip.focus()
    assert skip.is_visible()  # hidden until a keyboard reaches it
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"#{table_id}$"))
    assert page.locator(f"#{table_id}").is_visible()


def test_the_area_maps_and_the_neighbourhood_picker(page):
    page.goto("/places/local-authority/E06000004/")
    assert "Index of Multiple Deprivation" in page.locator("#map + .hp-map-legend").inner_text()
    assert_map(page, "map", DECILES, "lsoa-table", "local-authority")
    page.goto("/places/lsoa/E01012187/")
    assert_map(page, "lsoa-map", [page.locator("h1").inner_text() + ": its boundary"], "domains", "lsoa")

    sign_in(page, "officer")
    page.goto("/places/neighbourhoods/new/?authority=E06000004")
    assert_map(page, "map", DECILES, "id_lsoas", "picker")
    page.fill("#id_name", "Maps journey neighbourhood")
    page.check("#lsoa-E01012187")
    page.check("#lsoa-E01012188")
    page.check("#id_published")
    page.click("button:has-text('Save neighbourhood')")
    page.wait_for_url(re.compile(r"/places/neighbourhoods/maps-journey-neighbourhood/"))
    assert_map(page, "map", DECILES, "lsoa-table", "neighbourhood")


SCRIPT_NAME = '"><img src=x onerror="window.__ran=1">'


def test_the_asset_maps_and_a_name_that_is_html_shows_as_text(page):
    """And issue 10, 'stored script in the asset map': a partner names an asset with HTML; hovering it on the
    map shows the name as text and runs nothing."""
    sign_in(page, "partner")
    page.goto("/assets/new/")
    page.fill("#id_name", SCRIPT_NAME)
    page.select_option("#id_category", "association")
    page.fill("#id_latitude", "54.5601")
    page.fill("#id_longitude", "-1.3102")
    page.check("#id_published")
    page.click("button:has-text('Save asset')")
    page.wait_for_url(re.compile(r"/assets/\d+/$"))
    page.goto("/assets/?q=onerror")
    assert_map(page, "asset-map", ["A community asset"], "asset-table", "assets")
    marker = page.locator("#asset-map path.leaflet-interactive")
    assert marker.count() == 1
    marker.hover()
    tooltip = page.locator("#asset-map .leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == SCRIPT_NAME + " (Associations and groups)"
    assert tooltip.locator("img").count() == 0
    page.wait_for_timeout(300)  # time for an image's error handler to have run, had one been made
    assert page.evaluate("() => window.__ran") is None
    page.goto("/assets/gaps/?area=E06000004")
    assert_map(page, "gap-map", GAPS, "gap-table", "gaps")


def test_the_indicator_map(page):
    sign_in(page, "analyst")
    page.goto("/indicators/import/")
    page.check("input[name=kind][value=fingertips]")
    page.set_input_files("#id_file", str(SAMPLE))
    page.select_option("#id_polarity", "low")
    page.click("button:has-text('Check and import')")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))  # the import is a background job; its page shows the result
    page.wait_for_selector(".govuk-panel__title:has-text('Done')")
    page.goto("/indicators/99901/")
    assert_map(page, "indicator-map", ["Better", "Similar", "Worse", "Not compared"], "value-table", "indicator")
    assert page.locator("#indicator-map + .hp-map-legend").inner_text().startswith("Compared with England")


@pytest.fixture
def page_without_js(browser, live_site, csp_violations):
    context = browser.new_context(base_url=live_site, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    context.expose_function("reportCspViolation", lambda text: csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def assert_says_what_to_do_instead(page, map_id, table_id):
    """Without JavaScript the map is a message with a link to the table, not a blank box."""
    message = page.locator(f"#{map_id} .hp-map-message")
    assert message.is_visible()
    assert "needs JavaScript" in message.inner_text()
    link = message.locator("a")
    assert link.get_attribute("href") == f"#{table_id}"
    page.screenshot(path=f"/tmp/maps-nojs-{map_id}.png")
    link.click()
    page.wait_for_url(re.compile(f"#{table_id}$"))
    assert page.locator(f"#{table_id}").is_visible()


@pytest.mark.parametrize("url, map_id, table_id", [
    ("/places/local-authority/E06000004/", "map", "lsoa-table"),
    ("/places/lsoa/E01012187/", "lsoa-map", "domains"),
    ("/assets/?q=no+such+asset+anywhere", "asset-map", "no-assets"),
    ("/assets/gaps/?area=E06000004", "gap-map", "gap-table"),
])
def test_without_javascript_a_map_says_so_and_links_to_its_table(page_without_js, url, map_id, table_id):
    page_without_js.goto(url)
    assert_says_what_to_do_instead(page_without_js, map_id, table_id)


def test_without_javascript_the_picker_neighbourhood_and_indicator_maps_link_to_their_tables(page, page_without_js):
    test_the_indicator_map(page)  # imports the indicator (a second import changes nothing)
    page_without_js.goto("/indicators/99901/")
    assert_says_what_to_do_instead(page_without_js, "indicator-map", "value-table")
    sign_in(page_without_js, "officer")
    page_without_js.goto("/places/neighbourhoods/new/?authority=E06000004")
    assert_says_what_to_do_instead(page_without_js, "map", "id_lsoas")
    page_without_js.fill("#id_name", "Maps journey without JavaScript")
    page_without_js.check("#lsoa-E01012189")
    page_without_js.click("button:has-text('Save neighbourhood')")
    page_without_js.wait_for_url(re.compile(r"/places/neighbourhoods/maps-journey-without-javascript/"))
    assert_says_what_to_do_instead(page_without_js, "map", "lsoa-table")
