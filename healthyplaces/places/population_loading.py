"""ONS small-area population estimates: mid-year populations by LSOA, sex and age, as ONS publishes them.

ONS's workbooks of "Lower layer Super Output Area population estimates" come in two layouts, both read:
- from mid-2021 (2021 LSOAs; `sapelsoasyoa20222024.xlsx` and the like): a sheet a year ("Mid-2022 LSOA 2021"),
  its header under a few lines of notes: the local authority's code and name, "LSOA 2021 Code", "LSOA 2021
  Name", "Total", then each sex's ages: F0 … F90 and M0 … M90 (single years; 90 is 90 and over), or
  "F0 to 4" … "F90 and over" and "M0 to 4" … (five-year bands);
- up to mid-2020 (2011 LSOAs; `sape23dt2mid2020lsoasyoaestimatesunformatted.xlsx`): a sheet a year and sex
  ("Mid-2020 Males", "Mid-2020 Females"; "Persons" is their sum and is not read): "LSOA Code", …,
  "All Ages", 0 … 89, "90+".
A sheet saved as CSV is read too, given its year (and, for the older layout, its sex).

Single years are summed into the life table's bands (<1, 1-4, 5-9 … 85-89, 90+). Five-year bands are kept as
published (0-4, 5-9 … 90+): a life table cannot use them below age 5, and the deaths import says so. Rows of
Welsh LSOAs are passed over; an English LSOA must be one the platform holds in that edition. Every line is
checked (counts whole and not negative, the ages adding up to the total, each LSOA once a sheet) before the
years loaded replace what is held for them, in one transaction.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import ImportRefused, Problem, Problems, decode, insert, read_records, read_workbook_sheets

from .models import Lsoa, SmallAreaPopulation

LIFE_TABLE_STARTS = [0, 1, *range(5, 95, 5)]
SEXES = {"F": "Female", "M": "Male"}
_YEAR_SHEET = re.compile(r"^mid-?\s*(\d{4})\b(.*)$", re.IGNORECASE)
_SINGLE = re.compile(r"^([FM])(\d{1,2})\+?$")
_FIVE = re.compile(r"^([FM])\s*(\d{1,2})\s*(?:to|-)\s*(\d{1,2})$|^([FM])\s*(\d{1,2})\s*(?:and over|\+)$", re.IGNORECASE)
_OLD_AGE = re.compile(r"^(\d{1,2})(\+?)$")


@dataclass
class Sheet:
    """One sheet (or CSV) to read: its name for problems, its year, its sex (older layout only) and rows."""

    name: str
    year: int
    sex: str
    rows: list  # (line, cells), the header among them


@dataclass
class Layout:
    """Where a sheet's header is and what each column holds."""

    header_line: int
    lsoa: int
    total: int
    vintage: int
    ages: list  # (column, sex, start, end or None for "and over")


def _plain(cell):
    return re.sub(r"\s+", " ", str(cell if cell is not None else "")).strip()


def _layout(sheet):
    """The sheet's layout from the first line that names an LSOA code column, or None."""
    for line, cells in sheet.rows[:20]:
        names = [_plain(c) for c in cells]
        lower = [n.lower() for n in names]
        lsoa = next((i for i, n in enumerate(lower) if re.fullmatch(r"lsoa( 20(11|21))? code", n)), None)
        if lsoa is None:
            continue
        vintage = 2011 if "2011" in lower[lsoa] else 2021 if "2021" in lower[lsoa] else None
        total = next((i for i, n in enumerate(lower) if n in ("total", "all ages")), None)
        ages = []
        for i, name in enumerate(names):
            if (single := _SINGLE.match(name)):
                start = int(single.group(2))
                ages.append((i, SEXES[single.group(1)], start, start if start < 90 else None))
            elif (five := _FIVE.match(name)):
                if five.group(1):
                    ages.append((i, SEXES[five.group(1).upper()], int(five.group(2)), int(five.group(3))))
                else:
                    ages.append((i, SEXES[five.group(4).upper()], int(five.group(5)), None))
            elif sheet.sex and (old := _OLD_AGE.match(name)) and i > (total if total is not None else lsoa):
                start = int(old.group(1))
                ages.append((i, sheet.sex, start, None if old.group(2) or start == 90 else start))
        if vintage is None:
            vintage = 2011 if sheet.sex else 2021  # the per-sex sheets are ONS's 2011-LSOA editions
        if total is None or not ages:
            return None
        return Layout(line, lsoa, total, vintage, ages)
    return None


def _layout_refusal(sheet):
    first = next((", ".join(_plain(c) for c in cells[:8] if _plain(c)) for _, cells in sheet.rows[:20]
                  if any(_plain(c) for c in cells)), "nothing")
    return Problem(sheet.name, 1, "this is not an ONS small-area population estimates sheet in a layout the platform "
                                  "knows: it reads a header with 'LSOA 2021 Code' (or 'LSOA Code'), 'Total' (or "
                                  "'All Ages') and each sex's ages (F0 … F90 and M0 … M90, or 'F0 to 4' … "
                                  f"'F90 and over'), or a sheet per sex with ages 0 … 89, 90+. It begins: {first}")


def _bands(ages):
    """Each age column's life-table band (start, end): single years are summed into <1, 1-4, 5-9 … 90+;
    published bands are kept."""
    out = []
    for column, sex, start, end in ages:
        if end is not None and end == start:  # a single year
            band = max(s for s in LIFE_TABLE_STARTS if s <= start)
            following = [s for s in LIFE_TABLE_STARTS if s > band]
            out.append((column, sex, band, following[0] - 1 if following else None))
        else:
            out.append((column, sex, start, end))
    return out


def _whole(cell):
    """A count as written in the sheet (a number, or text with thousands separators), or None."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return int(cell) if float(cell).is_integer() else None
    text = _plain(cell).replace(",", "")
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def read_sheet(sheet, known, problems):
    """The sheet's populations {(code, sex, start, end): count} for England's LSOAs, its LSOA edition; each
    problem with its line."""
    layout = _layout(sheet)
    if layout is None:
        problems.items.append(_layout_refusal(sheet))
        return {}, None
    bands = _bands(layout.ages)
    found, seen = {}, {}
    for line, cells in sheet.rows:
        if line <= layout.header_line or not any(_plain(c) for c in cells):
            continue
        code = _plain(cells[layout.lsoa] if layout.lsoa < len(cells) else "").upper()
        if code.startswith("W01"):
            continue  # Wales: not held
        if not re.fullmatch(r"E01\d{6}", code):
            problems.add(sheet.name, line, f"{code!r} is not an LSOA code")
            continue
        if code not in known[layout.vintage]:
            problems.add(sheet.name, line, f"{code} is not an LSOA of England's {layout.vintage} edition held here")
            continue
        if code in seen:
            problems.add(sheet.name, line, f"{code} is listed twice (first on line {seen[code]})")
            continue
        seen[code] = line
        counts, bad = {}, False
        for column, sex, start, end in bands:
            value = _whole(cells[column]) if column < len(cells) else None
            if value is None or value < 0:
                problems.add(sheet.name, line, f"{code}: {_plain(cells[column]) if column < len(cells) else ''!r} "
                             "is not a count of people (a whole number, 0 or more)")
                bad = True
                break
            counts[(code, sex, start, end)] = counts.get((code, sex, start, end), 0) + value
        total = _whole(cells[layout.total]) if layout.total < len(cells) else None
        if bad:
            continue
        if total is None or total != sum(counts.values()):
            problems.add(sheet.name, line, f"{code}: the total {_plain(cells[layout.total])!r} is not the sum of "
                         f"its ages ({sum(counts.values()):,})")
            continue
        found.update(counts)
    if not seen and not problems.items:
        problems.add(sheet.name, 0, "the sheet has no rows of English LSOAs")
    return found, layout.vintage


def _workbook_sheets(data, filename, year):
    """The workbook's sheets of a year ("Mid-2022 …"; only `year`'s if given), each sex's for the older layout."""
    sheets = []
    for title, rows in read_workbook_sheets(data, filename):
        match = _YEAR_SHEET.match(title.strip())
        if not match or (year and int(match.group(1)) != year):
            continue
        rest = match.group(2).strip().lower()
        sex = "Male" if rest.startswith("male") else "Female" if rest.startswith("female") else ""
        if rest.startswith("persons"):
            continue  # the sum of the two sexes' sheets
        sheets.append(Sheet(f"{filename}: {title}", int(match.group(1)), sex, rows))
    if not sheets:
        wanted = f"mid-{year}" if year else "a year"
        raise ImportRefused([Problem(filename, 0, f"the workbook has no sheet of {wanted} (ONS names them "
                                                  "'Mid-2022 LSOA 2021', or 'Mid-2020 Males' and 'Mid-2020 Females')")])
    return sheets


def read_file(path, year=None, sex=""):
    """Every sheet of the file checked: ({(vintage, year): {(code, sex, start, end): count}}, sheets read),
    or ImportRefused naming each bad line. A CSV needs its year (and its sex for the older layout)."""
    path = Path(path)
    data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        sheets = _workbook_sheets(data, path.name, year)
    else:
        if not year:
            raise ImportRefused([Problem(path.name, 0, "give the mid-year the CSV holds (--year)")])
        text = decode(data, path.name)
        rows = list(read_records(text, path.name))
        sheets = [Sheet(path.name, year, {"male": "Male", "female": "Female"}.get(sex.lower(), ""), rows)]
    known = {vintage: set(Lsoa.objects.filter(vintage=vintage).values_list("code", flat=True)) for vintage in (2011, 2021)}
    problems = Problems()
    years = {}
    for sheet in sheets:
        found, vintage = read_sheet(sheet, known, problems)
        if vintage is not None:
            held = years.setdefault((vintage, sheet.year), {})
            clash = set(found) & set(held)
            if clash:
                problems.add(sheet.name, 0, f"mid-{sheet.year} is given twice for the same LSOAs and sex")
            held.update(found)
    problems.refuse_if_any()
    return years, [s.name for s in sheets]


@transaction.atomic
def write(years, source, user=None):
    """Replace the populations held for each (edition, year) read; returns the rows written."""
    written = 0
    with audit.acting_as(user or audit.current_actor()):
        for (vintage, year), counts in sorted(years.items()):
            SmallAreaPopulation.objects.filter(vintage=vintage, year=year).delete()
            insert(SmallAreaPopulation, ({"lsoa_code": code, "vintage": vintage, "year": year, "sex": sex,
                                          "startage": start, "endage": end, "population": count, "source": source[:200]}
                                         for (code, sex, start, end), count in sorted(counts.items(), key=str)))
            written += len(counts)
            audit.record("import", "places.SmallAreaPopulation", "", f"mid-{year} LSOA {vintage}",
                         {"rows": [None, len(counts)]})
    return written


def load_file(path, year=None, sex="", user=None):
    """Read, check and load an ONS small-area population estimates file. Returns (rows, [(vintage, year)])."""
    years, _ = read_file(path, year, sex)
    return write(years, f"ONS small-area population estimates ({Path(path).name})", user), sorted(years)


def held_populations(codes, years):
    """{(code, sex, year, startage): (population, endage)} held for these LSOA codes and years, either edition
    (a code unchanged between 2011 and 2021 is the same area); Persons is the two sexes summed."""
    out = {}
    rows = SmallAreaPopulation.objects.filter(lsoa_code__in=list(codes), year__in=list(years)).order_by("vintage")
    for code, sex, year, start, end, count in rows.values_list("lsoa_code", "sex", "year", "startage", "endage",
                                                                "population"):
        out[(code, sex, year, start)] = (count, end)
    for (code, sex, year, start), (count, end) in list(out.items()):
        if sex == "Female" and (code, "Male", year, start) in out:
            out[(code, "Persons", year, start)] = (count + out[(code, "Male", year, start)][0], end)
    return out
