"""The indicator pages, the import page (who may use it, what it says when it refuses) and the profile sections."""
import csv
import io
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from healthyplaces.accounts.models import Role
from healthyplaces.indicators.models import IndicatorValue
from healthyplaces.places.services import save_neighbourhood
from healthyplaces.testing import database_snapshot

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db
IMPORTERS = {Role.ADMIN, Role.ANALYST}


def upload(data=None, name="fingertips_sample.csv", **fields):
    return {"kind": "fingertips", "polarity": "low", "method": "proportion", "group_kind": "decile",
            "file": SimpleUploadedFile(name, data if data is not None else SAMPLE.read_bytes(), "text/csv"), **fields}


def test_only_administrators_and_analysts_may_import(people, client_for):
    for role in sorted(Role.values, key=lambda r: r in IMPORTERS):  # those refused first
        client = client_for(people[role])
        assert client.get("/indicators/import/").status_code == (200 if role in IMPORTERS else 403)
        response = client.post("/indicators/import/", upload())
        assert response.status_code == (302 if role in IMPORTERS else 403)
        if role not in IMPORTERS:
            assert not IndicatorValue.objects.exists()
    assert client_for(None).get("/indicators/import/").status_code == 302
    assert IndicatorValue.objects.count() == 105


def test_an_analyst_imports_on_the_page_and_sees_the_indicator(people, client_for):
    client = client_for(people[Role.ANALYST])
    response = client.post("/indicators/import/", upload(), follow=True)
    assert response.redirect_chain[-1][0].startswith("/jobs/")  # the import is a job; its page tells what it made
    assert b"105 new" in response.content
    assert b'<a class="govuk-link" href="/indicators/">See the indicators</a>' in response.content  # two: the list
    again = client.post("/indicators/import/", upload(), follow=True)
    assert b"0 new, 0 changed, 105 unchanged" in again.content


def test_a_refused_upload_lists_each_line_and_saves_nothing(people, client_for):
    client = client_for(people[Role.ANALYST])
    lines = SAMPLE.read_text().splitlines()
    lines.append(lines[7])
    before = database_snapshot("indicators")
    response = client.post("/indicators/import/", upload(("\n".join(lines) + "\n").encode()))
    assert response.status_code == 200
    problems = response.context["problems"]
    assert any("line 107: duplicate row" in p for p in problems)
    assert b"Import refused, nothing was saved" in response.content
    assert database_snapshot("indicators") == before


def test_deaths_and_populations_import_on_the_page_and_show_on_the_life_expectancy_page(people, client_for):
    bands = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
    rows = ["group,sex,year,age_band,deaths,population"]
    for decile in range(1, 11):
        for sex in ("Male", "Female"):
            rows += [f"{decile},{sex},2019,{b},{round(50000 * 0.0002 * math.exp(0.085 * age) * (1 + (10 - decile) / 20))},50000"
                     for b, age in zip(bands, [0, 1, *range(5, 95, 5)])]
    client = client_for(people[Role.ANALYST])
    data = upload(("\n".join(rows) + "\n").encode(), name="deaths.csv", kind="mortality", dataset_name="Test deciles 2019")
    job = client.post("/indicators/import/", data, follow=True).content.decode()
    assert 'href="/indicators/life-expectancy/?dataset=test-deciles-2019">See the life expectancy gap' in job
    response = client.get("/indicators/life-expectancy/?dataset=test-deciles-2019")
    result = response.context["result"]["sexes"]["Male"]
    assert [g.group for g in result["deciles"]] == [str(d) for d in range(1, 11)]
    assert result["gap_deciles"]["value"] > 0 and result["sii_deciles"] is not None
    missing_name = client.post("/indicators/import/", upload(b"x", name="deaths.csv", kind="mortality"))
    assert "Give the data set a name" in missing_name.content.decode()


def test_the_import_page_reads_the_file_once_and_its_job_writes_the_rows_it_read(people, client_for, monkeypatch):
    """Issue 11, Background work: the indicators import is a task that writes the held parsed rows
    (uploads.hold(..., parsed=rows)), not a second parse of the file, and not work done in the request."""
    from healthyplaces.indicators import importing
    from healthyplaces.jobs.models import Job
    from healthyplaces.jobs.testing import database_backend, run_worker
    from healthyplaces.uploads.models import HeldUpload

    client = client_for(people[Role.ANALYST])
    with database_backend():
        job_page = client.post("/indicators/import/", upload())["Location"]
        assert not IndicatorValue.objects.exists() and Job.objects.get().status == Job.Status.WAITING
        HeldUpload.objects.update(content=b"\xff not the file")
        monkeypatch.setattr(importing, "read_file", lambda *a, **k: pytest.fail("the file was parsed again"))
        monkeypatch.setattr(csv, "reader", lambda *a, **k: pytest.fail("the file was read again"))
        run_worker()
    assert IndicatorValue.objects.count() == 105 and not HeldUpload.objects.exists()
    assert "105 new" in client.get(job_page).content.decode()


def test_an_import_stopped_half_way_writes_nothing_and_runs_again_from_its_page(people, client_for, monkeypatch):
    """Issue 11, Background work: an import killed mid-task leaves nothing half-written and can be run again."""
    from healthyplaces.accounts.models import AuditEvent
    from healthyplaces.importing import writing
    from healthyplaces.jobs.models import Job
    from healthyplaces.jobs.testing import database_backend, run_worker
    from healthyplaces.uploads.models import HeldUpload

    real_insert = writing.insert
    written = []

    def stop_half_way(model, rows):
        rows = list(rows)
        if model is IndicatorValue and not written:
            real_insert(model, rows[:50])
            written.extend(rows[:50])
            raise SystemExit("the worker was stopped")  # as the worker's second Ctrl+C does, mid-write
        return real_insert(model, rows)

    client = client_for(people[Role.ANALYST])
    before, events = database_snapshot("indicators"), AuditEvent.objects.count()
    monkeypatch.setattr(writing, "insert", stop_half_way)
    with database_backend():
        job_page = client.post("/indicators/import/", upload())["Location"]
        run_worker()
        assert len(written) == 50  # rows were written inside the import's transaction, then it stopped
        assert database_snapshot("indicators") == before and AuditEvent.objects.count() == events
        page = client.get(job_page).content.decode()
        assert "The job was stopped before it finished" in page and "nothing it was writing was saved" in page
        assert HeldUpload.objects.exists()  # the file is kept for another try
        client.post(job_page + "again/")
        run_worker()
    job = Job.objects.get()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert IndicatorValue.objects.count() == 105 and "105 new" in client.get(job_page).content.decode()


def test_indicator_page_sorts_and_downloads(client, imported):
    page = client.get("/indicators/99901/?kind=lsoa&sort=value")
    values = [r.value for r in page.context["rows"]]
    assert values == sorted(values)
    descending = client.get("/indicators/99901/?kind=lsoa&sort=name&order=desc")
    names = [r.area_name for r in descending.context["rows"]]
    assert names == sorted(names, reverse=True)
    assert page.context["chosen"].period == "2021/22"  # the latest by default
    older = client.get("/indicators/99901/?kind=lsoa&period=2019/20")
    assert older.context["chosen"].period == "2019/20"
    download = client.get("/indicators/99901/values.csv?kind=lsoa")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert len(rows) == 30 and {r["compared_with"] for r in rows} == {"England"}
    geojson = client.get("/indicators/99901/values.geojson?kind=lsoa").json()
    assert len(geojson["features"]) == 30 and geojson["features"][0]["properties"]["label"]
    assert client.get("/indicators/nope/").status_code == 404


def test_trend_and_inequality_views(client, imported):
    page = client.get("/indicators/99901/?kind=lsoa&trend=E01012195")
    trend = page.context["trend"]
    assert [t["period"] for t in trend] == ["2019/20", "2020/21", "2021/22"]
    assert all(t["benchmark"].area_code == "E92000001" for t in trend)
    inequality = page.context["inequality"]
    assert [g["group"] for g in inequality.deciles] == list(range(1, 11))
    assert [g["areas"] for g in inequality.deciles] == [3] * 10
    assert sum(g["count"] for g in inequality.quintiles) == sum(r.count for r in page.context["rows"])
    sii = inequality.sii_deciles
    assert sii["lower"] < sii["value"] < sii["upper"] < 0  # admissions fall from the most to the least deprived
    authority = client.get("/indicators/99902/")
    assert authority.context["inequality"].deciles == [] and authority.context["inequality"].note


def test_area_profiles_list_the_indicators_held_with_their_england_comparison(client, imported):
    stockton = client.get("/places/local-authority/E06000004/").content.decode()
    assert "profile-indicators" in stockton and "Smoking prevalence in adults (18+) (synthetic)" in stockton
    lsoa = client.get("/places/lsoa/E01012195/").content.decode()
    assert "Emergency hospital admissions, all causes (synthetic)" in lsoa and "Compared with England" in lsoa
    save_neighbourhood("Indicator place", ["E01012195", "E01012198"], published=True)
    hood = client.get("/places/neighbourhoods/indicator-place/").content.decode()
    assert "Indicators held for the LSOAs of Indicator place" in hood
    assert "profile-indicators" not in client.get("/places/local-authority/E08000035/").content.decode()


def test_the_api_gives_indicators_values_and_the_life_expectancy_gap(client, imported, settings):
    from healthyplaces.indicators.importing import load_ons_mortality

    assert {i["code"] for i in client.get("/api/indicators/").json()} == {"99901", "99902"}
    values = client.get("/api/indicators/99901/values?kind=lsoa&period=2019/20").json()
    assert len(values) == 30 and values[0]["compared_with"] == "E92000001"
    assert {"better", "worse"} <= {v["comparison"] for v in values}
    assert client.get("/api/indicators/nope/values").status_code == 404
    load_ons_mortality(settings.DATA_DIR / "mortality")
    gap = client.get("/api/indicators/life-expectancy/ons-deprivation-deciles?period=2013-2015").json()
    male = gap["sexes"]["Male"]
    assert len(male["deciles"]) == 10 and male["gap_deciles"]["lower"] < male["gap_deciles"]["value"]
    assert client.get("/api/indicators/life-expectancy/ons-deprivation-deciles?period=1999").status_code == 404


def test_published_breakdowns_are_kept_and_shown_beside_the_whole_area(client):
    from healthyplaces.indicators.importing import import_fingertips

    header = ("Indicator ID,Indicator Name,Area Code,Area Type,Sex,Age,Category Type,Category,Time period,Value,"
              "Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator")
    rows = [header, "90366,Life expectancy at birth,E92000001,England,Male,All ages,,,2020 - 22,78.9,78.8,79.0,,"]
    rows += [f"90366,Life expectancy at birth,E92000001,England,Male,All ages,County & UA deprivation deciles in England (IMD2019),"
             f"{label},2020 - 22,{value},{value - 0.3},{value + 0.3},,"
             for label, value in (("Most deprived decile (IMD2019)", 73.5), ("Least deprived decile (IMD2019)", 83.2))]
    import_fingertips("\n".join(rows).encode(), "le.csv", polarity="high")
    page = client.get("/indicators/90366/")
    (table,) = page.context["breakdowns"]
    assert [r.comparison for r in table["rows"]] == ["worse", "better"]
    assert "Most deprived decile (IMD2019)" in page.content.decode()
    assert page.context["chosen"].period == "2020 - 22" and page.context["chosen"].kind == "england"
