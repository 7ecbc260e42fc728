"""A clearly labelled sample asset set for one local authority, for demonstrations.

Two made-up partners record a few hundred assets spread over the authority's LSOAs (more where
more people live), and the second partner re-records some of the first's with typos, abbreviations
and missing fields, so there are probable duplicates to review. Everything is written through the
ordinary import, and a re-run replaces the previous sample set.
"""
import json
import random
from datetime import date, timedelta

from django.db import transaction

from healthyplaces.accounts.models import Organisation
from healthyplaces.places import services as places
from healthyplaces.places.models import DEFAULT_EDITION

from . import importing, synthetic
from .models import Asset, DuplicateCandidate

PARTNERS = [("Sample partner: community directory (SAMPLE DATA)", Organisation.Kind.VCSE),
            ("Sample partner: health services list (SAMPLE DATA)", Organisation.Kind.NHS)]
COLUMNS = ["name", "category", "description", "themes", "address", "postcode", "latitude", "longitude", "phone",
           "email", "website", "opening_times", "cost", "provider", "communities_of_place", "last_checked", "published"]
# Postcode districts for the demo authority; elsewhere the made-up postcodes use these too.
DISTRICTS = {"E06000004": ["TS15", "TS16", "TS17", "TS18", "TS19", "TS20", "TS21", "TS22", "TS23"]}


class SampleRefused(ValueError):
    pass


def _points(area, rng, n):
    """n points in the area's LSOAs, LSOAs chosen in proportion to their population; inside the boundary where held."""
    from shapely.geometry import Point, shape

    lsoas = list(area.lsoas(DEFAULT_EDITION).filter(latitude__isnull=False))
    if not lsoas:
        raise SampleRefused(f"{area} has no LSOA centroids loaded.")
    population = places.populations_by_code([lsoa.code for lsoa in lsoas])
    weights = [population.get(lsoa.code, 1500) for lsoa in lsoas]
    points = []
    for lsoa in rng.choices(lsoas, weights=weights, k=n):
        point = None
        if lsoa.boundary:
            polygon = shape(json.loads(lsoa.boundary))
            west, south, east, north = polygon.bounds
            for _ in range(30):
                lon, lat = rng.uniform(west, east), rng.uniform(south, north)
                if polygon.contains(Point(lon, lat)):
                    point = (lat, lon)
                    break
        points.append(point or (lsoa.latitude + rng.uniform(-0.002, 0.002), lsoa.longitude + rng.uniform(-0.002, 0.002)))
    return points, sorted({lsoa.ward.name for lsoa in lsoas if lsoa.ward_id})


def _rows(records, rng):
    """The records as an import's checked rows, numbered as a file's lines would be."""
    rows = []
    for record in records:
        checked = date.today() - timedelta(days=rng.randint(0, 720))
        row = {**record, "description": ("SAMPLE DATA: " + record["description"]) if record["description"] else "SAMPLE DATA",
               "last_checked": checked.isoformat(), "published": "yes"}
        rows.append({column: row.get(column) for column in COLUMNS})
    return importing.checked_rows(enumerate(rows, start=2))


@transaction.atomic
def generate(authority, count=300, seed=1):
    try:
        area = places.find_area(authority)
    except places.AreaNotFound as error:
        raise SampleRefused(str(error)) from None
    if area.kind != "local_authority":
        raise SampleRefused(f"{area} is not a local authority.")
    rng = random.Random(seed)
    partners = [Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0] for name, kind in PARTNERS]
    for partner in partners:  # they work in the area: its council's officers keep their assets with no point in hand
        partner.areas.add(area.code)
    Asset.objects.filter(partner__in=partners).delete()
    first_count = int(count * 0.7)
    second_own = count - first_count - int(count * 0.12)
    points, wards = _points(area, rng, first_count + second_own)
    records = synthetic.make_records(first_count + second_own, rng, points=points, places=wards or None,
                                     districts=DISTRICTS.get(area.code))
    first, second = records[:first_count], records[first_count:]
    second += [synthetic.variant(r, rng) for r in rng.sample(first, count - first_count - second_own)]
    importing.commit_rows(_rows(first, rng), "sample-community-directory.csv", partners[0])
    importing.commit_rows(_rows(second, rng), "sample-health-services.csv", partners[1])
    made = Asset.objects.current().filter(partner__in=partners)
    return {"area": str(area), "assets": made.count(), "partners": len(partners),
            "duplicates": DuplicateCandidate.objects.filter(second__partner=partners[1], status="open").count()}
