"""Fingertips exports: indicator values as published by OHID, one row per area, sex, age, category and period.

Every layout Fingertips has published is read: the current header (`Indicator ID`, `Time period`,
`Lower CI 95.0 limit` …) and the older one without spaces (`IndicatorID`, `Timeperiod`,
`Lower_CI_95.0_limit` …), since header names are compared ignoring case, spaces and underscores; rows
that leave off trailing optional cells (a header of 26 columns over rows of 25); a byte order mark;
values with newlines inside quotes (problems name the line the row starts on).

A line that is wrong on its own (an unknown area code, a value that is not a number, an interval that
does not hold its value) is left out with its reason and the rest of the file is imported; what makes
the whole file doubtful (a missing column, a duplicate row, one indicator under two names) refuses it.
"""
import re

from healthyplaces.importing import Columns, ImportRefused, Problem, Problems

from .. import areas
from ..models import ValueType
from .common import AREA_CODE, MAX_ROWS, _check_unique, _indicator_named, _period_order, write_values

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
        verdict, level = row["published_comparison"].lower(), england.get((row["sex"], row["age"], row["period"]))
        if row["value"] is None or level is None or row["value"] == level or not verdict.startswith(("better", "worse")):
            continue
        higher = row["value"] > level
        votes["high" if higher == verdict.startswith("better") else "low"] += 1
    if votes["high"] and not votes["low"]:
        return "high"
    if votes["low"] and not votes["high"]:
        return "low"
    return None


_PER = re.compile(r"(?:\bper|/)\s*(\d{1,3}(?:,\d{3})+|\d+)\b", re.IGNORECASE)
_PERCENT = re.compile(r"%|\bpercentage\b|\bproportion\b|\bper cent\b", re.IGNORECASE)
_STANDARDISED = re.compile(r"\b(?:age[- ]standardi[sz]ed|directly standardi[sz]ed|dsr)\b", re.IGNORECASE)
_CRUDE = re.compile(r"\bcrude\b", re.IGNORECASE)


def _base_from_counts(rows):
    """The base every row's value has over its count and denominator (value = count / denominator x base), or None.

    Only when every row with a count agrees to one part in a thousand: then the value is a crude rate
    (or a percentage, base 100) and the file's own figures say so.
    """
    ratios = [r["value"] * r["denominator"] / r["count"] for r in rows
              if r["value"] is not None and r["count"] and r["denominator"]]
    if not ratios:
        return None
    for base in (100, 1_000, 10_000, 100_000):
        if all(abs(ratio / base - 1) < 0.001 for ratio in ratios):
            return base
    return None


def value_type_from_file(name, rows):
    """(value type, rate base, what is unsure) from the indicator's name and its own figures.

    The name's words say the kind of number: '%', 'percentage' or 'proportion'; 'per 10,000' or
    '/100,000' (the base); 'crude' or 'age-standardised'. The counts confirm a crude rate or a percentage
    when every value is its count over its denominator times one base. What neither says is left
    unclaimed, and the note says so on the indicator's page.
    """
    if "life expectancy" in name.lower():
        return ValueType.LIFE_EXPECTANCY, None, ""
    said = _PER.search(name)
    per = int(said.group(1).replace(",", "")) if said else None
    from_counts = _base_from_counts(rows)
    percent = bool(_PERCENT.search(name))
    if percent and from_counts in (None, 100):
        return ValueType.PROPORTION, None, ""
    if from_counts == 100 and per is None and not _STANDARDISED.search(name):
        return ValueType.PROPORTION, None, ""
    if _STANDARDISED.search(name):
        if per:
            return ValueType.DSR, per, ""
        return ValueType.DSR, None, "The file does not say what the rate is per (per 100,000, per 10,000…)."
    if from_counts and from_counts != 100 and per in (None, from_counts) and not percent:
        return ValueType.RATE, from_counts, ""
    if _CRUDE.search(name) and per:
        return ValueType.RATE, per, ""
    if per:
        return ValueType.OTHER, per, (f"The file says the rate is per {per:,} but not whether it is crude or "
                                      "age-standardised.")
    return ValueType.OTHER, None, ("The file does not say what kind of number this is (a percentage, a crude or "
                                   "age-standardised rate, a count); the values are shown as published.")


def _row_problems(table, line, row, places):
    """The reasons a line cannot be imported on its own, and its values where it can."""
    reasons = []
    code = table.get(row, "Area Code").upper()
    place = places.get((code, table.get(row, "Area Type")))
    if not AREA_CODE.match(code):
        reasons.append(f"{code!r} is not an area code")
    elif place is None:
        reasons.append(f"unknown area code {code}: no England, region, county, local authority (current or "
                       "former), ward, MSOA or LSOA has it")
    if not table.get(row, "Time period"):
        reasons.append("'Time period' must not be blank")
    found = Problems()
    number = {c: table.number(line, row, c, blank_ok=True, problems=found)
              for c in ("Value", "Lower CI 95.0 limit", "Upper CI 95.0 limit")}
    number["Count"] = table.number(line, row, "Count", low=0, blank_ok=True, problems=found)
    number["Denominator"] = table.number(line, row, "Denominator", low=0, blank_ok=True, problems=found)
    reasons += [p.reason for p in found.items]
    value, lower, upper = number["Value"], number["Lower CI 95.0 limit"], number["Upper CI 95.0 limit"]
    if value is not None and ((lower is not None and lower > value) or (upper is not None and upper < value)):
        reasons.append(f"the value {value:g} is outside its 95% confidence interval {lower:g} to {upper:g}")
    elif lower is not None and upper is not None and lower > upper:
        reasons.append(f"the 95% confidence interval's lower limit {lower:g} is above its upper limit {upper:g}")
    return reasons, place, number


def read_fingertips(data, filename):
    """Check a Fingertips export: its indicators, its value rows and the lines left out, or raise ImportRefused."""
    problems = Problems()
    table = Columns(data, filename, problems, FINGERTIPS_REQUIRED, FINGERTIPS_OPTIONAL, max_rows=MAX_ROWS,
                    short_rows=True)
    if not table.rows:
        problems.refuse_if_any()  # the file itself, its header, or not one row that can be read
    # with rows read, what the reader found is a row of the wrong width or with a NUL byte: that line is left out
    left_out = [Problem(p.file, p.line, f"left out: {p.reason}") for p in problems.items]
    table.problems = problems = Problems()  # from here: what is wrong with the file as a whole
    known = areas.resolve(table.get(row, "Area Code").upper() for _, row in table.rows)
    places = {}
    for _, row in table.rows:
        code, area_type = table.get(row, "Area Code").upper(), table.get(row, "Area Type")
        if code in known:
            kind = areas.choose_kind(known[code], area_type)
            places[(code, area_type)] = (kind, known[code][kind])
    names, rows, keyed = {}, [], []
    for line, row in table.rows:
        code = table.get(row, "Indicator ID")
        if not _indicator_named(table, names, line, code, table.get(row, "Indicator Name"),
                                ["Indicator ID", "Indicator Name"]):
            continue
        area_code, area_type, period = table.get(row, "Area Code").upper(), table.get(row, "Area Type"), \
            table.get(row, "Time period")
        key = (code, area_code, area_type, table.get(row, "Sex") or "Persons", table.get(row, "Age") or "All ages",
               table.get(row, "Category Type"), table.get(row, "Category"), period)
        keyed.append((line, key))
        reasons, place, number = _row_problems(table, line, row, places)
        if reasons:
            left_out.append(Problem(filename, line, "left out: " + "; ".join(reasons)))
            continue
        rows.append({
            "indicator": code, "area_code": area_code, "area_type": area_type, "area_kind": place[0],
            "area_name": place[1], "sex": key[3], "age": key[4], "category_type": key[5], "category": key[6],
            "period": period, "period_order": _period_order(period, table.get(row, "Time period Sortable")),
            "value": number["Value"], "lower_ci": number["Lower CI 95.0 limit"],
            "upper_ci": number["Upper CI 95.0 limit"], "count": number["Count"], "denominator": number["Denominator"],
            "value_note": table.get(row, "Value note")[:200], "computed": False,
            "published_comparison": table.get(row, "Compared to England value or percentiles")[:40],
        })
    _check_unique(table, keyed)
    problems.refuse_if_any()
    if not rows:
        raise ImportRefused(left_out or [Problem(filename, 0, "the file has no data rows")])
    indicators = {}
    for code, (name, _) in names.items():
        own = [r for r in rows if r["indicator"] == code]
        value_type, per, note = value_type_from_file(name, own)
        indicators[code] = {"name": name, "value_type": value_type, "per": per, "value_type_note": note,
                            "polarity": _polarity_from_comparisons(own)}
    return indicators, rows, sorted(left_out, key=lambda p: p.line)


def import_fingertips(data, filename, *, polarity=None, user=None):
    """Read, check and write a Fingertips-format CSV export. Raises ImportRefused if the file cannot be imported."""
    return write_fingertips(read_fingertips(data, filename), filename, polarity=polarity, user=user)


def write_fingertips(parsed, filename, *, polarity=None, user=None):
    """Write what `read_fingertips` checked (the page holds it for the import's job), in one transaction."""
    indicators, rows, left_out = parsed
    result = write_values(indicators, rows, polarity=polarity, source=f"Fingertips export ({filename})", user=user)
    result.left_out = left_out
    return result
