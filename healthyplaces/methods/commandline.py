"""Run a method over one tidy CSV file: the engine behind
``healthyplaces methods life-expectancy|healthy-life-expectancy|dsr|proportion|rate|sii FILE --by COL,COL`` and
``healthyplaces methods decompose-gap FILE --between decile=1,decile=10 [--by sex] [--format csv]``.

Columns (the reference package's meanings):

* life-expectancy: ``startage`` (0, 1, 5, ..., 90), ``deaths``, ``population``
* dsr: ``x`` events, ``n`` population, ``ageband`` or ``startage`` (0-4 ... 90+);
  the 2013 European Standard Population is matched to the bands
* proportion, rate: ``x`` numerator, ``n`` denominator
* sii: ``quantile``, ``population``, ``value`` and ``lowercl``/``uppercl`` (95%) or ``se``
* healthy-life-expectancy: ``startage``, ``good_health`` (the share in good health, 0 to 1), ``sample_size``
  (the people surveyed in the band) and either ``deaths`` and ``population`` or a life table ``lx``, ``Lx``
  (Sullivan's method); one row per (group and) age band with ``value``, its limits, ``life_expectancy`` and
  ``share``
* decompose-gap: the column named in ``--between``, an optional ``cause``, ``startage``, ``deaths`` and
  ``population``; one row per (by group,) cause and age band with its ``contribution`` in years, and
  the gap they add up to on stderr. A table unless ``--format csv``.

plus the grouping columns. The result is written as CSV (95% limits); errors
go to stderr naming the file's line (or group) and column, with a non-zero
return code.
"""
import sys
import warnings

import pandas as pd

from . import decompose_gap, dsr, gap_of, healthy_life_expectancy, life_expectancy, proportion, rate, sii

METHODS = ("life-expectancy", "healthy-life-expectancy", "dsr", "proportion", "rate", "sii", "decompose-gap")
SII_SEED = 20240101  # the same file always gives the same simulated limits
LIMITS = ["value", "lowercl", "uppercl"]


def run(method: str, path: str, by: list[str], out=sys.stdout, between: str = "", fmt: str = "") -> int:
    """Compute ``method`` for the CSV at ``path`` grouped by ``by``; 0 on success.

    ``fmt`` is "csv" or "table"; by default CSV, and a table for decompose-gap."""
    if method not in METHODS:
        print(f"error: unknown method {method!r}; choose from {', '.join(METHODS)}", file=sys.stderr)
        return 2
    by = [c for c in by if c]
    try:
        data = _read(path)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if method == "decompose-gap":
                result = _decompose(data, by, between)
            else:
                result = _compute(method, data, by)
    except (OSError, ValueError) as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return 1
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    if (fmt or ("table" if method == "decompose-gap" else "csv")) == "table":
        print(result.to_string(index=False), file=out)
    else:
        result.to_csv(out, index=False, lineterminator="\n")
    if method == "decompose-gap":
        gaps = gap_of(result, by)
        for key, gap in (gaps.items() if by else [((), gaps)]):
            where = ", ".join(f"{c}={k}" for c, k in zip(by, key if isinstance(key, tuple) else (key,)))
            print(f"gap: {gap:.4f} years{f' ({where})' if where else ''}, the sum of the contributions",
                  file=sys.stderr)
    return 0


def parse_between(text: str) -> tuple[str, tuple[str, str]]:
    """'decile=1,decile=10' -> ('decile', ('1', '10')): the grouping column and the two groups."""
    sides = [part.partition("=") for part in text.split(",")]
    if len(sides) != 2 or any(not column.strip() or not sep or not value.strip() for column, sep, value in sides):
        raise ValueError(f"--between takes two groups as COLUMN=VALUE,COLUMN=VALUE (decile=1,decile=10), "
                         f"not {text!r}")
    (first, _, one), (second, _, other) = sides
    if first.strip() != second.strip():
        raise ValueError(f"--between compares two values of one column, not {first.strip()!r} and {second.strip()!r}")
    return first.strip(), (one.strip(), other.strip())


def _decompose(data: pd.DataFrame, by: list[str], between: str) -> pd.DataFrame:
    column, groups = parse_between(between)
    cause = "cause" if "cause" in data.columns else None
    return decompose_gap(data, between=groups, group=column, cause=cause, by=by)


def _read(path: str) -> pd.DataFrame:
    """The file, its rows labelled by line number (the header is line 1)."""
    try:
        data = pd.read_csv(path, skip_blank_lines=False)
    except pd.errors.ParserError as error:
        raise ValueError(f"not a well-formed CSV file: {error}") from None
    except pd.errors.EmptyDataError:
        raise ValueError("the file is empty") from None
    data.index = pd.RangeIndex(2, len(data) + 2, name="line")
    return data


def _compute(method: str, data: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if method == "life-expectancy":
        result = life_expectancy(data, by=by)
        return result[by + ["startage"] + LIMITS]
    if method == "healthy-life-expectancy":
        table = {"lx": "lx", "Lx": "Lx"} if "lx" in data.columns else {"deaths": "deaths", "population": "population"}
        result = healthy_life_expectancy(data, by=by, **table)
        return result[by + ["startage"] + LIMITS + ["life_expectancy", "share"]]
    if method == "dsr":
        band = "ageband" if "ageband" in data.columns else "startage"
        result = dsr(data, by=by, ageband=band)
        return result[by + ["total_count", "total_pop"] + LIMITS]
    if method in ("proportion", "rate"):
        function = proportion if method == "proportion" else rate
        result = function(data, by=by)
        return result[(by + ["x", "n"] if by else list(data.columns)) + LIMITS]
    if "se" in data.columns:
        uncertainty = {"se": "se"}
    else:
        uncertainty = {"lower_cl": "lowercl", "upper_cl": "uppercl"}
    result = sii(data, by=by, seed=SII_SEED, **uncertainty)
    return result[by + LIMITS]
