"""Indirectly standardised rates and ratios (reference: calculate_ISRate, calculate_ISRatio)."""
import numpy as np
import pandas as pd

from ._confidence import (ci_names, confidence_label, number_label, poisson_lower,
                          poisson_method, poisson_upper)
from ._grouping import group_codes, group_sum, position_in_group
from ._validation import (as_list, by_position, fail_rows, numeric_column, parse_confidence,
                          require_columns)


def isr(data: pd.DataFrame, x: str = "x", n: str = "n", x_ref="x_ref", n_ref="n_ref", by=None,
        confidence=0.95, multiplier: float = 100_000,
        observed_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indirectly standardised rate: observed / expected x the reference rate.

    Expected events are the reference age-specific rates x_ref/n_ref applied
    to each row's population ``n``. ``x_ref`` and ``n_ref`` are column names
    or sequences (one value per row of every group, in order). With
    ``observed_totals`` (a frame of the ``by`` columns and ``x``) the observed
    events come from there, for data where only totals are known. Limits:
    exact Poisson below 10 observed events, Byar's from 10.
    """
    levels = parse_confidence(confidence, "isr")
    out, observed, expected, ref_rate = _observed_expected(
        "isr", data, x, n, x_ref, n_ref, by, observed_totals, multiplier)
    out["ref_rate"] = ref_rate
    return _finish(out, observed, expected, ref_rate, levels,
                   f"indirectly standardised rate per {number_label(multiplier)}")


def smr(data: pd.DataFrame, x: str = "x", n: str = "n", x_ref="x_ref", n_ref="n_ref", by=None,
        confidence=0.95, refvalue: float = 1,
        observed_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indirectly standardised ratio (standardised mortality ratio) observed / expected x ``refvalue``.

    Arguments as for ``isr``; ``refvalue=100`` expresses the ratio as a percentage.
    """
    levels = parse_confidence(confidence, "smr")
    out, observed, expected, _ = _observed_expected(
        "smr", data, x, n, x_ref, n_ref, by, observed_totals, 1)
    return _finish(out, observed, expected, refvalue, levels,
                   f"indirectly standardised ratio x {number_label(refvalue)}")


def _observed_expected(method, data, x, n, x_ref, n_ref, by, observed_totals, multiplier):
    """Per group: observed events, expected events and the reference rate."""
    by = as_list(by)
    columns = [n, *by] + [c for c in (x_ref, n_ref) if isinstance(c, str)]
    require_columns(data, columns if observed_totals is not None else [x, *columns], method)
    codes, out = group_codes(data, by)
    ngroups = len(out)
    position = position_in_group(codes)

    def reference(column, name):
        if isinstance(column, str):
            return numeric_column(data, column, by, method)
        return by_position(column, codes, position, data, by, name, method)

    ref_count = reference(x_ref, "x_ref")
    ref_pop = reference(n_ref, "n_ref")
    ns = numeric_column(data, n, by, method)
    fail_rows(ns < 0, data, by, n, "has a negative population", method)
    fail_rows(ref_count < 0, data, by, x_ref if isinstance(x_ref, str) else "x_ref",
              "has a negative reference count", method)
    fail_rows(~(ref_pop > 0), data, by, n_ref if isinstance(n_ref, str) else "n_ref",
              "has a reference population that is missing or not above zero", method)

    expected = group_sum(codes, np.nan_to_num(ref_count) / ref_pop * np.nan_to_num(ns), ngroups)
    ref_rate = (group_sum(codes, np.nan_to_num(ref_count), ngroups)
                / group_sum(codes, ref_pop, ngroups) * multiplier)
    if observed_totals is None:
        xs = numeric_column(data, x, by, method)
        fail_rows(xs < 0, data, by, x, "has a negative count", method)
        observed = group_sum(codes, np.nan_to_num(xs), ngroups)
    else:
        require_columns(observed_totals, [x, *by], f"{method} observed_totals")
        totals = numeric_column(observed_totals, x, by, f"{method} observed_totals")
        fail_rows(totals < 0, observed_totals, by, x, "has a negative count", f"{method} observed_totals")
        if by:
            fail_rows(observed_totals.duplicated(by).to_numpy(), observed_totals, by, by[0],
                      "repeats a group", f"{method} observed_totals")
            matched = out.merge(observed_totals[by].assign(_observed=totals), on=by, how="left")
            observed = matched["_observed"].to_numpy(dtype=float)
        elif len(totals) == 1:
            observed = totals
        else:
            raise ValueError(f"{method}: without by, observed_totals must have one row")
    out["observed"], out["expected"] = observed, expected
    return out, observed, expected, ref_rate


def _finish(out, observed, expected, scale, levels, statistic):
    out["value"] = observed / expected * scale
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        out[lower] = poisson_lower(observed, level) / expected * scale
        out[upper] = poisson_upper(observed, level) / expected * scale
    out["confidence"] = confidence_label(levels)
    out["statistic"] = statistic
    out["method"] = poisson_method(observed)
    return out
