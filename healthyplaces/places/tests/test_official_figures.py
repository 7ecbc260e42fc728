"""The figures analysts quote, checked against the official file itself (not numbers copied here)."""
import csv

import pytest
from django.core.management import call_command

from healthyplaces.testing import SOURCE_DATA
from healthyplaces.places.loading import FILES

NORTHAMPTONSHIRE_DISTRICTS = ["E07000150", "E07000151", "E07000152", "E07000153", "E07000154", "E07000155", "E07000156"]


def official_file1():
    with open(SOURCE_DATA / FILES["imd2019_file1"], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return [(r[0], r[1], r[2], r[3], int(r[4].replace(",", "")), int(r[5])) for r in reader]


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_corby_four_most_deprived_match_the_official_file():
    expected = sorted((r for r in official_file1() if r[2] == "E07000150"), key=lambda r: r[4])[:4]
    output = run("most-deprived", "--area", "E07000150", "--limit", "4", "--format", "csv")
    rows = list(csv.reader(output.splitlines()))
    assert rows[0] == ["lsoa_code", "lsoa_name", "local_authority", "rank", "decile"]
    assert rows[1:] == [[code, name, la_name, str(rank), str(decile)] for code, name, _, la_name, rank, decile in expected]
    assert rows[1][0] == "E01026968"  # Corby 006G, the seed document's most deprived LSOA in Corby


@pytest.mark.django_db
def test_northamptonshire_decile_counts_match_the_official_file():
    rows = [r for r in official_file1() if r[2] in NORTHAMPTONSHIRE_DISTRICTS]
    decile1 = sum(1 for r in rows if r[5] == 1)
    decile12 = sum(1 for r in rows if r[5] in (1, 2))
    args = ["deprivation-summary", "--format", "csv"]
    for code in NORTHAMPTONSHIRE_DISTRICTS:
        args += ["--area", code]
    output = list(csv.DictReader(run(*args).splitlines()))
    assert len(output) == 1
    summary = output[0]
    assert int(summary["lsoas"]) == len(rows)
    assert int(summary["decile_1"]) == decile1
    assert int(summary["deciles_1_2"]) == decile12
    assert float(summary["deciles_1_2_share"]) == pytest.approx(decile12 / len(rows), abs=0.0005)


@pytest.mark.django_db
def test_successor_authorities_find_the_same_lsoas_as_their_former_districts():
    former = run("most-deprived", "--format", "csv", *sum([["--area", c] for c in NORTHAMPTONSHIRE_DISTRICTS], []))
    current = run("most-deprived", "--format", "csv", "--area", "North Northamptonshire", "--area", "E06000062")
    assert sorted(former.splitlines()) == sorted(current.splitlines())
    assert len(former.splitlines()) - 1 == sum(1 for r in official_file1() if r[2] in NORTHAMPTONSHIRE_DISTRICTS)


@pytest.mark.django_db
def test_the_2025_edition_uses_2021_lsoas_and_its_own_ranks():
    with open(SOURCE_DATA / FILES["imd2025_file1"], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        expected = sorted(((r[0], int(r[4])) for r in reader if r[2] == "E06000061"), key=lambda r: r[1])
    output = list(csv.DictReader(run("most-deprived", "--area", "E06000061", "--edition", "2025", "--format", "csv").splitlines()))
    assert [(r["lsoa_code"], int(r["rank"])) for r in output] == expected


@pytest.mark.django_db
def test_domain_option_ranks_by_that_domain():
    with open(SOURCE_DATA / FILES["imd2019_file2"], encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = next(i for i, h in enumerate(header) if h.startswith("Crime Rank"))
        expected = sorted(((r[0], int(r[col])) for r in reader if r[2] == "E06000004"), key=lambda r: r[1])[:5]
    output = list(csv.DictReader(run("most-deprived", "--area", "Stockton-on-Tees", "--domain", "crime", "--limit", "5",
                                     "--format", "csv").splitlines()))
    assert [(r["lsoa_code"], int(r["rank"])) for r in output] == expected


@pytest.mark.django_db
def test_every_english_lsoa_is_loaded_with_its_geography():
    from healthyplaces.places.models import Deprivation, Lsoa, Population

    assert Lsoa.objects.filter(vintage=2011).count() == len(official_file1()) == 32844
    assert Deprivation.objects.filter(edition="2019").count() == 32844
    assert Deprivation.objects.filter(edition="2025").count() == 33755
    assert Population.objects.count() == 32844
    corby = Lsoa.objects.select_related("msoa", "ward", "local_authority").get(code="E01026968", vintage=2011)
    assert corby.local_authority.successor_id == "E06000061"
    assert corby.msoa.code.startswith("E02") and corby.ward.code.startswith("E05")
    assert corby.boundary  # North Northamptonshire has boundaries
    northampton = Lsoa.objects.get(code="E01027140", vintage=2011)
    assert (round(northampton.longitude, 4), round(northampton.latitude, 4)) == (-0.8145, 52.2514)
    assert not Lsoa.objects.filter(vintage=2011, latitude__isnull=True).exists()
