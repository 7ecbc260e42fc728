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
