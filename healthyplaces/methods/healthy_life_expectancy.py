"""Healthy life expectancy by Sullivan's method, with its confidence interval.

Jagger, Van Oyen and Robine, Health Expectancy Calculation by the Sullivan Method: A Practical Guide
(4th edition, 2014; the June 2007 edition's workbook holds the worked examples): the years lived in each
age band (the life table's L) are shared out by the proportion of the band's people in good health,
g, from a survey; healthy life expectancy at age x is the sum of g L from x up, divided by the
survivors to x, l(x). Its variance is the survey's: the sum from x up of L^2 g (1 - g) / N, over l(x)^2,
where N is the number surveyed in the band (the guide's section 4; the life table's own sampling error
is small beside it and, as there, left out).
"""
import numpy as np
import pandas as pd

from ._confidence import ci_names, confidence_label, z_value
from ._grouping import group_codes, position_in_group
from ._validation import as_list, fail_rows, numeric_column, parse_confidence, require_columns
from .life_expectancy import BANDS, band_table, life_table_columns


def healthy_life_expectancy(data: pd.DataFrame, good_health: str = "good_health", sample_size: str = "sample_size",
                            startage: str = "startage", deaths: str | None = None, population: str | None = None,
                            lx: str | None = None, Lx: str | None = None, by=None, confidence=0.95) -> pd.DataFrame:
    """Healthy life expectancy at the start of each age band, per group, with confidence limits.

    ``good_health`` is the share (0 to 1) of each band's people in good health and ``sample_size`` the
    number surveyed in the band. The life table is either given, as ``lx`` (survivors to the band's
    start) and ``Lx`` (person-years lived in the band) for bands in any ascending order, or built from
    ``deaths`` and ``population`` by the life expectancy method (its 20 bands, Chiang II). Returns the
    rows sorted by group and age with ``value`` (healthy life expectancy), its limits, ``life_expectancy``
    (T / l) and ``share`` (healthy years over all years).
    """
    method = "healthy_life_expectancy"
    by = as_list(by)
    if (lx is None) == (deaths is None) or (lx is None) != (Lx is None) or (deaths is None) != (population is None):
        raise ValueError(f"{method}: give either lx and Lx (a life table) or deaths and population")
    table = [lx, Lx] if lx else [deaths, population]
    require_columns(data, [good_health, sample_size, startage, *table, *by], method)
    levels = parse_confidence(confidence, method, any_levels=True)
    good = numeric_column(data, good_health, by, method, allow_missing=False)
    fail_rows((good < 0) | (good > 1), data, by, good_health, "must be a share between 0 and 1", method)
    surveyed = numeric_column(data, sample_size, by, method, allow_missing=False)
    fail_rows(surveyed <= 0, data, by, sample_size, "must be a number of people above 0", method)

    if lx:
        ages = numeric_column(data, startage, by, method, allow_missing=False)
        codes, keys = group_codes(data, by)
        order = np.lexsort((ages, codes))
        fail_rows(np.r_[False, (codes[order][1:] == codes[order][:-1]) & (ages[order][1:] == ages[order][:-1])][
            np.argsort(order)], data, by, startage, "repeats an age band", method)
        l = numeric_column(data, lx, by, method, allow_missing=False)[order]
        L = numeric_column(data, Lx, by, method, allow_missing=False)[order]
        fail_rows(~(l > 0), data.iloc[order], by, lx, "must be above 0", method)
        rows, cells = codes[order], position_in_group(codes[order])
        width = int(np.bincount(codes).max())
        shape = (len(keys), width)
        survivors, years = np.full(shape, np.nan), np.zeros(shape)
        survivors[rows, cells], years[rows, cells] = l, L
    else:
        codes, band, D, P, present = band_table(data, deaths, population, startage, by, method)
        fail_rows(~present.all(axis=1)[codes], data, by, startage, "lacks some of the 20 life table bands", method)
        life = life_table_columns(D, P)
        survivors, years = life["l"], life["L"]
        order = np.lexsort((band, codes))
        rows, cells = codes[order], band[order]
        shape = (len(D), BANDS)

    g, n = np.zeros(shape), np.ones(shape)
    g[rows, cells], n[rows, cells] = good[order], surveyed[order]
    healthy = _from_age_up(g * years) / survivors
    variance = _from_age_up(years**2 * g * (1 - g) / n) / survivors**2
    expectancy = _from_age_up(years) / survivors

    out = data[by + [startage]].iloc[order].reset_index(drop=True)
    out["value"] = healthy[rows, cells]
    for level, (lower, upper) in zip(levels, ci_names(levels)):
        spread = z_value(level) * np.sqrt(variance[rows, cells])
        out[lower], out[upper] = out["value"] - spread, out["value"] + spread
    out["life_expectancy"] = expectancy[rows, cells]
    out["share"] = out["value"] / out["life_expectancy"]
    out["confidence"] = confidence_label(levels)
    out["method"] = "Sullivan, with the survey's sampling variance (Jagger et al.)"
    return out


def _from_age_up(table):
    """Sum over this band and every older one (missing cells, past a group's last band, count as 0)."""
    return np.nan_to_num(table)[:, ::-1].cumsum(axis=1)[:, ::-1]
