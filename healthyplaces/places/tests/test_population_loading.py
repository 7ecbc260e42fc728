"""Issue 13: ONS small-area population estimates (mid-year, by LSOA, sex and age) loaded as ONS publishes them,
and taken by a deaths import by LSOA that gives no populations of its own.

The workbooks are written here in ONS's layouts (read, not copied): from mid-2021, a sheet a year
("Mid-2022 LSOA 2021") with three lines of notes above the header "LAD 2023 Code, LAD 2023 Name, LSOA 2021 Code,
LSOA 2021 Name, Total, F0 … F90, M0 … M90" (or five-year bands "F0 to 4" … "F90 and over"); up to mid-2020,
a sheet a year and sex ("Mid-2020 Males", "Mid-2020 Females", "Mid-2020 Persons") headed "LSOA Code, LSOA Name,
LA Code (2018 boundaries), LA name (2018 boundaries), LA Code (2021 boundaries), LA name (2021 boundaries),
All Ages, 0 … 89, 90+". Welsh rows are in both, as in ONS's England and Wales files. The figures are made up.
"""
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from healthyplaces.importing import ImportRefused
from healthyplaces.indicators.importing import import_mortality
from healthyplaces.indicators.models import MortalityCount
from healthyplaces.places import population_loading
from healthyplaces.places.models import Lsoa, SmallAreaPopulation

pytestmark = pytest.mark.django_db
NOTES = [["Mid-year population estimates for Lower layer Super Output Areas in England and Wales"],
         ["This worksheet contains one table."], ["Source: Office for National Statistics"]]
FIVE_YEAR = [f"{a} to {a + 4}" for a in range(0, 90, 5)] + ["90 and over"]


def stockton(vintage, n=3):
    return list(Lsoa.objects.filter(vintage=vintage, local_authority__code="E06000004")
                .order_by("code").values_list("code", flat=True)[:n])


def single_year_ages(code, sex):
    """A made-up count for each single year 0 … 90 (90 and over)."""
    return [10 + (int(code[-3:]) + age * (3 if sex == "F" else 2)) % 17 for age in range(91)]


def current_sheet(book, year, codes, five_year=False, spoil=None):
    sheet = book.create_sheet(f"Mid-{year} LSOA 2021")
    ages = FIVE_YEAR if five_year else [str(a) for a in range(91)]
    for note in NOTES:
        sheet.append(note)
    sheet.append(["LAD 2023 Code", "LAD 2023 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total",
                  *[f"F{a}" for a in ages], *[f"M{a}" for a in ages]])
    for code in [*codes, "W01000001"]:
        counts = []
        for sex in "FM":
            years = single_year_ages(code, sex)
            counts += ([sum(years[a:a + 5]) for a in range(0, 90, 5)] + [years[90]]) if five_year else years
        row = ["E06000004", "Stockton-on-Tees", code, f"Stockton-on-Tees {code[-3:]}", sum(counts), *counts]
        if spoil:
            row = spoil(code, row)
        sheet.append(row)
    return sheet


def workbook(*sheets):
    book = Workbook()
    book.remove(book.active)
    cover = book.create_sheet("Cover sheet")
    cover.append(["Lower layer Super Output Area population estimates"])
    for make in sheets:
        make(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(tmp_path, data, name="sapelsoasyoa20222023.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_single_year_estimates_of_each_year_are_summed_into_the_life_tables_bands(tmp_path):
    codes = stockton(2021)
    path = write(tmp_path, workbook(lambda b: current_sheet(b, 2022, codes), lambda b: current_sheet(b, 2023, codes)))
    rows, loaded = population_loading.load_file(path)
    assert loaded == [(2021, 2022), (2021, 2023)]
    assert rows == 2 * len(codes) * 2 * 20  # two years, each LSOA's two sexes in 20 bands; Wales passed over
    female = single_year_ages(codes[0], "F")
    held = {(p.startage, p.endage): p.population
            for p in SmallAreaPopulation.objects.filter(lsoa_code=codes[0], year=2022, sex="Female")}
    assert held[(0, 0)] == female[0] and held[(1, 4)] == sum(female[1:5]) and held[(5, 9)] == sum(female[5:10])
    assert held[(85, 89)] == sum(female[85:90]) and held[(90, None)] == female[90]
    assert sum(held.values()) == sum(female)
    persons = population_loading.held_populations([codes[0]], [2022])
    male = single_year_ages(codes[0], "M")
    assert persons[(codes[0], "Persons", 2022, 1)] == (sum(female[1:5]) + sum(male[1:5]), 4)
    assert not SmallAreaPopulation.objects.filter(lsoa_code__startswith="W").exists()
    # loading a year again replaces it
    again, _ = population_loading.load_file(write(tmp_path, workbook(lambda b: current_sheet(b, 2022, codes[:1])),
                                                  "mid2022.xlsx"))
    assert again == 40 and SmallAreaPopulation.objects.filter(year=2022).count() == 40
    assert SmallAreaPopulation.objects.filter(year=2023).count() == len(codes) * 40


def test_the_older_layout_a_sheet_per_sex_of_2011_lsoas_is_read_and_persons_left_to_the_sum(tmp_path):
    codes = stockton(2011, 2)

    def old_sheets(book):
        for title, sex in (("Males", "M"), ("Females", "F"), ("Persons", None)):
            sheet = book.create_sheet(f"Mid-2020 {title}")
            for note in NOTES:
                sheet.append(note)
            sheet.append(["LSOA Code", "LSOA Name", "LA Code (2018 boundaries)", "LA name (2018 boundaries)",
                          "LA Code (2021 boundaries)", "LA name (2021 boundaries)", "All Ages",
                          *[str(a) for a in range(90)], "90+"])
            for code in codes:
                ages = single_year_ages(code, sex) if sex else [999] * 91  # Persons: not read
                sheet.append([code, "name", "E06000004", "Stockton-on-Tees", "E06000004", "Stockton-on-Tees",
                              sum(ages) if sex else 1, *ages])

    rows, loaded = population_loading.load_file(write(tmp_path, workbook(old_sheets), "sape23dt2mid2020.xlsx"))
    assert loaded == [(2011, 2020)] and rows == len(codes) * 2 * 20
    male = single_year_ages(codes[1], "M")
    assert SmallAreaPopulation.objects.get(lsoa_code=codes[1], year=2020, sex="Male", startage=90).population == male[90]
    assert SmallAreaPopulation.objects.get(lsoa_code=codes[1], year=2020, sex="Male", startage=1).population == sum(male[1:5])


def test_five_year_bands_are_kept_as_published_and_a_life_table_is_told_it_needs_under_one(tmp_path):
    codes = stockton(2021, 1)
    population_loading.load_file(write(tmp_path, workbook(lambda b: current_sheet(b, 2022, codes, five_year=True))))
    female = single_year_ages(codes[0], "F")
    band = SmallAreaPopulation.objects.get(lsoa_code=codes[0], year=2022, sex="Female", startage=0)
    assert (band.endage, band.population) == (4, sum(female[0:5]))
    deaths = f"group,sex,year,age_band,deaths\n{codes[0]},Female,2022,5-9,0\n{codes[0]},Female,2022,<1,1\n"
    with pytest.raises(ImportRefused) as refused:
        import_mortality(deaths.encode(), "deaths.csv", "Deaths", group_kind="area")
    assert [(p.line, p.reason) for p in refused.value.problems] == [
        (3, f"no population column, and the ONS estimates held for {codes[0]} in mid-2022 give ages 0 to 4 as one "
            "band: a life table needs '<1' on its own (load ONS's single-year-of-age estimates)")]


def test_deaths_by_lsoa_without_populations_take_the_estimates_held_and_a_band_not_held_is_named(tmp_path):
    codes = stockton(2021, 2)
    population_loading.load_file(write(tmp_path, workbook(lambda b: current_sheet(b, 2022, codes))))
    female = single_year_ages(codes[0], "F")
    male = single_year_ages(codes[0], "M")
    lines = ["group,sex,year,age_band,deaths", f"{codes[0]},Female,2022,1-4,1", f"{codes[0]},Persons,2022,90+,3"]
    import_mortality(("\n".join(lines) + "\n").encode(), "deaths.csv", "Deaths from estimates", group_kind="area")
    held = {(c.sex, c.startage): (c.deaths, c.population) for c in MortalityCount.objects.filter(group=codes[0])}
    assert held == {("Female", 1): (1, sum(female[1:5])), ("Persons", 90): (3, female[90] + male[90])}
    missing = lines[:2] + [f"{codes[1]},Male,2019,<1,0"]
    with pytest.raises(ImportRefused) as refused:
        import_mortality(("\n".join(missing) + "\n").encode(), "deaths.csv", "Deaths 2019", group_kind="area")
    assert [(p.line, p.reason) for p in refused.value.problems] == [
        (3, f"no population column, and no ONS mid-year estimate is held for {codes[1]}, Male, mid-2019, ages <1 "
            "(load one with 'healthyplaces load-populations FILE', or give each band's population in the file)")]
    # deaths by deprivation decile still need their populations
    with pytest.raises(ImportRefused, match="no column 'population'"):
        import_mortality(b"group,sex,year,age_band,deaths\n1,Male,2019,<1,0\n", "deciles.csv", "Deciles")


def test_bad_lines_are_each_named_and_nothing_is_loaded(tmp_path):
    codes = stockton(2021, 3)
    population_loading.load_file(write(tmp_path, workbook(lambda b: current_sheet(b, 2023, codes[:1])), "held.xlsx"))
    before = list(SmallAreaPopulation.objects.order_by("pk").values_list("lsoa_code", "year", "population"))

    def spoil(code, row):
        if code == codes[0]:
            row[10] = -3  # a negative count
        if code == codes[1]:
            row[4] = row[4] + 5  # a total that is not the sum of its ages
        return row

    def sheets(book):
        current_sheet(book, 2022, codes, spoil=spoil)
        current_sheet(book, 2023, [codes[2], codes[2], "E01999999", "E02001234"])

    with pytest.raises(ImportRefused) as refused:
        population_loading.load_file(write(tmp_path, workbook(sheets)))
    name = "sapelsoasyoa20222023.xlsx"
    assert [(p.file, p.line, p.reason) for p in refused.value.problems] == [
        (f"{name}: Mid-2022 LSOA 2021", 5, f"{codes[0]}: '-3' is not a count of people (a whole number, 0 or more)"),
        (f"{name}: Mid-2022 LSOA 2021", 6,
         f"{codes[1]}: the total '{sum(single_year_ages(codes[1], 'F')) + sum(single_year_ages(codes[1], 'M')) + 5}' "
         f"is not the sum of its ages ({sum(single_year_ages(codes[1], 'F')) + sum(single_year_ages(codes[1], 'M')):,})"),
        (f"{name}: Mid-2023 LSOA 2021", 6, f"{codes[2]} is listed twice (first on line 5)"),
        (f"{name}: Mid-2023 LSOA 2021", 7, "E01999999 is not an LSOA of England's 2021 edition held here"),
        (f"{name}: Mid-2023 LSOA 2021", 8, "'E02001234' is not an LSOA code"),
    ]
    assert list(SmallAreaPopulation.objects.order_by("pk").values_list("lsoa_code", "year", "population")) == before


def test_a_file_in_an_unknown_layout_or_without_a_years_sheet_is_refused(tmp_path):
    def other(book):
        sheet = book.create_sheet("Mid-2022 LSOA 2021")
        sheet.append(["Area", "People aged 0-15", "People aged 16-64"])
        sheet.append(["E01012187", 300, 700])

    with pytest.raises(ImportRefused) as refused:
        population_loading.load_file(write(tmp_path, workbook(other)))
    reason = refused.value.problems[0].reason
    assert "not an ONS small-area population estimates sheet in a layout the platform knows" in reason
    assert "It begins: Area, People aged 0-15, People aged 16-64" in reason
    with pytest.raises(ImportRefused, match="the workbook has no sheet of mid-2021"):
        population_loading.load_file(write(tmp_path, workbook(lambda b: current_sheet(b, 2022, stockton(2021, 1)))),
                                     year=2021)
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        population_loading.load_file(write(tmp_path, b"not a workbook", "broken.xlsx"))
    assert not SmallAreaPopulation.objects.exists()


def test_the_command_loads_a_sheet_saved_as_csv_given_its_year(tmp_path):
    codes = stockton(2021, 2)
    header = ["LAD 2023 Code", "LAD 2023 Name", "LSOA 2021 Code", "LSOA 2021 Name", "Total",
              *[f"F{a}" for a in range(91)], *[f"M{a}" for a in range(91)]]
    lines = [",".join(header)]
    for code in codes:
        counts = single_year_ages(code, "F") + single_year_ages(code, "M")
        lines.append(",".join(["E06000004", "Stockton-on-Tees", code, "name", f'"{sum(counts):,}"',
                               *map(str, counts)]))
    path = tmp_path / "mid-2024.csv"
    path.write_text("\n".join(lines) + "\n")
    out = io.StringIO()
    call_command("load-populations", str(path), "--year", "2024", stdout=out)
    assert "Loaded 80 populations by LSOA, sex and age band: mid-2024 (LSOA 2021)." in out.getvalue()
    with pytest.raises(CommandError, match="give the mid-year the CSV holds"):
        call_command("load-populations", str(path))
