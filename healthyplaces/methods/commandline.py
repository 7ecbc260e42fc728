"""Run a method over one tidy CSV file: the engine behind
``healthyplaces methods life-expectancy|dsr|proportion|rate|sii FILE --by COL,COL``.

Columns (the reference package's meanings):

* life-expectancy: ``startage`` (0, 1, 5, ..., 90), ``deaths``, ``population``
* dsr: ``x`` events, ``n`` population, ``ageband`` or ``startage`` (0-4 ... 90+);
  the 2013 European Standard Population is matched to the bands
* proportion, rate: ``x`` numerator, ``n`` denominator
* sii: ``quantile``, ``population``, ``value`` and ``lowercl``/``uppercl`` (95%) or ``se``

plus the grouping columns. The result is written as CSV (95% limits); errors
go to stderr naming the file's line (or group) and column, with a non-zero
return code.
"""
import sys
import warnings

import pandas as pd

from . import dsr, life_expectancy, proportion, rate, sii

METHODS = ("life-expectancy", "dsr", "proportion", "rate", "sii")
SII_SEED = 20240101  # the same file always gives the same simulated limits
LIMITS = ["value", "lowercl", "uppercl"]


def run(method: str, path: str, by: list[str], out=sys.stdout) -> int:
    """Compute ``method`` for the CSV at ``path`` grouped by ``by``; 0 on success."""
    if method not in METHODS:
        print(f"error: unknown method {method!r}; choose from {', '.join(METHODS)}", file=sys.stderr)
        return 2
    by = [c for c in by if c]
    try:
        data = _read(path)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = _compute(method, data, by)
    except (OSError, ValueError) as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return 1
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    result.to_csv(out, index=False, lineterminator="\n")
    return 0


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
