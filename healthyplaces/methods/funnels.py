"""Funnel plots: control limits, significance and plotting points (reference:
calculate_funnel_limits, assign_funnel_significance, calculate_funnel_points)."""
import numpy as np
import pandas as pd
from scipy.special import gammainc, gammaincc, gammainccinv, gammaincinv, ndtri

from ._grouping import group_codes, group_sum
from ._validation import as_list, fail_rows, numeric_column, require_columns

LEVELS = ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)", "Not significant"]
DSR_TOO_FEW = "Not applicable for events less than 10 for dsrs"
POINTS = 100


def funnel_limits(data: pd.DataFrame, statistic: str, numerator: str = "numerator",
                  denominator: str | None = None, rate: str | None = None, multiplier: float | None = None,
                  ratio_type: str | None = None, rate_type: str | None = None,
                  years_of_data: float | None = None, by=None) -> pd.DataFrame:
    """100 points per group along the x axis with the 95% (2s) and 99.8% (3s) control limits.

    statistic "proportion" (Wilson limits around the average numerator /
    denominator, x = Population; needs ``denominator`` and ``multiplier``),
    "ratio" (observed / expected with exact Poisson limits, x = Observed_events;
    ``denominator`` holds the expected counts; ``ratio_type`` "count" gives
    ratio - 1, "isr" ratio x 100) or "rate" (Poisson limits around the
    average rate, x = Events; needs ``rate``, ``rate_type`` "dsr" or "crude",
    ``multiplier`` and ``years_of_data``; ``denominator`` is needed where a
    crude rate has 0 events). The axis runs from 0 (or, when the largest
    denominator is under twice the smallest, from a rounded-down smallest one)
    to a rounded-up largest one, spaced geometrically as the reference does,
    including its reading of round numbers' digit counts ('1e+05' has 5).

    Difference from the reference: proportion limits are capped at 1 x
    multiplier; the reference caps them at 100 whatever the multiplier.
    """
    method = "funnel_limits"
    by = as_list(by)
    statistic = _choice(statistic, ("proportion", "ratio", "rate"), "statistic", method)
    if statistic == "ratio":
        _choice(ratio_type, ("count", "isr"), "ratio_type", method)
    elif multiplier is None or (statistic == "rate" and years_of_data is None):
        raise ValueError(f"{method}: {statistic}s need the multiplier"
                         + (" and years_of_data" if statistic == "rate" else ""))
    numbers = _inputs(method, data, by, statistic, numerator, denominator, rate, multiplier, rate_type)
    codes, out = group_codes(data, by)
    ngroups = len(out)
    derived = numbers["derived"]
    average = group_sum(codes, numbers["numerator"], ngroups) / group_sum(codes, np.nan_to_num(derived), ngroups)
    known = ~np.isnan(derived)
    smallest = np.full(ngroups, np.inf)
    largest = np.full(ngroups, -np.inf)
    np.minimum.at(smallest, codes[known], derived[known])
    np.maximum.at(largest, codes[known], derived[known])

    per_year = years_of_data if statistic == "rate" else 1
    axis_min = np.where(largest > 2 * smallest, 0.0, _signif_floor(smallest / per_year) * per_year)
    axis_max = _signif_ceiling(largest / per_year) * per_year
    if statistic == "rate":
        axis_min, axis_max = np.floor(axis_min * average), np.ceil(axis_max * average)
    x = _axis(axis_min, axis_max, statistic)

    if statistic == "proportion":
        columns = {"Population": x}
        for tag, p in (("2s", 0.975), ("3s", 0.999)):
            columns[f"lower_{tag}_limit"] = np.maximum(0, _wilson_point(p, x, average[:, None], "low", multiplier))
            columns[f"upper_{tag}_limit"] = np.minimum(multiplier, _wilson_point(p, x, average[:, None], "high",
                                                                                  multiplier))
        columns["baseline"] = np.repeat(average[:, None] * multiplier, POINTS, axis=1)
        label, how = "proportion", "Wilson"
    else:
        columns = {"Observed_events" if statistic == "ratio" else "Events": x}
        for tag, p in (("2s", 0.025), ("3s", 0.001)):
            for side, bound in (("lower", "high"), ("upper", "low")):
                expected = _poisson_funnel(x, p, bound)
                if statistic == "ratio":
                    limit = x / expected
                    columns[f"{side}_{tag}_exp_events"] = expected
                    columns[f"{side}_{tag}_limit"] = limit - 1 if ratio_type == "count" else limit * 100
                else:
                    population = expected / average[:, None]
                    columns[f"{side}_{tag}_population_1_year"] = population / years_of_data
                    columns[f"{side}_{tag}_limit"] = x / population * multiplier
        if statistic == "ratio":
            label = f"ratio ({ratio_type})"
        else:
            columns["baseline"] = np.repeat(average[:, None] * multiplier, POINTS, axis=1)
            label = f"rate ({rate_type} per {_thousands(multiplier)})"
        how = "Poisson"

    result = out.loc[out.index.repeat(POINTS)].reset_index(drop=True)
    for name, values in columns.items():
        result[name] = values.ravel()
    result["statistic"] = label
    result["method"] = how
    return result


def funnel_significance(data: pd.DataFrame, statistic: str, numerator: str = "numerator",
                        denominator: str | None = None, rate: str | None = None,
                        rate_type: str | None = None, multiplier: float | None = None,
                        by=None) -> pd.DataFrame:
    """The data with a ``significance`` column: where each row sits against its group's funnel.

    "High (0.001)" / "High (0.025)" above the 99.8% / 95% limit, "Low ..."
    below, else "Not significant"; for DSRs with fewer than 10 events, "Not
    applicable for events less than 10 for dsrs". Arguments as for
    ``funnel_limits`` (a ratio's ``denominator`` is its expected count).
    """
    method = "funnel_significance"
    by = as_list(by)
    statistic = _choice(statistic, ("proportion", "ratio", "rate"), "statistic", method)
    if statistic == "rate" and multiplier is None:
        raise ValueError(f"{method}: rates need the multiplier")
    numbers = _inputs(method, data, by, statistic, numerator, denominator, rate, multiplier, rate_type)
    codes, keys = group_codes(data, by)
    num, derived = numbers["numerator"], numbers["derived"]

    if statistic == "proportion":
        average = (group_sum(codes, num, len(keys)) / group_sum(codes, derived, len(keys)))[codes]
        share = num / derived
        conditions = [share < _wilson_point(0.999, derived, average, "low", 1),
                      share < _wilson_point(0.975, derived, average, "low", 1),
                      share > _wilson_point(0.999, derived, average, "high", 1),
                      share > _wilson_point(0.975, derived, average, "high", 1)]
        labels = ["Low (0.001)", "Low (0.025)", "High (0.001)", "High (0.025)"]
    else:
        if statistic == "ratio":
            target = np.ones(len(num))
        else:
            target = (group_sum(codes, num, len(keys)) / group_sum(codes, np.nan_to_num(derived), len(keys)))[codes]
        with np.errstate(invalid="ignore", divide="ignore"):
            conditions = [target < _ratio_limit(num, derived, 0.998, "low"),
                          target < _ratio_limit(num, derived, 0.95, "low"),
                          target > _ratio_limit(num, derived, 0.998, "high"),
                          target > _ratio_limit(num, derived, 0.95, "high")]
        labels = LEVELS[:4]
    significance = np.select(conditions, labels, default="Not significant").astype(object)
    categories = list(LEVELS)
    if statistic == "rate":
        categories.append(DSR_TOO_FEW)
        if rate_type == "dsr":
            significance[num < 10] = DSR_TOO_FEW
    out = data.copy()
    out["significance"] = pd.Categorical(significance, categories=categories)
    return out


def funnel_points(data: pd.DataFrame, numerator: str, rate: str, rate_type: str, years_of_data: float,
                  multiplier: float, denominator: str | None = None) -> pd.DataFrame:
    """The data with the points to plot on a rate funnel: ``<rate>_chart`` and
    ``denominator_derived`` (the yearly population implied by events and rate).

    DSRs with fewer than 10 events are not plotted (missing); a crude rate with
    0 events takes its population from ``denominator``.
    """
    method = "funnel_points"
    numbers = _inputs(method, data, [], "rate", numerator, denominator, rate, multiplier, rate_type,
                      check_missing=False)
    num, rates = numbers["numerator"], numbers["rate"]
    out = data.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = multiplier * num / rates / years_of_data
    if rate_type == "dsr":
        out[f"{rate}_chart"] = np.where(num < 10, np.nan, rates)
        out["denominator_derived"] = np.where(num < 10, np.nan, implied)
    else:
        out[f"{rate}_chart"] = rates
        out["denominator_derived"] = implied if denominator is None else \
            np.where(num == 0, numbers["denominator"] / years_of_data, implied)
    return out


def _choice(value, allowed, name, method):
    if value not in allowed:
        raise ValueError(f"{method}: {name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _inputs(method, data, by, statistic, numerator, denominator, rate, multiplier, rate_type,
            check_missing=True):
    """Read and check the columns; ``derived`` is the denominator each row stands for.

    For rates it is multiplier x events / rate (missing for a DSR with 0
    events; the given denominator for a crude rate with 0 events).
    """
    if statistic == "rate":
        if rate is None:
            raise ValueError(f"{method}: rates need the rate column")
        _choice(rate_type, ("dsr", "crude"), "rate_type", method)
    elif denominator is None:
        raise ValueError(f"{method}: {statistic}s need a denominator column")
    columns = [numerator, *by] + [c for c in (denominator, rate) if c is not None]
    require_columns(data, columns, method)

    num = numeric_column(data, numerator, by, method)
    den = numeric_column(data, denominator, by, method) if denominator is not None else None
    if check_missing and statistic != "ratio":
        fail_rows(np.isnan(num), data, by, numerator,
                  "has a missing value; numerators are needed for every row, even when zero", method)
    if statistic == "proportion" and check_missing:
        fail_rows(np.isnan(den), data, by, denominator, "has a missing value", method)
    fail_rows(num < 0, data, by, numerator, "has a negative numerator", method)
    if den is not None:
        fail_rows(den <= 0, data, by, denominator, "has a denominator of zero or less", method)
    if statistic == "proportion":
        fail_rows(num > den, data, by, numerator, f"is greater than the denominator {denominator!r}", method)
    if statistic != "rate":
        return {"numerator": num, "derived": den}

    rates = numeric_column(data, rate, by, method)
    no_rate = np.isnan(rates) if den is None else np.isnan(rates) & np.isnan(den)
    if check_missing:
        fail_rows(no_rate, data, by, rate,
                  "has a missing value; rates are needed for every row, or a denominator where the rate is 0",
                  method)
    zero = num == 0
    if zero.any():
        if den is None:
            fail_rows(zero, data, by, numerator,
                      "has 0 events; give the denominator column for such rows", method)
        fail_rows(zero & np.isnan(den), data, by, denominator, "is missing for a row with 0 events", method)
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = multiplier * num / rates
    if rate_type == "dsr":
        derived = np.where(zero, np.nan, implied)
    else:
        derived = implied if den is None else np.where(zero, den, implied)
    return {"numerator": num, "derived": derived, "rate": rates, "denominator": den}


def _r_nchar(number: float) -> int:
    """Characters R uses to print a whole number: 123000 -> 6, but 100000 -> 5 ('1e+05').

    R prints a double in scientific notation when that is shorter; the
    reference's axis rounding counts those characters.
    """
    fixed = str(int(number))
    significant = len(fixed.rstrip("0")) or 1
    scientific = significant + (1 if significant > 1 else 0) + 4
    return len(fixed) if len(fixed) <= scientific else scientific


def _signif_floor(x, down=0.95):
    x = np.asarray(x, dtype=float)
    scaled = x * down
    digits = np.array([_r_nchar(v) for v in np.floor(scaled)]) - 1
    return np.where(x == 0, 0.0, np.floor(scaled / 10.0**digits) * 10.0**digits)


def _signif_ceiling(x, up=1.05):
    x = np.asarray(x, dtype=float)
    scaled = x * up
    digits = np.array([_r_nchar(v) for v in np.ceil(scaled)]) - 2
    return np.where(x == 0, 0.0, np.ceil(scaled / 10.0**digits) * 10.0**digits)


def _axis(axis_min, axis_max, statistic):
    """100 x-axis points per group, closer together at the small end."""
    x = np.empty((len(axis_min), POINTS))
    x[:, 0] = np.maximum(1, axis_min)
    for j in range(2, POINTS + 1):
        offset = j - 1 if statistic == "ratio" else j
        previous = x[:, j - 2]
        step = np.round((axis_max / previous) ** (1 / (101 - offset)) * previous)
        x[:, j - 1] = np.maximum(step, previous + 1)
    return x


def _wilson_point(p, population, average, side, multiplier):
    """Where a proportion's Wilson limit meets the average, for a given population."""
    z2 = ndtri(p) ** 2
    first = average * (population / z2 + 1)
    adjust = np.sqrt((-8 * first) ** 2 - 64 * (1 / z2 + 1 / population) * average
                     * (population * (average * (population / z2 + 2) - 1) + z2 * (average - 1)))
    last = 1 / z2 + 1 / population
    point = (first - adjust / 8) / last if side == "low" else (first + adjust / 8) / last
    return point / population * multiplier


def _poisson_funnel(observed, p, side):
    """Expected count at which ``observed`` events sit on the Poisson limit.

    The reference's bisection, reproduced step for step so the answers match
    to the last digit: v in (0, 1) maps to an expected count
    (1 + observed) v / (1 - v), halving the step until it is below 1e-7;
    "low" finds where P(X >= observed) = p, "high" where P(X <= observed) = p.
    """
    v = np.full(np.shape(observed), 0.5)
    step = 0.5
    while step > 1e-7:
        step /= 2
        expected = (1 + observed) * v / (1 - v)
        if side == "low":
            move_down = gammainc(observed, expected) > p
        else:
            move_down = gammaincc(observed + 1, expected) < p
        v = np.where(move_down, v - step, v + step)
    return (1 + observed) * v / (1 - v)


def _ratio_limit(observed, expected, p, side):
    """The reference's per-row test statistic for ratios and rates: the
    observed count's exact (below 10) or Byar's limit, over the expected."""
    q = 0.5 + p / 2
    z = ndtri(q)
    if side == "low":
        exact = gammainccinv(observed, q)
        byars = observed * (1 - 1 / (9 * observed) - z / 3 / np.sqrt(observed)) ** 3
        limit = np.where(observed == 0, 0.0, np.where(observed < 10, exact, byars))
    else:
        exact = gammaincinv(observed + 1, q)
        byars = (observed + 1) * (1 - 1 / (9 * (observed + 1)) + z / 3 / np.sqrt(observed + 1)) ** 3
        limit = np.where(observed < 10, exact, byars)
    return limit / expected


def _thousands(number) -> str:
    """100000 -> '100,000' (R's format with big.mark)."""
    number = float(number)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.15g}"
