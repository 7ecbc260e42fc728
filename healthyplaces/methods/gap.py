"""The gap between two groups' values (the least and the most deprived), with a 95% confidence interval.

Each group's standard error comes from its own 95% interval (upper - lower = 2 x 1.96 x SE); the gap's
interval is the difference plus or minus 1.96 x sqrt(SE1^2 + SE2^2), as for any two independent estimates.
"""
import math

Z95 = 1.959963984540054


def _standard_error(group):
    return (group["upper"] - group["lower"]) / (2 * Z95)


def gap(most, least):
    """Least minus most deprived: {"value", "lower", "upper"}; None when either group or value is missing.

    Each group is a mapping (or anything indexable by name) with "value", "lower" and "upper"."""
    if most is None or least is None or None in (most["value"], least["value"]):
        return None
    difference = least["value"] - most["value"]
    spread = Z95 * math.sqrt(_standard_error(most) ** 2 + _standard_error(least) ** 2)
    return {"value": difference, "lower": difference - spread, "upper": difference + spread}
