import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from healthyplaces.accounts.models import Role
from healthyplaces.exports import safe_cell
from healthyplaces.places.models import Neighbourhood
from healthyplaces.places.services import NeighbourhoodInvalid, save_neighbourhood

pytestmark = pytest.mark.django_db


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_local_authority_page_ranks_filters_sorts_and_pages(client):
    page = client.get("/places/local-authority/E06000004/")
    assert page.status_code == 200
    ranks = [row["rank"] for row in page.context["rows"]]
    assert ranks == sorted(ranks) and len(ranks) == 50
    assert page.context["page"].paginator.count == 120
    second = client.get("/places/local-authority/E06000004/?page=3")
    assert len(second.context["rows"]) == 20
    only_1 = client.get("/places/local-authority/E06000004/?deciles=1")
    assert {row["decile"] for row in only_1.context["rows"]} == {1}
    by_name = client.get("/places/local-authority/E06000004/?sort=name&order=desc")
    names = [row["lsoa"].name for row in by_name.context["rows"]]
    assert names == sorted(names, reverse=True)
    crime = client.get("/places/local-authority/E06000004/?domain=crime")
    assert crime.context["domain"].key == "crime"


def test_the_2025_edition_rejects_domains_it_does_not_hold(client):
    page = client.get("/places/local-authority/E06000004/?edition=2025&domain=crime")
    assert page.status_code == 200
    assert page.context["domain"].key == "imd"
    assert b"hold only" in page.content


def test_former_district_pages_link_to_their_successor(client):
    page = client.get("/places/local-authority/E07000150/")
    assert b"became part of" in page.content and b"North Northamptonshire" in page.content
    successor = client.get("/places/local-authority/E06000061/")
    assert b"Corby" in successor.content
    assert client.get("/places/local-authority/E99999999/").status_code == 404


def test_csv_download_has_every_lsoa_of_the_filter(client):
    response = client.get("/places/local-authority/E06000004/lsoas.csv?deciles=1&deciles=2")
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    page = client.get("/places/local-authority/E06000004/?deciles=1&deciles=2")
    assert len(rows) == page.context["page"].paginator.count
    assert {r["decile"] for r in rows} <= {"1", "2"}


def test_geojson_has_boundaries_where_held_and_centroids_elsewhere(client):
    stockton = client.get("/places/local-authority/E06000004/lsoas.geojson").json()
    assert len(stockton["features"]) == 120
    assert {f["geometry"]["type"] for f in stockton["features"]} <= {"Polygon", "MultiPolygon"}
    leeds = client.get("/places/local-authority/E08000035/lsoas.geojson").json()
    assert leeds["features"] and {f["geometry"]["type"] for f in leeds["features"]} == {"Point"}


def test_lsoa_profile_shows_every_domain_against_england(client):
    page = client.get("/places/lsoa/E01026968/")
    assert page.status_code == 200
    domains = page.context["domains"]
    assert [d["key"] for d in domains][:2] == ["imd", "income"] and len(domains) == 10
    assert domains[0]["rank"] == 440 and domains[0]["decile"] == 1
    assert page.context["population"] > 0
    in_2025 = client.get("/places/lsoa/E01026968/?edition=2025")
    assert in_2025.context["domains"][0]["rank"] == 1264  # North Northamptonshire 007G in IoD2025
    assert client.get("/places/lsoa/E01999999/").status_code == 404


def test_search_finds_places_by_name_and_code(client):
    response = client.get("/?q=corby")
    kinds = {kind for kind, *_ in response.context["page"].object_list}
    assert {"local_authority", "lsoa"} <= kinds
    by_code = client.get("/?q=E06000004")
    assert by_code.context["page"].object_list[0][1] == "E06000004"
    partial = client.get("/?q=corby", HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"Corby" in partial.content


def test_an_officer_creates_a_neighbourhood_on_the_page(people, client_for):
    client = client_for(people[Role.OFFICER])
    picker = client.get("/places/neighbourhoods/new/?authority=E06000004")
    assert len(picker.context["choices"]) == 120
    response = client.post("/places/neighbourhoods/new/", {
        "name": "Stockton town centre and Portrack", "lsoas": ["E01012187", "E01012188"],
        "pasted": "E01012189", "published": "on", "authority": "E06000004"})
    assert response.status_code == 302
    hood = Neighbourhood.objects.get(name="Stockton town centre and Portrack")
    assert sorted(hood.lsoas.values_list("code", flat=True)) == ["E01012187", "E01012188", "E01012189"]
    profile = client.get(response.url)
    assert profile.context["page"].paginator.count == 3


def test_a_neighbourhood_form_with_problems_says_so_and_saves_nothing(people, client_for):
    client = client_for(people[Role.OFFICER])
    response = client.post("/places/neighbourhoods/new/", {"name": "", "lsoas": []})
    assert response.status_code == 200 and b"There is a problem" in response.content
    response = client.post("/places/neighbourhoods/new/", {"name": "Nowhere", "pasted": "E01999999"})
    assert b"No LSOA has the code(s): E01999999" in response.content
    assert not Neighbourhood.objects.exists()


def upload(client, name, text):
    return client.post("/places/neighbourhoods/upload/", {
        "name": name, "file": SimpleUploadedFile("lsoas.csv", text if isinstance(text, bytes) else text.encode())})


def test_a_neighbourhood_from_a_csv_upload(people, client_for):
    client = client_for(people[Role.ANALYST])
    response = upload(client, "Portrack", "lsoa_code\nE01012187\nE01012188\n")
    assert response.status_code == 302
    assert Neighbourhood.objects.get(name="Portrack").lsoas.count() == 2


@pytest.mark.parametrize("content,message", [
    ("lsoa_code\nE01012187\nE01999999\n", "lsoas.csv, line 3: no LSOA has the code E01999999"),
    ("lsoa_code\nE01012187\nnot-a-code\n", "lsoas.csv, line 3: &#x27;NOT-A-CODE&#x27; is not an LSOA code"),
    ("lsoa_code\nE01012187\nE01012187\n", "lsoas.csv, line 3: E01012187 is listed twice (first on line 2)"),
    ("area\nE01012187\n", "lsoas.csv, line 1: the header needs a column named lsoa_code"),
    (b"lsoa_code\nE01012187\n\x81\x8d\n", "lsoas.csv, line 3: the file is not UTF-8 text"),
    ("lsoa_code\n", "lsoas.csv: the file lists no LSOAs"),
])
def test_a_bad_neighbourhood_csv_is_refused_naming_the_line(people, client_for, content, message):
    response = upload(client_for(people[Role.OFFICER]), "Bad place", content)
    assert response.status_code == 200
    assert message.encode() in response.content
    assert not Neighbourhood.objects.exists()


def test_neighbourhood_command_creates_and_refuses(tmp_path):
    out = io.StringIO()
    call_command("neighbourhood", "create", "Portrack", "--lsoa", "E01012187", "E01012188", "--publish", stdout=out)
    assert "with 2 LSOAs" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("lsoa_code\nE01012189\nE01999999\n")
    with pytest.raises(CommandError, match="bad.csv, line 3: no LSOA has the code E01999999"):
        call_command("neighbourhood", "create", "Elsewhere", "--csv", str(bad))
    assert not Neighbourhood.objects.filter(name="Elsewhere").exists()
    out = io.StringIO()
    call_command("most-deprived", "--area", "Portrack", "--format", "csv", stdout=out)
    assert len(out.getvalue().splitlines()) == 3


def test_unknown_areas_and_domains_are_clear_errors():
    with pytest.raises(CommandError, match="No local authority, neighbourhood"):
        call_command("most-deprived", "--area", "Atlantis")
    with pytest.raises(CommandError, match="hold only"):
        call_command("most-deprived", "--area", "E06000004", "--edition", "2025", "--domain", "crime")


def test_duplicate_neighbourhood_names_are_refused():
    save_neighbourhood("Portrack", ["E01012187"])
    with pytest.raises(NeighbourhoodInvalid, match="already exists"):
        save_neighbourhood("portrack", ["E01012188"])


@pytest.mark.parametrize("value,expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("+44 1642", "'+44 1642"), ("-cmd", "'-cmd"), ("@here", "'@here"),
    ("-1.5", "-1.5"), (12, 12), ("Stockton 001A", "Stockton 001A"), (None, ""),
])
def test_exports_never_hold_a_formula(value, expected):
    assert safe_cell(value) == expected


def test_csv_writer_neutralises_formulas_in_every_cell():
    from healthyplaces.exports import write_csv

    out = io.StringIO()
    write_csv(out, ["name", "value"], [["=HYPERLINK(\"http://x\")", -2], ["@SUM(1)", "+1"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "-2"]
    assert rows[2] == ["'@SUM(1)", "'+1"]  # a leading + is a formula to Excel, even before a number


def test_healthz_and_api(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    api = client.get("/api/places/areas/E07000150/lsoas?limit=4").json()
    assert api["count"] > 4 and [r["rank"] for r in api["results"]][0] == 440
    summary = client.get("/api/places/areas/E06000004/summary").json()
    assert summary[0]["domain"] == "imd" and summary[0]["lsoa_count"] == 120
    assert summary[0]["decile1_count"] == client.get("/places/local-authority/E06000004/").context["summaries"][0].decile1_count
    schema = client.get("/api/openapi.json").json()
    assert "/api/places/areas/{code}/lsoas" in schema["paths"]
    assert client.get("/api/places/lsoas/E01999999").status_code == 404


def test_text_is_escaped_on_pages(client):
    hood = save_neighbourhood("<script>alert(1)</script>", ["E01012187"], published=True,
                              description="<b>bold</b>")
    page = client.get(f"/places/neighbourhoods/{hood.slug}/")
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content


def test_editing_keeps_lsoas_outside_the_authority_shown(people, client_for):
    hood = save_neighbourhood("Tees border", ["E01012187", "E01026968"], by=people[Role.OFFICER])
    client = client_for(people[Role.OFFICER])
    form = client.get(f"/places/neighbourhoods/{hood.slug}/edit/?authority=E06000004")
    assert form.context["chosen_elsewhere"] == ["E01026968"]
    assert b'type="hidden" name="lsoas" value="E01026968"' in form.content


def test_the_reference_data_page_reloads_and_refuses_bad_files(people, client_for, mini_data, settings):
    """Issue 11, Background work: loading England from the page is a job, whose page shows the result or
    the refused files' problems (nothing written)."""
    from healthyplaces.testing import database_snapshot
    from healthyplaces.places.loading import FILES

    settings.DATA_DIR = mini_data
    client = client_for(people[Role.ANALYST])
    response = client.post("/places/data/")
    assert response.status_code == 302 and response.url.startswith("/jobs/")
    page = client.get(response.url).content.decode()
    assert "Load England&#x27;s reference data" in page and "Loaded" in page and "See the reference data" in page
    (mini_data / FILES["imd2019_file6"]).write_text("not,the,right,header\n")
    before = database_snapshot()
    response = client.get(client.post("/places/data/").url)
    assert b"line 1: the header has no column starting" in response.content
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S).group(0)
    assert "The file was refused, so nothing was changed" in summary and 'id="job-problems"' in summary
    assert database_snapshot() == before


def test_load_england_keeps_its_progress_bar(db, mini_data, capsys):
    """Issue 11, Background work: the command runs the page's job in the foreground, with its progress bar."""
    call_command("load-england", "--data-dir", str(mini_data))
    captured = capsys.readouterr()
    assert "Checking the official files" in captured.err and "Saving about 170,000 rows" in captured.err
    assert "Loaded" in captured.out


def test_long_lists_show_page_numbers_around_the_current_one(client):
    html = client.get("/places/local-authority/E08000025/?page=7").content.decode()  # Birmingham, 13 pages
    pages = re.findall(r'aria-label="Page (\d+)"', html)
    assert pages == ["1", "5", "6", "7", "8", "9", "13"]
    assert html.count("govuk-pagination__item--ellipses") == 2
