"""Load every postcode in England, live and terminated, from the open files or the ONS Postcode Directory.

Two ways in, one way out:
- `read_shipped(folder)`: the three open files shipped in `data/postcodes/` (SOURCES.md): OS Code-Point
  Open (every live postcode's grid reference and ward), the ONS postcode to LSOA 2011 lookup (May 2022,
  terminated postcodes with their month) and the ONS Postcode Directory cut to grid reference and 2025
  local authority.
- `read_directory(path)`: the ONS Postcode Directory as ONS publishes it (a .csv, .csv.gz or the .zip),
  in its 2025 layout (east1m, north1m, lad25cd, wd25cd, lsoa21cd …) or the one before (oseast1m, oslaua,
  osward, lsoa11, lsoa21 …), so a council can load a newer edition. A file in any other layout is refused.
Both give one table; `write` replaces every postcode with it in one transaction (nothing half-loaded),
after every line is checked; each problem names its file and line. Grid references become latitude and
longitude with pyproj (British National Grid to WGS84). A postcode without an LSOA 2011 in the files
(newer than May 2022) is placed by its point; its LSOA 2021 is its 2011 code where that code is unchanged
in 2021, the directory's where it gives one, else the held 2021 boundary it falls in.
"""
import gzip
import hashlib
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import (ImportRefused, Problem, Problems, csv_header, decode, indexes_built_after,
                                    insert_columns, read_columns, read_csv)

from . import geography
from .models import DataLoad, Lsoa, Postcode
from .wards2021 import assign_2021_wards

DATASET = "Postcodes"
SHIPPED = {
    "code_point": "postcodes/codepo_gb_2025-04.zip",
    "lookup": "postcodes/PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU__slim.csv.gz",
    "directory": "postcodes/onspd_2025_pcd_en_lad25_UK.csv.gz",
}
CODE_POINT_HEADERS = "Doc/Code-Point_Open_Column_Headers.csv"
POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}"
AREA = r"E\d{8}"
LSOA = r"E01\d{6}"
MONTH = r"(19|20)\d\d(0[1-9]|1[0-2])"
ENGLAND = "E92000001"
NO_GRID_REFERENCE = "90"  # Code-Point Open's positional quality: no coordinates
FIELDS = ["postcode", "live", "terminated", "easting", "northing", "lsoa11", "lsoa21", "ward_code", "local_authority_code"]


@dataclass
class Layout:
    """A postcode directory's columns: ours (keys) to the file's names, each a name or a pattern."""

    name: str
    columns: dict

    def match(self, header):
        """The file's column for each of ours, or None if a needed one is missing (lsoa11 may be)."""
        found = {}
        for ours, theirs in self.columns.items():
            names = [h for h in header if re.fullmatch(theirs, h.strip().lower())]
            if names:
                found[ours] = names[0]
            elif ours != "lsoa11":
                return None
        return found


LAYOUTS = [
    Layout("ONS Postcode Directory (2025 layout)", {
        "postcode": "pcds", "terminated": "doterm", "easting": "east1m", "northing": "north1m",
        "country": r"ctry\d\dcd", "local_authority_code": r"lad\d\dcd", "ward_code": r"wd\d\dcd",
        "lsoa21": "lsoa21cd", "lsoa11": "lsoa11cd"}),
    Layout("ONS Postcode Directory (layout before 2025)", {
        "postcode": "pcds", "terminated": "doterm", "easting": "oseast1m", "northing": "osnrth1m",
        "country": "ctry", "local_authority_code": "oslaua", "ward_code": "osward",
        "lsoa21": "lsoa21", "lsoa11": "lsoa11"}),
]


def _layout_refusal(name, header):
    expected = "; or ".join(", ".join(re.sub(r"\\d\\d", "NN", c) for c in layout.columns.values())
                            for layout in LAYOUTS)
    shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
    return ImportRefused([Problem(name, 1, f"this is not a postcode file in a layout the platform knows. It reads "
                                           f"the ONS Postcode Directory as ONS publishes it, with the columns {expected}. "
                                           f"This file's header has: {shown or 'nothing'}")])


def _text(path):
    path = Path(path)
    return gzip.open(path).read() if path.name.endswith(".gz") else path.read_bytes()


def _problems_at(frame, bad, column, problems, what):
    """A problem for each flagged row (the first 50): its file, line and value."""
    for name, line, value in zip(frame.loc[bad, "file"].head(50), frame.loc[bad, "line"].head(50),
                                 frame.loc[bad, column].head(50)):
        problems.add(name, int(line), f"{value!r} is not {what}")


def _check(frame, column, pattern, problems, what, blank_ok=True):
    """Every value of a column matches the pattern (or is blank where allowed); each one that does not is a
    problem. Codes are categoricals, so each distinct value is looked at once."""
    values = frame[column]
    bad = ~values.str.fullmatch(pattern).astype(bool)
    if blank_ok:
        bad &= values != ""
    _problems_at(frame, bad, column, problems, what)


def _check_postcodes(frames, problems):
    """Each file's postcodes well formed and listed once; returns the postcodes and each frame's ids into them."""
    ids, postcodes = pd.factorize(pd.concat([frame["postcode"] for frame in frames], ignore_index=True))
    malformed = ~pd.Series(postcodes).str.fullmatch(POSTCODE).to_numpy(dtype=bool)
    result, at = [], 0
    for frame in frames:
        own = ids[at:at + len(frame)]
        at += len(frame)
        _problems_at(frame, malformed[own], "postcode", problems, "a postcode")
        again = pd.Series(own).duplicated().to_numpy()
        if again.any():
            first = pd.Series(frame["line"].to_numpy(), index=own).groupby(level=0).min()
            for line, postcode, number in zip(frame.loc[again, "line"].head(50), frame.loc[again, "postcode"].head(50),
                                              own[again][:50]):
                problems.add(frame["file"].iloc[0], int(line), f"{postcode} is listed twice (first on line {first[number]})")
        result.append(own)
    return np.asarray(postcodes, dtype=object), result


def _grid(frame, problems):
    """Eastings and northings as numbers (NaN where blank), each outside the National Grid a problem."""
    out = {}
    for column, high in (("easting", 700_000), ("northing", 1_300_000)):
        numbers = pd.to_numeric(frame[column].astype(object).where(frame[column] != "", None), errors="coerce")
        bad = (numbers.isna() & (frame[column] != "")) | (numbers < 0) | (numbers > high)
        _problems_at(frame, bad, column, problems, f"a National Grid {column} from 0 to {high:,}")
        out[column] = numbers.to_numpy(dtype=float)
    return out["easting"], out["northing"]


def _frame(table, rename):
    frame = pd.DataFrame({ours: table.columns[theirs] for ours, theirs in rename.items()})
    frame["line"], frame["file"] = table.lines, table.name
    return frame


# The shipped files

AREA_CODES = ["CY", "DC", "WC", "PQ", "lsoa11cd", "ladcd", "doterm", "lad25cd"]  # read as categoricals


def _code_point(path, problems):
    """Every live postcode in England (April 2025): grid reference, ward and district."""
    frames = []
    with zipfile.ZipFile(path) as archive:
        names = read_csv(archive.read(CODE_POINT_HEADERS), CODE_POINT_HEADERS).header
        for member in sorted(m for m in archive.namelist() if m.startswith("Data/CSV/") and m.endswith(".csv")):
            table = read_columns(archive.read(member), f"{Path(path).name}: {member}",
                                 ["PC", "PQ", "EA", "NO", "CY", "DC", "WC"], names=names, categories=AREA_CODES)
            frame = _frame(table, {"postcode": "PC", "quality": "PQ", "easting": "EA", "northing": "NO",
                                   "country": "CY", "local_authority_code": "DC", "ward_code": "WC"})
            frame = frame[(frame["country"] == ENGLAND).to_numpy()].reset_index(drop=True)
            ungridded = (frame["quality"] == NO_GRID_REFERENCE).to_numpy()
            frame.loc[ungridded, ["easting", "northing"]] = ""
            frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    for column in ("ward_code", "local_authority_code"):
        frame[column] = frame[column].astype("category")
    _check(frame, "ward_code", AREA, problems, "an English ward code")
    _check(frame, "local_authority_code", AREA, problems, "an English local authority code")
    frame["easting"], frame["northing"] = _grid(frame, problems)
    return frame


def _lookup(path, problems):
    """The ONS postcode to LSOA 2011 lookup (May 2022): live and terminated postcodes, each LSOA and month ended."""
    table = read_columns(_text(path), Path(path).name, ["pcds", "doterm", "lsoa11cd", "ladcd"], encoding="latin-1",
                         categories=AREA_CODES)
    frame = _frame(table, {"postcode": "pcds", "terminated": "doterm", "lsoa11": "lsoa11cd",
                           "local_authority_code": "ladcd"})
    english = frame["local_authority_code"].str.startswith("E").astype(bool) | frame["lsoa11"].str.startswith("E").astype(bool)
    frame = frame[english.to_numpy()].reset_index(drop=True)
    _check(frame, "terminated", MONTH, problems, "a month written YYYYMM")
    _check(frame, "lsoa11", LSOA, problems, "an English LSOA code")
    _check(frame, "local_authority_code", AREA, problems, "an English local authority code")
    _check_lsoas(frame, problems)
    return frame


def _directory_cut(path, problems):
    """The ONS Postcode Directory (November 2025) cut to grid reference and 2025 local authority."""
    table = read_columns(_text(path), Path(path).name, ["pcds", "oseast1m", "osnrth1m", "lad25cd"], categories=AREA_CODES)
    frame = _frame(table, {"postcode": "pcds", "easting": "oseast1m", "northing": "osnrth1m",
                           "local_authority_code": "lad25cd"})
    frame = frame[frame["local_authority_code"].str.startswith("E").astype(bool).to_numpy()].reset_index(drop=True)
    frame["easting"], frame["northing"] = _grid(frame, problems)
    return frame


def _spread(ids, n, values, fill):
    out = np.full(n, fill, dtype=object if isinstance(fill, str) else float)
    out[ids] = np.asarray(values, dtype=out.dtype)
    return out


def read_shipped(folder):
    """The three shipped files as one table of England's postcodes; ImportRefused naming each bad line."""
    folder = Path(folder)
    missing = [name for name in SHIPPED.values() if not (folder / name).exists()]
    if missing:
        raise ImportRefused([Problem(name, 0, f"file not found in {folder}") for name in missing])
    problems = Problems()
    live = _code_point(folder / SHIPPED["code_point"], problems)
    lookup = _lookup(folder / SHIPPED["lookup"], problems)
    directory = _directory_cut(folder / SHIPPED["directory"], problems)
    postcodes, (in_live, in_lookup, in_directory) = _check_postcodes([live, lookup, directory], problems)
    problems.refuse_if_any()

    n = len(postcodes)
    is_live = np.zeros(n, dtype=bool)
    is_live[in_live] = True
    listed_2022 = np.zeros(n, dtype=bool)
    listed_2022[in_lookup] = True
    # Live: in Code-Point Open (April 2025), or newer than it and the May 2022 lookup (only in the November
    # 2025 directory). Live in May 2022 but gone from Code-Point: terminated since, the month not held.
    is_live |= ~listed_2022
    terminated = _spread(in_lookup, n, lookup["terminated"], "")
    terminated[is_live] = ""
    easting = _spread(in_directory, n, directory["easting"], np.nan)
    northing = _spread(in_directory, n, directory["northing"], np.nan)
    gridded = ~np.isnan(live["easting"].to_numpy())
    easting[in_live[gridded]] = live["easting"].to_numpy()[gridded]
    northing[in_live[gridded]] = live["northing"].to_numpy()[gridded]
    authority = _spread(in_live, n, live["local_authority_code"], "")
    for source, ids in ((lookup, in_lookup), (directory, in_directory)):
        given = (source["local_authority_code"] != "").to_numpy()
        authority[ids[given]] = source["local_authority_code"].to_numpy(dtype=object)[given]
    table = pd.DataFrame({
        "postcode": postcodes, "live": is_live, "terminated": terminated, "easting": easting, "northing": northing,
        "lsoa11": _spread(in_lookup, n, lookup["lsoa11"], ""), "lsoa21": np.full(n, "", dtype=object),
        "ward_code": _spread(in_live, n, live["ward_code"], ""), "local_authority_code": authority,
    })
    return table, [folder / name for name in SHIPPED.values()]


def _check_lsoas(frame, problems):
    """Each 2011 LSOA a file gives is one of England's (the IoD2019 files')."""
    known = set(Lsoa.objects.filter(vintage=2011).values_list("code", flat=True))
    given = frame["lsoa11"]
    unknown = ((given != "") & ~given.isin(known)).to_numpy()
    for name, line, code in zip(frame.loc[unknown, "file"].head(50), frame.loc[unknown, "line"].head(50),
                                given[unknown].head(50)):
        problems.add(name, int(line), f"{code} is not an LSOA of the IoD2019 files (load England first)")


# The ONS Postcode Directory as published


def _directory_text(path):
    """The directory's CSV text and name: a .csv, a .csv.gz, or ONS's .zip (its one whole-UK CSV in Data/)."""
    path = Path(path)
    if path.name.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
            whole = [m for m in members if re.search(r"(^|/)Data/[^/]*_UK\.csv$", m.filename, re.IGNORECASE)]
            if not (whole or members):
                raise ImportRefused([Problem(path.name, 0, "the zip holds no CSV file")])
            member = (whole or sorted(members, key=lambda m: -m.file_size))[0]
            return archive.read(member.filename), f"{path.name}: {member.filename}"
    return _text(path), path.name


def read_directory(path):
    """The ONS Postcode Directory as ONS publishes it: England's postcodes as one table, or ImportRefused."""
    data, name = _directory_text(path)
    text = decode(data, name)
    del data
    header = csv_header(text, name)
    layout, rename = next(((layout, found) for layout in LAYOUTS if (found := layout.match(header))), (None, None))
    if layout is None:
        raise _layout_refusal(name, header)
    codes = [theirs for ours, theirs in rename.items() if ours not in ("postcode", "easting", "northing")]
    frame = _frame(read_columns(text, name, list(rename.values()), categories=codes), rename)
    del text
    english = (frame["country"] == ENGLAND) | ((frame["country"] == "")
                                               & frame["local_authority_code"].str.startswith("E").astype(bool))
    frame = frame[english.to_numpy()].reset_index(drop=True)
    problems = Problems()
    _check(frame, "terminated", MONTH, problems, "a month written YYYYMM")
    _check(frame, "local_authority_code", AREA, problems, "an English local authority code")
    _check(frame, "ward_code", AREA, problems, "an English ward code")
    _check(frame, "lsoa21", LSOA, problems, "an English LSOA 2021 code")
    if "lsoa11" in frame:
        _check(frame, "lsoa11", LSOA, problems, "an English LSOA 2011 code")
        _check_lsoas(frame, problems)
    else:
        # The 2025 layout has no LSOA 2011: keep each postcode's held one (the May 2022 lookup's, ONS's last).
        held = dict(Postcode.objects.exclude(lsoa11="").filter(lsoa11_by_point=False).values_list("postcode", "lsoa11"))
        frame["lsoa11"] = frame["postcode"].map(held).fillna("")
    postcodes, (ids,) = _check_postcodes([frame], problems)
    frame["easting"], frame["northing"] = _grid(frame, problems)
    problems.refuse_if_any()
    frame["live"] = (frame["terminated"] == "").to_numpy()
    frame = frame[FIELDS]
    return pd.DataFrame({column: frame[column].to_numpy(dtype=object if column not in ("live", "easting", "northing")
                                                         else None) for column in FIELDS}), [Path(path)]


# Writing


def _finish(table):
    """Latitude and longitude from the grid reference; LSOAs by point where the files give none."""
    from pyproj import Transformer

    easting, northing = table["easting"].to_numpy(dtype=float), table["northing"].to_numpy(dtype=float)
    known = ~(np.isnan(easting) | np.isnan(northing))
    longitude, latitude = np.full(len(table), np.nan), np.full(len(table), np.nan)
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    longitude[known], latitude[known] = to_wgs84.transform(easting[known], northing[known])
    table["latitude"], table["longitude"] = latitude, longitude

    lsoa11 = table["lsoa11"].to_numpy(dtype=object)
    by_point = (lsoa11 == "") & known
    lsoa11[by_point] = geography.locate_lsoas(latitude[by_point], longitude[by_point])
    table["lsoa11"], table["lsoa11_by_point"] = lsoa11, by_point

    lsoa21 = table["lsoa21"].to_numpy(dtype=object)
    unchanged = set(Lsoa.objects.filter(vintage=2021).values_list("code", flat=True))
    same = (lsoa21 == "") & pd.Series(lsoa11).isin(unchanged).to_numpy()
    lsoa21[same] = lsoa11[same]
    left = (lsoa21 == "") & known
    lsoa21[left] = geography.within_boundaries(latitude[left], longitude[left], 2021)
    table["lsoa21"] = lsoa21
    return table


def _column(values):
    """Plain Python values for the database driver (None for a missing number)."""
    series = pd.Series(values)
    if series.dtype.kind == "f":
        return [None if v != v else v for v in series.tolist()]
    return series.tolist()


def fingerprint(paths):
    """Each file's name and the start of its SHA-256: what the load came from, and whether it changed."""
    return [f"{Path(p).name} (sha256 {hashlib.sha256(Path(p).read_bytes()).hexdigest()[:16]})" for p in paths]


def already_loaded(paths):
    """The last postcode load, if it was of exactly these files and its rows are all still held."""
    last = DataLoad.objects.filter(dataset=DATASET).first()
    if last and last.files == fingerprint(paths) and Postcode.objects.count() == last.rows:
        return last
    return None


def write(table, paths, started, progress=None):
    """Replace every postcode with the table's, then place the 2021 LSOAs' wards, in one transaction."""
    table = _finish(table).sort_values("postcode")  # in key order, the primary key's index is appended to
    if progress:
        progress("placed")
    columns = {name: _column(table[name]) for name in
               ["postcode", "live", "terminated", "latitude", "longitude", "lsoa11", "lsoa11_by_point", "lsoa21",
                "ward_code", "local_authority_code"]}
    with transaction.atomic():
        Postcode.objects.all().delete()
        with indexes_built_after(Postcode):
            insert_columns(Postcode, columns)
        assign_2021_wards()
        load = DataLoad.objects.create(dataset=DATASET, rows=len(table), files=fingerprint(paths),
                                       seconds=round(time.monotonic() - started, 2))
        audit.record("import", "places.DataLoad", load.pk, load.dataset, {"rows": [None, len(table)]})
    if progress:
        progress("written")
    return load


def load_shipped(folder, progress=None):
    """The shipped files, unless they are what is loaded already. Returns (DataLoad, whether it loaded)."""
    started = time.monotonic()
    paths = [Path(folder) / name for name in SHIPPED.values()]
    last = already_loaded(paths) if all(p.exists() for p in paths) else None
    if last:
        return last, False
    table, paths = read_shipped(folder)
    if progress:
        progress("read")
    return write(table, paths, started, progress), True


def load_directory(path, progress=None):
    """A postcode directory as ONS publishes it, replacing the postcodes held. Returns the DataLoad."""
    started = time.monotonic()
    table, paths = read_directory(path)
    if progress:
        progress("read")
    return write(table, paths, started, progress)
