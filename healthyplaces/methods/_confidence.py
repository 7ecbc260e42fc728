"""Confidence limits shared by the methods, and the naming of their columns.

All functions take and return numpy arrays (or scalars) and are vectorised.
``confidence`` is a fraction (0.95), already checked by ``parse_confidence``.
"""
import numpy as np
from scipy.special import gammaincinv, ndtri


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile: 1.959964 for 0.95."""
    return float(ndtri(confidence + (1 - confidence) / 2))


def byars_lower(x, confidence: float):
    """Byar's approximation to the lower Poisson limit of a count.

    Missing (NaN) where the approximation goes negative (very small counts at
    high confidence), as the reference package does.
    """
    x = np.asarray(x, dtype=float)
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
    return np.where(lower < 0, np.nan, lower)


def byars_upper(x, confidence: float):
    x = np.asarray(x, dtype=float) + 1
    z = z_value(confidence)
    return x * (1 - 1 / (9 * x) + z / (3 * np.sqrt(x))) ** 3


def exact_lower(x, confidence: float):
    """Exact Poisson lower limit: qchisq((1 - c)/2, 2x)/2, i.e. a gamma quantile; 0 for x = 0."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore"):
        lower = gammaincinv(x, (1 - confidence) / 2)
    return np.where(x == 0, 0.0, lower)


def exact_upper(x, confidence: float):
    """Exact Poisson upper limit: qchisq(c + (1 - c)/2, 2x + 2)/2."""
    x = np.asarray(x, dtype=float)
    return gammaincinv(x + 1, confidence + (1 - confidence) / 2)


def poisson_lower(x, confidence: float):
    """Exact below 10 events, Byar's from 10 (the reference package's switch)."""
    x = np.asarray(x, dtype=float)
    lower = byars_lower(x, confidence)
    small = x < 10
    lower[small] = exact_lower(x[small], confidence)  # the exact limits are the slow ones
    return lower


def poisson_upper(x, confidence: float):
    x = np.asarray(x, dtype=float)
    upper = byars_upper(x, confidence)
    small = x < 10
    upper[small] = exact_upper(x[small], confidence)
    return upper


def poisson_method(x) -> np.ndarray:
    """'Exact' below 10 events, 'Byars' from 10, missing where the count is."""
    x = np.asarray(x, dtype=float)
    method = np.where(x < 10, "Exact", "Byars").astype(object)
    method[np.isnan(x)] = None
    return method


def wilson_lower(x, n, confidence: float):
    """Wilson score lower limit of the proportion x/n (0 at confidence 1)."""
    if confidence == 1:
        return np.zeros(np.broadcast(x, n).shape)
    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    z = z_value(confidence)
    return (2 * x + z**2 - z * np.sqrt(z**2 + 4 * x * (1 - x / n))) / 2 / (n + z**2)


def wilson_upper(x, n, confidence: float):
    if confidence == 1:
        return np.ones(np.broadcast(x, n).shape)
    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    z = z_value(confidence)
    return (2 * x + z**2 + z * np.sqrt(z**2 + 4 * x * (1 - x / n))) / 2 / (n + z**2)


def ci_names(levels) -> list[tuple[str, str]]:
    """Column names: lowercl/uppercl for one level, lower95_0cl/upper95_0cl... for several."""
    if len(levels) == 1:
        return [("lowercl", "uppercl")]
    tags = [f"{c * 100:.1f}".replace(".", "_") for c in levels]
    return [(f"lower{t}cl", f"upper{t}cl") for t in tags]


def confidence_label(levels) -> str:
    """'95%' or '95%, 99.8%', as the reference package writes it."""
    return ", ".join(f"{c * 100:.15g}%" for c in levels)


def number_label(number) -> str:
    """A multiplier written without scientific notation: 100000, 0.5."""
    number = float(number)
    return str(int(number)) if number.is_integer() else f"{number:.15g}"
