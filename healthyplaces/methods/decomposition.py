"""Decomposition of a life expectancy gap by age and cause: Arriaga's method, as OHID's Segment Tool does.

Arriaga (1984), in Preston, Heuveline and Guillot, Demography (2001), section 3.9: with the life tables
of the first group (1) and the second (2), both from 100,000 births, the contribution of age band x
(width n) to e0(2) - e0(1) is

    (l1(x) / l1(0)) (L2(x) / l2(x) - L1(x) / l1(x))                       what dying less in the band adds
    + (T2(x+n) / l1(0)) (l1(x) / l2(x) - l1(x+n) / l2(x+n))               and surviving it for the years after

and, for the open last band, (l1(x) / l1(0)) (T2(x) / l2(x) - T1(x) / l1(x)). The contributions add up
to the gap exactly. A band's contribution is split between causes in proportion to each cause's
difference in death rates in that band, m1(x, c) - m2(x, c) (Preston et al. 4.2; the Segment Tool's
rule), so the causes add up to the band. The life tables are the life expectancy method's (Chiang II).
"""
import warnings

import numpy as np
import pandas as pd

from ._grouping import group_codes
from ._validation import as_list, fail_rows, require_columns
from .life_expectancy import BANDS, STARTAGES, band_table, excluded_groups, life_table_columns

NOT_DECOMPOSED = "the gap of some groups is not decomposed: a life table of theirs fails the rules above"


def arriaga(deaths1, population1, deaths2, population2):
    """Contribution of each age band to e0(2) - e0(1), for rows of (areas, 20 bands) arrays.

    The second side may have fewer rows, repeated over the first's (one reference group, or one per
    sex, for many areas): its life tables are built once.
    """
    first = life_table_columns(np.asarray(deaths1, float), np.asarray(population1, float), variance=False)
    second = life_table_columns(np.asarray(deaths2, float), np.asarray(population2, float), variance=False)
    repeat = len(first["l"]) // len(second["l"])
    l1, L1, T1 = first["l"], first["L"], first["T"]
    l2, L2, T2 = (np.tile(second[c], (repeat, 1)) for c in ("l", "L", "T"))
    radix = l1[:, :1]
    with np.errstate(divide="ignore", invalid="ignore"):
        contribution = l1 / radix * (L2 / l2 - L1 / l1)
        contribution[:, :-1] += T2[:, 1:] / radix * (l1[:, :-1] / l2[:, :-1] - l1[:, 1:] / l2[:, 1:])
        contribution[:, -1] = l1[:, -1] / radix[:, 0] * (T2[:, -1] / l2[:, -1] - T1[:, -1] / l1[:, -1])
    return contribution


def split_by_cause(contribution, rates1, rates2):
    """Share each band's contribution (areas, bands) between causes (areas, causes, bands) in proportion
    to their rate differences; where the all-cause rates are equal the band contributes nothing to share."""
    difference = rates1 - rates2
    total = difference.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total == 0, 1 / difference.shape[1], difference / total)
    return contribution[:, None, :] * share


def decompose_gap(data: pd.DataFrame, between=None, group: str = "group", deaths: str = "deaths",
                  population: str = "population", startage: str = "startage", cause: str | None = None,
                  by=None, reference=None) -> pd.DataFrame:
    """How each age band (and cause) makes the gap in life expectancy at birth between two groups.

    ``between`` is (first, second): two values of the ``group`` column, e.g. deciles 1 and 10; rows of
    other groups are left aside. Or give ``reference`` (e.g. "England") instead, to set every other
    group against it (the result then has the ``group`` column). Each group needs its 20 bands
    (``startage`` 0, 1, 5 ... 90) per ``by`` group and, with ``cause``, per cause; a band's population
    is the same for every cause. Returns one row per (group,) ``by`` group, cause and band with its
    ``contribution`` in years: positive where the second group's lower death rates widen the gap by
    which it outlives the first. They add up to the gap (``gap_of``). A group whose life table the
    reference package's rules would leave out (5,000 person-years or fewer, more deaths than people
    ...) gets missing contributions, with a warning.
    """
    method = "decompose_gap"
    by = as_list(by)
    if (between is None) == (reference is None):
        raise ValueError(f"{method}: give between (two groups) or a reference group, not both")
    if between is not None and (len(between) != 2 or str(between[0]) == str(between[1])):
        raise ValueError(f"{method}: between needs two different groups, got {between!r}")
    require_columns(data, [group, deaths, population, startage, *by] + ([cause] if cause else []), method)

    # groups are matched as text (a file's "1" is decile 1), each distinct value converted once
    value_codes, values = pd.factorize(data[group], sort=True)
    names = pd.Index(values).astype(str).to_numpy(dtype=object)
    second = str(between[1] if between is not None else reference)
    for name in ([str(between[0])] if between is not None else []) + [second]:
        if not (names == name).any():
            raise ValueError(f"{method}: no rows have {group} = {name!r}; the file has "
                             f"{', '.join(names[:12])}")
    is_first = names == str(between[0]) if between is not None else names != second
    firsts = list(names[is_first])
    side_of_value = np.full(len(names) + 1, -1)  # -1: left aside (the last for a missing value)
    side_of_value[:-1][is_first] = np.arange(len(firsts))
    side_of_value[:-1][names == second] = len(firsts)
    sides = side_of_value[value_codes]
    rows = data[sides >= 0]
    sides = sides[sides >= 0]
    ngroups = len(firsts)

    keys_by = by + ([cause] if cause else [])
    key_codes, keys = group_codes(rows, keys_by)
    nkeys = len(keys)
    _, band, D, P, present = band_table(rows, deaths, population, startage, keys_by, method,
                                        codes=sides * nkeys + key_codes, ngroups=(ngroups + 1) * nkeys)
    has = present.reshape(ngroups + 1, nkeys, BANDS)
    held = has.any(axis=2)
    unmatched = held[:-1] != held[-1]
    if unmatched.any():
        g, k = np.argwhere(unmatched)[0]
        lacking = firsts[g] if held[-1, k] else second
        other = second if held[-1, k] else firsts[g]
        raise ValueError(f"{method}: {group} {lacking!r} has no rows for {_key(keys, keys_by, k)}; "
                         f"{group} {other!r} has")
    incomplete = (held[:, :, None] & ~has).any(axis=2)
    if incomplete.any():
        g, k = np.argwhere(incomplete)[0]
        missing = ", ".join(str(a) for a in STARTAGES[~has[g, k]])
        where = f" ({_key(keys, keys_by, k)})" if keys_by else ""
        raise ValueError(f"{method}: {group} {(firsts + [second])[g]!r}{where} has no row for age band(s) {missing}")

    # cubes of (groups + the second, by groups, causes, bands); a band's population is the causes' shared one
    by_codes, by_keys = (group_codes(keys, by) if by else (np.zeros(nkeys, dtype=np.intp), pd.DataFrame(index=[0])))
    cause_codes, causes = pd.factorize(keys[cause], sort=True) if cause else (np.zeros(nkeys, dtype=np.intp), [None])
    shape = (ngroups + 1, len(by_keys), len(causes), BANDS)
    deaths_cube, pops_cube = np.full(shape, np.nan), np.full(shape, np.nan)
    deaths_cube[:, by_codes, cause_codes] = D.reshape(ngroups + 1, nkeys, BANDS)
    pops_cube[:, by_codes, cause_codes] = P.reshape(ngroups + 1, nkeys, BANDS)
    if cause:
        row_by, row_cause = by_codes[key_codes], cause_codes[key_codes]
        shared = np.nanmax(pops_cube, axis=2)[sides, row_by, band]
        fail_rows(pops_cube[sides, row_by, row_cause, band] != shared, rows, keys_by, population,
                  "differs from the population of the same group and age band for another cause", method)
    all_deaths = deaths_cube.sum(axis=2)
    pops = np.nanmax(pops_cube, axis=2)
    if np.isnan(all_deaths).any():
        g, b = np.argwhere(np.isnan(all_deaths).any(axis=2))[0]
        raise ValueError(f"{method}: the causes of {group} {(firsts + [second])[g]!r}"
                         f"{', ' + _key(by_keys, by, b) if by else ''} are not those of the others: give every "
                         "cause for every group")

    flat_deaths, flat_pops = all_deaths.reshape(-1, BANDS), pops.reshape(-1, BANDS)
    excluded = excluded_groups(flat_deaths, flat_pops, np.ones(flat_deaths.shape, dtype=bool))
    excluded = excluded.reshape(ngroups + 1, -1)
    excluded = excluded[:-1] | excluded[-1]
    if excluded.any():
        warnings.warn(NOT_DECOMPOSED, stacklevel=2)
    contribution = arriaga(all_deaths[:-1].reshape(-1, BANDS), pops[:-1].reshape(-1, BANDS),
                           all_deaths[-1], pops[-1])
    if cause:
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = deaths_cube / pops_cube
        contribution = split_by_cause(contribution, rates[:-1].reshape(-1, len(causes), BANDS),
                                      np.tile(rates[-1], (ngroups, 1, 1)))
    else:
        contribution = contribution[:, None, :]
    contribution[excluded.ravel()] = np.nan

    per_pair = len(causes) * BANDS
    out = pd.DataFrame({group: np.repeat(np.array(firsts, dtype=object), len(by_keys) * per_pair)}) \
        if reference is not None else pd.DataFrame(index=pd.RangeIndex(len(by_keys) * per_pair))
    if by:
        repeated = by_keys.loc[np.tile(np.repeat(by_keys.index.to_numpy(), per_pair), ngroups)].reset_index(drop=True)
        out = pd.concat([out, repeated], axis=1)
    if cause:
        out[cause] = np.tile(np.repeat(np.asarray(causes, dtype=object), BANDS), ngroups * len(by_keys))
    out[startage] = np.tile(STARTAGES, ngroups * len(by_keys) * len(causes))
    out["contribution"] = contribution.ravel()
    return out


def _key(keys, columns, i):
    """"sex='Male', cause='Stroke'" for the i-th key."""
    return ", ".join(f"{c}={keys[c].iloc[i]!r}" for c in columns)


def gap_of(decomposition: pd.DataFrame, by=None):
    """The gap (years) the contributions add up to, per ``by`` group."""
    by = as_list(by)
    if not by:
        return float(decomposition["contribution"].sum(min_count=1))
    return decomposition.groupby(by, sort=True)["contribution"].sum(min_count=1)


__all__ = ["arriaga", "decompose_gap", "gap_of", "split_by_cause"]
