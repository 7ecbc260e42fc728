"""Means with Student's t confidence limits (reference: phe_mean)."""
import numpy as np
import pandas as pd
from scipy.special import stdtrit

from ._confidence import ci_names, confidence_label
from ._grouping import group_codes, group_count, group_sum
from ._validation import as_list, numeric_column, parse_confidence, require_columns


def mean(data: pd.DataFrame, x: str = "x", by=None, confidence=0.95) -> pd.DataFrame:
    """Mean of ``x`` per group (all rows without ``by``) with Student's t limits.

    Returns value_sum, value_count, stdev (n - 1 denominator) and the mean;
    a missing value makes its group's results missing.
    """
    method = "mean"
    by = as_list(by)
    require_columns(data, [x, *by], method)
    levels = parse_confidence(confidence, method)
    values = numeric_column(data, x, by, method)

    codes, out = group_codes(data, by)
    ngroups = len(out)
    total = group_sum(codes, values, ngroups)
    count = group_count(codes, ngroups).astype(float)
    average = total / count
    # two passes (deviations from the group mean) keep the variance accurate
    squares = group_sum(codes, (values - average[codes]) ** 2, ngroups)
    with np.errstate(divide="ignore", invalid="ignore"):
        stdev = np.sqrt(squares / (count - 1))
        standard_error = stdev / np.sqrt(count)

    out["value_sum"], out["value_count"] = total, count.astype(int)
    out["stdev"], out["value"] = stdev, average
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        with np.errstate(invalid="ignore"):
            t = np.abs(stdtrit(count - 1, (1 - level) / 2))
        out[lower] = average - t * standard_error
        out[upper] = average + t * standard_error
    out["confidence"] = confidence_label(levels)
    out["statistic"] = "mean"
    out["method"] = "Student's t-distribution"
    return out
