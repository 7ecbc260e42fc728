"""Counts: numerators and denominators from which the platform computes the value."""
import math
import re

import pandas as pd

from healthyplaces import methods
from healthyplaces.importing import Columns, ImportRefused, Problem, Problems

from ..models import ValueType
from .common import MAX_ROWS, _check_unique, _indicator_named, _period_order, _resolve_areas
from .common import write_values

COUNTS_REQUIRED = ["indicator_id", "indicator_name", "area_code", "sex", "age_band", "period", "numerator",
                   "denominator"]
COUNTS_OPTIONAL = ["area_type"]
COUNT_METHODS = {"proportion": ValueType.PROPORTION, "rate": ValueType.RATE, "dsr": ValueType.DSR}


def read_counts(data, filename, method):
    """Check a file of numerators and denominators by area, age band, sex and period; compute the values."""
    if method not in COUNT_METHODS:
        raise ValueError(f"method must be one of {', '.join(COUNT_METHODS)}")
    problems = Problems()
    table = Columns(data, filename, problems, COUNTS_REQUIRED, COUNTS_OPTIONAL, max_rows=MAX_ROWS)
    problems.refuse_if_any()
    places = _resolve_areas(table, [(line, table.get(row, "area_code").upper(), table.get(row, "area_type"))
                                    for line, row in table.rows], problems)
    names, records, keyed = {}, [], []
    for line, row in table.rows:
        code, name = table.get(row, "indicator_id"), table.get(row, "indicator_name")
        if not _indicator_named(table, names, line, code, name, ["indicator_id", "indicator_name"]):
            continue
        band, period = table.get(row, "age_band"), table.get(row, "period")
        if not period or not band:
            problems.add(filename, line, "'age_band' and 'period' must not be blank")
        numerator = table.number(line, row, "numerator", low=0)
        denominator = table.number(line, row, "denominator", low=0)
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
    indicators = {code: {"name": name, "value_type": COUNT_METHODS[method],
                         "per": None if method == "proportion" else 100_000} for code, (name, _) in names.items()}
    return indicators, rows


def _finite(number):
    return None if number is None or not math.isfinite(number) else round(float(number), 6)


def import_counts(data, filename, method, *, polarity=None, user=None):
    """Read, check, compute (methods.proportion, rate or dsr) and write a file of counts."""
    return write_counts(read_counts(data, filename, method), filename, method, polarity=polarity, user=user)


def write_counts(parsed, filename, method, *, polarity=None, user=None):
    """Write what `read_counts` checked and computed (the page holds it for the import's job)."""
    indicators, rows = parsed
    return write_values(indicators, rows, polarity=polarity, source=f"Computed here from counts ({filename}, {method})",
                        user=user)
