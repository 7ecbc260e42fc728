"""Reading Open Referral records (ORUK 3.0, HSDS 3.0) into assets: everything the platform holds, nothing invented.

Three layouts come in, each turned into the same nested service record and read by `from_service`:
- JSON: a service, a service-at-location, a list of them or the standard's paged wrapper (`json_records`);
- an HSDS 3.0 tabular data package: the CSV files (services.csv, locations.csv, phones.csv …) of a
  `datapackage.json`, as a zip or a folder (`package_records`), joined by their ids;
- the flattened service-at-location CSV some councils publish (`sal_id`, `sal_name`, `n/a` for empty; `flat_records`).

A record gives the asset's columns (name, description, the first phone, the opening times' text …) and its
`details`: what no column holds, in the standard's own field names (DETAILS), which `oruk.py` publishes again.
The source's ids are kept in `details["source"]`, so a council can match what we publish with its own feed.
"""
import ast
import json
import re
from dataclasses import dataclass, field
from datetime import date

from . import checking, oruk
from .models import Category

# What is kept of each kind of record, by the standard's field names (HSDS 3.0; ORUK 3.0 is its UK profile).
DETAILS = {
    "phones": ["number", "extension", "type", "description"],
    "schedules": ["freq", "interval", "byday", "bymonthday", "byweekno", "byyearday", "wkst", "opens_at", "closes_at",
                  "dtstart", "until", "count", "timezone", "valid_from", "valid_to", "description", "notes",
                  "attending_type", "schedule_link"],
    "cost_options": ["option", "amount", "currency", "amount_description", "valid_from", "valid_to"],
    "languages": ["name", "code", "note"],
    "service_areas": ["name", "description", "service_area", "extent", "extent_type", "uri"],
    "contacts": ["name", "title", "department", "email"],
    "accessibility": ["description", "details", "url", "accessibility"],
    "address": ["attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country",
                "address_type"],
    "location": ["name", "description", "external_identifier", "external_identifier_type"],
    "organisation": ["name", "description", "email", "website"],
    "organisation_identifiers": ["identifier_scheme", "identifier_type", "identifier"],
}
SOURCE_IDS = ["service_id", "service_at_location_id", "location_id", "organization_id"]
DAYS = re.compile(r"^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
FREQUENCIES = ("WEEKLY", "MONTHLY")  # the standard's list
DATES = ("valid_from", "valid_to", "dtstart", "until")
WHOLE = ("interval", "count", "extension")
LONGEST_TEXT = 5000  # characters in one detail; a service's whole description has its own column
MOST_ITEMS = 50  # of one kind (phones, schedules …) in one record
EMPTY = ("", "n/a", "N/A", "null", "None")
DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday",
             "SU": "Sunday"}
# Words in a record's taxonomy terms that say which kind of asset it is; anything else is a service.
CATEGORY_WORDS = {
    Category.ASSOCIATION: ["group", "groups", "club", "clubs", "society", "societies", "association", "associations",
                           "network", "networks", "befriending", "choir", "choirs", "faith community"],
    Category.SPACE: ["park", "parks", "playground", "playgrounds", "allotment", "allotments", "green space",
                     "green spaces", "open space", "open spaces", "community centre", "community centres",
                     "community hall", "community halls", "venue", "venues", "room hire"],
    Category.CULTURAL: ["arts", "art", "culture", "museum", "museums", "heritage", "music", "theatre",
                        "library", "libraries", "festival", "festivals"],
    Category.ECONOMIC: ["business", "businesses", "employer", "employers", "credit union", "credit unions",
                        "social enterprise", "social enterprises", "market", "markets", "shop", "shops"],
}


@dataclass
class Record:
    """One asset as read from a feed: where it is (line and the record's own name), its raw values for
    `checking.check_asset`, its details, and what is wrong with its details."""

    line: int
    where: str
    raw: dict
    details: dict
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def _text(value):
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = str(value).strip()
    return "" if text in EMPTY else text


def _list(value):
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value):
    number = float(value)
    return int(number) if number == int(number) else number


def _kept(kind, item, reasons, label):
    """The fields of one item that the platform keeps, checked: times, days, dates and numbers as the standard
    has them. What is wrong goes to `reasons`, naming the item ("schedule 1: opens_at …")."""
    kept = {}
    for name in DETAILS[kind]:
        value = item.get(name)
        text = _text(value)
        if not text:
            continue
        if name == "number":
            text = text.strip('"').strip()
            if not checking.PHONE.match(text):
                reasons.append(f"{label}: {text!r} is not a telephone number")
                continue
        elif name in ("opens_at", "closes_at") and not TIME.match(text):
            reasons.append(f"{label}: {name} {text!r} is not a time of day (HH:MM or HH:MM:SS)")
            continue
        elif name in ("byday", "wkst"):
            text = re.sub(r"(\d):", r"\1", text.upper().replace(" ", ""))  # "2:WE", as some feeds write RRULE's 2WE
            if not all(DAYS.match(day) for day in text.split(",")):
                reasons.append(f"{label}: byday {text!r} is not a list of days (MO,TU,WE,TH,FR,SA,SU)")
                continue
        elif name == "freq":
            text = text.upper()
            if text not in FREQUENCIES:
                reasons.append(f"{label}: freq {text!r} is not one of {', '.join(FREQUENCIES)}")
                continue
        elif name in DATES:
            try:
                date.fromisoformat(text[:10])
            except ValueError:
                reasons.append(f"{label}: {name} {text!r} is not a date (YYYY-MM-DD)")
                continue
            text = text[:10]
        elif name in WHOLE or name in ("amount", "timezone"):
            try:
                number = _number(text)
            except (ValueError, OverflowError):
                number = None
            if number is None or (name in WHOLE and (not isinstance(number, int) or number < 0)):
                reasons.append(f"{label}: {name} {text!r} is not {'a whole number' if name in WHOLE else 'a number'}")
                continue
            kept[name] = number
            continue
        if len(text) > LONGEST_TEXT:
            reasons.append(f"{label}: {name} is longer than {LONGEST_TEXT:,} characters")
            continue
        kept[name] = text
    return kept


def _many(kind, items, reasons, singular):
    """The items kept of one kind; one given twice (by its id, as a service's and its location's) is read once."""
    kept, seen = [], set()
    unique = []
    for item in items:
        key = _text(item.get("id")) or json.dumps(item, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    for number, item in enumerate(unique, start=1):
        one = _kept(kind, item, reasons, f"{singular} {number}")
        if one and one not in kept:
            kept.append(one)
    if len(kept) > MOST_ITEMS:
        reasons.append(f"{len(kept)} {kind.replace('_', ' ')}; one record may have at most {MOST_ITEMS}")
    return kept


def opening_text(schedules):
    """The opening times as the asset's text: each schedule's own description, else what its times say."""
    parts = []
    for schedule in schedules:
        if schedule.get("description"):
            parts.append(schedule["description"])
            continue
        words = []
        if schedule.get("freq"):
            every = schedule.get("interval", 1)
            unit = "week" if schedule["freq"] == "WEEKLY" else "month"
            words.append(f"every {unit}" if every == 1 else f"every {every} {unit}s")
        if schedule.get("byday"):
            days = [DAY_NAMES.get(day[-2:], day) for day in schedule["byday"].split(",")]
            words.append("on " + ", ".join(days))
        if schedule.get("opens_at"):
            words.append("from " + schedule["opens_at"][:5] + (f" to {schedule['closes_at'][:5]}" if schedule.get("closes_at") else ""))
        if words:
            text = " ".join(words)
            parts.append(text[0].upper() + text[1:])
    return "; ".join(parts)


def cost_text(fees, cost_options):
    """The cost as the asset's text: the record's fees, else its cost options."""
    if fees:
        return fees
    parts = []
    for option in cost_options:
        amount = option.get("amount")
        words = [option.get("option", ""), f"{amount:g}" if amount is not None else "", option.get("amount_description", "")]
        parts.append(" ".join(w for w in words if w))
    return "; ".join(p for p in parts if p)


def accessibility_text(accessibility):
    return "; ".join(a["description"] for a in accessibility if a.get("description"))


def address_text(address):
    return ", ".join(address[k] for k in ("address_1", "address_2", "city") if address.get(k))


def category_of(terms):
    """The kind of asset a record's taxonomy terms say it is: our own category term if it carries one, else the kind
    whose words its terms use most; a service ("institution") when they say nothing about it."""
    votes = {}
    for term in terms:
        if _ours(term, oruk.CATEGORY_TAXONOMY) and term.get("term") in Category.values:
            return term["term"]
        text = " " + re.sub(r"[^a-z]+", " ", " ".join(_text(term.get(k)).lower() for k in ("name", "term"))) + " "
        for category, words in CATEGORY_WORDS.items():
            if any(f" {word} " in text for word in words):
                votes[category] = votes.get(category, 0) + 1
    if not votes:
        return Category.INSTITUTION.value
    return max(votes, key=lambda c: (votes[c], -list(CATEGORY_WORDS).index(c))).value


def themes_of(terms):
    """Theme ids from terms of our own themes taxonomy (a record we published, coming back)."""
    return [term["term"] for term in terms if _ours(term, oruk.THEMES_TAXONOMY) and term.get("term") in checking.themes()]


def _ours(term, key):
    return term.get("taxonomy_id") == oruk.uid("taxonomy", key) or term.get("taxonomy") == oruk.TAXONOMIES[key][0]


def _terms(*holders):
    terms = []
    for holder in holders:
        for attribute in _list(holder.get("attributes")):
            if isinstance(attribute.get("taxonomy_term"), dict):
                terms.append(attribute["taxonomy_term"])
        terms += _list(holder.get("taxonomy_terms"))
    return terms


def from_service(line, service, location=None, sal=None, *, where=""):
    """One nested service record (with the service-at-location and location it is read at) as a Record."""
    location, sal = location or {}, sal or {}
    reasons = []
    organisation = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    contacts = _list(service.get("contacts")) + _list(sal.get("contacts"))
    phones = [p for holder in (service, sal, location, *contacts) for p in _list(holder.get("phones"))]
    schedules = _list(service.get("schedules")) + _list(sal.get("schedules")) + _list(location.get("schedules"))
    addresses = _list(location.get("addresses"))
    details = {
        "source": {k: v for k, v in zip(SOURCE_IDS, (service.get("id"), sal.get("id"), location.get("id"),
                                                       organisation.get("id") or service.get("organization_id")))
                   if _text(v)},
        "alert": _text(service.get("alert")),
        "fees_description": _text(service.get("fees_description")),
        "phones": _many("phones", phones, reasons, "phone"),
        "schedules": _many("schedules", schedules, reasons, "schedule"),
        "cost_options": _many("cost_options", _list(service.get("cost_options")), reasons, "cost option"),
        "languages": _many("languages", _list(service.get("languages")), reasons, "language"),
        "service_areas": _many("service_areas", _list(service.get("service_areas")), reasons, "service area"),
        "contacts": _many("contacts", contacts, reasons, "contact"),
        "accessibility": _many("accessibility", _list(location.get("accessibility")), reasons, "accessibility"),
        "address": _kept("address", addresses[0], reasons, "address") if addresses else {},
        "location": _kept("location", location, reasons, "location"),
        "organisation": _kept("organisation", organisation, reasons, "organisation"),
        "organisation_identifiers": _many("organisation_identifiers", _list(organisation.get("organization_identifiers")),
                                          reasons, "organisation identifier"),
    }
    details["source"] = {k: str(v)[:200] for k, v in details["source"].items()}
    details = {k: v for k, v in details.items() if v}
    terms = _terms(service)
    fees = _text(service.get("fees")) or details.get("fees_description", "")
    cost = cost_text(fees, details.get("cost_options", []))
    if len(cost) > checking.LIMITS["cost"]:
        cost = cost[:checking.LIMITS["cost"] - 1] + "…"  # the whole text stays in fees_description or cost_options
    eligibility = _text(service.get("eligibility_description")) or "; ".join(
        _text(e.get("eligibility")) for e in _list(service.get("eligibility")) if _text(e.get("eligibility")))
    raw = {
        "external_id": _text(service.get("id")) or _text(sal.get("id")), "name": _text(service.get("name")),
        "description": _text(service.get("description")), "category": category_of(terms), "themes": themes_of(terms),
        "email": _text(service.get("email")), "website": _text(service.get("url")), "cost": cost,
        "minimum_age": service.get("minimum_age"), "maximum_age": service.get("maximum_age"),
        "eligibility": eligibility, "provider": _text(organisation.get("name")),
        "phone": details["phones"][0]["number"] if details.get("phones") else "",
        "contact_name": next((c["name"] for c in details.get("contacts", []) if c.get("name")), ""),
        "opening_times": opening_text(details.get("schedules", [])),
        "last_checked": _text(service.get("assured_date")), "published": _text(service.get("status")) in ("", "active"),
        "address": address_text(details.get("address", {})), "postcode": details.get("address", {}).get("postal_code", ""),
        "latitude": _coordinate(location.get("latitude")), "longitude": _coordinate(location.get("longitude")),
        "accessibility": accessibility_text(details.get("accessibility", [])),
    }
    name = raw["name"] or "(no name)"
    where = (where or f"line {line}") + f", service {name!r}" + (f" ({raw['external_id']})" if raw["external_id"] else "")
    return Record(line, where, raw, details, reasons)


def _coordinate(value):
    return None if _text(value) == "" else value


# JSON


def json_records(document, text):
    """Services or service-at-locations from a JSON document: one, a list, or the standard's paged wrapper.
    Raises ValueError if it holds neither."""
    items = document.get("contents", [document]) if isinstance(document, dict) else document
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError("expected Open Referral UK services or service_at_locations")
    records = []
    for number, item in enumerate(items, start=1):
        line = _line_of(text, item.get("id")) or number
        if isinstance(item.get("service"), dict):  # a service at a location
            records.append(from_service(line, item["service"], item.get("location"), item))
            continue
        sals = [sal for sal in _list(item.get("service_at_locations")) if isinstance(sal.get("location"), dict)]
        record = from_service(line, item, sals[0]["location"] if sals else None, sals[0] if sals else None)
        if len(sals) > 1:
            record.warnings.append(f"it is at {len(sals)} locations; an asset has one place, so only the first is kept")
        records.append(record)
    return records


def _line_of(text, value):
    position = text.find(f'"{value}"') if value else -1
    return text.count("\n", 0, position) + 1 if position >= 0 else None


# HSDS tabular data package

# The package's tables, by the names HSDS gives them and the singular names some packages use.
TABLES = {"services": "service", "organizations": "organization", "locations": "location", "addresses": "address",
          "phones": "phone", "schedules": "schedule", "contacts": "contact", "cost_options": "cost_option",
          "service_at_locations": "service_at_location", "languages": "language", "service_areas": "service_area",
          "accessibility": "accessibilities", "organization_identifiers": "organization_identifier",
          "attributes": "attribute", "taxonomy_terms": "taxonomy_term"}


def table_name(name):
    """A package's resource or file name as one of TABLES ('service_at_location.csv' → 'service_at_locations')."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".csv").lower().replace("-", "_")
    return next((table for table, other in TABLES.items() if stem in (table, other)), None)


def package_records(tables):
    """Services from an HSDS tabular package: {table: (file name, [(line, {column: value})])}, joined by their ids."""
    def rows(table):
        return tables.get(table, ("", []))[1]

    def by(table, key):
        grouped = {}
        for _, row in rows(table):
            if _text(row.get(key)):
                grouped.setdefault(row[key].strip(), []).append(row)
        return grouped

    organisations = {r["id"].strip(): r for _, r in rows("organizations") if _text(r.get("id"))}
    locations = {r["id"].strip(): r for _, r in rows("locations") if _text(r.get("id"))}
    terms = {r["id"].strip(): r for _, r in rows("taxonomy_terms") if _text(r.get("id"))}
    joined = {table: by(table, "service_id") for table in ("phones", "schedules", "contacts", "cost_options",
                                                            "languages", "service_areas", "service_at_locations")}
    at_location = {table: by(table, "location_id") for table in ("addresses", "accessibility", "phones", "schedules")}
    identifiers = by("organization_identifiers", "organization_id")
    attributes = by("attributes", "link_id")
    services_file = tables.get("services", ("services.csv", []))[0]
    records = []
    for line, row in rows("services"):
        service = dict(row)
        service_id = _text(row.get("id"))
        reasons = []
        organisation_id = _text(row.get("organization_id"))
        if organisation_id and organisation_id not in organisations and organisations:
            reasons.append(f"organization_id {organisation_id!r} is not in {tables['organizations'][0]}")
        organisation = dict(organisations.get(organisation_id, {}))
        organisation["organization_identifiers"] = identifiers.get(organisation_id, [])
        service["organization"] = organisation
        for table in ("phones", "schedules", "contacts", "cost_options", "languages", "service_areas"):
            service[table] = joined[table].get(service_id, [])
        service["attributes"] = [{"taxonomy_term": terms[a["taxonomy_term_id"].strip()]}
                                 for a in attributes.get(service_id, []) if _text(a.get("taxonomy_term_id")) in terms]
        sals = joined["service_at_locations"].get(service_id, [])
        sal = sals[0] if sals else {}
        location = dict(locations.get(_text(sal.get("location_id")), {}))
        if sal and not location:
            reasons.append(f"its location {sal.get('location_id')!r} is not in the package's locations")
        for table in ("addresses", "accessibility"):
            location[table] = at_location[table].get(location.get("id", "").strip(), []) if location else []
        # A phone or schedule of the location belongs to the service there too; the same one twice is kept once.
        for table in ("phones", "schedules"):
            service[table] = service[table] + [r for r in at_location[table].get(_text(location.get("id")), [])
                                               if _text(r.get("service_id")) in ("", service_id)]
        record = from_service(line, service, location or None, sal or None, where=f"{services_file}, line {line}")
        record.reasons = reasons + record.reasons
        if len(sals) > 1:
            record.warnings.append(f"it is at {len(sals)} locations; an asset has one place, so only the first is kept")
        records.append(record)
    return records


# The flattened service-at-location feed

FLAT_COLUMNS = {"sal_id", "sal_name"}


def is_flat(header):
    return bool(FLAT_COLUMNS & {str(h).strip().lower() for h in header})


def flat_records(header, rows):
    """A flattened service-at-location CSV: one service at one location a row (`n/a` is empty)."""
    names = [str(h).strip().lower() for h in header]
    records = []
    for line, cells in rows:
        row = {name: _text(cell) for name, cell in zip(names, cells)}
        reasons = []
        ages = _literal(row.get("ages"), reasons, "ages")
        pairs = [pair for pair in ages if isinstance(pair, (list, tuple)) and len(pair) == 2
                 and all(isinstance(age, (int, float)) for age in pair)] if isinstance(ages, list) else []
        criteria = _literal(row.get("eligibility_criteria"), reasons, "eligibility_criteria") or []
        schedule = {"byday": row.get("schedule_by_day"), "freq": row.get("schedule_freq"),
                    "interval": row.get("schedule_interval"), "opens_at": row.get("time_opens_at"),
                    "closes_at": row.get("time_closes_at")}
        service = {
            "id": row.get("service_id"), "name": row.get("sal_name") or row.get("service_name") or row.get("name"),
            "description": row.get("description"), "url": row.get("url"), "email": row.get("email"),
            "minimum_age": min(p[0] for p in pairs) if pairs else None,
            "maximum_age": max(p[1] for p in pairs) if pairs else None,
            "eligibility_description": "; ".join(dict.fromkeys(str(c) for c in criteria if str(c) != "age"))
            if isinstance(criteria, list) else "",
            "schedules": [schedule] if any(schedule.values()) else [],
            "service_areas": [{"name": row["area_served"]}] if row.get("area_served") else [],
            "attributes": [{"taxonomy_term": {"name": term.strip()}}
                           for term in (row.get("taxonomy_of_services") or "").split(";") if term.strip()],
            "organization": {"name": row.get("organization_name")} if row.get("organization_name") else {},
        }
        location = {"id": row.get("location_id"), "latitude": row.get("latitude"), "longitude": row.get("longitude"),
                    "addresses": [{"postal_code": row.get("postcode") or row.get("postal_code")}]
                    if row.get("postcode") or row.get("postal_code") else []}
        record = from_service(line, service, location, {"id": row.get("sal_id")})
        record.reasons = reasons + record.reasons
        records.append(record)
    return records


def _literal(text, reasons, column):
    """A list written as JSON or Python ('[[18.0, 100.0]]', "['age']"); [] if empty."""
    if not text:
        return []
    if len(text) > 1000:
        reasons.append(f"{column} is longer than 1,000 characters")
        return []
    try:
        return json.loads(text)
    except ValueError:
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            reasons.append(f"{column} {text[:60]!r} is not a list")
            return []
