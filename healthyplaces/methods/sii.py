"""Slope and relative index of inequality (reference: phe_sii).

Per group, the quantiles' values are regressed, weighted by population and
through the origin, on the midpoints of the cumulative population share
(0 = first quantile's end of the scale, 1 = the last's): the slope is the SII,
(intercept + slope) / intercept the RII. Confidence limits come from
simulation: each quantile's value is drawn from a normal distribution with
its standard error, the regression is refitted for every draw, and the
limits are the draws' percentiles.

All groups are computed together, and the simulation is done in the
cheapest way that gives the same random results in distribution:

* the fitted start and slope are weighted sums of the drawn values, so where
  they are linear in them (value_type 0, or a log/logit ``transform``) they
  are themselves normal, and are drawn directly;
* the SII's limits are then the percentiles of ``repetitions`` normal
  draws, whose order statistics are drawn directly too (see
  ``_normal_order_statistics``): no sorting, whatever the repetitions;
* the RII (a ratio of the two) has a normal CDF too while the start stays
  positive, so its percentiles are drawn directly as well
  (``_rii_order_statistics``);
* the SII of untransformed rates and proportions is a weighted sum of
  independent log-normal (logit-normal) values, which has no closed form:
  its distribution is computed on a fine grid, each decile's exact
  probabilities convolved by FFT, and the order statistics are read from
  that distribution (``_sum_order_statistics``), so every decile is still
  "simulated", as the reference does, but without the draws;
* their RII (a ratio of two such sums) is simulated repetition by
  repetition, a few groups at a time, as the reference does.

With a ``seed`` the results repeat exactly for the same data.
"""
import warnings

import numpy as np
import pandas as pd
from scipy.fft import irfft, next_fast_len, rfft
from scipy.special import expit, logit, ndtr, ndtri

from ._confidence import ci_names, confidence_label
from ._grouping import group_codes
from ._validation import (as_list, fail_rows, numeric_column, parse_confidence,
                          require_columns)

VALUE_TYPES = {0: "normal", 1: "rate", 2: "proportion"}
REMOVED = "WARNING: some records have been removed due to incomplete or invalid data"
MANY_QUANTILES = "WARNING: Small values can make SII unstable when using a large number of quantiles"
CHUNK = 1_000_000  # simulated values held at once (8 MB: stays fast, bounds memory)
GRID_STEPS = 64  # grid points per standard deviation of the sum, for the SII of rates and proportions
GRID_TAIL = 1e-10  # chance left beyond each decile's grid, at either end (kept in the end points)
GRID_LONGEST = 2**18  # longer grids (very skewed deciles) are simulated draw by draw instead


def sii(data: pd.DataFrame, quantile: str = "quantile", population: str = "population", by=None,
        value: str | None = "value", x: str | None = None, value_type: int = 0, transform: bool = False,
        lower_cl: str | None = None, upper_cl: str | None = None, se: str | None = None,
        multiplier: float = 1, repetitions: int = 100_000, confidence=0.95, intercept: bool = False,
        seed=None) -> pd.DataFrame:
    """Slope index of inequality per group, with simulated confidence limits.

    One row per group and quantile (5 to 100 quantiles, numbered in the order
    of the scale). ``value`` holds the indicator, or give ``x`` (counts) with
    ``value=None`` for proportions x/population. Its uncertainty is the
    standard error ``se`` or the 95% limits ``lower_cl``/``upper_cl``.
    ``value_type``: 0 normal (e.g. life expectancy), 1 rate, 2 proportion;
    rates and proportions are simulated on the log/logit scale. With
    ``transform=True`` (needs the limits, not se) the regression itself is on
    that scale and the results are transformed back. ``multiplier`` scales the
    SII (-1 reverses its sign; then the RII is inverted). ``intercept`` adds
    the fitted value at the start of the scale. ``seed`` makes the simulation
    repeat exactly. Groups missing a quantile are dropped with a warning.

    Where the reference package is inconsistent: it swaps the limits of a
    transformed rate's SII for multipliers below 1 but a proportion's only
    below 0; here both swap only for negative multipliers.
    """
    return _inequality("sii", **locals())  # every argument, passed on by name


def rii(data: pd.DataFrame, quantile: str = "quantile", population: str = "population", by=None,
        value: str | None = "value", x: str | None = None, value_type: int = 0, transform: bool = False,
        lower_cl: str | None = None, upper_cl: str | None = None, se: str | None = None,
        multiplier: float = 1, repetitions: int = 100_000, confidence=0.95, intercept: bool = False,
        seed=None) -> pd.DataFrame:
    """Relative index of inequality per group: arguments and method as for ``sii``.

    RII = value at the end of the scale / value at its start (from the fitted
    line); inverted when ``multiplier`` is negative.
    """
    return _inequality("rii", **locals())


def _inequality(method, data, quantile, population, by, value, x, value_type, transform, lower_cl,
                upper_cl, se, multiplier, repetitions, confidence, intercept, seed):
    """``sii`` or ``rii`` (the ``method``) for every group."""
    by = as_list(by)
    _check_arguments(method, value, x, value_type, transform, lower_cl, upper_cl, se,
                     multiplier, repetitions)
    levels = parse_confidence(confidence, method, any_levels=True)
    columns = [quantile, population, *by] + [c for c in (value, x, se, lower_cl, upper_cl) if c]
    require_columns(data, columns, method)

    pops, values, spread = _values_and_errors(method, data, by, population, value, x, value_type,
                                              lower_cl, upper_cl, se)
    fail_rows(data[quantile].isna().to_numpy(), data, by, quantile, "has a missing value", method)
    q_codes, q_levels = pd.factorize(data[quantile], sort=True)
    if not 5 <= len(q_levels) <= 100:
        raise ValueError(f"{method}: number of quantiles must be between 5 and 100, found {len(q_levels)}")
    if len(q_levels) > 10:
        warnings.warn(MANY_QUANTILES, stacklevel=3)

    codes, keys = group_codes(data, by)
    nq = len(q_levels)
    cell = codes * nq + q_codes
    seen = np.bincount(cell, minlength=len(keys) * nq).reshape(len(keys), nq)
    fail_rows(seen[codes, q_codes] > 1, data, by, quantile, "repeats a quantile", method)
    complete = (seen == 1).all(axis=1)
    if not complete.all():
        warnings.warn(REMOVED, stacklevel=3)
    keep = complete[codes]
    new_code = np.cumsum(complete) - 1
    keys = keys[complete].reset_index(drop=True)
    shape = (len(keys), nq)
    table = {}
    for name, column in (("pop", pops), ("value", values), ("se", spread)):
        table[name] = np.empty(shape)
        table[name][new_code[codes[keep]], q_codes[keep]] = column[keep]

    result = _fit_and_simulate(method, table, value_type, transform, multiplier, repetitions, levels, seed)
    out = keys
    out["value"] = result["value"]
    for (lower, upper), (low, high) in zip(ci_names(levels), result["limits"]):
        out[lower], out[upper] = low, high
    if intercept:
        out["intercept"] = result["intercept"]
    out["indicator_type"] = VALUE_TYPES[value_type]
    out["multiplier"] = multiplier
    out["transform"] = {1: "log", 2: "logit"}[value_type] if transform else "none"
    out["confidence"] = confidence_label(levels)
    out["statistic"] = method
    out["method"] = f"simulation {repetitions} reps"
    return out


def _check_arguments(method, value, x, value_type, transform, lower_cl, upper_cl, se,
                     multiplier, repetitions):
    if value is None and x is None:
        raise ValueError(f"{method}: requires a value column, or x (counts) for a proportion of the population")
    if value is None and value_type != 2:
        raise ValueError(f"{method}: x (counts) can only stand in for value when value_type is 2 (proportion)")
    if se is None and (lower_cl is None or upper_cl is None):
        raise ValueError(f"{method}: requires either the lower_cl and upper_cl columns, or the se column")
    if value_type not in VALUE_TYPES or isinstance(value_type, bool):
        raise ValueError(f"{method}: value_type should be 0, 1 or 2")
    for name, number in (("multiplier", multiplier), ("repetitions", repetitions)):
        if isinstance(number, bool) or not isinstance(number, (int, float, np.number)):
            raise ValueError(f"{method}: {name} should be numeric")
    if repetitions < 1000 or repetitions != int(repetitions):
        raise ValueError(f"{method}: number of repetitions must be a whole number, 1000 or greater")
    if transform:
        if value_type == 0:
            raise ValueError(f"{method}: value_type should be 1 or 2 when transform is true")
        if se is not None:
            raise ValueError(f"{method}: requires se to be missing when transform is true")


def _values_and_errors(method, data, by, population, value, x, value_type, lower_cl, upper_cl, se):
    """Each row's population, value and standard error (values and errors on
    the log/logit scale for rates/proportions)."""
    pops = numeric_column(data, population, by, method)
    fail_rows(~(pops > 0), data, by, population, "has a zero, negative or missing population", method)
    if value is not None:
        values = numeric_column(data, value, by, method, allow_missing=False)
        if value_type == 2:
            fail_rows((values < 0) | (values > 1), data, by, value, "has a proportion outside 0 to 1", method)
    else:
        counts = numeric_column(data, x, by, method, allow_missing=False)
        fail_rows(counts <= 0, data, by, x, "has a zero or negative count", method)
        values = counts / pops
    scale = {0: lambda v: v, 1: np.log, 2: logit}[value_type]
    if se is not None:
        spread = numeric_column(data, se, by, method)
        fail_rows(~(spread >= 0), data, by, se, "has a negative or missing standard error", method)
    else:
        lower = numeric_column(data, lower_cl, by, method, allow_missing=False)
        upper = numeric_column(data, upper_cl, by, method, allow_missing=False)
        if value_type == 2:
            for name, limit in ((lower_cl, lower), (upper_cl, upper)):
                fail_rows((limit < 0) | (limit > 1), data, by, name,
                          "has a confidence limit outside 0 to 1 for a proportion", method)
        # the limits are taken to be 95% limits, whatever confidence is asked for
        with np.errstate(divide="ignore", invalid="ignore"):
            spread = (scale(upper) - scale(lower)) / ndtri(0.975) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return pops, scale(values), spread


def _fit_and_simulate(kind, table, value_type, transform, multiplier, repetitions, levels, seed):
    """Point estimates and simulated limits for every group."""
    a = table["pop"] / table["pop"].sum(axis=1, keepdims=True)  # population shares
    b = np.cumsum(a, axis=1) - a / 2                              # midpoints on the 0-1 scale
    back = {0: lambda v: v, 1: np.exp, 2: expit}[value_type]
    # weights turning the quantiles' values into the fitted line's start and slope
    s11, s12, s22 = a.sum(axis=1), (a * b).sum(axis=1), (a * b * b).sum(axis=1)
    det = s11 * s22 - s12**2
    w_start = (s22[:, None] * a - s12[:, None] * a * b) / det[:, None]
    w_slope = (s11[:, None] * a * b - s12[:, None] * a) / det[:, None]

    mean, sd = table["value"], table["se"]
    linear = transform or value_type == 0
    y = mean if linear else back(mean)
    start, slope = (w_start * y).sum(axis=1), (w_slope * y).sum(axis=1)

    rng = np.random.default_rng(seed)
    kth = _percentile_positions(repetitions, levels)
    if linear and (kind == "sii" or transform):
        # the simulated slope is normal: mean + sd x standard normal draws
        scale = 1 if transform else multiplier
        slope_sd = np.sqrt((w_slope**2 * sd**2).sum(axis=1))
        normal = _normal_order_statistics(rng, repetitions, kth, len(mean))
        stat = (slope * scale)[:, None] + (slope_sd * abs(scale))[:, None] * normal
    elif linear and kind == "rii":
        stat = _rii_order_statistics(rng, w_start, w_slope, mean, sd, multiplier, repetitions, kth)
    elif kind == "sii":
        stat = _sum_order_statistics(rng, w_slope * multiplier, value_type, mean, sd, repetitions, kth)
    else:
        stat = _simulate(kind, rng, w_start, w_slope, back, mean, sd, linear, multiplier, repetitions, kth)
    limits = [(stat[:, 2 * i], stat[:, 2 * i + 1]) for i in range(len(levels))]

    if transform:
        return _transformed(kind, back, start, slope, limits, multiplier)
    if kind == "sii":
        value = slope * multiplier
    else:
        value = (start + slope) / start
        value = 1 / value if multiplier < 0 else value
    return {"value": value, "intercept": start, "limits": limits}


def _percentile_positions(repetitions, levels):
    """0-based positions of each level's lower and upper limit among the sorted draws.

    The reference takes draw number round(reps x (1 - c')) and round(reps x c'),
    c' = c + (1 - c)/2, counting from 1 (R rounds halves to even, as numpy does).
    """
    positions = []
    for level in levels:
        upper = level + (1 - level) / 2
        positions += [int(np.rint(repetitions * (1 - upper))) - 1, int(np.rint(repetitions * upper)) - 1]
    return positions


def _normal_order_statistics(rng, repetitions, kth, groups):
    """Per group, the draws at sorted positions ``kth`` of ``repetitions`` standard normal draws.

    Mapped through the normal quantile function, uniform order statistics have
    exactly the joint distribution of the sorted simulation's percentiles.
    """
    return ndtri(_uniform_order_statistics(rng, repetitions, kth, groups))


def _uniform_order_statistics(rng, repetitions, kth, groups):
    """Per group, the draws at sorted positions ``kth`` of ``repetitions`` uniform draws.

    Drawn directly rather than by sorting: the r-th smallest of n uniforms is
    Beta(r, n + 1 - r), and given it, a smaller one of rank r' is it times
    Beta(r', r - r').
    """
    uniform = np.ones(groups)
    above = repetitions + 1
    picked = {}
    for k in sorted(set(kth), reverse=True):
        rank = k + 1
        uniform = uniform * rng.beta(rank, above - rank, size=groups)
        picked[k] = uniform
        above = rank
    return np.column_stack([picked[k] for k in kth])


def _sum_order_statistics(rng, weights, value_type, mean, sd, repetitions, kth):
    """The simulated SII's order statistics for untransformed rates (value_type 1) or proportions (2).

    The simulated SII is sum_q w_q g(mean_q + sd_q Z_q), g = exp or expit, over independent deciles. Each
    term's exact probabilities on a grid (steps of 1/GRID_STEPS of the sum's standard deviation, from its
    GRID_TAIL to its 1 - GRID_TAIL quantile, the tails kept in the end points) are convolved by FFT to give
    the sum's distribution, and uniform order statistics (drawn as for the SII of normal values) are read
    through its inverse. The draws' percentiles then have the simulation's distribution, to within the
    grid's rounding (a few thousandths of a standard deviation, far inside Monte Carlo error), at a cost
    that does not grow with the repetitions. Groups whose grid would be longer than GRID_LONGEST (a
    decile so skewed its tail spans thousands of the sum's standard deviations) are simulated draw by draw.
    """
    back, inverse = {1: (np.exp, np.log), 2: (expit, logit)}[value_type]
    uniforms = _uniform_order_statistics(rng, repetitions, kth, len(mean))
    sign = np.where(weights < 0, -1.0, 1.0)
    size = np.abs(weights)
    # each term's quantiles (for a negative weight the low end comes from the high draws)
    z_tail = ndtri(GRID_TAIL)
    low = weights * back(mean + sign * sd * z_tail)
    high = weights * back(mean - sign * sd * z_tail)
    spread = size * (back(mean + sd) - back(mean - sd)) / 2
    step = np.sqrt((spread**2).sum(axis=1)) / GRID_STEPS
    points = np.where(step[:, None] > 0, np.ceil((high - low) / np.where(step > 0, step, 1)[:, None]), 0) + 1
    length = points.sum(axis=1) - points.shape[1] + 1
    stat = np.empty((len(mean), len(kth)))
    constant = step == 0  # no uncertainty at all: every draw is the point estimate
    stat[constant] = (weights * back(mean)).sum(axis=1)[constant, None]
    slow = ~constant & (length > GRID_LONGEST)
    if slow.any():
        stat[slow] = _simulate("sii", rng, weights[slow], weights[slow], back, mean[slow], sd[slow], False, 1,
                               repetitions, kth)
    todo = np.flatnonzero(~constant & ~slow)
    sizes = np.array([next_fast_len(int(n), real=True) for n in length[todo]], dtype=int)
    for fft_size in np.unique(sizes):
        bucket = todo[sizes == fft_size]
        longest = int(points[bucket].max())
        block = max(1, CHUNK // (points.shape[1] * fft_size))
        for first in range(0, len(bucket), block):
            rows = bucket[first:first + block]
            stat[rows] = _grid_order_statistics(
                uniforms[rows], low[rows], step[rows], points[rows], longest, fft_size,
                weights[rows], sign[rows], mean[rows], sd[rows], inverse)
    return stat


def _grid_order_statistics(uniforms, low, step, points, longest, fft_size, weights, sign, mean, sd, inverse):
    """For each group, the sum's quantiles at ``uniforms``, from its terms convolved on a common grid."""
    j = np.arange(longest + 1)
    edges = low[:, :, None] + (j - 0.5) * step[:, None, None]  # edges of each term's grid cells
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = edges / np.where(weights == 0, np.inf, weights)[:, :, None]
        scale = inverse(np.clip(ratio, 0, None)) if inverse is np.log else inverse(np.clip(ratio, 0, 1))
        z = sign[:, :, None] * (scale - mean[:, :, None]) / sd[:, :, None]
    # a term without uncertainty (or without weight) is all at its first point
    certain = (sd == 0) | (weights == 0)
    z = np.where(certain[:, :, None], np.where(j > 0, np.inf, -np.inf), np.nan_to_num(z, nan=0.0))
    cdf = ndtr(z)
    cdf[:, :, 0] = 0
    cdf[j[None, None, :] >= points[:, :, None]] = 1  # beyond a term's last point, and its upper tail
    masses = np.diff(cdf, axis=2)
    transformed = rfft(masses, n=fft_size, axis=2).prod(axis=1)
    total = np.clip(irfft(transformed, n=fft_size, axis=1), 0, None)
    cumulative = np.maximum.accumulate(np.cumsum(total, axis=1), axis=1)
    cumulative /= cumulative[:, -1:]
    start = low.sum(axis=1)  # the sum's first point: every term at its first
    out = np.empty(uniforms.shape)
    for g in range(len(uniforms)):
        k = np.searchsorted(cumulative[g], uniforms[g])  # the cell holding each uniform
        below = np.where(k > 0, cumulative[g][np.maximum(k - 1, 0)], 0.0)
        within = (uniforms[g] - below) / np.maximum(total[g][k], 1e-300)
        out[g] = start[g] + (k - 0.5 + np.clip(within, 0, 1)) * step[g]
    return out


def _simulate(kind, rng, w_start, w_slope, back, mean, sd, linear, multiplier, repetitions, kth):
    """Simulate repetition by repetition, a few groups at a time, keeping the
    order statistics: the RII (a ratio), and rates/proportions without a
    transform (each quantile drawn on the log/logit scale, back-transformed,
    the line refitted), as the reference does."""
    per_group = 2 if linear else mean.shape[1]
    block = max(1, CHUNK // (per_group * repetitions))
    unique = sorted(set(kth))
    stat = np.empty((len(mean), len(kth)))
    for first in range(0, len(mean), block):
        part = slice(first, first + block)
        if linear:
            starts, slopes = _draw_start_and_slope(rng, w_start[part], w_slope[part], mean[part], sd[part],
                                                   repetitions)
        else:
            drawn = back(mean[part, :, None] + sd[part, :, None] * rng.standard_normal(
                (*mean[part].shape, repetitions)))
            starts = np.einsum("gq,gqr->gr", w_start[part], drawn)
            slopes = np.einsum("gq,gqr->gr", w_slope[part], drawn)
        if kind == "sii":
            simulated = slopes * multiplier
        else:
            simulated = (starts + slopes) / starts
            simulated = 1 / simulated if multiplier < 0 else simulated
        simulated.partition(unique, axis=1)
        stat[part] = simulated[:, unique][:, [unique.index(k) for k in kth]]
    return stat


def _rii_order_statistics(rng, w_start, w_slope, mean, sd, multiplier, repetitions, kth):
    """The RII's simulated percentiles drawn directly where the fitted start stays well above nought.

    RII = 1 + t with t = slope / start, (start, slope) bivariate normal. While the start is positive,
    t <= r exactly when slope - r start <= 0, a normal, so the CDF of t is Phi of
    (r m_start - m_slope) / sd(slope - r start). Setting that to a normal order statistic z (drawn as for
    the SII) gives r from a quadratic: the draws' percentiles in the same distribution, without the
    draws. Groups whose start is within 8 standard deviations of nought (a chance of a negative draw
    above 1e-15) are simulated draw by draw instead.
    """
    m_start, m_slope = (w_start * mean).sum(axis=1), (w_slope * mean).sum(axis=1)
    v_start, v_slope = (w_start**2 * sd**2).sum(axis=1), (w_slope**2 * sd**2).sum(axis=1)
    cov = (w_start * w_slope * sd**2).sum(axis=1)
    z = _normal_order_statistics(rng, repetitions, kth, len(mean))
    inverted = multiplier < 0
    if inverted:
        z = -z  # 1 / RII falls as the RII rises: its k-th smallest is the RII's k-th largest
    with np.errstate(divide="ignore", invalid="ignore"):
        safe = m_start > 8 * np.sqrt(v_start)
        z2 = z**2
        a = m_start[:, None] ** 2 - z2 * v_start[:, None]
        b = m_start[:, None] * m_slope[:, None] - z2 * cov[:, None]
        c = m_slope[:, None] ** 2 - z2 * v_slope[:, None]
        root = np.sqrt(np.maximum(b**2 - a * c, 0))
        # the root on z's side: (r m_start - m_slope) has z's sign
        r = np.where(z >= 0, (b + root) / a, (b - root) / a)
        rii = 1 + r
        stat = 1 / rii if inverted else rii
    positive = (rii > 0).all(axis=1)
    slow = ~(safe & positive)
    if slow.any():
        stat[slow] = _simulate("rii", rng, w_start[slow], w_slope[slow], lambda v: v, mean[slow], sd[slow], True,
                               multiplier, repetitions, kth)
    return stat


def _draw_start_and_slope(rng, w_start, w_slope, mean, sd, repetitions):
    """The fitted line's start and slope are weighted sums of the normal
    values, so bivariate normal: draw the pair directly."""
    start_mean = (w_start * mean).sum(axis=1)[:, None]
    slope_mean = (w_slope * mean).sum(axis=1)[:, None]
    start_sd = np.sqrt((w_start**2 * sd**2).sum(axis=1))[:, None]
    slope_sd = np.sqrt((w_slope**2 * sd**2).sum(axis=1))[:, None]
    covariance = (w_start * w_slope * sd**2).sum(axis=1)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        loading = np.where(start_sd > 0, covariance / start_sd, 0.0)
    rest = np.sqrt(np.maximum(slope_sd**2 - loading**2, 0))
    z = rng.standard_normal((2, len(mean), repetitions))
    return start_mean + start_sd * z[0], slope_mean + loading * z[0] + rest * z[1]


def _transformed(kind, back, start, slope, limits, multiplier):
    """Results when the regression ran on the log/logit scale: back-transform
    the fitted line's ends; limits from the simulated slope's percentiles,
    placed symmetrically about the line's midpoint (as the reference does)."""
    middle = start + slope / 2
    end_start, end_finish = back(start), back(start + slope)
    if kind == "sii":
        value = (end_finish - end_start) * multiplier
    else:
        value = end_finish / end_start
        value = 1 / value if multiplier < 0 else value
    results = []
    for low_slope, high_slope in limits:
        bounds = []
        for s in (low_slope, high_slope):
            finish, begin = back(middle + s / 2), back(middle - s / 2)
            bounds.append((finish - begin) * multiplier if kind == "sii" else finish / begin)
        low, high = bounds
        if multiplier < 0:
            low, high = (high, low) if kind == "sii" else (1 / high, 1 / low)
        results.append((low, high))
    return {"value": value, "intercept": end_start * abs(multiplier), "limits": results}
