"""Distances and placing a point in its LSOA."""
import numpy as np
import pytest

from healthyplaces.places import geography


def test_haversine_against_hand_checked_distances():
    # One degree along a meridian is the Earth's mean radius times pi/180: 111.195 km.
    assert geography.haversine_km(54.0, -1.0, 55.0, -1.0) == pytest.approx(6371.0088 * 3.141592653589793 / 180)
    # One degree of longitude on the equator is the same; at 60 degrees north, about half (the great circle is
    # a little shorter than the parallel's 55.6 km).
    assert geography.haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.001)
    assert geography.haversine_km(60.0, 0.0, 60.0, 1.0) == pytest.approx(55.597, abs=0.001)
    # One point against many at once gives the same numbers.
    many = geography.haversine_km(54.0, -1.0, np.array([55.0, 54.0]), np.array([-1.0, -1.0]))
    assert list(many) == pytest.approx([111.195, 0.0], abs=0.001)


@pytest.mark.django_db
def test_a_point_without_a_held_boundary_takes_the_nearest_centroid():
    from healthyplaces.places.models import Lsoa

    lsoa = Lsoa.objects.filter(vintage=2011, boundary="", latitude__isnull=False, local_authority__name="Westminster").first()
    assert geography.locate_lsoa(lsoa.latitude + 0.0001, lsoa.longitude)[1] == lsoa.code
    assert geography.locate_lsoa(None, None) == (None, "")
