"""Directly standardised rates, Dobson method (reference: calculate_dsr)."""
import numpy as np
import pandas as pd

from ._confidence import byars_lower, byars_upper, ci_names, confidence_label, number_label
from ._grouping import group_codes, group_sum, position_in_group
from ._validation import (as_list, band_starts, by_position, describe_row, fail_rows,
                          numeric_column, parse_confidence, require_columns)
from .esp2013 import ESP2013, ESP2013_STARTAGES

INDEPENDENT = "Dobson"
NON_INDEPENDENT = "Dobson, with confidence adjusted for non-independent events"


def dsr(data: pd.DataFrame, x: str = "x", n: str = "n", stdpop=None, by=None,
        ageband: str | None = None, confidence=0.95, multiplier: float = 100_000,
        independent_events: bool = True, eventfreq: str | None = None) -> pd.DataFrame:
    """Directly standardised rate per group with Dobson confidence limits.

    ``stdpop`` is a column name, a sequence (one value per row of every group,
    in order), or ``None`` for the built-in 2013 European Standard Population:
    matched to the ``ageband`` column's start ages (0, 5, ..., 90) when given,
    otherwise by position (each group then needs its 19 bands in order).
    Missing event counts count as 0. As the reference does, value and limits
    are missing where a group has fewer than 10 events in total
    (statistic "dsr NA for total count < 10").

    ``independent_events=False`` widens the limits for people with several
    events: each row then holds the number of people (``x``) who had
    ``eventfreq`` events in that age band, and ``ageband`` is required.
    """
    method = "dsr"
    by = as_list(by)
    if not isinstance(independent_events, bool):
        raise ValueError(f"{method}: independent_events must be True or False")
    if not independent_events:
        if eventfreq is None or ageband is None:
            raise ValueError(f"{method}: independent_events=False needs the eventfreq and ageband columns")
        by = [c for c in by if c != eventfreq]  # frequencies are combined within each group
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float, np.number)) or multiplier <= 0:
        raise ValueError(f"{method}: multiplier must be a number greater than 0")
    needed = [x, n, *by] + [c for c in (ageband, eventfreq) if c is not None]
    if isinstance(stdpop, str):
        needed.append(stdpop)
    require_columns(data, needed, method)
    levels = parse_confidence(confidence, method)

    xs = numeric_column(data, x, by, method)
    ns = numeric_column(data, n, by, method, allow_missing=False)
    fail_rows(xs < 0, data, by, x, "has a negative count", method)
    fail_rows(ns <= 0, data, by, n, "has a population of zero or less", method)
    xs = np.nan_to_num(xs)
    codes, out = group_codes(data, by)
    ngroups = len(out)

    if independent_events:
        freq = None
        standard_groups = codes
    else:
        freq = numeric_column(data, eventfreq, by, method, allow_missing=False)
        standard_groups = group_codes(data.assign(_freq=freq), by + ["_freq"])[0]
    sp = _standard_population(data, stdpop, ageband, standard_groups, by, method)

    total_stdpop = group_sum(standard_groups, sp, standard_groups.max() + 1)
    if freq is None:
        total_count = group_sum(codes, xs, ngroups)
        total_pop = group_sum(codes, ns, ngroups)
        weighted = group_sum(codes, xs * sp / ns, ngroups)
        variance = group_sum(codes, xs * (sp / ns) ** 2, ngroups) / total_stdpop**2
        standard = total_stdpop
        label = INDEPENDENT
    else:
        total_count, total_pop, weighted, standard, variance = _non_independent(
            data, by, codes, ngroups, standard_groups, total_stdpop, xs, ns, sp, freq, ageband, method)
        label = NON_INDEPENDENT

    value = weighted / standard * multiplier
    too_few = total_count < 10
    out["total_count"], out["total_pop"] = total_count, total_pop
    out["value"] = np.where(too_few, np.nan, value)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(variance / total_count) * multiplier
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        out[lower] = np.where(too_few, np.nan, value + spread * (byars_lower(total_count, level) - total_count))
        out[upper] = np.where(too_few, np.nan, value + spread * (byars_upper(total_count, level) - total_count))
    out["confidence"] = confidence_label(levels)
    out["statistic"] = np.where(too_few, "dsr NA for total count < 10", f"dsr per {number_label(multiplier)}")
    out["method"] = label
    return out


def _standard_population(data, stdpop, ageband, groups, by, method) -> np.ndarray:
    """The standard population of each row (see ``dsr`` for the three forms)."""
    if isinstance(stdpop, str):
        sp = numeric_column(data, stdpop, by, method, allow_missing=False)
        fail_rows(sp < 0, data, by, stdpop, "has a negative standard population", method)
        return sp
    if stdpop is not None:
        return by_position(stdpop, groups, position_in_group(groups), data, by, "stdpop", method)
    if ageband is None:
        return by_position(ESP2013, groups, position_in_group(groups), data, by,
                           "the 2013 European Standard Population (19 bands 0-4 ... 90+)", method)
    starts = band_starts(data, ageband, by, method)
    band = np.searchsorted(ESP2013_STARTAGES, starts)
    fail_rows((band >= len(ESP2013)) | (ESP2013_STARTAGES[np.minimum(band, len(ESP2013) - 1)] != starts),
              data, by, ageband, "is not one of the 2013 European Standard Population bands (0, 5, ..., 90)",
              method)
    seen = np.bincount(groups * len(ESP2013) + band, minlength=(groups.max() + 1) * len(ESP2013))
    seen = seen.reshape(-1, len(ESP2013))
    duplicated = seen[groups, band] > 1
    fail_rows(duplicated, data, by, ageband, "repeats an age band", method)
    incomplete = (seen == 0).any(axis=1)
    if incomplete.any():
        g = int(np.argmax(incomplete))
        missing = ", ".join(str(a) for a in ESP2013_STARTAGES[seen[g] == 0])
        i = int(np.argmax(groups == g))
        raise ValueError(f"{method}: column {ageband!r} is missing the age band(s) starting {missing} "
                         f"in {describe_row(data, by, i)}")
    return ESP2013[band]


def _non_independent(data, by, codes, ngroups, freq_groups, freq_stdpop, xs, ns, sp, freq, ageband, method):
    """Totals and variance when people can have several events (reference: dsr_inner twice).

    The variance is the sum over event frequencies f of f^2 times the Dobson
    variance of the people with f events; the rate counts f events per person.
    """
    band_groups = group_codes(data.assign(_group=codes), ["_group", ageband])[0]
    nbands = band_groups.max() + 1
    band_n = np.full(nbands, np.nan)
    band_sp = np.full(nbands, np.nan)
    band_n[band_groups], band_sp[band_groups] = ns, sp
    inconsistent = (band_n[band_groups] != ns) | (band_sp[band_groups] != sp)
    fail_rows(inconsistent, data, by, ageband,
              "has rows for the same group and age band with different populations or standard populations",
              method)
    band_code = np.zeros(nbands, dtype=np.intp)
    band_code[band_groups] = codes

    nfreq = freq_groups.max() + 1
    freq_variance = group_sum(freq_groups, xs * (sp / ns) ** 2, nfreq) / freq_stdpop**2
    freq_of = np.zeros(nfreq)
    freq_code = np.zeros(nfreq, dtype=np.intp)
    freq_of[freq_groups], freq_code[freq_groups] = freq, codes
    variance = group_sum(freq_code, freq_variance * freq_of**2, ngroups)

    events = group_sum(band_groups, freq * xs, nbands)
    total_count = group_sum(band_code, events, ngroups)
    total_pop = group_sum(band_code, band_n, ngroups)
    weighted = group_sum(band_code, events * band_sp / band_n, ngroups)
    standard = group_sum(band_code, band_sp, ngroups)
    return total_count, total_pop, weighted, standard, variance
