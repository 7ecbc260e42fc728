"""Composite indices: indicators standardised to one scale, each turned so that higher raises the index,
weighted and averaged (as, e.g., Northamptonshire's social isolation index combines LSOA indicators), and the
index's agreement with another ranking (Spearman's rank correlation).

- z-score: (value - mean) / standard deviation over the areas used (the population standard deviation);
- rank: the area's fractional rank, (rank - 0.5) / n, from near 0 (lowest) to near 1 (highest); tied values
  share their average rank.

The index is sum(weight x direction x standardised value) / sum(weight), direction +1 where a higher value
raises the index and -1 where it lowers it. Rank 1 is the highest index.
"""
import numpy as np
import pandas as pd
from scipy import stats

STANDARDISATIONS = ("z", "rank")


def standardise(values, method):
    """The values on the common scale: z-scores or fractional ranks (see the module's docstring)."""
    values = np.asarray(values, dtype=float)
    if method == "z":
        spread = values.std()
        if not spread > 0:
            raise ValueError("every area has the same value, so a z-score cannot be computed")
        return (values - values.mean()) / spread
    if method == "rank":
        return (stats.rankdata(values) - 0.5) / len(values)
    raise ValueError(f"unknown standardisation {method!r}: use one of {', '.join(STANDARDISATIONS)}")


def composite_index(table: pd.DataFrame, methods, directions, weights) -> pd.DataFrame:
    """The index for every row of `table` (one column per indicator, no missing values), with its rank (1 =
    highest) and the standardised columns; `methods`, `directions` (+1/-1) and `weights` (> 0) per column."""
    if table.empty or table.isna().any().any():
        raise ValueError("every area needs a value for every indicator")
    if any(not w > 0 for w in weights):
        raise ValueError("every weight must be more than 0")
    parts = pd.DataFrame({column: direction * standardise(table[column], method)
                          for column, method, direction in zip(table.columns, methods, directions)}, index=table.index)
    score = (parts * np.asarray(weights, dtype=float)).sum(axis=1) / float(sum(weights))
    result = parts.add_prefix("standardised_")
    result["index"] = score
    result["rank"] = score.rank(ascending=False, method="min").astype(int)
    return result


def rank_correlation(a, b):
    """Spearman's rank correlation of two sequences, with its two-sided p-value."""
    rho, p = stats.spearmanr(a, b)
    return float(rho), float(p)


def groups_of(ranks, n, groups=5):
    """Equal-sized groups of ranked areas (1 = the highest ranks, as a deprivation decile's 1 is the most deprived)."""
    return np.ceil(np.asarray(ranks, dtype=float) * groups / n).astype(int)
