"""Issue 10: the one reader every import uses (healthyplaces.importing), on what the importers' tests do not reach."""
import io

import pytest
from openpyxl import Workbook

from healthyplaces.importing import ImportRefused, read_csv, read_xlsx


def _refusal(function, *args, **kwargs):
    with pytest.raises(ImportRefused) as refused:
        function(*args, **kwargs)
    return [str(problem) for problem in refused.value.problems]


def test_each_record_keeps_the_physical_line_it_starts_on():
    """Issue 10, quote errors: a quoted value over three lines and a blank line do not shift later lines."""
    table = read_csv(b'a,b\n1,"one\ntwo\nthree"\n\n2,x\n', "f.csv")
    assert table.rows == [(2, ["1", "one\ntwo\nthree"]), (6, ["2", "x"])]


@pytest.mark.parametrize("text,line", [
    ('a,b\n1,2\n3,"open\n4,5\n6,7\n', 3),
    ('a,b\n1,"closed\nhere"\n3,"open ""quoted"" words\n4,5\n', 4),  # doubled quotes neither open nor close
    ('a,b\n"x",y\n1,"two\nlines ""and"" ""more""\n', 3),  # doubled quotes on a later line of the open value
])
def test_an_unterminated_quote_is_refused_at_the_line_where_it_opened(text, line):
    """Issue 10, quote errors: the open quote swallows the rest of the file; its own line is named."""
    assert _refusal(read_csv, text.encode(), "f.csv") == [
        f'f.csv, line {line}: a quoted value starts here but its closing quote (") is missing']


def test_text_after_a_closing_quote_is_refused_at_its_line():
    assert _refusal(read_csv, b'a,b\n1,2\n3,"x"y\n', "f.csv") == [
        "f.csv, line 3: not well-formed CSV (',' expected after '\"')"]


def test_a_nul_byte_is_a_problem_of_its_line_and_the_row_is_left_out():
    """Issue 10, NUL bytes: refused per line; the other rows are read."""
    table = read_csv(b"a,b\n1,2\n3,\x00\n5,6\n", "f.csv")
    assert [line for line, _ in table.rows] == [2, 4]
    assert [str(p) for p in table.problems] == [
        "f.csv, line 3: there is a NUL byte (character 0) here, which cannot be stored; remove it and import again"]


def test_a_workbook_with_no_declared_size_stops_at_its_first_wide_row():
    """Issue 10, import cost: without a declared dimension each row is checked as it is read; line 3 is named."""
    book = Workbook(write_only=True)  # write-only workbooks declare no dimension
    sheet = book.create_sheet()
    sheet.append(["name", "category"])
    sheet.append(["Hall", "space"])
    sheet.append(["x"] * 600)
    sheet.append(["Club", "association"])
    out = io.BytesIO()
    book.save(out)
    assert _refusal(read_xlsx, out.getvalue(), "w.xlsx", max_rows=10) == [
        "w.xlsx, line 3: the row has 600 cells; a row may have at most 500"]


def test_a_workbook_past_the_row_limit_is_refused():
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for n in range(12):
        sheet.append([f"row {n}"])
    out = io.BytesIO()
    book.save(out)
    assert _refusal(read_xlsx, out.getvalue(), "w.xlsx", max_rows=10) == [
        "w.xlsx: the file has more than 10 rows; import at most 10 at a time"]


@pytest.mark.parametrize("data,encoding", [
    ("question,answer\nQ,Café by the green £2\n".encode("utf-8"), "UTF-8"),
    ("question,answer\nQ,Café by the green £2\n".encode("utf-8-sig"), "UTF-8 with a byte order mark"),
    ("question,answer\nQ,Café by the green £2\n".encode("cp1252"), "Windows-1252"),  # Excel's plain "CSV"
])
def test_utf8_with_or_without_a_byte_order_mark_and_windows_1252_are_read_and_named(data, encoding):
    """Issue 12, encodings: a survey export saved as Windows-1252 was refused as "not UTF-8"; every
    importer reads through this one reader, and the table says which encoding it read."""
    table = read_csv(data, "survey.csv")
    assert table.header == ["question", "answer"] and table.rows == [(2, ["Q", "Café by the green £2"])]
    assert table.encoding == encoding


@pytest.mark.parametrize("data,line", [
    (b"a,b\n1,2\n3,caf\x81\n", 3),  # a byte Windows-1252 does not define
    ("a,b\n1,café\n".encode("utf-8") + "3,café\n".encode("cp1252"), 3),  # both in one file: either guess garbles
])
def test_text_in_neither_encoding_is_refused_at_the_line_of_its_first_bad_byte(data, line):
    assert _refusal(read_csv, data, "f.csv") == [
        f"f.csv, line {line}: the file is not UTF-8 text, nor Windows-1252 (save it as 'CSV UTF-8')"]


def _password_protected(data):
    """The zip with every member marked as encrypted in its central directory, as a password-protected
    workbook or package is (Python's zip reader cannot write one)."""
    import zipfile

    out = bytearray(data)
    start = out.find(zipfile.stringCentralDir)
    while start != -1:
        out[start + 8] |= 0x1  # general purpose flag bit 0: encrypted
        start = out.find(zipfile.stringCentralDir, start + 4)
    return bytes(out)


def test_a_password_protected_workbook_or_package_is_refused_not_an_error():
    """Python's zip reader raises RuntimeError for an encrypted member: both zip readers refuse it with the
    same message as any unreadable zip (the workbook reader let it through as a server error)."""
    import zipfile

    from healthyplaces.importing.packages import read_zip

    book = io.BytesIO()
    Workbook().save(book)
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        read_xlsx(_password_protected(book.getvalue()), "locked.xlsx", max_rows=10)
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("services.csv", "id,name\n1,Talking Together\n")
    with pytest.raises(ImportRefused, match="not a zip file that can be read"):
        read_zip(_password_protected(package.getvalue()), "locked.zip")
