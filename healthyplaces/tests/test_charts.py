"""Issue 11, "Tidy: the radar geometry into a charts module" and the radar points of "A first-time user's
pages": the geometry by hand-checked numbers, "Don't know" not drawn as nought, no label cut."""
from healthyplaces import charts


def test_points_go_clockwise_from_the_top_with_the_maximum_on_the_outer_ring():
    # Four axes, radius 100, out of 5: up, right, down, left; 2.5 is half way.
    assert charts.point(0, 5, 4, 100, 5) == (0.0, -100.0)
    assert charts.point(1, 5, 4, 100, 5) == (100.0, 0.0)
    assert charts.point(2, 2.5, 4, 100, 5) == (0.0, 50.0)
    assert charts.point(3, 1, 4, 100, 5) == (-20.0, 0.0)
    # Six axes: axis 1 is 60° clockwise from the top, at 100 × (cos -30°, sin -30°) = (86.6, -50).
    assert charts.point(1, 5, 6, 100, 5) == (86.6, -50.0)


def test_rings_are_drawn_at_every_whole_rating():
    chart = charts.radar(["a", "b", "c", "d"], [], maximum=2, radius=100)
    assert chart["rings"] == ["0.0,-50.0 50.0,0.0 0.0,50.0 -50.0,0.0", "0.0,-100.0 100.0,0.0 0.0,100.0 -100.0,0.0"]


def test_a_not_rated_axis_breaks_the_line_instead_of_pulling_it_to_the_centre():
    """Issue 11: "The radar draws 'Don't know' as zero"."""
    chart = charts.radar(["a", "b", "c", "d"], [charts.Series("Team", [5, None, 5, 1], notes=["", "Don't know", "", ""])],
                         maximum=5, radius=100)
    shape = chart["shapes"][0]
    assert not shape["closed"]
    assert shape["lines"] == ["0.0,100.0 -20.0,0.0 0.0,-100.0"]  # c, d, then round to a; nothing at b
    assert {(d["x"], d["y"]) for d in shape["dots"]} == {(0.0, -100.0), (0.0, 100.0), (-20.0, 0.0)}
    assert [s["note"] for s in chart["spokes"]] == ["", "Don't know", "", ""]
    assert "b: Don't know" in chart["description"] and "a: 5" in chart["description"]


def test_runs_of_rated_axes_go_round_the_chart():
    assert charts.runs([1, 2, 3]) == [[0, 1, 2]]
    assert charts.runs([1, None, 3, None, 5, 6]) == [[2], [4, 5, 0]]
    assert charts.runs([None, None]) == []


def test_a_fully_rated_series_is_a_closed_shape():
    chart = charts.radar(["a", "b", "c"], [charts.Series("x", [5, 5, 5])], maximum=5, radius=100)
    assert chart["shapes"][0]["closed"] and len(chart["shapes"][0]["lines"]) == 1


def test_labels_wrap_between_words_and_are_never_cut():
    """Issue 11: "a theme label is cut at its comma" (and the old chart cut every label at 14 characters)."""
    name = "Working with communities, supporting their development and empowerment"
    lines = charts.wrap(name, 22)
    assert lines == ["Working with", "communities,", "supporting their", "development and", "empowerment"]
    assert " ".join(lines) == name
    assert charts.wrap("Community-based-commissioning and more", 10) == ["Community-based-commissioning", "and more"]


def test_labels_sit_outside_the_ring_and_the_picture_holds_them():
    chart = charts.radar(["Top", "Rights", "Bottom", "Left"], [], maximum=5, radius=100)
    top, right, bottom, left = chart["spokes"]
    assert (top["anchor"], right["anchor"], bottom["anchor"], left["anchor"]) == ("middle", "start", "middle", "end")
    assert top["first"] == -112 - charts.LINE_HEIGHT + charts.FONT_SIZE  # one line, ending 12 above the ring
    assert bottom["first"] == 112 + charts.FONT_SIZE
    # The view box: the left label's box ("Left", 4 × 7.5 = 30 wide from x = -112), the top one's line, and a margin of 8.
    x, y, width, height = (float(v) for v in chart["view_box"].split())
    assert x == -112 - 30 - 8 and y == -112 - charts.LINE_HEIGHT - 8
    assert width == (112 + 6 * 7.5 + 8) - x and height == (112 + charts.LINE_HEIGHT + 8) - y


def test_with_several_series_an_axis_says_how_many_left_it_unrated():
    chart = charts.radar(["a", "b", "c"], [charts.Series("2025", [1, None, 2]), charts.Series("2026", [2, 3, 4])], maximum=5)
    assert [s["note"] for s in chart["spokes"]] == ["", "Not rated in 1 of 2", ""]
    assert [s["closed"] for s in chart["shapes"]] == [False, True]
    assert [s["colour"] for s in chart["shapes"]] == charts.COLOURS[:2]
    assert "2025: a: 1; b: Not rated; c: 2." in chart["description"]


# Issue 13, "Charts": the compare-areas, spine, trend, inequality and contributions charts' geometry, each checked
# against positions worked out by hand from the plot's width (charts.PLOT_WIDTH = 420) and its labels' width.

def _marks(chart, part, of=None):
    return [m for m in chart["marks"] if m["part"] == part and (of is None or m["of"] == of)]


def test_ticks_are_round_numbers_covering_the_figures():
    assert charts.ticks(0, 23.4) == [0, 5, 10, 15, 20, 25]
    assert charts.ticks(73.2, 84.1) == [70, 75, 80, 85]
    assert charts.ticks(-0.3, 1.2) == [-0.5, 0, 0.5, 1, 1.5]
    assert charts.tick_label(0.5, [0, 0.5, 1]) == "0.5" and charts.tick_label(1500, [0, 500]) == "1,500"


def test_compare_areas_bars_and_intervals_sit_on_the_axis_scale():
    """Issue 13, Charts: values with confidence-interval bars against a comparator line."""
    chart = charts.compare_areas([charts.Value("Area A", 10, 8, 12, "similar"), charts.Value("Area B", 20, 15, 25, "worse"),
                                  charts.Value("Area C", None)], comparator=12, comparator_label="England")
    # labels "Area A" are 6 characters: 45 wide, so the plot starts at 55; the ticks run 0..25 over 420.
    bar = _marks(chart, "bar", "Area A")[0]
    assert (bar["x"], bar["width"]) == (55, 168) and bar["cls"].endswith("--similar")
    ci = _marks(chart, "ci", "Area B")[0]
    assert (ci["x1"], ci["x2"]) == (55 + 15 * 420 / 25, 55 + 25 * 420 / 25)
    line = _marks(chart, "comparator")[0]
    assert line["x1"] == line["x2"] == round(55 + 12 * 420 / 25, 1)
    assert _marks(chart, "no-value", "Area C") and not _marks(chart, "bar", "Area C")
    assert chart["summary"] == "3 areas, from 10.0 (Area A) to 20.0 (Area B); compared with England, 1 similar and 1 worse."
    assert "Area B: 20.0 (95% CI 15.0 to 25.0), worse." in chart["description"]


def test_a_negative_value_draws_its_bar_left_of_nought():
    chart = charts.compare_areas([charts.Value("Area A", -5), charts.Value("Area B", 5)])
    zero = 55 + 6 * 420 / 12  # ticks -6..6 by 2
    assert (_marks(chart, "bar", "Area A")[0]["x"], _marks(chart, "bar", "Area A")[0]["width"]) == (55 + 420 / 12, 5 * 35)
    assert _marks(chart, "bar", "Area B")[0]["x"] == zero


def test_spine_centres_england_and_puts_better_to_the_right():
    """Issue 13, Charts: a spine chart of an area's indicators against England's range."""
    low_is_good = charts.SpineRow("Smoking", 7, england=10, lowest=4, q1=8, q3=11, highest=13, higher_is_better=False,
                                  comparison="better")
    high_is_good = charts.SpineRow("Healthy", 12, england=10, lowest=6, q1=9, q3=11, highest=12, higher_is_better=True)
    chart = charts.spine([low_is_good, high_is_good])
    left = 7 * 7.5 + 18  # "Smoking" and "Healthy" are 7 characters, then room for a dot
    centre = left + 210
    # Smoking: the farther end is 6 from England (4), so 6 is half the plot; lower is better, so 4 is at the right edge.
    assert _marks(chart, "point", "Smoking")[0]["cx"] == centre + 3 / 6 * 210
    spread = _marks(chart, "range", "Smoking")[0]
    assert (spread["x"], spread["width"]) == (centre - 3 / 6 * 210, 9 / 6 * 210)
    middle = _marks(chart, "quartiles", "Smoking")[0]
    assert (middle["x"], middle["width"]) == (centre - 1 / 6 * 210, 3 / 6 * 210)
    # Healthy: half the plot is 4 (10 - 6); higher is better, so its best area (12) is right of centre.
    assert _marks(chart, "point", "Healthy")[0]["cx"] == centre + 2 / 4 * 210
    assert _marks(chart, "centre")[0]["x1"] == centre
    assert chart["summary"] == "2 indicators against the range of England's areas; compared with England, 1 better."


def test_trend_places_periods_evenly_with_their_intervals_and_the_benchmark():
    """Issue 13, Charts: trends with intervals."""
    chart = charts.trend([charts.Value("2019", 12, 10, 14, "similar"), charts.Value("2020", None),
                          charts.Value("2021", 16, 15, 17, "worse")], [13, 13, 14], label="Stockton", benchmark_label="England")
    left = 2 * 7.5 + 14  # tick labels 10 .. 18 are two characters
    top, bottom = 2 * charts.LINE_HEIGHT, 2 * charts.LINE_HEIGHT + 240  # ticks 10..18 by 2

    def y(v):
        return round(bottom - (v - 10) * 240 / 8, 1)

    point = _marks(chart, "point", "2021")[0]
    assert (point["cx"], point["cy"]) == (left + 140 * 2.5, y(16))
    ci = _marks(chart, "ci", "2019")[0]
    assert (ci["x1"], ci["y1"], ci["y2"]) == (left + 70, y(10), y(14))
    assert [m["points"] for m in _marks(chart, "benchmark")] == [
        f"{left + 70},{y(13)} {left + 210},{y(13)} {left + 350},{y(14)}"]
    assert _marks(chart, "line") == []  # 2020 has no value, so no two neighbouring periods are joined
    assert chart["summary"] == "Stockton: 12.0 in 2019 and 16.0 in 2021; England 13.0 and 14.0."


def test_inequality_places_groups_by_population_and_draws_the_sii_line():
    """Issue 13, Charts: the inequality chart (value by deprivation decile with the SII line)."""
    chart = charts.inequality([charts.Value("1", 70, 69, 71, weight=100), charts.Value("2", 80, 79, 81, weight=300)],
                              sii={"value": 12, "lower": 10, "upper": 14, "intercept": 68})
    left = 2 * 7.5 + 14  # figures 68..81, so ticks 65..85 by 5
    bottom = 2 * charts.LINE_HEIGHT + 240

    def y(v):
        return round(bottom - (v - 65) * 240 / 20, 1)

    assert _marks(chart, "point", "1")[0]["cx"] == left + 0.125 * 420  # the middle of the first quarter
    assert _marks(chart, "point", "2")[0]["cx"] == left + 0.625 * 420
    line = _marks(chart, "sii")[0]
    assert (line["x1"], line["y1"], line["x2"], line["y2"]) == (left, y(68), left + 420, y(80))
    assert "slope index of inequality is 12.0 (95% CI 10.0 to 14.0)" in chart["summary"]


def test_contributions_go_right_when_positive_and_left_when_negative():
    """Issue 13, Charts: the bar chart of contributions for the gap decomposition."""
    chart = charts.contributions([charts.Value("Cancer", 1.5), charts.Value("Injury", -0.5)])
    left = 6 * 7.5 + 10
    zero = left + 0.5 * 420 / 2  # ticks -0.5..1.5
    cancer, injury = _marks(chart, "bar", "Cancer")[0], _marks(chart, "bar", "Injury")[0]
    assert (cancer["x"], cancer["width"], cancer["cls"]) == (zero, 1.5 * 210, "hp-chart__bar hp-chart__bar--positive")
    assert (injury["x"], injury["width"], injury["cls"]) == (left, 0.5 * 210, "hp-chart__bar hp-chart__bar--negative")
    assert chart["summary"] == "The gap, 1.00 years, is the sum of 2 contributions; the largest is Cancer (+1.50 years)."


def test_the_chart_include_escapes_text_from_data():
    from django.template.loader import render_to_string
    chart = charts.compare_areas([charts.Value("<b>Area</b>", 10, 8, 12)], comparator=9, comparator_label="England")
    html = render_to_string("includes/chart.html", {"chart": chart, "chart_id": "c", "chart_title": "T", "table_id": "t"})
    assert "<b>Area</b>" not in html and "&lt;b&gt;Area&lt;/b&gt;" in html
    assert 'class="hp-chart__bar hp-chart__bar--plain"' in html and "style=" not in html
