"""Life expectancy inequality on the real ONS deaths and populations, checked against methods.life_expectancy
computed here independently from the published files."""
import math

import numpy as np
import pandas as pd
import pytest

from healthyplaces.indicators import services
from healthyplaces.indicators.importing import load_ons_mortality
from healthyplaces.indicators.models import MortalityDataset
from healthyplaces.methods import life_expectancy, sii

pytestmark = pytest.mark.django_db
BANDS = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
STARTAGES = [0, 1, *range(5, 95, 5)]


@pytest.fixture
def dataset(settings):
    load_ons_mortality(settings.DATA_DIR / "mortality")
    return MortalityDataset.objects.get()


def published(settings, years):
    """Deaths (all cause groups summed) and populations by decile, sex and start age, straight from the CSV files."""
    def tidy(name, value):
        frame = pd.read_csv(settings.DATA_DIR / "mortality" / name)
        frame.columns = [c.strip() for c in frame.columns]
        frame = frame[frame.year.isin(years)]
        long = frame.melt(id_vars=["year", "imd", "sex"], value_vars=BANDS, var_name="band", value_name=value)
        long["startage"] = long.band.map(dict(zip(BANDS, STARTAGES)))
        return long.groupby(["imd", "sex", "startage"], as_index=False)[value].sum()

    return tidy("deaths_by_imd.csv", "deaths").merge(tidy("pops_by_imd.csv", "population"))


def test_life_expectancy_by_decile_matches_methods_on_the_published_files(settings, dataset):
    result = services.life_expectancy_inequality(dataset, "2013-2015")
    data = published(settings, [2013, 2014, 2015])
    expected = life_expectancy(data, by=["imd", "sex"], le_age=0)
    for sex in ("Male", "Female"):
        shown = result["sexes"][sex]["deciles"]
        assert [g.group for g in shown] == [str(d) for d in range(1, 11)]
        own = expected[expected.sex == sex].sort_values("imd")
        assert [g.value for g in shown] == pytest.approx(list(own.value), abs=1e-9)
        assert [g.lower for g in shown] == pytest.approx(list(own.lowercl), abs=1e-9)
        assert [g.upper for g in shown] == pytest.approx(list(own.uppercl), abs=1e-9)
        people = data[data.sex == sex].groupby("imd").population.sum() / 3  # average a year
        assert [g.population for g in shown] == pytest.approx(list(people))
    male = result["sexes"]["Male"]
    # The most deprived tenth of men live about nine years fewer than the least deprived (ONS: 9.3 in 2013-15).
    assert 8.5 < male["gap_deciles"]["value"] < 10
    d1, d10 = (expected[(expected.sex == "Male") & (expected.imd == d)].iloc[0] for d in (1, 10))
    assert male["gap_deciles"]["value"] == pytest.approx(d10.value - d1.value)
    se = lambda row: (row.uppercl - row.lowercl) / (2 * 1.959963984540054)  # noqa: E731
    half_width = 1.959963984540054 * math.sqrt(se(d1) ** 2 + se(d10) ** 2)
    assert male["gap_deciles"]["lower"] == pytest.approx(d10.value - d1.value - half_width)


def test_quintiles_pool_two_deciles_and_the_sii_comes_from_methods(settings, dataset):
    result = services.life_expectancy_inequality(dataset, "2015")
    data = published(settings, [2015])
    data["quintile"] = (data.imd + 1) // 2
    pooled = data.groupby(["quintile", "sex", "startage"], as_index=False)[["deaths", "population"]].sum()
    expected = life_expectancy(pooled, by=["quintile", "sex"], le_age=0)
    female = result["sexes"]["Female"]
    own = expected[expected.sex == "Female"].sort_values("quintile")
    assert [g.value for g in female["quintiles"]] == pytest.approx(list(own.value), abs=1e-9)
    deciles = life_expectancy(data, by=["imd", "sex"], le_age=0)
    deciles = deciles[deciles.sex == "Female"].sort_values("imd")
    weights = data[data.sex == "Female"].groupby("imd").population.sum().to_numpy()
    frame = pd.DataFrame({"quantile": deciles.imd.to_numpy(), "population": weights,
                          "value": deciles.value.to_numpy(), "lowercl": deciles.lowercl.to_numpy(),
                          "uppercl": deciles.uppercl.to_numpy()})
    slope = sii(frame, lower_cl="lowercl", upper_cl="uppercl", seed=services.SII_SEED).iloc[0]
    assert female["sii_deciles"]["value"] == pytest.approx(slope.value)
    assert female["sii_deciles"]["lower"] == pytest.approx(slope.lowercl)
    assert female["sii_deciles"]["lower"] < female["sii_deciles"]["value"] < female["sii_deciles"]["upper"]
    assert female["sii_deciles"]["value"] > female["gap_deciles"]["value"] * 0.8  # both measure the same gradient


def test_periods_offer_single_years_and_pooled_three_years(dataset):
    periods = dict(services.mortality_periods(dataset))
    assert "2001" in periods and "2015" in periods and "2013-2015" in periods and "2001-2003" in periods
    assert "2000-2002" not in periods
    assert services.period_years("2013-2015") == [2013, 2014, 2015]


def _area_file(sizes, year=2019):
    rows = ["group,sex,year,age_band,deaths,population"]
    bands = ["<1", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
    for code, size in sizes.items():
        rows += [f"{code},Persons,{year},{b},{round(size * 0.0002 * math.exp(0.085 * age))},{size}"
                 for b, age in zip(bands, STARTAGES)]
    return ("\n".join(rows) + "\n").encode()


def test_a_group_of_5000_people_or_fewer_gets_no_value_and_says_why():
    from healthyplaces.indicators.importing import import_mortality

    import_mortality(_area_file({"E01012195": 80, "E06000004": 9000}), "areas.csv", "Small areas", "area")
    dataset = MortalityDataset.objects.get(slug="small-areas")
    result = services.life_expectancy_inequality(dataset, "2019")
    by_area = {g.group: g for g in result["sexes"]["Persons"]["areas"]}
    assert by_area["E01012195"].value is None and "5,000 or fewer" in by_area["E01012195"].reason
    assert by_area["E06000004"].value is not None and not by_area["E06000004"].reason


def test_lsoas_are_pooled_by_deprivation_decile_and_by_neighbourhood():
    from healthyplaces.indicators.importing import import_mortality
    from healthyplaces.places.models import Deprivation
    from healthyplaces.places.services import Area, save_neighbourhood

    stockton = list(Deprivation.objects.filter(edition="2019", lsoa__vintage=2011, lsoa__local_authority_id="E06000004")
                    .values_list("lsoa__code", "imd_decile"))
    import_mortality(_area_file({code: 200 for code, _ in stockton}), "lsoas.csv", "Stockton LSOAs", "area")
    dataset = MortalityDataset.objects.get(slug="stockton-lsoas")
    hood = save_neighbourhood("Two LSOAs", [stockton[0][0], stockton[1][0]], published=True)
    result = services.life_expectancy_inequality(dataset, "2019", area=Area("neighbourhood", hood.slug, hood.name, hood))
    persons = result["sexes"]["Persons"]
    assert all(g.value is None and "5,000 or fewer" in g.reason for g in persons["areas"])  # 4,000 people each
    pooled = persons["area"][0]  # two LSOAs: 8,000 people, enough to be considered
    assert pooled.group == "Two LSOAs" and pooled.population == 8000 and "5,000" not in pooled.reason
    held = {str(d) for _, d in stockton}
    assert {g.group for g in persons["deciles"]} == held
    for group in persons["deciles"]:
        count = sum(1 for _, d in stockton if str(d) == group.group)
        assert group.population == 4000 * count
        assert ("5,000 or fewer" in group.reason) == (count == 1)
    assert persons["deciles"][0].value is not None  # many LSOAs in decile 1


def test_the_page_pools_a_neighbourhood_named_by_the_reader(client):
    from healthyplaces.indicators.importing import import_mortality
    from healthyplaces.places.services import save_neighbourhood

    import_mortality(_area_file({"E01012195": 2000, "E01012198": 2000}), "lsoas.csv", "Two LSOAs data", "area")
    save_neighbourhood("Pair", ["E01012195", "E01012198"], published=True)
    page = client.get("/indicators/life-expectancy/?dataset=two-lsoas-data&area=Pair")
    assert page.context["result"]["sexes"]["Persons"]["area"][0].population == 80000
    assert "the LSOAs of Pair pooled" in page.content.decode()
    unknown = client.get("/indicators/life-expectancy/?dataset=two-lsoas-data&area=Nowhere-at-all")
    assert "No local authority, neighbourhood" in unknown.content.decode()


def test_the_life_expectancy_page_shows_deciles_gap_and_sii(client, dataset):
    page = client.get("/indicators/life-expectancy/?period=2013-2015")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Life expectancy at birth by decile" in text and "Slope index of inequality (deciles)" in text
    gap = page.context["result"]["sexes"]["Male"]["gap_deciles"]["value"]
    assert f"{gap:.1f}</span> years" in text
    assert np.isfinite(page.context["result"]["sexes"]["Female"]["sii_quintiles"]["upper"])


def test_the_cause_groups_sum_to_all_deaths_in_england(dataset):
    """The file has no all-cause rows: its ten cause groups add up to the 495,309 deaths registered in England in 2015."""
    from django.db.models import Sum

    assert dataset.counts.filter(year=2015).aggregate(Sum("deaths"))["deaths__sum"] == 495_309
    assert 54_700_000 < dataset.counts.filter(year=2015).aggregate(Sum("population"))["population__sum"] < 54_900_000


@pytest.mark.django_db
def test_without_deaths_the_page_says_what_is_missing_and_who_can_load_it(people, client_for):
    """Issue 11: the life-expectancy page named a developer command (`healthyplaces load-mortality`)."""
    from healthyplaces.accounts.models import Role

    page = client_for(people[Role.ANALYST]).get("/indicators/life-expectancy/").content.decode()
    empty = page[page.index('id="no-mortality"'):page.index("</div>", page.index('id="no-mortality"'))]
    assert "load-mortality" not in page and "<code>" not in empty
    assert "deaths" in empty and "An administrator of the platform can load" in empty and "import page" in empty
