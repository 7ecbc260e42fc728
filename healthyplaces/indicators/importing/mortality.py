"""Deaths and populations for life expectancy: a tidy file by group, and the ONS file by deprivation decile.

Either may give deaths by cause group; then the causes of a group, sex, year and age band are kept
beside their sum (MortalityCause), which splits a life expectancy gap by cause.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import Columns, ImportRefused, Problem, Problems, upsert

from ..models import MortalityCause, MortalityCount, MortalityDataset
from .common import MAX_ROWS, STARTAGES, ImportResult, _resolve_areas

MORTALITY_REQUIRED = ["group", "sex", "year", "age_band", "deaths"]


@dataclass
class Mortality:
    """What a check of a deaths file found: {(group, sex, year, startage): (deaths, population)} and,
    where the file gives causes, {(group, sex, year, startage, cause): deaths}."""
    counts: dict
    causes: dict = field(default_factory=dict)


def _startage(label):
    """0 for '<1' or '0', 1 for '1-4', 90 for '90+'; None if the label is not one of the 20 bands."""
    text = label.strip().replace(" ", "")
    if text in ("<1", "0", "under1", "0-0"):
        return 0
    match = re.match(r"^(\d+)", text)
    if not match or int(match.group(1)) not in STARTAGES:
        return None
    return int(match.group(1))


def _write_mortality(slug, name, group_kind, source, mortality, user=None):
    """Upsert one dataset's counts by group, sex, year and age (and its deaths by cause); returns an ImportResult."""
    with transaction.atomic(), audit.acting_as(user or audit.current_actor()):
        dataset, _ = MortalityDataset.objects.get_or_create(slug=slug, defaults={
            "name": name, "group_kind": group_kind, "source": source})
        if (dataset.name, dataset.group_kind, dataset.source) != (name, group_kind, source):
            dataset.name, dataset.group_kind, dataset.source = name, group_kind, source
            dataset.save()
        written = upsert(MortalityCount, [
            {"dataset_id": dataset.pk, "group": group, "sex": sex, "year": year, "startage": startage,
             "deaths": deaths, "population": population}
            for (group, sex, year, startage), (deaths, population) in mortality.counts.items()],
            key=["dataset_id", "group", "sex", "year", "startage"], held=dataset.counts.all())
        if mortality.causes:
            upsert(MortalityCause, [
                {"dataset_id": dataset.pk, "group": group, "sex": sex, "year": year, "startage": startage,
                 "cause": cause, "deaths": deaths}
                for (group, sex, year, startage, cause), deaths in mortality.causes.items()],
                key=["dataset_id", "group", "sex", "year", "startage", "cause"], held=dataset.causes.all())
        if written.created or written.updated:
            audit.record("import", "indicators.MortalityCount", dataset.pk, dataset.name,
                         {"created": [None, written.created], "updated": [None, written.updated]})
    return ImportResult(written.created, written.updated, written.unchanged, indicators=[dataset])


def read_mortality(data, filename, group_kind, authority=""):
    """Check a tidy deaths and population file: group, sex, year, age_band (the 20 bands), deaths, population,
    and optionally cause (one row per cause, each with its band's population, which must then agree).
    Deaths by LSOA may leave out the population: each band's is then ONS's mid-year estimate held for the
    LSOA (places.population_loading), and a band not held is a problem of its line.
    With `authority` (a local authority's code or name) every group must be an LSOA of it: the makings
    of its local quintiles."""
    problems = Problems()
    table = Columns(data, filename, problems, MORTALITY_REQUIRED, ["cause", "population"], max_rows=MAX_ROWS)
    problems.refuse_if_any()
    by_cause = "cause" in table.index
    held = None
    if "population" not in table.index:
        if group_kind != "area":
            problems.add(filename, 1, "wrong header: no column 'population' (deaths by deprivation decile give "
                         "each band's population; deaths by LSOA may take ONS's estimates held)")
            problems.refuse_if_any()
        held = _held_populations(table)
    if group_kind == "area":
        places = _resolve_areas(table, [(line, table.get(row, "group").upper(), "") for line, row in table.rows],
                                problems)
        if authority:
            _check_in_authority(table, authority, problems)
    counts, causes, keyed, band_population = {}, {}, [], {}
    for line, row in table.rows:
        group = table.get(row, "group").upper()
        if group_kind == "decile" and group not in {str(d) for d in range(1, 11)}:
            problems.add(filename, line, f"'group' is {group!r}: a deprivation decile is 1 (most deprived) to 10")
            continue
        if group_kind == "area" and (group, "") not in places:
            continue
        sex = table.get(row, "sex").capitalize()
        if sex not in ("Male", "Female", "Persons"):
            problems.add(filename, line, f"'sex' is {sex!r}: give Male, Female or Persons")
        year = table.number(line, row, "year", whole=True, low=1900)
        band = table.get(row, "age_band")
        startage = _startage(band)
        if startage is None:
            problems.add(filename, line, f"'age_band' is {band!r}: use the 20 bands <1, 1-4, 5-9 … 85-89, 90+")
        deaths = table.number(line, row, "deaths", whole=True, low=0)
        if held is None:
            population = table.number(line, row, "population", whole=True, low=0)
        else:
            population = _held_population(held, table, line, group, sex, year, startage, band)
        cause = table.get(row, "cause")
        if by_cause and not cause:
            problems.add(filename, line, "'cause' is blank: give each row's cause group")
        key = (group, sex, year, startage)
        keyed.append((line, key + ((cause,) if by_cause else ())))
        if None in (year, startage, deaths, population):
            continue
        first = band_population.setdefault(key, (population, line))
        if by_cause:
            if first[0] != population:
                problems.add(filename, line, f"the population {population} differs from {first[0]} on line {first[1]} "
                             "for the same group, sex, year and age band: a band has one population for all its causes")
            causes[key + (cause,)] = deaths
            counts[key] = (counts.get(key, (0, population))[0] + deaths, population)
        else:
            counts[key] = (deaths, population)
    for key, (deaths, population) in counts.items():
        if deaths > population:
            problems.add(filename, band_population[key][1], f"{deaths} deaths{' (all causes)' if by_cause else ''} is more than the "
                         f"population {population}")
    seen = {}
    for line, key in keyed:
        if key in seen:
            what = "group, sex, year, age band and cause" if by_cause else "group, sex, year and age band"
            problems.add(filename, line, f"duplicate row: the same {what} as line {seen[key]}")
        seen.setdefault(key, line)
    problems.refuse_if_any()
    return Mortality(counts, causes)


def _held_populations(table):
    from healthyplaces.places.population_loading import held_populations

    codes = {table.get(row, "group").upper() for _, row in table.rows}
    years = {int(y) for _, row in table.rows if (y := table.get(row, "year")).isdigit()}
    return held_populations(codes, years)


def _held_population(held, table, line, group, sex, year, startage, band):
    """The band's population from ONS's estimates held, or None with a problem of the line saying what is missing."""
    if None in (year, startage):
        return None
    found = held.get((group, sex, year, startage))
    next_start = STARTAGES[STARTAGES.index(startage) + 1] if startage != STARTAGES[-1] else None
    if found and found[1] == (next_start - 1 if next_start is not None else None):
        return found[0]
    if found or (startage == 1 and held.get((group, sex, year, 0))):
        table.problems.add(table.name, line, f"no population column, and the ONS estimates held for {group} in mid-{year} "
                           f"give ages {startage if found else 0} to {found[1] if found else 4} as one band: a life "
                           f"table needs '{band}' on its own (load ONS's single-year-of-age estimates)")
        return None
    table.problems.add(table.name, line, f"no population column, and no ONS mid-year estimate is held for {group}, "
                       f"{sex}, mid-{year}, ages {band} (load one with 'healthyplaces load-populations FILE', or "
                       "give each band's population in the file)")
    return None


def _check_in_authority(table, authority, problems):
    """Each row's group must be an LSOA (2011) of the authority (or of the districts it replaced)."""
    from healthyplaces.places.models import Lsoa
    from healthyplaces.places.services import AreaNotFound, find_area

    try:
        area = find_area(authority)
    except AreaNotFound:
        area = None
    if area is None or area.kind != "local_authority":
        problems.add(table.name, 0, f"{authority!r} is not a local authority's code or name")
        return
    own = set(area.lsoas("2019").values_list("code", flat=True))
    codes = {table.get(row, "group").upper() for _, row in table.rows}
    lies_in = dict(Lsoa.objects.filter(vintage=2011, code__in=codes - own).values_list("code", "local_authority__name"))
    for line, row in table.rows:
        code = table.get(row, "group").upper()
        if code in own:
            continue
        where = f"an LSOA of {lies_in[code]}" if code in lies_in else "not a 2011 LSOA"
        problems.add(table.name, line, f"{code} is {where}, not of {area.name}: a local grouping takes the "
                     "authority's own LSOAs")


def import_mortality(data, filename, name, group_kind="decile", *, authority="", user=None):
    """Read, check and write a deaths and population file as the dataset `name` (re-importing replaces counts)."""
    return write_mortality(read_mortality_dataset(data, filename, name, group_kind, authority), filename, name,
                           group_kind, user=user)


def read_mortality_dataset(data, filename, name, group_kind="decile", authority=""):
    """Check a deaths and population file to be imported as the dataset `name`; returns its counts."""
    if group_kind not in ("decile", "area"):
        raise ValueError("group_kind is 'decile' or 'area'")
    if not (name or "").strip():
        raise ImportRefused([Problem(filename, 0, "give the data set a name")])
    if authority and group_kind != "area":
        raise ImportRefused([Problem(filename, 0, "a local authority is given only for deaths by area (LSOA)")])
    return read_mortality(data, filename, group_kind, authority)


def write_mortality(mortality, filename, name, group_kind="decile", *, user=None):
    """Write what `read_mortality_dataset` checked (the page holds it for the import's job)."""
    from django.utils.text import slugify

    return _write_mortality(slugify(name)[:80], name.strip(), group_kind, f"Imported from {filename}", mortality, user)


# The ONS deaths and populations by deprivation decile shipped in data/mortality/

ONS_SLUG = "ons-deprivation-deciles"
ONS_NAME = "Deaths and populations by deprivation decile, England (ONS ad hoc 006925)"
ONS_SOURCE = ("ONS ad hoc 006925, Deaths by underlying cause, deprivation decile areas, 5 year age groups and sex, "
              "England and Wales, 2001 to 2015: the England rows as published here (2015: 495,309 deaths, the number "
              "registered in England; 54.8 million people). Deaths are the ten cause groups summed, which give all "
              "causes; each cause group is kept too. Open Government Licence v3.0.")
ONS_BANDS = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]


def load_ons_mortality(data_dir, user=None):
    """Load data/mortality/: deaths of all causes (the cause groups summed), each cause group's, and populations,
    2001–2015."""
    data_dir = Path(data_dir)
    problems = Problems()
    files = {}
    for name in ("deaths_by_imd.csv", "pops_by_imd.csv"):
        path = data_dir / name
        if not path.exists():
            raise ImportRefused([Problem(name, 0, f"file not found in {data_dir}")])
        required = ["year", "imd", "sex"] + (["cause"] if name.startswith("deaths") else []) + ONS_BANDS + ["All Ages"]
        # The published labels carry trailing spaces ('<1   ', '90+  '): Columns strips headers.
        files[name] = Columns(path.read_bytes(), name, problems, required)
    problems.refuse_if_any()
    deaths, populations, by_cause = {}, {}, {}
    for name, target in (("deaths_by_imd.csv", deaths), ("pops_by_imd.csv", populations)):
        table = files[name]
        seen = {}
        for line, row in table.rows:
            year = table.number(line, row, "year", whole=True, low=1900)
            decile = table.get(row, "imd")
            if decile not in {str(d) for d in range(1, 11)}:
                problems.add(name, line, f"'imd' is {decile!r}, not a decile 1 to 10")
            sex = table.get(row, "sex")
            if sex not in ("Male", "Female"):
                problems.add(name, line, f"'sex' is {sex!r}, not Male or Female")
            counts = [table.number(line, row, band, whole=True, low=0) for band in ONS_BANDS]
            total = table.number(line, row, "All Ages", whole=True, low=0)
            if None not in counts and total is not None and sum(counts) != total:
                problems.add(name, line, f"the age bands add up to {sum(counts)}, not 'All Ages' {total}")
            key = (decile, sex, year, table.get(row, "cause"))
            if key in seen:
                problems.add(name, line, f"duplicate row: the same year, decile, sex and cause as line {seen[key]}")
                continue
            seen[key] = line
            if None in counts or year is None:
                continue
            for startage, count in zip(STARTAGES, counts):
                cell = (decile, sex, year, startage)
                target[cell] = target.get(cell, 0) + count
                if target is deaths:
                    by_cause[cell + (table.get(row, "cause"),)] = count
    problems.refuse_if_any()
    # Deaths go back to 1981, populations only to 2001: keep the years that have both.
    records = {}
    for cell, population in populations.items():
        if cell not in deaths:
            problems.add("deaths_by_imd.csv", 0, f"no deaths for decile {cell[0]}, {cell[1]}, {cell[2]}, age {cell[3]}")
            continue
        if deaths[cell] > population:
            problems.add("deaths_by_imd.csv", 0, f"more deaths than people for decile {cell[0]}, {cell[1]}, {cell[2]}, age {cell[3]}")
        records[cell] = (deaths[cell], population)
    problems.refuse_if_any()
    causes = {cell: count for cell, count in by_cause.items() if cell[:4] in records}
    return _write_mortality(ONS_SLUG, ONS_NAME, "decile", ONS_SOURCE, Mortality(records, causes), user)
