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
