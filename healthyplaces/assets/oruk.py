"""Published assets as Open Referral UK 3.0 (HSDS UK profile) records.

Each asset is a service with one location. Organisations, locations, taxonomies and terms get
stable UUIDs derived from our own ids, so the same asset always has the same identifiers. Empty
optional fields are left out, never null. A person is served only if they agreed to be listed, and
then at their LSOA's centroid, with no address or contact details, unless they agreed to those being
published (see services, "People as assets").

What an imported record said beyond our columns (`Asset.details`, see oruk_reading) is published again
in the standard's own fields: phones, schedules, cost options, languages, service areas, the alert, the
organisation's and the location's details, and the source's ids as attributes (taxonomy
"healthyplaces_source_identifier", the id in `value`), so a council can match a record with its own feed.
Where the platform has the same thing as a column (the phone, the opening times, the address …), the
column is what people edit: the record's structured form is published while it still says the same,
and the column alone once someone has changed it. A few fields the UK profile leaves out come from
HSDS 3.0, which it profiles (`phones`, `eligibility_description`, `fees_description`, a language's
name and code, an attribute's `value`); its schemas allow them.
"""
import math
import uuid

from django.db.models import Q

from . import checking, finding, oruk_reading
from .models import PLACE_WITHHELD, Asset, Category

NAMESPACE = uuid.UUID("6f1c3f0e-3a5b-4b8e-9a55-6b7f1f0f4a11")
PROFILE = "https://github.com/openreferral/uk-profile"
THEMES_TAXONOMY = "dahlgren_whitehead_rainbow"
CATEGORY_TAXONOMY = "healthyplaces_asset_category"
SOURCE_TAXONOMY = "healthyplaces_source_identifier"
SOURCE_TERMS = {"service_id": "Service id in the source feed",
                "service_at_location_id": "Service-at-location id in the source feed",
                "location_id": "Location id in the source feed",
                "organization_id": "Organisation id in the source feed"}
TAXONOMIES = {
    THEMES_TAXONOMY: ("Determinants of health (Dahlgren and Whitehead)",
                      "The main determinants of health, after Dahlgren and Whitehead (1991), with two platform themes."),
    CATEGORY_TAXONOMY: ("Kinds of community asset",
                        "People and their skills, associations, institutions, physical spaces, economic and cultural assets."),
    SOURCE_TAXONOMY: ("Identifiers in the feed a record came from",
                      "The ids an imported Open Referral record had in its source; the attribute's value is the id."),
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
    for key, name in SOURCE_TERMS.items():
        terms.append({"id": uid("term", SOURCE_TAXONOMY, key), "name": name, "description": name, "code": key,
                      "taxonomy": TAXONOMIES[SOURCE_TAXONOMY][0], "taxonomy_id": uid("taxonomy", SOURCE_TAXONOMY),
                      "term": key})
    return terms


def term_record(term):
    return _clean({k: v for k, v in term.items() if k != "code"})


def _organisation(asset, full=True):
    name = asset.provider or asset.partner.name
    record = {"id": uid("organisation", name), "name": name,
              "description": f"Provides {asset.name}" if asset.provider else f"{name}, a Healthy Places partner"}
    if not asset.provider and asset.partner.website:
        record["website"] = asset.partner.website
    given = asset.details.get("organisation", {})
    if asset.provider and given.get("name") == asset.provider:
        record.update({k: v for k, v in given.items() if k != "name"})
        if full:
            record["organization_identifiers"] = [
                {"id": uid("organisation_identifier", record["id"], i), "organization_id": record["id"], **identifier}
                for i, identifier in enumerate(asset.details.get("organisation_identifiers", []))]
    return record


def _while_unchanged(column, items, text):
    """The record's structured items while the asset's column still says what they said; else None."""
    return items if items and text(items) == column else None


def _led_by(column, items, key):
    """The record's items, the first being the column's value: a web edit changes the column."""
    if not column:
        return []
    return items if items and items[0].get(key) == column else [{key: column}] + items[1:]


def _numbered(asset, kind, items, **links):
    # The first keeps the id it had when an asset published one of each.
    return [{"id": uid(kind, asset.uid, *([i] if i else [])), **links, **item} for i, item in enumerate(items)]


def _schedules(asset):
    schedules = _while_unchanged(asset.opening_times, asset.details.get("schedules"), oruk_reading.opening_text)
    if schedules is None:
        schedules = [{"description": asset.opening_times}] if asset.opening_times else []
    return _numbered(asset, "schedule", schedules, service_id=str(asset.uid))


def _source_attributes(asset):
    terms = {t["code"]: t for t in taxonomy_terms() if t["taxonomy_id"] == uid("taxonomy", SOURCE_TAXONOMY)}
    return [{"id": uid("attribute", asset.uid, terms[key]["id"]), "link_id": str(asset.uid), "link_type": "service",
             "link_entity": "service", "taxonomy_term_id": terms[key]["id"], "taxonomy_term": term_record(terms[key]),
             "value": value}
            for key, value in asset.details.get("source", {}).items() if key in terms]


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
        "status": "active", "fees": asset.cost, "fees_description": asset.details.get("fees_description"),
        "eligibility_description": asset.eligibility, "minimum_age": asset.minimum_age, "maximum_age": asset.maximum_age,
        "alert": asset.details.get("alert"),
        "assured_date": asset.last_checked.isoformat() if asset.last_checked else None,
        "last_modified": asset.updated_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "organization": _organisation(asset, full=full),
    }
    if full:
        record["service_at_locations"] = [service_at_location(asset, nested=True)] if asset.latitude is not None else []
        if contact:
            record["phones"] = _numbered(asset, "phone", _led_by(asset.phone, asset.details.get("phones", []), "number"))
            record["contacts"] = _numbered(asset, "contact", _led_by(asset.contact_name, asset.details.get("contacts", []),
                                                                     "name"), service_id=str(asset.uid))
        record["schedules"] = _schedules(asset)
        record["cost_options"] = _numbered(asset, "cost_option", asset.details.get("cost_options", []),
                                           service_id=str(asset.uid))
        record["languages"] = _numbered(asset, "language", asset.details.get("languages", []), service_id=str(asset.uid))
        record["service_areas"] = _numbered(asset, "service_area", asset.details.get("service_areas", []),
                                            service_id=str(asset.uid))
        record["attributes"] = [{"id": uid("attribute", asset.uid, t["id"]), "link_id": str(asset.uid),
                                 "link_type": "service", "taxonomy_term_id": t["id"], "taxonomy_term": term_record(t)}
                                for t in _terms_for(asset)] + _source_attributes(asset)
    return _clean(record)


def location(asset, full=True):
    # A person's whereabouts, without their consent, only to their LSOA's centroid and with no address.
    private = asset.place_withheld
    if private:
        latitude, longitude = (asset.lsoa.latitude, asset.lsoa.longitude) if asset.lsoa_id else (None, None)
    else:
        latitude, longitude = asset.latitude, asset.longitude
    given = asset.details.get("location", {}) if not private else {}
    record = {"id": uid("location", asset.uid), "location_type": "physical", "name": asset.name, **given,
              "latitude": latitude, "longitude": longitude}
    if full and not private and (asset.address or asset.postcode):
        authority = asset.lsoa.local_authority if asset.lsoa_id else None
        address = {"address_1": asset.address or asset.postcode,
                   "city": authority.name if authority else "",
                   "state_province": (authority.upper_tier_name or authority.name) if authority else "",
                   "postal_code": asset.postcode, "country": "GB", "address_type": "physical"}
        structured = asset.details.get("address", {})
        if structured and oruk_reading.address_text(structured) == asset.address and structured.get("postal_code") == asset.postcode:
            address.update(structured)
        record["addresses"] = [{"id": uid("address", asset.uid), "location_id": record["id"], **address}]
    if full and asset.accessibility:
        accessibility = _while_unchanged(asset.accessibility, asset.details.get("accessibility"),
                                         oruk_reading.accessibility_text)
        record["accessibility"] = _numbered(asset, "accessibility", accessibility or [{"description": asset.accessibility}],
                                            location_id=record["id"])
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
        elif term["taxonomy_id"] == uid("taxonomy", SOURCE_TAXONOMY):
            assets = assets.filter(**{"details__source__has_key": term["code"]})
        else:
            assets = assets.filter(themes__contains=f",{term['code']},")
    if taxonomy_id:
        if taxonomy_id == uid("taxonomy", THEMES_TAXONOMY):
            assets = assets.exclude(themes="")
        elif taxonomy_id == uid("taxonomy", SOURCE_TAXONOMY):
            assets = assets.filter(details__has_key="source")
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
