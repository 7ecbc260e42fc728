"""Imports of indicator values and of deaths and populations: one function each, for the page and the command.

Every row is checked before anything is written; each problem is reported as `FILE, line N: reason`
and the import is refused whole (places.loading's `Problems` and `ImportRefused`). The write is one
transaction keyed on the natural key of each row, so importing the same file again changes nothing.
"""
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.db import transaction

from healthyplaces import methods
from healthyplaces.accounts import audit
from healthyplaces.exports import FORMULA_START, NUMBER
from healthyplaces.importing import ImportRefused, Problem, Problems, read_csv

from . import areas
from .models import (
    Indicator,
    IndicatorValue,
    MortalityCount,
    MortalityDataset,
    ValueType,
)

__all__ = ["ImportRefused", "ImportResult", "import_fingertips", "import_counts", "import_mortality",
           "load_ons_mortality"]

AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
STARTAGES = [0, 1, *range(5, 95, 5)]  # the 20 life table bands: <1, 1-4, 5-9 … 85-89, 90+
MAX_ROWS = 250_000  # rows of one uploaded file; a 10 MB Fingertips export holds about 30,000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    indicators: list = field(default_factory=list)

    def __str__(self):
        return f"{self.created} new, {self.updated} changed, {self.unchanged} unchanged"


class CsvFile:
    """A CSV file read strictly (healthyplaces.importing.read_csv): the required columns present, no formula-like cells."""

    def __init__(self, data, filename, required, optional, problems, max_rows=None):
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
        header = [h.strip().lower() for h in table.header]
        for column in required + optional:
            if column.lower() in header:
                self.index[column] = header.index(column.lower())
        missing = [c for c in required if c not in self.index]
        if missing:
            problems.add(filename, 1, "wrong header: no column " + ", ".join(repr(c) for c in missing)
                         + " (expected " + ", ".join(required) + ")")
            return
        for line, row in table.rows:
            if len(row) != len(header):
                problems.add(filename, line, f"expected {len(header)} values, found {len(row)}")
                continue
            formula = next((c for c in row if c.strip().startswith(FORMULA_START) and not NUMBER.match(c.strip())), None)
            if formula is not None:
                problems.add(filename, line, f"{formula.strip()[:40]!r} looks like a spreadsheet formula")
                continue
            self.rows.append((line, row))
        if not self.rows and not problems:
            problems.add(filename, 0, "the file has no data rows")

    def get(self, row, column, default=""):
        return row[self.index[column]].strip() if column in self.index else default

    def number(self, line, row, column, blank_ok=True, whole=False, low=None):
        text = self.get(row, column).replace(",", "")
        if text == "" and blank_ok:
            return None
        try:
            value = float(text)
        except ValueError:
            self.problems.add(self.name, line, f"{column!r} is {text!r}, which is not a number")
            return None
        if not math.isfinite(value) or (whole and value != int(value)) or (low is not None and value < low):
            kind = "a whole number" if whole else "a number"
            self.problems.add(self.name, line, f"{column!r} is {text!r}, which is not {kind}"
                              + (f" of {low} or more" if low is not None else ""))
            return None
        return int(value) if whole else value


def _period_order(period, sortable=None):
    """Time order of a period label: Fingertips' sortable form where given, else its first year."""
    if sortable:
        try:
            return int(float(sortable))
        except ValueError:
            pass
    years = re.findall(r"\d{2,4}", period)
    if not years:
        return 0
    first = int(years[0])
    last = int(years[1]) if len(years) > 1 else 0
    return first * 10000 + last


def _resolve_areas(table, keyed, problems):
    """{code: (kind, name)} for each row's (line, code, area type); unknown codes become problems."""
    known = areas.resolve(code for _, code, _ in keyed)
    result = {}
    for line, code, area_type in keyed:
        if not AREA_CODE.match(code):
            problems.add(table.name, line, f"{code!r} is not an area code")
        elif code not in known:
            problems.add(table.name, line, f"unknown area code {code}: no England, region, local authority, "
                         "ward, MSOA or LSOA has it")
        else:
            kind = areas.choose_kind(known[code], area_type)
            result[(code, area_type)] = (kind, known[code][kind])
    return result


def _check_unique(table, keyed):
    seen = {}
    for line, key in keyed:
        if key in seen:
            table.problems.add(table.name, line, "duplicate row: the same indicator, area, sex, age, category and "
                               f"period as line {seen[key]}")
        else:
            seen[key] = line


# Fingertips exports

FINGERTIPS_REQUIRED = ["Indicator ID", "Indicator Name", "Area Code", "Area Type", "Sex", "Age", "Time period",
                       "Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit", "Count", "Denominator"]
FINGERTIPS_OPTIONAL = ["Area Name", "Category Type", "Category", "Value note", "Time period Sortable",
                       "Compared to England value or percentiles"]


def _polarity_from_comparisons(rows):
    """Whether higher is better, read from Fingertips' own 'Better'/'Worse' against England, if the file says."""
    england = {(r["sex"], r["age"], r["period"]): r["value"] for r in rows
               if r["area_code"] == areas.ENGLAND and not r["category_type"]}
    votes = {"high": 0, "low": 0}
    for row in rows:
        verdict, level = row.get("compared", "").lower(), england.get((row["sex"], row["age"], row["period"]))
        if row["value"] is None or level is None or row["value"] == level or not verdict.startswith(("better", "worse")):
            continue
        higher = row["value"] > level
        votes["high" if higher == verdict.startswith("better") else "low"] += 1
    if votes["high"] and not votes["low"]:
        return "high"
    if votes["low"] and not votes["high"]:
        return "low"
    return None


def _guess_value_type(name, rows):
    """What kind of number an imported indicator is, from its name or its counts (for pooling by decile)."""
    if "life expectancy" in name.lower():
        return ValueType.LIFE_EXPECTANCY
    ratios = sorted(r["value"] / (r["count"] / r["denominator"]) for r in rows
                    if r["value"] and r["count"] and r["denominator"])
    if ratios:
        middle = ratios[len(ratios) // 2]
        if abs(middle - 100) < 0.5:
            return ValueType.PROPORTION
        if abs(middle - 100_000) < 500:
            return ValueType.RATE
    if "standardised" in name.lower():
        return ValueType.DSR
    return ValueType.OTHER


def read_fingertips(data, filename):
    """Check a Fingertips-format export; return its indicators and value rows, or raise ImportRefused."""
    problems = Problems()
    table = CsvFile(data, filename, FINGERTIPS_REQUIRED, FINGERTIPS_OPTIONAL, problems, MAX_ROWS)
    problems.refuse_if_any()
    names, rows, keyed = {}, [], []
    places = _resolve_areas(table, [(line, table.get(row, "Area Code").upper(), table.get(row, "Area Type"))
                                    for line, row in table.rows], problems)
    for line, row in table.rows:
        code = table.get(row, "Indicator ID")
        name = table.get(row, "Indicator Name")
        if not code or not name:
            problems.add(filename, line, "'Indicator ID' and 'Indicator Name' must not be blank")
            continue
        if names.setdefault(code, (name, line))[0] != name:
            problems.add(filename, line, f"indicator {code} is named {name!r} here but "
                         f"{names[code][0]!r} on line {names[code][1]}")
        area_code, area_type = table.get(row, "Area Code").upper(), table.get(row, "Area Type")
        period = table.get(row, "Time period")
        if not period:
            problems.add(filename, line, "'Time period' must not be blank")
        values = {c: table.number(line, row, c) for c in ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit")}
        count = table.number(line, row, "Count", low=0)
        denominator = table.number(line, row, "Denominator", low=0)
        value, lower, upper = values["Value"], values["Lower CI 95.0 limit"], values["Upper CI 95.0 limit"]
        if value is not None and ((lower is not None and lower > value) or (upper is not None and upper < value)):
            problems.add(filename, line, f"the value {value} is outside its confidence interval {lower} to {upper}")
        key = (code, area_code, area_type, table.get(row, "Sex") or "Persons", table.get(row, "Age") or "All ages",
               table.get(row, "Category Type"), table.get(row, "Category"), period)
        keyed.append((line, key))
        place = places.get((area_code, area_type))
        if place is None:
            continue
        rows.append({
            "indicator": code, "area_code": area_code, "area_type": area_type, "area_kind": place[0],
            "area_name": place[1], "sex": key[3], "age": key[4], "category_type": key[5], "category": key[6],
            "period": period, "period_order": _period_order(period, table.get(row, "Time period Sortable")),
            "value": value, "lower_ci": lower, "upper_ci": upper, "count": count, "denominator": denominator,
            "value_note": table.get(row, "Value note")[:200], "computed": False,
            "compared": table.get(row, "Compared to England value or percentiles"),
        })
    _check_unique(table, keyed)
    problems.refuse_if_any()
    indicators = {}
    for code, (name, _) in names.items():
        own = [r for r in rows if r["indicator"] == code]
        indicators[code] = {"name": name, "value_type": _guess_value_type(name, own),
                            "polarity": _polarity_from_comparisons(own)}
    return indicators, rows


@transaction.atomic
def write_values(indicators, rows, *, polarity=None, source="", user=None):
    """Upsert indicators and values in one transaction; a row identical to what is held is left alone."""
    result = ImportResult()
    with audit.acting_as(user or audit.current_actor()):
        held = {}
        for code, details in indicators.items():
            indicator = Indicator.objects.filter(code=code).first()
            wanted = {"name": details["name"], "value_type": details["value_type"], "source": source}
            if polarity or details.get("polarity"):
                wanted["polarity"] = polarity or details["polarity"]  # as asked, else as the file's comparisons show
            if indicator is None:
                indicator = Indicator.objects.create(code=code, **wanted)
            elif any(getattr(indicator, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(indicator, k, v)
                indicator.save()
            held[code] = indicator
            result.indicators.append(indicator)
        key_fields = ["area_code", "area_type", "sex", "age", "category_type", "category", "period"]
        data_fields = ["area_kind", "area_name", "period_order", "value", "lower_ci", "upper_ci", "count",
                       "denominator", "value_note", "computed"]
        existing = {}
        for value in IndicatorValue.objects.filter(indicator__in=held.values()):
            existing[(value.indicator_id,) + tuple(getattr(value, f) for f in key_fields)] = value
        new, changed = [], []
        for row in rows:
            indicator = held[row["indicator"]]
            key = (indicator.pk,) + tuple(row[f] for f in key_fields)
            old = existing.get(key)
            if old is None:
                new.append(IndicatorValue(indicator=indicator, **{f: row[f] for f in key_fields + data_fields}))
            elif any(getattr(old, f) != row[f] for f in data_fields):
                for f in data_fields:
                    setattr(old, f, row[f])
                changed.append(old)
            else:
                result.unchanged += 1
        IndicatorValue.objects.bulk_create(new, batch_size=2000)
        IndicatorValue.objects.bulk_update(changed, data_fields, batch_size=2000)
        result.created, result.updated = len(new), len(changed)
        if new or changed:
            audit.record("import", "indicators.IndicatorValue", "", ", ".join(held),
                         {"created": [None, len(new)], "updated": [None, len(changed)]})
    return result


def import_fingertips(data, filename, *, polarity=None, user=None):
    """Read, check and write a Fingertips-format CSV export. Raises ImportRefused with every problem."""
    indicators, rows = read_fingertips(data, filename)
    return write_values(indicators, rows, polarity=polarity, source=f"Fingertips export ({filename})", user=user)


# Counts: numerators and denominators from which the platform computes the value

COUNTS_REQUIRED = ["indicator_id", "indicator_name", "area_code", "sex", "age_band", "period", "numerator",
                   "denominator"]
COUNTS_OPTIONAL = ["area_type"]
COUNT_METHODS = {"proportion": ValueType.PROPORTION, "rate": ValueType.RATE, "dsr": ValueType.DSR}


def read_counts(data, filename, method):
    """Check a file of numerators and denominators by area, age band, sex and period; compute the values."""
    if method not in COUNT_METHODS:
        raise ValueError(f"method must be one of {', '.join(COUNT_METHODS)}")
    problems = Problems()
    table = CsvFile(data, filename, COUNTS_REQUIRED, COUNTS_OPTIONAL, problems, MAX_ROWS)
    problems.refuse_if_any()
    places = _resolve_areas(table, [(line, table.get(row, "area_code").upper(), table.get(row, "area_type"))
                                    for line, row in table.rows], problems)
    names, records, keyed = {}, [], []
    for line, row in table.rows:
        code, name = table.get(row, "indicator_id"), table.get(row, "indicator_name")
        if not code or not name:
            problems.add(filename, line, "'indicator_id' and 'indicator_name' must not be blank")
            continue
        if names.setdefault(code, (name, line))[0] != name:
            problems.add(filename, line, f"indicator {code} is named {name!r} here but "
                         f"{names[code][0]!r} on line {names[code][1]}")
        band, period = table.get(row, "age_band"), table.get(row, "period")
        if not period or not band:
            problems.add(filename, line, "'age_band' and 'period' must not be blank")
        numerator = table.number(line, row, "numerator", blank_ok=False, low=0)
        denominator = table.number(line, row, "denominator", blank_ok=False, low=0)
        if numerator is not None and denominator is not None:
            if denominator == 0:
                problems.add(filename, line, "'denominator' is 0")
            elif method == "proportion" and numerator > denominator:
                problems.add(filename, line, f"the numerator {numerator:g} is more than the denominator {denominator:g}")
        if method == "dsr" and band and not re.match(r"^\d+", band):
            problems.add(filename, line, f"'age_band' {band!r} does not start with its first age (0-4, 5-9 … 90+)")
        area_code, area_type = table.get(row, "area_code").upper(), table.get(row, "area_type")
        sex = table.get(row, "sex") or "Persons"
        keyed.append((line, (code, area_code, area_type, sex, band, period)))
        place = places.get((area_code, area_type))
        if place and numerator is not None and denominator:
            records.append({"indicator": code, "area_code": area_code, "area_type": area_type or place[0].label,
                            "area_kind": place[0], "area_name": place[1], "sex": sex, "band": band,
                            "period": period, "x": numerator, "n": denominator})
    _check_unique(table, keyed)
    problems.refuse_if_any()
    frame = pd.DataFrame(records)
    by = ["indicator", "area_code", "area_type", "area_kind", "area_name", "sex", "period"]
    try:
        if method == "dsr":
            result = methods.dsr(frame, by=by, ageband="band")
            result = result.rename(columns={"total_count": "x", "total_pop": "n"})
        else:
            function = methods.proportion if method == "proportion" else methods.rate
            result = function(frame, by=by, **({"multiplier": 100} if method == "proportion" else {}))
    except ValueError as error:
        raise ImportRefused([Problem(filename, 0, f"the values cannot be computed: {error}")]) from None
    bands = frame.groupby(by)["band"].agg(lambda b: b.iloc[0] if len(set(b)) == 1 else "All ages")
    rows = []
    for record in result.to_dict("records"):
        key = tuple(record[c] for c in by)
        rows.append({
            **{c: record[c] for c in by}, "age": bands[key], "category_type": "", "category": "",
            "period_order": _period_order(record["period"]), "value": _finite(record["value"]),
            "lower_ci": _finite(record["lowercl"]), "upper_ci": _finite(record["uppercl"]),
            "count": float(record["x"]), "denominator": float(record["n"]),
            "value_note": "" if _finite(record["value"]) is not None else "Too few events to compute",
            "computed": True,
        })
    indicators = {code: {"name": name, "value_type": COUNT_METHODS[method]} for code, (name, _) in names.items()}
    return indicators, rows


def _finite(number):
    return None if number is None or not math.isfinite(number) else round(float(number), 6)


def import_counts(data, filename, method, *, polarity=None, user=None):
    """Read, check, compute (methods.proportion, rate or dsr) and write a file of counts."""
    indicators, rows = read_counts(data, filename, method)
    return write_values(indicators, rows, polarity=polarity, source=f"Computed here from counts ({filename}, {method})",
                        user=user)


# Deaths and populations for life expectancy

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
    """Replace-by-key upsert of one dataset's counts; returns (created, updated, unchanged)."""
    result = ImportResult()
    with transaction.atomic(), audit.acting_as(user or audit.current_actor()):
        dataset, _ = MortalityDataset.objects.get_or_create(slug=slug, defaults={
            "name": name, "group_kind": group_kind, "source": source})
        if (dataset.name, dataset.group_kind, dataset.source) != (name, group_kind, source):
            dataset.name, dataset.group_kind, dataset.source = name, group_kind, source
            dataset.save()
        existing = {(c.group, c.sex, c.year, c.startage): c for c in dataset.counts.all()}
        new, changed = [], []
        for key, (deaths, population) in records.items():
            old = existing.get(key)
            if old is None:
                new.append(MortalityCount(dataset=dataset, group=key[0], sex=key[1], year=key[2], startage=key[3],
                                          deaths=deaths, population=population))
            elif (old.deaths, old.population) != (deaths, population):
                old.deaths, old.population = deaths, population
                changed.append(old)
            else:
                result.unchanged += 1
        MortalityCount.objects.bulk_create(new, batch_size=2000)
        MortalityCount.objects.bulk_update(changed, ["deaths", "population"], batch_size=2000)
        result.created, result.updated = len(new), len(changed)
        if new or changed:
            audit.record("import", "indicators.MortalityCount", dataset.pk, dataset.name,
                         {"created": [None, len(new)], "updated": [None, len(changed)]})
    result.indicators = [dataset]
    return result


def read_mortality(data, filename, group_kind):
    """Check a tidy deaths and population file: group, sex, year, age_band (the 20 bands), deaths, population."""
    problems = Problems()
    table = CsvFile(data, filename, MORTALITY_REQUIRED, [], problems, MAX_ROWS)
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
        year = table.number(line, row, "year", blank_ok=False, whole=True, low=1900)
        band = table.get(row, "age_band")
        startage = _startage(band)
        if startage is None:
            problems.add(filename, line, f"'age_band' is {band!r}: use the 20 bands <1, 1-4, 5-9 … 85-89, 90+")
        deaths = table.number(line, row, "deaths", blank_ok=False, whole=True, low=0)
        population = table.number(line, row, "population", blank_ok=False, whole=True, low=0)
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
    from django.utils.text import slugify

    if group_kind not in ("decile", "area"):
        raise ValueError("group_kind is 'decile' or 'area'")
    if not (name or "").strip():
        raise ImportRefused([Problem(filename, 0, "give the data set a name")])
    records = read_mortality(data, filename, group_kind)
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
        # The published labels carry trailing spaces ('<1   ', '90+  '): CsvFile strips headers.
        files[name] = CsvFile(path.read_bytes(), name, required, [], problems)
    problems.refuse_if_any()
    deaths, populations = {}, {}
    for name, target in (("deaths_by_imd.csv", deaths), ("pops_by_imd.csv", populations)):
        table = files[name]
        seen = {}
        for line, row in table.rows:
            year = table.number(line, row, "year", blank_ok=False, whole=True, low=1900)
            decile = table.get(row, "imd")
            if decile not in {str(d) for d in range(1, 11)}:
                problems.add(name, line, f"'imd' is {decile!r}, not a decile 1 to 10")
            sex = table.get(row, "sex")
            if sex not in ("Male", "Female"):
                problems.add(name, line, f"'sex' is {sex!r}, not Male or Female")
            counts = [table.number(line, row, band, blank_ok=False, whole=True, low=0) for band in ONS_BANDS]
            total = table.number(line, row, "All Ages", blank_ok=False, whole=True, low=0)
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


def run_import(kind, data, filename, *, polarity=None, method="proportion", dataset_name="", group_kind="decile",
               user=None):
    """The one entry point of the import page and the `import-indicators` command."""
    if kind == "fingertips":
        return import_fingertips(data, filename, polarity=polarity or None, user=user)
    if kind == "counts":
        return import_counts(data, filename, method, polarity=polarity or None, user=user)
    if kind == "mortality":
        return import_mortality(data, filename, dataset_name, group_kind, user=user)
    raise ValueError(f"Unknown kind of file {kind!r}: fingertips, counts or mortality")
