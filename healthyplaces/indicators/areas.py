"""Which place an area code names: England, a region, an authority, a ward, an MSOA or an LSOA.

Codes are checked against the places part's tables, so an indicator value always belongs to a place
the platform knows, current or former: every district and unitary authority since 2011 (with its
successor) and every county since 2009, from the ONS Code History Database
(`data/lookups/counties_code_history.csv`, see data/SOURCES.md). A code can name two kinds (a unitary
authority, a metropolitan district or a London borough is both a lower and an upper tier); the
source's area type then decides, so a file of "County & UA" values is one kind of area.
"""
import functools

from django.conf import settings

from healthyplaces.importing import Columns, Problems
from healthyplaces.places.models import LocalAuthority, Lsoa, Msoa, Region, Ward

from .models import AreaKind

ENGLAND = "E92000001"
COUNTIES = "lookups/counties_code_history.csv"
UNITARY = ("E06", "E08", "E09")  # unitary authorities, metropolitan districts, London boroughs: both tiers


@functools.cache
def counties():
    """{code: (name, [successor codes])} for every county code since 2009; a live county has no successors."""
    path = settings.DATA_DIR / COUNTIES
    problems = Problems()
    table = Columns(path.read_bytes(), COUNTIES, problems, ["CTYCD", "CTYNM", "SUCCESSORS"])
    problems.refuse_if_any()
    return {table.get(row, "CTYCD"): (table.get(row, "CTYNM"), [c for c in table.get(row, "SUCCESSORS").split(";") if c])
            for _, row in table.rows}


def successors(codes):
    """{code: [successor names]} for the former authorities and counties among the codes."""
    codes = set(codes)
    held = counties()
    found = {code: held[code][1] for code in codes if code in held and held[code][1]}
    for code, successor in (LocalAuthority.objects.filter(code__in=codes, is_current=False)
                            .values_list("code", "successor_id")):
        found[code] = [successor]
    names = dict(LocalAuthority.objects.filter(code__in={c for s in found.values() for c in s})
                 .values_list("code", "name"))
    return {code: [names.get(c, c) for c in found_codes] for code, found_codes in found.items()}


def resolve(codes):
    """{code: {kind: name}} for the codes that name a known place (unknown codes are left out)."""
    codes = set(codes)
    found = {}

    def add(code, kind, name):
        found.setdefault(code, {})[kind] = name

    if ENGLAND in codes:
        add(ENGLAND, AreaKind.ENGLAND, "England")
    for code, name in Region.objects.filter(code__in=codes).values_list("code", "name"):
        add(code, AreaKind.REGION, name)
    for code, name in LocalAuthority.objects.filter(code__in=codes).values_list("code", "name"):
        add(code, AreaKind.LOCAL_AUTHORITY, name)
        if code.startswith(UNITARY):
            add(code, AreaKind.UPPER_TIER, name)
    for code, name in (LocalAuthority.objects.filter(upper_tier_code__in=codes)
                       .values_list("upper_tier_code", "upper_tier_name").distinct()):
        add(code, AreaKind.UPPER_TIER, name)
    for code, (name, _) in counties().items():
        if code in codes:
            add(code, AreaKind.UPPER_TIER, name)
    for model, kind in ((Ward, AreaKind.WARD), (Msoa, AreaKind.MSOA)):
        for code, name in model.objects.filter(code__in=codes).values_list("code", "name"):
            add(code, kind, name)
    for code, name in Lsoa.objects.filter(code__in=codes).order_by("vintage").values_list("code", "name"):
        add(code, AreaKind.LSOA, name)
    return found


def choose_kind(kinds, area_type):
    """The kind of a code that names several: counties by the area type's wording, else the district."""
    if len(kinds) == 1:
        return next(iter(kinds))
    text = area_type.lower()
    if AreaKind.UPPER_TIER in kinds and ("count" in text or "upper" in text or "utla" in text):
        return AreaKind.UPPER_TIER
    for kind in (AreaKind.LOCAL_AUTHORITY, AreaKind.UPPER_TIER, AreaKind.REGION):
        if kind in kinds:
            return kind
    return next(iter(kinds))


def area_url(kind, code):
    """The area's profile page, where the platform has one."""
    from django.urls import reverse

    if kind == AreaKind.LOCAL_AUTHORITY:
        return reverse("places:local_authority", args=[code])
    if kind == AreaKind.LSOA:
        return reverse("places:lsoa", args=[code])
    return ""
