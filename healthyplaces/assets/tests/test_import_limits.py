"""Issue 10: an asset import's cost is bounded before its limits are checked, the file is parsed
once per upload, NUL bytes are refused per line, and an unterminated quote is reported where it opened."""
import csv
import io
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook
from openpyxl.worksheet import _reader

from healthyplaces.accounts.models import Role
from healthyplaces.assets.models import Asset
from healthyplaces.uploads.models import HeldUpload

pytestmark = pytest.mark.django_db

GOOD = "Norton Community Centre,space,TS20 1AB,54.5880,-1.3160\n"
HEADER = "name,category,postcode,latitude,longitude\n"


def _upload(data, name):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@pytest.fixture
def partner(client_for, people):
    return client_for(people[Role.PARTNER])


@pytest.fixture
def rows_read(monkeypatch):
    """How many records the csv module handed over, counted on csv.reader wherever it is used."""
    counter = {"records": 0}
    real = csv.reader

    class Counting:
        def __init__(self, *args, **kwargs):
            self.inner = real(*args, **kwargs)

        def __iter__(self):
            return self

        def __next__(self):
            row = next(self.inner)
            counter["records"] += 1
            return row

        @property
        def line_num(self):
            return self.inner.line_num

    monkeypatch.setattr(csv, "reader", Counting)
    return counter


@pytest.fixture
def rows_never_parsed(monkeypatch):
    """openpyxl's parse of a sheet's rows fails the test if it is reached."""
    def parse(self):
        raise AssertionError("openpyxl parsed the sheet's rows")
        yield

    monkeypatch.setattr(_reader.WorkSheetParser, "parse", parse)


def test_a_csv_past_the_row_limit_is_refused_having_read_only_the_limit_and_one(partner, rows_read):
    """Issue 10, import cost: a CSV of 300,000 rows is refused after 100,001, not parsed whole."""
    data = (HEADER + "a,b\n" * 300_000).encode()
    page = partner.post("/assets/import/", {"file": _upload(data, "big.csv")}).content.decode()
    assert "more than 100,000 rows" in page
    assert rows_read["records"] <= 100_002  # the header and the first row past the limit
    assert not HeldUpload.objects.exists()


def _xlsx(rows):
    book = Workbook()  # (a write-only workbook declares no dimension)
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_declaring_wide_rows_is_refused_before_its_rows_are_parsed(partner, rows_never_parsed):
    """Issue 10, import cost: the sheet's declared dimension (600 columns) is checked before openpyxl parses a row."""
    data = _xlsx([["name", "category"] + [f"c{i}" for i in range(598)], ["Hall", "space"] + ["x"] * 598])
    page = partner.post("/assets/import/", {"file": _upload(data, "wide.xlsx")}).content.decode()
    assert "600 columns; a row may have at most 500 cells" in page
    assert not HeldUpload.objects.exists()


def test_an_xlsx_declaring_too_many_rows_is_refused_before_its_rows_are_parsed(partner, rows_never_parsed):
    """Issue 10, import cost: the declared dimension (100,002 rows) is checked before any row is parsed."""
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "category"])
    sheet.cell(row=100_002, column=1, value="Hall")
    out = io.BytesIO()
    book.save(out)
    page = partner.post("/assets/import/", {"file": _upload(out.getvalue(), "long.xlsx")}).content.decode()
    assert "100,002 rows; import at most 100,000 at a time" in page


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_it_is_opened(partner, rows_never_parsed, monkeypatch):
    """Issue 10, import cost: a workbook whose zip unpacks to 60 MB (from 60 KB) is refused from its zip directory."""
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the workbook"))
    out = io.BytesIO(_xlsx([["name", "category"], ["Hall", "space"]]))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000
    page = partner.post("/assets/import/", {"file": _upload(out.getvalue(), "bomb.xlsx")}).content.decode()
    assert "the workbook unpacks to 60 MB; the limit is 50 MB" in page


def test_an_xlsx_declaring_no_size_is_not_read_whole_to_find_its_size(partner, monkeypatch):
    """Issue 10, import cost: a sheet with no declared dimension (openpyxl's write-only mode writes none) made
    openpyxl read every cell to find its end before the first row was checked; now the first wide row stops it."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for _ in range(60):
        sheet.append(["x"] * 600)
    out = io.BytesIO()
    book.save(out)
    events = {"count": 0}
    real = _reader.iterparse

    def counting(*args, **kwargs):
        for event in real(*args, **kwargs):
            events["count"] += 1
            yield event

    monkeypatch.setattr(_reader, "iterparse", counting)
    page = partner.post("/assets/import/", {"file": _upload(out.getvalue(), "nosize.xlsx")}).content.decode()
    assert "nosize.xlsx, line 1: the row has 600 cells; a row may have at most 500" in page
    assert events["count"] < 6_000  # a few rows of XML elements, not the sheet's 36,000 cells (over 72,000 elements)


def test_a_wide_row_is_refused_with_its_line(partner):
    """Issue 10, import cost: a row with more cells than allowed stops the read at its line."""
    data = (HEADER + GOOD + "," * 700 + "\n" + GOOD).encode()
    page = partner.post("/assets/import/", {"file": _upload(data, "wide.csv")}).content.decode()
    assert "wide.csv, line 3: the row has 701 cells; a row may have at most 500" in page


def test_a_nul_byte_is_refused_at_its_line_and_never_stored(partner):
    """Issue 10, NUL bytes: the row is refused at its line in the preview; confirming stores the other rows only
    (on main the NUL was stored on SQLite and the confirm step was a 500 on PostgreSQL)."""
    data = (HEADER + GOOD + "Roseworth\x00 Lunch Club,association,TS19 9ZZ,54.58,-1.34\n").encode()
    response = partner.post("/assets/import/", {"file": _upload(data, "nul.csv")})
    assert response.status_code == 302
    preview = partner.get(response["Location"])
    assert preview.context["counts"]["invalid"] == 1
    assert "nul.csv, line 3: there is a NUL byte" in preview.content.decode()
    assert partner.post(response["Location"]).status_code == 302
    assert list(Asset.objects.values_list("name", flat=True)) == ["Norton Community Centre"]


def test_a_nul_escape_in_open_referral_json_is_refused_at_its_line(partner):
    """Issue 10, NUL bytes: "\\u0000" in a JSON string is refused, naming the line, before anything is held."""
    data = b'[\n  {"id": "s1", "name": "Hall"},\n  {"id": "s2", "name": "Club\\u0000"}\n]\n'
    page = partner.post("/assets/import/", {"file": _upload(data, "services.json")}).content.decode()
    assert "services.json, line 3: there is a NUL byte" in page
    assert not HeldUpload.objects.exists() and not Asset.objects.exists()


def test_an_unterminated_quote_is_reported_at_the_line_where_it_opened(partner):
    """Issue 10, quote errors: the quote opened on line 3 swallows the rest of the file; line 3 is named."""
    data = (HEADER + GOOD + '"Roseworth Lunch Club,association,TS19 9ZZ,54.58,-1.34\n' + GOOD + GOOD).encode()
    page = partner.post("/assets/import/", {"file": _upload(data, "quote.csv")}).content.decode()
    assert "quote.csv, line 3: a quoted value starts here but its closing quote" in page


def test_a_quoted_value_over_two_lines_keeps_the_next_rows_physical_lines(partner):
    """Issue 10, quote errors: after a value spanning lines 2-3, the bad row is reported as line 4, as an editor shows."""
    data = (HEADER + '"Norton\nCentre",space,TS20 1AB,54.588,-1.316\nClub,spaceship,TS19 9ZZ,54.58,-1.34\n').encode()
    response = partner.post("/assets/import/", {"file": _upload(data, "lines.csv")})
    assert "lines.csv, line 4: unknown category" in partner.get(response["Location"]).content.decode()


def test_confirming_writes_the_previews_parse_without_reading_the_file_again(partner, monkeypatch):
    """Issue 10, parse once: the held file is spoiled and the csv module made to fail; confirm still imports."""
    data = (HEADER + GOOD).encode()
    response = partner.post("/assets/import/", {"file": _upload(data, "once.csv")})
    assert partner.get(response["Location"]).context["counts"]["new"] == 1
    HeldUpload.objects.update(content=b"\xff not the file")
    monkeypatch.setattr(csv, "reader", lambda *a, **k: pytest.fail("the file was parsed again"))
    assert partner.post(response["Location"]).status_code == 302
    assert list(Asset.objects.values_list("name", flat=True)) == ["Norton Community Centre"]


@override_settings(MAX_UPLOAD_SIZE=4096)
def test_a_file_over_the_upload_cap_gets_a_message_naming_the_limit(partner):
    """Issue 10, request bodies: a file over MAX_UPLOAD_SIZE is not kept; the form says so, naming the limit."""
    data = (HEADER + GOOD * 190).encode()
    assert 10_000 < len(data) < 10_700
    response = partner.post("/assets/import/", {"file": _upload(data, "big.csv")})
    assert response.status_code == 200
    assert "The file is 10 KB; one upload may be at most 4 KB." in response.content.decode()
    assert not HeldUpload.objects.exists()
