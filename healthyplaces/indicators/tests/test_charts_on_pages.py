"""Issue 13, "Charts": the indicator page and area profiles draw their charts from the figures their tables show.

Positions are checked against the chart's own axis as drawn (its tick labels and where they sit), so a bar or a dot
in the wrong place, or a chart of different numbers than the table's, fails.
"""
import re
import statistics

from healthyplaces.indicators import chart_data
from healthyplaces.indicators.models import IndicatorValue


def _marks(chart, part, of=None):
    return [m for m in chart["marks"] if m["part"] == part and (of is None or m["of"] == of)]


def _axis(chart, along="x"):
    """A function from a number to its position, read from two of the chart's tick labels and grid lines."""
    grid = _marks(chart, "grid")
    (a, pa), (b, pb) = [(float(m["of"].replace(",", "")), m[along + "1"]) for m in (grid[0], grid[-1])]
    return lambda value: pa + (value - a) * (pb - pa) / (b - a)


def test_the_compare_areas_chart_draws_the_tables_rows_against_england(client, imported):
    """Issue 13, Charts: values with confidence-interval bars against a comparator line, on the indicator page."""
    page = client.get("/indicators/99901/?kind=lsoa&period=2019/20")
    rows, chart = page.context["rows"], page.context["compare_chart"]
    at = _axis(chart)
    assert [m["of"] for m in _marks(chart, "bar")] == [r.area_name for r in rows]  # the table's order
    for row in rows:
        bar, ci = _marks(chart, "bar", row.area_name)[0], _marks(chart, "ci", row.area_name)[0]
        assert abs(bar["x"] + bar["width"] - at(row.value)) < 0.2 and abs(bar["x"] - at(0)) < 0.2
        assert abs(ci["x1"] - at(row.lower_ci)) < 0.2 and abs(ci["x2"] - at(row.upper_ci)) < 0.2
        assert bar["cls"].endswith(f"--{row.comparison}")
    england = IndicatorValue.objects.get(indicator__code="99901", area_code="E92000001", period="2019/20")
    assert abs(_marks(chart, "comparator")[0]["x1"] - at(england.value)) < 0.2
    html = page.content.decode()
    assert 'id="compare-chart"' in html and 'href="#value-table"' in html and chart["summary"] in html


def test_too_many_areas_for_a_chart_say_how_to_see_one(client, imported, monkeypatch):
    monkeypatch.setattr(chart_data, "MAX_AREAS", 10)
    page = client.get("/indicators/99901/?kind=lsoa")
    assert page.context["compare_chart"] is None
    assert "The chart is drawn for 10 areas or fewer, and 30 are shown" in page.content.decode()


def test_the_trend_chart_draws_the_trend_tables_periods(client, imported):
    """Issue 13, Charts: trends with intervals, on the indicator page."""
    page = client.get("/indicators/99901/?kind=lsoa&trend=E01012195")
    trend, chart = page.context["trend"], page.context["trend_chart"]
    at = _axis(chart, "y")
    assert [m["of"] for m in _marks(chart, "point")] == [t["period"] for t in trend] == ["2019/20", "2020/21", "2021/22"]
    for t in trend:
        point, ci = _marks(chart, "point", t["period"])[0], _marks(chart, "ci", t["period"])[0]
        assert abs(point["cy"] - at(t["value"].value)) < 0.2
        assert abs(ci["y1"] - at(t["value"].lower_ci)) < 0.2 and abs(ci["y2"] - at(t["value"].upper_ci)) < 0.2
    benchmark = [float(p.split(",")[1]) for p in _marks(chart, "benchmark")[0]["points"].split()]
    assert [abs(y - at(t["benchmark"].value)) < 0.2 for y, t in zip(benchmark, trend)] == [True] * 3
    assert 'id="trend-chart"' in page.content.decode()


def test_the_inequality_chart_draws_each_decile_and_the_fitted_sii_line(client, imported):
    """Issue 13, Charts: the inequality chart, value by deprivation decile with the SII line."""
    page = client.get("/indicators/99901/?kind=lsoa")
    inequality, chart = page.context["inequality"], page.context["inequality_chart"]
    at = _axis(chart, "y")
    for group in inequality.deciles:
        assert abs(_marks(chart, "point", str(group["group"]))[0]["cy"] - at(group["value"])) < 0.2
    # A population-weighted least-squares line passes through the weighted mean at the population's middle (0.5).
    sii = inequality.sii_deciles
    weights = [g["denominator"] for g in inequality.deciles]
    mean = sum(w * g["value"] for w, g in zip(weights, inequality.deciles)) / sum(weights)
    assert abs(sii["intercept"] + sii["value"] / 2 - mean) < 1e-6 * abs(mean)
    line = _marks(chart, "sii")[0]
    assert abs(line["y1"] - at(sii["intercept"])) < 0.2 and abs(line["y2"] - at(sii["intercept"] + sii["value"])) < 0.2
    assert 'id="inequality-chart"' in page.content.decode()


def test_the_lsoa_profile_has_a_spine_chart_of_its_indicators_against_englands_range(client, imported):
    """Issue 13, Charts: a spine chart of an area's indicators against England's range, on area profiles."""
    page = client.get("/places/lsoa/E01012195/")
    html = page.content.decode()
    assert 'id="spine-chart"' in html and 'href="#profile-indicators"' in html
    latest = IndicatorValue.objects.get(indicator__code="99901", area_code="E01012195", period="2021/22")
    held = sorted(IndicatorValue.objects.filter(indicator__code="99901", area_kind="lsoa", period="2021/22")
                  .values_list("value", flat=True))
    q1, _, q3 = statistics.quantiles(held, n=4, method="inclusive")
    england = IndicatorValue.objects.get(indicator__code="99901", area_code="E92000001", period="2021/22").value
    name = latest.indicator.name
    spine = re.search(r'<svg[^>]*id="spine-chart".*?</svg>', html, re.S).group(0)
    assert name.replace(",", "") in spine.replace(",", "")  # the label, in the description and the row
    # The table gives the range the chart draws.
    table = html.split('<table class="govuk-table hp-table--compact" id="profile-indicators">')[1]
    row = re.search(rf"{re.escape(name)}.*?</tr>", table, re.S).group(0)
    assert f"{held[0]:.1f}" in row and f"{q1:.1f} to {q3:.1f}" in row and f"{held[-1]:.1f}" in row
    # Lower is better here, so England's farther end is half the plot and the best LSOA is to the right.
    from healthyplaces.indicators.services import indicators_for_area
    chart, _ = chart_data.spine(indicators_for_area("E01012195"))
    centre = _marks(chart, "centre")[0]["x1"]
    half = max(abs(england - held[0]), abs(held[-1] - england))
    dot = _marks(chart, "point", name)[0]["cx"]
    assert abs(dot - (centre - (latest.value - england) / half * 210)) < 0.2
    spread = _marks(chart, "range", name)[0]
    assert abs(spread["x"] - (centre - (held[-1] - england) / half * 210)) < 0.2
    assert abs(spread["x"] + spread["width"] - (centre - (held[0] - england) / half * 210)) < 0.2


def test_an_area_whose_indicators_have_no_range_says_which_are_not_charted(client, imported):
    html = client.get("/places/local-authority/E06000004/").content.decode()
    assert 'id="spine-chart"' not in html and 'id="spine-left-out"' in html
    assert "Smoking prevalence in adults (18+) (synthetic)" in html.split('id="spine-left-out"')[1].split("</p>")[0]
