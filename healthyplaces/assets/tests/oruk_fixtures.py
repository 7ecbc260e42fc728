"""Open Referral records for the tests, in the layouts the standards publish, with places in England.

- `oruk_example(name)`: the ORUK 3.0 standard's own example (data/oruk/examples, copied with its source in
  data/oruk/SOURCES.md), its placeholder place (latitude 100, longitude 101, postcode "ABC 1234") replaced by
  one in Stockton-on-Tees, so it can be imported.
- `hsds_service()`: a service in the layout of HSDS 3.0's example `examples/service_full.json`
  (openreferral/specification, commit 279fd2eb), every field the example has, with our own values;
  `hsds_service_at_location()` the same record in the layout of its `service_at_location_full.json`, and
  `hsds_service_list()`, `hsds_service_at_location_list()` in the paged layouts of its `*_list.json`.
- `hsds_package(service)`: that record as an HSDS 3.0 tabular package (the CSV files of its
  `examples/csv/`, same file names and columns).
- `flat_feed(rows)`: the flattened service-at-location CSV a council published (the columns of Bristol's
  feed, jargonautical/data-dev `updated_services_at_locations.csv`), `n/a` for empty.
"""
import copy
import csv
import io
import json
from pathlib import Path

EXAMPLES = Path(__file__).parent / "data" / "oruk" / "examples"
PLACE = {"latitude": 54.5705, "longitude": -1.3187, "postal_code": "TS18 1AB"}

_PHONE = {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d01", "number": "\"+44 1642 555 0100\"", "extension": 21,
          "type": "voice", "description": "Reception, weekdays 9am to 5pm",
          "languages": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d02", "name": "Polish", "code": "pl",
                         "note": "Ask for a Polish speaker"}]}
_SCHEDULE = {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d03", "valid_from": "2026-01-05", "valid_to": "2026-12-18",
             "dtstart": "2026-01-05", "timezone": 0, "until": "2026-12-18", "count": 50, "wkst": "MO",
             "freq": "WEEKLY", "interval": 1, "byday": "MO,WE", "byweekno": "2,3", "bymonthday": "5,7",
             "byyearday": "5,7", "description": "Mondays and Wednesdays, 10am to 3pm, not bank holidays",
             "opens_at": "10:00:00", "closes_at": "15:00:00", "schedule_link": "https://talking.example.org.uk/times",
             "attending_type": "In person or by video call", "notes": "Last appointment at 2pm"}
_CONTACT = {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d04", "name": "Priya Shah", "title": "Service co-ordinator",
            "department": "Bookings", "email": "bookings@talking.example.org.uk", "phones": [_PHONE]}
_LOCATION = {
    "id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d05", "location_type": "physical", "url": "https://talking.example.org.uk/venue",
    "name": "Stockton Central Library", "alternate_name": "Central Library",
    "description": "The library on Church Road, first floor meeting rooms", "transportation": "Buses 7 and 17 stop outside",
    "latitude": PLACE["latitude"], "longitude": PLACE["longitude"], "external_identifier": "100110602542",
    "external_identifier_type": "UPRN",
    "languages": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d06", "name": "Polish", "code": "pl", "note": "Ask for a Polish speaker"}],
    "addresses": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d07", "attention": "Reception", "address_1": "Church Road",
                   "address_2": "First floor", "city": "Stockton-on-Tees", "region": "North East",
                   "state_province": "County Durham", "postal_code": PLACE["postal_code"], "country": "GB",
                   "address_type": "physical"}],
    "contacts": [_CONTACT],
    "accessibility": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d08", "description": "Lift to every floor; hearing loop",
                       "details": "Ask at the desk for the loop", "url": "https://talking.example.org.uk/access"}],
    "phones": [_PHONE], "schedules": [_SCHEDULE],
}
_ORGANISATION = {
    "id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d09", "name": "Talking Together Tees", "alternate_name": "Talking Together",
    "description": "A charity offering free counselling in the Tees Valley", "email": "hello@talking.example.org.uk",
    "website": "https://talking.example.org.uk", "tax_status": "Registered charity", "year_incorporated": 2011,
    "legal_status": "Charitable incorporated organisation", "logo": "https://talking.example.org.uk/logo.png",
    "uri": "https://talking.example.org.uk/about", "parent_organization_id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d10",
    "funding": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d11", "source": "The National Lottery Community Fund"}],
    "contacts": [_CONTACT], "phones": [_PHONE], "locations": [_LOCATION],
    "programs": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d12", "name": "Wellbeing", "description": "Our wellbeing work"}],
    "organization_identifiers": [
        {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d13", "identifier_scheme": "GB-CHC", "identifier_type": "Charity number",
         "identifier": "1145678"},
        {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d14", "identifier_scheme": "GB-COH", "identifier_type": "Company number",
         "identifier": "07654321"}],
}
_SERVICE = {
    "id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d15", "name": "Talking Together counselling",
    "alternate_name": "Free counselling", "description": "Free one-to-one counselling for adults in Stockton-on-Tees",
    "url": "https://talking.example.org.uk/counselling", "email": "counselling@talking.example.org.uk", "status": "active",
    "interpretation_services": "Polish and Urdu interpreters on request",
    "application_process": "Refer yourself by phone or ask your GP", "fees_description": "Free; a donation is welcome",
    "wait_time": "About three weeks", "fees": "Free", "accreditations": "BACP accredited counsellors",
    "eligibility_description": "Adults living in Stockton-on-Tees", "minimum_age": 18, "maximum_age": 99,
    "assured_date": "2026-02-02", "assurer_email": "directory@stockton.example.gov.uk", "licenses": "None needed",
    "alert": "Closed 24 December to 2 January", "last_modified": "2026-02-02T09:30:00.000Z",
    "phones": [_PHONE], "schedules": [_SCHEDULE],
    "service_areas": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d16", "name": "Stockton-on-Tees",
                       "description": "The whole borough", "extent": "E06000004", "extent_type": "other",
                       "uri": "https://talking.example.org.uk/area"}],
    "service_at_locations": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d17",
                              "description": "Counselling at the Central Library", "contacts": [_CONTACT],
                              "phones": [_PHONE], "schedules": [_SCHEDULE], "location": _LOCATION}],
    "languages": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d02", "name": "Polish", "code": "pl",
                   "note": "Ask for a Polish speaker"}],
    "organization": _ORGANISATION,
    "funding": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d11", "source": "The National Lottery Community Fund"}],
    "cost_options": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d18", "valid_from": "2026-01-01", "valid_to": "2026-12-31",
                      "option": "Group sessions", "currency": "GBP", "amount": 2.5, "amount_description": "per session"}],
    "program": {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d12", "name": "Wellbeing", "description": "Our wellbeing work"},
    "required_documents": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d19", "document": "None"}],
    "contacts": [_CONTACT],
    "attributes": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d20", "link_type": "service", "link_entity": "service",
                    "value": "", "taxonomy_term": {"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d21", "code": "counselling",
                                                   "name": "Counselling", "description": "Talking therapies",
                                                   "taxonomy": "Local services"}}],
    "metadata": [{"id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d22", "resource_id": "5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d15",
                  "resource_type": "service", "last_action_date": "2026-02-02", "last_action_type": "update",
                  "field_name": "alert", "previous_value": "", "replacement_value": "Closed 24 December to 2 January",
                  "updated_by": "directory team"}],
}


def oruk_example(name):
    """The ORUK standard's example, at a place in Stockton-on-Tees instead of its placeholder."""
    document = json.loads((EXAMPLES / name).read_text())
    for item in document.get("contents", [document]):
        for location in ([item["location"]] if "location" in item else
                         [sal["location"] for sal in item.get("service_at_locations", [])]):
            location["latitude"], location["longitude"] = PLACE["latitude"], PLACE["longitude"]
            for address in location.get("addresses", []):
                address["postal_code"] = PLACE["postal_code"]
    return document


def hsds_service():
    return copy.deepcopy(_SERVICE)


def hsds_service_at_location():
    service = hsds_service()
    sal = service.pop("service_at_locations")[0]
    return {**sal, "service": service}


def _one_to_one(record):
    """A record as a list shows it: its own fields and its one-to-one records, no lists."""
    return {k: _one_to_one(v) if isinstance(v, dict) else v for k, v in record.items() if not isinstance(v, list)}


def _page(item):
    return {"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1, "first_page": True, "last_page": True,
            "empty": False, "contents": [item]}


def hsds_service_list():
    return _page(_one_to_one(hsds_service()))


def hsds_service_at_location_list():
    return _page(_one_to_one(hsds_service_at_location()))


def service_layout(document):
    """A document (paged, or a service-at-location) in the service's layout, to compare with the published service."""
    if "contents" in document:
        [document] = document["contents"]
    if "service" not in document:
        return document
    sal = {k: v for k, v in document.items() if k != "service"}
    return {**document["service"], "service_at_locations": [sal]}


def _csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([["" if row.get(h) is None else row.get(h) for h in header] for row in rows])
    return out.getvalue().encode()


def hsds_package(service):
    """The service as the CSV files of an HSDS 3.0 tabular package ({file name: bytes}), columns as in its examples/csv."""
    sal = service["service_at_locations"][0]
    location, organisation = sal["location"], service["organization"]
    phone, schedule, contact = service["phones"][0], service["schedules"][0], service["contacts"][0]
    ids = {"service_id": service["id"], "location_id": location["id"], "organization_id": organisation["id"],
           "service_at_location_id": sal["id"]}
    return {
        "services.csv": _csv(["id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
                              "email", "status", "interpretation_services", "application_process", "fees_description",
                              "wait_time", "fees", "accreditations", "eligibility_description", "minimum_age",
                              "maximum_age", "assured_date", "assurer_email", "licenses", "alert", "last_modified"],
                             [{**service, "organization_id": organisation["id"], "program_id": service["program"]["id"]}]),
        "organizations.csv": _csv(["id", "name", "alternate_name", "description", "email", "website", "tax_status",
                                   "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"],
                                  [organisation]),
        "locations.csv": _csv(["id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
                               "transportation", "latitude", "longitude", "external_identifier",
                               "external_identifier_type"], [{**location, "organization_id": organisation["id"]}]),
        "addresses.csv": _csv(["id", "location_id", "attention", "address_1", "address_2", "city", "region",
                               "state_province", "postal_code", "country", "address_type"],
                              [{**a, "location_id": location["id"]} for a in location["addresses"]]),
        "phones.csv": _csv(["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
                            "number", "extension", "type", "description"], [{**phone, **ids, "contact_id": contact["id"]}]),
        "schedules.csv": _csv(["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
                               "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno",
                               "bymonthday", "byyearday", "description", "opens_at", "closes_at", "schedule_link",
                               "attending_type", "notes"], [{**schedule, **ids}]),
        "contacts.csv": _csv(["id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
                              "title", "department", "email"], [{**contact, **ids}]),
        "cost_options.csv": _csv(["id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
                                  "amount_description"], [{**c, "service_id": service["id"]} for c in service["cost_options"]]),
        "service_at_location.csv": _csv(["id", "service_id", "location_id", "description"],
                                        [{**sal, "service_id": service["id"], "location_id": location["id"]}]),
        "languages.csv": _csv(["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
                              [{**lang, "service_id": service["id"]} for lang in service["languages"]]),
        "service_areas.csv": _csv(["id", "service_id", "service_at_location_id", "name", "description", "extent",
                                   "extent_type", "uri"], [{**a, "service_id": service["id"]} for a in service["service_areas"]]),
        "accessibility.csv": _csv(["id", "location_id", "description", "details", "url"],
                                  [{**a, "location_id": location["id"]} for a in location["accessibility"]]),
        "organization_identifiers.csv": _csv(["id", "organization_id", "identifier_scheme", "identifier_type",
                                              "identifier"],
                                             [{**i, "organization_id": organisation["id"]}
                                              for i in organisation["organization_identifiers"]]),
    }


FLAT_HEADER = ["sal_id", "sal_name", "area_served", "taxonomy_of_services", "location_id", "latitude", "longitude",
               "eligibility_criteria", "ages", "schedule_by_day", "schedule_freq", "schedule_interval", "time_opens_at"]


def flat_feed(rows):
    """Rows ({column: value}, anything left out is `n/a`) as the flattened feed's CSV."""
    return _csv(FLAT_HEADER, [{h: row.get(h, "n/a") for h in FLAT_HEADER} for row in rows])
