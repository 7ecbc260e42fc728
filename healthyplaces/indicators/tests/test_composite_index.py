"""Issue 13, "Composite indices": an analyst builds an LSOA index from indicators held, sees it ranked, mapped and
compared with the IMD, and exports it; the index is an indicator like any other. Bad choices get form errors."""
import csv
import io
import statistics

import pytest

from healthyplaces.accounts.models import Role
from healthyplaces.indicators.models import CompositeIndex, Indicator, IndicatorValue
from healthyplaces.places.models import Deprivation

pytestmark = pytest.mark.django_db
BUILDERS = {Role.ADMIN, Role.ANALYST}


def _choices(name="Admissions need", within="", **components):
    """Form data: {indicator code: (method, direction, weight)}."""
    data = {"name": name, "within": within}
    for code, (method, direction, weight) in components.items():
        pk = Indicator.objects.get(code=code.lstrip("i")).pk
        data.update({f"use_{pk}": "on", f"method_{pk}": method, f"direction_{pk}": str(direction), f"weight_{pk}": str(weight)})
    return data


def test_only_administrators_and_analysts_may_build_an_index(people, client_for, imported):
    for role in Role.values:
        response = client_for(people[role]).get("/indicators/composite/new/")
        assert response.status_code == (200 if role in BUILDERS else 403), role
    assert client_for(None).get("/indicators/composite/new/").status_code == 302
    refused = client_for(people[Role.OFFICER]).post("/indicators/composite/new/", _choices(i99901=("z", 1, 1)))
    assert refused.status_code == 403 and not CompositeIndex.objects.exists()


def test_an_analyst_builds_ranks_maps_compares_and_exports_an_index(people, client_for, imported, client):
    """Issue 13, Composite indices: built from a held indicator by z-score, stored as an indicator, with its method."""
    analyst = client_for(people[Role.ANALYST])
    response = analyst.post("/indicators/composite/new/", _choices(within="Stockton-on-Tees", i99901=("z", 1, 2)))
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    index = CompositeIndex.objects.get()
    assert index.indicator.code == "composite-admissions-need" and index.within_code == "E06000004"
    # One component, so the index is its z-score: (value - mean) / population standard deviation, worked here.
    source = dict(IndicatorValue.objects.filter(indicator__code="99901", area_kind="lsoa", period="2021/22")
                  .values_list("area_code", "value"))
    mean, sd = statistics.fmean(source.values()), statistics.pstdev(source.values())
    stored = dict(index.indicator.values.values_list("area_code", "value"))
    assert stored.keys() == source.keys() and index.lsoas == 30 and index.left_out == 0
    assert all(abs(stored[c] - (v - mean) / sd) < 1e-9 for c, v in source.items())
    # The page: the method beside the result, the IMD comparison, the map, every LSOA ranked.
    page = client.get(f"/indicators/composite/{index.indicator.code}/")
    html = page.content.decode()
    assert "composite-method" in html and "z-score" in html and "A higher value raises the index" in html
    assert 'id="composite-map"' in html and 'id="composite-cross"' in html
    rows = page.context["rows"]
    assert [r.value for r in rows] == pytest.approx(sorted([(v - mean) / sd for v in source.values()], reverse=True))
    assert [r.rank for r in rows] == list(range(1, 31)) and [r.quintile for r in rows] == [q for q in range(1, 6) for _ in range(6)]
    comparison = page.context["comparison"]
    assert sum(row["total"] for row in comparison["cross"]) == 30
    imd = dict(Deprivation.objects.filter(edition="2019", lsoa__vintage=2011, lsoa__code__in=list(source))
               .values_list("lsoa__code", "imd_rank"))
    by_index = sorted(source, key=lambda c: -source[c])
    by_imd = sorted(source, key=lambda c: imd[c])
    # Spearman's rho without ties: 1 - 6 sum(d^2) / (n (n^2 - 1)), from the two orders.
    d2 = sum((by_index.index(c) - by_imd.index(c)) ** 2 for c in source)
    assert abs(comparison["rho"] - (1 - 6 * d2 / (30 * (30 ** 2 - 1)))) < 1e-9
    # The export: every LSOA, in rank order, through the shared CSV writer.
    exported = list(csv.DictReader(io.StringIO(client.get(f"/indicators/composite/{index.indicator.code}/index.csv").content.decode())))
    assert [(int(r["rank"]), r["lsoa_code"]) for r in exported] == [(r.rank, r.code) for r in rows]
    assert len(client.get(f"/indicators/composite/{index.indicator.code}/index.geojson").json()["features"]) == 30
    # An indicator like any other: its page draws its LSOAs.
    assert client.get(f"/indicators/{index.indicator.code}/?kind=lsoa").context["rows"]


def test_building_it_again_replaces_it(people, client_for, imported):
    analyst = client_for(people[Role.ANALYST])
    analyst.post("/indicators/composite/new/", _choices(i99901=("z", 1, 1)))
    analyst.post("/indicators/composite/new/", _choices(i99901=("rank", -1, 1)))
    index = CompositeIndex.objects.get()
    assert index.indicator.values.count() == 30 and [c.method for c in index.components.all()] == ["rank"]
    assert max(index.indicator.values.values_list("value", flat=True)) == -0.5 / 30  # the lowest value, turned


@pytest.mark.parametrize("choices, field, message", [
    (lambda: _choices(), None, "Choose at least one indicator for the index."),
    (lambda: _choices(i99901=("z", 1, 0)), "weight_99901", "the weight must be more than 0"),
    (lambda: _choices(i99901=("z", 1, -1)), "weight_99901", "the weight must be more than 0"),
    (lambda: _choices(i99902=("z", 1, 1)), "use_99902", "no LSOA values are held"),
    (lambda: _choices(within="E08000035", i99901=("z", 1, 1)), "use_99901", "no LSOA values are held in Leeds"),
    (lambda: _choices(within="Atlantis", i99901=("z", 1, 1)), "within", "Atlantis"),
    (lambda: _choices(name="Emergency hospital admissions, all causes (synthetic)", i99901=("z", 1, 1)), None,
     "is held already"),
])
def test_bad_choices_get_a_clear_error_and_build_nothing(people, client_for, imported, choices, field, message):
    """Issue 13, Composite indices, bad input: no indicators, weights not positive, indicators with no LSOA values."""
    response = client_for(people[Role.ANALYST]).post("/indicators/composite/new/", choices())
    assert response.status_code == 200 and not CompositeIndex.objects.exists()
    form = response.context["form"]
    if field and field[-5:].isdigit():
        field = field.rsplit("_", 1)[0] + f"_{Indicator.objects.get(code=field.rsplit('_', 1)[1]).pk}"
    errors = form.errors.get(field or "__all__", [])
    assert any(message in e for e in errors), form.errors
