"""Import: preview sorts rows, bad input is refused per row, the commit is atomic and repeatable."""
import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.core.management.base import CommandError

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.assets import importing
from healthyplaces.importing import ImportRefused
from healthyplaces.assets.models import Asset, DuplicateCandidate, SourceRecord

ORUK = Path(__file__).parent / "data" / "oruk" / "examples"
HEADER = ["name", "category", "address", "postcode", "latitude", "longitude", "email", "website", "phone", "description"]
GOOD = ["Norton Community Centre", "space", "12 High Street, Norton", "TS20 1AB", "54.5880", "-1.3160",
        "hello@nortoncc.org.uk", "https://nortoncc.org.uk", "01642 123456", "A hall for hire"]


def _csv(*rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _row(**changes):
    row = dict(zip(HEADER, GOOD))
    row.update(changes)
    return [row[h] for h in HEADER]


@pytest.fixture
def partner(people):
    return Organisation.objects.get(name="Catalyst Stockton")


def test_a_good_file_previews_as_new_and_commits_in_one_go(partner, people):
    data = _csv(_row(), _row(name="Norton Youth Club", category="association"))
    preview = importing.preview(data, "assets.csv", partner)
    assert preview.counts["new"] == 2 and not Asset.objects.exists()
    importing.commit(data, "assets.csv", partner, by=people[Role.PARTNER])
    asset = Asset.objects.get(name="Norton Community Centre")
    assert asset.lsoa_code.startswith("E01") and asset.partner == partner and asset.postcode_district == "TS20"
    assert SourceRecord.objects.get(asset=asset).origin == "assets.csv, line 2"
    # The same file again changes nothing.
    again = importing.preview(data, "assets.csv", partner)
    assert again.counts["unchanged"] == 2
    importing.commit(data, "assets.csv", partner)
    assert Asset.objects.count() == 2
    # A changed row is an update to the partner's own asset.
    changed = importing.preview(_csv(_row(description="Now with a café")), "assets.csv", partner)
    assert changed.counts["updated"] == 1


def test_the_lsoa_comes_from_the_boundary_where_held(partner):
    from healthyplaces.places.models import Lsoa
    from shapely.geometry import shape

    lsoa = Lsoa.objects.filter(vintage=2011, local_authority_id="E06000004").exclude(boundary="").first()
    point = shape(json.loads(lsoa.boundary)).representative_point()
    importing.commit(_csv(_row(latitude=str(point.y), longitude=str(point.x))), "a.csv", partner)
    assert Asset.objects.get().lsoa_code == lsoa.code


def test_an_asset_in_another_partners_list_is_a_probable_duplicate(partner, people):
    other = Organisation.objects.get(name="Stockton-on-Tees Borough Council")
    importing.commit(_csv(_row()), "council.csv", other)
    data = _csv(_row(name="Norton Comm. Ctr", address="12 High St Norton", postcode="ts201ab", email="", website=""))
    preview = importing.preview(data, "catalyst.csv", partner)
    assert preview.counts["duplicate"] == 1
    importing.commit(data, "catalyst.csv", partner)
    pair = DuplicateCandidate.objects.get()
    assert {pair.first.partner, pair.second.partner} == {partner, other}


BAD_ROWS = [
    (_row(latitude="48.85", longitude="2.35"), "outside England"),
    (_row(latitude="-1.316", longitude="54.588"), "look swapped"),
    (_row(latitude="north", longitude="-1.3"), "must be numbers"),
    (_row(category="spaceship"), "unknown category 'spaceship'"),
    (_row(category=""), "the category is missing"),
    (_row(postcode="TS20 1A"), "not a UK postcode"),
    (_row(postcode="SW1A 1AAA"), "not a UK postcode"),
    (_row(email="hello at norton"), "not an email address"),
    (_row(website="javascript:alert(1)"), "not a web address"),
    (_row(website="not a url"), "not a web address"),
    (_row(phone="=1+2"), "not a telephone number"),
    (_row(name=""), "the name is missing"),
]


@pytest.mark.parametrize("row,reason", BAD_ROWS, ids=[r for _, r in BAD_ROWS])
def test_each_bad_row_is_refused_with_its_line_and_reason(row, reason, partner):
    data = _csv(_row(name="A good row"), row)
    preview = importing.preview(data, "bad.csv", partner)
    assert preview.counts["invalid"] == 1 and preview.counts["new"] == 1
    assert any(p.startswith("bad.csv, line 3: ") and reason in p for p in preview.problems), preview.problems
    importing.commit(data, "bad.csv", partner)
    assert list(Asset.objects.values_list("name", flat=True)) == ["A good row"]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://evil\")", "+SUM(A1)", "-2+3", "@cmd"])
def test_formula_like_text_is_kept_as_written(cell, partner):
    """Issue 11, one rule for formula-like cells: kept on the way in (the leading sign was removed), as a web
    edit keeps it; downloads neutralise it (test_import_framework)."""
    data = _csv(_row(name=f"{cell} Club", description=cell))
    preview = importing.preview(data, "formula.csv", partner)
    assert preview.counts["new"] == 1 and not any("formula" in n for n in preview.notes)
    importing.commit(data, "formula.csv", partner)
    asset = Asset.objects.get()
    assert (asset.name, asset.description) == (f"{cell} Club", cell)


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(partner):
    data = _csv(_row()) + b"Caf\x81 row,space\n"  # a byte neither UTF-8 nor Windows-1252 (which is read)
    with pytest.raises(ImportRefused, match=r"bad.csv, line 3: the file is not UTF-8"):
        importing.preview(data, "bad.csv", partner)


def test_an_oversized_file_is_refused(partner, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 1000)
    with pytest.raises(ImportRefused, match="the limit is"):
        importing.preview(_csv(*[_row(name=f"Row {i}") for i in range(30)]), "big.csv", partner)


def test_a_file_without_a_name_column_or_of_another_kind_is_refused(partner):
    with pytest.raises(ImportRefused, match="line 1: the header needs a column named 'name'"):
        importing.preview(b"title2,kind\nx,y\n", "a.csv", partner)
    with pytest.raises(ImportRefused, match="choose a .csv, .xlsx"):
        importing.preview(b"x", "a.pdf", partner)
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        importing.preview(b"not a zip", "a.xlsx", partner)


def test_a_repeated_row_in_one_file_is_invalid(partner):
    preview = importing.preview(_csv(_row(), _row()), "twice.csv", partner)
    assert preview.counts == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 0, "invalid": 1}
    assert "the same asset as line 2" in preview.problems[0]


def test_excel_files_import(partner):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([54.588 if h == "latitude" else v for h, v in zip(HEADER, GOOD)])
    sheet.append(_row(category="nonsense"))
    out = io.BytesIO()
    book.save(out)
    preview = importing.preview(out.getvalue(), "assets.xlsx", partner)
    assert preview.counts["new"] == 1 and preview.counts["invalid"] == 1
    assert preview.problems[0].startswith("assets.xlsx, line 3: unknown category")


@pytest.mark.parametrize("name", ["service_full.json", "service_at_location_full.json", "service_at_location_list.json"])
def test_the_standards_own_examples_are_read(name, partner):
    # The examples' locations are placeholders: latitude 100 and postcode "ABC 1234", refused with reasons.
    preview = importing.preview((ORUK / name).read_bytes(), name, partner)
    assert [r.values["name"] for r in preview.rows] == ["Community Counselling"]
    assert preview.counts["invalid"] == 1
    assert any("not a place on Earth" in p for p in preview.problems)
    assert any(f"{name}, line " in p for p in preview.problems)


def test_the_standards_service_list_example_imports(partner):
    # A listed service has no location, so it imports without one.
    data = (ORUK / "service_list.json").read_bytes()
    assert importing.preview(data, "service_list.json", partner).counts["new"] == 1
    importing.commit(data, "service_list.json", partner)
    assert Asset.objects.get().name == "Community Counselling"


def test_an_oruk_service_with_real_values_imports(partner):
    service = json.loads((ORUK / "service_full.json").read_text())
    location = service["service_at_locations"][0]["location"]
    location["latitude"], location["longitude"] = 54.5705, -1.3187
    location["addresses"][0]["postal_code"] = "TS18 1AB"
    data = json.dumps(service).encode()
    importing.commit(data, "service.json", partner)
    asset = Asset.objects.get()
    assert asset.external_id == service["id"] and asset.provider == "Example Organization Inc."
    assert asset.category == "institution" and asset.postcode == "TS18 1AB" and asset.lsoa_code
    assert importing.preview(data, "service.json", partner).counts["unchanged"] == 1


def test_the_command_previews_then_commits(partner, tmp_path, capsys):
    path = tmp_path / "assets.csv"
    path.write_bytes(_csv(_row(), _row(postcode="nonsense", name="Bad postcode")))
    call_command("assets", "import", str(path), "--partner", "Catalyst Stockton")
    out, err = capsys.readouterr()
    assert "Preview only" in err and "1 new" in err and "1 invalid" in err
    assert "not a UK postcode" in out and not Asset.objects.exists()
    call_command("assets", "import", str(path), "--partner", "Catalyst Stockton", "--commit")
    assert Asset.objects.count() == 1
    with pytest.raises(CommandError, match="No organisation"):
        call_command("assets", "import", str(path), "--partner", "Nobody")


def _analysed_tables():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchall():
                return set()
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()")
        return {row[0] for row in cursor.fetchall()}


def test_a_committed_import_refreshes_the_query_planners_statistics(partner, django_capture_on_commit_callbacks):
    assert "assets_asset" not in _analysed_tables()
    with django_capture_on_commit_callbacks(execute=True):
        importing.commit(_csv(_row(), _row(name="Norton Youth Club")), "assets.csv", partner)
    assert {"assets_asset", "assets_sourcerecord"} <= _analysed_tables()
