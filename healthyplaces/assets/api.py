"""Open Referral UK 3.0 read API for published community assets, at /api/oruk/.

Open to everyone (no key, CORS open to any origin): it serves only what the public pages show.
Responses are plain JSON in the standard's shapes (see oruk.py), paged with its wrapper.
"""
import uuid

from django.http import JsonResponse
from ninja import Router

from healthyplaces.accounts.permissions import require
from healthyplaces.api_params import Age, PageNumber, PageSize

from . import finding, oruk
from .models import Asset

router = Router(tags=["Open Referral UK"])
MOST_METRES = 1_000_000


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _not_found(what):
    return _json({"detail": f"No {what} has that id."}, status=404)


def _paging(page, per_page):
    return page, min(per_page, oruk.MAX_PER_PAGE)


def _asset(uid):
    try:
        return oruk.published().filter(uid=uuid.UUID(uid)).first()
    except ValueError:  # not a UUID
        return None


@router.get("/", summary="About this API", include_in_schema=True)
@require("assets.view", hidden=True)
def about(request):
    return _json({"version": "3.0", "profile": oruk.PROFILE, "openapi_url": request.build_absolute_uri("/api/openapi.json")})


@router.get("/services", summary="Published assets as services, paged")
@require("assets.view", hidden=True)
def service_list(request, search: str = "", page: PageNumber = 1, per_page: PageSize = 50, taxonomy_term_id: str = "",
                 taxonomy_id: str = "", minimum_age: Age = None, maximum_age: Age = None):
    page, per_page = _paging(page, per_page)
    assets = oruk.filter_services(oruk.published(), search, taxonomy_term_id, taxonomy_id, minimum_age, maximum_age)
    total = assets.count()
    items = [oruk.service(a, full=False) for a in assets[(page - 1) * per_page: page * per_page]]
    return _json(oruk.page(items, page, per_page, total))


@router.get("/services/{id}", summary="One published asset as a fully nested service")
@require("assets.view", hidden=True)
def service_detail(request, id: str):
    asset = _asset(id)
    return _json(oruk.service(asset)) if asset else _not_found("service")


@router.get("/taxonomies", summary="The taxonomies assets are tagged with")
@require("assets.view", hidden=True)
def taxonomy_list(request, page: PageNumber = 1, per_page: PageSize = 50):
    page, per_page = _paging(page, per_page)
    items = [oruk.taxonomy(key) for key in oruk.TAXONOMIES]
    return _json(oruk.page(items[(page - 1) * per_page: page * per_page], page, per_page, len(items)))


@router.get("/taxonomies/{id}", summary="One taxonomy")
@require("assets.view", hidden=True)
def taxonomy_detail(request, id: str):
    for key in oruk.TAXONOMIES:
        if oruk.uid("taxonomy", key) == id:
            return _json(oruk.taxonomy(key))
    return _not_found("taxonomy")


@router.get("/taxonomy_terms", summary="Themes and asset categories as taxonomy terms")
@require("assets.view", hidden=True)
def taxonomy_term_list(request, page: PageNumber = 1, per_page: PageSize = 50):
    page, per_page = _paging(page, per_page)
    terms = oruk.taxonomy_terms()
    items = [oruk.term_record(t) for t in terms[(page - 1) * per_page: page * per_page]]
    return _json(oruk.page(items, page, per_page, len(terms)))


@router.get("/taxonomy_terms/{id}", summary="One taxonomy term")
@require("assets.view", hidden=True)
def taxonomy_term_detail(request, id: str):
    for term in oruk.taxonomy_terms():
        if term["id"] == id:
            return _json(oruk.term_record(term))
    return _not_found("taxonomy term")


@router.get("/service_at_locations", summary="Published assets at their locations; postcode and proximity search")
@require("assets.view", hidden=True)
def service_at_location_list(request, search: str = "", page: PageNumber = 1, per_page: PageSize = 50, taxonomy_term_id: str = "",
                             taxonomy_id: str = "", minimum_age: Age = None, maximum_age: Age = None,
                             postcode: str = "", proximity: str = ""):
    page, per_page = _paging(page, per_page)
    assets = oruk.filter_services(oruk.published(), search, taxonomy_term_id, taxonomy_id, minimum_age, maximum_age)
    assets = assets.filter(latitude__isnull=False)
    if postcode and proximity:
        point = oruk.postcode_point(postcode)
        try:
            metres = float(proximity)
            if not 0 <= metres <= MOST_METRES:  # also false for nan
                raise ValueError
        except ValueError:
            return _json({"detail": f"proximity must be a distance in metres, up to {MOST_METRES}"}, status=400)
        if point is None:
            return _json({"detail": f"{postcode!r} is not a postcode we can place; no asset is recorded in it or its district"},
                         status=400)
        found = finding.near(assets, point[0], point[1], metres / 1000)
        total = len(found)
        pks = [pk for pk, _ in found[(page - 1) * per_page: page * per_page]]
        by_pk = Asset.objects.select_related("partner", "lsoa__local_authority").in_bulk(pks)
        chosen = [by_pk[pk] for pk in pks]
    else:
        if postcode:
            assets = oruk.at_postcode(assets, postcode)
        total = assets.count()
        chosen = list(assets[(page - 1) * per_page: page * per_page])
    items = [oruk.service_at_location(a, full=False) for a in chosen]
    return _json(oruk.page(items, page, per_page, total))


@router.get("/service_at_locations/{id}", summary="One published asset at its location, fully nested")
@require("assets.view", hidden=True)
def service_at_location_detail(request, id: str):
    try:
        asset = oruk.published().filter(latitude__isnull=False, uid=oruk.asset_uid_of_sal(id)).first()
    except ValueError:
        asset = None
    if asset is None:
        return _not_found("service at location")
    record = oruk.service_at_location(asset)
    record["service"] = {k: v for k, v in oruk.service(asset).items() if k != "service_at_locations"}
    return _json(record)
