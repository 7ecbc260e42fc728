"""The England import: every bad file refused whole, with file, line and reason; a re-run changes nothing."""
import pytest

from healthyplaces.importing import ImportRefused
from healthyplaces.places.loading import FILES, load_england
from healthyplaces.testing import database_snapshot


def rewrite(path, change):
    text = path.read_text(encoding="utf-8")
    path.write_text(change(text), encoding="utf-8")


def refused(data_dir):
    before = database_snapshot()
    with pytest.raises(ImportRefused) as info:
        load_england(data_dir)
    assert database_snapshot() == before, "a refused import must write nothing"
    return str(info.value)


@pytest.mark.django_db
def test_the_small_real_data_set_loads_and_loading_again_changes_nothing(mini_data):
    load_england(mini_data)
    before = database_snapshot()
    load_england(mini_data)
    assert database_snapshot() == before


@pytest.mark.django_db
def test_wrong_header_is_refused_naming_file_line_and_column(mini_data):
    rewrite(mini_data / FILES["imd2019_file2"], lambda t: t.replace("Crime Rank", "Crim Rank", 1))
    message = refused(mini_data)
    assert "File_2_-_IoD2019_Domains_of_Deprivation.csv, line 1: the header has no column starting 'Crime Rank'" in message


@pytest.mark.django_db
def test_malformed_lsoa_code_is_refused(mini_data):
    rewrite(mini_data / FILES["imd2019_file6"], lambda t: t.replace("\nE01", "\nX01", 1))
    message = refused(mini_data)
    assert "File_6_-_IoD2019_Population_Denominators.csv, line 2: 'X01" in message
    assert "is not an English LSOA code" in message


@pytest.mark.django_db
def test_unknown_lsoa_code_is_refused(mini_data):
    path = mini_data / FILES["imd2019_file6"]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "E01999999" + lines[3][9:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "File_6_-_IoD2019_Population_Denominators.csv, line 4: E01999999 is not an LSOA of the IoD2019 files" in refused(mini_data)


@pytest.mark.django_db
def test_duplicated_row_is_refused_naming_both_lines(mini_data):
    path = mini_data / FILES["imd2019_file3"]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[5])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = lines[5].split(",")[0]
    assert f"line {len(lines)}: {code} is listed twice (first on line 6)" in refused(mini_data)


@pytest.mark.django_db
def test_a_number_that_is_not_a_number_is_refused(mini_data):
    path = mini_data / FILES["imd2019_file2"]
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[4] = "lots"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "line 3: 'Index of Multiple Deprivation (IMD) Rank' is 'lots', which is not a number" in refused(mini_data)


@pytest.mark.django_db
def test_wrong_encoding_is_refused_with_the_line(mini_data):
    path = mini_data / FILES["centroids"]
    data = path.read_bytes().split(b"\n")
    data[4] = data[4].replace(b"Stockton", b"Stockt\x90n")  # neither UTF-8 nor Windows-1252 (which is read)
    path.write_bytes(b"\n".join(data))
    assert "Population_Weighted_Centroids.csv, line 5: the file is not UTF-8 text" in refused(mini_data)


@pytest.mark.django_db
def test_out_of_range_decile_and_inconsistent_files_are_refused(mini_data):
    path = mini_data / FILES["imd2019_file1"]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",11"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = refused(mini_data)
    assert "line 2: 'Index of Multiple Deprivation (IMD) Decile' is '11', which is not a whole number from 1 to 10" in message


@pytest.mark.django_db
def test_a_missing_file_is_refused(mini_data):
    (mini_data / FILES["centroids"]).unlink()
    assert "file not found" in refused(mini_data)


@pytest.mark.django_db
def test_several_problems_are_all_listed(mini_data):
    rewrite(mini_data / FILES["imd2019_file6"], lambda t: t.replace("\nE01", "\nX01", 3))
    message = refused(mini_data)
    assert message.count("is not an English LSOA code") == 3
    assert "3 problem(s)" in message
