"""Assigning areas to quantiles within groups (reference: phe_quantile)."""
import warnings

import numpy as np
import pandas as pd

from ._grouping import group_codes, group_count
from ._validation import as_list, describe_row, numeric_column, require_columns

TOO_FEW = "One or more groups had too few small areas with values to allow quantiles to be assigned"


def quantiles(data: pd.DataFrame, values: str = "values", by=None, nquantiles: int = 10,
              invert=True) -> pd.DataFrame:
    """Quantile (1..nquantiles) of each row's value within its group.

    The reference rule: rank within the group with ties at the minimum rank,
    highest value first when ``invert`` (so quantile 1 holds the highest
    values; the default), lowest first otherwise; then
    quantile = floor(nq + 1 - ceiling((N + 1 - rank) / (N / nq))), with 0 read
    as 1, where N counts the group's non-missing values. Groups with fewer
    values than quantiles get none (with a warning); missing values get none.
    ``invert`` is True/False or the name of a boolean column, which must then
    be constant within each group.
    """
    method = "quantiles"
    by = as_list(by)
    if not isinstance(nquantiles, (int, np.integer)) or nquantiles < 1:
        raise ValueError(f"{method}: nquantiles must be a positive whole number")
    require_columns(data, [values, *by] + ([invert] if isinstance(invert, str) else []), method)
    x = numeric_column(data, values, by, method)
    codes, keys = group_codes(data, by)
    ngroups = len(keys)

    if isinstance(invert, str):
        flags = data[invert]
        if not flags.map(lambda f: isinstance(f, (bool, np.bool_))).all():
            raise ValueError(f"{method}: column {invert!r} must hold True or False")
        flags = flags.to_numpy(dtype=bool)
        first_row = np.unique(codes, return_index=True)[1]
        varies = flags != flags[first_row][codes]
        if varies.any():
            raise ValueError(f"{method}: column {invert!r} must take the same value for every row of a group; "
                             f"it differs in {describe_row(data, by, int(np.argmax(varies)))}")
    elif isinstance(invert, (bool, np.bool_)):
        flags = np.full(len(data), bool(invert))
    else:
        raise ValueError(f"{method}: invert must be True, False or a column name")

    ranked = pd.Series(np.where(flags, -x, x)).groupby(codes).rank(method="min").to_numpy()
    areas = group_count(codes[~np.isnan(x)], ngroups)[codes].astype(float)
    quantile = np.floor((nquantiles + 1) - np.ceil(((areas + 1) - ranked) / (areas / nquantiles)))
    quantile = np.where(quantile == 0, 1, quantile)
    quantile[areas < nquantiles] = np.nan

    assigned = np.bincount(codes, weights=~np.isnan(quantile), minlength=ngroups)
    if (assigned == 0).any():
        warnings.warn(TOO_FEW, stacklevel=2)
    out = data.copy()
    out["quantile"] = quantile
    out["nquantiles"] = nquantiles
    out["groupvars"] = ", ".join(by)
    out["qinverted"] = np.where(flags, "lowest quantile represents highest values",
                                "lowest quantile represents lowest values")
    return out
