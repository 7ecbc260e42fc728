from django.http import Http404
from ninja import Query, Router, Schema

from healthyplaces.accounts.permissions import require
from healthyplaces.api_params import Offset, PageSize

from .models import DEFAULT_EDITION, DOMAINS, Edition
from .services import (AreaNotFound, DomainSummary, decile_of, deprivation_summary, find_area, lsoa_profile, rank_of,
                       ranked_lsoas)

router = Router(tags=["places"])


class RankedLsoa(Schema):
    lsoa_code: str
    lsoa_name: str
    local_authority: str
    rank: int
    decile: int


class Page(Schema):
    count: int
    limit: int
    offset: int
    results: list[RankedLsoa]


class Filters(Schema):
    edition: Edition = DEFAULT_EDITION
    domain: str = "imd"
    limit: PageSize = 100
    offset: Offset = 0


def _area(request, code):
    try:
        return find_area(code, request.user)
    except AreaNotFound as error:
        raise Http404(str(error)) from None


@router.get("/areas/{code}/lsoas", response=Page, summary="An area's LSOAs, most deprived first")
@require("places.view", hidden=True)
def area_lsoas(request, code: str, filters: Query[Filters]):
    if filters.domain not in DOMAINS:
        raise Http404(f"Unknown domain {filters.domain!r}")
    try:
        rows = ranked_lsoas(_area(request, code), edition=filters.edition, domain=filters.domain)
    except ValueError as error:
        raise Http404(str(error)) from None
    limit = min(filters.limit, 1000)
    offset = filters.offset
    page = rows[offset: offset + limit]
    return {
        "count": rows.count(), "limit": limit, "offset": offset,
        "results": [{"lsoa_code": r.lsoa.code, "lsoa_name": r.lsoa.name, "local_authority": r.lsoa.local_authority.name,
                     "rank": rank_of(r, filters.domain), "decile": decile_of(r, filters.domain)} for r in page],
    }


@router.get("/areas/{code}/summary", response=list[DomainSummary], summary="Deprivation summary of an area")
@require("places.view", hidden=True)
def area_summary(request, code: str, edition: Edition = DEFAULT_EDITION):
    return deprivation_summary(_area(request, code), edition=edition)


@router.get("/lsoas/{code}", summary="One LSOA's ranks and deciles in every domain")
@require("places.view", hidden=True)
def lsoa(request, code: str, edition: Edition = DEFAULT_EDITION):
    profile = lsoa_profile(code, edition)
    if profile is None:
        raise Http404(f"No LSOA {code} in the {edition} edition")
    return {
        "code": profile["lsoa"].code, "name": profile["lsoa"].name, "edition": edition,
        "local_authority": profile["lsoa"].local_authority.name, "population_2015": profile["population"],
        "domains": [{"domain": d["key"], "label": d["label"], "rank": d["rank"], "decile": d["decile"]}
                    for d in profile["domains"]],
    }
