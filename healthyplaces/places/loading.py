"""Load England's geography and deprivation from the official files in `data/`.

Every file is read and checked before anything is written; problems are collected with the file,
the line and the reason, and the load is refused whole. The write is one transaction of upserts
keyed on the official codes, so loading the same files again changes nothing.
"""
import gzip
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import Columns, ImportRefused, Problem, Problems, upsert

from .models import (
    DOMAINS,
    ENGLAND_LSOAS_2011,
    ENGLAND_LSOAS_2021,
    DataLoad,
    Deprivation,
    Edition,
    LocalAuthority,
    LocalAuthoritySummary,
    Lsoa,
    Msoa,
    Population,
    Region,
    Ward,
)
from .wards2021 import assign_2021_wards

LSOA_CODE = re.compile(r"^E01\d{6}$")
GB_SMALL_AREA = re.compile(r"^[EWS]01\d{6}$")  # Wales and Scotland are read past
AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")

FILES = {
    "la_codes": "lookups/la_all_codes.csv",
    "wards": "lookups/Lower_Layer_Super_Output_Area_(2011)_to_Ward_(2019)_Lookup_in_England_and_Wales.csv",
    "output_areas": "lookups/OA11_LSOA11_MSOA11_LAD17_OAC11_lookup_fe6c55f0924b4734adf1cf7104a0173e_0.csv.gz",
    "centroids": "centroids/Lower_Layer_Super_Output_Areas_December_2011_Population_Weighted_Centroids.csv",
    "imd2019_file1": "imd2019/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
    "imd2019_file2": "imd2019/File_2_-_IoD2019_Domains_of_Deprivation.csv",
    "imd2019_file3": "imd2019/File_3_-_IoD2019_Supplementary_Indices_-_IDACI_and_IDAOPI.csv",
    "imd2019_file6": "imd2019/File_6_-_IoD2019_Population_Denominators.csv",
    "imd2025_file1": "imd2025/File_1_IoD2025_Index_of_Multiple_Deprivation.csv",
    "imd2025_file3": "imd2025/File_3_IoD2025_Supplementary_Indices_IDACI_and_IDAOPI.csv",
    "imd2025_la_summary": "imd2025/indices_of_deprivation_2025_lad_trafforddatalab.csv",
}
BOUNDARY_GLOBS = {"lsoa2011": "boundaries/lsoa11_*.geojson", "lsoa2021": "boundaries/lsoa_*.geojson",
                  "msoa": "boundaries/msoa11_*.geojson"}

# Columns are found by the start of their header text: the official headers are long, and one
# (IoD2025 File 1's last) is cut short in the published file itself.
LSOA11 = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)",
          "Local Authority District name (2019)"]
LSOA21 = ["LSOA code (2021)", "LSOA name (2021)", "Local Authority District code (2024)",
          "Local Authority District name (2024)"]
IMD = ["Index of Multiple Deprivation (IMD) Rank", "Index of Multiple Deprivation (IMD) Decile"]
SUPPLEMENTARY = ["Income Deprivation Affecting Children Index (IDACI) Rank",
                 "Income Deprivation Affecting Children Index (IDACI) Decile",
                 "Income Deprivation Affecting Older People (IDAOPI) Rank",
                 "Income Deprivation Affecting Older People (IDAOPI) Decile"]
FILE2_DOMAINS = [("income", "Income"), ("employment", "Employment"),
                 ("education", "Education, Skills and Training"), ("health", "Health Deprivation and Disability"),
                 ("crime", "Crime"), ("barriers", "Barriers to Housing and Services"),
                 ("living_environment", "Living Environment")]


def _official(path, columns, problems, name=None):
    """An official CSV file (gzipped or not) read with healthyplaces.importing, its named columns present."""
    raw = gzip.open(path).read() if str(path).endswith(".gz") else Path(path).read_bytes()
    return Columns(raw, name or Path(path).name, problems, columns, by_start=True)


def _lsoa_code(table, line, row, column, england_only=True):
    code = table.get(row, column)
    if not (LSOA_CODE if england_only else GB_SMALL_AREA).match(code):
        table.problems.add(table.name, line, f"{code!r} is not an {'English ' if england_only else ''}LSOA code")
        return None
    return code


def _unique(table, keys):
    """Refuse a file that lists the same key twice; says both lines."""
    seen = {}
    for line, key in keys:
        if key is None:
            continue
        if key in seen:
            table.problems.add(table.name, line, f"{key} is listed twice (first on line {seen[key]})")
        else:
            seen[key] = line


@dataclass
class Parsed:
    regions: dict = field(default_factory=dict)
    authorities: dict = field(default_factory=dict)  # code -> dict
    wards: dict = field(default_factory=dict)
    msoas: dict = field(default_factory=dict)
    lsoas: dict = field(default_factory=dict)  # (code, vintage) -> dict
    deprivation: dict = field(default_factory=dict)  # (code, edition) -> dict of domain fields
    population: dict = field(default_factory=dict)
    summaries: list = field(default_factory=list)
    files: list = field(default_factory=list)


def _authorities(data_dir, parsed, problems):
    table = _official(data_dir / FILES["la_codes"], ["LADCD", "LADNM", "LADCD_ACTIVE", "UTLACD", "UTLANM", "RGNCD",
                                                  "RGNNM", "CTRYCD"], problems)
    seen = []
    for line, row in table.rows:
        if table.get(row, "CTRYCD") != "E92000001":
            continue
        code, successor = table.get(row, "LADCD"), table.get(row, "LADCD_ACTIVE")
        for value in (code, successor):
            if not AREA_CODE.match(value):
                problems.add(table.name, line, f"{value!r} is not a local authority code")
        seen.append((line, code))
        region = table.get(row, "RGNCD")
        if region:
            parsed.regions[region] = table.get(row, "RGNNM")
        parsed.authorities[code] = {
            "name": table.get(row, "LADNM"), "successor_id": successor, "region_id": region or None,
            "upper_tier_code": table.get(row, "UTLACD"), "upper_tier_name": table.get(row, "UTLANM"),
            "is_current": code == successor,
        }
    _unique(table, seen)


def _authority_from_data(parsed, code, name):
    """An authority named by a data file but missing from the lookup is added as current."""
    if code not in parsed.authorities:
        parsed.authorities[code] = {"name": name, "successor_id": code, "region_id": None,
                                    "upper_tier_code": "", "upper_tier_name": "", "is_current": True}


def _lsoa_of_edition(table, line, row, columns, vintage, parsed):
    """The LSOA a row of an edition's main file names, kept with its name and local authority; None if malformed."""
    code = _lsoa_code(table, line, row, columns[0])
    if code is not None:
        la_code = table.get(row, columns[2])
        _authority_from_data(parsed, la_code, table.get(row, columns[3]))
        parsed.lsoas[(code, vintage)] = {"name": table.get(row, columns[1]), "local_authority_id": la_code}
    return code


def _imd2019(data_dir, parsed, problems):
    file1 = _official(data_dir / FILES["imd2019_file1"], LSOA11 + IMD, problems)
    imd_file1 = {}
    for line, row in file1.rows:
        code = _lsoa_code(file1, line, row, LSOA11[0])
        imd_file1[code] = (line, file1.number(line, row, IMD[0], 1, ENGLAND_LSOAS_2011, whole=True),
                           file1.number(line, row, IMD[1], 1, 10, whole=True))
    _unique(file1, [(line, _lsoa_key(file1, row)) for line, row in file1.rows])

    columns = [c for _, label in FILE2_DOMAINS for c in (f"{label} Rank", f"{label} Decile")]
    file2 = _official(data_dir / FILES["imd2019_file2"], LSOA11 + IMD + columns, problems)
    _unique(file2, [(line, _lsoa_key(file2, row)) for line, row in file2.rows])
    for line, row in file2.rows:
        code = _lsoa_of_edition(file2, line, row, LSOA11, 2011, parsed)
        if code is None:
            continue
        values = {"imd_rank": file2.number(line, row, IMD[0], 1, ENGLAND_LSOAS_2011, whole=True),
                  "imd_decile": file2.number(line, row, IMD[1], 1, 10, whole=True)}
        for key, label in FILE2_DOMAINS:
            values[f"{key}_rank"] = file2.number(line, row, f"{label} Rank", 1, ENGLAND_LSOAS_2011, whole=True)
            values[f"{key}_decile"] = file2.number(line, row, f"{label} Decile", 1, 10, whole=True)
        first = imd_file1.pop(code, None)
        if first is None:
            problems.add(file2.name, line, f"{code} is not in {file1.name}")
        elif first[1:] != (values["imd_rank"], values["imd_decile"]):
            problems.add(file1.name, first[0], f"{code}: IMD rank/decile {first[1:]} disagree with "
                         f"{file2.name} line {line} ({values['imd_rank']}, {values['imd_decile']})")
        parsed.deprivation[(code, Edition.IOD2019)] = values
    for code, (line, *_) in imd_file1.items():
        if code:
            problems.add(file1.name, line, f"{code} is not in {file2.name}")

    file3 = _official(data_dir / FILES["imd2019_file3"], LSOA11 + IMD + SUPPLEMENTARY, problems)
    _unique(file3, [(line, _lsoa_key(file3, row)) for line, row in file3.rows])
    _supplementary(file3, parsed, Edition.IOD2019, 2011, ENGLAND_LSOAS_2011)

    file6 = _official(data_dir / FILES["imd2019_file6"], LSOA11 + ["Total population", "Dependent Children aged 0-15",
                                                              "Population aged 16-59", "Older population aged 60",
                                                              "Working age population"], problems)
    _unique(file6, [(line, _lsoa_key(file6, row)) for line, row in file6.rows])
    for line, row in file6.rows:
        code = _lsoa_code(file6, line, row, LSOA11[0])
        if code is None:
            continue
        if (code, 2011) not in parsed.lsoas:
            problems.add(file6.name, line, f"{code} is not an LSOA of the IoD2019 files")
            continue
        values = {
            "total": file6.number(line, row, "Total population", 0, whole=True),
            "children_0_15": file6.number(line, row, "Dependent Children aged 0-15", 0, whole=True),
            "aged_16_59": file6.number(line, row, "Population aged 16-59", 0, whole=True),
            "aged_60_plus": file6.number(line, row, "Older population aged 60", 0, whole=True),
            "working_age": file6.number(line, row, "Working age population", 0, whole=True),
        }
        parsed.population[code] = values
    parsed.files += [file1.name, file2.name, file3.name, file6.name]


def _lsoa_key(table, row):
    """The LSOA code: always a file's first named column."""
    return row[next(iter(table.index.values()))].strip()


def _supplementary(table, parsed, edition, vintage, count):
    """IDACI and IDAOPI, with the file's own IMD columns checked against what is already read."""
    for line, row in table.rows:
        code = _lsoa_code(table, line, row, next(iter(table.index)))
        if code is None:
            continue
        values = parsed.deprivation.get((code, edition))
        if values is None:
            table.problems.add(table.name, line, f"{code} is not in the edition's IMD file")
            continue
        imd = (table.number(line, row, IMD[0], 1, count, whole=True),
               table.number(line, row, IMD[1], 1, 10, whole=True))
        if imd != (values["imd_rank"], values["imd_decile"]):
            table.problems.add(table.name, line, f"{code}: IMD rank/decile {imd} disagree with the IMD file")
        values["idaci_rank"] = table.number(line, row, SUPPLEMENTARY[0], 1, count, whole=True)
        values["idaci_decile"] = table.number(line, row, SUPPLEMENTARY[1], 1, 10, whole=True)
        values["idaopi_rank"] = table.number(line, row, SUPPLEMENTARY[2], 1, count, whole=True)
        values["idaopi_decile"] = table.number(line, row, SUPPLEMENTARY[3], 1, 10, whole=True)


def _imd2025(data_dir, parsed, problems):
    file1 = _official(data_dir / FILES["imd2025_file1"], LSOA21 + IMD, problems)
    _unique(file1, [(line, _lsoa_key(file1, row)) for line, row in file1.rows])
    for line, row in file1.rows:
        code = _lsoa_of_edition(file1, line, row, LSOA21, 2021, parsed)
        if code is None:
            continue
        parsed.deprivation[(code, Edition.IOD2025)] = {
            "imd_rank": file1.number(line, row, IMD[0], 1, ENGLAND_LSOAS_2021, whole=True),
            "imd_decile": file1.number(line, row, IMD[1], 1, 10, whole=True),
        }
    file3 = _official(data_dir / FILES["imd2025_file3"], LSOA21 + IMD + SUPPLEMENTARY, problems)
    _unique(file3, [(line, _lsoa_key(file3, row)) for line, row in file3.rows])
    _supplementary(file3, parsed, Edition.IOD2025, 2021, ENGLAND_LSOAS_2021)

    columns = ["area_code", "area_name", "deprivation_data_year", "index_domain", "average_rank", "rank_average_rank",
               "average_score", "rank_average_score", "proportion_bottom_decile", "rank_proportion_bottom_decile"]
    summary = _official(data_dir / FILES["imd2025_la_summary"], columns, problems)
    keys = []
    for line, row in summary.rows:
        code = summary.get(row, "area_code")
        if not AREA_CODE.match(code):
            problems.add(summary.name, line, f"{code!r} is not a local authority code")
            continue
        domain = summary.get(row, "index_domain")
        keys.append((line, (code, domain)))
        parsed.summaries.append({
            "edition": Edition.IOD2025, "local_authority_code": code,
            "local_authority_name": summary.get(row, "area_name"), "domain": domain,
            "average_rank": summary.number(line, row, "average_rank", 0, 40000, blank_ok=True),
            "rank_average_rank": summary.number(line, row, "rank_average_rank", 1, 400, whole=True),
            "average_score": summary.number(line, row, "average_score", -100, 1000, blank_ok=True),
            "rank_average_score": summary.number(line, row, "rank_average_score", 1, 400, whole=True),
            "proportion_bottom_decile": summary.number(line, row, "proportion_bottom_decile", 0, 1, blank_ok=True),
            "rank_proportion_bottom_decile": summary.number(line, row, "rank_proportion_bottom_decile", 1, 400,
                                                            whole=True),
        })
    _unique(summary, keys)
    parsed.files += [file1.name, file3.name, summary.name]


def _english_lsoas(table, column, parsed):
    """The rows of a Great Britain lookup that name an English LSOA, with that LSOA's record.

    Welsh and Scottish rows are passed over; a malformed code or an English code that the IoD2019
    files do not hold is a problem with its line.
    """
    for line, row in table.rows:
        code = _lsoa_code(table, line, row, column, england_only=False)
        if code is None or not code.startswith("E"):
            continue
        lsoa = parsed.lsoas.get((code, 2011))
        if lsoa is None:
            table.problems.add(table.name, line, f"{code} is not an LSOA of the IoD2019 files")
            continue
        yield line, row, code, lsoa


def _lookups(data_dir, parsed, problems):
    wards = _official(data_dir / FILES["wards"], ["LSOA11CD", "WD19CD", "WD19NM", "LAD19CD"], problems)
    _unique(wards, [(line, wards.get(row, "LSOA11CD")) for line, row in wards.rows])
    for line, row, code, lsoa in _english_lsoas(wards, "LSOA11CD", parsed):
        ward = wards.get(row, "WD19CD")
        parsed.wards.setdefault(ward, {"name": wards.get(row, "WD19NM"), "local_authority_id": wards.get(row, "LAD19CD")})
        lsoa["ward_id"] = ward

    areas = _official(data_dir / FILES["output_areas"], ["LSOA11CD", "MSOA11CD", "MSOA11NM"], problems)
    for line, row, code, lsoa in _english_lsoas(areas, "LSOA11CD", parsed):
        msoa = areas.get(row, "MSOA11CD")
        if lsoa.setdefault("msoa_id", msoa) != msoa:
            problems.add(areas.name, line, f"{code} is put in MSOA {msoa} here but {lsoa['msoa_id']} on an earlier line")
        parsed.msoas.setdefault(msoa, {"name": areas.get(row, "MSOA11NM"), "boundary": ""})

    centroids = _official(data_dir / FILES["centroids"], ["X", "Y", "lsoa11cd"], problems)
    _unique(centroids, [(line, centroids.get(row, "lsoa11cd")) for line, row in centroids.rows])
    for line, row, code, lsoa in _english_lsoas(centroids, "lsoa11cd", parsed):
        lsoa["longitude"] = centroids.number(line, row, "X", -6.5, 2.0)
        lsoa["latitude"] = centroids.number(line, row, "Y", 49.8, 55.9)
    # A 2021 LSOA with an unchanged code keeps its 2011 centroid; changed ones have none here.
    for (code, vintage), lsoa in parsed.lsoas.items():
        if vintage == 2021 and (code, 2011) in parsed.lsoas:
            old = parsed.lsoas[(code, 2011)]
            lsoa["latitude"], lsoa["longitude"] = old.get("latitude"), old.get("longitude")
    parsed.files += [wards.name, areas.name, centroids.name]


def _boundaries(data_dir, parsed, problems):
    for kind, pattern in BOUNDARY_GLOBS.items():
        for path in sorted(data_dir.glob(pattern)):
            parsed.files.append(path.name)
            try:
                features = json.loads(path.read_text(encoding="utf-8"))["features"]
            except (ValueError, KeyError, UnicodeDecodeError) as error:
                problems.add(path.name, 0, f"not a GeoJSON FeatureCollection ({error})")
                continue
            for number, feature in enumerate(features, start=1):
                props, geometry = feature.get("properties") or {}, feature.get("geometry")
                if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                    problems.add(path.name, 0, f"feature {number} has no polygon geometry")
                    continue
                if kind == "msoa":
                    code = props.get("MSOA11CD")
                    target = parsed.msoas.get(code)
                else:
                    vintage = 2011 if kind == "lsoa2011" else 2021
                    code = props.get("LSOA11CD" if vintage == 2011 else "LSOA21CD")
                    target = parsed.lsoas.get((code, vintage))
                if target is None:
                    problems.add(path.name, 0, f"feature {number}: {code!r} is not a known {kind.upper()} code")
                    continue
                target["boundary"] = json.dumps(geometry, separators=(",", ":"))


def read_england(data_dir, progress=None):
    """Read and check every file; return what to write, or raise ImportRefused."""
    data_dir = Path(data_dir)
    problems = Problems()
    parsed = Parsed()
    missing = [name for name in FILES.values() if not (data_dir / name).exists()]
    if missing:
        raise ImportRefused([Problem(name, 0, f"file not found in {data_dir}") for name in missing])
    steps = [_authorities, _imd2019, _imd2025, _lookups, _boundaries]
    for step in steps:
        step(data_dir, parsed, problems)
        if progress:
            progress(step.__name__.strip("_"))
    for code, authority in parsed.authorities.items():
        if authority["successor_id"] not in parsed.authorities:
            problems.add(FILES["la_codes"], 0, f"{code}'s successor {authority['successor_id']} is not in the file")
    problems.refuse_if_any()
    return parsed


def write_england(parsed, progress=None):
    """Upsert everything in one transaction; returns how many rows were created, updated and unchanged."""
    domain_fields = [f for d in DOMAINS.values() for f in (d.rank_field, d.decile_field)]
    with transaction.atomic():
        written = upsert(Region, [{"code": c, "name": n} for c, n in parsed.regions.items()], key=["code"])
        # Successors first (they point to themselves), then the former districts that point to them.
        authorities = sorted(parsed.authorities.items(), key=lambda item: not item[1]["is_current"])
        written += upsert(LocalAuthority, [{"code": c, **a} for c, a in authorities], key=["code"])
        written += upsert(Ward, [{"code": c, **w} for c, w in parsed.wards.items()], key=["code"])
        written += upsert(Msoa, [{"code": c, **m} for c, m in parsed.msoas.items()], key=["code"])
        if progress:
            progress("areas")
        lsoa_fields = {"msoa_id": None, "ward_id": None, "latitude": None, "longitude": None, "boundary": ""}
        written += upsert(Lsoa, [{"code": c, "vintage": v, **lsoa_fields, **values}
                                 for (c, v), values in parsed.lsoas.items()], key=["code", "vintage"])
        ids = {(c, v): pk for c, v, pk in Lsoa.objects.values_list("code", "vintage", "pk")}
        if progress:
            progress("lsoas")
        vintage = {Edition.IOD2019: 2011, Edition.IOD2025: 2021}
        empty = dict.fromkeys(domain_fields)
        written += upsert(Deprivation, [{"lsoa_id": ids[(c, vintage[e])], "edition": str(e), **empty, **values}
                                        for (c, e), values in parsed.deprivation.items()], key=["lsoa_id", "edition"])
        written += upsert(Population, [{"lsoa_id": ids[(c, 2011)], "year": 2015, **values}
                                       for c, values in parsed.population.items()], key=["lsoa_id"])
        written += upsert(LocalAuthoritySummary, [{**s, "edition": str(s["edition"])} for s in parsed.summaries],
                          key=["edition", "local_authority_code", "domain"])
        assign_2021_wards()  # the 2021 LSOAs' wards, from the 2011 ones and the postcodes held
        if progress:
            progress("deprivation")
    return written


def load_england(data_dir, progress=None):
    """Read, check and write England's geography and deprivation. Returns the DataLoad record."""
    started = time.monotonic()
    parsed = read_england(data_dir, progress)
    write_england(parsed, progress)
    rows = len(parsed.lsoas) + len(parsed.deprivation) + len(parsed.population) + len(parsed.summaries)
    load = DataLoad.objects.create(dataset="England geography and deprivation", rows=rows, files=parsed.files,
                                   seconds=round(time.monotonic() - started, 2))
    audit.record("import", "places.DataLoad", load.pk, load.dataset,
                 {"rows": [None, rows], "files": [None, len(parsed.files)]})
    return load
