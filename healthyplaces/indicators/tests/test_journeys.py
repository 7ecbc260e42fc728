"""Journeys in headless Chromium: an analyst imports a Fingertips export and reads the indicator page;
anyone reads the life expectancy gap from the ONS deaths and populations (loaded by load-mortality)."""
import re

import pytest

from healthyplaces.testing import assert_accessible, sign_in

from .conftest import SAMPLE

pytestmark = pytest.mark.e2e


def test_an_analyst_imports_a_fingertips_export_and_sees_the_indicator_page(page):
    sign_in(page, "analyst")
    page.goto("/indicators/import/")
    assert_accessible(page)
    page.check("input[name=kind][value=fingertips]")
    page.set_input_files("#id_file", str(SAMPLE))
    page.select_option("#id_polarity", "low")
    page.click("button:has-text('Check and import')")
    # The worker writes the file as a background job; its page follows it (htmx) to the result.
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert "Import fingertips_sample.csv" in page.locator("h1").inner_text()
    page.wait_for_selector(".govuk-panel__title:has-text('Done')")
    assert "Imported fingertips_sample.csv" in page.locator(".govuk-panel__body").inner_text()
    assert_accessible(page)
    page.click("text=See the indicators")
    page.wait_for_url(re.compile(r"/indicators/$"))
    page.click("#indicator-list a:has-text('Emergency hospital admissions')")
    page.wait_for_url(re.compile(r"/indicators/99901/"))
    assert "Emergency hospital admissions" in page.locator("h1").inner_text()
    assert page.locator("#value-table tbody tr").count() == 30
    page.wait_for_selector("#indicator-map path.leaflet-interactive")
    assert_accessible(page)
    # Sorted by value, lowest first; the heading sorts highest first, then by name.
    page.click("#value-table thead a:has-text('Value')")
    page.wait_for_url(re.compile(r"order=desc"))
    values = [float(v) for v in page.locator("#value-table tbody td:nth-child(3)").all_inner_texts()]
    assert values == sorted(values, reverse=True)
    page.click("#value-table thead a:has-text('Area')")
    page.wait_for_url(re.compile(r"sort=name"))
    names = page.locator("#value-table tbody th").all_inner_texts()
    assert names == sorted(names)
    assert {"Better", "Worse"} <= set(page.locator("#value-table tbody .hp-compare").all_inner_texts())
    assert page.locator("#trend-table tbody tr").count() == 3
    assert "Slope index of inequality" in page.locator("#inequality-deciles caption").inner_text()
    # Compare with Stockton-on-Tees instead of England.
    page.select_option("#id_comparator", "E06000004")
    page.click("#slice button:has-text('Show')")
    assert "Stockton-on-Tees" in page.locator("#benchmark").inner_text()
    # A file wrong as a whole (a row twice) lists its bad lines and saves nothing.
    page.goto("/indicators/import/")
    page.set_input_files("#id_file", {"name": "bad.csv", "mimeType": "text/csv",
                                      "buffer": SAMPLE.read_bytes() + SAMPLE.read_bytes().splitlines(True)[1]})
    page.click("button:has-text('Check and import')")
    assert "bad.csv, line 107: duplicate row" in page.locator("#import-problems").inner_text()
    assert_accessible(page)


def test_the_life_expectancy_gap_page(page):
    page.goto("/indicators/")
    page.click("#life-expectancy-link")
    page.wait_for_url(re.compile(r"/indicators/life-expectancy/"))
    assert_accessible(page)
    page.select_option("#id_period", "2013-2015")
    page.click("#le-choice button:has-text('Show')")
    page.wait_for_url(re.compile(r"period=2013-2015"))
    assert page.locator("#le-deciles-male tbody tr").count() == 10
    assert page.locator("#le-quintiles-female tbody tr").count() == 5
    gap = float(page.locator("#summary-male .hp-gap").inner_text())
    assert 8.5 < gap < 10
    assert "95% CI" in page.locator("#summary-male").inner_text()
    assert float(page.locator("#summary-female .hp-sii").inner_text()) > 5
    page.select_option("#id_period", "2001")
    page.click("#le-choice button:has-text('Show')")
    assert "2001" in page.locator("#sex-male").inner_text()
    assert_accessible(page)


def test_an_analyst_imports_a_county_file_with_a_bad_line_and_reads_the_counties(page, tmp_path):
    """Issue 12, Fingertips: a 2015-layout County & UA export with one unknown area code imports the rest; the
    job's page lists the line left out and links to the counties, former ones saying what succeeded them."""
    from .test_fingertips_layouts import ROWS, fingertips_file

    rows = list(ROWS)
    rows[3] = ("E10999999", *rows[3][1:])  # Cumbria's line, the fourth record: lines 8-9 of the file
    path = tmp_path / "campylobacter.csv"
    path.write_bytes(fingertips_file("2015", rows))
    sign_in(page, "analyst")
    page.goto("/indicators/import/")
    page.check("input[name=kind][value=fingertips]")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('Check and import')")
    page.wait_for_selector(".govuk-panel__title:has-text('Done')")
    body = page.locator(".govuk-panel__body").inner_text()
    assert "7 new, 0 changed, 0 unchanged; 1 line left out" in body
    assert "campylobacter.csv, line 8: left out: unknown area code E10999999" in body
    assert_accessible(page)
    page.click("text=See Campylobacter incidence rate/100,000")
    page.wait_for_url(re.compile(r"/indicators/93356/\?kind=upper_tier&period=2017$"))
    table = page.locator("#value-table").inner_text()
    assert "Northamptonshire (former; now North Northamptonshire, West Northamptonshire)" in table
    assert "Cumbria" not in table and page.locator("#value-table tbody tr").count() == 3
    page.screenshot(path="/tmp/ft/counties.png", full_page=True)
    assert_accessible(page)
