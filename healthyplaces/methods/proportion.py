"""Proportions with Wilson score confidence limits (reference: phe_proportion)."""
import pandas as pd

from ._confidence import ci_names, confidence_label, number_label, wilson_lower, wilson_upper
from ._grouping import group_codes, group_sum
from ._validation import as_list, fail_rows, numeric_column, parse_confidence, require_columns


def proportion(data: pd.DataFrame, x: str = "x", n: str = "n", by=None,
               confidence=0.95, multiplier: float = 1) -> pd.DataFrame:
    """Proportion x/n with Wilson score limits, times ``multiplier`` (100 = percentage).

    Without ``by`` there is one result per row and the input columns are kept;
    with ``by`` numerators and denominators are summed per group first (a
    missing value makes the group's result missing, as in the reference).
    ``confidence`` may be ``None`` for no limits (then only value and statistic).
    """
    method = "proportion"
    by = as_list(by)
    require_columns(data, [x, n, *by], method)
    levels = parse_confidence(confidence, method, allow_none=True)
    xs = numeric_column(data, x, by, method)
    ns = numeric_column(data, n, by, method)
    fail_rows(xs < 0, data, by, x, "has a negative numerator", method)
    fail_rows(ns <= 0, data, by, n, "has a denominator of zero or less", method)
    fail_rows(xs > ns, data, by, x, f"is greater than the denominator {n!r}", method)

    if by:
        codes, out = group_codes(data, by)
        xs = group_sum(codes, xs, len(out))
        ns = group_sum(codes, ns, len(out))
        out[x], out[n] = xs, ns
    else:
        out = data.copy()

    out["value"] = xs / ns * multiplier
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        out[lower] = wilson_lower(xs, ns, level) * multiplier
        out[upper] = wilson_upper(xs, ns, level) * multiplier
    if levels:
        out["confidence"] = confidence_label(levels)
    out["statistic"] = "percentage" if multiplier == 100 else f"proportion of {number_label(multiplier)}"
    if levels:
        out["method"] = "Wilson"
    return out
