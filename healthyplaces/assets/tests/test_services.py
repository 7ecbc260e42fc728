"""Themes, postcodes, coordinates and placing a point in its LSOA."""
import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from django.conf import settings

from healthyplaces.assets import services

DATA = Path(services.__file__).parent / "data"


def test_themes_match_the_copied_framework():
    framework = yaml.safe_load((settings.DATA_DIR / "frameworks" / "dahlgren_whitehead_rainbow.yaml").read_text())
    ids = [i["id"] for i in framework["items"]] + [c["id"] for i in framework["items"] for c in i.get("children", [])]
    ids += [x["id"] for x in framework["usage"]["platform_extensions"]]
    assert set(services.themes()) == set(ids)


def test_themes_are_read_by_id_or_name():
    assert services.parse_themes("L1_lifestyle; Housing") == (["L1_lifestyle", "L3_housing"], [])
    assert services.parse_themes("Astrology") == ([], ["Astrology"])
    assert json.loads((DATA / "themes.json").read_text())["id"] == "dahlgren_whitehead_rainbow"


@pytest.mark.parametrize("text,expected", [("ts181ab", "TS18 1AB"), (" SW1A 1AA ", "SW1A 1AA"), ("M1 1AE", "M1 1AE"),
                                           ("TS18", None), ("12345", None), ("TS18 1ABC", None)])
def test_postcodes(text, expected):
    assert services.normalise_postcode(text) == expected


def test_coordinates():
    assert services.check_coordinates(54.57, -1.32) is None
    assert "swapped" in services.check_coordinates(-1.32, 54.57)
    assert "outside England" in services.check_coordinates(55.95, -3.19)  # Edinburgh
    assert "not a place on Earth" in services.check_coordinates(100, 101)


def test_haversine_against_hand_checked_distances():
    # One degree along a meridian is the Earth's mean radius times pi/180: 111.195 km.
    assert services.haversine_km(54.0, -1.0, 55.0, -1.0) == pytest.approx(6371.0088 * 3.141592653589793 / 180)
    # One degree of longitude on the equator is the same; at 60 degrees north, about half (the great circle is
    # a little shorter than the parallel's 55.6 km).
    assert services.haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.001)
    assert services.haversine_km(60.0, 0.0, 60.0, 1.0) == pytest.approx(55.597, abs=0.001)
    # One point against many at once gives the same numbers.
    many = services.haversine_km(54.0, -1.0, np.array([55.0, 54.0]), np.array([-1.0, -1.0]))
    assert list(many) == pytest.approx([111.195, 0.0], abs=0.001)


@pytest.mark.django_db
def test_a_point_without_a_held_boundary_takes_the_nearest_centroid():
    from healthyplaces.places.models import Lsoa

    lsoa = Lsoa.objects.filter(vintage=2011, boundary="", latitude__isnull=False, local_authority__name="Westminster").first()
    assert services.locate_lsoa(lsoa.latitude + 0.0001, lsoa.longitude)[1] == lsoa.code
    assert services.locate_lsoa(None, None) == (None, "")
