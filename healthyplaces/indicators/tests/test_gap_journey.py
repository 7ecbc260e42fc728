"""Issue 13's browser journey: an analyst imports deaths by LSOA for a local authority, sees its life
expectancy gap by local quintile with the chart of what makes it (each chart with its table), with
axe-core clean on each page, and with JavaScript off the same figures are there."""
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


def test_an_analyst_imports_lsoa_deaths_and_sees_the_local_quintile_gap_and_what_makes_it(page, browser, live_site):
    sign_in(page, "analyst")
    page.goto("/indicators/import/")
    page.check("input[name=kind][value=mortality]")
    page.set_input_files("#id_file", {"name": "stockton-deaths.csv", "mimeType": "text/csv", "buffer": stockton_deaths()})
    page.fill("#id_dataset_name", "Stockton deaths by LSOA 2019")
    page.select_option("#id_group_kind", "area")
    page.click("button:has-text('Check and import')")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    page.wait_for_selector(".govuk-panel__title:has-text('Done')")
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
    assert_accessible(page)

    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    try:
        plain = context.new_page()
        sign_in(plain, "analyst")
        plain.goto(page.url)
        assert plain.locator("#local-groups-persons tbody tr").count() == 5
        assert plain.locator("#gap-causes-chart-local-persons rect.hp-chart__bar").count() == 2
        assert plain.locator("#gap-causes-local-persons tbody tr").count() == 3
    finally:
        context.close()
