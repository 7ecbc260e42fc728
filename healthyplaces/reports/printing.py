"""Charts made printable: WeasyPrint paints an SVG by its attributes (fill, stroke), not by a style sheet's
classes, so each mark of a healthyplaces.charts chart gets the paint that site.css gives its classes."""

# The same colours as site.css's .hp-chart__* rules.
PAINT = {
    "hp-chart__label": {"fill": "#0b0c0c"},
    "hp-chart__note": {"fill": "#505a5f"},
    "hp-chart__grid": {"stroke": "#e5e6e7", "stroke_width": "1"},
    "hp-chart__axis": {"stroke": "#505a5f", "stroke_width": "1"},
    "hp-chart__tick-label": {"fill": "#505a5f"},
    "hp-chart__bar": {"stroke": "#0b0c0c", "stroke_width": "0.5"},
    "hp-chart__bar--plain": {"fill": "#1d70b8"}, "hp-chart__point--plain": {"fill": "#1d70b8"},
    "hp-chart__bar--better": {"fill": "#00703c"}, "hp-chart__point--better": {"fill": "#00703c"},
    "hp-chart__bar--similar": {"fill": "#ffdd00"}, "hp-chart__point--similar": {"fill": "#ffdd00"},
    "hp-chart__bar--worse": {"fill": "#d4351c"}, "hp-chart__point--worse": {"fill": "#d4351c"},
    "hp-chart__bar--higher": {"fill": "#1d70b8"}, "hp-chart__point--higher": {"fill": "#1d70b8"},
    "hp-chart__bar--lower": {"fill": "#5694ca"}, "hp-chart__point--lower": {"fill": "#5694ca"},
    "hp-chart__bar--not_compared": {"fill": "#b1b4b6"}, "hp-chart__point--not_compared": {"fill": "#b1b4b6"},
    "hp-chart__point": {"stroke": "#0b0c0c", "stroke_width": "1"},
    "hp-chart__ci": {"stroke": "#0b0c0c", "stroke_width": "1.5"},
    "hp-chart__comparator": {"stroke": "#0b0c0c", "stroke_width": "2"},
    "hp-chart__centre": {"stroke": "#0b0c0c", "stroke_width": "2"},
    "hp-chart__zero": {"stroke": "#0b0c0c", "stroke_width": "1"},
    "hp-chart__line": {"fill": "none", "stroke": "#1d70b8", "stroke_width": "2"},
    "hp-chart__benchmark": {"fill": "none", "stroke": "#0b0c0c", "stroke_width": "2", "stroke_dasharray": "6 4"},
    "hp-chart__sii": {"stroke": "#d4351c", "stroke_width": "2", "stroke_dasharray": "8 4"},
    "hp-chart__range": {"fill": "#dee0e2", "stroke": "none"},
    "hp-chart__quartiles": {"fill": "#8e9397", "stroke": "none"},
}
TEXT = {"fill": "#0b0c0c"}  # any other label


def paint(classes, shape=""):
    """The attributes for a mark's classes (later classes win, as in site.css's order)."""
    found = dict(TEXT) if shape == "text" else {}
    for name in (classes or "").split():
        found.update(PAINT.get(name, {}))
    return found


def printable(chart):
    """The chart with each mark's and legend item's paint beside its classes (templates/reports/_chart.html)."""
    if chart is None:
        return None
    marks = [{**mark, "paint": paint(mark.get("cls"), mark.get("shape"))} for mark in chart["marks"]]
    legend = [{**item, "paint": paint(("hp-chart__bar " if not item.get("line") else "") + item["cls"]
                                      + (" hp-chart__point" if item.get("dot") else ""))} for item in chart["legend"]]
    return {**chart, "marks": marks, "legend": legend}
