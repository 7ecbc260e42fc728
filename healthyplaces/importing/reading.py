"""Opening an imported file safely: the one reader every importer uses (CSV, Excel, JSON, text).

A file is read only as far as its limits allow, so a hostile or mistaken upload costs little:
reading stops at the first row past the row limit, a row wider than the cell limit stops it at its
line, and an Excel workbook is refused from its zip directory and its sheet's declared size before
any row is parsed. What is read keeps each record's physical line in the file (a quoted value may
span lines), so every problem names the line a person sees in their editor. A NUL byte (character
0) is refused per line: PostgreSQL cannot store it, and nobody means to import it.

`Columns` reads a CSV by column name and its cells as numbers, each problem with its line; what an
importer then checks against what is held is its own.
"""
import csv
import io
import json
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from .problems import MAX_PROBLEMS, NUL_REASON, ImportRefused, Problem, refuse

MAX_CELLS = 500  # cells in one row; the widest file imported today has under 70 columns
MAX_UNPACKED = 50 * 1024 * 1024  # an .xlsx's parts unpacked; a 10 MB workbook of real data unpacks to about 40 MB
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


@dataclass
class Table:
    """A file's header and its non-blank rows as (line, cells); `problems` are lines refused while reading;
    `encoding` the text encoding a CSV was read in (blank for a workbook), for the preview to say."""

    name: str
    header: list
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    encoding: str = ""

    def refuse_if_problems(self):
        if self.problems:
            raise ImportRefused(self.problems[:MAX_PROBLEMS])


class Columns:
    """A CSV file read by column name: the named columns found in its header, each row as wide as it.

    Columns are found by name ignoring case, spaces and underscores (`IndicatorID`, `Indicator ID` and
    `indicator_id` are one column), or with `by_start` by the start of their header text (the
    official files' headers are long, and one is cut short in the published file itself). With
    `short_rows`, a row that leaves off trailing cells of optional columns is read with those cells
    blank (spreadsheets and some exporters drop empty cells at a row's end). What is wrong (a column
    missing, a row of the wrong width, a number that is not one) goes to `problems`, each with its
    line, so an importer can check every row before it refuses the file.
    """

    def __init__(self, data, filename, problems, required, optional=(), *, max_rows=None, by_start=False,
                 short_rows=False):
        self.name, self.problems, self.rows, self.index = filename, problems, [], {}
        try:
            table = read_csv(data, filename, max_rows=max_rows)
        except ImportRefused as refused:
            problems.extend(refused.problems)
            return
        problems.extend(table.problems)
        if not table.header:
            problems.add(filename, 1, "the file is empty")
            return
        header = [h.strip() for h in table.header]
        for column in [*required, *optional]:
            found = [i for i, h in enumerate(header)
                     if (h.startswith(column) if by_start else _same_name(h, column))]
            if found:
                self.index[column] = found[0]
        missing = [c for c in required if c not in self.index]
        if missing and by_start:
            for column in missing:
                problems.add(filename, 1, f"the header has no column starting {column!r}")
        elif missing:
            problems.add(filename, 1, "wrong header: no column " + ", ".join(repr(c) for c in missing)
                         + " (expected " + ", ".join(required) + ")")
        if missing:
            return
        needed = 1 + max(self.index[c] for c in required) if required else 0
        for line, row in table.rows:
            if short_rows and needed <= len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            if len(row) != len(header):
                problems.add(filename, line, f"expected {len(header)} values, found {len(row)}")
                continue
            self.rows.append((line, row))
        if not self.rows and not problems:
            problems.add(filename, 0, "the file has no data rows")

    def get(self, row, column, default=""):
        return row[self.index[column]].strip() if column in self.index else default

    def number(self, line, row, column, low=None, high=None, *, whole=False, blank_ok=False, problems=None):
        """The cell as a number (thousands separators allowed) from `low` to `high`, or None with a problem.

        A blank cell (or NA) is None without a problem where `blank_ok`. The problem goes to `problems`
        where given (an importer that leaves out a line on its own), else to the file's.
        """
        problems = self.problems if problems is None else problems
        text = self.get(row, column)
        if blank_ok and text in ("", "NA"):
            return None
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            problems.add(self.name, line, f"{column!r} is {text!r}, which is not a number")
            return None
        kind = "a whole number" if whole else "a number"
        if low is not None and high is not None:
            kind += f" from {low:g} to {high:g}"
        elif low is not None:
            kind += f" of {low:g} or more"
        if (not math.isfinite(value) or (whole and value != int(value)) or (low is not None and value < low)
                or (high is not None and value > high)):
            problems.add(self.name, line, f"{column!r} is {text!r}, which is not {kind}")
            return None
        return int(value) if whole else value


def _same_name(header, column):
    """Whether a header cell names the column, ignoring case, spaces and underscores."""
    def plain(text):
        return re.sub(r"[\s_]+", "", text).lower()
    return plain(header) == plain(column)


UTF8, UTF8_BOM, WINDOWS_1252 = "UTF-8", "UTF-8 with a byte order mark", "Windows-1252"
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode(data, filename):
    """The file's text; see `decode_with_encoding()`."""
    return decode_with_encoding(data, filename)[0]


def decode_with_encoding(data, filename):
    """The file's text and the encoding it was read in: UTF-8 (a byte order mark allowed) or Windows-1252.

    Excel's plain "CSV" and many survey tools save Windows-1252, so a file that is not UTF-8 is read
    as Windows-1252, unless it also holds UTF-8's own sequences (a file of both, where guessing would
    garble one or the other) or a byte Windows-1252 does not define: then it is refused at the line
    of the first byte that is not UTF-8.
    """
    if isinstance(data, str):
        return data.lstrip("\ufeff"), UTF8
    try:
        return data.decode("utf-8-sig"), (UTF8_BOM if data.startswith(b"\xef\xbb\xbf") else UTF8)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
    if not _UTF8_SEQUENCE.search(data):
        try:
            return data.decode("cp1252"), WINDOWS_1252
        except UnicodeDecodeError:
            pass
    refuse(filename, line, "the file is not UTF-8 text, nor Windows-1252 (save it as 'CSV UTF-8')")


def read_table(data, filename, *, max_rows, max_cells=MAX_CELLS):
    """A CSV (.csv, .txt) or Excel (.xlsx, .xlsm, first sheet) file, chosen by its name."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, filename, max_rows=max_rows, max_cells=max_cells)
    if name.endswith((".csv", ".txt")):
        return read_csv(data, filename, max_rows=max_rows, max_cells=max_cells)
    refuse(filename, 0, "choose a CSV (.csv) or Excel (.xlsx) file")


def _blank(cells):
    return not any(cell is not None and str(cell).strip() for cell in cells)


def _too_many(filename, max_rows):
    refuse(filename, 0, f"the file has more than {max_rows:,} rows; import at most {max_rows:,} at a time")


def _too_wide(filename, line, cells, max_cells):
    refuse(filename, line, f"the row has {cells:,} cells; a row may have at most {max_cells:,}")


def read_records(text, filename, *, delimiter=",", max_cells=MAX_CELLS):
    """Every record of delimited text as (line, cells), with the physical line it starts on, blank ones too.

    For a file whose header is not its first record (ONS's sheets saved as CSV have title rows above it) or
    that holds several tables (a Pabulib vote's META, PROJECTS and VOTES, `;`-separated); `read_csv` reads a
    plain CSV through it. A row wider than `max_cells` refuses the file; a quote never closed is refused at
    the line where it opened.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if len(cells) > max_cells:
                _too_wide(filename, start, len(cells), max_cells)
            yield start, cells
    except csv.Error as error:
        start = end + 1  # the record that could not be read starts after the last one read
        if "unexpected end of data" in str(error):
            refuse(filename, _quote_opened(text, start), 'a quoted value starts here but its closing quote (") is missing')
        refuse(filename, start if "field limit" in str(error) else reader.line_num, f"not well-formed CSV ({error})")


def read_csv(data, filename, *, max_rows=None, max_cells=MAX_CELLS):
    """A CSV file (bytes or text): the header and each record with the physical line it starts on.

    Reading stops at the first row past `max_rows` (None: no limit, for the official files read
    from disk) and at the first row wider than `max_cells`; both refuse the file. A quote never
    closed is refused at the line where it opened; a record with a NUL byte is a problem of its line.
    """
    text, encoding = decode_with_encoding(data, filename)
    has_nul = "\x00" in text
    table, read = None, 0
    for start, cells in read_records(text, filename, max_cells=max_cells):
        if table is None:
            if has_nul and any("\x00" in cell for cell in cells):
                refuse(filename, start, NUL_REASON)
            table = Table(filename, cells, encoding=encoding)
            continue
        if not "".join(cells).strip():
            continue
        read += 1
        if max_rows is not None and read > max_rows:
            _too_many(filename, max_rows)
        if has_nul and any("\x00" in cell for cell in cells):
            table.problems.append(Problem(filename, start, NUL_REASON))
            continue
        table.rows.append((start, cells))
    return table or Table(filename, [], encoding=encoding)


@dataclass
class ColumnTable:
    """A large file read column by column: each named column as a pandas Series of text, and each row's line."""

    name: str
    header: list
    columns: dict
    lines: object  # numpy array of line numbers

    def __len__(self):
        return len(self.lines)


NARROW = 20  # columns: a file this narrow is read whole by read_columns


def csv_header(text, filename):
    """The first record of a CSV text: its column names as written."""
    first = next(csv.reader(io.StringIO(text[:65536], newline="")), [])
    if not first:
        refuse(filename, 1, "the file is empty")
    return [cell.strip() for cell in first]


def read_columns(data, filename, columns, *, names=None, encoding="utf-8", categories=()):
    """A large machine-written CSV (a national file of millions of rows) as the named columns' text.

    For files read whole by the platform (the postcode directories), where building a list per row
    would cost more than the load: pandas' C parser reads the columns, the ones in `categories` (codes
    that repeat, such as an area's) as categoricals, so checking them costs one look per distinct value.
    `names` gives the columns of a file without a header. Each record must be one line (so every problem
    can name its line); a row wider than the header (in a file of up to NARROW columns), a NUL byte or
    a value that spans lines refuses the file at that line. A row too short reads its missing cells as
    blank, which the caller refuses where a value is needed. Values are as written (not stripped).
    """
    import numpy as np
    import pandas as pd

    if isinstance(data, bytes):
        if b"\x00" in data:
            lines = [n for n, line in enumerate(data.split(b"\n"), start=1) if b"\x00" in line]
            raise ImportRefused([Problem(filename, n, NUL_REASON) for n in lines[:MAX_PROBLEMS]])
        text = decode(data, filename) if encoding == "utf-8" else data.decode(encoding)
    else:
        text = data
    header = names or csv_header(text, filename)
    missing = [c for c in columns if c not in header]
    if missing:
        refuse(filename, 1, "the header has no column " + ", ".join(repr(c) for c in missing))
    try:
        # A file of a few columns is read whole, so a row wider than its header is found; a wide one (the
        # full directory has over 50) by its named columns alone, to keep the memory a few hundred MB.
        usecols = None if len(header) <= NARROW else list(columns)
        frame = pd.read_csv(io.StringIO(text), header=None if names else 0, names=names, usecols=usecols,
                            dtype={c: ("category" if c in categories else str) for c in header},
                            keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as error:
        wide = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if wide:
            refuse(filename, int(wide.group(2)), f"the row has {wide.group(3)} values; the header has {wide.group(1)}")
        refuse(filename, 0, f"not well-formed CSV ({str(error).strip()})")
    first = 1 if names else 2
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(frame) + first - 1 != physical:
        spans = next((n for n, row in enumerate(frame.astype(str).itertuples(index=False), start=first)
                      if any("\n" in value for value in row)), 0)
        refuse(filename, spans, "a value here spans more than one line; this file must have one record a line")
    frame = frame[list(columns)]
    blank = np.ones(len(frame), dtype=bool)
    for column in columns:
        blank &= (frame[column] == "").to_numpy()
    lines = np.arange(first, first + len(frame))
    if blank.any():
        frame, lines = frame[~blank], lines[~blank]
    return ColumnTable(filename, header, {c: frame[c].reset_index(drop=True) for c in columns}, lines)


def _quote_opened(text, start):
    """The line, from `start` on, where the quote still open at the end of the file was opened.

    A doubled quote ("") never changes whether a value is open, so it is left out; after that each
    quote opens or closes, and the last one that opens is the one never closed.
    """
    lines = io.StringIO(text, newline="").readlines()[start - 1:]  # the lines as the csv reader counts them
    open_, opened = False, start
    for number, line in enumerate(lines, start=start):
        quotes = line.replace('""', "").count('"')
        if quotes >= 2 or (quotes == 1 and not open_):
            opened = number
        open_ = open_ != (quotes % 2 == 1)
    return opened


# What Python's zip reader raises for a member it cannot unpack: a damaged or truncated archive, a
# compression method it does not have (NotImplementedError), a password-protected member (RuntimeError).
ZIP_UNREADABLE = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError)


def read_workbook_sheets(data, filename):
    """Every sheet of an Excel workbook as (title, [(line, cells), …]), for files of a sheet a year or a sex
    (ONS's small-area population estimates). They are read from disk by a command, so `read_xlsx`'s upload
    limits are not applied."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        refuse(filename, 0, "this is not an Excel workbook (.xlsx) that can be read")
    try:
        for worksheet in book.worksheets:
            yield worksheet.title, [(line, list(cells)) for line, cells in
                                    enumerate(worksheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def read_xlsx(data, filename, *, max_rows, max_cells=MAX_CELLS):
    """The first sheet of an Excel workbook, checked before its rows are parsed.

    The zip's unpacked size (as its directory declares it; Python's zip reader never unpacks more)
    and the sheet's declared dimension are checked first (openpyxl pads every row to the declared
    width, which is how a small file of wide rows cost minutes); then the sheet is read in read-only
    mode, stopping at the first row past `max_rows` or wider than `max_cells`. A formula cell is read
    as the value the sheet showed when it was saved, which is what the person sees in Excel.
    """
    from openpyxl import load_workbook

    unreadable = "this is not an Excel workbook (.xlsx) that can be read"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        refuse(filename, 0, unreadable)
    with archive:
        unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED:
            refuse(filename, 0, f"the workbook unpacks to {unpacked / 1048576:,.0f} MB; the limit is "
                                f"{MAX_UNPACKED // 1048576} MB (save the sheet as CSV, or split it)")
        try:
            data, undeclared = _declare_sizes(archive, data)
        except ZIP_UNREADABLE:
            refuse(filename, 0, unreadable)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        refuse(filename, 0, unreadable)
    if undeclared:
        sheet.reset_dimensions()  # the placeholder set by _declare_sizes: the rows are read as they are
    try:
        if (sheet.max_column or 0) > max_cells:
            refuse(filename, 0, f"the sheet's size is given as {sheet.max_column:,} columns; a row may have at "
                                f"most {max_cells:,} cells (delete the empty columns after your data)")
        if (sheet.max_row or 0) > max_rows + 1:
            refuse(filename, 0, f"the sheet's size is given as {sheet.max_row:,} rows; import at most "
                                f"{max_rows:,} at a time (delete the empty rows after your data)")
        table, read = None, 0
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(cells) > max_cells:
                _too_wide(filename, line, len(cells), max_cells)
            cells = ["" if cell is None else cell for cell in cells]
            nul = any(isinstance(cell, str) and "\x00" in cell for cell in cells)
            if table is None:
                if nul:
                    refuse(filename, line, NUL_REASON)
                table = Table(filename, cells)
                continue
            if _blank(cells):
                continue
            read += 1
            if read > max_rows:
                _too_many(filename, max_rows)
            if nul:
                table.problems.append(Problem(filename, line, NUL_REASON))
                continue
            table.rows.append((line, cells))
    finally:
        book.close()
    return table or Table(filename, [])


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b")
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_WORKSHEET = re.compile(rb"<(\w+:)?worksheet\b[^>]*>")


def _declare_sizes(archive, data):
    """The workbook, with a placeholder dimension in any sheet that declares none; and whether it had to.

    openpyxl looks for a sheet's dimension when it opens the workbook, and without one it reads
    the whole sheet to find its end: minutes for a few megabytes of wide rows, before any row is
    checked. A placeholder stops that search; the caller then clears it so rows are read as they are.
    """
    sheets = [m.filename for m in archive.infolist() if re.match(r"xl/worksheets/[^/]+\.xml$", m.filename)]
    missing = []
    for name in sheets:
        with archive.open(name) as part:
            head = part.read(65536)
        data_at = _SHEET_DATA.search(head)
        declared = _DIMENSION.search(head)
        if not declared or (data_at and data_at.start() < declared.start()):
            missing.append(name)
    if not missing:
        return data, False
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for member in archive.infolist():
            content = archive.read(member.filename)
            if member.filename in missing:
                content = _WORKSHEET.sub(lambda m: m.group(0) + b"<%sdimension ref=\"A1\"/>" % (m.group(1) or b""),
                                         content, count=1)
            copy.writestr(member.filename, content)
    return out.getvalue(), True


def read_json(data, filename, *, max_bytes):
    """A JSON document and its text (to find lines in); refused if too large, malformed, or holding a NUL."""
    if len(data) > max_bytes:
        refuse(filename, 0, f"the file is {len(data) / 1048576:.1f} MB; the limit is {max_bytes // 1048576} MB")
    text = decode(data, filename)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        refuse(filename, error.lineno, f"not valid JSON ({error.msg})")
    refuse_nul_lines(text, filename, pattern=_NUL_ESCAPE)
    return document, text


def refuse_nul_lines(text, filename, pattern=None):
    """Refuse text (a YAML or JSON file) that holds a NUL byte, or its escape, naming each line."""
    lines = [number for number, line in enumerate(text.splitlines(), start=1)
             if ("\x00" in line) or (pattern is not None and pattern.search(line))]
    if lines:
        raise ImportRefused([Problem(filename, number, NUL_REASON) for number in lines[:MAX_PROBLEMS]])


def nul_paths(value, path=""):
    """Where in a parsed document (YAML, JSON) a key or text holds a NUL byte: paths like `items[2].name`."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            found += [where] if isinstance(key, str) and "\x00" in key else nul_paths(item, where)
        return found
    if isinstance(value, list):
        return [p for number, item in enumerate(value) for p in nul_paths(item, f"{path}[{number}]")]
    return []
