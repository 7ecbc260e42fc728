"""Indirectly standardised rates and ratios against testdata_DSR_ISR
(testdata_multiarea, testdata_multiarea_isr, refdata, testdata_multiarea_lookup,
testdata_err1-3 -> testresults_ISR)."""
import numpy as np
import pytest

from healthyplaces.methods import isr, smr

from .reference import assert_matches, reference_csv

MULTIAREA = reference_csv("testdata_DSR_ISR__testdata_multiarea.csv")
OWN_REFERENCE = reference_csv("testdata_DSR_ISR__testdata_multiarea_isr.csv")
REFDATA = reference_csv("testdata_DSR_ISR__refdata.csv")
LOOKUP = reference_csv("testdata_DSR_ISR__testdata_multiarea_lookup.csv")
EXPECTED = reference_csv("testdata_DSR_ISR__testresults_ISR.csv")
RATE = ["area", "observed", "expected", "ref_rate", "value", "lower95_0cl", "upper95_0cl",
        "lower99_8cl", "upper99_8cl", "statistic", "method"]
RATIO = [c for c in RATE if c != "ref_rate"]
VECTORS = {"x_ref": REFDATA.refcount.to_numpy(), "n_ref": REFDATA.refpop.to_numpy()}
BOTH = (0.95, 0.998)


@pytest.mark.parametrize("multiplier, rows", [(100_000, slice(0, 3)), (1_000, slice(3, 6))])
def test_rates_with_reference_vectors(multiplier, rows):
    result = isr(MULTIAREA, x="count", n="pop", by="area", confidence=BOTH, multiplier=multiplier, **VECTORS)
    assert assert_matches(result, EXPECTED.iloc[rows], RATE) == 3


def test_rates_with_reference_columns():
    result = isr(OWN_REFERENCE, x="count", n="pop", x_ref="refcount", n_ref="refpop", by="area", confidence=BOTH)
    assert assert_matches(result, EXPECTED.iloc[0:3], RATE) == 3


def test_rates_with_observed_totals():
    data = OWN_REFERENCE.drop(columns=["count", "refcount", "refpop"])
    result = isr(data, x="total_count", n="pop", by="area", confidence=BOTH, observed_totals=LOOKUP, **VECTORS)
    assert assert_matches(result, EXPECTED.iloc[0:3], {**{c: c for c in RATE}, "observed": "observed"}) == 3


def test_missing_reference_count_counts_as_zero():
    # upstream's "ref as specified vector" case: the 10-14 reference count is NA (it is 0 in refdata)
    x_ref = VECTORS["x_ref"].astype(float)
    x_ref[2] = np.nan
    result = isr(MULTIAREA, x="count", n="pop", by="area", x_ref=x_ref, n_ref=VECTORS["n_ref"], confidence=BOTH)
    assert assert_matches(result, EXPECTED.iloc[0:3], RATE) == 3


@pytest.mark.parametrize("refvalue, rows", [(1, slice(6, 9)), (100, slice(9, 12))])
def test_ratios(refvalue, rows):
    result = smr(MULTIAREA, x="count", n="pop", by="area", confidence=BOTH, refvalue=refvalue, **VECTORS)
    assert assert_matches(result, EXPECTED.iloc[rows], RATIO) == 3
    from_columns = smr(OWN_REFERENCE, x="count", n="pop", x_ref="refcount", n_ref="refpop", by="area",
                       confidence=BOTH, refvalue=refvalue)
    assert assert_matches(from_columns, EXPECTED.iloc[rows], RATIO) == 3
    data = OWN_REFERENCE.drop(columns=["count", "refcount", "refpop"])
    totals = smr(data, x="total_count", n="pop", by="area", confidence=BOTH, refvalue=refvalue,
                 observed_totals=LOOKUP, **VECTORS)
    assert assert_matches(totals, EXPECTED.iloc[rows], RATIO) == 3


@pytest.mark.parametrize("confidence, suffix", [(0.95, "95_0"), (99.8, "99_8")])
def test_one_confidence_level(confidence, suffix):
    columns = {"value": "value", "lowercl": f"lower{suffix}cl", "uppercl": f"upper{suffix}cl", "method": "method"}
    rates = isr(MULTIAREA, x="count", n="pop", by="area", confidence=confidence, **VECTORS)
    ratios = smr(MULTIAREA, x="count", n="pop", by="area", confidence=confidence, **VECTORS)
    assert assert_matches(rates, EXPECTED.iloc[0:3], columns) + assert_matches(ratios, EXPECTED.iloc[6:9], columns) == 6


def test_zero_population_band():
    # testdata_err2: a population of 0 is allowed for ISRs (rows 13-16 of testresults_ISR)
    data = reference_csv("testdata_DSR_ISR__testdata_err2.csv")
    columns = ["area", "observed", "expected", "value"]
    rates = isr(data, x="count", n="pop", by="area", **VECTORS)
    assert assert_matches(rates, EXPECTED.iloc[12:14], columns + ["ref_rate"]) == 2
    assert assert_matches(rates, EXPECTED.iloc[12:14], {"lowercl": "lower95_0cl", "uppercl": "upper95_0cl"}) == 2
    ratios = smr(data, x="count", n="pop", by="area", refvalue=100, **VECTORS)
    assert assert_matches(ratios, EXPECTED.iloc[14:16], columns) == 2
    assert assert_matches(ratios, EXPECTED.iloc[14:16], {"lowercl": "lower95_0cl", "uppercl": "upper95_0cl"}) == 2


@pytest.mark.parametrize("function", [isr, smr])
@pytest.mark.parametrize("name, message", [
    ("testdata_DSR_ISR__testdata_err1.csv", "column 'count' has a negative count"),
    ("testdata_DSR_ISR__testdata_err3.csv", "column 'pop' has a negative population"),
])
def test_reference_error_cases(function, name, message):
    with pytest.raises(ValueError, match=message):
        function(reference_csv(name), x="count", n="pop", **VECTORS)


def test_reference_vectors_must_fit_every_group():
    with pytest.raises(ValueError, match=r"group area='testdata_big' \(row 0\) has 19 rows but x_ref has 18 values"):
        isr(MULTIAREA, x="count", n="pop", by="area", x_ref=VECTORS["x_ref"][:18], n_ref=VECTORS["n_ref"])
    with pytest.raises(ValueError, match="rows but x_ref has 19 values"):
        isr(MULTIAREA[MULTIAREA["count"] < 100], x="count", n="pop", by="area", **VECTORS)
