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


# Charts of figures with confidence intervals: compare areas, spine, trend, inequality and contributions.
#
# Each function takes plain numbers and words and returns the picture as `marks` (rectangles, lines, circles,
# polylines and text, each with a CSS class from site.css and, for tests and tools, the `part` it draws and the
# label it is `of`), drawn by templates/includes/chart.html, with its `title`, a one-sentence `summary` shown under
# it and a `description` that says every figure. The page puts the same figures in a table (`table_id`).

PLOT_WIDTH = 420  # the drawing area of a chart, between its labels
ROW_HEIGHT = 26  # one row of a horizontal chart (an area, an indicator, a cause)
BAR_HEIGHT = 14
CAP = 4  # half the height of a confidence interval's end caps
ROW_LABEL_CHARS = 30
PLOT_HEIGHT = 240  # a vertical chart's drawing area (trend, inequality)
TICKS = 5


@dataclass
class Value:
    """One figure: its label, value and 95% limits (None where not held), and how it compares with the
    benchmark (better, similar, worse, higher, lower, not_compared: a CSS modifier; "" when not compared).
    `weight` is a group's population, for the inequality chart."""
    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    comparison: str = ""
    weight: float | None = None


@dataclass
class SpineRow:
    """One indicator of an area on a spine chart: its value and England's, and the range of England's areas
    (lowest, 25th and 75th percentiles, highest). `higher_is_better` is None where the indicator has no polarity."""
    label: str
    value: float | None
    england: float
    lowest: float
    q1: float
    q3: float
    highest: float
    higher_is_better: bool | None = None
    comparison: str = ""


@dataclass
class Scale:
    """Numbers from low..high onto positions start..end (end may be smaller than start: a y axis grows upwards)."""
    low: float
    high: float
    start: float
    end: float

    def __call__(self, number):
        span = (self.high - self.low) or 1
        return round(self.start + (number - self.low) * (self.end - self.start) / span, 1) + 0.0


def ticks(low, high, count=TICKS):
    """Round numbers (steps of 1, 2 or 5 times a power of ten) from at or below `low` to at or above `high`."""
    if high < low:
        low, high = high, low
    if high == low:
        low, high = (low - 1, high + 1) if low == 0 else (low - abs(low) / 10, high + abs(high) / 10)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]


def number(value, decimals=1):
    """A figure as the tables show it: thousands separated, `decimals` places; a dash where there is none."""
    return "–" if value is None else f"{value:,.{decimals}f}"


def tick_label(value, all_ticks):
    """A tick's number with as many decimals as the step between ticks needs (a step is 1, 2 or 5 times 10^k)."""
    step = all_ticks[1] - all_ticks[0] if len(all_ticks) > 1 else 1
    return f"{value:,.{max(0, -math.floor(math.log10(step) + 1e-9))}f}"


def _figures(values):
    """Every number a chart must show: values and limits."""
    return [n for v in values for n in (v.value, v.lower, v.upper) if n is not None]


def _interval(values):
    """'12.3 (95% CI 10.1 to 14.5)', or the value alone, or 'no value'."""
    if values.value is None:
        return "no value"
    if values.lower is None or values.upper is None:
        return number(values.value)
    return f"{number(values.value)} (95% CI {number(values.lower)} to {number(values.upper)})"


def _mark(shape, part, of="", cls="", **geometry):
    return {"shape": shape, "part": part, "of": of, "cls": cls or f"hp-chart__{part}", **geometry}


def _text(part, x, y, lines, anchor="middle", of="", cls="hp-chart__label"):
    if isinstance(lines, str):
        lines = [lines]
    return _mark("text", part, of, cls, x=round(x, 1) + 0.0, y=round(y, 1) + 0.0, lines=lines, anchor=anchor)


def _horizontal_ci(of, x1, x2, y):
    """A confidence interval along a row: its line and two end caps."""
    return [_mark("line", "ci", of, x1=x1, y1=y, x2=x2, y2=y),
            _mark("line", "ci-cap", of, "hp-chart__ci", x1=x1, y1=y - CAP, x2=x1, y2=y + CAP),
            _mark("line", "ci-cap", of, "hp-chart__ci", x1=x2, y1=y - CAP, x2=x2, y2=y + CAP)]


def _vertical_ci(of, x, y1, y2):
    return [_mark("line", "ci", of, x1=x, y1=y1, x2=x, y2=y2),
            _mark("line", "ci-cap", of, "hp-chart__ci", x1=x - CAP, y1=y1, x2=x + CAP, y2=y1),
            _mark("line", "ci-cap", of, "hp-chart__ci", x1=x - CAP, y1=y2, x2=x + CAP, y2=y2)]


def _rows(labels, top):
    """Each row's wrapped label, top, height and middle, and the width the labels need."""
    rows, y = [], top
    for label in labels:
        lines = wrap(label, ROW_LABEL_CHARS) or [""]
        height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 8)
        rows.append({"label": label, "lines": lines, "top": y, "height": height, "middle": y + height / 2})
        y += height
    width = max((len(line) for r in rows for line in r["lines"]), default=0) * CHAR_WIDTH
    return rows, y, width


def _row_label(row, x):
    """A row's label, right-aligned at x and centred on the row, line by line."""
    first = row["middle"] - (len(row["lines"]) - 1) * LINE_HEIGHT / 2 + FONT_SIZE / 3
    return _text("row-label", x, first, row["lines"], "end", row["label"])


def _x_axis(scale, all_ticks, top, bottom, title=""):
    """Grid lines up the plot and the tick labels under it, with the axis's title below."""
    marks = []
    for t in all_ticks:
        x = scale(t)
        marks.append(_mark("line", "grid", tick_label(t, all_ticks), x1=x, y1=top, x2=x, y2=bottom))
        marks.append(_text("tick-label", x, bottom + FONT_SIZE + 4, tick_label(t, all_ticks), "middle",
                           cls="hp-chart__tick-label"))
    marks.append(_mark("line", "axis", x1=scale.start, y1=bottom, x2=scale.end, y2=bottom))
    if title:
        marks.append(_text("axis-title", (scale.start + scale.end) / 2, bottom + FONT_SIZE * 2 + 10, title))
    return marks, bottom + FONT_SIZE * 2 + 10 + (LINE_HEIGHT if title else 0)


def _y_axis(scale, all_ticks, left, right, title=""):
    """Grid lines across the plot and the tick labels left of it; the title above them."""
    marks = []
    for t in all_ticks:
        y = scale(t)
        marks.append(_mark("line", "grid", tick_label(t, all_ticks), x1=left, y1=y, x2=right, y2=y))
        marks.append(_text("tick-label", left - 6, y + FONT_SIZE / 3, tick_label(t, all_ticks), "end",
                           cls="hp-chart__tick-label"))
    marks.append(_mark("line", "axis", x1=left, y1=scale.start, x2=left, y2=scale.end))
    if title:
        marks.append(_text("axis-title", left - 6 - _tick_width(all_ticks), scale.end - LINE_HEIGHT, title, "start"))
    return marks


def _tick_width(all_ticks):
    return max(len(tick_label(t, all_ticks)) for t in all_ticks) * CHAR_WIDTH


def _chart(marks, width, height, summary, description, legend=(), title=""):
    return {"title": title, "view_box": f"0 0 {width:.0f} {height:.0f}", "width": round(width), "height": round(height),
            "marks": marks, "summary": summary, "description": description, "legend": list(legend),
            "font_size": FONT_SIZE, "line_height": LINE_HEIGHT}


def _counted(values, comparisons):
    """'2 better, 5 similar and 1 worse' for the comparisons present."""
    said = [f"{n} {COMPARISON_WORDS[c].lower()}" for c in comparisons if (n := sum(v.comparison == c for v in values))]
    return ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1] if said else ""


COMPARISONS = ["better", "higher", "similar", "worse", "lower", "not_compared"]
COMPARISON_WORDS = {"better": "Better", "similar": "Similar", "worse": "Worse", "higher": "Higher", "lower": "Lower",
                    "not_compared": "Not compared"}


def _comparison_legend(values):
    present = {v.comparison for v in values if v.comparison}
    return [{"cls": f"hp-chart__bar--{c}", "text": COMPARISON_WORDS[c]} for c in COMPARISONS if c in present]


def compare_areas(values, comparator=None, comparator_label="", unit="", title=""):
    """Each area's value as a bar from nought with its 95% interval, against the comparator's value as a line
    (Fingertips' compare-areas chart). Bars are coloured by `comparison`; an area without a value says so."""
    rows, bottom, label_width = _rows([v.label for v in values], LINE_HEIGHT + 8)
    left = label_width + 10
    numbers = _figures(values) + [0] + ([comparator] if comparator is not None else [])
    all_ticks = ticks(min(numbers), max(numbers))
    scale = Scale(all_ticks[0], all_ticks[-1], left, left + PLOT_WIDTH)
    marks, height = _x_axis(scale, all_ticks, rows[0]["top"] if rows else bottom, bottom, unit)
    for row, v in zip(rows, values):
        marks.append(_row_label(row, left - 8))
        if v.value is None:
            marks.append(_text("no-value", scale(0) + 6, row["middle"] + FONT_SIZE / 3, "No value", "start", v.label,
                               "hp-chart__note"))
            continue
        x0, x1 = sorted((scale(0), scale(v.value)))
        marks.append(_mark("rect", "bar", v.label, f"hp-chart__bar hp-chart__bar--{v.comparison or 'plain'}",
                           x=x0, y=row["middle"] - BAR_HEIGHT / 2, width=round(x1 - x0, 1), height=BAR_HEIGHT))
        if v.lower is not None and v.upper is not None:
            marks += _horizontal_ci(v.label, scale(v.lower), scale(v.upper), row["middle"])
    if comparator is not None:
        x = scale(comparator)
        marks.append(_mark("line", "comparator", comparator_label, x1=x, y1=rows[0]["top"] - 4 if rows else bottom,
                           x2=x, y2=bottom))
        marks.append(_text("comparator-label", x, FONT_SIZE, f"{comparator_label} {number(comparator)}", "middle"))
    held = [v for v in values if v.value is not None]
    if held:
        lowest, highest = min(held, key=lambda v: v.value), max(held, key=lambda v: v.value)
        summary = (f"{len(values)} area{'s' if len(values) != 1 else ''}, from {number(lowest.value)} ({lowest.label}) to "
                   f"{number(highest.value)} ({highest.label})" if len(held) > 1 else f"{lowest.label}: {number(lowest.value)}")
        counted = _counted(values, COMPARISONS) if comparator is not None else ""
        summary += f"; compared with {comparator_label}, {counted}." if counted else "."
    else:
        summary = "No area has a value."
    description = summary + " " + " ".join(f"{v.label}: {_interval(v)}{', ' + COMPARISON_WORDS[v.comparison].lower() if v.comparison else ''}."
                                           for v in values)
    if comparator is not None:
        description += f" {comparator_label}: {number(comparator)}."
    legend = _comparison_legend(values) + ([{"cls": "hp-chart__comparator", "text": f"{comparator_label} (line)", "line": True}]
                                           if comparator is not None else [])
    return _chart(marks, left + PLOT_WIDTH + 40, height, summary, description, legend, title)


def spine(rows, against="England", title=""):
    """Each indicator of an area against the range of England's areas (Fingertips' spine chart): England's value
    in the middle, the bar from England's lowest to highest area (darker over the middle half, the 25th to 75th
    percentiles), scaled per indicator so that the farther end just fits; better to the right (where an
    indicator has no better or worse, higher to the right), and the area's value as a dot."""
    laid, bottom, label_width = _rows([r.label for r in rows], LINE_HEIGHT + 8)
    left = label_width + 18  # room for a dot at the plot's left edge
    centre = left + PLOT_WIDTH / 2
    marks = [_text("side-label", left, FONT_SIZE, "Worse (or lower)", "start", cls="hp-chart__tick-label"),
             _text("side-label", left + PLOT_WIDTH, FONT_SIZE, "Better (or higher)", "end", cls="hp-chart__tick-label")]
    for place, r in zip(laid, rows):
        half = max(abs(r.england - r.lowest), abs(r.highest - r.england)) or 1
        direction = -1 if r.higher_is_better is False else 1

        def at(v, r=r, half=half, direction=direction):
            return round(centre + direction * (v - r.england) / half * PLOT_WIDTH / 2, 1) + 0.0

        marks.append(_row_label(place, left - 12))
        top = place["middle"] - BAR_HEIGHT / 2
        for part, low, high in (("range", r.lowest, r.highest), ("quartiles", r.q1, r.q3)):
            x0, x1 = sorted((at(low), at(high)))
            marks.append(_mark("rect", part, r.label, x=x0, y=top, width=round(x1 - x0, 1), height=BAR_HEIGHT))
        if r.value is None:
            marks.append(_text("no-value", left + PLOT_WIDTH + 6, place["middle"] + FONT_SIZE / 3, "No value", "start",
                               r.label, "hp-chart__note"))
        else:
            marks.append(_mark("circle", "point", r.label, f"hp-chart__point hp-chart__point--{r.comparison or 'plain'}",
                               cx=at(r.value), cy=place["middle"], r=6))
    marks.append(_mark("line", "centre", against, x1=centre, y1=LINE_HEIGHT + 4, x2=centre, y2=bottom))
    marks.append(_text("centre-label", centre, bottom + FONT_SIZE + 4, against, "middle"))
    counted = _counted(rows, COMPARISONS)
    summary = (f"{len(rows)} indicator{'s' if len(rows) != 1 else ''} against the range of {against}'s areas"
               + (f"; compared with {against}, {counted}." if counted else "."))
    description = summary + " " + " ".join(
        f"{r.label}: {number(r.value) if r.value is not None else 'no value'}, {against} {number(r.england)}, "
        f"its areas from {number(r.lowest)} to {number(r.highest)} (middle half {number(r.q1)} to {number(r.q3)})"
        f"{', ' + COMPARISON_WORDS[r.comparison].lower() if r.comparison else ''}." for r in rows)
    legend = _comparison_legend(rows) + [{"cls": "hp-chart__range", "text": f"Lowest to highest of {against}'s areas"},
                                         {"cls": "hp-chart__quartiles", "text": "Their middle half (25th to 75th percentile)"},
                                         {"cls": "hp-chart__centre", "text": f"{against} (line)", "line": True}]
    return _chart(marks, left + PLOT_WIDTH + 70, bottom + FONT_SIZE + 12, summary, description, legend, title)


def _polylines(points):
    """The unbroken runs of points (None breaks the line), as SVG points strings."""
    lines, current = [], []
    for p in points + [None]:
        if p is None:
            if len(current) > 1:
                lines.append(" ".join(f"{x},{y}" for x, y in current))
            current = []
        else:
            current.append(p)
    return lines


def trend(values, benchmark=(), label="", benchmark_label="", unit="", title=""):
    """A value over time (`values`, one per period in order, the period as its label) with its 95% intervals
    and the benchmark's values (None where not held) as a dashed line; dots coloured by `comparison`."""
    benchmark = list(benchmark) + [None] * (len(values) - len(benchmark))
    numbers = _figures(values) + [b for b in benchmark if b is not None]
    all_ticks = ticks(min(numbers, default=0), max(numbers, default=1))
    left = _tick_width(all_ticks) + 14
    top = LINE_HEIGHT * 2
    y = Scale(all_ticks[0], all_ticks[-1], top + PLOT_HEIGHT, top)
    step = PLOT_WIDTH / max(len(values), 1)
    xs = [round(left + step * (i + 0.5), 1) for i in range(len(values))]
    marks = _y_axis(y, all_ticks, left, left + PLOT_WIDTH, unit)
    widest = max((len(v.label) for v in values), default=1) * CHAR_WIDTH
    every = max(1, math.ceil((widest + 12) / step))  # label every period that fits, with a gap between
    for i, (x, v) in enumerate(zip(xs, values)):
        if (len(values) - 1 - i) % every == 0:  # counted from the latest, which is always labelled
            marks.append(_text("period-label", x, top + PLOT_HEIGHT + FONT_SIZE + 4, v.label, "middle", v.label))
    marks += [_mark("polyline", "benchmark", benchmark_label, points=p)
              for p in _polylines([(x, y(b)) if b is not None else None for x, b in zip(xs, benchmark)])]
    marks += [_mark("polyline", "line", label, points=p)
              for p in _polylines([(x, y(v.value)) if v.value is not None else None for x, v in zip(xs, values)])]
    for x, v in zip(xs, values):
        if v.value is None:
            continue
        if v.lower is not None and v.upper is not None:
            marks += _vertical_ci(v.label, x, y(v.lower), y(v.upper))
        marks.append(_mark("circle", "point", v.label, f"hp-chart__point hp-chart__point--{v.comparison or 'plain'}",
                           cx=x, cy=y(v.value), r=5))
    held = [(v, b) for v, b in zip(values, benchmark) if v.value is not None]
    if held:
        (first, first_b), (last, last_b) = held[0], held[-1]
        summary = f"{label}: {number(first.value)} in {first.label}"
        if last is not first:
            summary += f" and {number(last.value)} in {last.label}"
        if first_b is not None and last_b is not None:
            summary += f"; {benchmark_label} {number(first_b)}" + (f" and {number(last_b)}" if last is not first else "")
        summary += "."
    else:
        summary = f"{label}: no value is held for any period."
    description = summary + " " + " ".join(
        f"{v.label}: {_interval(v)}{', ' + COMPARISON_WORDS[v.comparison].lower() if v.comparison else ''}"
        f"{f'; {benchmark_label} {number(b)}' if b is not None else ''}." for v, b in zip(values, benchmark))
    legend = _comparison_legend(values) + [{"cls": "hp-chart__line", "text": label, "line": True}] + (
        [{"cls": "hp-chart__benchmark", "text": benchmark_label, "line": True}] if any(b is not None for b in benchmark) else [])
    return _chart(marks, left + PLOT_WIDTH + 10, top + PLOT_HEIGHT + FONT_SIZE * 2 + 10, summary, description, legend,
                  title)


def inequality(groups, sii=None, group_word="decile", unit="", title=""):
    """The value by deprivation group (1 = most deprived) with 95% intervals, each group placed at the middle of
    its share of the population, and the slope index of inequality as the fitted line from the most deprived
    end (0) to the least (1): `sii` is {value, lower, upper, intercept}, the intercept the line's value at 0."""
    weights = [g.weight for g in groups]
    if not groups or any(not w for w in weights):
        weights = [1] * len(groups)
    total = sum(weights) or 1
    ends = [sum(weights[:i + 1]) / total for i in range(len(groups))]
    middles = [end - w / total / 2 for end, w in zip(ends, weights)]
    numbers = _figures(groups)
    if sii and sii.get("intercept") is not None:
        numbers += [sii["intercept"], sii["intercept"] + sii["value"]]
    all_ticks = ticks(min(numbers, default=0), max(numbers, default=1))
    left = _tick_width(all_ticks) + 14
    top = LINE_HEIGHT * 2
    bottom = top + PLOT_HEIGHT
    y = Scale(all_ticks[0], all_ticks[-1], bottom, top)
    x = Scale(0, 1, left, left + PLOT_WIDTH)
    marks = _y_axis(y, all_ticks, left, left + PLOT_WIDTH, unit)
    for end in [0] + ends:
        marks.append(_mark("line", "group-edge", x1=x(end), y1=bottom, x2=x(end), y2=bottom + 6, cls="hp-chart__axis"))
    for g, middle in zip(groups, middles):
        marks.append(_text("group-label", x(middle), bottom + FONT_SIZE + 6, g.label, "middle", g.label))
    axis_title = wrap(f"Deprivation {group_word}, most deprived (1) on the left, each as wide as its share of the population",
                 int(PLOT_WIDTH / CHAR_WIDTH))
    marks.append(_text("axis-title", x(0.5), bottom + FONT_SIZE * 2 + 12, axis_title))
    for g, middle in zip(groups, middles):
        if g.value is None:
            continue
        if g.lower is not None and g.upper is not None:
            marks += _vertical_ci(g.label, x(middle), y(g.lower), y(g.upper))
        marks.append(_mark("circle", "point", g.label, "hp-chart__point hp-chart__point--plain", cx=x(middle),
                           cy=y(g.value), r=5))
    if sii and sii.get("intercept") is not None:
        marks.append(_mark("line", "sii", "Slope index of inequality", x1=x(0), y1=y(sii["intercept"]), x2=x(1),
                           y2=y(sii["intercept"] + sii["value"])))
    held = [g for g in groups if g.value is not None]
    summary = (f"{number(held[0].value)} in the most deprived {group_word} shown ({held[0].label}) and "
               f"{number(held[-1].value)} in the least deprived ({held[-1].label})") if held else "No group has a value"
    if sii:
        summary += (f"; the slope index of inequality is {number(sii['value'])} (95% CI {number(sii['lower'])} to "
                    f"{number(sii['upper'])}) from the most to the least deprived end")
    summary += "."
    description = summary + " " + " ".join(f"{group_word.capitalize()} {g.label}: {_interval(g)}." for g in groups)
    legend = [{"cls": "hp-chart__point--plain", "text": f"Each {group_word}'s value, with its 95% confidence interval", "dot": True}]
    if sii and sii.get("intercept") is not None:
        legend.append({"cls": "hp-chart__sii", "text": "Slope index of inequality (fitted line)", "line": True})
    return _chart(marks, left + PLOT_WIDTH + 10, bottom + FONT_SIZE * 2 + 12 + LINE_HEIGHT * len(axis_title), summary,
                  description, legend, title)


def contributions(values, unit="years", positive="Widens the gap", negative="Narrows the gap", total_label="The gap",
                  title=""):
    """Each part's contribution (a cause, an age band) as a bar from nought, right where it is positive and left
    where it is negative: for a decomposition of a gap, whose parts add up to the whole."""
    rows, bottom, label_width = _rows([v.label for v in values], 8)
    left = label_width + 10
    numbers = [v.value for v in values if v.value is not None] + [0]
    all_ticks = ticks(min(numbers), max(numbers))
    scale = Scale(all_ticks[0], all_ticks[-1], left, left + PLOT_WIDTH)
    marks, height = _x_axis(scale, all_ticks, rows[0]["top"] if rows else bottom, bottom, unit)
    for row, v in zip(rows, values):
        marks.append(_row_label(row, left - 8))
        if v.value is None:
            continue
        x0, x1 = sorted((scale(0), scale(v.value)))
        sign = "positive" if v.value >= 0 else "negative"
        marks.append(_mark("rect", "bar", v.label, f"hp-chart__bar hp-chart__bar--{sign}", x=x0,
                           y=row["middle"] - BAR_HEIGHT / 2, width=round(x1 - x0, 1), height=BAR_HEIGHT))
    marks.append(_mark("line", "zero", x1=scale(0), y1=rows[0]["top"] if rows else bottom, x2=scale(0), y2=bottom))
    held = [v for v in values if v.value is not None]
    if held:
        largest = max(held, key=lambda v: abs(v.value))
        summary = (f"{total_label}, {number(sum(v.value for v in held), 2)} {unit}, is the sum of {len(held)} contributions; "
                   f"the largest is {largest.label} ({largest.value:+.2f} {unit}).")
    else:
        summary = "No contribution is held."
    description = summary + " " + " ".join(f"{v.label}: {'no value' if v.value is None else f'{v.value:+.2f}'}." for v in values)
    legend = [{"cls": "hp-chart__bar--positive", "text": positive}, {"cls": "hp-chart__bar--negative", "text": negative}]
    return _chart(marks, left + PLOT_WIDTH + 30, height, summary, description, legend, title)
