"""Placing points in England: the 2011 LSOA a point falls in, and distances, from the LSOAs held in memory.

Each process holds the LSOAs as of the latest data load and reads them again after a reload anywhere."""
import json
import math
import threading
import time

import numpy as np

from .models import DataLoad, Lsoa

GRID = 0.02  # degrees
CHECK_EVERY = 1.0  # seconds between looks for a newer data load

# What each process holds, for the data load it was read from. A reload of England in another process
# (a command, a worker) adds a DataLoad row; the next look here finds it and reads the LSOAs again.
_held = {"load": None, "checked": float("-inf"), "geography": None, "centroids": None}
_lock = threading.Lock()


def _latest_load():
    return DataLoad.objects.order_by("-pk").values_list("pk", "loaded_at").first()


def _held_now(part, read):
    """The cached `part`, read again when the latest data load has changed (looked for at most every
    CHECK_EVERY seconds: one look at the primary key, so placing a whole import's rows costs no more)."""
    with _lock:
        now = time.monotonic()
        if now - _held["checked"] >= CHECK_EVERY:
            load = _latest_load()
            _held["checked"] = now
            if load != _held["load"]:
                _held.update(load=load, geography=None, centroids=None)
        if _held[part] is None:
            _held[part] = read()
        return _held[part]


def _read_geography():
    """2011 LSOA centroids (and boundaries where held) in memory, to place points fast."""
    from shapely import STRtree
    from shapely.geometry import shape

    grid = {}
    for pk, code, lat, lon in Lsoa.objects.filter(vintage=2011, latitude__isnull=False).values_list(
            "pk", "code", "latitude", "longitude"):
        grid.setdefault((int(lat // GRID), int(lon // GRID)), []).append((pk, code, lat, lon))
    shapes, shape_rows = [], []
    for pk, code, boundary in Lsoa.objects.filter(vintage=2011).exclude(boundary="").values_list("pk", "code", "boundary"):
        shapes.append(shape(json.loads(boundary)))
        shape_rows.append((pk, code))
    return grid, (STRtree(shapes) if shapes else None), shapes, shape_rows


def _read_centroids():
    return np.array(list(Lsoa.objects.filter(vintage=2011, latitude__isnull=False).values_list(
        "pk", "latitude", "longitude")), dtype=np.float64).reshape(-1, 3)


def lsoa_centroids():
    """pk, latitude and longitude of every 2011 LSOA (those assets are placed in), to measure people from."""
    return _held_now("centroids", _read_centroids)


def locate_lsoa(latitude, longitude):
    """(pk, code) of the 2011 LSOA a point falls in: its boundary where held, else the nearest centroid."""
    if latitude is None or longitude is None:
        return None, ""
    from shapely.geometry import Point

    grid, tree, shapes, shape_rows = _held_now("geography", _read_geography)
    if tree is not None:
        point = Point(longitude, latitude)
        for index in tree.query(point):
            if shapes[index].covers(point):
                return shape_rows[index]
    # Nearest centroid: search grid cells in growing rings; one ring past the first find is enough.
    best, best_distance = (None, ""), float("inf")
    scale = math.cos(math.radians(latitude)) ** 2
    row, column = int(latitude // GRID), int(longitude // GRID)
    found_at = None
    for ring in range(0, 40):
        for r in range(row - ring, row + ring + 1):
            for c in range(column - ring, column + ring + 1):
                if max(abs(r - row), abs(c - column)) != ring:
                    continue
                for pk, code, lat, lon in grid.get((r, c), ()):
                    distance = (lat - latitude) ** 2 + scale * (lon - longitude) ** 2
                    if distance < best_distance:
                        best, best_distance = (pk, code), distance
        if best[0] is not None and found_at is None:
            found_at = ring
        if found_at is not None and ring >= found_at + 1:
            break
    return best


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance; the arguments may be numbers or numpy arrays (one point against many)."""
    lat1, lon1, lat2, lon2 = (np.radians(v) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


def locate_lsoas(latitudes, longitudes):
    """The 2011 LSOA codes of many points at once (a postcode file's new postcodes), as `locate_lsoa`
    places one: the boundary a point falls in where held, else the nearest population-weighted centroid."""
    from scipy.spatial import cKDTree
    from shapely import points

    latitudes, longitudes = np.asarray(latitudes, dtype=float), np.asarray(longitudes, dtype=float)
    codes = np.full(len(latitudes), "", dtype=object)
    if not len(latitudes):
        return codes
    grid, tree, shapes, shape_rows = _held_now("geography", _read_geography)
    centroids = [row for cell in grid.values() for row in cell]
    if centroids:
        lat, lon = np.array([c[2] for c in centroids]), np.array([c[3] for c in centroids])
        scale = math.cos(math.radians(53))  # England's middle: a degree of longitude is this much of one of latitude
        nearest = cKDTree(np.column_stack([lat, lon * scale])).query(np.column_stack([latitudes, longitudes * scale]))[1]
        codes[:] = np.array([c[1] for c in centroids], dtype=object)[nearest]
    if tree is not None:
        inside, shape = tree.query(points(longitudes, latitudes), predicate="covered_by")
        codes[inside] = np.array([code for _, code in shape_rows], dtype=object)[shape]
    return codes


def within_boundaries(latitudes, longitudes, vintage):
    """For each point, the code of the LSOA of that vintage whose held boundary covers it, or ''."""
    from shapely import STRtree, points
    from shapely.geometry import shape

    codes = np.full(len(latitudes), "", dtype=object)
    held = list(Lsoa.objects.filter(vintage=vintage).exclude(boundary="").values_list("code", "boundary"))
    if not held or not len(latitudes):
        return codes
    tree = STRtree([shape(json.loads(boundary)) for _, boundary in held])
    inside, found = tree.query(points(np.asarray(longitudes, dtype=float), np.asarray(latitudes, dtype=float)),
                               predicate="covered_by")
    codes[inside] = np.array([code for code, _ in held], dtype=object)[found]
    return codes
