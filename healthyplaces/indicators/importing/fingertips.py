"""Fingertips exports: indicator values as published by OHID, one row per area, sex, age, category and period."""
from healthyplaces.importing import Columns, Problems

from .. import areas
from ..models import ValueType
from .common import MAX_ROWS, _check_unique, _indicator_named, _period_order, _resolve_areas
from .common import write_values

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
    table = Columns(data, filename, problems, FINGERTIPS_REQUIRED, FINGERTIPS_OPTIONAL, max_rows=MAX_ROWS)
    problems.refuse_if_any()
    names, rows, keyed = {}, [], []
    places = _resolve_areas(table, [(line, table.get(row, "Area Code").upper(), table.get(row, "Area Type"))
                                    for line, row in table.rows], problems)
    for line, row in table.rows:
        code = table.get(row, "Indicator ID")
        name = table.get(row, "Indicator Name")
        if not _indicator_named(table, names, line, code, name, ["Indicator ID", "Indicator Name"]):
            continue
        area_code, area_type = table.get(row, "Area Code").upper(), table.get(row, "Area Type")
        period = table.get(row, "Time period")
        if not period:
            problems.add(filename, line, "'Time period' must not be blank")
        values = {c: table.number(line, row, c, blank_ok=True)
                  for c in ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit")}
        count = table.number(line, row, "Count", low=0, blank_ok=True)
        denominator = table.number(line, row, "Denominator", low=0, blank_ok=True)
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


def import_fingertips(data, filename, *, polarity=None, user=None):
    """Read, check and write a Fingertips-format CSV export. Raises ImportRefused with every problem."""
    return write_fingertips(read_fingertips(data, filename), filename, polarity=polarity, user=user)


def write_fingertips(parsed, filename, *, polarity=None, user=None):
    """Write what `read_fingertips` checked (the page holds it for the import's job)."""
    indicators, rows = parsed
    return write_values(indicators, rows, polarity=polarity, source=f"Fingertips export ({filename})", user=user)
