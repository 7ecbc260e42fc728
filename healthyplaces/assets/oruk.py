"""Published assets as Open Referral UK 3.0 (HSDS UK profile) records.

Each asset is a service with one location. Organisations, locations, taxonomies and terms get
stable UUIDs derived from our own ids, so the same asset always has the same identifiers. Empty
optional fields are left out, never null. A person is served only if they agreed to be listed, and
then at their LSOA's centroid, with no address or contact details, unless they agreed to those being
published (see services, "People as assets").
"""
import math
import uuid

from django.db.models import Q

from . import checking, finding
from .models import PLACE_WITHHELD, Asset, Category

NAMESPACE = uuid.UUID("6f1c3f0e-3a5b-4b8e-9a55-6b7f1f0f4a11")
PROFILE = "https://github.com/openreferral/uk-profile"
THEMES_TAXONOMY = "dahlgren_whitehead_rainbow"
CATEGORY_TAXONOMY = "healthyplaces_asset_category"
TAXONOMIES = {
    THEMES_TAXONOMY: ("Determinants of health (Dahlgren and Whitehead)",
                      "The main determinants of health, after Dahlgren and Whitehead (1991), with two platform themes."),
    CATEGORY_TAXONOMY: ("Kinds of community asset",
                        "People and their skills, associations, institutions, physical spaces, economic and cultural assets."),
}
MAX_PER_PAGE = 500


# A service-at-location's id is its asset's UUID with the node bits flipped: stable, and reversible
# without a lookup table (the version and variant bits are untouched).
SAL_MASK = 0x5A5A5A5A5A5A


def sal_id(asset_uid):
    return str(uuid.UUID(int=uuid.UUID(str(asset_uid)).int ^ SAL_MASK))


def asset_uid_of_sal(text):
    return uuid.UUID(int=uuid.UUID(text).int ^ SAL_MASK)


def uid(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def _clean(record):
    """Drop empty optional values (None, '', [], {}) at every level."""
    if isinstance(record, dict):
        out = {}
        for key, value in record.items():
            value = _clean(value)
            if value not in (None, "", [], {}):
                out[key] = value
        return out
    if isinstance(record, list):
        return [_clean(v) for v in record if _clean(v) not in (None, "", [], {})]
    return record


def taxonomy(key):
    name, description = TAXONOMIES[key]
    return {"id": uid("taxonomy", key), "name": name, "description": description, "version": "1"}


def taxonomy_terms():
    terms = []
    for key, (name, parent) in checking.themes().items():
        terms.append({"id": uid("term", THEMES_TAXONOMY, key), "name": name, "description": name,
                      "code": key, "parent_id": uid("term", THEMES_TAXONOMY, parent) if parent else None,
                      "taxonomy": TAXONOMIES[THEMES_TAXONOMY][0], "taxonomy_id": uid("taxonomy", THEMES_TAXONOMY),
                      "term": key})
    for category in Category:
        terms.append({"id": uid("term", CATEGORY_TAXONOMY, category.value), "name": category.label,
                      "description": category.label, "code": category.value,
                      "taxonomy": TAXONOMIES[CATEGORY_TAXONOMY][0], "taxonomy_id": uid("taxonomy", CATEGORY_TAXONOMY),
                      "term": category.value})
    return terms


def term_record(term):
    return _clean({k: v for k, v in term.items() if k != "code"})


def _organisation(asset):
    name = asset.provider or asset.partner.name
    record = {"id": uid("organisation", name), "name": name,
              "description": f"Provides {asset.name}" if asset.provider else f"{name}, a Healthy Places partner"}
    if not asset.provider and asset.partner.website:
        record["website"] = asset.partner.website
    return record


def _terms_for(asset):
    by_code = {(t["taxonomy_id"], t["code"]): t for t in taxonomy_terms()}
    chosen = [by_code[(uid("taxonomy", CATEGORY_TAXONOMY), asset.category)]]
    chosen += [by_code[(uid("taxonomy", THEMES_TAXONOMY), t)] for t in asset.theme_ids
               if (uid("taxonomy", THEMES_TAXONOMY), t) in by_code]
    return chosen


def service(asset, full=True):
    """An asset as an ORUK service: the list form (one-to-one fields) or the full, nested form."""
    contact = not asset.place_withheld
    record = {
        "id": str(asset.uid), "organization_id": _organisation(asset)["id"], "name": asset.name,
        "description": asset.description, "url": asset.website if contact else "", "email": asset.email if contact else "",
        "status": "active", "fees": asset.cost, "minimum_age": asset.minimum_age, "maximum_age": asset.maximum_age,
        "assured_date": asset.last_checked.isoformat() if asset.last_checked else None,
        "last_modified": asset.updated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "organization": _organisation(asset),
    }
    if full:
        record["service_at_locations"] = [service_at_location(asset, nested=True)] if asset.latitude is not None else []
        record["schedules"] = [{"id": uid("schedule", asset.uid), "service_id": str(asset.uid),
                                "description": asset.opening_times}] if asset.opening_times else []
        record["contacts"] = [{"id": uid("contact", asset.uid), "service_id": str(asset.uid),
                               "name": asset.contact_name}] if contact and asset.contact_name else []
        record["attributes"] = [{"id": uid("attribute", asset.uid, t["id"]), "link_id": str(asset.uid),
                                 "link_type": "service", "taxonomy_term_id": t["id"], "taxonomy_term": term_record(t)}
                                for t in _terms_for(asset)]
    return _clean(record)


def location(asset, full=True):
    # A person's whereabouts, without their consent, only to their LSOA's centroid and with no address.
    private = asset.place_withheld
    if private:
        latitude, longitude = (asset.lsoa.latitude, asset.lsoa.longitude) if asset.lsoa_id else (None, None)
    else:
        latitude, longitude = asset.latitude, asset.longitude
    record = {"id": uid("location", asset.uid), "location_type": "physical", "name": asset.name,
              "latitude": latitude, "longitude": longitude}
    if full and not private and (asset.address or asset.postcode):
        authority = asset.lsoa.local_authority if asset.lsoa_id else None
        record["addresses"] = [{
            "id": uid("address", asset.uid), "location_id": record["id"], "address_1": asset.address or asset.postcode,
            "city": authority.name if authority else "", "state_province": (authority.upper_tier_name or authority.name) if authority else "",
            "postal_code": asset.postcode, "country": "GB", "address_type": "physical"}]
    if full and asset.accessibility:
        record["accessibility"] = [{"id": uid("accessibility", asset.uid), "location_id": record["id"],
                                    "description": asset.accessibility}]
    return record


def service_at_location(asset, nested=False, full=True):
    record = {"id": sal_id(asset.uid), "service_id": str(asset.uid),
              "location_id": uid("location", asset.uid), "location": location(asset, full=full)}
    if not nested:
        record["service"] = service(asset, full=False)
    return _clean(record)


def page(items, number, per_page, total):
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number >= pages, "empty": total == 0, "contents": items}


def published():
    return Asset.objects.public().select_related("partner", "lsoa__local_authority")


def filter_services(assets, search="", taxonomy_term_id="", taxonomy_id="", minimum_age=None, maximum_age=None):
    if search:
        assets = finding.filter_assets(assets, q=search)
    terms = {t["id"]: t for t in taxonomy_terms()}
    if taxonomy_term_id:
        term = terms.get(taxonomy_term_id)
        if term is None:
            return assets.none()
        if term["taxonomy_id"] == uid("taxonomy", CATEGORY_TAXONOMY):
            assets = assets.filter(category=term["code"])
        else:
            assets = assets.filter(themes__contains=f",{term['code']},")
    if taxonomy_id:
        if taxonomy_id == uid("taxonomy", THEMES_TAXONOMY):
            assets = assets.exclude(themes="")
        elif taxonomy_id != uid("taxonomy", CATEGORY_TAXONOMY):
            return assets.none()
    if minimum_age is not None:
        assets = assets.exclude(minimum_age__lt=minimum_age)
    if maximum_age is not None:
        assets = assets.exclude(maximum_age__gt=maximum_age)
    return assets


def at_postcode(assets, postcode):
    """The assets at a postcode; a person whose place is withheld matches on the postcode's district alone."""
    normal = checking.normalise_postcode(postcode)
    if not normal:
        return assets.none()
    return assets.filter((Q(postcode=normal) & ~PLACE_WITHHELD)
                         | (PLACE_WITHHELD & Q(postcode_district=checking.postcode_district(normal))))


def postcode_point(postcode):
    """A postcode's position from the published assets held there whose place is public (exact postcode, else its
    district); None if unknown.

    We hold no postcode directory, so a postcode nobody has recorded such an asset at cannot be placed.
    """
    normal = checking.normalise_postcode(postcode)
    if not normal:
        return None
    for lookup in ({"postcode": normal}, {"postcode_district": checking.postcode_district(normal)}):
        points = list(Asset.objects.public().exclude(PLACE_WITHHELD).filter(latitude__isnull=False, **lookup)
                      .values_list("latitude", "longitude")[:500])
        if points:
            return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return None
