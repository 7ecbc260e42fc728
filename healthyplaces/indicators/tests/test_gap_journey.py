"""Issue 13's browser journey, in one browser session: an analyst imports deaths by LSOA for a local authority,
sees its life expectancy gap by local quintile with the chart of what makes it (each chart with its table), and
finds a neighbourhood of it by postcode (typed in any spacing or case, the search answering as it is typed), with
axe-core clean on each page; with JavaScript off the same figures are there. (A terminated postcode without
JavaScript: places/tests/test_postcode_journey.py.)"""
import csv
import math
import re

import pytest

from healthyplaces.testing import SOURCE_DATA, assert_accessible, sign_in

pytestmark = pytest.mark.e2e
BANDS = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
STARTAGES = [0, 1, *range(5, 95, 5)]


def stockton_deaths():
    """A council's extract shape: deaths by LSOA, sex, age band and cause group, with each band's population;
    death rates rise with deprivation, most of all from circulatory disease."""
    with open(SOURCE_DATA / "imd2019" / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv", encoding="utf-8-sig") as f:
        ranks = [(row[0], int(row[4].replace(",", ""))) for row in csv.reader(f) if row[2] == "E06000004"]
    lines = ["group,sex,year,age_band,cause,deaths,population"]
    for code, rank in ranks:
        deprived = 1.6 - rank / 32844
        for band, age in zip(BANDS, STARTAGES):
            base = 0.0002 * math.exp(0.085 * age) * 60
            for cause, share in (("Cancer", 0.4), ("Circulatory", 0.6 * deprived)):
                lines.append(f"{code},Persons,2019,{band},{cause},{min(25, round(base * share * deprived))},60")
    return ("\n".join(lines) + "\n").encode()


def assert_every_chart_has_its_table(page):
    """Each chart on the page links to a table on the same page that holds rows of its figures."""
    charts = page.locator("figure.hp-chart")
    assert charts.count() > 0
    for i in range(charts.count()):
        target = charts.nth(i).locator("figcaption a.govuk-link").get_attribute("href")
        assert target.startswith("#"), target
        table = page.locator(f"table{target}")
        assert table.count() == 1, f"chart {i} links to {target}, which is not a table on the page"
        assert table.locator("tbody tr").count() > 0


def test_an_analyst_imports_lsoa_deaths_sees_the_local_quintile_gap_and_finds_a_neighbourhood_by_postcode(
        page, browser, live_site):
    sign_in(page, "analyst")
    page.goto("/indicators/import/")
    assert_accessible(page)
    page.check("input[name=kind][value=mortality]")
    page.set_input_files("#id_file", {"name": "stockton-deaths.csv", "mimeType": "text/csv", "buffer": stockton_deaths()})
    page.fill("#id_dataset_name", "Stockton deaths by LSOA 2019")
    page.select_option("#id_group_kind", "area")
    page.click("button:has-text('Check and import')")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    page.wait_for_selector(".govuk-panel__title:has-text('Done')")
    assert_accessible(page)
    page.click("text=See the life expectancy gap")
    page.wait_for_url(re.compile(r"/indicators/life-expectancy/\?dataset=stockton-deaths-by-lsoa-2019"))
    page.fill("#id_area", "Stockton-on-Tees")
    page.select_option("#id_grouping", "quintile")
    page.click("#le-choice button:has-text('Show')")
    page.wait_for_selector("#local-gap")
    assert "Local quintiles of Stockton-on-Tees" in page.locator("#local-gap").inner_text()
    assert page.locator("#local-groups-persons tbody tr").count() == 5
    assert page.locator("#local-chart-persons").count() == 1 and page.locator("a[href='#local-groups-persons']").count() == 1
    assert float(page.locator("#local-summary-persons .hp-local-gap").inner_text()) > 0
    chart = page.locator("#gap-causes-chart-local-persons")
    assert chart.locator("rect.hp-chart__bar").count() == 2
    table = page.locator("#gap-causes-local-persons")
    assert table.locator("tbody tr").count() == 3  # two causes and the gap
    link = page.locator("a[href='#gap-causes-local-persons']")
    assert link.count() == 1
    assert page.locator("#gap-ages-local-persons tbody tr").count() == 21
    page.locator("#local-gap").screenshot(path="/tmp/gap-journey-local.png")
    page.locator("#gap-causes-chart-local-persons").screenshot(path="/tmp/gap-journey-causes.png")
    assert_every_chart_has_its_table(page)
    assert_accessible(page)
    gap_page = page.url

    # a neighbourhood of the authority, found by postcode from the place search
    page.goto("/")
    page.fill("#q", "ts18 1aa")
    page.wait_for_selector("#search-result-list a:has-text('TS18 1AA')")
    assert "Postcode in LSOA" in page.locator("#search-result-list li").first.inner_text()
    assert_accessible(page)
    page.click("#search-result-list a:has-text('TS18 1AA')")
    page.wait_for_url(re.compile(r"/places/lsoa/E01033477/"))
    assert "Stockton-on-Tees" in page.locator("main").inner_text()
    assert_accessible(page)

    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    try:
        plain = context.new_page()
        sign_in(plain, "analyst")
        plain.goto(gap_page)
        assert plain.locator("#local-groups-persons tbody tr").count() == 5
        assert plain.locator("#gap-causes-chart-local-persons rect.hp-chart__bar").count() == 2
        assert plain.locator("#gap-causes-local-persons tbody tr").count() == 3
        assert_every_chart_has_its_table(plain)
    finally:
        context.close()
