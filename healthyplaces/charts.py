"""Charts drawn on the server as SVG, so they need no script; each page gives a chart a title, a
description and a table of the same figures (templates/includes/radar.html).

Pure functions: numbers and words in, coordinates and lines of text out. The picture is drawn around
(0, 0); its `view_box` is whatever the rings and labels need, so no label is ever cut to fit.
"""
import math
from dataclasses import dataclass, field

COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#912b88", "#28a197"]
FONT_SIZE = 14
LINE_HEIGHT = 17
CHAR_WIDTH = 7.5  # an average character at FONT_SIZE, to size a label's box
LABEL_CHARS = 22  # a label's lines are at most this long, but a word is never split
LABEL_GAP = 12  # between the outer ring and its label
MARGIN = 8


@dataclass
class Series:
    """One team's (or year's) ratings: a number per axis, or None where it is not rated, with `notes`
    saying why per axis ("Don't know", "Not applicable"; "Not rated" if none given)."""
    name: str
    values: list
    colour: str = ""
    notes: list = field(default_factory=list)

    def note(self, i):
        return (self.notes[i] if i < len(self.notes) else "") or "Not rated"


def wrap(text, width=LABEL_CHARS):
    """The text in lines of at most `width` characters, broken between words only (a longer word stands alone)."""
    lines = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def point(i, value, n, radius, maximum):
    """Where `value` sits on axis i of n: axis 0 straight up, the others clockwise; `maximum` on the outer ring."""
    angle = -math.pi / 2 + 2 * math.pi * i / n
    r = radius * value / maximum
    return round(r * math.cos(angle), 1) + 0.0, round(r * math.sin(angle), 1) + 0.0  # + 0.0: no "-0.0"


def runs(values):
    """The unbroken runs of rated axes, in order round the chart: a missing value breaks the line there
    rather than pulling it to the centre as if it were nought. All rated: one run, closed."""
    n = len(values)
    missing = [i for i, v in enumerate(values) if v is None]
    if not missing:
        return [list(range(n))]
    start = missing[0] + 1
    out, current = [], []
    for step in range(n):
        i = (start + step) % n
        if values[i] is None:
            if current:
                out.append(current)
            current = []
        else:
            current.append(i)
    if current:
        out.append(current)
    return out


def label_box(x, y, lines):
    """A label's anchor, first baseline and box, placed outside the ring at (x, y): above a point at the
    top, below one at the bottom, beside one at the sides."""
    width = max((len(line) for line in lines), default=0) * CHAR_WIDTH
    height = len(lines) * LINE_HEIGHT
    radius = math.hypot(x, y) or 1
    across, down = x / radius, y / radius
    anchor = "middle" if abs(across) < 0.3 else ("start" if across > 0 else "end")
    left = {"middle": x - width / 2, "start": x, "end": x - width}[anchor]
    top = y - height if down < -0.3 else (y if down > 0.3 else y - height / 2)
    return {"anchor": anchor, "x": x, "first": round(top + FONT_SIZE, 1), "box": (left, top, left + width, top + height)}


def radar(axes, series, maximum=5, radius=150):
    """A radar of `series` over `axes` (the criteria's names, in full) with rings at 1..maximum.

    Each series is drawn as a closed shape where every axis is rated, else as lines between neighbouring
    rated axes, and an axis that a series leaves unrated says so under its name.
    """
    n = max(len(axes), 3)
    rings = [" ".join("{},{}".format(*point(i, level, n, radius, maximum)) for i in range(n)) for level in range(1, maximum + 1)]
    edges = [(-radius, -radius, radius, radius)]
    spokes = []
    for i, name in enumerate(axes):
        unrated = [s for s in series if i < len(s.values) and s.values[i] is None]
        lines = wrap(name)
        if unrated:
            lines.append(unrated[0].note(i) if len(series) == 1 else f"Not rated in {len(unrated)} of {len(series)}")
        x, y = point(i, maximum, n, radius, maximum)
        lx, ly = point(i, maximum, n, radius + LABEL_GAP, maximum)
        label = label_box(lx, ly, lines)
        edges.append(label["box"])
        spokes.append({"x": x, "y": y, "anchor": label["anchor"], "lx": label["x"], "first": label["first"],
                       "lines": lines[:-1] if unrated else lines, "note": lines[-1] if unrated else ""})
    shapes = []
    for k, s in enumerate(series):
        points = {i: point(i, v, n, radius, maximum) for i, v in enumerate(s.values) if v is not None}
        parts = runs(s.values) if points else []
        closed = len(parts) == 1 and len(parts[0]) == len(s.values)
        shapes.append({"name": s.name, "colour": s.colour or COLOURS[k % len(COLOURS)], "closed": closed,
                       "lines": [" ".join("{},{}".format(*points[i]) for i in run) for run in parts],
                       "dots": [{"x": x, "y": y} for x, y in points.values()]})
    left = min(e[0] for e in edges) - MARGIN
    top = min(e[1] for e in edges) - MARGIN
    width = max(e[2] for e in edges) + MARGIN - left
    height = max(e[3] for e in edges) + MARGIN - top
    return {"view_box": f"{left:.0f} {top:.0f} {width:.0f} {height:.0f}", "width": round(width), "height": round(height),
            "rings": rings, "spokes": spokes, "shapes": shapes, "line_height": LINE_HEIGHT, "font_size": FONT_SIZE,
            "description": describe(axes, series, maximum), "unrated": any(spoke["note"] for spoke in spokes)}


def describe(axes, series, maximum):
    """The chart in words, for the SVG's description: every rating of every series, or why there is none."""
    said = [f"Ratings out of {maximum} on {len(axes)} criteria."]
    for s in series:
        ratings = "; ".join(f"{axis}: {s.note(i) if i >= len(s.values) or s.values[i] is None else s.values[i]}"
                            for i, axis in enumerate(axes))
        said.append(f"{s.name}: {ratings}.")
    return " ".join(said)
