"""Issue 12, Open Referral UK and HSDS 3.0: what a record says comes back out of /api/oruk/, in every layout.

The standards' own example records (ORUK 3.0's, copied in data/oruk; HSDS 3.0's layout rebuilt in
oruk_fixtures with our own values) are imported and read back field by field: every field of the record
is either published again with the same value or named in NOT_STORED, with why.
"""
import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.assets import importing, oruk, oruk_reading
from healthyplaces.assets.models import Asset, SourceRecord
from healthyplaces.importing import ImportRefused

from . import oruk_fixtures as fixtures
from .test_oruk import _validate

# Fields of the standards' records that the platform does not hold, and so does not publish again.
NOT_STORED = {
    # The service's own words the platform has no place for.
    "alternate_name", "interpretation_services", "application_process", "wait_time", "accreditations",
    "assurer_email", "licenses", "funding", "program", "required_documents", "metadata",
    # Ours is when the platform last changed the asset.
    "last_modified",
    # The record's own taxonomy terms choose the asset's category (test_category_from_taxonomy_terms); our own
    # category and theme terms are published instead.
    "attributes",
    # A phone's languages: the service's languages are kept.
    "phones[].languages", "contacts[].phones[].languages", "service_at_locations[].phones[].languages",
    "service_at_locations[].contacts[].phones[].languages", "service_at_locations[].location.phones[].languages",
    # The organisation: its name, description, email, website and identifiers are kept, not the rest.
    "organization.alternate_name", "organization.tax_status", "organization.tax_id", "organization.year_incorporated",
    "organization.legal_status", "organization.logo", "organization.uri", "organization.parent_organization_id",
    "organization.funding", "organization.contacts", "organization.phones", "organization.locations",
    "organization.programs",
    # The service at its location: the platform holds one place per asset, described by the location.
    "service_at_locations[].description", "service_at_locations[].location.url",
    "service_at_locations[].location.alternate_name", "service_at_locations[].location.transportation",
    "service_at_locations[].location.languages", "service_at_locations[].location.contacts",
}
# Where a record's nested phones, schedules and contacts are published: once each, on the service.
MERGED = [("service_at_locations[].location.phones[].", "phones[]."),
          ("service_at_locations[].location.schedules[].", "schedules[]."),
          ("service_at_locations[].contacts[].phones[].", "phones[]."), ("service_at_locations[].phones[].", "phones[]."),
          ("service_at_locations[].schedules[].", "schedules[]."), ("service_at_locations[].contacts[].", "contacts[]."),
          ("contacts[].phones[].", "phones[].")]
# Fields the UK profile leaves out and HSDS 3.0 (which it profiles) defines; the profile's schemas allow them.
HSDS_FIELDS = {"phones", "eligibility_description", "fees_description", "extension", "type", "name", "code", "note",
               "value", "link_entity", "currency", "until", "count", "timezone", "wkst", "byweekno", "byyearday", "department",
               "email", "address_2", "description"}


@pytest.fixture
def partner(people):
    return Organisation.objects.get(name="Catalyst Stockton")


def _leaves(value, path=""):
    """(pattern, [indices], value) for every value in a document; ids are left out (test_source_ids_are_published)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "id":
                yield from _leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for pattern, indices, leaf in _leaves(item, path + "[]"):
                yield pattern, [index] + indices, leaf
    else:
        yield path, [], value


def _at(document, pattern, indices):
    value = document
    parts = re.findall(r"[^.\[\]]+|\[\]", pattern)
    indices = list(indices)
    for part in parts:
        if part == "[]":
            value = value[indices.pop(0)]
        else:
            value = value[part]
    return value


def _stored(pattern):
    return not any(pattern == skip or pattern.startswith((skip + ".", skip + "[]")) for skip in NOT_STORED)


def _published_as(pattern, indices):
    for source, published in MERGED:
        if pattern.startswith(source):
            kept = published.count("[]")
            return published + pattern[len(source):], indices[-kept:] if kept else []
    return pattern, indices


def _normal(pattern, value):
    if isinstance(value, str):
        value = value.strip()
        if pattern.endswith("number"):
            value = value.strip('"')
    return value


def _import_and_read(client, data, filename, partner):
    rows = importing.read(data, filename)
    assert [r.errors for r in rows] == [[]], [str(p) for p in importing.preview_rows(rows, filename, partner).problems]
    importing.commit_rows(rows, filename, partner)
    asset = Asset.objects.get()
    asset.published = True
    asset.save()
    published = client.get(f"/api/oruk/services/{asset.uid}").json()
    _validate(published, "service", hsds=HSDS_FIELDS)
    if asset.latitude is not None:
        sal = client.get(f"/api/oruk/service_at_locations/{oruk.sal_id(asset.uid)}").json()
        _validate(sal, "service_at_location", hsds=HSDS_FIELDS)
    return asset, published


def _assert_round_trip(source, published):
    compared = 0
    for pattern, indices, value in _leaves(fixtures.service_layout(source)):
        if not _stored(pattern) or value in ("", None):
            continue
        target, where = _published_as(pattern, indices)
        try:
            found = _at(published, target, where)
        except (KeyError, IndexError):
            pytest.fail(f"{pattern} ({value!r}) is not published at {target}")
        assert _normal(pattern, found) == _normal(pattern, value), pattern
        compared += 1
    return compared


EXAMPLES = [
    ("oruk3 service_full.json", lambda: fixtures.oruk_example("service_full.json")),
    ("oruk3 service_at_location_full.json", lambda: fixtures.oruk_example("service_at_location_full.json")),
    ("hsds3 service_full.json", fixtures.hsds_service),
    ("hsds3 service_at_location_full.json", fixtures.hsds_service_at_location),
    ("oruk3 service_list.json", lambda: fixtures.oruk_example("service_list.json")),
    ("oruk3 service_at_location_list.json", lambda: fixtures.oruk_example("service_at_location_list.json")),
    ("hsds3 service_list.json", fixtures.hsds_service_list),
    ("hsds3 service_at_location_list.json", fixtures.hsds_service_at_location_list),
]


@pytest.mark.parametrize("name, make", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_each_example_record_comes_back_from_the_api_field_by_field(name, make, client, partner):
    """Issue 12: an Open Referral record came out of /api/oruk/ without its phones, eligibility, costs, opening hours
    or organisation details. Every field of the standards' examples is now published again with its value (or is in
    NOT_STORED), and the published records still validate against the ORUK schemas."""
    source = make()
    _, published = _import_and_read(client, json.dumps(source).encode(), "feed.json", partner)
    assert _assert_round_trip(source, published) > (40 if "full" in name else 10)


def test_the_hsds_example_keeps_what_the_issue_names(client, partner):
    """Issue 12, point by point: phones, eligibility and ages, cost options beside the fees, schedules with their
    times, days and frequency, languages, service areas, the organisation's description, email, website and
    charity and company numbers, the location's name and accessibility, and the alert."""
    _, published = _import_and_read(client, json.dumps(fixtures.hsds_service()).encode(), "feed.json", partner)
    assert [(p["number"], p["extension"]) for p in published["phones"]] == [("+44 1642 555 0100", 21)]
    assert (published["eligibility_description"], published["minimum_age"], published["maximum_age"]) == (
        "Adults living in Stockton-on-Tees", 18, 99)
    assert published["fees"] == "Free"
    assert [(c["option"], c["amount"], c["currency"]) for c in published["cost_options"]] == [("Group sessions", 2.5, "GBP")]
    [schedule] = published["schedules"]
    assert (schedule["opens_at"], schedule["closes_at"], schedule["byday"], schedule["freq"], schedule["interval"]) == (
        "10:00:00", "15:00:00", "MO,WE", "WEEKLY", 1)
    assert [(lang["name"], lang["code"]) for lang in published["languages"]] == [("Polish", "pl")]
    assert [a["name"] for a in published["service_areas"]] == ["Stockton-on-Tees"]
    organisation = published["organization"]
    assert (organisation["description"], organisation["email"], organisation["website"]) == (
        "A charity offering free counselling in the Tees Valley", "hello@talking.example.org.uk",
        "https://talking.example.org.uk")
    assert {(i["identifier_scheme"], i["identifier"]) for i in organisation["organization_identifiers"]} == {
        ("GB-CHC", "1145678"), ("GB-COH", "07654321")}
    location = published["service_at_locations"][0]["location"]
    assert location["name"] == "Stockton Central Library"
    assert [a["description"] for a in location["accessibility"]] == ["Lift to every floor; hearing loop"]
    assert published["alert"] == "Closed 24 December to 2 January"


def test_source_ids_are_published(client, partner):
    """Issue 12: the source's identifiers are kept and published (attributes of our source-identifier taxonomy, the id
    in `value`), so a council can match our records with its own feed; and its feed's ids filter the listing."""
    source = fixtures.hsds_service()
    asset, published = _import_and_read(client, json.dumps(source).encode(), "feed.json", partner)
    given = {a["taxonomy_term"]["term"]: a["value"] for a in published["attributes"] if "value" in a}
    assert given == {"service_id": source["id"], "service_at_location_id": source["service_at_locations"][0]["id"],
                     "location_id": source["service_at_locations"][0]["location"]["id"],
                     "organization_id": source["organization"]["id"]}
    term = oruk.uid("term", oruk.SOURCE_TAXONOMY, "location_id")
    assert client.get(f"/api/oruk/taxonomy_terms/{term}").status_code == 200
    listed = client.get(f"/api/oruk/services?taxonomy_term_id={term}").json()
    assert [s["id"] for s in listed["contents"]] == [str(asset.uid)]


def test_an_edited_column_is_published_rather_than_the_records_old_structure(client, partner):
    """The web edit changes the asset's columns; what the feed's structure said is not published over them."""
    asset, _ = _import_and_read(client, json.dumps(fixtures.hsds_service()).encode(), "feed.json", partner)
    asset.opening_times, asset.phone = "Fridays only", "01642 000111"
    asset.save()
    published = client.get(f"/api/oruk/services/{asset.uid}").json()
    assert [s.get("description") for s in published["schedules"]] == ["Fridays only"]
    assert "opens_at" not in published["schedules"][0]
    assert [p["number"] for p in published["phones"]] == ["01642 000111"]


def test_reimporting_the_same_record_changes_nothing(partner):
    data = json.dumps(fixtures.hsds_service()).encode()
    importing.commit(data, "feed.json", partner)
    assert importing.preview(data, "feed.json", partner).counts["unchanged"] == 1
    changed = fixtures.hsds_service()
    changed["cost_options"][0]["amount"] = 3
    assert importing.preview(json.dumps(changed).encode(), "feed.json", partner).counts["updated"] == 1


# The HSDS 3.0 tabular data package


def _zip(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _comparable(published):
    """A published service without what differs between two imports of one record (our ids, the time)."""
    text = json.dumps(published)
    for found in set(re.findall(r'"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"', text)):
        text = text.replace(found, '"ID"')
    document = json.loads(text)
    document.pop("last_modified")
    return document


def test_an_hsds_tabular_package_imports_as_its_json_does(client, partner):
    """Issue 12: HSDS 3.0 tabular data packages (the CSV files of a datapackage.json, here zipped with one) import
    through the same preview and job as other asset imports, and publish what the same record as JSON publishes."""
    source = fixtures.hsds_service()
    files = fixtures.hsds_package(source)
    files["datapackage.json"] = json.dumps({"name": "talking-together", "resources": [
        {"name": name.removesuffix(".csv"), "path": name} for name in files]}).encode()
    _, from_package = _import_and_read(client, _zip(files), "talking.zip", partner)
    Asset.objects.all().delete()
    _, from_json = _import_and_read(client, json.dumps(source).encode(), "feed.json", partner)
    assert _comparable(from_package) == _comparable(from_json)


def test_a_package_upload_goes_through_the_preview_and_the_job(partner, people, client_for):
    client = client_for(people[Role.PARTNER])
    data = _zip(fixtures.hsds_package(fixtures.hsds_service()))
    response = client.post("/assets/import/", {"file": _upload("talking.zip", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    assert preview.context["counts"]["new"] == 1
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert Asset.objects.get().details["phones"][0]["number"] == "+44 1642 555 0100"


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_package_folder_imports_from_the_command_line(partner, tmp_path, capsys):
    for name, data in fixtures.hsds_package(fixtures.hsds_service()).items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "schedules.csv").write_bytes((tmp_path / "schedules.csv").read_bytes().replace(b"10:00:00", b"25:00"))
    call_command("assets", "import", str(tmp_path), "--partner", partner.name)
    out, _ = capsys.readouterr()
    assert "services.csv, line 2, service 'Talking Together counselling'" in out and "opens_at '25:00'" in out
    for name, data in fixtures.hsds_package(fixtures.hsds_service()).items():
        (tmp_path / name).write_bytes(data)
    call_command("assets", "import", str(tmp_path), "--partner", partner.name, "--commit")
    assert Asset.objects.get().name == "Talking Together counselling"


def test_a_packages_taxonomy_terms_choose_the_category(partner):
    """Issue 12: in a package the terms come from attributes.csv and taxonomy_terms.csv, joined to the service."""
    source = fixtures.hsds_service()
    files = fixtures.hsds_package(source)
    files["taxonomy_terms.csv"] = b"id,code,name,description,taxonomy\nt1,,Social clubs and groups,Clubs,Local services\n"
    files["attributes.csv"] = f"id,link_id,link_type,taxonomy_term_id\na1,{source['id']},service,t1\n".encode()
    assert [r.values["category"] for r in importing.read(_zip(files), "talking.zip")] == ["association"]
    del files["attributes.csv"]
    assert [r.values["category"] for r in importing.read(_zip(files), "talking.zip")] == ["institution"]


def test_a_packages_tables_may_have_singular_names():
    """ORUK's own example package names some tables in the singular (address.csv, schedule.csv)."""
    files = fixtures.hsds_package(fixtures.hsds_service())
    files["address.csv"], files["schedule.csv"] = files.pop("addresses.csv"), files.pop("schedules.csv")
    [row] = importing.read(_zip(files), "talking.zip")
    assert (row.values["address"], row.values["details"]["schedules"][0]["byday"]) == (
        "Church Road, First floor, Stockton-on-Tees", "MO,WE")


def test_a_package_line_with_a_problem_names_its_file_and_line(partner):
    files = fixtures.hsds_package(fixtures.hsds_service())
    files["schedules.csv"] = files["schedules.csv"].replace(b"10:00:00", b"25:00")
    preview = importing.preview(_zip(files), "talking.zip", partner)
    assert preview.counts["invalid"] == 1
    assert preview.problems == ["talking.zip, services.csv, line 2, service 'Talking Together counselling' "
                                "(5b0b2b0e-8f7a-4a5e-9d0c-1f1a2b3c4d15): schedule 1: opens_at '25:00' is not a time "
                                "of day (HH:MM or HH:MM:SS)"]
    with pytest.raises(ImportRefused, match="no services table"):
        importing.read(_zip({"phones.csv": files["phones.csv"]}), "phones.zip")


# The flattened feed


def test_the_flattened_service_at_location_feed_imports(client, partner):
    """Issue 12: the Bristol-style flattened feed imports; its `n/a` placeholders are empty, its ages and schedule
    become the asset's, and its taxonomy terms choose the category."""
    data = fixtures.flat_feed([
        {"sal_id": "fadbca83-bb65-4917-9a80-35e20d516826", "sal_name": "Nothing known", "taxonomy_of_services": "",
         "eligibility_criteria": "[]", "ages": "[]"},
        {"sal_id": "5439d5d1-b4a5-4d0a-a6b0-62905bafc72f", "sal_name": "Over 55s wellbeing group",
         "taxonomy_of_services": "Social clubs and groups;Emotional wellbeing",
         "location_id": "94b587df-0bae-4d04-9c3a-4489b88ac9b3", "latitude": "54.5705", "longitude": "-1.3187",
         "eligibility_criteria": "['age', 'age']", "ages": "[[55.0, 100.0], [18.0, 65.0]]", "schedule_by_day": "2:WE",
         "schedule_freq": "monthly", "schedule_interval": "1", "time_opens_at": "11:00:00"}])
    rows = importing.read(data, "feed.csv")
    assert [r.status for r in rows] == ["new", "new"]
    empty = rows[0].values
    assert (empty["latitude"], empty["opening_times"], empty["communities_of_place"], empty["minimum_age"]) == (None, "", "", None)
    assert empty["details"] == {"source": {"service_at_location_id": "fadbca83-bb65-4917-9a80-35e20d516826"}}
    group = rows[1].values
    assert (group["category"], group["minimum_age"], group["maximum_age"]) == ("association", 18, 100)
    assert group["opening_times"] == "Every month on Wednesday from 11:00"
    importing.commit_rows(rows, "feed.csv", partner)
    asset = Asset.objects.get(name="Over 55s wellbeing group")
    asset.published = True
    asset.save()
    published = client.get(f"/api/oruk/services/{asset.uid}").json()
    [schedule] = published["schedules"]
    assert (schedule["byday"], schedule["freq"], schedule["interval"], schedule["opens_at"]) == ("2WE", "MONTHLY", 1, "11:00:00")
    _validate(published, "service", hsds=HSDS_FIELDS)


# The category


@pytest.mark.parametrize("terms, category", [
    ([], "institution"),
    (["Counselling", "Mental health support"], "institution"),
    (["Health support groups and organisations"], "association"),
    (["Open spaces", "Outdoor play facilities"], "space"),
    (["Arts organisations and events", "Hobbies and interests"], "cultural"),
    (["Business", "Business advice"], "economic"),
    (["Home and garden care and maintenance"], "institution"),
])
def test_category_from_taxonomy_terms(terms, category):
    """Issue 12: an asset's kind comes from the record's taxonomy terms where it has them, not "institution" for all."""
    assert oruk_reading.category_of([{"name": t} for t in terms]) == category


def test_our_own_published_category_and_themes_come_back(client, partner):
    source = fixtures.hsds_service()
    source["attributes"] = [{"taxonomy_term": oruk.term_record(t)} for t in oruk.taxonomy_terms()
                            if t["code"] in ("space", "L2_social_community")]
    rows = importing.read(json.dumps(source).encode(), "feed.json")
    assert (rows[0].values["category"], rows[0].values["themes"]) == ("space", ",L2_social_community,")


# Bad input


def test_impossible_coordinates_refuse_that_record_alone(partner):
    """Issue 12, bad input: an ORUK record with impossible coordinates (the examples' latitude 100) gets a message
    naming the record and the reason and is refused alone; the rest imports, and nothing of it is written."""
    good, bad = fixtures.hsds_service(), fixtures.oruk_example("service_full.json")
    bad["service_at_locations"][0]["location"]["latitude"] = 100
    data = json.dumps({"total_items": 2, "contents": [bad, good]}, indent=1).encode()
    preview = importing.preview(data, "feed.json", partner)
    assert preview.counts == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 0, "invalid": 1}
    [problem] = preview.problems
    assert re.fullmatch(r"feed\.json, line \d+, service 'Community Counselling' \(ac148810-d857-441c-9679-408f346de14b\): "
                        r"latitude 100\.0, longitude -1\.3187 is not a place on Earth", problem), problem
    importing.commit(data, "feed.json", partner)
    assert list(Asset.objects.values_list("name", flat=True)) == ["Talking Together counselling"]
    assert SourceRecord.objects.count() == 1 and not Asset.objects.filter(external_id=bad["id"]).exists()


def test_a_bad_detail_refuses_its_record_with_the_reason(partner):
    source = fixtures.hsds_service()
    source["schedules"][0]["byday"] = "Mondays"
    source["cost_options"][0]["amount"] = "two pounds"
    source["service_at_locations"] = []
    [row] = importing.read(json.dumps(source).encode(), "feed.json")
    assert row.status == "invalid"
    assert row.errors == ["schedule 1: byday 'MONDAYS' is not a list of days (MO,TU,WE,TH,FR,SA,SU)",
                          "cost option 1: amount 'two pounds' is not a number"]


def test_a_missing_folder_or_file_is_a_clear_error(partner, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("assets", "import", str(tmp_path / "nope"), "--partner", partner.name)


# In the browser


def _preview_a_package(page, data):
    page.goto("/assets/import/")
    page.set_input_files("#id_file", files=[{"name": "talking.zip", "mimeType": "application/zip", "buffer": data}])
    page.click("button:has-text('Upload and preview')")
    page.wait_for_url(re.compile(r"/assets/import/[0-9a-f-]+/$"))


@pytest.mark.e2e
def test_a_partner_imports_an_hsds_package_in_the_browser(page, browser, live_site, csp_violations, tmp_path):
    """Issue 12: the package goes through the same upload, preview and job pages as other asset imports, with
    JavaScript on and off; a record refused names itself and its reason on the preview."""
    from healthyplaces.testing import assert_accessible, sign_in

    files = fixtures.hsds_package(fixtures.hsds_service())
    broken = dict(files, **{"locations.csv": files["locations.csv"].replace(b"54.5705", b"100")})
    off = browser.new_context(base_url=live_site, java_script_enabled=False)
    plain = off.new_page()
    sign_in(plain, "partner")
    _preview_a_package(plain, _zip(broken))
    assert plain.locator("#count-invalid").inner_text() == "1"
    assert ("talking.zip, services.csv, line 2, service 'Talking Together counselling' (5b0b2b0e-8f7a-4a5e-9d0c-"
            "1f1a2b3c4d15): latitude 100.0, longitude -1.3187 is not a place on Earth") in plain.locator("#problems").inner_text()
    plain.screenshot(path=str(tmp_path / "preview-refused.png"), full_page=True)
    off.close()

    sign_in(page, "partner")
    _preview_a_package(page, _zip(files))
    assert page.locator("#count-new").inner_text() == "1"
    assert_accessible(page)
    page.click("button:has-text('Save these assets')")
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    page.wait_for_selector(".govuk-panel__title:has-text('Done')")
    assert re.search(r"New assets\s+1", page.locator("#job-counts").inner_text())
    page.screenshot(path=str(tmp_path / "job.png"), full_page=True)
    found = page.request.get("/api/oruk/services?search=Talking Together counselling").json()["contents"]
    published = page.request.get(f"/api/oruk/services/{found[0]['id']}").json()
    assert published["schedules"][0]["opens_at"] == "10:00:00"
