"""Funnel plots against every testdata_funnel_* file."""
import pandas as pd
import pytest

from healthyplaces.methods import funnel_limits, funnel_points, funnel_significance
from healthyplaces.methods.funnels import _r_nchar

from .reference import assert_matches, reference_csv

PROP_IN = reference_csv("testdata_funnel_prop_inputs.csv")
PROP_NAMES = {"Population": "Population", "lower_2s_limit": "Lower2s0025limit",
              "upper_2s_limit": "Upper2s0025limit", "lower_3s_limit": "Lower3s0001limit",
              "upper_3s_limit": "Upper3s0001limit", "baseline": "Baseline"}
RATIO_IN = reference_csv("testdata_funnel_ratio_inputs.csv")
RATIO_OUT = reference_csv("testdata_funnel_ratio_outputs.csv")
RATIO_OUT = RATIO_OUT.rename(columns={RATIO_OUT.columns[0]: "Observed_events"})
RATE_IN = reference_csv("testdata_funnel_rate_input_funnels.csv")
RATE_SIG = reference_csv("testdata_funnel_rate_dsr_inputs.csv")
RATE_COLUMNS = ["Events", "lower_2s_population_1_year", "lower_2s_limit", "upper_2s_population_1_year",
                "upper_2s_limit", "lower_3s_population_1_year", "lower_3s_limit",
                "upper_3s_population_1_year", "upper_3s_limit", "baseline", "statistic", "method"]


def test_proportion_limits():
    result = funnel_limits(PROP_IN, "proportion", numerator="numerator", denominator="denominator",
                           multiplier=100)
    assert assert_matches(result, reference_csv("testdata_funnel_prop_outputs.csv"), PROP_NAMES) == 100


def test_proportion_limits_with_axis_from_smallest_denominator():
    result = funnel_limits(PROP_IN[PROP_IN.denominator < 31000], "proportion", denominator="denominator",
                           multiplier=100)
    expected = reference_csv("testdata_funnel_prop_outputs_with_axis_variation.csv")
    assert assert_matches(result, expected, PROP_NAMES) == 100
    assert result.statistic.eq("proportion").all() and result.method.eq("Wilson").all()


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(ratio_type):
    result = funnel_limits(RATIO_IN, "ratio", numerator="obs", denominator="expected", ratio_type=ratio_type)
    columns = {"Observed_events": "Observed_events"}
    for side in ("lower", "upper"):
        for tag in ("2s", "3s"):
            columns[f"{side}_{tag}_exp_events"] = f"{side}_{tag}_exp_events"
            columns[f"{side}_{tag}_limit"] = f"{side}_{tag}_{ratio_type}"
    assert assert_matches(result, RATIO_OUT, columns) == 100
    assert result.statistic.eq(f"ratio ({ratio_type})").all() and result.method.eq("Poisson").all()


def test_dsr_rate_limits():
    result = funnel_limits(RATE_IN, "rate", numerator="ev", rate="rate", rate_type="dsr",
                           multiplier=1e5, years_of_data=3)
    expected = reference_csv("testdata_funnel_rate_outputs.csv")
    assert assert_matches(result, expected, RATE_COLUMNS) == 100


def test_crude_rate_limits_with_fewer_than_ten_events():
    data = RATE_IN.assign(ev=RATE_IN.ev.where(RATE_IN.ev != RATE_IN.ev.max(), 5))
    result = funnel_limits(data, "rate", numerator="ev", rate="rate", rate_type="crude",
                           multiplier=1e5, years_of_data=3)
    assert assert_matches(result, reference_csv("testdata_funnel_rate_outputs_2.csv"), RATE_COLUMNS) == 100


def test_crude_rate_limits_with_zero_events_and_denominator():
    top = RATE_IN.ev == RATE_IN.ev.max()
    data = RATE_IN[["ev", "rate"]].assign(pop=1e5 * RATE_IN.ev / RATE_IN.rate)
    data.loc[top, ["ev", "rate"]] = 0
    data = data[data["pop"] > data["pop"].max() / 2]
    result = funnel_limits(data, "rate", numerator="ev", rate="rate", denominator="pop", rate_type="crude",
                           multiplier=1e5, years_of_data=3)
    assert assert_matches(result, reference_csv("testdata_funnel_rate_outputs_3.csv"), RATE_COLUMNS) == 100


def test_proportion_significance():
    result = funnel_significance(PROP_IN[["Area", "numerator", "denominator"]], "proportion",
                                 denominator="denominator")
    assert assert_matches(result, PROP_IN, ["significance"]) == 303


def test_ratio_significance():
    result = funnel_significance(RATIO_IN[["obs", "expected"]], "ratio", numerator="obs", denominator="expected")
    assert assert_matches(result, RATIO_IN, ["significance"]) == 300


@pytest.mark.parametrize("column", [c for c in RATE_SIG.columns if c.startswith(("dsr", "crude"))])
def test_rate_significance(column):
    # dsr_per_100_with_0 is not checked upstream; the other seven are
    kind, _, per, zeros, _ = column.split("_")
    rate = "rate_dsr" if kind == "dsr" else f"rate_crude_per_{per}"
    data = RATE_SIG if zeros == "with" else RATE_SIG[RATE_SIG["count"] != 0]
    result = funnel_significance(data[["count", rate, "pop"]], "rate", numerator="count", denominator="pop",
                                 rate=rate, rate_type=kind, multiplier=int(per))
    assert assert_matches(result, data, {"significance": column}) == len(data)
    assert len(data) == (40 if zeros == "with" else 39)


def test_funnel_points_dsr_with_few_events():
    data = RATE_IN.assign(ev=RATE_IN.ev.where(RATE_IN.ev != RATE_IN.ev.max(), 5))
    result = funnel_points(data[["ev", "rate"]], numerator="ev", rate="rate", rate_type="dsr",
                           years_of_data=3, multiplier=1e5)
    assert assert_matches(result, data, ["rate_chart", "denominator_derived"]) == 50


def test_funnel_points_crude():
    result = funnel_points(RATE_IN[["ev", "rate"]], numerator="ev", rate="rate", rate_type="crude",
                           years_of_data=3, multiplier=1e5)
    assert assert_matches(result, RATE_IN, {"rate_chart": "rate_chart_crude",
                                            "denominator_derived": "denominator_derived_crude"}) == 50


def test_funnel_points_crude_with_zero_events_and_denominator():
    data = RATE_IN.assign(ev=RATE_IN.ev.where(RATE_IN.ev != RATE_IN.ev.max(), 0))
    result = funnel_points(data[["ev", "rate", "pop"]], numerator="ev", rate="rate", denominator="pop",
                           rate_type="crude", years_of_data=5, multiplier=1e5)
    assert assert_matches(result, data, {"rate_chart": "rate_chart_crude_with_denom",
                                         "denominator_derived": "denominator_derived_crude_with_denom"}) == 50


def test_limits_per_group_equal_limits_for_each_group_alone():
    data = pd.concat([PROP_IN.assign(region="A"), PROP_IN[PROP_IN.denominator < 31000].assign(region="B")])
    together = funnel_limits(data, "proportion", denominator="denominator", multiplier=100, by="region")
    alone = funnel_limits(data[data.region == "B"], "proportion", denominator="denominator", multiplier=100)
    assert assert_matches(together[together.region == "B"], alone, list(PROP_NAMES)) == 100


def test_proportion_limits_are_capped_at_the_multiplier():
    # Reference difference: upstream caps upper limits at 100 whatever the
    # multiplier; here at 1 x multiplier (identical for percentages, above)
    per_1000 = funnel_limits(PROP_IN, "proportion", denominator="denominator", multiplier=1000)
    per_100 = funnel_limits(PROP_IN, "proportion", denominator="denominator", multiplier=100)
    assert per_1000.upper_2s_limit.max() == 1000
    assert assert_matches(per_1000.assign(upper_2s_limit=per_1000.upper_2s_limit / 10), per_100,
                          ["upper_2s_limit"]) == 100


def test_r_digit_count_of_round_numbers():
    # R prints 100000 as 1e+05 (5 characters) but 123000 in full
    assert [_r_nchar(v) for v in (0, 7, 100000, 123000, 1200000, 1000000)] == [1, 1, 5, 6, 7, 5]


@pytest.mark.parametrize("call, message", [
    (lambda: funnel_limits(PROP_IN, "pop", denominator="denominator", multiplier=100),
     "statistic must be one of proportion, ratio, rate"),
    (lambda: funnel_limits(PROP_IN, "proportion", multiplier=100), "proportions need a denominator column"),
    (lambda: funnel_limits(PROP_IN, "proportion", denominator="denominator"), "proportions need the multiplier"),
    (lambda: funnel_limits(RATIO_IN, "ratio", numerator="obs", denominator="expected"), "ratio_type must be"),
    (lambda: funnel_limits(RATE_IN, "rate", numerator="ev", rate="rate", rate_type="dsr", multiplier=100),
     "rates need the multiplier and years_of_data"),
    (lambda: funnel_limits(pd.DataFrame({"num": [100, 100, 0], "rate": [50, 25, 0]}), "rate", numerator="num",
                           rate="rate", rate_type="dsr", multiplier=100, years_of_data=1),
     "column 'num' has 0 events; give the denominator column for such rows in row 2"),
    (lambda: funnel_limits(RATE_IN.assign(ev=RATE_IN.ev.where(~RATE_IN["pop"].between(5710, 5715))), "rate", numerator="ev",
                           rate="rate", rate_type="crude", multiplier=1e5, years_of_data=1),
     "column 'ev' has a missing value; numerators are needed for every row"),
    (lambda: funnel_significance(pd.DataFrame({"obs": [65, 80, 30], "pop": [100, 100, 20]}), "proportion",
                                 numerator="obs", denominator="pop"),
     "column 'obs' is greater than the denominator 'pop' in row 2"),
    (lambda: funnel_significance(pd.DataFrame({"obs": [65, -80, 30], "pop": [100, 100, 200]}), "proportion",
                                 numerator="obs", denominator="pop"), "column 'obs' has a negative numerator"),
    (lambda: funnel_significance(pd.DataFrame({"obs": [65, 80, 30], "pop": [100, 0, 200]}), "proportion",
                                 numerator="obs", denominator="pop"), "column 'pop' has a denominator of zero"),
    (lambda: funnel_significance(pd.DataFrame({"num": [50, 100], "rate": [100, 142]}), "rate", numerator="num",
                                 rate="rate", rate_type="crude"), "rates need the multiplier"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
