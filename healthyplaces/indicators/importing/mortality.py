"""Deaths and populations for life expectancy: a tidy file by group, and the ONS file by deprivation decile."""
import re
from pathlib import Path

from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import Columns, ImportRefused, Problem, Problems, upsert

from ..models import MortalityCount, MortalityDataset
from .common import MAX_ROWS, STARTAGES, ImportResult, _resolve_areas

MORTALITY_REQUIRED = ["group", "sex", "year", "age_band", "deaths", "population"]


def _startage(label):
    """0 for '<1' or '0', 1 for '1-4', 90 for '90+'; None if the label is not one of the 20 bands."""
    text = label.strip().replace(" ", "")
    if text in ("<1", "0", "under1", "0-0"):
        return 0
    match = re.match(r"^(\d+)", text)
    if not match or int(match.group(1)) not in STARTAGES:
        return None
    return int(match.group(1))


def _write_mortality(slug, name, group_kind, source, records, user=None):
    """Upsert one dataset's counts by group, sex, year and age; returns an ImportResult."""
    with transaction.atomic(), audit.acting_as(user or audit.current_actor()):
        dataset, _ = MortalityDataset.objects.get_or_create(slug=slug, defaults={
            "name": name, "group_kind": group_kind, "source": source})
        if (dataset.name, dataset.group_kind, dataset.source) != (name, group_kind, source):
            dataset.name, dataset.group_kind, dataset.source = name, group_kind, source
            dataset.save()
        written = upsert(MortalityCount, [
            {"dataset_id": dataset.pk, "group": group, "sex": sex, "year": year, "startage": startage,
             "deaths": deaths, "population": population}
            for (group, sex, year, startage), (deaths, population) in records.items()],
            key=["dataset_id", "group", "sex", "year", "startage"], held=dataset.counts.all())
        if written.created or written.updated:
            audit.record("import", "indicators.MortalityCount", dataset.pk, dataset.name,
                         {"created": [None, written.created], "updated": [None, written.updated]})
    return ImportResult(written.created, written.updated, written.unchanged, indicators=[dataset])


def read_mortality(data, filename, group_kind):
    """Check a tidy deaths and population file: group, sex, year, age_band (the 20 bands), deaths, population."""
    problems = Problems()
    table = Columns(data, filename, problems, MORTALITY_REQUIRED, max_rows=MAX_ROWS)
    problems.refuse_if_any()
    if group_kind == "area":
        places = _resolve_areas(table, [(line, table.get(row, "group").upper(), "") for line, row in table.rows],
                                problems)
    records, keyed = {}, []
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
        population = table.number(line, row, "population", whole=True, low=0)
        if None not in (deaths, population) and deaths > population:
            problems.add(filename, line, f"{deaths} deaths is more than the population {population}")
        key = (group, sex, year, startage)
        keyed.append((line, key))
        if None not in (year, startage, deaths, population):
            records[key] = (deaths, population)
    seen = {}
    for line, key in keyed:
        if key in seen:
            problems.add(filename, line, f"duplicate row: the same group, sex, year and age band as line {seen[key]}")
        seen.setdefault(key, line)
    problems.refuse_if_any()
    return records


def import_mortality(data, filename, name, group_kind="decile", *, user=None):
    """Read, check and write a deaths and population file as the dataset `name` (re-importing replaces counts)."""
    return write_mortality(read_mortality_dataset(data, filename, name, group_kind), filename, name, group_kind,
                           user=user)


def read_mortality_dataset(data, filename, name, group_kind="decile"):
    """Check a deaths and population file to be imported as the dataset `name`; returns its counts."""
    if group_kind not in ("decile", "area"):
        raise ValueError("group_kind is 'decile' or 'area'")
    if not (name or "").strip():
        raise ImportRefused([Problem(filename, 0, "give the data set a name")])
    return read_mortality(data, filename, group_kind)


def write_mortality(records, filename, name, group_kind="decile", *, user=None):
    """Write what `read_mortality_dataset` checked (the page holds it for the import's job)."""
    from django.utils.text import slugify

    return _write_mortality(slugify(name)[:80], name.strip(), group_kind, f"Imported from {filename}", records, user)


# The ONS deaths and populations by deprivation decile shipped in data/mortality/

ONS_SLUG = "ons-deprivation-deciles"
ONS_NAME = "Deaths and populations by deprivation decile, England (ONS ad hoc 006925)"
ONS_SOURCE = ("ONS ad hoc 006925, Deaths by underlying cause, deprivation decile areas, 5 year age groups and sex, "
              "England and Wales, 2001 to 2015: the England rows as published here (2015: 495,309 deaths, the number "
              "registered in England; 54.8 million people). Deaths are the ten cause groups summed, which give all "
              "causes. Open Government Licence v3.0.")
ONS_BANDS = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]


def load_ons_mortality(data_dir, user=None):
    """Load data/mortality/: deaths of all causes (the cause groups summed) and populations, 2001–2015."""
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
    deaths, populations = {}, {}
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
    return _write_mortality(ONS_SLUG, ONS_NAME, "decile", ONS_SOURCE, records, user)
