"""CSV and Excel that are safe to open in a spreadsheet, for every download and command-line export.

This is the one rule for formula-like cells on the way out; on the way in they are kept as written
(healthyplaces.importing).
"""
import csv
import io
import re

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def safe_cell(value):
    """Text that a spreadsheet would run is prefixed with an apostrophe; numbers stay numbers, whole ones without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def write_csv(stream, columns, rows):
    write_rows(stream, [columns, *rows])


def write_rows(stream, rows, *, delimiter=","):
    """Delimited rows with no header of their own (a Pabulib file writes several tables, `;`-separated)."""
    writer = csv.writer(stream, lineterminator="\n", delimiter=delimiter)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])


def xlsx_bytes(sheet_title, columns, rows):
    """A one-sheet Excel workbook of the columns and rows, every cell through `safe_cell`."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append(list(columns))
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_response(filename, columns, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, columns, rows)
    return response


def write_table(stream, columns, rows):
    """A plain aligned text table for the terminal."""
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    stream.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        stream.write("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")


def write_output(stream, columns, rows, fmt="table"):
    (write_csv if fmt == "csv" else write_table)(stream, columns, rows)
