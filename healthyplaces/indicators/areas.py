"""Which place an area code names: England, a region, an authority, a ward, an MSOA or an LSOA.

Codes are checked against the places part's tables, so an indicator value always belongs to a place
the platform knows. A code can name two kinds (a unitary authority is both a district and a county);
the source's area type then decides.
"""
from healthyplaces.places.models import LocalAuthority, Lsoa, Msoa, Region, Ward

from .models import AreaKind

ENGLAND = "E92000001"


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
    for code, name in (LocalAuthority.objects.filter(upper_tier_code__in=codes)
                       .values_list("upper_tier_code", "upper_tier_name").distinct()):
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
