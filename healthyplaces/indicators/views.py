"""Pages of the indicators part: thin views over services.py and importing.py."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from healthyplaces import maps
from healthyplaces.accounts.permissions import can, require
from healthyplaces.exports import csv_response
from healthyplaces.jobs import services as jobs
from healthyplaces.uploads import services as uploads

from . import chart_data, composite, gap, importing, services
from .areas import area_url, successors
from .forms import CompositeIndexForm, ImportForm
from .models import AreaKind, CompositeIndex, Indicator, MortalityDataset, Polarity
from .tasks import build_composite, import_indicators


@require("indicators.view")
def indicator_list(request):
    indicators = Indicator.objects.order_by("name")
    return render(request, "indicators/indicator_list.html", {
        "indicators": indicators, "datasets": MortalityDataset.objects.all(),
        "can_import": can(request.user, "indicators.import"),
        "can_build_index": can(request.user, "indicators.build_index")})


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
    now = successors(r.area_code for r in rows)
    for row in rows:
        row.url = area_url(row.area_kind, row.area_code)
        row.successors = now.get(row.area_code, [])
    codes = {r.area_code for r in rows}
    trend_area = request.GET.get("trend") if request.GET.get("trend") in codes else (rows[0].area_code if rows else "")
    query = request.GET.copy()
    for key in ("sort", "order"):
        query.pop(key, None)
    trend_row = next((r for r in rows if r.area_code == trend_area), None)
    trend = services.trend(indicator, chosen, trend_area) if trend_area else []
    inequality = services.inequality(indicator, rows, chosen.kind)
    compare_chart, no_compare_chart = chart_data.compare_areas(indicator, rows, benchmark)
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "chosen": chosen, "rows": rows, "benchmark": benchmark, "sort": sort,
        "descending": descending, "query": query.urlencode(),
        "trend_area": trend_row, "trend": trend, "inequality": inequality,
        "compare_chart": compare_chart, "no_compare_chart": no_compare_chart,
        "not_compared_by_source": any(services.published_not_compared(r) for r in rows),
        "trend_chart": chart_data.trend(indicator, trend, trend_row.area_name if trend_row else "",
                                        benchmark.area_name if benchmark else ""),
        "inequality_chart": chart_data.inequality(indicator, inequality.deciles, inequality.sii_deciles, "decile"),
        "breakdowns": services.breakdowns(indicator, chosen),
        "map": _map(indicator, benchmark, reverse("indicators:geojson", args=[indicator.code]) + "?" + request.GET.urlencode())
        if chosen.kind in (AreaKind.LSOA, AreaKind.MSOA) else None,
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


# The map's colours for each comparison with the benchmark; the table's tags say the same in words.
COMPARISON_COLOURS = {services.BETTER: "#00703c", services.SIMILAR: "#ffdd00", services.WORSE: "#d4351c",
                      services.HIGHER: "#1d70b8", services.LOWER: "#5694ca", services.NOT_COMPARED: maps.NOT_SHADED}


def _map(indicator, benchmark, url):
    """The map of the areas coloured by their comparison with the benchmark: better, similar or worse, or
    higher, similar or lower when the indicator has no polarity."""
    if indicator.polarity == Polarity.NO_JUDGEMENT:
        kinds = [services.HIGHER, services.SIMILAR, services.LOWER, services.NOT_COMPARED]
    else:
        kinds = [services.BETTER, services.SIMILAR, services.WORSE, services.NOT_COMPARED]
    against = benchmark.area_name if benchmark else "the benchmark"
    return maps.Map(id="indicator-map", url=url, table="value-table",
                    label=f"Map of the areas coloured by their comparison with {against}.",
                    legend=f"Compared with {against}",
                    shades=[maps.Shade(k, services.COMPARISON_LABELS[k], COMPARISON_COLOURS[k]) for k in kinds],
                    caption="Where no boundary is held an area shows as a dot at its population-weighted centroid.")


@require("indicators.view")
def indicator_geojson(request, code):
    """Features for the map: each small area's boundary, coloured by its comparison with the benchmark."""
    from healthyplaces.places.models import Lsoa, Msoa

    indicator, chosen = _indicator_page_data(request, code)
    if chosen is None or chosen.kind not in (AreaKind.LSOA, AreaKind.MSOA):
        return maps.geojson_response([])
    rows, _ = services.area_rows(indicator, chosen)
    codes = [r.area_code for r in rows]
    if chosen.kind == AreaKind.LSOA:
        shapes = {c: (b, lat, lon) for c, b, lat, lon in Lsoa.objects.filter(vintage=2011, code__in=codes)
                  .values_list("code", "boundary", "latitude", "longitude")}
    else:
        shapes = {c: (b, None, None) for c, b in Msoa.objects.filter(code__in=codes).values_list("code", "boundary")}
    return maps.geojson_response(
        maps.feature(maps.geometry(*shapes.get(row.area_code, ("", None, None))), code=row.area_code, name=row.area_name,
                     label=f"{row.area_name} ({row.area_code}): {'no value' if row.value is None else f'{row.value:,.1f}'}, "
                           f"{row.comparison_label}",
                     shade=row.comparison, url=area_url(row.area_kind, row.area_code))
        for row in rows)


@require("indicators.import")
def import_page(request):
    """Read and check the file here, so its problems show on the form; its job writes what was read."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        content = upload.read()
        options = {"method": data["method"] or "proportion", "dataset_name": data["dataset_name"],
                   "group_kind": data["group_kind"] or "decile", "authority": data["authority"].strip()}
        try:
            parsed = importing.read_file(data["kind"], content, upload.name, **options)
        except importing.ImportRefused as refused:
            form.add_error("file", f"Import refused, nothing was saved: {len(refused.problems)} problem(s).")
            problems = [str(p) for p in refused.problems]
            return render(request, "indicators/import.html", {"form": form, "problems": problems}, status=200)
        held = uploads.hold(request.user, "indicators", upload.name, content, parsed=parsed, kind=data["kind"],
                            polarity=data["polarity"], **options)
        job = jobs.start(import_indicators, request.user, title=f"Import {upload.name}", upload=str(held.token),
                         by=request.user.pk)
        return redirect(jobs.job_url(job))
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
        result = services.life_expectancy_inequality(dataset, period, area=area) if period else None
        if result and dataset.group_kind == "decile":
            for sex, parts in gap.deprivation_gap(dataset, period).items():
                summary = result["sexes"][sex]
                summary["decomposition"] = parts
                summary["chart"] = gap.inequality_chart(summary["deciles"], summary["sii_deciles"], "decile")
        grouping = request.GET.get("grouping") if request.GET.get("grouping") in gap.GROUPINGS else "quintile"
        context.update({"periods": periods, "period": period, "period_label": dict(periods).get(period, ""),
                        "area": area, "area_text": request.GET.get("area", ""), "result": result,
                        "groupings": [(key, label) for key, (label, _) in gap.GROUPINGS.items()], "grouping": grouping,
                        "local": gap.local_gap(dataset, period, area, grouping) if area and period else None})
    return render(request, "indicators/life_expectancy.html", context)


@require("indicators.build_index")
def composite_new(request):
    """Choose the indicators of an index; the page checks every choice, then a job builds it."""
    form = CompositeIndexForm(request.POST or None, indicators=composite.candidates(), user=request.user)
    if request.method == "POST" and form.is_valid():
        name, area, components = form.cleaned_data["name"], form.cleaned_data["within"], form.components()
        try:
            composite.check(name, components, area)
        except composite.IndexRefused as refused:
            for pk, reason in refused.problems:
                form.add_error(f"use_{pk}" if pk else None, reason)
        else:
            job = jobs.start(build_composite, request.user, title=f"Build {name}", name=name,
                             within=area.code if area is not None else "", by=request.user.pk,
                             components=[{"indicator": c.indicator.pk, "method": c.method, "direction": c.direction,
                                          "weight": c.weight} for c in components])
            return redirect(jobs.job_url(job))
    return render(request, "indicators/composite_form.html", {"form": form})


def _composite(code):
    return get_object_or_404(CompositeIndex.objects.select_related("indicator", "built_by"), indicator__code=code)


# An index's quintiles on its map, highest (1) in the deprivation map's most deprived colour.
QUINTILE_COLOURS = maps.DECILE_COLOURS[::2]


@require("indicators.view")
def composite_detail(request, code):
    index = _composite(code)
    rows = composite.ranked(index)
    shades = [maps.Shade(str(q), f"{q}{' (highest 20%)' if q == 1 else ' (lowest 20%)' if q == 5 else ''}",
                         QUINTILE_COLOURS[q - 1]) for q in range(1, 6)]
    return render(request, "indicators/composite_detail.html", {
        "index": index, "rows": rows, "comparison": composite.compare_with_imd(rows),
        "components": index.components.select_related("source"),
        "map": maps.Map(id="composite-map", url=reverse("indicators:composite_geojson", args=[code]), table="composite-table",
                        label=f"Map of {index.indicator.name} by quintile of its LSOAs.", legend="Quintile of the index",
                        shades=shades)})


@require("indicators.view")
def composite_csv(request, code):
    index = _composite(code)
    return csv_response(f"{code}.csv", ["rank", "lsoa_code", "lsoa_name", "index", "index_quintile", "imd_2019_rank",
                                        "imd_2019_decile"],
                        [(r.rank, r.code, r.name, r.value, r.quintile, r.imd_rank, r.imd_decile) for r in composite.ranked(index)])


@require("indicators.view")
def composite_geojson(request, code):
    from healthyplaces.places.models import Lsoa

    rows = composite.ranked(_composite(code))
    shapes = {c: (b, lat, lon) for c, b, lat, lon in Lsoa.objects.filter(vintage=2011, code__in=[r.code for r in rows])
              .values_list("code", "boundary", "latitude", "longitude")}
    return maps.geojson_response(
        maps.feature(maps.geometry(*shapes.get(r.code, ("", None, None))), code=r.code, name=r.name,
                     label=f"{r.name} ({r.code}): rank {r.rank:,}, index {r.value:.3f}, quintile {r.quintile}",
                     shade=str(r.quintile), url=area_url(AreaKind.LSOA, r.code)) for r in rows)
