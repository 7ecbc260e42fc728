"""Benchmark of healthyplaces.methods on synthetic data for every LSOA (33,755 areas).

    python bench/methods.py            # full run, compared with the targets
    python bench/methods.py --quick    # 2,000 areas, 30 SII groups: a smoke run

Times life expectancy, DSR, proportion, rate and SII over all areas (best of
a few runs, one core), then the gap methods (Arriaga's decomposition of every
area's gap with a reference group, local quintile life expectancy for 300
local authorities, Sullivan's healthy life expectancy), and compares each with
  (a) PHStatsMethods, where it has the method (proportion, rate, DSR), and
  (b) a straightforward one-area-at-a-time pandas groupby-apply of the same
      formulas,
checking the numbers agree. The comparators are slow, so they are timed on a
subset of areas and scaled to the full count, as the output says. Last, the
RII and the SII for rates (300 groups x 100,000 repetitions) against the
same statistics drawn 100,000 times a group, as the reference does.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"  # one core: set before numpy loads

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy.special import ndtri  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from healthyplaces.methods import (ESP2013, decompose_gap, dsr, healthy_life_expectancy,  # noqa: E402
                                   life_expectancy, proportion, quantiles, rate, rii, sii)
from healthyplaces.methods.life_expectancy import STARTAGES  # noqa: E402

AREAS = 33_755
SII_GROUPS = 300
SII_REPETITIONS = 100_000
TARGETS = {"life expectancy": 1.0, "dsr": 0.2, "sii": 2.0}  # seconds, full run
GAP_TARGETS = {"arriaga": 1.0, "local quintiles": 2.0}
RII_TARGET = 0.5  # seconds, 300 groups x 100,000 repetitions
SII_RATE_TARGET = 1.0  # seconds, the same, for rates with every decile simulated
AUTHORITIES = 300
SPEEDUP_TARGET = 20


# --- synthetic data ------------------------------------------------------------------------

def area_codes(n):
    return np.array([f"E01{i:06d}" for i in range(n)])


def life_table_data(rng, n):
    """20 bands per area, 300-1,500 people a band, Gompertz-like mortality."""
    pops = rng.integers(300, 1500, size=(n, len(STARTAGES)))
    mortality = 0.0002 * np.exp(0.085 * STARTAGES) + np.where(STARTAGES == 0, 0.004, 0)
    deaths = np.minimum(rng.poisson(pops * mortality), pops)
    return pd.DataFrame({"area": np.repeat(area_codes(n), len(STARTAGES)), "startage": np.tile(STARTAGES, n),
                         "deaths": deaths.ravel(), "population": pops.ravel()})


def dsr_data(rng, n):
    starts = np.arange(0, 95, 5)
    pops = rng.integers(300, 1500, size=(n, 19))
    counts = rng.poisson(pops * 0.0005 * np.exp(0.07 * starts))
    labels = [f"{a}-{a + 4}" for a in starts[:-1]] + ["90+"]
    return pd.DataFrame({"area": np.repeat(area_codes(n), 19), "ageband": np.tile(labels, n),
                         "x": counts.ravel(), "n": pops.ravel()})


def count_data(rng, n):
    population = rng.integers(1000, 10000, size=n)
    return pd.DataFrame({"area": area_codes(n), "x": rng.binomial(population, 0.2), "n": population})


def sii_data(rng, groups):
    """Life expectancy by deprivation decile, 95% limits from a standard error."""
    deciles = np.arange(1, 11)
    value = 74 + 0.9 * deciles + rng.normal(0, 0.5, size=(groups, 10))
    se = rng.uniform(0.3, 1.5, size=(groups, 10))
    z = ndtri(0.975)
    return pd.DataFrame({"area": np.repeat(area_codes(groups), 10), "quantile": np.tile(deciles, groups),
                         "population": rng.integers(5000, 20000, size=groups * 10),
                         "value": value.ravel(), "lowercl": (value - z * se).ravel(),
                         "uppercl": (value + z * se).ravel()})


# --- one area at a time: the same formulas, grouped and applied ----------------------------

def z95():
    return ndtri(0.975)


def one_life_table(area):
    area = area.sort_values("startage")
    D, P = area["deaths"].to_numpy(float), area["population"].to_numpy(float)
    a = np.where(STARTAGES == 0, 0.1, 0.5)
    n = np.append(np.diff(STARTAGES), 2 / (D[-1] / P[-1])).astype(float)
    M = D / P
    q = np.where(D <= P / n / a, M * n / (1 + M * n * (1 - a)), 1.0)
    l = 1e5 * np.cumprod(np.append(1, 1 - q[:-1]))
    d = l - np.append(l[1:], 0)
    L = n * (np.append(l[1:], 0) + a * d)
    L[-1] = l[-1] / M[-1]
    e = np.cumsum(L[::-1])[::-1] / l
    sp = np.where(d == 0, 0, q**2 * (1 - q) / D)
    sp[-1] = 4 / (D[-1] * M[-1] ** 2)
    W = sp * l**2 * ((1 - a) * n + np.append(e[1:], np.nan)) ** 2
    W[-1] = (l[-1] / 2) ** 2 * sp[-1]
    se = np.sqrt(np.cumsum(W[::-1])[::-1] / l**2)
    return pd.DataFrame({"value": e, "lowercl": e - z95() * se, "uppercl": e + z95() * se})


def byars(x, z, side):
    if side == "lower":
        return x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
    return (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3


def one_dsr(area):
    std = ESP2013
    value = (area["x"] * std / area["n"]).sum() / std.sum() * 1e5
    variance = (area["x"] * (std / area["n"]) ** 2).sum() / std.sum() ** 2
    total = area["x"].sum()
    spread = np.sqrt(variance / total) * 1e5
    return pd.Series({"value": value, "lowercl": value + spread * (byars(total, z95(), "lower") - total),
                      "uppercl": value + spread * (byars(total, z95(), "upper") - total)})


def one_proportion(area):
    x, n, z = area["x"].sum(), area["n"].sum(), z95()
    root = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
    return pd.Series({"value": x / n, "lowercl": (2 * x + z**2 - root) / 2 / (n + z**2),
                      "uppercl": (2 * x + z**2 + root) / 2 / (n + z**2)})


def one_rate(area):
    x, n = area["x"].sum(), area["n"].sum()
    return pd.Series({"value": x / n * 1e5, "lowercl": byars(x, z95(), "lower") / n * 1e5,
                      "uppercl": byars(x, z95(), "upper") / n * 1e5})


def one_sii(group, rng):
    """The reference's route: draw every decile's value each repetition, refit each time."""
    group = group.sort_values("quantile")
    a = (group["population"] / group["population"].sum()).to_numpy()
    b = np.cumsum(a) - a / 2
    X = np.column_stack([np.sqrt(a), b * np.sqrt(a)])
    fit = np.linalg.solve(X.T @ X, X.T)
    y = group["value"].to_numpy()
    se = ((group["uppercl"] - group["lowercl"]) / z95() / 2).to_numpy()
    slope = (fit @ (np.sqrt(a) * y))[1]
    draws = rng.normal(y[:, None], se[:, None], size=(len(y), SII_REPETITIONS))
    slopes = np.sort((fit @ (np.sqrt(a)[:, None] * draws))[1])
    low, high = round(SII_REPETITIONS * 0.025) - 1, round(SII_REPETITIONS * 0.975) - 1
    return pd.Series({"value": slope, "lowercl": slopes[low], "uppercl": slopes[high]})


def one_arriaga(area, reference):
    """Arriaga's formula for one area against the reference, from one_life_table's columns."""
    def table(frame):
        frame = frame.sort_values("startage")
        D, P = frame["deaths"].to_numpy(float), frame["population"].to_numpy(float)
        a = np.where(STARTAGES == 0, 0.1, 0.5)
        M = D / P
        n = np.append(np.diff(STARTAGES), 2 / M[-1]).astype(float)
        q = np.where(D <= P / n / a, M * n / (1 + M * n * (1 - a)), 1.0)
        l = 1e5 * np.cumprod(np.append(1, 1 - q[:-1]))
        d = l - np.append(l[1:], 0)
        L = n * (np.append(l[1:], 0) + a * d)
        L[-1] = l[-1] / M[-1]
        return l, L, np.cumsum(L[::-1])[::-1]
    (l1, L1, T1), (l2, L2, T2) = table(area), table(reference)
    out = l1 / l1[0] * (L2 / l2 - L1 / l1)
    out[:-1] += T2[1:] / l1[0] * (l1[:-1] / l2[:-1] - l1[1:] / l2[1:])
    out[-1] = l1[-1] / l1[0] * (T2[-1] / l2[-1] - T1[-1] / l1[-1])
    return pd.Series(out, index=STARTAGES)


def gap_methods(rng, areas, repeats):
    """Arriaga for every area against England, local quintile life expectancy, Sullivan: timed, with ratios
    to a plain per-group loop of the same formulas (on a subset, scaled)."""
    frame = life_table_data(rng, areas)
    england = frame.groupby("startage", as_index=False)[["deaths", "population"]].sum().assign(area="England")
    with_england = pd.concat([frame, england], ignore_index=True)
    authorities = np.repeat(np.arange(AUTHORITIES), -(-areas // AUTHORITIES))[:areas]
    frame["authority"] = np.repeat(authorities, len(STARTAGES))
    frame["imd_score"] = np.repeat(rng.uniform(1, 80, size=areas), len(STARTAGES))
    hle = frame.assign(good_health=np.clip(0.95 - frame["startage"] / 150, 0, 1), sample_size=400)

    def local_quintiles(data):
        ranked = quantiles(data[data["startage"] == 0], values="imd_score", by="authority", nquantiles=5)
        quintile = dict(zip(ranked["area"], ranked["quantile"]))
        pooled = data.assign(quintile=data["area"].map(quintile)).groupby(
            ["authority", "quintile", "startage"], as_index=False)[["deaths", "population"]].sum()
        return life_expectancy(pooled, by=["authority", "quintile"], le_age=0)

    def one_local_quintiles(data):
        out = []
        for _, authority in data.groupby("authority"):
            scores = authority[authority["startage"] == 0].set_index("area")["imd_score"]
            rank = scores.rank(ascending=False, method="min")  # PHE's rule, most deprived first
            quintile = np.floor(6 - np.ceil((len(scores) + 1 - rank) / (len(scores) / 5))).clip(1, 5)
            for _, group in authority.assign(quintile=authority["area"].map(quintile)).groupby("quintile"):
                out.append(one_life_table(group.groupby("startage", as_index=False)[["deaths", "population"]].sum())
                           .iloc[0])
        return pd.DataFrame(out)

    def one_sullivan(area):
        area = area.sort_values("startage")
        D, P = area["deaths"].to_numpy(float), area["population"].to_numpy(float)
        g = area["good_health"].to_numpy(float)
        a = np.where(STARTAGES == 0, 0.1, 0.5)
        M = D / P
        n = np.append(np.diff(STARTAGES), 2 / M[-1]).astype(float)
        q = np.where(D <= P / n / a, M * n / (1 + M * n * (1 - a)), 1.0)
        l = 1e5 * np.cumprod(np.append(1, 1 - q[:-1]))
        L = n * (np.append(l[1:], 0) + a * (l - np.append(l[1:], 0)))
        L[-1] = l[-1] / M[-1]
        return pd.Series({"value": (g * L)[::-1].cumsum()[::-1][0] / l[0]})

    subset = min(500, areas)
    codes = frame["area"].unique()[:subset]
    cases = {
        "arriaga": (lambda: decompose_gap(with_england, reference="England", group="area"),
                    lambda: frame[frame["area"].isin(codes)].groupby("area").apply(
                        lambda g: one_arriaga(g, england)), areas, subset),
        "local quintiles": (lambda: local_quintiles(frame), lambda: one_local_quintiles(
            frame[frame["authority"] < 20]), AUTHORITIES * 5, 20 * 5),
        "sullivan": (lambda: healthy_life_expectancy(hle, deaths="deaths", population="population", by="area"),
                     lambda: hle[hle["area"].isin(codes)].groupby("area").apply(one_sullivan), areas, subset),
    }
    print(f"\ngap methods: {areas:,} areas against England, {AUTHORITIES} authorities x 5 local quintiles")
    print(f"{'method':<16}{'groups':>8}{'time s':>9}{'target':>9}{'loop x':>9}  agreement")
    misses = []
    for name, (ours, loop, groups, part_groups) in cases.items():
        seconds, result = best_time(quiet(ours), repeats)
        loop_seconds, looped = best_time(quiet(loop), 1)
        ratio = loop_seconds * groups / part_groups / seconds
        if name == "arriaga":
            mine = result[result["area"].isin(codes)]["contribution"].to_numpy()
            difference = np.nanmax(np.abs(mine - looped.to_numpy().ravel()))
        elif name == "local quintiles":
            difference = np.nanmax(np.abs(result[result["authority"] < 20]["value"].to_numpy()
                                          - looped["value"].to_numpy()))
        else:
            mine = result[result["area"].isin(codes) & (result["startage"] == 0)]["value"].to_numpy()
            difference = np.nanmax(np.abs(mine - looped["value"].to_numpy()))
        target = GAP_TARGETS.get(name)
        print(f"{name:<16}{groups:>8,}{seconds:>9.3f}{f'<{target:g}s' if target else '-':>9}{ratio:>9,.0f}"
              f"  max abs diff {difference:.0e} years")
        if target and seconds >= target:
            misses.append(f"{name}: {seconds:.3f} s, target {target} s")
    return misses


# --- timing ----------------------------------------------------------------------------------

def best_time(function, repeats):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def agreement(mine, theirs, columns, mine_names=("value", "lowercl", "uppercl")):
    """Largest relative difference over the compared columns."""
    worst = 0.0
    for ours, other in zip(mine_names, columns):
        a, b = np.asarray(mine[ours], float), np.asarray(theirs[other], float)
        worst = max(worst, np.nanmax(np.abs(a - b) / np.abs(b)))
    return worst


def quiet(function):
    def run():
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function()
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 areas and 30 SII groups")
    args = parser.parse_args()
    areas = 2_000 if args.quick else AREAS
    sii_groups = 30 if args.quick else SII_GROUPS
    subset = 500 if args.quick else 2_000
    rng = np.random.default_rng(42)
    repeats = 3

    import PHStatsMethods as phs

    data = {"life expectancy": life_table_data(rng, areas), "dsr": dsr_data(rng, areas),
            "proportion": count_data(rng, areas), "rate": count_data(rng, areas),
            "sii": sii_data(rng, sii_groups)}
    ours = {
        "life expectancy": lambda d: life_expectancy(d, by="area"),
        "dsr": lambda d: dsr(d, by="area", ageband="ageband"),
        "proportion": lambda d: proportion(d, by="area"),
        "rate": lambda d: rate(d, by="area"),
        "sii": lambda d: sii(d, by="area", lower_cl="lowercl", upper_cl="uppercl",
                             repetitions=SII_REPETITIONS, seed=1),
    }
    baseline = {
        "life expectancy": lambda d: d.groupby("area").apply(one_life_table),
        "dsr": lambda d: d.groupby("area").apply(one_dsr),
        "proportion": lambda d: d.groupby("area").apply(one_proportion),
        "rate": lambda d: d.groupby("area").apply(one_rate),
        "sii": lambda d: d.groupby("area").apply(lambda g: one_sii(g, np.random.default_rng(2))),
    }
    phstats = {
        "dsr": lambda d: phs.ph_dsr(d.copy(), "x", "n", "ageband", "area"),
        "proportion": lambda d: phs.ph_proportion(d, "x", "n", "area"),
        "rate": lambda d: phs.ph_rate(d, "x", "n", "area"),
    }
    phs_columns = ["Value", "lower_95_ci", "upper_95_ci"]

    print(f"healthyplaces.methods benchmark: {areas:,} areas, SII {sii_groups} groups x "
          f"{SII_REPETITIONS:,} repetitions, one core, best of {repeats}")
    print(f"comparators timed on the first {subset:,} areas (SII: 10 groups) and scaled to the full count\n")
    header = (f"{'method':<16}{'areas':>8}{'time s':>9}{'areas/s':>11}{'target':>9}"
              f"{'groupby x':>11}{'PHStats x':>11}  agreement")
    print(header)
    print("-" * (len(header) + 30))
    misses = []
    for method, frame in data.items():
        groups = frame["area"].nunique()
        seconds, _ = best_time(quiet(lambda: ours[method](frame)), repeats)
        codes = frame["area"].unique()
        part_groups = 10 if method == "sii" else subset
        part = frame[frame["area"].isin(codes[:part_groups])]
        mine_part = quiet(lambda: ours[method](part))()

        base_seconds, base_result = best_time(quiet(lambda: baseline[method](part)), 1)
        base_scaled = base_seconds * groups / part_groups
        base_result = base_result.reset_index(drop=True)
        if method == "sii":
            # the limits are simulated: agree to Monte Carlo error, not exactly
            notes = [f"groupby: value {agreement(mine_part, base_result, ['value'], ['value']):.0e}, "
                     f"limits {agreement(mine_part, base_result, ['lowercl', 'uppercl'], ['lowercl', 'uppercl']):.0e}"]
        else:
            notes = [f"groupby {agreement(mine_part, base_result, ['value', 'lowercl', 'uppercl']):.0e}"]
        speedups = [base_scaled / seconds]
        phs_text = "-"
        if method in phstats:
            phs_seconds, phs_result = best_time(quiet(lambda: phstats[method](part)), 1)
            phs_ratio = phs_seconds * groups / part_groups / seconds
            speedups.append(phs_ratio)
            phs_text = f"{phs_ratio:,.0f}"
            notes.append(f"PHStats {agreement(mine_part, phs_result, phs_columns):.0e}")
        target = TARGETS.get(method)
        target_text = f"<{target:g}s" if target else "-"
        print(f"{method:<16}{groups:>8,}{seconds:>9.3f}{groups / seconds:>11,.0f}{target_text:>9}"
              f"{speedups[0]:>11,.0f}{phs_text:>11}  max rel diff {', '.join(notes)}")
        if target and seconds >= target:
            misses.append(f"{method}: {seconds:.3f} s, target {target} s")
        if min(speedups) < SPEEDUP_TARGET:
            misses.append(f"{method}: {min(speedups):.0f}x, target {SPEEDUP_TARGET}x")

    misses += gap_methods(rng, areas, repeats)

    print(f"\n{sii_groups} groups x {SII_REPETITIONS:,} repetitions:")
    ratio_seconds, _ = best_time(quiet(lambda: rii(data["sii"], by="area", lower_cl="lowercl", upper_cl="uppercl",
                                                   repetitions=SII_REPETITIONS, seed=1)), repeats)
    sii_module = sys.modules["healthyplaces.methods.sii"]
    drawn = sii_module._rii_order_statistics
    sii_module._rii_order_statistics = lambda rng, ws, wl, mean, sd, mu, reps, kth: sii_module._simulate(
        "rii", rng, ws, wl, lambda v: v, mean, sd, True, mu, reps, kth)
    try:
        loop_seconds, _ = best_time(quiet(lambda: rii(data["sii"], by="area", lower_cl="lowercl", upper_cl="uppercl",
                                                      repetitions=SII_REPETITIONS, seed=1)), 1)
    finally:
        sii_module._rii_order_statistics = drawn
    print(f"  rii (percentiles from the ratio's CDF at drawn order statistics): {ratio_seconds:.3f} s, target < "
          f"{RII_TARGET:g} s; {loop_seconds / ratio_seconds:,.0f}x the ratio drawn 100,000 times a group")
    if ratio_seconds >= RII_TARGET and not args.quick:
        misses.append(f"rii: {ratio_seconds:.3f} s, target {RII_TARGET} s")
    rates = data["sii"].assign(value=lambda d: d["value"] / 10, lowercl=lambda d: d["lowercl"] / 10,
                               uppercl=lambda d: d["uppercl"] / 10)
    rate_sii = quiet(lambda: sii(rates, by="area", value_type=1, lower_cl="lowercl", upper_cl="uppercl",
                                 repetitions=SII_REPETITIONS, seed=1))
    rate_seconds, grid = best_time(rate_sii, repeats)
    grid_route = sii_module._sum_order_statistics
    sii_module._sum_order_statistics = lambda rng, weights, value_type, mean, sd, reps, kth: sii_module._simulate(
        "sii", rng, weights, weights, np.exp, mean, sd, False, 1, reps, kth)
    try:
        drawn_seconds, drawn = best_time(rate_sii, 1)
    finally:
        sii_module._sum_order_statistics = grid_route
    width = drawn["uppercl"] - drawn["lowercl"]
    difference = max(((grid[limit] - drawn[limit]) / width).abs().max() for limit in ("lowercl", "uppercl"))
    print(f"  sii with value_type=1 (rates: every decile simulated, as the reference does; the sum's distribution "
          f"convolved on a grid): {rate_seconds:.3f} s, target < {SII_RATE_TARGET:g} s; "
          f"{drawn_seconds / rate_seconds:,.0f}x drawing every decile 100,000 times a group "
          f"({drawn_seconds:.2f} s); limits agree to {difference:.1%} of the interval (Monte Carlo error)")
    if rate_seconds >= SII_RATE_TARGET and not args.quick:
        misses.append(f"sii for rates: {rate_seconds:.3f} s, target {SII_RATE_TARGET} s")
    if args.quick:
        print("quick run: targets not assessed")
    elif misses:
        print("MISSED: " + "; ".join(misses))
    else:
        print(f"all targets met (life expectancy < 1 s, DSR < 0.2 s, SII < 2 s, Arriaga < 1 s, local quintiles < 2 s, "
              f"RII < {RII_TARGET:g} s, SII for rates < {SII_RATE_TARGET:g} s, >= {SPEEDUP_TARGET}x comparators)")


if __name__ == "__main__":
    main()
