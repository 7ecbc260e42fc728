"""SII on the reference package's vignette data sets (LE_testdata, DSR_testdata,
NCMP_testdata), which upstream ships without expected answers: the fitted
slope is checked against an ordinary least-squares fit per group, and the
simulated limits against a brute-force simulation done the reference's way."""
import numpy as np
import pandas as pd
import pytest

from healthyplaces.methods import rii, sii

from .reference import assert_matches, reference_csv

LE = reference_csv("LE_testdata.csv")
DSR = reference_csv("DSR_testdata.csv")
NCMP = reference_csv("NCMP_testdata.csv")


def _least_squares(frame, quantile, population, value):
    """Slope and start of the population-weighted fit through the origin, one group at a time."""
    rows = []
    for _, group in frame.sort_values(quantile).groupby(level=list(range(frame.index.nlevels)), sort=True):
        shares = (group[population] / group[population].sum()).to_numpy()
        midpoints = np.cumsum(shares) - shares / 2
        design = np.column_stack([np.sqrt(shares), midpoints * np.sqrt(shares)])
        coefficients = np.linalg.lstsq(design, np.sqrt(shares) * group[value].to_numpy(), rcond=None)[0]
        rows.append({"start": coefficients[0], "slope": coefficients[1]})
    return pd.DataFrame(rows)


def test_life_expectancy_by_decile():
    with pytest.warns(UserWarning, match="some records have been removed"):
        result = sii(LE, quantile="Decile", population="Pop", by=["Sex", "GeoCode"], value="LifeExp",
                     se="SE", seed=3)
    complete = LE.groupby(["Sex", "GeoCode"]).filter(lambda g: len(g) == 10)
    fits = _least_squares(complete.set_index(["Sex", "GeoCode"]), "Decile", "Pop", "LifeExp")
    assert assert_matches(result, fits, {"value": "slope"}) == 722
    assert ((result.lowercl < result.value) & (result.value < result.uppercl)).all()


def test_simulated_limits_agree_with_brute_force():
    # the reference's route for three areas: draw every decile 100,000 times, refit, sort
    areas = LE.GeoCode.unique()[:3]
    data = LE[(LE.Sex == 1) & LE.GeoCode.isin(areas)]
    ours = sii(data, quantile="Decile", population="Pop", by="GeoCode", value="LifeExp", se="SE", seed=11)
    ratios = rii(data, quantile="Decile", population="Pop", by="GeoCode", value="LifeExp", se="SE", seed=11)
    rng = np.random.default_rng(12)
    brute = []
    for _, group in data.sort_values("Decile").groupby("GeoCode"):
        shares = (group.Pop / group.Pop.sum()).to_numpy()
        design = np.column_stack([np.sqrt(shares), (np.cumsum(shares) - shares / 2) * np.sqrt(shares)])
        fit = np.linalg.solve(design.T @ design, design.T)
        draws = rng.normal(group.LifeExp.to_numpy()[:, None], group.SE.to_numpy()[:, None], (10, 100_000))
        start, slope = fit @ (np.sqrt(shares)[:, None] * draws)
        slopes, ratio = np.sort(slope), np.sort((start + slope) / start)
        brute.append({"sii_low": slopes[2499], "sii_high": slopes[97499],
                      "rii_low": ratio[2499], "rii_high": ratio[97499]})
    brute = pd.DataFrame(brute)
    assert assert_matches(ours, brute, {"lowercl": "sii_low", "uppercl": "sii_high"}, tolerance=0.01) == 3
    assert assert_matches(ratios, brute, {"lowercl": "rii_low", "uppercl": "rii_high"}, tolerance=0.001) == 3


@pytest.mark.parametrize("transform", [False, True])
def test_dsrs_by_quintile(transform):
    options = dict(quantile="Quintile", population="total_pop", by="Period", value="value", value_type=1,
                   lower_cl="lowercl", upper_cl="uppercl", transform=transform, repetitions=10_000, seed=5)
    slopes, ratios = sii(DSR, **options), rii(DSR, **options)
    assert len(slopes) == len(ratios) == 6
    assert ((slopes.lowercl < slopes.value) & (slopes.value < slopes.uppercl)).all()
    assert ((ratios.lowercl < ratios.value) & (ratios.value < ratios.uppercl)).all()
    if not transform:
        fits = _least_squares(DSR.set_index("Period"), "Quintile", "total_pop", "value")
        assert assert_matches(slopes, fits, {"value": "slope"}) == 6
        assert np.allclose(ratios.value, (fits.start + fits.slope) / fits.start, rtol=1e-12)


def test_child_obesity_prevalence_from_counts():
    data = NCMP.assign(LCL=NCMP.LCL / 100, UCL=NCMP.UCL / 100, prevalence=NCMP.Rate / 100)
    groups = ["Period", "SchoolYear", "AreaCode"]
    options = dict(quantile="Decile", population="Measured", by=groups, value_type=2,
                   lower_cl="LCL", upper_cl="UCL", repetitions=10_000, seed=8)
    from_counts = sii(data, value=None, x="Count", **options)
    from_values = sii(data, value="prevalence", **options)
    assert assert_matches(from_counts, from_values, ["value"]) == 24
    fits = _least_squares(data.set_index(groups), "Decile", "Measured", "prevalence")
    assert assert_matches(from_counts, fits, {"value": "slope"}) == 24
    assert ((from_counts.lowercl < from_counts.value) & (from_counts.value < from_counts.uppercl)).all()
