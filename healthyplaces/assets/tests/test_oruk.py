"""The Open Referral UK read API: every response validated against the standard's compiled schemas."""
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from healthyplaces.accounts.models import Organisation
from healthyplaces.assets import checking, oruk, services
from healthyplaces.assets.models import Asset

SCHEMAS = Path(__file__).parent / "data" / "oruk" / "schema"


def _schema(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def _validate(document, name, extra=(), hsds=()):
    """Valid against the ORUK schema, with no field it does not name but `extra` (paths) and `hsds` (field names
    that HSDS 3.0, which the UK profile profiles, defines)."""
    schema = _schema(name)
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    unknown = [f for f in _unknown_fields(document, schema) if f.lstrip(".") not in extra and f.rsplit(".", 1)[-1] not in hsds]
    assert not unknown, f"fields the standard does not define: {unknown}"


def _unknown_fields(value, schema, path=""):
    """The schemas allow extra properties; we also check we send none the standard does not name."""
    if schema.get("type") == "array" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _unknown_fields(item, schema.get("items", {}), f"{path}[{i}]")
    elif isinstance(value, dict) and "properties" in schema:
        for key, item in value.items():
            if key not in schema["properties"]:
                yield f"{path}.{key}"
            else:
                yield from _unknown_fields(item, schema["properties"][key], f"{path}.{key}")


def _page(document, item_schema):
    _validate(document, "page", extra=["contents"])
    assert set(document) == {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
    for item in document["contents"]:
        _validate(item, item_schema)
    return document


def _no_nulls(value):
    if isinstance(value, dict):
        return all(v not in (None, "", [], {}) and _no_nulls(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_nulls(v) for v in value)
    return True


@pytest.fixture
def assets(people):
    partner = Organisation.objects.get(name="Catalyst Stockton")
    base = {"description": "", "communities_of_place": "", "communities_of_interest": "", "eligibility": "",
            "opening_times": "", "accessibility": "", "cost": "", "contact_name": "", "provider": "", "external_id": "",
            "email": "", "phone": "", "website": "", "minimum_age": None, "maximum_age": None, "themes": "",
            "last_checked": None, "contact_consent": False, "postcode_district": ""}
    full = services.save_asset({**base, "name": "Norton Community Centre", "category": "space", "published": True,
                                "description": "A hall", "address": "12 High Street", "postcode": "TS20 1AB",
                                "postcode_district": "TS20", "latitude": 54.588, "longitude": -1.316,
                                "opening_times": "Weekdays 9–5", "accessibility": "Step-free", "cost": "Free",
                                "email": "hi@norton.org.uk", "website": "https://norton.org.uk", "contact_name": "Ann",
                                "themes": ",L2_social_community,X_built_environment,", "minimum_age": 0, "maximum_age": 99,
                                "last_checked": date(2026, 1, 5), "provider": "Norton Trust"}, partner=partner)
    bare = services.save_asset({**base, "name": "Bare group", "category": "association", "published": True,
                                "latitude": None, "longitude": None, "address": "", "postcode": ""}, partner=partner)
    person = services.save_asset({**base, "name": "Jean Smith, sewing tutor", "category": "person", "published": True,
                                  "email": "jean@home.example", "phone": "01642 000000", "contact_name": "Jean",
                                  "website": "https://jean.example", "address": "3 Private Road", "postcode": "TS20 2CD",
                                  "postcode_district": "TS20", "latitude": 54.58871, "longitude": -1.31622,
                                  "listing_consent": True}, partner=partner)
    unlisted = services.save_asset({**base, "name": "Ahmed Brown, cook", "category": "person", "published": True,
                                    "address": "", "postcode": "TS20 3EF", "postcode_district": "TS20",
                                    "latitude": 54.5871, "longitude": -1.3150}, partner=partner)
    draft = services.save_asset({**base, "name": "Draft thing", "category": "space", "published": False, "address": "",
                                 "postcode": "", "latitude": 54.57, "longitude": -1.31}, partner=partner)
    return {"full": full, "bare": bare, "person": person, "unlisted": unlisted, "draft": draft}


def test_root(client):
    response = client.get("/api/oruk/")
    assert response.status_code == 200 and response.json()["version"] == "3.0"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_services_list_and_detail(client, assets):
    document = _page(client.get("/api/oruk/services").json(), "service_list")
    names = [s["name"] for s in document["contents"]]
    assert "Draft thing" not in names and len(names) == 3
    assert _no_nulls(document)
    for asset in Asset.objects.public():
        detail = client.get(f"/api/oruk/services/{asset.uid}")
        assert detail["Access-Control-Allow-Origin"] == "*"
        _validate(detail.json(), "service")
        assert _no_nulls(detail.json())
    full = client.get(f"/api/oruk/services/{assets['full'].uid}").json()
    assert full["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "TS20 1AB"
    assert {a["taxonomy_term"]["name"] for a in full["attributes"]} >= {"Physical spaces", "Social and community networks"}
    assert client.get(f"/api/oruk/services/{assets['draft'].uid}").status_code == 404
    assert client.get("/api/oruk/services/not-a-uuid").status_code == 404


def test_a_persons_contact_details_stay_out_unless_they_consented(client, assets):
    text = client.get(f"/api/oruk/services/{assets['person'].uid}").content.decode()
    for private in ("jean@home.example", "01642 000000", "3 Private Road", "jean.example", "54.58871"):
        assert private not in text
    person = assets["person"]
    person.contact_consent = True
    person.save()
    text = client.get(f"/api/oruk/services/{person.uid}").content.decode()
    assert "jean@home.example" in text and "3 Private Road" in text


def test_people_are_served_only_if_listed_and_only_by_their_lsoa_and_district(client, assets):
    """Issue 10: '/api/oruk/service_at_locations?postcode=…' matched a person's exact postcode, and people were
    served without consent. Unlisted people are not served; a listed person is at their LSOA's centroid and matches
    every postcode of their district alike."""
    unlisted = assets["unlisted"]
    for path in ("/api/oruk/services", "/api/oruk/service_at_locations", "/api/oruk/service_at_locations?postcode=TS20 3EF",
                 "/api/oruk/service_at_locations?postcode=TS20 1AB&proximity=5000", "/api/oruk/services?search=cook"):
        assert "Ahmed Brown" not in client.get(path).content.decode(), path
    assert client.get(f"/api/oruk/services/{unlisted.uid}").status_code == 404
    assert client.get(f"/api/oruk/service_at_locations/{oruk.sal_id(unlisted.uid)}").status_code == 404

    person = assets["person"]
    location = client.get(f"/api/oruk/services/{person.uid}").json()["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (person.lsoa.latitude, person.lsoa.longitude)
    found = {}
    for postcode in ("TS20 2CD", "TS20 9ZZ", "TS21 1AA"):
        listing = client.get(f"/api/oruk/service_at_locations?postcode={postcode}").json()
        found[postcode] = [s["service"]["name"] for s in listing["contents"]]
    assert found == {"TS20 2CD": ["Jean Smith, sewing tutor"], "TS20 9ZZ": ["Jean Smith, sewing tutor"], "TS21 1AA": []}


def test_paging(client, assets):
    first = _page(client.get("/api/oruk/services?per_page=2").json(), "service_list")
    assert first["total_items"] == 3 and first["total_pages"] == 2 and first["size"] == 2 and not first["last_page"]
    second = _page(client.get("/api/oruk/services?per_page=2&page=2").json(), "service_list")
    assert second["size"] == 1 and second["last_page"] and not second["first_page"]
    empty = _page(client.get("/api/oruk/services?search=nothing-matches").json(), "service_list")
    assert empty["empty"] and empty["contents"] == []


def test_taxonomies_and_terms(client, assets):
    taxonomies = _page(client.get("/api/oruk/taxonomies").json(), "taxonomy")
    for taxonomy in taxonomies["contents"]:
        _validate(client.get(f"/api/oruk/taxonomies/{taxonomy['id']}").json(), "taxonomy")
    terms = _page(client.get("/api/oruk/taxonomy_terms?per_page=100").json(), "taxonomy_term")
    assert terms["total_items"] == len(checking.themes()) + 6 + len(oruk.SOURCE_TERMS)
    for term in terms["contents"]:
        _validate(client.get(f"/api/oruk/taxonomy_terms/{term['id']}").json(), "taxonomy_term")
    assert client.get("/api/oruk/taxonomies/nope").status_code == 404
    spaces = next(t for t in terms["contents"] if t["name"] == "Physical spaces")
    found = client.get(f"/api/oruk/services?taxonomy_term_id={spaces['id']}").json()
    assert [s["name"] for s in found["contents"]] == ["Norton Community Centre"]


def test_service_at_locations_with_postcode_and_proximity(client, assets):
    listing = _page(client.get("/api/oruk/service_at_locations").json(), "service_at_location_list")
    assert {s["service"]["name"] for s in listing["contents"]} == {"Norton Community Centre", "Jean Smith, sewing tutor"}
    for item in listing["contents"]:
        detail = client.get(f"/api/oruk/service_at_locations/{item['id']}").json()
        _validate(detail, "service_at_location")
        assert _no_nulls(detail)
    near = _page(client.get("/api/oruk/service_at_locations?postcode=TS201AB&proximity=1000").json(), "service_at_location_list")
    assert near["total_items"] == 2
    by_postcode = client.get("/api/oruk/service_at_locations?postcode=ts20 1ab").json()
    assert [s["service"]["name"] for s in by_postcode["contents"]] == ["Jean Smith, sewing tutor", "Norton Community Centre"]
    assert client.get("/api/oruk/service_at_locations?postcode=ZZ99 9ZZ&proximity=500").status_code == 400
    assert client.get("/api/oruk/service_at_locations/00000000-0000-4000-8000-000000000000").status_code == 404


def test_identifiers_are_stable():
    assert oruk.uid("taxonomy", "x") == oruk.uid("taxonomy", "x")
    some = "ac148810-d857-441c-9679-408f346de14b"
    assert str(oruk.asset_uid_of_sal(oruk.sal_id(some))) == some
