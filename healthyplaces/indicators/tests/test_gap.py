"""What makes the life expectancy gap (issue 13, "Gap decomposition" and "Done when"): the ONS deaths by cause
are kept as they load, and the life expectancy gap page splits England's gap between deciles 1 and 10 by cause
and by age, with a chart and a table of each; imported deaths may give causes too."""
import pandas as pd
import pytest
from django.db.models import Sum

from healthyplaces.indicators import gap
from healthyplaces.indicators.importing import ImportRefused, import_mortality, load_ons_mortality
from healthyplaces.indicators.models import MortalityCause, MortalityDataset

pytestmark = pytest.mark.django_db
BANDS = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]


@pytest.fixture
def dataset(settings):
    load_ons_mortality(settings.DATA_DIR / "mortality")
    return MortalityDataset.objects.get()


def test_the_ons_causes_are_kept_and_add_up_to_all_deaths(settings, dataset):
    """Each of the file's ten cause groups is kept for 2001-2015, and they add up to the deaths held."""
    published = pd.read_csv(settings.DATA_DIR / "mortality" / "deaths_by_imd.csv").rename(columns=str.strip)
    held = published[published.year.between(2001, 2015)]
    assert MortalityCause.objects.filter(dataset=dataset).count() == len(held) * 20
    stroke = held[(held.year == 2015) & (held.imd == 1) & (held.sex == "Male") & (held.cause.str.contains("Stroke"))]
    assert MortalityCause.objects.get(dataset=dataset, year=2015, group="1", sex="Male", startage=75,
                                      cause=stroke.cause.iloc[0]).deaths == stroke["75-79"].iloc[0]
    total = MortalityCause.objects.filter(dataset=dataset, year=2015).aggregate(Sum("deaths"))["deaths__sum"]
    assert total == dataset.counts.filter(year=2015).aggregate(Sum("deaths"))["deaths__sum"] == 495_309
    assert load_ons_mortality(settings.DATA_DIR / "mortality").created == 0  # loading again changes nothing


def test_the_page_splits_englands_gap_between_deciles_1_and_10_by_cause_and_age(client, dataset):
    """Issue 13 "Done when": the life expectancy gap page shows, for the shipped data, the gap between England's
    deciles 1 and 10 split by cause and by age; each part's chart has its table, and the parts add up to the gap
    the page gives from the deciles' life expectancy (a separate calculation)."""
    page = client.get("/indicators/life-expectancy/?period=2015")
    text = page.content.decode()
    for sex in ("Male", "Female"):
        summary = page.context["result"]["sexes"][sex]
        parts = summary["decomposition"]
        assert [p.label for p in parts.by_cause][:2] == ["Neoplasms", "Diseases of the respiratory system"]
        assert len(parts.by_cause) == 10 and len(parts.by_age) == 20
        assert sum(p.contribution for p in parts.by_cause) == pytest.approx(summary["gap_deciles"]["value"], abs=1e-9)
        assert sum(p.contribution for p in parts.by_age) == pytest.approx(summary["gap_deciles"]["value"], abs=1e-9)
        key = sex.lower()
        assert f'id="what-makes-the-gap-{key}"' in text
        for part in ("causes", "ages"):
            assert f'id="gap-{part}-chart-{key}"' in text and f'id="gap-{part}-{key}"' in text
            assert f'href="#gap-{part}-{key}"' in text  # the chart links to its table
        # life expectancy by decile drawn with its SII line, beside its table
        assert f'id="le-deciles-chart-{key}"' in text and f'href="#le-deciles-{key}"' in text
    males = page.context["result"]["sexes"]["Male"]["decomposition"]
    largest = max(males.by_cause, key=lambda p: p.contribution)
    assert largest.label in ("All other causes", "Neoplasms", "Ischaemic heart disease")
    assert f"{largest.contribution:.2f}</td>" in text


def _tidy(rows):
    return ("group,sex,year,age_band,cause,deaths,population\n"
            + "".join(",".join(map(str, r)) + "\n" for r in rows)).encode()


def _decile_rows(deaths_at=lambda decile, cause, band: 2):
    return [(decile, "Persons", 2020, band, cause, deaths_at(decile, cause, band), 1000)
            for decile in (1, 10) for band in BANDS for cause in ("Cancer", "Circulatory")]


def test_an_imported_file_with_causes_keeps_them_and_their_sum():
    """Issue 13: import deaths by group, sex, age band and, optionally, cause group."""
    rows = _decile_rows(lambda decile, cause, band: (3 if decile == 1 else 1) + (5 if cause == "Cancer" else 0))
    import_mortality(_tidy(rows), "deaths.csv", "Deaths by cause")
    dataset = MortalityDataset.objects.get(name="Deaths by cause")
    assert dataset.counts.get(group="1", startage=60).deaths == 8 + 3
    assert dataset.causes.get(group="1", startage=60, cause="Cancer").deaths == 8
    parts = gap.deprivation_gap(dataset, "2020")["Persons"]
    # both causes differ by 2 deaths in every band: the gap is theirs in equal shares
    assert [p.label for p in parts.by_cause] == ["Cancer", "Circulatory"]
    assert parts.by_cause[0].contribution == pytest.approx(parts.by_cause[1].contribution, rel=1e-12)
    assert parts.gap > 0


@pytest.mark.parametrize("change, message", [
    (lambda rows: rows[:5] + [rows[5][:6] + (999,)] + rows[6:], "deaths.csv, line 7: the population 999 differs from 1000 on line 6"),
    (lambda rows: [r[:5] + (600,) + r[6:] if r[3] == "90+" else r for r in rows], "1200 deaths (all causes) is more than the population 1000"),
    (lambda rows: rows + [rows[0]], "duplicate row: the same group, sex, year, age band and cause as line 2"),
    (lambda rows: [r[:4] + ("",) + r[5:] if i == 3 else r for i, r in enumerate(rows)], "line 5: 'cause' is blank"),
    (lambda rows: [r[:5] + (-1,) + r[6:] if i == 0 else r for i, r in enumerate(rows)], "line 2: 'deaths' is '-1'"),
])
def test_bad_deaths_by_cause_are_refused_naming_the_line(change, message):
    """Issue 13 "Bad input": deaths above the population, negative counts, one band's populations disagreeing;
    nothing is written."""
    with pytest.raises(ImportRefused) as refused:
        import_mortality(_tidy(change(_decile_rows())), "deaths.csv", "Bad deaths")
    assert any(message in str(p) for p in refused.value.problems), refused.value.problems
    assert not MortalityDataset.objects.filter(name="Bad deaths").exists() and not MortalityCause.objects.exists()


def test_without_causes_the_gap_is_split_by_age_and_the_page_says_what_causes_need(client):
    rows = [(d, "Persons", 2020, band, 3 if d == 1 else 1, 1000) for d in (1, 10) for band in BANDS]
    text = "group,sex,year,age_band,deaths,population\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
    import_mortality(text.encode(), "deaths.csv", "No causes")
    page = client.get("/indicators/life-expectancy/?dataset=no-causes&period=2020").content.decode()
    assert 'id="no-causes-persons"' in page and 'id="gap-ages-persons"' in page
    assert 'id="gap-causes-persons"' not in page


STARTAGES = [0, 1, *range(5, 95, 5)]


def _lsoa_deaths(codes_and_ranks, extra=(), people=50):
    """Deaths by LSOA for 2019, `people` a band, death rates rising with deprivation (a low IMD rank)."""
    import math

    rows = []
    for code, rank in [*codes_and_ranks, *extra]:
        for band, age in zip(BANDS, STARTAGES):
            rate = (0.0002 * math.exp(0.085 * age) + (0.004 if age == 0 else 0)) * (1.6 - rank / 32844)
            rows.append((code, "Persons", 2019, band, min(people, round(people * rate * 3)), people))
    text = "group,sex,year,age_band,deaths,population\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
    return text.encode(), rows


def test_local_quintiles_of_a_constructed_authority():
    """Issue 13 "Done when": the local quintile grouping on a constructed authority. Stockton-on-Tees' LSOAs,
    each given deaths that rise with its deprivation, are ranked within the authority into five groups of
    nearly equal size (1 the most deprived), each group's life expectancy is that of its LSOAs pooled, and
    the gap and what makes it follow; an LSOA of another authority in the file is named and left out."""
    from healthyplaces.methods import life_expectancy
    from healthyplaces.places.models import Deprivation
    from healthyplaces.places.services import find_area

    ranks = sorted(Deprivation.objects.filter(edition="2019", lsoa__local_authority_id="E06000004", lsoa__vintage=2011)
                   .values_list("lsoa__code", "imd_rank"), key=lambda r: r[1])
    hartlepool = Deprivation.objects.filter(edition="2019", lsoa__local_authority_id="E06000001").values_list(
        "lsoa__code", "imd_rank").first()
    data, rows = _lsoa_deaths(ranks, extra=[hartlepool])
    import_mortality(data, "stockton.csv", "Stockton deaths by LSOA", group_kind="area")
    dataset = MortalityDataset.objects.get(name="Stockton deaths by LSOA")
    local = gap.local_gap(dataset, "2019", find_area("E06000004"), "quintile")

    assert local.outside == [(hartlepool[0], "an LSOA of Hartlepool")]
    groups = local.sexes["Persons"]["groups"]
    sizes = [g.lsoas for g in groups]
    assert sum(sizes) == len(ranks) and max(sizes) - min(sizes) <= 1
    # the most deprived fifth by rank is quintile 1: pool them here, independently of the page's grouping
    frame = pd.DataFrame(rows, columns=["lsoa", "sex", "year", "band", "deaths", "population"])
    frame["startage"] = frame.band.map(dict(zip(BANDS, STARTAGES)))
    first, last = [code for code, _ in ranks[:sizes[0]]], [code for code, _ in ranks[-sizes[-1]:]]
    for group, codes in (("1", first), ("5", last)):
        pooled = frame[frame.lsoa.isin(codes)].groupby("startage", as_index=False)[["deaths", "population"]].sum()
        expected = life_expectancy(pooled, le_age=[0, 65])
        mine = next(g for g in groups if g.group == group)
        assert mine.at_birth["value"] == pytest.approx(expected.value[0], rel=1e-12)
        assert mine.at_65["value"] == pytest.approx(expected.value[1], rel=1e-12)
    summary = local.sexes["Persons"]
    assert summary["gap_0"]["value"] == pytest.approx(groups[-1].at_birth["value"] - groups[0].at_birth["value"])
    assert summary["gap_0"]["value"] > 0 and summary["sii"]["value"] > 0
    assert summary["decomposition"].gap == pytest.approx(summary["gap_0"]["value"], abs=1e-9)


def test_local_deciles_too_small_say_why(client):
    """Issue 13 "Bad input": too few deaths for a stable figure. With 100 people an LSOA, a local decile of
    Stockton-on-Tees (about 12 LSOAs) holds some 1,200 person-years: each group says why it has no value
    (PHE's rule), and the gap is not decomposed."""
    from healthyplaces.places.models import Deprivation

    ranks = list(Deprivation.objects.filter(edition="2019", lsoa__local_authority_id="E06000004", lsoa__vintage=2011)
                 .values_list("lsoa__code", "imd_rank"))
    data, _ = _lsoa_deaths(ranks, people=5)
    import_mortality(data, "small.csv", "Small Stockton", group_kind="area")
    page = client.get(
        "/indicators/life-expectancy/?dataset=small-stockton&period=2019&area=E06000004&grouping=decile")
    text = page.content.decode()
    assert 'id="local-gap"' in text and "Too few people" in text and "PHE&#x27;s rule" in text
    assert "Not decomposed" in text


def test_an_lsoa_of_another_authority_in_a_local_grouping_is_refused_at_its_line():
    """Issue 13 "Bad input": an LSOA of another local authority in a local grouping, named with its line;
    nothing is written. The authority is named as the import page and `import-indicators --authority` take it."""
    from healthyplaces.places.models import Deprivation

    stockton = list(Deprivation.objects.filter(edition="2019", lsoa__local_authority_id="E06000004",
                                               lsoa__vintage=2011).values_list("lsoa__code", "imd_rank")[:3])
    hartlepool = Deprivation.objects.filter(edition="2019", lsoa__local_authority_id="E06000001").values_list(
        "lsoa__code", "imd_rank").first()
    data, _ = _lsoa_deaths(stockton, extra=[hartlepool])
    with pytest.raises(ImportRefused) as refused:
        import_mortality(data, "stockton.csv", "Mixed", group_kind="area", authority="Stockton-on-Tees")
    problems = [str(p) for p in refused.value.problems]
    first_hartlepool_line = 2 + 3 * 20
    assert problems[0] == (f"stockton.csv, line {first_hartlepool_line}: {hartlepool[0]} is an LSOA of Hartlepool, "
                           "not of Stockton-on-Tees: a local grouping takes the authority's own LSOAs")
    assert len(problems) == 20 and not MortalityDataset.objects.filter(name="Mixed").exists()
    with pytest.raises(ImportRefused, match="'Nowhere' is not a local authority"):
        import_mortality(data, "stockton.csv", "Mixed", group_kind="area", authority="Nowhere")
    own, _ = _lsoa_deaths(stockton)
    assert import_mortality(own, "stockton.csv", "Stockton only", group_kind="area", authority="E06000004").created == 60
