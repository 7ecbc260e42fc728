"""Group codes and per-group sums: every method works on all groups at once.

Rows are labelled with an integer code per group (groups sorted by their
keys), and aggregates are ``np.bincount`` sums over those codes, so the cost
is a couple of passes over the data whatever the number of groups.
"""
import numpy as np
import pandas as pd


def group_codes(data: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """(code of each row, one row of keys per group) — one group if ``by`` is empty."""
    if not by:
        return np.zeros(len(data), dtype=np.intp), pd.DataFrame(index=pd.RangeIndex(1))
    if len(by) == 1:
        # factorize in order of appearance (fast on plain arrays), then sort the few keys
        codes, uniques = pd.factorize(data[by[0]].to_numpy(), use_na_sentinel=False)
        order = pd.Series(uniques).sort_values(na_position="last", kind="stable").index.to_numpy()
        rank = np.empty(len(order), dtype=np.intp)
        rank[order] = np.arange(len(order))
        keys = pd.Series(uniques[order], dtype=data[by[0]].dtype, name=by[0])
        return rank[codes], keys.to_frame()
    grouped = data.groupby(by, sort=True, dropna=False, observed=True)
    codes = grouped.ngroup().to_numpy(dtype=np.intp)
    keys = grouped.size().index.to_frame(index=False)
    return codes, keys


def group_sum(codes: np.ndarray, values: np.ndarray, ngroups: int) -> np.ndarray:
    """Sum per group; a missing value makes its group's sum missing (as R's sum)."""
    return np.bincount(codes, weights=values, minlength=ngroups)


def group_count(codes: np.ndarray, ngroups: int) -> np.ndarray:
    return np.bincount(codes, minlength=ngroups)


def position_in_group(codes: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... for the rows of each group, in their order in the data."""
    return pd.Series(codes).groupby(codes).cumcount().to_numpy()
