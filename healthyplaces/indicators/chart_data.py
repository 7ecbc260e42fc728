"""The indicator pages' charts: the figures their tables show, handed to healthyplaces.charts in the same order."""
import numpy as np

from healthyplaces import charts

from .models import IndicatorValue, Polarity, ValueType

MAX_AREAS = 60  # more bars than this cannot be read; the table and the map still show every area


def _unit(indicator):
    """The axis's title: what the values are, where the indicator says ("Other (as published)" says nothing)."""
    return "" if indicator.value_type == ValueType.OTHER else indicator.get_value_type_display()


def compare_areas(indicator, rows, benchmark):
    """The values by area against the benchmark, as the table lists them: (chart, None), or (None, why not)."""
    if not rows:
        return None, ""
    if len(rows) > MAX_AREAS:
        return None, (f"The chart is drawn for {MAX_AREAS} areas or fewer, and {len(rows):,} are shown: choose a local "
                      "authority under \u201cWithin local authority\u201d to chart its areas.")
    values = [charts.Value(r.area_name, r.value, r.lower_ci, r.upper_ci, r.comparison) for r in rows]
    against = f", against {benchmark.area_name}" if benchmark else ""
    return charts.compare_areas(values, benchmark.value if benchmark else None, benchmark.area_name if benchmark else "",
                                _unit(indicator),
                                title=f"{indicator.name}: values by area with 95% confidence intervals{against}"), None


def trend(indicator, trend_rows, area_name, benchmark_name):
    """The trend table's periods: the area's values, intervals and comparisons, and its benchmark's line."""
    if not trend_rows:
        return None
    values = [charts.Value(t["period"], t["value"].value if t["value"] else None,
                           t["value"].lower_ci if t["value"] else None, t["value"].upper_ci if t["value"] else None,
                           t["comparison"]) for t in trend_rows]
    benchmark = [t["benchmark"].value if t["benchmark"] else None for t in trend_rows]
    return charts.trend(values, benchmark, area_name, benchmark_name or "Benchmark", _unit(indicator),
                        title=f"{indicator.name}: {area_name} over time, with 95% confidence intervals")


def inequality(indicator, groups, sii, level):
    """The inequality table's groups (1 = most deprived), each as wide as its denominator, with the SII line."""
    if not groups:
        return None
    values = [charts.Value(str(g["group"]), g["value"], g["lower"], g["upper"], weight=g["denominator"]) for g in groups]
    return charts.inequality(values, sii, level, _unit(indicator),
                             title=f"{indicator.name} by deprivation {level}, with the slope index of inequality")


def england_range(value):
    """The lowest, 25th and 75th percentiles and highest of the areas of the same kind as `value`'s area, for the
    same indicator, sex, age and period (None with fewer than four such areas: no range to speak of)."""
    held = np.array(IndicatorValue.objects.filter(
        indicator_id=value.indicator_id, area_kind=value.area_kind, sex=value.sex, age=value.age, period=value.period,
        category_type="", value__isnull=False).values_list("value", flat=True), dtype=float)
    if len(held) < 4:
        return None
    lowest, q1, q3, highest = np.percentile(held, [0, 25, 75, 100])
    return {"lowest": float(lowest), "q1": float(q1), "q3": float(q3), "highest": float(highest), "areas": len(held)}


def spine(rows):
    """The area's indicators against England's value and the range of England's areas of its kind: the rows
    it can place (a value for England and a range) get `range` for the table; (chart or None, rows left out)."""
    placed, left_out = [], []
    for row in rows:
        row["range"] = england_range(row["value"]) if row["england"] and row["england"].value is not None else None
        if row["range"] is None:
            left_out.append(row["value"].indicator.name)
            continue
        polarity = row["value"].indicator.polarity
        placed.append(charts.SpineRow(
            row["value"].indicator.name, row["value"].value, row["england"].value, row["range"]["lowest"],
            row["range"]["q1"], row["range"]["q3"], row["range"]["highest"],
            None if polarity == Polarity.NO_JUDGEMENT else polarity == Polarity.HIGH_IS_GOOD, row["comparison"]))
    return (charts.spine(placed, against="England", title="Each indicator against England's range") if placed else None,
            left_out)


