"""Maps: what a page hands the one map script (static/healthyplaces/map.mjs), and the GeoJSON it draws.

A page builds a `Map` and includes "includes/map.html" with it; a GeoJSON view returns `features(...)` of
`feature(...)`. So every map shades, labels and links its areas the same way: the script colours a feature
by its `shade` (a key of the map's shades, which its legend lists), shows its `label` as text on hover and
opens its `url` when selected.
"""
import json
import math
from dataclasses import dataclass, field

from django.http import JsonResponse

BOUNDARY_ATTRIBUTION = ("Boundaries: Office for National Statistics, Open Government Licence v3.0. "
                        "Contains OS data © Crown copyright and database right.")
NOT_SHADED = "#b1b4b6"  # an area without a value: grey, and said so in its label


@dataclass(frozen=True)
class Shade:
    """One class of a shaded layer: the features whose `shade` is `key` are filled with `colour`."""
    key: str
    label: str
    colour: str


# Deprivation deciles, most deprived red to least deprived blue (the same colours as .hp-decile--N in site.css).
DECILE_COLOURS = ["#8c1a1a", "#b3352a", "#d4573b", "#e8845a", "#f3b283", "#c6dbef", "#94c4df", "#5ea0cf", "#2f74b5", "#0b4a8b"]
DECILES = [Shade(str(d), f"{d}{' (most deprived 10%)' if d == 1 else ' (least deprived 10%)' if d == 10 else ''}", colour)
           for d, colour in enumerate(DECILE_COLOURS, start=1)]


@dataclass
class Map:
    """One map on a page. `table` is the id of the element (a table or a list) that holds the same
    figures: the "skip the map" link and the message shown without JavaScript point there."""
    id: str
    label: str  # what the map shows, read by screen readers
    table: str
    url: str = ""  # the GeoJSON is fetched from here ...
    data: dict | None = None  # ... or written into the page
    legend: str = ""  # the legend's title
    shades: list = field(default_factory=list)
    outline: str = ""  # what a thick outline means (features with `emphasis`), in the legend
    caption: str = ""
    alternative: str = "The same figures are in the table on this page"
    pick: bool = False  # selecting an area ticks its checkbox (input name="lsoas")
    attribution = BOUNDARY_ATTRIBUTION  # every map draws the official boundaries

    @property
    def data_id(self):
        return f"{self.id}-data"

    @property
    def shades_json(self):
        return json.dumps([{"key": s.key, "label": s.label, "colour": s.colour} for s in self.shades])


def geometry(boundary, latitude=None, longitude=None):
    """An area's GeoJSON geometry: its boundary where one is held, else a point at its population-weighted
    centroid, else None (it cannot be drawn)."""
    if boundary:
        return json.loads(boundary)
    if latitude is not None and longitude is not None:
        return {"type": "Point", "coordinates": [longitude, latitude]}
    return None


def feature(geometry_, *, name, label, shade="", url="", code="", emphasis=False):
    """One area or place: `label` is what hovering it shows, as text."""
    return {"type": "Feature", "geometry": geometry_,
            "properties": {"code": code, "name": name, "label": label, "shade": shade, "url": url, "emphasis": emphasis}}


def features(items):
    """A FeatureCollection of the features that have a geometry."""
    return {"type": "FeatureCollection", "features": [f for f in items if f["geometry"] is not None]}


def geojson_response(items):
    return JsonResponse(features(items))


# Maps drawn on the server, as SVG: for documents that are printed (reports), where no script runs.


@dataclass(frozen=True)
class Shape:
    """One area to draw: its GeoJSON geometry (a polygon or multipolygon; anything else is left out), its fill
    and what it is, in words (the shape's title)."""
    geometry: dict | None
    colour: str
    label: str


SVG_WIDTH = 480


def _rings(geometry_):
    if not geometry_:
        return []
    if geometry_.get("type") == "Polygon":
        return list(geometry_["coordinates"])
    if geometry_.get("type") == "MultiPolygon":
        return [ring for polygon in geometry_["coordinates"] for ring in polygon]
    return []


def svg(shapes, label, width=SVG_WIDTH):
    """The shapes projected to fit `width` (longitude scaled by the cosine of the middle latitude, so the map is
    not stretched): {"label", "view_box", "width", "height", "paths": [{"d", "fill", "label"}]}, or None when no
    shape has a polygon. The template includes/svg_map.html draws it."""
    rings = [(shape, _rings(shape.geometry)) for shape in shapes]
    points = [p for _, found in rings for ring in found for p in ring]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    across = math.cos(math.radians((north + south) / 2))
    span = max((east - west) * across, north - south) or 1e-6
    scale = width / span
    height = max(1, round((north - south) * scale))
    paths = []
    for shape, found in rings:
        if not found:
            continue
        d = " ".join("M" + " L".join(f"{(x - west) * across * scale:.1f},{(north - y) * scale:.1f}" for x, y in ring)
                     + " Z" for ring in found)
        paths.append({"d": d, "fill": shape.colour, "label": shape.label})
    return {"label": label, "view_box": f"0 0 {width} {height}", "width": width, "height": height, "paths": paths}
