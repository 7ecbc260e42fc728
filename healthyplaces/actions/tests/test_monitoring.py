"""Monitoring figures of an outcome indicator against numbers worked out by hand.

A neighbourhood of ten Stockton LSOAs makes five local quintiles of two LSOAs each (IMD 2019 rank within it);
every LSOA has 1,000 people, so a quintile's percentage is its two counts over 2,000 and, the quintiles being
equal in size and evenly spaced, the SII is the straight line's rise from the most to the least deprived end.
Wilson limits: p' = (p + z²/2n) / (1 + z²/n) ± z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n), z = 1.96.
"""
import pytest

from healthyplaces.actions.monitoring import monitor
from healthyplaces.indicators.models import AreaKind, Indicator, IndicatorValue, Polarity, ValueType
from healthyplaces.places.models import Deprivation, Neighbourhood
from healthyplaces.places.services import Area

# per LSOA, most deprived two first: counts out of 1,000
PERIODS = {"2019/20": (100, 100, 150, 150, 200, 200, 250, 250, 300, 300),
           "2022/23": (140, 140, 180, 180, 220, 220, 260, 260, 300, 300)}


def _indicator(value_type=ValueType.PROPORTION, code="T1"):
    return Indicator.objects.create(code=code, name="Children in low income families", value_type=value_type,
                                    polarity=Polarity.LOW_IS_GOOD)


def _place(indicator, area_code_value=None):
    ranked = list(Deprivation.objects.filter(edition="2019", lsoa__vintage=2011, lsoa__local_authority_id="E06000004")
                  .order_by("imd_rank").values_list("lsoa__code", flat=True))
    codes = ranked[::12][:10]  # ten LSOAs spread across Stockton, most deprived first
    # a short slug: a published value's area code is at most nine characters, the length of an ONS code
    neighbourhood = Neighbourhood.objects.create(name="Ten Stockton LSOAs", slug="stk-ten")
    neighbourhood.lsoas.set(Deprivation.objects.filter(edition="2019", lsoa__code__in=codes).values_list("lsoa", flat=True))
    for order, (period, counts) in enumerate(PERIODS.items()):
        for code, count in zip(codes, counts):
            IndicatorValue.objects.create(indicator=indicator, area_code=code, area_type="LSOA", area_kind=AreaKind.LSOA,
                                          area_name=code, period=period, period_order=order, value=count / 10,
                                          count=count, denominator=1000)
    return Area("neighbourhood", neighbourhood.slug, neighbourhood.name, neighbourhood)


def close(figure, value, lower, upper):
    assert (figure.value, figure.lower, figure.upper) == pytest.approx((value, lower, upper), abs=0.005)


@pytest.mark.django_db
def test_latest_value_quintiles_gap_sii_and_change_of_a_neighbourhood():
    indicator = _indicator()
    result = monitor(indicator, _place(indicator))
    first, latest = result.periods
    assert [first.period, latest.period] == ["2019/20", "2022/23"]
    # the neighbourhood's value is pooled from its LSOAs: 2,000 / 10,000 then 2,200 / 10,000
    assert first.computed and latest.computed
    close(first.area, 20.0, 19.23, 20.80)
    close(latest.area, 22.0, 21.20, 22.82)
    # quintiles: 200/2000 ... 600/2000 in the first period
    assert [round(q.value, 6) for q in first.quintiles.values()] == [10.0, 15.0, 20.0, 25.0, 30.0]
    close(first.quintiles["1"], 10.0, 8.76, 11.39)
    close(first.quintiles["5"], 30.0, 28.03, 32.05)
    close(latest.quintiles["1"], 14.0, 12.55, 15.59)
    # gap, least minus most deprived: 30 - 10 = 20 ± 1.96·sqrt(SE1² + SE5²) = ± 2.40; then 30 - 14 = 16 ± 2.52
    close(first.gap, 20.0, 17.60, 22.40)
    close(latest.gap, 16.0, 13.48, 18.52)
    # SII: a rise of 5 points per fifth of the population is 25 points end to end; then 4 per fifth, 20
    assert first.sii.value == pytest.approx(25.0, abs=1e-6)
    assert latest.sii.value == pytest.approx(20.0, abs=1e-6)
    assert first.sii.lower < 25.0 < first.sii.upper
    # change of the neighbourhood's value: 22 - 20 = 2 ± 1.13, higher is worse here
    close(result.change, 2.0, 0.87, 3.13)
    assert result.change_label == "Worse"
    assert result.gap_change.value == pytest.approx(-4.0)
    assert result.latest is latest


@pytest.mark.django_db
def test_a_published_area_value_is_kept_and_an_unpooled_kind_says_why():
    indicator = _indicator(ValueType.DSR, code="T2")
    area = _place(indicator)
    IndicatorValue.objects.create(indicator=indicator, area_code=area.code, area_type="Neighbourhood",
                                  area_kind=AreaKind.LSOA, area_name=area.name, period="2022/23", period_order=1,
                                  value=21.5, lower_ci=20.0, upper_ci=23.0)
    result = monitor(indicator, area)
    assert [p.period for p in result.periods] == ["2022/23"]
    latest = result.latest
    assert not latest.computed and (latest.area.value, latest.area.lower, latest.area.upper) == (21.5, 20.0, 23.0)
    assert latest.quintiles == {} and latest.gap is None and latest.sii is None
    assert "percentages and crude rates only" in result.note
