"""Issue 12, Fingertips: every layout Fingertips has published imports, with the values, intervals and comparisons
the file gives; former counties and authorities are known; units come from the file's own words; a line that is
wrong on its own is left out with its reason while the rest of the file imports.

The files are written here, by `fingertips_file`, in the layouts of real exports (read, not copied):
- "2015": the website's "Export data" download of indicator 93356 (data-dev's `indicators-CountyUA.data.csv`):
  the header with spaces, 26 columns, every data row 25 cells (no "Compared to goal"), the indicator name ending
  in a newline inside quotes, England's area type "Country", IMD2015 decile rows at England level.
- "2019": the June 2019 exports (Mental-Health-Analysis's `indicators-CountyUA.data london.csv`): the header
  without spaces (`IndicatorID`, `Timeperiod`, `Category_Type`, `Lower_CI_95.0_limit` …), 26 cells a row,
  England's area type "England"; here also with a byte order mark.
The figures are made up; each value is its count over its denominator times 100,000, as a crude rate is.
"""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from healthyplaces.accounts.models import Role
from healthyplaces.indicators import areas
from healthyplaces.indicators.importing import ImportRefused, import_fingertips
from healthyplaces.indicators.importing.fingertips import value_type_from_file
from healthyplaces.indicators.models import Indicator, IndicatorValue
from healthyplaces.testing import database_snapshot


pytestmark = pytest.mark.django_db

HEADER_2015 = ["Indicator ID", "Indicator Name", "Parent Code", "Parent Name", "Area Code", "Area Name", "Area Type",
               "Sex", "Age", "Category Type", "Category", "Time period", "Value", "Lower CI 95.0 limit",
               "Upper CI 95.0 limit", "Lower CI 99.8 limit", "Upper CI 99.8 limit", "Count", "Denominator",
               "Value note", "Recent Trend", "Compared to England value or percentiles",
               "Compared to Region value or percentiles", "Time period Sortable", "New data", "Compared to goal"]
HEADER_2019 = ["IndicatorID", "IndicatorName", "ParentCode", "ParentName", "AreaCode", "AreaName", "AreaType", "Sex",
               "Age", "Category_Type", "Category", "Timeperiod", "Value", "Lower_CI_95.0_limit", "Upper_CI_95.0_limit",
               "Lower_CI_99.8_limit", "Upper_CI_99.8_limit", "Count", "Denominator", "Value_note", "Recent_Trend",
               "Compared_to_England_value_or_percentiles", "Compared_to_Region_value_or_percentiles",
               "Time_period_Sortable", "New_data", "Compared_to_goal"]
NAME = "Campylobacter incidence rate/100,000"
DECILES = "County & UA deprivation deciles in England (IMD2015)"

# area code, name, area type, category, value, lower, upper, count, denominator, compared to England (the file's)
ROWS = [
    ("E92000001", "England", "England", "", 100.0, 99.0, 101.0, 55000, 55_000_000, "Not compared"),
    ("E12000004", "East Midlands region", "Region", "", 110.0, 105.0, 115.0, 5280, 4_800_000, "Worse"),
    ("E10000021", "Northamptonshire", "County & UA", "", 80.0, 75.0, 85.0, 600, 750_000, "Better"),
    ("E10000006", "Cumbria", "County & UA", "", 120.0, 110.0, 130.0, 600, 500_000, "Worse"),
    ("E06000018", "Nottingham", "County & UA", "", 100.5, 95.0, 106.0, 402, 400_000, "Similar"),
    ("E06000028", "Bournemouth", "County & UA", "", 90.0, 85.0, 95.0, 180, 200_000, "Better"),
    ("E92000001", "England", "England", "Most deprived decile (IMD2015)", 70.0, None, None, 3500, 5_000_000,
     "Not compared"),
    ("E92000001", "England", "England", "Least deprived decile (IMD2015)", 130.0, None, None, 6500, 5_000_000,
     "Not compared"),
]


def fingertips_file(layout, rows=ROWS, name=NAME):
    """A Fingertips export of indicator 93356 for 2017 in one published layout (see the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if layout == "2015" else "\n")
    writer.writerow(HEADER_2015 if layout == "2015" else HEADER_2019)
    for code, area, area_type, category, value, lower, upper, count, denominator, compared in rows:
        if layout == "2015" and area_type == "England":
            area_type = "Country"
        parent = "" if area_type in ("England", "Country") else ("E12000004" if area_type == "County & UA" else "E92000001")
        cells = ["93356", name + ("\n" if layout == "2015" else ""), parent, "", code, area, area_type, "Persons",
                 "All ages", DECILES if category else "", category, "2017",
                 *("" if n is None else repr(n) for n in (value, lower, upper)), "", "", count, denominator,
                 "Aggregated from all known lower geography values" if category else "", "", compared, "Not compared",
                 "20170000", "", ""]
        writer.writerow(cells[:-1] if layout == "2015" else cells)  # 2015: no "Compared to goal" cell
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if layout == "2019" else data


def held(code, category=""):
    return IndicatorValue.objects.get(indicator__code="93356", area_code=code, category=category)


@pytest.mark.parametrize("layout", ["2015", "2019"])
def test_each_published_layout_imports_with_the_files_values(layout):
    """Issue 12, Fingertips, layouts: the header with spaces or without (compared ignoring case, spaces and
    underscores), rows one cell short of the header, a byte order mark and a name with a newline inside quotes."""
    result = import_fingertips(fingertips_file(layout), f"export-{layout}.csv")
    assert (result.created, result.left_out) == (8, [])
    indicator = Indicator.objects.get(code="93356")
    assert indicator.name == NAME  # the newline inside the quotes is not part of the name
    northamptonshire = held("E10000021")
    assert (northamptonshire.value, northamptonshire.lower_ci, northamptonshire.upper_ci) == (80.0, 75.0, 85.0)
    assert (northamptonshire.count, northamptonshire.denominator) == (600, 750_000)
    assert (northamptonshire.area_kind, northamptonshire.area_name, northamptonshire.period) == (
        "upper_tier", "Northamptonshire", "2017")
    assert held("E92000001").area_kind == "england"
    assert indicator.polarity == "low"  # the file's own Better and Worse against England say lower is better
    again = import_fingertips(fingertips_file(layout), f"export-{layout}.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)


def test_a_county_and_ua_file_is_one_slice_and_the_page_opens_on_it_with_the_files_comparisons(people, client_for):
    """Issue 12, Fingertips, area codes: former shire counties (Northamptonshire, Cumbria), a former unitary
    (Bournemouth) and a current one are all the file's "County & UA" slice; the import's job links to it, and the
    page shows each value, interval and comparison as the file gives them, with the former areas' successors.
    England's deprivation decile rows are kept as a breakdown, not as areas."""
    client = client_for(people[Role.ANALYST])
    job = client.post("/indicators/import/", {
        "kind": "fingertips", "polarity": "", "method": "proportion", "group_kind": "decile",
        "file": SimpleUploadedFile("export-2015.csv", fingertips_file("2015"), "text/csv")}, follow=True)
    link = "/indicators/93356/?kind=upper_tier&amp;period=2017"
    assert f'href="{link}"' in job.content.decode()
    page = client.get(link.replace("&amp;", "&"))
    chosen = page.context["chosen"]
    assert chosen.kind == "upper_tier" and [k for k, _ in chosen.choices["kinds"]] == ["upper_tier", "region", "england"]
    shown = {row.area_code: (row.value, row.lower_ci, row.upper_ci, row.comparison_label, row.successors)
             for row in page.context["rows"]}
    assert shown == {
        "E10000021": (80.0, 75.0, 85.0, "Better", ["North Northamptonshire", "West Northamptonshire"]),
        "E10000006": (120.0, 110.0, 130.0, "Worse", ["Cumberland", "Westmorland and Furness"]),
        "E06000018": (100.5, 95.0, 106.0, "Similar", []),
        "E06000028": (90.0, 85.0, 95.0, "Better", ["Bournemouth, Christchurch and Poole"]),
    }
    text = page.content.decode()
    assert "Crude rate per 100,000" in text
    assert "(former; now North Northamptonshire, West Northamptonshire)" in text
    breakdown = page.context["breakdowns"]
    assert [(b["area_name"], b["category_type"]) for b in breakdown] == [("England", DECILES)]
    assert [(r.category, r.value) for r in breakdown[0]["rows"]] == [
        ("Most deprived decile (IMD2015)", 70.0), ("Least deprived decile (IMD2015)", 130.0)]


def test_former_districts_and_unitaries_are_lower_tier_in_a_district_file():
    """Issue 12, Fingertips, area codes: a former district (Corby) and a former unitary (Poole) in a "District & UA"
    file are districts, with their successors; a former county is an upper tier whatever the file calls it."""
    known = areas.resolve(["E07000150", "E06000029", "E10000023", "E10000002"])
    assert areas.choose_kind(known["E07000150"], "District & UA") == "local_authority"
    assert areas.choose_kind(known["E06000029"], "District & UA") == "local_authority"
    assert areas.choose_kind(known["E06000029"], "County & UA") == "upper_tier"
    assert known["E10000023"] == {"upper_tier": "North Yorkshire"}
    assert areas.successors(["E07000150", "E06000029", "E10000002", "E10000003"]) == {
        "E07000150": ["North Northamptonshire"], "E06000029": ["Bournemouth, Christchurch and Poole"],
        "E10000002": ["Buckinghamshire"]}


def test_problems_name_the_line_of_the_file_not_the_record():
    """Issue 12, Fingertips: with a newline inside each name (the 2015 layout) the third record starts on line 6."""
    rows = list(ROWS)
    rows[2] = ("E10999999", *rows[2][1:])
    result = import_fingertips(fingertips_file("2015", rows), "export-2015.csv")
    assert [str(p) for p in result.left_out] == [
        "export-2015.csv, line 6: left out: unknown area code E10999999: no England, region, county, local authority "
        "(current or former), ward, MSOA or LSOA has it"]


def test_a_line_wrong_on_its_own_is_left_out_with_its_reason_and_the_rest_imports(people, client_for):
    """Issue 12, Bad input: an unknown area code, a value that is not a number and an interval that does not hold
    its value each refuse their line only, named with its line and reason; the rest of the file imports."""
    data = fingertips_file("2019").decode("utf-8-sig").splitlines()
    data[3] = data[3].replace("E10000021", "E10999999")             # line 4
    data[4] = data[4].replace(",120.0,110.0,130.0,", ",n/a,110.0,130.0,")  # line 5
    data[5] = data[5].replace(",100.5,95.0,106.0,", ",100.5,101.0,106.0,")  # line 6
    spoilt = ("\n".join(data) + "\n").encode()
    client = client_for(people[Role.ANALYST])
    job = client.post("/indicators/import/", {
        "kind": "fingertips", "polarity": "low", "method": "proportion", "group_kind": "decile",
        "file": SimpleUploadedFile("spoilt.csv", spoilt, "text/csv")}, follow=True).content.decode()
    assert "5 new, 0 changed, 0 unchanged; 3 lines left out" in job
    assert "spoilt.csv, line 4: left out: unknown area code E10999999" in job
    assert "spoilt.csv, line 5: left out: &#x27;Value&#x27; is &#x27;n/a&#x27;, which is not a number" in job
    assert "spoilt.csv, line 6: left out: the value 100.5 is outside its 95% confidence interval 101 to 106" in job
    assert set(IndicatorValue.objects.values_list("area_code", flat=True)) == {"E92000001", "E12000004", "E06000028"}
    before = database_snapshot("indicators")
    assert import_fingertips(spoilt, "spoilt.csv").unchanged == 5
    assert database_snapshot("indicators") == before


def test_a_file_with_no_sound_line_or_a_duplicate_is_refused_whole_and_writes_nothing():
    """Issue 12, Bad input: never a half-write. A file whose every line is left out, or that contradicts itself
    (one row twice), is refused and nothing is written."""
    before = database_snapshot("indicators")
    unknown = [(f"E1099999{number}", *row[1:]) for number, row in enumerate(ROWS)]
    with pytest.raises(ImportRefused) as refused:
        import_fingertips(fingertips_file("2019", unknown), "unknown.csv")
    assert "unknown.csv, line 2: left out: unknown area code E10999990" in str(refused.value)
    with pytest.raises(ImportRefused) as refused:
        import_fingertips(fingertips_file("2019", ROWS + ROWS[2:3]), "twice.csv")
    assert "twice.csv, line 10: duplicate row" in str(refused.value)
    assert database_snapshot("indicators") == before


def _rows(ratio=None, ratios=None):
    """Value rows whose value is count / denominator x the ratio (or each of `ratios`), or without counts."""
    if ratio is None and ratios is None:
        return [{"value": 12.3, "count": None, "denominator": None}]
    return [{"value": 50 * r / 10_000, "count": 50, "denominator": 10_000} for r in (ratios or [ratio] * 3)]


@pytest.mark.parametrize("name,rows,measure,unsure", [
    ("Campylobacter incidence rate/100,000", _rows(100_000), "Crude rate per 100,000", False),
    ("Suicide crude rate 10-34 years: per 100,000 (5 year average)", _rows(), "Crude rate per 100,000", False),
    ("Emergency admissions for falls: crude rate per 10,000", _rows(10_000), "Crude rate per 10,000", False),
    ("Years of life lost due to suicide, age-standardised rate 15-74 years: per 10,000 population (3 year average)",
     _rows(), "Age-standardised rate per 10,000", False),
    ("Estimated prevalence of conduct disorders: % population aged 5-16", _rows(100), "Percentage", False),
    ("Percentage of children where there is a cause for concern", _rows(), "Percentage", False),
    ("Hospital admissions as a result of self-harm", _rows(100_000), "Crude rate per 100,000", False),
    ("Suicide rate", _rows(ratios=[103_820, 98_400, 101_250]), "As published", True),
    ("Admissions for falls: per 100,000", _rows(), "Rate per 100,000", True),
    ("Admissions for falls: per 100,000", _rows(10_000), "Rate per 100,000", True),  # the counts disagree
    ("Directly standardised rate of admissions", _rows(), "Age-standardised rate", True),
], ids=["rate/100,000 and counts", "crude per 100,000", "crude per 10,000", "age-standardised per 10,000",
        "% and counts", "percentage", "counts alone", "one word: rate", "per 100,000, crude or not",
        "words and counts disagree", "standardised, per what"])
def test_units_and_value_types_come_from_the_files_own_words(name, rows, measure, unsure):
    """Issue 12, Fingertips, units: a rate per 10,000 is not one per 100,000; crude, age-standardised and
    percentages are read from the name's words or the counts, never guessed from one word; unsure is said."""
    value_type, per, note = value_type_from_file(name, rows)
    indicator = Indicator(code="x", name=name, value_type=value_type, per=per, value_type_note=note)
    assert indicator.measure == measure
    assert bool(note) == unsure


def test_the_page_says_when_the_kind_of_number_is_unsure(people, client_for):
    """Issue 12, Fingertips, units: when the file does not say what kind of number it holds, the page says so."""
    import_fingertips(fingertips_file("2019", name="Suicide rate").replace(b",55000,", b",54000,"), "s.csv")
    page = client_for(people[Role.ANALYST]).get("/indicators/93356/").content.decode()
    assert 'id="value-type-note"' in page and "The file does not say what kind of number this is" in page


def test_the_inequality_view_pools_a_rate_on_its_own_base():
    """Issue 12, Fingertips, units: deciles of a crude rate per 10,000 are pooled per 10,000, not per 100,000."""
    import pandas as pd

    from healthyplaces.indicators.services import _pooled

    indicator = Indicator(code="x", name="Falls: crude rate per 10,000", value_type="rate", per=10_000)
    pooled = _pooled(pd.DataFrame({"decile": [1, 1], "x": [30, 20], "n": [40_000, 60_000]}), indicator, ["decile"])
    assert pooled["value"].tolist() == [5.0]  # 50 events in 100,000 people: 5 per 10,000


def test_values_fingertips_publishes_as_not_compared_are_stored_and_shown_as_not_compared(people, client_for):
    """Issue 13: Fingertips publishes indicator 92315 (children where there is a cause for concern) as "Not
    compared" against England for every area, as its real export does: each value keeps that as published, and
    the indicator page, its CSV, the trend and the area's profile say "Not compared" rather than a comparison
    judged here from the intervals (which would say Better, Worse or Similar for these figures)."""
    from healthyplaces.indicators import services

    not_compared = [row[:-1] + ("Not compared",) for row in ROWS]
    data = fingertips_file("2019", not_compared, name="Percentage of children where there is a cause for concern")
    import_fingertips(data.replace(b"93356,", b"92315,"), "cause-for-concern.csv")
    assert held_92315("E10000021").published_comparison == "Not compared"
    client = client_for(people[Role.ANALYST])
    page = client.get("/indicators/92315/?kind=upper_tier&period=2017")
    labels = {row.area_code: row.comparison_label for row in page.context["rows"]}
    assert labels == dict.fromkeys(["E10000021", "E10000006", "E06000018", "E06000028"], "Not compared")
    text = page.content.decode()
    assert 'id="not-compared-by-source"' in text and "publishes these values as not compared with England" in text
    assert [t["comparison_label"] for t in page.context["trend"]] == ["Not compared"]
    exported = client.get("/indicators/92315/values.csv?kind=upper_tier&period=2017").content.decode()
    assert exported.count("Not compared") == 4 and "Better" not in exported and "Worse" not in exported
    profile = services.indicators_for_area("E10000006")
    assert [r["comparison_label"] for r in profile] == ["Not compared"]
    # the same figures published with Fingertips' own comparisons are judged as before, and say nothing extra
    import_fingertips(fingertips_file("2019"), "campylobacter.csv")
    page = client.get("/indicators/93356/?kind=upper_tier&period=2017")
    assert {r.comparison_label for r in page.context["rows"]} == {"Better", "Worse", "Similar"}
    assert 'id="not-compared-by-source"' not in page.content.decode()


def held_92315(code):
    return IndicatorValue.objects.get(indicator__code="92315", area_code=code, category="")
