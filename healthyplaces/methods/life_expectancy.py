"""Life expectancy: Chiang II abridged life table with Silcocks et al confidence
limits (reference: phe_life_expectancy)."""
import warnings

import numpy as np
import pandas as pd

from ._confidence import ci_names, confidence_label, z_value
from ._grouping import group_codes
from ._validation import (as_list, band_starts, fail_rows, numeric_column, parse_confidence,
                          require_columns)

#: Start ages of the 20 bands: 0, 1-4, 5-9, ..., 85-89, 90+.
STARTAGES = np.array([0, 1, *range(5, 95, 5)])
BANDS = len(STARTAGES)
WIDTHS = np.diff(STARTAGES).astype(float)      # 1, 4, 5, ..., 5 (the last band is open)
FRACTION = np.where(STARTAGES == 0, 0.1, 0.5)  # share of the band lived by those who die in it

# The reference package's rules for leaving an area out, checked in its order.
RULES = [
    ("negative_deaths", "some age bands have negative deaths; outputs have been suppressed to NAs"),
    ("population_not_positive",
     "some age bands have a zero or less population; outputs have been suppressed to NAs"),
    ("incomplete", "some groups contain a different number of age bands than 20; life expectancy "
                   "cannot be calculated for these. These groups will contain NAs."),
    ("deaths_over_population",
     "some age bands have more deaths than population; outputs have been suppressed to NAs"),
    ("small_population",
     "some groups have a total population of less than 5,000; outputs have been suppressed to NAs"),
]
WIDE = ("some life expectancy values have a 95% confidence interval > 20 years; "
        "these values have been suppressed to NAs")


def life_expectancy(data: pd.DataFrame, deaths: str = "deaths", population: str = "population",
                    startage: str = "startage", by=None, confidence=0.95, le_age=None) -> pd.DataFrame:
    """Life expectancy at the start of each of the 20 age bands, per group.

    ``startage`` holds 0, 1, 5, 10, ..., 90 (or labels starting with those
    numbers, such as '5-9'); rows may come in any order. The result has one row
    per input row, sorted by group and age, with value, limits (any number of
    confidence levels), the person-years and deaths used from that age up
    (pops_used, dths_used), and metadata.

    As the reference package does, an area gets no values (with a warning)
    when its total population is 5,000 or less, any band has negative deaths,
    a population of zero or less, or more deaths than population, or it does
    not have all 20 bands; and a value is hidden (limits kept) where its 95%
    interval is wider than 20 years. Unlike the reference, suppressed areas are
    returned in their sorted place rather than appended at the end, and a band
    given twice for an area is an error.
    """
    method = "life_expectancy"
    by = as_list(by)
    require_columns(data, [deaths, population, startage, *by], method)
    levels = parse_confidence(confidence, method, any_levels=True)
    codes, band, D, P, present = band_table(data, deaths, population, startage, by, method)
    excluded = excluded_groups(D, P, present)

    e, se = _life_table(D, P)
    wide = z_value(0.95) * se > 10
    if (wide & ~excluded[:, None]).any():
        warnings.warn(WIDE, stacklevel=2)
    e[excluded] = np.nan
    se[excluded] = np.nan
    value = np.where(wide | np.isinf(e), np.nan, e)

    order = np.lexsort((band, codes))
    rows, cells = codes[order], band[order]
    out = data[by + [startage]].iloc[order].reset_index(drop=True)
    out["value"] = value[rows, cells]
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        z = z_value(level)
        out[lower] = (e - z * se)[rows, cells]
        out[upper] = (e + z * se)[rows, cells]
    out["pops_used"] = _from_age_up(P)[rows, cells]
    out["dths_used"] = _from_age_up(D)[rows, cells]
    out["confidence"] = confidence_label(levels)
    band_codes, band_labels = pd.factorize(out[startage])
    out["statistic"] = np.array([f"life expectancy at {b}" for b in band_labels], dtype=object)[band_codes]
    out["method"] = "Chiang, using Silcocks et al for confidence limits"

    if le_age is not None:
        wanted = np.isin(STARTAGES[cells], np.atleast_1d(le_age))
        if wanted.any():
            out = out[wanted].reset_index(drop=True)
        else:
            warnings.warn("le_age not in the vector described by age_contents; "
                          "all life expectancies will be returned", stacklevel=2)
    return out


def band_table(data, deaths, population, startage, by, method, codes=None, ngroups=None):
    """Each row's group code and band; the groups' deaths and populations as (groups, 20) arrays; and
    which bands each group has.

    The rows are grouped by ``by``, unless the caller gives its own ``codes`` and ``ngroups`` (the
    decomposition groups by cause too). A band the life table does not know, and a band given twice for
    a group, are refused naming the row.
    """
    dths = numeric_column(data, deaths, by, method, allow_missing=False)
    pops = numeric_column(data, population, by, method, allow_missing=False)
    starts = band_starts(data, startage, by, method)
    band = np.minimum(np.searchsorted(STARTAGES, starts), BANDS - 1)
    fail_rows(STARTAGES[band] != starts, data, by, startage,
              f"is not one of the life table bands {', '.join(map(str, STARTAGES))}", method)
    if codes is None:
        codes, keys = group_codes(data, by)
        ngroups = len(keys)
    cell = codes * BANDS + band
    seen = np.bincount(cell, minlength=ngroups * BANDS).reshape(ngroups, BANDS)
    fail_rows(seen[codes, band] > 1, data, by, startage, "repeats an age band", method)
    D = np.zeros((ngroups, BANDS))
    P = np.zeros((ngroups, BANDS))
    D.flat[cell], P.flat[cell] = dths, pops
    return codes, band, D, P, seen == 1


def excluded_groups(D, P, present):
    """Whether each group is left out by the reference package's rules (``RULES``), warning once per
    rule that applies."""
    excluded = np.zeros(len(D), dtype=bool)
    for rule, message in RULES:
        failing = _failing(rule, D, P, present)
        if (failing & ~excluded).any():
            warnings.warn(message, stacklevel=3)
        excluded |= failing
    return excluded


def _failing(rule, D, P, present):
    if rule == "negative_deaths":
        return (D < 0).any(axis=1)
    if rule == "population_not_positive":
        return (present & (P <= 0)).any(axis=1)
    if rule == "incomplete":
        return ~present.all(axis=1)
    if rule == "deaths_over_population":
        return (D > P).any(axis=1)
    return P.sum(axis=1) <= 5000


def _from_age_up(table: np.ndarray) -> np.ndarray:
    """Sum over this band and all older ones."""
    return table[:, ::-1].cumsum(axis=1)[:, ::-1]


def _life_table(D: np.ndarray, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Life expectancy and its standard error at each band, all areas at once."""
    table = life_table_columns(D, P)
    return table["e"], table["se"]


def life_table_columns(D: np.ndarray, P: np.ndarray, variance: bool = True) -> dict:
    """The abridged life table of each area (rows) at each band (columns): every column, all areas at once.

    Chiang II: q = M n / (1 + M n (1 - a)) with M = deaths / population, from
    100,000 births; the open last band lives l / M. Variance by Silcocks et al.
    Returns the arrays M, q, l (survivors at the band's start), L (person-years lived in the band),
    T (person-years from the band's start up), e and (unless ``variance`` is False) its standard error se.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        M = D / P
        n = np.append(WIDTHS, 0) * np.ones_like(M)
        n[:, -1] = 2 / M[:, -1]
        q = np.where(D <= P / n / FRACTION, M * n / (1 + M * n * (1 - FRACTION)), 1.0)
        l = 1e5 * np.cumprod(np.column_stack([np.ones(len(D)), 1 - q[:, :-1]]), axis=1)
        l_next = np.column_stack([l[:, 1:], np.zeros(len(D))])
        d = l - l_next
        L = n * (l_next + FRACTION * d)
        L[:, -1] = l[:, -1] / M[:, -1]
        T = _from_age_up(L)
        e = np.where(l == 0, 0.0, T / l)
        if not variance:
            return {"M": M, "q": q, "l": l, "L": L, "T": T, "e": e}

        sp = np.where(d == 0, 0.0, q**2 * (1 - q) / D)
        sp[:, -1] = 4 / (D[:, -1] * M[:, -1] ** 2)
        e_next = np.column_stack([e[:, 1:], np.full(len(D), np.nan)])
        W = sp * l**2 * ((1 - FRACTION) * n + e_next) ** 2
        W[:, -1] = (l[:, -1] / 2) ** 2 * sp[:, -1]
        se = np.sqrt(_from_age_up(W) / l**2)
    return {"M": M, "q": q, "l": l, "L": L, "T": T, "e": e, "se": se}
