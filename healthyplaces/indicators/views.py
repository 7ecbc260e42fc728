"""Pages of the indicators part: thin views over services.py and importing.py."""
import json

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from healthyplaces.accounts.permissions import can, require
from healthyplaces.exports import csv_response

from . import importing, services
from .areas import area_url
from .forms import ImportForm
from .models import AreaKind, Indicator, MortalityDataset


@require("indicators.view")
def indicator_list(request):
    indicators = Indicator.objects.order_by("name")
    return render(request, "indicators/indicator_list.html", {
        "indicators": indicators, "datasets": MortalityDataset.objects.all(),
        "can_import": can(request.user, "indicators.import")})


def _indicator_page_data(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    chosen = services.choose_slice(indicator, request.GET)
    return indicator, chosen


@require("indicators.view")
def indicator_detail(request, code):
    indicator, chosen = _indicator_page_data(request, code)
    if chosen is None:
        return render(request, "indicators/indicator_detail.html", {"indicator": indicator, "chosen": None})
    sort = request.GET.get("sort") if request.GET.get("sort") in services.SORTS else "value"
    descending = request.GET.get("order") == "desc"
    rows, benchmark = services.area_rows(indicator, chosen, sort, descending)
    for row in rows:
        row.url = area_url(row.area_kind, row.area_code)
    codes = {r.area_code for r in rows}
    trend_area = request.GET.get("trend") if request.GET.get("trend") in codes else (rows[0].area_code if rows else "")
    query = request.GET.copy()
    for key in ("sort", "order"):
        query.pop(key, None)
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "chosen": chosen, "rows": rows, "benchmark": benchmark, "sort": sort,
        "descending": descending, "query": query.urlencode(),
        "trend_area": next((r for r in rows if r.area_code == trend_area), None),
        "trend": services.trend(indicator, chosen, trend_area) if trend_area else [],
        "inequality": services.inequality(indicator, rows, chosen.kind),
        "breakdowns": services.breakdowns(indicator, chosen),
        "map_url": reverse("indicators:geojson", args=[indicator.code]) + "?" + request.GET.urlencode()
        if chosen.kind in (AreaKind.LSOA, AreaKind.MSOA) else "",
        "csv_url": reverse("indicators:csv", args=[indicator.code]) + "?" + request.GET.urlencode(),
    })


@require("indicators.view")
def indicator_csv(request, code):
    indicator, chosen = _indicator_page_data(request, code)
    if chosen is None:
        raise Http404("No values are held for this indicator.")
    rows, benchmark = services.area_rows(indicator, chosen)
    return csv_response(
        f"indicator-{indicator.code}-{chosen.period}.csv".replace(" ", "").replace("/", "-"),
        ["indicator_id", "indicator_name", "area_code", "area_name", "area_type", "sex", "age", "period", "value",
         "lower_ci_95", "upper_ci_95", "count", "denominator", "compared_with", "comparison"],
        [(indicator.code, indicator.name, r.area_code, r.area_name, r.area_type, r.sex, r.age, r.period, r.value,
          r.lower_ci, r.upper_ci, r.count, r.denominator, benchmark.area_name if benchmark else "",
          r.comparison_label) for r in rows])


@require("indicators.view")
def indicator_geojson(request, code):
    """Features for the map: each small area's boundary, coloured by its comparison with the benchmark."""
    from healthyplaces.places.models import Lsoa, Msoa

    indicator, chosen = _indicator_page_data(request, code)
    if chosen is None or chosen.kind not in (AreaKind.LSOA, AreaKind.MSOA):
        return JsonResponse({"type": "FeatureCollection", "features": []})
    rows, _ = services.area_rows(indicator, chosen)
    codes = [r.area_code for r in rows]
    if chosen.kind == AreaKind.LSOA:
        shapes = {c: (b, lat, lon) for c, b, lat, lon in Lsoa.objects.filter(vintage=2011, code__in=codes)
                  .values_list("code", "boundary", "latitude", "longitude")}
    else:
        shapes = {c: (b, None, None) for c, b in Msoa.objects.filter(code__in=codes).values_list("code", "boundary")}
    features = []
    for row in rows:
        boundary, lat, lon = shapes.get(row.area_code, ("", None, None))
        if boundary:
            geometry = json.loads(boundary)
        elif lat is not None:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        else:
            continue
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            "code": row.area_code, "name": row.area_name, "value": row.value, "comparison": row.comparison,
            "label": row.comparison_label, "url": area_url(row.area_kind, row.area_code)}})
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require("indicators.import")
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            result = importing.run_import(data["kind"], upload.read(), upload.name, polarity=data["polarity"],
                                          method=data["method"] or "proportion", dataset_name=data["dataset_name"],
                                          group_kind=data["group_kind"] or "decile", user=request.user)
        except importing.ImportRefused as refused:
            form.add_error("file", f"Import refused, nothing was saved: {len(refused.problems)} problem(s).")
            problems = [str(p) for p in refused.problems]
            return render(request, "indicators/import.html", {"form": form, "problems": problems}, status=200)
        messages.success(request, f"Imported {upload.name}: {result}.")
        if data["kind"] == "mortality":
            return redirect(reverse("indicators:life_expectancy") + f"?dataset={result.indicators[0].slug}")
        if len(result.indicators) == 1:
            return redirect("indicators:detail", code=result.indicators[0].code)
        return redirect("indicators:list")
    return render(request, "indicators/import.html", {"form": form})


@require("indicators.view")
def life_expectancy(request):
    from healthyplaces.places.services import AreaNotFound, find_area

    datasets = list(MortalityDataset.objects.all())
    dataset = next((d for d in datasets if d.slug == request.GET.get("dataset")), None) or services.default_dataset()
    context = {"datasets": datasets, "dataset": dataset}
    if dataset is not None:
        periods = services.mortality_periods(dataset)
        period = request.GET.get("period") if request.GET.get("period") in dict(periods) else (periods[0][0] if periods else "")
        area = None
        if dataset.group_kind == "area" and request.GET.get("area"):
            try:
                area = find_area(request.GET["area"], request.user)
            except AreaNotFound as error:
                messages.error(request, str(error))
        context.update({"periods": periods, "period": period, "period_label": dict(periods).get(period, ""),
                        "area": area, "area_text": request.GET.get("area", ""),
                        "result": services.life_expectancy_inequality(dataset, period, area=area) if period else None})
    return render(request, "indicators/life_expectancy.html", context)
