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


@pytest.mark.django_db
def test_the_geography_cache_sees_a_reload(monkeypatch):
    """Issue 11, "Caches and settings": the LSOAs held in memory follow the latest data load, so a reload
    of England by another process (which writes the rows and then a DataLoad) is seen without a restart.
    Nothing here tells the cache; it finds the new load itself, as another process's would."""
    from healthyplaces.places.models import DataLoad, Lsoa

    monkeypatch.setattr(geography, "CHECK_EVERY", 0)
    lsoa = Lsoa.objects.filter(vintage=2011, boundary="", latitude__isnull=False, local_authority__name="Westminster").first()
    sea = (54.0, 1.5)  # the North Sea off Yorkshire: no centroid is near
    assert geography.locate_lsoa(*sea)[1] != lsoa.code
    assert lsoa.pk in geography.lsoa_centroids()[:, 0]
    Lsoa.objects.filter(pk=lsoa.pk).update(latitude=sea[0], longitude=sea[1])
    assert geography.locate_lsoa(*sea)[1] != lsoa.code  # the same load: still held as it was
    DataLoad.objects.create(dataset="England geography and deprivation", rows=1, seconds=1)
    assert geography.locate_lsoa(*sea)[1] == lsoa.code
    row = geography.lsoa_centroids()[geography.lsoa_centroids()[:, 0] == lsoa.pk][0]
    assert list(row[1:]) == pytest.approx(list(sea))
