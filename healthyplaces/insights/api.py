"""Insights in the REST API: search, with the same filters and redaction as the pages."""
from datetime import date

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from healthyplaces.accounts.permissions import require
from healthyplaces.api_params import Offset, PageSize
from healthyplaces.places.services import AreaNotFound, find_area

from . import search, services

router = Router(tags=["insights"])


class InsightOut(Schema):
    id: int
    kind: str
    summary: str
    quote: str
    redacted: bool
    conversation: str
    held_on: date
    themes: list[str]


class SearchOut(Schema):
    count: int
    ranked: bool  # best match first; false: newest first (no words, or words too common to rank by)
    results: list[InsightOut]
    counts: dict[str, list[tuple[str, str, int]]]


class SearchIn(Schema):
    q: str = ""
    area: str = ""
    theme: list[str] = []
    community: list[str] = []
    kind: list[str] = []
    limit: PageSize = 50
    offset: Offset = 0


@router.get("/search", response=SearchOut, summary="Search insights (text from other organisations is redacted)")
@require("insights.view", hidden=True)  # like drafts: reveal nothing to those who may not read it
def search_insights(request, params: Query[SearchIn]):
    filters = search.Filters(text=params.q, themes=params.theme, communities=params.community, kinds=params.kind)
    if params.area:
        try:
            filters.lsoa_codes = list(find_area(params.area, request.user).lsoas().values_list("code", flat=True))
        except AreaNotFound as error:
            raise HttpError(404, str(error)) from None
    found, counts = search.search(filters, user=request.user)
    limit = min(params.limit, 200)
    page = search.insights(found[params.offset:params.offset + limit])
    return {
        "count": len(found), "counts": counts, "ranked": found.ranked,
        "results": [{"id": s.insight.pk, "kind": s.insight.kind, "summary": s.summary, "quote": s.quote,
                     "redacted": not s.unredacted, "conversation": s.conversation_title,
                     "held_on": s.insight.conversation.held_on, "themes": [t.code for t in s.insight.themes.all()]}
                    for s in services.shown_all(page, request.user)],
    }
