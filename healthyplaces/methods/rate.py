"""Rates with Byar's / exact Poisson confidence limits (reference: phe_rate)."""
import pandas as pd

from ._confidence import (ci_names, confidence_label, number_label, poisson_lower,
                          poisson_method, poisson_upper)
from ._grouping import group_codes, group_sum
from ._validation import as_list, fail_rows, numeric_column, parse_confidence, require_columns


def rate(data: pd.DataFrame, x: str = "x", n: str = "n", by=None,
         confidence=0.95, multiplier: float = 100_000) -> pd.DataFrame:
    """Rate x/n times ``multiplier`` with exact Poisson limits below 10 events, Byar's from 10.

    The numerator may exceed the denominator (a rate, not a proportion).
    Without ``by`` there is one result per row; with ``by`` counts and
    denominators are summed per group first.
    """
    method = "rate"
    by = as_list(by)
    require_columns(data, [x, n, *by], method)
    levels = parse_confidence(confidence, method)
    xs = numeric_column(data, x, by, method)
    ns = numeric_column(data, n, by, method)
    fail_rows(xs < 0, data, by, x, "has a negative numerator", method)
    fail_rows(ns <= 0, data, by, n, "has a denominator of zero or less", method)

    if by:
        codes, out = group_codes(data, by)
        xs = group_sum(codes, xs, len(out))
        ns = group_sum(codes, ns, len(out))
        out[x], out[n] = xs, ns
    else:
        out = data.copy()

    out["value"] = xs / ns * multiplier
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        out[lower] = poisson_lower(xs, level) / ns * multiplier
        out[upper] = poisson_upper(xs, level) / ns * multiplier
    out["confidence"] = confidence_label(levels)
    out["statistic"] = f"rate per {number_label(multiplier)}"
    out["method"] = poisson_method(xs)
    return out
