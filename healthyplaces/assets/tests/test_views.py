"""Pages: finding assets, who may change them, importing through the page, merging, gaps and privacy."""
import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from healthyplaces.accounts.models import Organisation, Role
from healthyplaces.accounts.permissions import can
from healthyplaces.assets import checking, services
from healthyplaces.assets.models import Asset, DuplicateCandidate, SourceRecord
from healthyplaces.places.services import save_neighbourhood

BASE = {"description": "", "communities_of_place": "", "communities_of_interest": "", "eligibility": "",
        "opening_times": "", "accessibility": "", "cost": "", "contact_name": "", "provider": "", "external_id": "",
        "email": "", "phone": "", "website": "", "minimum_age": None, "maximum_age": None, "themes": "",
        "last_checked": date.today(), "listing_consent": False, "contact_consent": False, "address": "", "postcode": "", "postcode_district": "",
        "published": True, "category": "association"}


def make(name, partner, latitude=54.5705, longitude=-1.3187, **values):
    return services.save_asset({**BASE, "name": name, "latitude": latitude, "longitude": longitude, **values}, partner=partner)


@pytest.fixture
def orgs(people):
    return {"catalyst": Organisation.objects.get(name="Catalyst Stockton"),
            "council": Organisation.objects.get(name="Stockton-on-Tees Borough Council")}


def _names(response):
    return [row[0].name for row in response.context["rows"]]


def test_the_public_sees_published_assets_and_partners_their_own_drafts(client_for, people, orgs):
    make("Published club", orgs["catalyst"])
    make("Catalyst draft", orgs["catalyst"], published=False)
    make("Council draft", orgs["council"], published=False)
    assert _names(client_for(None).get("/assets/")) == ["Published club"]
    assert _names(client_for(people[Role.PARTNER]).get("/assets/")) == ["Catalyst draft", "Published club"]
    assert len(_names(client_for(people[Role.OFFICER]).get("/assets/"))) == 3
    draft = Asset.objects.get(name="Council draft")
    assert client_for(None).get(f"/assets/{draft.pk}/").status_code == 404
    assert client_for(people[Role.PARTNER]).get(f"/assets/{draft.pk}/").status_code == 404


def test_filters(client, orgs):
    make("Norton Walking Group", orgs["catalyst"], themes=",L1_lifestyle,", communities_of_interest="Older people")
    make("Thornaby Library", orgs["catalyst"], category="institution", latitude=54.54, longitude=-1.30)
    make("Billingham Men's Shed", orgs["council"], communities_of_place="Billingham", latitude=54.61, longitude=-1.29)
    assert _names(client.get("/assets/?category=institution")) == ["Thornaby Library"]
    assert _names(client.get("/assets/?theme=L1_lifestyle")) == ["Norton Walking Group"]
    assert _names(client.get("/assets/?community=older")) == ["Norton Walking Group"]
    assert _names(client.get("/assets/?community=billingham")) == ["Billingham Men's Shed"]
    assert _names(client.get("/assets/?q=shed")) == ["Billingham Men's Shed"]
    assert len(_names(client.get("/assets/?area=Stockton-on-Tees"))) == 3
    assert _names(client.get("/assets/?area=Hartlepool")) == []
    response = client.get("/assets/?area=Atlantis")
    assert "No local authority" in response.content.decode() and response.context["form"].errors
    assert _names(client.get("/assets/?q=nothing+at+all")) == []
    assert "No assets match" in client.get("/assets/?q=nothing+at+all").content.decode()


def test_near_search_orders_by_distance_from_a_point_lsoa_neighbourhood_or_authority(client, orgs):
    make("Far", orgs["catalyst"], latitude=54.62, longitude=-1.30)
    make("Near", orgs["catalyst"], latitude=54.5705, longitude=-1.3187)
    make("Middle", orgs["catalyst"], latitude=54.585, longitude=-1.31)
    make("Elsewhere", orgs["catalyst"], latitude=51.5, longitude=-0.12)
    response = client.get("/assets/?near=54.5705,-1.3187&radius=10")
    assert _names(response) == ["Near", "Middle", "Far"]
    distances = [d for _, d, _ in response.context["rows"]]
    assert distances == sorted(distances) and distances[0] < 0.01
    assert _names(client.get("/assets/?near=54.5705,-1.3187&radius=2")) == ["Near", "Middle"]
    save_neighbourhood("Town centre", ["E01012187"], published=True)
    for place in ("E01012187", "Town centre", "E06000004", "Stockton-on-Tees"):
        names = _names(client.get(f"/assets/?near={place}&radius=25"))
        assert set(names) == {"Near", "Middle", "Far"}, place
    assert "is outside England" in client.get("/assets/?near=48.8,2.3").content.decode()
    features = client.get("/assets/map.geojson?near=54.5705,-1.3187&radius=2").json()["features"]
    assert {f["properties"]["name"] for f in features} == {"Near", "Middle"}


def test_a_persons_contact_details_are_for_partners_and_staff_only(client_for, people, orgs):
    person = make("Jean Smith, sewing tutor", orgs["catalyst"], category="person", email="jean@home.example",
                  phone="01642 000000", address="3 Private Road", postcode="TS20 2CD", postcode_district="TS20",
                  listing_consent=True)
    centroid = [person.lsoa.longitude, person.lsoa.latitude]
    for user in (None, people[Role.APPLICANT], people[Role.PANEL_MEMBER]):
        page = client_for(user).get(f"/assets/{person.pk}/").content.decode()
        assert "jean@home.example" not in page and "3 Private Road" not in page and "shared only with partners" in page
        listing = client_for(user).get("/assets/").content.decode()
        assert "TS20 2CD" not in listing
        exported = client_for(user).get("/assets/assets.csv").content.decode()
        assert "jean@home.example" not in exported and "3 Private Road" not in exported
        point = client_for(user).get("/assets/map.geojson").json()["features"][0]["geometry"]["coordinates"]
        assert point == centroid
    for role in (Role.PARTNER, Role.OFFICER):
        page = client_for(people[role]).get(f"/assets/{person.pk}/").content.decode()
        assert "jean@home.example" in page and "3 Private Road" in page
    person.contact_consent = True
    person.save()
    assert "jean@home.example" in client_for(None).get(f"/assets/{person.pk}/").content.decode()


def test_a_person_who_did_not_agree_to_be_listed_is_seen_by_staff_and_partners_only(client_for, people, orgs):
    """Issue 10: 'publish no person asset on public pages or the open API unless the person consented'."""
    person = make("Ahmed Brown, cook", orgs["catalyst"], category="person", postcode="TS20 2CD", postcode_district="TS20")
    searches = ["/assets/", "/assets/?q=cook", "/assets/?category=person", "/assets/?near=54.5705,-1.3187&radius=5",
                f"/assets/?area={person.lsoa_code}"]
    for user in (None, people[Role.APPLICANT], people[Role.PANEL_MEMBER], people[Role.CHAMPION]):
        client = client_for(user)
        for search in searches:
            assert _names(client.get(search)) == [], (user, search)
        assert client.get(f"/assets/{person.pk}/").status_code == 404
        assert client.get("/assets/map.geojson").json()["features"] == []
        assert "Ahmed Brown" not in client.get("/assets/assets.csv").content.decode()
        assert "Ahmed Brown" not in client.get(f"/places/lsoa/{person.lsoa_code}/").content.decode()
    gaps = list(csv.DictReader(io.StringIO(client_for(None).get("/assets/gaps.csv?area=E06000004").content.decode())))
    assert sum(int(row["assets"]) for row in gaps) == 0
    for role in (Role.PARTNER, Role.OFFICER):
        client = client_for(people[role])
        assert _names(client.get("/assets/?q=cook")) == ["Ahmed Brown, cook"]
        assert "Partners only" in client.get("/assets/?q=cook").content.decode()
        assert "Not listed publicly" in client.get(f"/assets/{person.pk}/").content.decode()
    person.listing_consent = True
    person.save()
    assert _names(client_for(None).get("/assets/?q=cook")) == ["Ahmed Brown, cook"]


def test_a_listed_person_is_placed_by_their_lsoa_only(client_for, people, orgs):
    """Issue 10: near-search distances from three origins put a person within about 23 m. A listed person who did
    not agree to their address being published is measured from their LSOA's centroid, to the whole kilometre, so
    two people in one LSOA are the same distance from anywhere; the map shows the centroid."""
    first = make("Jean Smith, sewing tutor", orgs["catalyst"], category="person", listing_consent=True,
                 latitude=54.5705, longitude=-1.3187, postcode="TS18 1AB", postcode_district="TS18")
    # Halfway to the LSOA's centroid: another place in the same LSOA.
    second = make("Raj Singh, bike mechanic", orgs["catalyst"], category="person", listing_consent=True,
                  latitude=(54.5705 + first.lsoa.latitude) / 2, longitude=(-1.3187 + first.lsoa.longitude) / 2)
    make("Town hall", orgs["catalyst"], latitude=54.5705, longitude=-1.3187)
    assert first.lsoa_code == second.lsoa_code != ""
    origins = ["54.5800,-1.3300", "54.5600,-1.3000", "54.5650,-1.3400"]
    for origin in origins:
        rows = {asset.name: (distance, exact) for asset, distance, exact in
                client_for(None).get(f"/assets/?near={origin}&radius=10").context["rows"]}
        assert rows["Jean Smith, sewing tutor"] == rows["Raj Singh, bike mechanic"]
        distance, exact = rows["Jean Smith, sewing tutor"]
        assert distance == round(distance) >= 1 and not exact
        assert rows["Town hall"][0] != round(rows["Town hall"][0]) and rows["Town hall"][1]
        page = client_for(None).get(f"/assets/?near={origin}&radius=10").content.decode()
        assert f"about {distance:.0f} km" in page and "TS18 1AB" not in page and ">TS18<" in page
        partner = {asset.name: distance for asset, distance, _ in
                   client_for(people[Role.PARTNER]).get(f"/assets/?near={origin}&radius=10").context["rows"]}
        assert partner["Jean Smith, sewing tutor"] != partner["Raj Singh, bike mechanic"]
    centroid = [first.lsoa.longitude, first.lsoa.latitude]
    points = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in client_for(None).get("/assets/map.geojson").json()["features"]}
    assert points == {"Jean Smith, sewing tutor": centroid, "Raj Singh, bike mechanic": centroid, "Town hall": [-1.3187, 54.5705]}
    points = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in
              client_for(people[Role.PARTNER]).get("/assets/map.geojson").json()["features"]}
    assert points["Jean Smith, sewing tutor"] == [-1.3187, 54.5705]


def test_contact_consent_lists_a_person_too():
    """A person who agreed to their contact details being published is listed (issue 10's listing rule)."""
    checked = checking.check_asset({"name": "Jean Smith", "category": "person", "contact_consent": "yes"})
    assert checked.values["listing_consent"] is True and "listed publicly too" in checked.warnings[-1]
    assert checking.check_asset({"name": "Jean Smith", "category": "person"}).values["listing_consent"] is False


def test_partners_change_only_their_own_assets_and_officers_all(client_for, people, orgs):
    theirs = make("Council hall", orgs["council"])
    ours = make("Catalyst club", orgs["catalyst"])
    assert can(people[Role.PARTNER], "asset.change", ours) and not can(people[Role.PARTNER], "asset.change", theirs)
    assert can(people[Role.OFFICER], "asset.change", theirs) and can(people[Role.ADMIN], "asset.change", ours)
    partner = client_for(people[Role.PARTNER])
    form = {"name": "Renamed", "category": "space", "published": "on"}
    assert partner.post(f"/assets/{theirs.pk}/edit/", form).status_code == 403
    assert partner.post(f"/assets/{ours.pk}/edit/", form).status_code == 302
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.name == "Council hall" and ours.name == "Renamed"
    officer = client_for(people[Role.OFFICER])
    assert officer.post(f"/assets/{theirs.pk}/edit/", {**form, "name": "Officer's name"}).status_code == 302
    for role in (Role.ANALYST, Role.CHAMPION, Role.PANEL_MEMBER, Role.APPLICANT):
        assert client_for(people[role]).post(f"/assets/{ours.pk}/edit/", form).status_code == 403
        assert client_for(people[role]).post("/assets/new/", form).status_code == 403
    from healthyplaces.accounts.models import AuditEvent
    assert AuditEvent.objects.filter(model="assets.Asset", action="update", actor=people[Role.OFFICER]).exists()


def test_a_partner_records_an_asset_and_bad_values_are_explained(client_for, people):
    partner = client_for(people[Role.PARTNER])
    response = partner.post("/assets/new/", {"name": "Club", "category": "association", "postcode": "nonsense",
                                             "email": "nope", "latitude": "-1.3", "longitude": "54.5"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "not a UK postcode" in page and "not an email address" in page and "look swapped" in page
    response = partner.post("/assets/new/", {"name": "Club", "category": "association", "postcode": "ts18 1ab",
                                             "latitude": "54.5705", "longitude": "-1.3187", "themes": ["L1_lifestyle"]})
    asset = Asset.objects.get()
    assert response.status_code == 302 and asset.partner.name == "Catalyst Stockton" and asset.postcode == "TS18 1AB"
    assert asset.theme_ids == ["L1_lifestyle"] and asset.lsoa_code


def test_import_through_the_page_previews_then_saves(client_for, people, orgs):
    make("Norton Community Centre", orgs["council"], address="12 High Street", postcode="TS20 1AB",
         postcode_district="TS20", phone="01642 123456")
    partner = client_for(people[Role.PARTNER])
    data = ("name,category,address,postcode,phone,latitude,longitude\n"
            "Norton Comm. Ctr,space,12 High St,TS20 1AB,01642123456,54.588,-1.316\n"
            "Roseworth Lunch Club,association,,TS19 9ZZ,,54.58,-1.34\n"
            "Bad one,spaceship,,TS19 9ZZ,,54.58,-1.34\n").encode()
    upload = io.BytesIO(data)
    upload.name = "catalyst.csv"
    response = partner.post("/assets/import/", {"file": upload})
    assert response.status_code == 302
    preview = partner.get(response["Location"])
    page = preview.content.decode()
    assert preview.context["counts"] == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 1, "invalid": 1}
    assert "catalyst.csv, line 4: unknown category" in page and "Norton Community Centre" in page
    assert Asset.objects.count() == 1
    confirmed = partner.post(response["Location"])
    assert confirmed.status_code == 302 and confirmed["Location"].startswith("/jobs/")
    assert Asset.objects.count() == 3 and DuplicateCandidate.objects.count() == 1
    job = partner.get(confirmed["Location"]).content.decode()  # the import is a job; its page tells what it made
    assert "Import catalyst.csv for Catalyst Stockton" in job and "Imported catalyst.csv for Catalyst Stockton." in job
    assert re.search(r"New assets</dt><dd[^>]*>1<", job) and re.search(r"Probable duplicates flagged for review</dt><dd[^>]*>1<", job)
    bad = io.BytesIO(b"\x81\x8d not utf8")
    bad.name = "bad.csv"
    assert "not UTF-8" in partner.post("/assets/import/", {"file": bad}).content.decode()
    # Another person cannot see or commit someone else's pending import.
    assert client_for(people[Role.OFFICER]).get(response["Location"]).status_code == 404


def test_confirming_an_import_queues_a_job_that_the_worker_writes(client_for, people, orgs):
    """Issue 11, Background work: the assets import confirmation is a task, not work done in the request."""
    from healthyplaces.jobs.models import Job
    from healthyplaces.jobs.testing import database_backend, run_worker

    partner = client_for(people[Role.PARTNER])
    upload = io.BytesIO(b"name,category,postcode,latitude,longitude\nRoseworth Lunch Club,association,TS19 9ZZ,54.58,-1.34\n")
    upload.name = "club.csv"
    preview = partner.post("/assets/import/", {"file": upload})["Location"]
    with database_backend():
        job_page = partner.post(preview)["Location"]
        assert not Asset.objects.exists() and Job.objects.get().status == Job.Status.WAITING
        run_worker()
    assert list(Asset.objects.values_list("name", flat=True)) == ["Roseworth Lunch Club"]
    assert "Imported club.csv" in partner.get(job_page).content.decode()


def test_an_officer_merges_a_duplicate_keeping_both_source_records(client_for, people, orgs):
    first = make("Norton Community Centre", orgs["council"], phone="01642 123456", email="")
    second = make("Norton Comm. Ctr", orgs["catalyst"], phone="01642 123456", email="hi@norton.org.uk")
    services.scan_duplicates()
    pair = DuplicateCandidate.objects.get()
    assert client_for(people[Role.PARTNER]).get("/assets/duplicates/").status_code == 403
    officer = client_for(people[Role.OFFICER])
    assert "Norton Comm. Ctr" in officer.get("/assets/duplicates/").content.decode()
    assert officer.get(f"/assets/duplicates/{pair.pk}/").status_code == 200
    response = officer.post(f"/assets/duplicates/{pair.pk}/", {"decision": "first"})
    assert response["Location"] == f"/assets/{first.pk}/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.merged_into == first and first.email == "hi@norton.org.uk"
    assert set(SourceRecord.objects.filter(asset=first).values_list("partner__name", flat=True)) == {
        "Catalyst Stockton", "Stockton-on-Tees Borough Council"}
    assert _names(client_for(None).get("/assets/")) == ["Norton Community Centre"]
    assert client_for(None).get(f"/assets/{second.pk}/")["Location"] == f"/assets/{first.pk}/"
    page = client_for(people[Role.OFFICER]).get(f"/assets/{first.pk}/").content.decode()
    assert "Catalyst Stockton" in page and "Norton Comm. Ctr" in page  # the source records
    pair.refresh_from_db()
    assert pair.status == "merged" and pair.decided_by == people[Role.OFFICER]


def test_both_partners_can_change_a_merged_asset_and_the_old_links_lead_to_it(client_for, people, orgs):
    """Issue 10: after a merge the partner whose record was merged got 403 on the kept asset and 404 on its own,
    though the message said both partners' records are kept. Both partners may change it; the merged record's
    pages lead to the kept one; its checks are due for both."""
    from healthyplaces.accounts.services import create_person

    trust = Organisation.objects.create(name="Norton Trust", kind="vcse")
    trust_partner = create_person("trust-partner", role=Role.PARTNER, organisation=trust, password="x" * 20)[0]
    long_ago = date.today() - timedelta(days=400)
    kept = make("Norton Community Centre", trust, phone="01642 123456", last_checked=long_ago)
    merged = make("Norton Comm. Ctr", orgs["catalyst"], phone="01642 123456", last_checked=long_ago)
    services.scan_duplicates()
    pair = DuplicateCandidate.objects.get()
    response = client_for(people[Role.OFFICER]).post(f"/assets/duplicates/{pair.pk}/", {"decision": "first"}, follow=True)
    assert "either partner can change it" in response.content.decode()
    for partner in (trust_partner, people[Role.PARTNER]):
        client = client_for(partner)
        assert client.get(f"/assets/{merged.pk}/")["Location"] == f"/assets/{kept.pk}/"
        assert "Change this asset" in client.get(f"/assets/{kept.pk}/").content.decode()
        old_edit = client.get(f"/assets/{merged.pk}/edit/", follow=True)
        assert old_edit.redirect_chain == [(f"/assets/{kept.pk}/edit/", 302)]
        assert "was merged into 'Norton Community Centre'" in " ".join(map(str, old_edit.context["messages"]))
        assert "Norton Community Centre" in client.get("/assets/review/").content.decode()
    for partner in (trust_partner, people[Role.PARTNER]):
        client = client_for(partner)
        form = {"name": f"Norton Community Centre ({partner.username})", "category": "space", "phone": "01642 123456",
                "published": "on", "last_checked": date.today().isoformat()}
        assert client.post(f"/assets/{kept.pk}/edit/", form).status_code == 302
        kept.refresh_from_db()
        assert kept.name == form["name"]
        assert SourceRecord.objects.filter(asset=kept).last().partner == partner.memberships.get().organisation
    other = make("Council hall", orgs["council"])
    assert client_for(trust_partner).post(f"/assets/{other.pk}/edit/", {"name": "Mine", "category": "space"}).status_code == 403


def test_an_officer_keeps_a_pair_apart(client_for, people, orgs):
    make("Norton Community Centre", orgs["council"], phone="01642 123456")
    make("Norton Comm. Ctr", orgs["catalyst"], phone="01642 123456")
    services.scan_duplicates()
    pair = DuplicateCandidate.objects.get()
    client_for(people[Role.OFFICER]).post(f"/assets/duplicates/{pair.pk}/", {"decision": "keep_apart"})
    pair.refresh_from_db()
    assert pair.status == "kept_apart" and Asset.objects.current().count() == 2
    assert services.scan_duplicates() == 0  # a decided pair is not reopened


def test_assets_not_checked_for_a_year_are_flagged_for_review(client_for, people, orgs):
    make("Old", orgs["catalyst"], last_checked=date.today() - timedelta(days=400))
    make("Fresh", orgs["catalyst"])
    make("Never", orgs["council"], last_checked=None)
    page = client_for(people[Role.PARTNER]).get("/assets/review/").content.decode()
    assert "Old" in page and "Fresh" not in page and "Never" not in page  # not the partner's
    page = client_for(people[Role.OFFICER]).get("/assets/review/").content.decode()
    assert "Old" in page and "Never" in page
    old = Asset.objects.get(name="Old")
    assert "please check it is still right" in client_for(people[Role.PARTNER]).get(f"/assets/{old.pk}/").content.decode()


def test_exports_never_hold_a_formula(client, orgs):
    asset = make("Safe", orgs["catalyst"])
    Asset.objects.filter(pk=asset.pk).update(name="=HYPERLINK(\"http://evil\")", description="@SUM(1)")
    rows = list(csv.reader(io.StringIO(client.get("/assets/assets.csv").content.decode())))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert "'=HYPERLINK(\"http://evil\")" in cells


def test_the_sample_lists_no_person_publicly(client_for, people):
    """Issue 10: the sample data follows the listing rule (its 'Ahmed Brown, cook' was public); its people are
    there for partners and staff."""
    call_command("assets", "sample", "--authority", "E06000004", "--count", "120")
    people_in_sample = Asset.objects.current().filter(category="person")
    assert people_in_sample.count() >= 5 and not people_in_sample.filter(listing_consent=True).exists()
    assert _names(client_for(None).get("/assets/?category=person")) == []
    assert len(_names(client_for(people[Role.OFFICER]).get("/assets/?category=person"))) == min(people_in_sample.count(), 20)


def test_sample_data_gap_analysis_on_the_profile_and_as_csv(client, people):
    call_command("assets", "sample", "--authority", "E06000004", "--count", "300")
    assets = Asset.objects.current()
    assert 250 <= assets.count() <= 300
    assert assets.values("lsoa_code").distinct().count() > 60
    assert all(a.description.startswith("SAMPLE DATA") for a in assets)
    assert DuplicateCandidate.objects.filter(status="open").count() >= 20
    page = client.get("/places/local-authority/E06000004/").content.decode()
    assert 'id="community-assets"' in page and "Gap analysis" in page and 'id="high-need-low-asset"' in page
    response = client.get("/assets/gaps.csv?area=E06000004")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 120 and sum(int(r["assets"]) for r in rows) == Asset.objects.public().exclude(lsoa_code="").count()
    assert any(r["high_need_low_asset"] == "yes" for r in rows)
    flagged = [r for r in rows if r["high_need_low_asset"] == "yes"]
    assert all(int(r["imd_decile_2019"]) <= 2 for r in flagged)
    gaps = client.get("/assets/gaps/?area=Stockton-on-Tees")
    assert gaps.status_code == 200 and len(gaps.context["rows"]) == 120
    assert len(client.get("/assets/gaps.geojson?area=E06000004").json()["features"]) == 120
    lsoa = next(r["lsoa_code"] for r in rows if int(r["assets"]) > 0)
    assert 'id="area-assets"' in client.get(f"/places/lsoa/{lsoa}/").content.decode()
    # Running it again replaces the sample set.
    call_command("assets", "sample", "--authority", "E06000004", "--count", "300")
    assert Asset.objects.current().count() == assets.count()
