"""Shared helpers: the reference fixtures (copied into the repository) and the
reference package's way of comparing numbers."""
from pathlib import Path

import numpy as np
import pandas as pd

REFERENCE = Path(__file__).parent / "data" / "pheindicatormethods"

#: testthat's default tolerance, sqrt(machine epsilon)
TOLERANCE = 1.4901161193847656e-08


def reference_csv(name: str, **kwargs) -> pd.DataFrame:
    """A fixture file; sheets of the upstream workbooks are under csv_from_xlsx/."""
    path = REFERENCE / name
    if not path.exists():
        path = REFERENCE / "csv_from_xlsx" / name
    return pd.read_csv(path, encoding="utf-8-sig", **kwargs)


def assert_matches(actual: pd.DataFrame, expected: pd.DataFrame, columns=None,
                   tolerance: float = TOLERANCE) -> int:
    """Compare column by column as testthat 3 (waldo) does; return the rows compared.

    Numbers: missing in the same places, and mean |actual - expected| /
    mean |expected| below ``tolerance`` (absolute when the expected values
    are ~0). Text: equal. ``columns`` maps actual names to expected names
    (or lists names common to both); rows are compared by position.
    """
    if columns is None:
        columns = list(expected.columns)
    if not isinstance(columns, dict):
        columns = {c: c for c in columns}
    assert len(actual) == len(expected), f"{len(actual)} rows, expected {len(expected)}"
    for mine, theirs in columns.items():
        a, e = actual[mine].reset_index(drop=True), expected[theirs].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(e) and not pd.api.types.is_bool_dtype(e):
            a = a.astype(float).to_numpy()
            e = e.astype(float).to_numpy()
            assert np.array_equal(np.isnan(a), np.isnan(e)), f"{mine}: missing values differ\n{a}\n{e}"
            a, e = a[~np.isnan(e)], e[~np.isnan(e)]
            if len(e) == 0:
                continue
            difference = np.mean(np.abs(a - e))
            scale = np.mean(np.abs(e))
            if np.isfinite(scale) and scale > tolerance:
                difference /= scale
            assert difference < tolerance, f"{mine}: relative difference {difference:.3g}\n{a}\n{e}"
        else:
            a = a.astype(object).where(a.notna(), None).tolist()
            e = e.astype(object).where(e.notna(), None).tolist()
            assert a == e, f"{mine}: {a} != {e}"
    return len(expected)
