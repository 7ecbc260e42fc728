"""Imports: the happy path, a re-run that changes nothing, and every bad input refused whole with line and reason."""
import pytest
from django.core.management import CommandError, call_command

from healthyplaces.indicators.importing import (
    ImportRefused,
    import_counts,
    import_fingertips,
    import_mortality,
    load_ons_mortality,
)
from healthyplaces.importing import NUL_REASON
from healthyplaces.indicators.models import Indicator, IndicatorValue, MortalityCount, MortalityDataset
from healthyplaces.testing import database_snapshot

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db


def lines_of(data):
    return data.decode("utf-8").splitlines()


def joined(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def refused(function, *args, **kwargs):
    before = database_snapshot("indicators")
    with pytest.raises(ImportRefused) as info:
        function(*args, **kwargs)
    assert database_snapshot("indicators") == before, "a refused import must write nothing"
    return str(info.value)


def test_a_fingertips_export_imports_and_importing_again_changes_nothing(sample_bytes):
    result = import_fingertips(sample_bytes, SAMPLE.name, polarity="low")
    assert (result.created, result.updated) == (105, 0)
    assert {i.code for i in Indicator.objects.all()} == {"99901", "99902"}
    value = IndicatorValue.objects.get(indicator__code="99901", area_code="E01012195", period="2019/20")
    assert value.area_kind == "lsoa" and value.area_name == "Stockton-on-Tees 010B"
    assert (value.count, value.denominator) == (204, 1441)
    assert value.lower_ci < value.value < value.upper_ci
    authority = IndicatorValue.objects.filter(indicator__code="99902", area_code="E06000004").first()
    assert authority.area_kind == "local_authority" and authority.age == "18+ yrs"
    assert IndicatorValue.objects.get(indicator__code="99902", area_code="E12000001", period="2019/20").area_kind == "region"
    assert Indicator.objects.get(code="99901").value_type == "rate"
    assert Indicator.objects.get(code="99902").value_type == "proportion"
    before = database_snapshot("indicators")
    again = import_fingertips(sample_bytes, SAMPLE.name, polarity="low")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 105)
    assert database_snapshot("indicators") == before


def test_a_changed_value_is_updated_in_place(sample_bytes):
    import_fingertips(sample_bytes, SAMPLE.name)
    lines = lines_of(sample_bytes)
    lines[1] = lines[1].replace(",204,1441,", ",205,1441,")
    result = import_fingertips(joined(lines), SAMPLE.name)
    assert (result.created, result.updated) == (0, 1)
    assert IndicatorValue.objects.get(indicator__code="99901", area_code="E01012195", period="2019/20").count == 205


@pytest.mark.parametrize("change,expected", [
    (lambda ls: [ls[0].replace("Area Code", "Area Kode")] + ls[1:],
     "fingertips_sample.csv, line 1: wrong header: no column 'Area Code'"),
    (lambda ls: ls + [ls[7]],
     "fingertips_sample.csv, line 107: duplicate row: the same indicator, area, sex, age, category and period as line 8"),
], ids=["wrong header", "duplicate row"])
def test_a_fingertips_file_wrong_as_a_whole_is_refused_with_line_and_reason(sample_bytes, change, expected):
    import_fingertips(sample_bytes, SAMPLE.name)  # what is held must survive a refused re-import
    data = joined(change(lines_of(sample_bytes)))
    message = refused(import_fingertips, data, SAMPLE.name)
    assert expected in message
    assert message.startswith("Import refused, nothing was written")


@pytest.mark.parametrize("change,expected", [
    (lambda ls: ls[:3] + [ls[3].replace("E01012", "E01999", 1)] + ls[4:],
     "fingertips_sample.csv, line 4: left out: unknown area code E01999"),
    (lambda ls: ls[:3] + [ls[3].replace("E01", "XX1", 1)] + ls[4:],
     "fingertips_sample.csv, line 4: left out: 'XX1"),
    (lambda ls: ls[:5] + [ls[5].replace(",2019/20,1", ",2019/20,lots")] + ls[6:],
     "fingertips_sample.csv, line 6: left out: 'Value' is 'lots"),
    (lambda ls: ls[:9] + [ls[9] + ",extra"] + ls[10:],
     "fingertips_sample.csv, line 10: left out: expected 19 values, found 20"),
], ids=["unknown area code", "malformed area code", "non-number", "ragged row"])
def test_a_fingertips_line_wrong_on_its_own_is_left_out_with_line_and_reason(sample_bytes, change, expected):
    """Issue 12, Bad input: the line is refused, the rest of the file imports."""
    result = import_fingertips(joined(change(lines_of(sample_bytes))), SAMPLE.name)
    assert len(result.left_out) == 1 and str(result.left_out[0]).startswith(expected)
    assert result.created == 104


def test_a_file_that_is_not_utf8_is_refused(sample_bytes):
    # UTF-8 and Windows-1252 in one file: guessing either would garble the other (Windows-1252 alone is read).
    data = sample_bytes.replace(b"Stockton-on-Tees 010B", "Stockton-on-Tees 010B caf\u00e9".encode("cp1252"))
    data = data.replace(b"Stockton-on-Tees 010A", "Stockton-on-Tees 010A caf\u00e9".encode("utf-8"))
    assert "fingertips_sample.csv, line 2: the file is not UTF-8 text" in refused(import_fingertips, data, SAMPLE.name)


def test_an_empty_file_is_refused_and_a_value_outside_its_interval_left_out(sample_bytes):
    assert "the file is empty" in refused(import_fingertips, b"", "empty.csv")
    lines = lines_of(sample_bytes)
    header = lines[0].split(",")
    cells = next(iter(__import__("csv").reader([lines[2]])))
    cells[header.index("Lower CI 95.0 limit")] = "99999"
    lines[2] = ",".join(f'"{c}"' if "," in c else c for c in cells)
    result = import_fingertips(joined(lines), SAMPLE.name)
    assert [p.line for p in result.left_out] == [3] and "outside its 95% confidence interval" in str(result.left_out[0])


COUNTS = """indicator_id,indicator_name,area_code,sex,age_band,period,numerator,denominator
L1,Children with tooth decay (local),E06000004,Persons,5-9,2022,120,800
L1,Children with tooth decay (local),E92000001,Persons,5-9,2022,20000,200000
L1,Children with tooth decay (local),E01012195,Persons,5-9,2022,12,60
"""


def test_counts_are_computed_with_methods_and_importing_again_changes_nothing():
    from healthyplaces.methods import proportion
    import pandas as pd

    result = import_counts(COUNTS.encode(), "counts.csv", "proportion", polarity="low")
    assert result.created == 3
    value = IndicatorValue.objects.get(indicator__code="L1", area_code="E06000004")
    expected = proportion(pd.DataFrame([{"x": 120, "n": 800}]), multiplier=100).iloc[0]
    assert value.computed and value.value == pytest.approx(15.0)
    assert value.lower_ci == pytest.approx(expected["lowercl"]) and value.upper_ci == pytest.approx(expected["uppercl"])
    assert value.age == "5-9" and Indicator.objects.get(code="L1").value_type == "proportion"
    before = database_snapshot("indicators")
    assert import_counts(COUNTS.encode(), "counts.csv", "proportion").unchanged == 3
    assert database_snapshot("indicators") == before


def test_counts_by_age_band_give_a_directly_standardised_rate():
    bands = ["0-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
    rows = ["indicator_id,indicator_name,area_code,sex,age_band,period,numerator,denominator"]
    rows += [f"D1,Deaths from all causes (local),E06000004,Persons,{b},2022,{10 + i},{5000 - 100 * i}" for i, b in enumerate(bands)]
    import_counts("\n".join(rows).encode(), "dsr.csv", "dsr")
    value = IndicatorValue.objects.get(indicator__code="D1")
    assert value.age == "All ages" and value.lower_ci < value.value < value.upper_ci
    assert value.count == sum(10 + i for i in range(19))


@pytest.mark.parametrize("change,expected", [
    (lambda t: t.replace("numerator", "numer"), "counts.csv, line 1: wrong header: no column 'numerator'"),
    (lambda t: t.replace(",120,800", ",many,800"), "counts.csv, line 2: 'numerator' is 'many', which is not a number"),
    (lambda t: t.replace(",120,800", ",900,800"), "counts.csv, line 2: the numerator 900 is more than the denominator 800"),
    (lambda t: t.replace("E06000004", "E06999999"), "counts.csv, line 2: unknown area code E06999999"),
    (lambda t: t + "L1,Children with tooth decay (local),E06000004,Persons,5-9,2022,1,8\n",
     "counts.csv, line 5: duplicate row: the same indicator, area, sex, age, category and period as line 2"),
], ids=["wrong header", "non-number", "numerator over denominator", "unknown area code", "duplicate row"])
def test_bad_counts_are_refused(change, expected):
    message = refused(import_counts, change(COUNTS).encode("utf-8"), "counts.csv", "proportion")
    assert expected in message


def _mortality_file(group="1", extra=""):
    bands = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
    rows = ["group,sex,year,age_band,deaths,population"]
    for sex in ("Male", "Female"):
        rows += [f"{group},{sex},2019,{b},{5 + i * 3},{60000 - i * 2000}" for i, b in enumerate(bands)]
    return ("\n".join(rows) + "\n" + extra).encode()


def test_a_deaths_and_population_file_imports_and_again_changes_nothing():
    result = import_mortality(_mortality_file(), "deaths.csv", "Test deciles")
    assert result.created == 40
    dataset = MortalityDataset.objects.get(slug="test-deciles")
    assert dataset.counts.filter(startage=90).count() == 2
    before = database_snapshot("indicators")
    assert import_mortality(_mortality_file(), "deaths.csv", "Test deciles").unchanged == 40
    assert database_snapshot("indicators") == before


@pytest.mark.parametrize("data,group_kind,expected", [
    (_mortality_file().replace(b"deaths,population", b"deaths,pop"), "decile", "deaths.csv, line 1: wrong header: no column 'population'"),
    (_mortality_file(group="11"), "decile", "deaths.csv, line 2: 'group' is '11'"),
    (_mortality_file(group="E06999999"), "area", "deaths.csv, line 2: unknown area code E06999999"),
    (_mortality_file().replace(b"1,Male,2019,90+,62,22000", b"1,Male,2019,95+,62,22000"), "decile", "deaths.csv, line 21: 'age_band' is '95+'"),
    (_mortality_file().replace(b"1,Male,2019,1-4,8,58000", b"1,Male,2019,1-4,eight,58000"), "decile", "deaths.csv, line 3: 'deaths' is 'eight'"),
    (_mortality_file(extra="1,Male,2019,<1,5,60000\n"), "decile", "deaths.csv, line 42: duplicate row: the same group, sex, year and age band as line 2"),
    (_mortality_file().replace(b"1,Male,2019,1-4", b"1,=cmd|' /C calc'!A0,2019,1-4"), "decile", "deaths.csv, line 3: 'sex' is \"=cmd|"),
    (_mortality_file().replace(b"1,Male", b"1,M\x9dle"), "decile", "deaths.csv, line 2: the file is not UTF-8 text"),
], ids=["wrong header", "bad decile", "unknown area code", "bad age band", "non-number", "duplicate row", "formula-like sex", "non-UTF-8"])
def test_bad_deaths_and_population_files_are_refused(data, group_kind, expected):
    message = refused(import_mortality, data, "deaths.csv", "Test deciles", group_kind)
    assert expected in message


def test_the_ons_mortality_files_load_summing_causes_and_loading_again_changes_nothing(settings):
    result = load_ons_mortality(settings.DATA_DIR / "mortality")
    assert result.created == 15 * 10 * 2 * 20  # 2001-2015, deciles, sexes, age bands
    assert MortalityDataset.objects.get().group_kind == "decile"
    # Decile 1 males 2001, aged under 1: the ten cause groups summed.
    import pandas as pd

    deaths = pd.read_csv(settings.DATA_DIR / "mortality/deaths_by_imd.csv")
    deaths.columns = [c.strip() for c in deaths.columns]
    expected = deaths[(deaths.year == 2001) & (deaths.imd == 1) & (deaths.sex == "Male")]["<1"].sum()
    assert MortalityCount.objects.get(group="1", sex="Male", year=2001, startage=0).deaths == expected
    before = database_snapshot("indicators")
    call_command("load-mortality")
    assert database_snapshot("indicators") == before


def test_a_spoilt_ons_file_is_refused_naming_file_and_line(settings, tmp_path):
    for name in ("deaths_by_imd.csv", "pops_by_imd.csv"):
        (tmp_path / name).write_bytes((settings.DATA_DIR / "mortality" / name).read_bytes())
    pops = (tmp_path / "pops_by_imd.csv").read_text().splitlines()
    pops[4] = pops[4].replace(",", ",x", 4)
    (tmp_path / "pops_by_imd.csv").write_text("\n".join(pops) + "\n")
    before = database_snapshot("indicators")
    with pytest.raises(CommandError) as info:
        call_command("load-mortality", "--data-dir", str(tmp_path))
    assert "pops_by_imd.csv, line 5:" in str(info.value)
    assert database_snapshot("indicators") == before


def test_the_import_command_shares_the_service(tmp_path, capsys):
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS)
    call_command("import-indicators", "counts", str(path), "--method", "rate")
    assert IndicatorValue.objects.get(indicator__code="L1", area_code="E06000004").value == pytest.approx(15000)
    path.write_text(COUNTS.replace(",120,800", ",x,800"))
    with pytest.raises(CommandError, match=r"counts.csv, line 2: 'numerator' is 'x'"):
        call_command("import-indicators", "counts", str(path))
    call_command("import-indicators", "fingertips", str(SAMPLE), "--polarity", "low")
    assert IndicatorValue.objects.filter(indicator__code="99901").count() == 96
    deaths = tmp_path / "deaths.csv"
    deaths.write_bytes(_mortality_file())
    call_command("import-indicators", "mortality", str(deaths), "--name", "Command deciles")
    assert MortalityDataset.objects.get(slug="command-deciles").counts.count() == 40
    deaths.write_bytes(_mortality_file(group="11"))
    with pytest.raises(CommandError, match=r"deaths.csv, line 2: 'group' is '11'"):
        call_command("import-indicators", "mortality", str(deaths), "--name", "Bad deciles")
    assert not MortalityDataset.objects.filter(slug="bad-deciles").exists()


def test_polarity_is_read_from_the_files_own_england_comparison_unless_given():
    header = ",".join(["Indicator ID", "Indicator Name", "Area Code", "Area Type", "Sex", "Age", "Time period", "Value",
                       "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator",
                       "Compared to England value or percentiles"])
    text = "\n".join([header,
                      "93088,Smoking prevalence,E92000001,England,Persons,18+ yrs,2022,12.7,12.5,12.9,,,Not compared",
                      "93088,Smoking prevalence,E06000004,Districts & UAs,Persons,18+ yrs,2022,15.2,13.1,17.5,,,Worse 95%",
                      "93088,Smoking prevalence,E06000001,Districts & UAs,Persons,18+ yrs,2022,10.1,8.4,11.9,,,Better 95%"])
    import_fingertips(text.encode(), "smoking.csv")
    assert Indicator.objects.get(code="93088").polarity == "low"
    import_fingertips(text.encode(), "smoking.csv", polarity="high")  # the analyst's word wins
    assert Indicator.objects.get(code="93088").polarity == "high"


@pytest.mark.parametrize("kind", ["fingertips", "counts"])
def test_a_nul_byte_is_refused_at_its_line_and_nothing_is_stored(sample_bytes, kind):
    """Issue 10, NUL bytes: a NUL in a text cell the importer keeps (a value note, a sex) is refused at its line;
    on main it was stored on SQLite and a 500 on PostgreSQL. (The mortality file's text cells are all checked
    against fixed values, so a NUL there was already refused.)"""
    from healthyplaces.indicators.importing import run_import

    if kind == "fingertips":
        header, row, other = lines_of(sample_bytes)[:3]
        spoiled = other.replace(",,20190000", ",Note\x00,20190000")
    else:
        header = "indicator_id,indicator_name,area_code,sex,age_band,period,numerator,denominator"
        row = "X1,Falls,E06000004,Persons,All ages,2020,5,100"
        spoiled = "X1,Falls,E06000004,Female\x00,All ages,2020,5,100"
    assert spoiled.count("\x00") == 1
    if kind == "fingertips":  # issue 12, Bad input: the line alone is refused, the rest imports
        result = run_import(kind, joined([header, row, spoiled]), "nul.csv")
        assert [str(p) for p in result.left_out] == [f"nul.csv, line 3: left out: {NUL_REASON}"]
        assert [v for v, in IndicatorValue.objects.values_list("value_note")] == [""] and result.created == 1
        return
    message = refused(run_import, kind, joined([header, row, spoiled]), "nul.csv")
    assert "nul.csv, line 3: there is a NUL byte" in message


def test_a_problem_after_a_value_over_two_lines_names_the_physical_line(sample_bytes):
    """Issue 10, quote errors: a value note over lines 2-3 pushes the next record to line 4, as an editor shows
    (on main the record count, line 3, was reported)."""
    header, row, other = lines_of(sample_bytes)[:3]
    noted = row.replace(",,20190000", ',"a note\nover two lines",20190000')
    spoiled = other.replace(",13973.3333,", ",abc,")
    assert noted != row and spoiled != other
    result = import_fingertips(joined([header, noted, spoiled]), "lines.csv")
    assert [str(p) for p in result.left_out] == ["lines.csv, line 4: left out: 'Value' is 'abc', which is not a number"]
