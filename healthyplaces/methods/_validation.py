"""Input checks shared by the methods.

Every failure is a ``ValueError`` whose message names the method, the column
and, where the problem sits in particular rows, the first offending group and
row, so a bad file can be fixed without a debugger.
"""
from collections.abc import Iterable

import numpy as np
import pandas as pd


def as_list(by) -> list[str]:
    """``None``, one column name or several, as a list."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def require_columns(data: pd.DataFrame, columns: Iterable[str], method: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{method}: data must be a pandas DataFrame, not {type(data).__name__}")
    if len(data.index) == 0:
        raise ValueError(f"{method}: data has no rows")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise ValueError(f"{method}: missing column(s) {names}; the data has {list(data.columns)}")


def describe_row(data: pd.DataFrame, by: list[str], i: int) -> str:
    """'group area='E1' (row 7)' for the i-th row (position) of ``data``.

    The row is labelled by the frame's index, called by the index's name when
    it has one (the command line names it 'line').
    """
    label = f"{data.index.name or 'row'} {data.index[i]}"
    if not by:
        return label
    row = data.iloc[i]
    group = ", ".join(f"{c}={row[c]!r}" for c in by)
    return f"group {group} ({label})"


def fail_rows(mask, data: pd.DataFrame, by: list[str], column: str, problem: str, method: str) -> None:
    """Raise naming the first row where ``mask`` holds."""
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        i = int(np.argmax(mask))
        raise ValueError(
            f"{method}: column {column!r} {problem} in {describe_row(data, by, i)}"
        )


def numeric_column(data: pd.DataFrame, column: str, by: list[str], method: str,
                   allow_missing: bool = True) -> np.ndarray:
    """The column as float64, refusing text and (optionally) blanks."""
    series = data[column]
    if series.dtype.kind in "iuf":
        values = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        converted = pd.to_numeric(series, errors="coerce")
        if series.dtype.kind == "b":  # True/False are not counts
            bad = np.ones(len(series), dtype=bool)
        else:
            bad = converted.isna().to_numpy() & series.notna().to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(
                f"{method}: column {column!r} must be numeric; found {series.iloc[i]!r} "
                f"in {describe_row(data, by, i)}"
            )
        values = converted.to_numpy(dtype=float, na_value=np.nan)
    if not allow_missing:
        fail_rows(np.isnan(values), data, by, column, "has a missing value", method)
    return values


def parse_confidence(confidence, method: str, allow_none: bool = False,
                     any_levels: bool = False) -> tuple[float, ...]:
    """Confidence levels as fractions, by the reference package's rules.

    Each level must lie in [0.9, 1] or [90, 100] (percentages are scaled).
    Two levels are allowed only as 0.95 and 0.998, unless ``any_levels``
    (life expectancy and SII take any number of levels).
    """
    if confidence is None:
        if allow_none:
            return ()
        raise ValueError(f"{method}: confidence is required")
    levels = [confidence] if np.isscalar(confidence) else list(confidence)
    if not levels or not all(isinstance(c, (int, float, np.number)) and not isinstance(c, bool)
                             for c in levels):
        raise ValueError(f"{method}: confidence must be a number or numbers, got {confidence!r}")
    if not any_levels and len(levels) > 2:
        raise ValueError(f"{method}: a maximum of two confidence levels can be provided")
    for c in levels:
        if not (0.9 <= c <= 1 or 90 <= c <= 100):
            raise ValueError(
                f"{method}: confidence level must be between 90 and 100 or between 0.9 and 1, got {c}"
            )
    levels = tuple(float(c) / 100 if c >= 90 else float(c) for c in levels)
    if not any_levels and len(levels) == 2 and levels != (0.95, 0.998):
        raise ValueError(f"{method}: two confidence levels can only be produced if they are 0.95 and 0.998")
    return levels


def band_starts(data: pd.DataFrame, column: str, by: list[str], method: str) -> np.ndarray:
    """Start age of each age band: the number itself, or the first number in a label ('5-9' -> 5)."""
    series = data[column]
    if series.dtype.kind in "iuf":
        starts = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        # few distinct labels: parse each once
        codes, labels = pd.factorize(series.to_numpy())
        numbers = pd.to_numeric(pd.Series(labels).astype(str).str.extract(r"(\d+)", expand=False),
                                errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        starts = np.where(codes >= 0, numbers[codes], np.nan)
    fail_rows(np.isnan(starts) | (starts != np.floor(starts)), data, by, column,
              "must hold age bands given by their start age (0, 5, ... or '5-9')", method)
    return starts.astype(int)


def by_position(vector, codes: np.ndarray, position: np.ndarray, data: pd.DataFrame,
                by: list[str], name: str, method: str) -> np.ndarray:
    """Spread a vector over each group's rows by position (row k of a group gets vector[k]).

    Every group must have exactly one row per element, in the vector's order.
    """
    vector = np.asarray(vector, dtype=float)
    rows = np.bincount(codes)[codes]
    wrong = rows != len(vector)
    if wrong.any():
        i = int(np.argmax(wrong))
        raise ValueError(f"{method}: {describe_row(data, by, i)} has {rows[i]} rows but {name} "
                         f"has {len(vector)} values (one per row, in order)")
    return vector[position]
