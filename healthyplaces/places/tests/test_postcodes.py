"""Issue 13, "Postcodes" and "The 2021 geography throughout": loading England's postcodes (the shipped files and
the ONS Postcode Directory as published), finding a neighbourhood by postcode, and the 2021 LSOAs' wards.

The test database holds the shipped files cut to Stockton-on-Tees (settings.test.POSTCODES_DIR); the figures
expected here are read from those files in the test, or are lines of them (TS18 1AA, TS15 0WY …).
"""
import csv
import gzip
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.management import call_command
from shapely.geometry import Point, shape

from healthyplaces.importing import ImportRefused, read_columns
from healthyplaces.places import postcode_loading, postcodes, services, wards2021
from healthyplaces.places.models import Lsoa, Postcode
from healthyplaces.testing import database_snapshot

pytestmark = pytest.mark.django_db
SAMPLE = settings.POSTCODES_DIR / "postcodes"
STOCKTON = "E06000004"
# The ONS Postcode Directory's 2025 header, as ONS publishes it.
ONSPD_2025 = ("pcd7,pcd8,pcds,dointr,doterm,usrtypind,east1m,north1m,gridind,oa21cd,cty25cd,ced25cd,lad25cd,wd25cd,"
              "nhser24cd,ctry25cd,rgn25cd,pcon24cd,ttwa15cd,itl25cd,npark16cd,lsoa21cd,msoa21cd,wz11cd,sicbl24cd,"
              "bua24cd,ruc21ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,icb23cd").split(",")
# And the one before 2025 (February 2023).
ONSPD_2023 = ("pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,"
              "nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,park,lsoa01,msoa01,ur01ind,"
              "oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,"
              "icb,oa21,lsoa21,msoa21").split(",")


def _sample_rows(name):
    with gzip.open(SAMPLE / name, "rt", encoding="latin-1") as f:
        return list(csv.DictReader(f))


def test_every_english_postcode_of_the_files_is_loaded_live_or_terminated():
    """Postcodes: every English postcode of the three files, live (Code-Point Open) and terminated (the lookup)."""
    lookup = _sample_rows(postcode_loading.SHIPPED["lookup"].split("/")[1])
    directory = _sample_rows(postcode_loading.SHIPPED["directory"].split("/")[1])
    with zipfile.ZipFile(SAMPLE / "codepo_gb_2025-04.zip") as archive:
        live = {row[0] for row in csv.reader(io.StringIO(archive.read("Data/CSV/ts.csv").decode()))
                if row[4] == "E92000001"}
    english = ({r["pcds"] for r in lookup if r["ladcd"].startswith("E")}
               | {r["pcds"] for r in directory if r["lad25cd"].startswith("E")} | live)
    assert set(Postcode.objects.values_list("postcode", flat=True)) == english
    assert set(Postcode.objects.filter(live=True, postcode__in=live).values_list("postcode", flat=True)) == live
    assert not Postcode.objects.filter(postcode__startswith="AB1 ").exists()  # Aberdeen's rows are read past


def test_a_terminated_postcode_keeps_its_month_and_its_last_lsoa():
    """Postcodes: terminated postcodes included and marked. TS15 0WY: 'TS15 0WY,200306,200806,1,…,E01012254'."""
    found = postcodes.find("TS15 0WY")
    assert (found.live, found.terminated, found.lsoa11) == (False, "200806", "E01012254")
    assert postcodes.terminated_text(found) == "terminated in June 2008"
    # DL2 1HP was live in May 2022 (no doterm) and is not in Code-Point Open (April 2025): terminated since.
    gone = postcodes.find("DL2 1HP")
    assert (gone.live, gone.terminated) == (False, "")
    assert postcodes.terminated_text(gone) == "terminated (the month is not held)"


def test_coordinates_come_from_the_national_grid_by_a_real_transform():
    """Postcodes: coordinates converted from eastings/northings. The points of postcodes whose LSOA the ONS lookup
    gives fall inside that LSOA's official boundary (held for Stockton-on-Tees); a wrong transform misses them."""
    boundaries = {code: shape(json.loads(b)) for code, b in
                  Lsoa.objects.filter(vintage=2011, local_authority_id=STOCKTON).values_list("code", "boundary")}
    rows = list(Postcode.objects.filter(live=True, lsoa11_by_point=False, lsoa11__in=list(boundaries))
                .values_list("lsoa11", "latitude", "longitude"))
    inside = sum(boundaries[code].buffer(0.0005).covers(Point(lon, lat)) for code, lat, lon in rows)
    assert len(rows) > 4000 and inside / len(rows) > 0.97


def test_a_postcode_newer_than_the_lookup_is_placed_by_its_point():
    """Postcodes: LSOA 2011 'from the ONS lookup, else by its point'. TS16 0FJ is in Code-Point Open, not the lookup."""
    found = postcodes.find("TS16 0FJ")
    assert found.live and found.lsoa11_by_point
    boundary = shape(json.loads(Lsoa.objects.get(vintage=2011, code=found.lsoa11).boundary))
    assert boundary.buffer(0.0005).covers(Point(found.longitude, found.latitude))


@pytest.mark.parametrize("typed", ["TS18 1AA", "ts181aa", "  Ts18   1aA ", "TS181AA"])
def test_find_takes_any_spacing_and_case(typed):
    """Postcodes: a lookup any spacing or case. TS18 1AA: 'TS18 1AA,198001,,0,E00061843,E01033477,…,E06000004'."""
    found = postcodes.find(typed)
    assert (found.postcode, found.live, found.lsoa11, found.local_authority_code) == ("TS18 1AA", True, "E01033477",
                                                                                     STOCKTON)
    assert postcodes.lsoa_code(typed) == "E01033477"


def test_find_says_nothing_for_what_is_not_a_held_postcode():
    assert postcodes.find("not a postcode") is None and postcodes.find("ZZ99 9ZZ") is None
    assert postcodes.lsoa_code("ZZ99 9ZZ") == ""


def test_the_place_search_finds_a_neighbourhood_by_postcode(client, people):
    """Postcodes: the place search finds a neighbourhood by postcode, live or terminated (flagged as such)."""
    hood = services.save_neighbourhood("Stockton town centre", ["E01033477"], by=people["officer"], published=True)
    page = client.get("/", {"q": "ts18 1aa"}).content.decode()
    assert "TS18 1AA" in page and 'href="/places/lsoa/E01033477/"' in page
    assert f'href="/places/neighbourhoods/{hood.slug}/"' in page and "Neighbourhood holding TS18 1AA" in page
    lsoa = Lsoa.objects.get(vintage=2011, code="E01012254")
    page = client.get("/", {"q": "TS150WY"}).content.decode()
    assert f"terminated in June 2008; its last neighbourhood was LSOA {lsoa.name} (E01012254)" in page


def test_an_area_given_on_the_command_line_may_be_a_postcode():
    """Postcodes everywhere a place is typed: `--area TS18 1AA` is its LSOA."""
    area = services.find_area("ts18 1aa")
    assert (area.kind, area.code) == ("lsoa", "E01033477")
    with pytest.raises(services.AreaNotFound, match="ZZ99 9ZZ is not held"):
        services.find_area("zz99 9zz")


def test_loading_the_same_files_again_changes_nothing():
    before = database_snapshot()
    load, loaded = postcode_loading.load_shipped(settings.POSTCODES_DIR)
    assert not loaded and load.rows == Postcode.objects.count()
    assert database_snapshot() == before


def _onspd(tmp_path, header, rows, name="ONSPD_NOV_2025_UK.csv"):
    path = tmp_path / name
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])
    return path


def test_the_directory_as_ons_publishes_it_replaces_the_postcodes(tmp_path):
    """Postcodes: a loader of the ONS Postcode Directory as ONS publishes it (2025 layout, with LSOA 2021)."""
    england = {"ctry25cd": "E92000001", "lad25cd": STOCKTON, "wd25cd": "E05014882"}
    path = _onspd(tmp_path, ONSPD_2025, [
        {"pcds": "TS18 1AA", "east1m": "444569", "north1m": "518960", "lsoa21cd": "E01035199", **england},
        {"pcds": "TS15 0WY", "doterm": "200806", "east1m": "443000", "north1m": "511000", "lsoa21cd": "E01012254",
         **england},
        {"pcds": "CF10 1AA", "ctry25cd": "W92000004", "lad25cd": "W06000015", "east1m": "318000", "north1m": "176000"},
    ])
    call_command("load-postcodes", str(path), "--no-progress")
    assert Postcode.objects.count() == 2
    live, gone = postcodes.find("TS18 1AA"), postcodes.find("TS15 0WY")
    assert (live.live, live.lsoa21, live.ward_code, live.lsoa11) == (True, "E01035199", "E05014882", "E01033477")
    assert (gone.live, gone.terminated, gone.lsoa11) == (False, "200806", "E01012254")  # LSOA 2011 kept from before
    assert 54.5 < live.latitude < 54.6 and -1.35 < live.longitude < -1.25


def _lsoa11_indexes():
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Postcode._meta.db_table)
    return sorted(name for name, c in found.items() if c["columns"] == ["lsoa11"] and c["index"] and not c["unique"])


def test_a_load_builds_the_lsoa_index_after_its_rows_and_a_failed_one_leaves_it_as_it_was(tmp_path, monkeypatch):
    """Speed: the postcode load drops the table's plain indexes for its inserts and builds them once after (several
    times faster than keeping them up to date row by row); the index is there afterwards and is used, and a load
    that fails after its inserts leaves the rows and the index as they were."""
    from django.db import connection

    indexes = _lsoa11_indexes()
    assert indexes
    england = {"ctry25cd": "E92000001", "lad25cd": STOCKTON, "wd25cd": "E05014882"}
    path = _onspd(tmp_path, ONSPD_2025, [
        {"pcds": "TS18 1AA", "east1m": "444569", "north1m": "518960", "lsoa21cd": "E01035199", **england}])
    before = Postcode.objects.count()
    monkeypatch.setattr(wards2021, "assign_2021_wards", lambda: 1 / 0)
    monkeypatch.setattr(postcode_loading, "assign_2021_wards", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        postcode_loading.load_directory(path)
    assert Postcode.objects.count() == before and _lsoa11_indexes() == indexes
    monkeypatch.undo()
    postcode_loading.load_directory(path)
    assert Postcode.objects.count() == 1 and _lsoa11_indexes() == indexes
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN SELECT postcode FROM places_postcode WHERE lsoa11 = %s", ["E01033477"])
            assert any(indexes[0] in str(row) for row in cursor.fetchall())


def test_the_directory_before_2025_and_zipped(tmp_path):
    """Postcodes: the layout ONS published before 2025 (oseast1m, oslaua, osward, lsoa11, lsoa21), in ONS's zip."""
    path = _onspd(tmp_path, ONSPD_2023, [
        {"pcds": "TS18 1AA", "oseast1m": "444569", "osnrth1m": "518960", "ctry": "E92000001", "oslaua": STOCKTON,
         "osward": "E05001520", "lsoa11": "E01012262", "lsoa21": "E01012262"}])
    archive = tmp_path / "ONSPD_FEB_2023.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(path, "Data/ONSPD_FEB_2023_UK.csv")
        z.writestr("User Guide/readme.csv", "not,this\n")
    postcode_loading.load_directory(archive)
    found = postcodes.find("TS18 1AA")
    assert (found.lsoa11, found.lsoa21, found.ward_code) == ("E01012262", "E01012262", "E05001520")


def test_a_postcode_file_in_an_unknown_layout_is_refused_and_nothing_is_written(tmp_path):
    """Bad input: "a postcode file in an unknown layout": refused with a clear message; nothing half-loaded."""
    path = tmp_path / "postcodes.csv"
    path.write_text("postcode,latitude,longitude\nTS18 1AA,54.56,-1.31\n")
    before = database_snapshot()
    with pytest.raises(ImportRefused) as refused:
        postcode_loading.load_directory(path)
    (problem,) = refused.value.problems
    assert (problem.file, problem.line) == ("postcodes.csv", 1)
    assert "not a postcode file in a layout the platform knows" in problem.reason
    assert "pcds, doterm, east1m, north1m" in problem.reason and "postcode, latitude, longitude" in problem.reason
    assert database_snapshot() == before


def test_bad_lines_of_a_directory_are_each_named_and_nothing_is_written(tmp_path):
    """Bad input: each refused line named with its reason, nothing half-loaded."""
    england = {"ctry25cd": "E92000001", "lad25cd": STOCKTON, "wd25cd": "E05014882", "lsoa21cd": "E01035199"}
    path = _onspd(tmp_path, ONSPD_2025, [
        {"pcds": "TS18 1AA", "east1m": "444569", "north1m": "518960", **england},
        {"pcds": "TS18 XYZ", "east1m": "444569", "north1m": "518960", **england},
        {"pcds": "TS18 1AB", "doterm": "2008-06", "east1m": "north", "north1m": "518960", **england},
        {"pcds": "TS18 1AA", "east1m": "444569", "north1m": "518960", **england},
    ])
    before = database_snapshot()
    with pytest.raises(ImportRefused) as refused:
        postcode_loading.load_directory(path)
    said = {str(p) for p in refused.value.problems}
    name = "ONSPD_NOV_2025_UK.csv"
    assert f"{name}, line 3: 'TS18 XYZ' is not a postcode" in said
    assert f"{name}, line 4: '2008-06' is not a month written YYYYMM" in said
    assert f"{name}, line 4: 'north' is not a National Grid easting from 0 to 700,000" in said
    assert f"{name}, line 5: TS18 1AA is listed twice (first on line 2)" in said
    assert database_snapshot() == before


def test_the_large_file_reader_names_the_line_of_what_it_refuses():
    """Every problem names its line: a row too wide, a value over two lines, a NUL byte."""
    cases = [(b"a,b\n1,2\n3,4,5\n", "line 3: the row has 3 values; the header has 2"),
             (b'a,b\n1,2\n3,"x\ny"\n', "line 3: a value here spans more than one line"),
             (b"a,b\n1,2\n3\x00,4\n", "line 3: there is a NUL byte")]
    for data, told in cases:
        with pytest.raises(ImportRefused, match=told):
            read_columns(data, "f.csv", ["a", "b"])


def test_a_2021_lsoa_with_an_unchanged_code_keeps_its_2011_ward():
    """The 2021 geography: a 2021 LSOA whose code is unchanged from 2011 keeps its 2011 ward."""
    old = Lsoa.objects.get(vintage=2011, code="E01012262")
    new = Lsoa.objects.get(vintage=2021, code="E01012262")
    assert old.ward_id and new.ward_id == old.ward_id and new.ward_basis == wards2021.UNCHANGED


def test_a_new_2021_lsoa_takes_the_ward_where_most_of_its_postcodes_fall(tmp_path):
    """The 2021 geography: a 2021 LSOA with a new code takes its ward from where its postcodes fall; with none
    held, its ward is 'not held' with the reason."""
    olds = Lsoa.objects.filter(vintage=2011, local_authority_id=STOCKTON).order_by("code")
    a = olds.first()
    b = olds.exclude(ward=a.ward).first()
    new_codes = list(Lsoa.objects.filter(vintage=2021, local_authority_id=STOCKTON).exclude(
        code__in=olds.values("code")).order_by("code").values_list("code", flat=True)[:2])
    with_postcodes, without = new_codes
    Postcode.objects.all().delete()
    Postcode.objects.bulk_create([Postcode(postcode=f"TS1{n} 1AA", live=True, lsoa11=lsoa.code, lsoa21=with_postcodes)
                                  for n, lsoa in enumerate([a, a, a, b])])
    wards2021.assign_2021_wards()
    placed, unplaced = Lsoa.objects.get(vintage=2021, code=with_postcodes), Lsoa.objects.get(vintage=2021, code=without)
    assert placed.ward_id == a.ward_id and "3 of its 4 postcodes" in placed.ward_basis
    assert unplaced.ward_id is None and unplaced.ward_basis.startswith("Not held: its code is new in 2021")


def test_the_iod2025_lsoa_page_says_how_its_ward_is_known_and_why_no_population(client):
    """The 2021 geography: IoD2025 pages show wards for 2021 LSOAs where known, and populations where held, else a
    clear 'not held' with the reason."""
    new = Lsoa.objects.filter(vintage=2021, local_authority_id=STOCKTON).exclude(
        code__in=Lsoa.objects.filter(vintage=2011).values("code")).first()
    page = client.get(f"/places/lsoa/{new.code}/?edition=2025").content.decode()
    assert new.ward_basis and new.ward_basis.replace("'", "&#x27;") in page
    assert "Not held: the populations held are the mid-2015 estimates" in page
    kept = Lsoa.objects.select_related("ward").get(vintage=2021, code="E01012262")
    page = client.get("/places/lsoa/E01012262/?edition=2025").content.decode()
    assert kept.ward.name in page and "why-not-held" not in page


def test_the_correspondence_page_says_how_2011_and_2021_lsoas_correspond(client):
    """The 2021 geography: a page that says how 2011 and 2021 LSOAs correspond where a user compares editions."""
    old = set(Lsoa.objects.filter(vintage=2011, local_authority_id=STOCKTON).values_list("code", flat=True))
    new = set(Lsoa.objects.filter(vintage=2021, local_authority_id=STOCKTON).values_list("code", flat=True))
    page = client.get(f"/places/local-authority/{STOCKTON}/lsoas-2011-2021/").content.decode()
    assert f"{len(old & new)} kept their code" in page
    assert f"{len(old - new)} 2011 LSOAs ended" in page or f"{len(old - new)} 2011 LSOA ended" in page
    for code in (old - new) | (new - old):
        assert code in page
    # TS18 1AA lay in E01033477 (ended) and its point is in the 2021 LSOA E01035199's boundary.
    assert postcodes.find("TS18 1AA").lsoa21 == "E01035199"
    row = page[page.index("E01033477"):]
    assert "E01035199" in row[:row.index("</tr>")]
