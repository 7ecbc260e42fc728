"""The indicators API: indicators held, an indicator's values with the England comparison, and the life expectancy gap.

All public, as the pages are (indicators.view).
"""
from django.http import Http404
from ninja import Router, Schema

from healthyplaces.accounts.permissions import require

from . import services
from .models import Indicator, MortalityDataset

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name: str
    polarity: str
    value_type: str


class ValueOut(Schema):
    area_code: str
    area_name: str
    area_type: str
    sex: str
    age: str
    period: str
    value: float | None
    lower_ci_95: float | None
    upper_ci_95: float | None
    count: float | None
    denominator: float | None
    compared_with: str | None
    comparison: str


@router.get("/", response=list[IndicatorOut], summary="Indicators held")
@require("indicators.view", hidden=True)
def indicator_list(request):
    return list(Indicator.objects.order_by("name").values("code", "name", "polarity", "value_type"))


@router.get("/{code}/values", response=list[ValueOut],
            summary="An indicator's values for one kind of area and period, compared with England (or ?comparator=)")
@require("indicators.view", hidden=True)
def indicator_values(request, code: str, period: str = "", kind: str = "", comparator: str = "", sex: str = "",
                     age: str = "", within: str = ""):
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404(f"No indicator {code}")
    params = {"period": period, "kind": kind, "comparator": comparator, "sex": sex, "age": age, "within": within}
    chosen = services.choose_slice(indicator, params)
    if chosen is None:
        return []
    rows, benchmark = services.area_rows(indicator, chosen)
    return [{"area_code": r.area_code, "area_name": r.area_name, "area_type": r.area_type, "sex": r.sex, "age": r.age,
             "period": r.period, "value": r.value, "lower_ci_95": r.lower_ci, "upper_ci_95": r.upper_ci,
             "count": r.count, "denominator": r.denominator,
             "compared_with": benchmark.area_code if benchmark else None, "comparison": r.comparison} for r in rows]


@router.get("/life-expectancy/{dataset}", summary="Life expectancy at birth by deprivation decile and quintile, "
            "the gap and the slope index of inequality, each with its 95% confidence interval")
@require("indicators.view", hidden=True)
def life_expectancy(request, dataset: str, period: str):
    found = MortalityDataset.objects.filter(slug=dataset).first()
    if found is None:
        raise Http404(f"No deaths and populations called {dataset}")
    if period not in dict(services.mortality_periods(found)):
        raise Http404(f"No period {period}; choose a year or three years such as 2013-2015")
    result = services.life_expectancy_inequality(found, period)
    return {"dataset": found.slug, "period": period, "years": result["years"], "sexes": {
        sex: {key: ([vars(g) for g in value] if isinstance(value, list) else value) for key, value in summary.items()}
        for sex, summary in result["sexes"].items()}}
