"""Quantiles against testdata_Quantiles (upstream's df1-df6 and the BadPolarity case)."""
import warnings

import pandas as pd
import pytest

from healthyplaces.methods import quantiles

from .reference import assert_matches, reference_csv

POLARITY = {"RAG - Low is good": True, "RAG - High is good": False, "True": True, "False": False}
ALL = reference_csv("testdata_Quantiles__testdata_Quantiles.csv", keep_default_na=False, na_values=[""])
ALL["Polarity"] = ALL.Polarity.map(POLARITY).astype(object)
GOOD = ALL[ALL.Test.str.startswith("Good")]
REGION = ["IndSexRef", "ParentCode"]


def _check(result, expected):
    return assert_matches(result, expected, {"quantile": "QuantileInGrp"})


def test_deciles_within_regions_with_polarity_column():
    data = GOOD[GOOD.GroupSet == "IndSexReg"]
    with pytest.warns(UserWarning, match="too few small areas"):
        result = quantiles(data, values="Value", by=REGION, invert="Polarity")
    assert _check(result, data) == 339


def test_deciles_within_regions_high_is_good():
    data = GOOD[(GOOD.GroupSet == "IndSexReg") & (GOOD.IndSexRef == "90366Female")]
    with pytest.warns(UserWarning, match="too few small areas"):
        result = quantiles(data, values="Value", by=REGION, invert=False)
    assert _check(result, data) == 152
    assert result.nquantiles.eq(10).all() and result.groupvars.eq("IndSexRef, ParentCode").all()
    assert result.qinverted.eq("lowest quantile represents lowest values").all()


def test_national_septiles_with_polarity_column():
    data = GOOD[GOOD.GroupSet == "IndSex"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = quantiles(data, values="Value", by="IndSexRef", invert="Polarity", nquantiles=7)
    assert _check(result, data) == 152


@pytest.mark.parametrize("by", [None, "GroupSet"])
def test_quartiles_over_everything_with_ties(by):
    data = GOOD[GOOD.GroupSet == "None"]
    result = quantiles(data, values="Value", by=by, nquantiles=4)
    assert _check(result, data) == 491
    assert result.qinverted.eq("lowest quantile represents highest values").all()


def test_group_with_only_missing_values_warns():
    data = GOOD[(GOOD.GroupSet == "IndSexReg") & (GOOD.IndSexRef == "90366Female")
                & ~GOOD.AreaCode.isin(["E06000053", "E09000001"])].copy()
    data.loc[data.ParentCode == "E12000006", "Value"] = float("nan")
    with pytest.warns(UserWarning, match="too few small areas"):
        result = quantiles(data, values="Value", by=REGION, invert=False)
    assert result.loc[data.ParentCode == "E12000006", "quantile"].isna().all()


def test_polarity_varying_within_a_group_is_refused():
    data = ALL[ALL.Test == "BadPolarity"]
    with pytest.raises(ValueError, match=r"column 'Polarity' must take the same value for every row of a group"):
        quantiles(data, values="Value", invert="Polarity")


@pytest.mark.parametrize("kwargs, message", [
    ({"values": "AreaName", "invert": "Polarity"}, "column 'AreaName' must be numeric"),
    ({"values": "Value", "invert": "Pol"}, r"missing column\(s\) 'Pol'"),
    ({"values": "Value", "invert": 6}, "invert must be True, False or a column name"),
    ({"values": "Value", "invert": "Test"}, "column 'Test' must hold True or False"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        quantiles(GOOD, by="IndSexRef", **kwargs)


def test_hand_worked_quintiles():
    # 10 values, 5 quantiles: two per quintile, highest first; tie at the minimum rank
    data = pd.DataFrame({"v": [10, 9, 8, 7, 6, 5, 4, 3, 2, 2]})
    assert quantiles(data, values="v", nquantiles=5)["quantile"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert quantiles(data, values="v", nquantiles=5, invert=False)["quantile"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
