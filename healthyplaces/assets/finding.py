"""Finding assets: a point to search from, the directory's filters, and near searches."""
import math
import re
from dataclasses import dataclass

import numpy as np

from healthyplaces.places import services as places
from healthyplaces.places.geography import haversine_km, lsoa_centroids
from healthyplaces.places.models import DEFAULT_EDITION

from .checking import check_coordinates
from .models import PLACE_WITHHELD


class PlaceNotFound(ValueError):
    pass


@dataclass
class Centre:
    label: str
    latitude: float
    longitude: float


COORDINATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def find_centre(text, user=None):
    """A point to search from: 'lat,lon', an LSOA, neighbourhood or local authority (its LSOAs' mean centroid)."""
    match = COORDINATES.match(text or "")
    if match:
        latitude, longitude = float(match.group(1)), float(match.group(2))
        reason = check_coordinates(latitude, longitude)
        if reason:
            raise PlaceNotFound(reason)
        return Centre(f"{latitude:.5f}, {longitude:.5f}", latitude, longitude)
    try:
        area = places.find_area(text, user)
    except places.AreaNotFound as error:
        raise PlaceNotFound(str(error)) from None
    points = list(area.lsoas(DEFAULT_EDITION).filter(latitude__isnull=False).values_list("latitude", "longitude"))
    if not points:
        raise PlaceNotFound(f"{area} has no LSOA centroids to measure from.")
    return Centre(str(area), sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def filter_assets(assets, category="", theme="", community="", q="", lsoa_codes=None):
    """The directory's filters, each optional."""
    if category:
        assets = assets.filter(category=category)
    if theme:
        assets = assets.filter(search_text__contains=f",{theme.lower()},")
    if community:
        assets = assets.filter(search_text__contains=community.lower())
    if lsoa_codes is not None:
        assets = assets.filter(lsoa_code__in=lsoa_codes)
    for word in (q or "").lower().split()[:5]:
        assets = assets.filter(search_text__contains=word)
    return assets


def near(assets, latitude, longitude, radius_km=5.0, exact=False):
    """(pk, distance km) of assets within the radius, nearest first.

    A person whose place is withheld is measured from their LSOA's centroid and the distance rounded to the
    whole kilometre (at least 1), unless `exact` (for those who may see their address; see "People as assets").
    The bounding box is read from one index (asset_near_visible_idx holds every column the box and the
    visibility rules test, so no table row is read), then numpy measures each candidate at once. People
    placed by their LSOA are found by the LSOAs within reach (measured in memory), in asset_person_lsoa_idx.
    """
    dlat = radius_km / 111.0
    dlon = radius_km / (111.320 * max(math.cos(math.radians(latitude)), 0.01))

    def measured(candidates, lat, lon):
        candidates = candidates.filter(**{f"{lat}__range": (latitude - dlat, latitude + dlat),
                                          f"{lon}__range": (longitude - dlon, longitude + dlon)})
        rows = np.array(list(candidates.order_by().values_list("pk", lat, lon)), dtype=np.float64).reshape(-1, 3)
        distances = haversine_km(latitude, longitude, rows[:, 1], rows[:, 2])
        inside = distances <= radius_km
        return rows[inside, 0], distances[inside]

    if exact:
        pks, distances = measured(assets, "latitude", "longitude")
    else:
        shown_pks, shown = measured(assets.exclude(PLACE_WITHHELD), "latitude", "longitude")
        lsoas = lsoa_centroids()
        from_lsoas = haversine_km(latitude, longitude, lsoas[:, 1], lsoas[:, 2])
        within = from_lsoas <= radius_km
        reach = dict(zip(lsoas[within, 0].astype(int).tolist(), from_lsoas[within].tolist()))
        people = list(assets.filter(PLACE_WITHHELD, lsoa_id__in=list(reach)).order_by().values_list("pk", "lsoa_id"))
        withheld_pks = np.array([pk for pk, _ in people], dtype=np.float64)
        withheld = np.array([reach[lsoa] for _, lsoa in people], dtype=np.float64)
        pks = np.concatenate([shown_pks, withheld_pks])
        distances = np.concatenate([shown, np.maximum(1.0, np.round(withheld))])
    order = np.lexsort((pks, distances))
    return [(int(pks[i]), float(distances[i])) for i in order]
