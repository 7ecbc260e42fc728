from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from healthyplaces import editing, maps
from healthyplaces.accounts.permissions import can, check, require
from healthyplaces.exports import csv_response
from healthyplaces.importing import ImportRefused

from . import profile, services, wards2021
from .forms import AreaFilterForm, NeighbourhoodForm, NeighbourhoodUploadForm
from .models import DEFAULT_EDITION, DOMAINS, EDITION_DOMAINS, Edition, LocalAuthority, Lsoa, Neighbourhood

PAGE_SIZE = 50


def _filters(request):
    form = AreaFilterForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data
    return form, {"edition": DEFAULT_EDITION, "domain": "imd", "deciles": [], "sort": "rank", "order": "asc"}


def _ranked(area, filters):
    return services.ranked_lsoas(area, edition=filters["edition"], domain=filters["domain"],
                                 deciles=[int(d) for d in filters["deciles"]], sort=filters["sort"],
                                 descending=filters["order"] == "desc")


def _table_rows(rows, domain):
    populations = services.populations_by_code([r.lsoa.code for r in rows])
    return [{"lsoa": r.lsoa, "rank": services.rank_of(r, domain), "decile": services.decile_of(r, domain),
             "population": populations.get(r.lsoa.code)} for r in rows]


def _area_page(request, area, template, map_url, extra):
    form, filters = _filters(request)
    try:
        rows = _ranked(area, filters)
    except ValueError as error:
        messages.error(request, str(error))
        filters = {**filters, "domain": "imd"}
        rows = _ranked(area, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    table_rows = _table_rows(page.object_list, filters["domain"])
    context = {
        "area": area, "form": form, "filters": filters, "page": page, "rows": table_rows,
        "domain": DOMAINS[filters["domain"]], "edition": Edition(filters["edition"]),
        "summaries": services.deprivation_summary(area, edition=filters["edition"]),
        "decile_counts": services.decile_counts(area, filters["edition"], filters["domain"]),
        "query": query.urlencode(), "editions": Edition.choices,
        "edition_domains": [DOMAINS[k] for k in EDITION_DOMAINS[Edition(filters["edition"])]],
        "profile_sections": profile.sections_for(request, area, filters["edition"]),
        "map": _deprivation_map(f"{map_url}?{query.urlencode()}", DOMAINS[filters["domain"]], Edition(filters["edition"]),
                                "lsoa-table" if table_rows else "no-lsoas"),
        **extra,
    }
    return render(request, template, context)


def _area_csv(request, area, filename):
    _, filters = _filters(request)
    try:
        rows = _ranked(area, filters)
    except ValueError as error:
        raise Http404(str(error)) from None
    populations = services.populations_by_code(list(rows.values_list("lsoa__code", flat=True)))
    domain = filters["domain"]
    return csv_response(
        f"{filename}-{domain}-{filters['edition']}.csv",
        ["lsoa_code", "lsoa_name", "local_authority", "ward_2019", "msoa", "rank", "decile", "population_2015"],
        [(r.lsoa.code, r.lsoa.name, r.lsoa.local_authority.name, r.lsoa.ward.name if r.lsoa.ward else "",
          r.lsoa.msoa.code if r.lsoa.msoa else "", services.rank_of(r, domain), services.decile_of(r, domain),
          populations.get(r.lsoa.code)) for r in rows],
    )


def _geojson(area, filters):
    """Features for the map, every LSOA of the area shaded by its decile."""
    rows = _ranked(area, {**filters, "deciles": [], "sort": "rank", "order": "asc"})
    domain = filters["domain"]
    return maps.geojson_response(
        maps.feature(maps.geometry(r.lsoa.boundary, r.lsoa.latitude, r.lsoa.longitude), code=r.lsoa.code, name=r.lsoa.name,
                     label=f"{r.lsoa.name} ({r.lsoa.code}): rank {services.rank_of(r, domain):,}, decile {services.decile_of(r, domain)}",
                     shade=str(services.decile_of(r, domain)),
                     url=reverse("places:lsoa", args=[r.lsoa.code]) + f"?edition={filters['edition']}")
        for r in rows)


def _deprivation_map(url, domain, edition, table, **options):
    """The map of an area's LSOAs shaded by decile (the picker's too)."""
    return maps.Map(
        id="map", url=url, table=table, shades=maps.DECILES,
        label=f"Map of the LSOAs shaded by their {domain.label} decile.",
        legend=f"{domain.label} decile, {edition.label} (1 = most deprived 10% in England)",
        caption="Where no boundary is held, an LSOA shows as a dot at its population-weighted centroid.", **options)


def _authority(code):
    authority = LocalAuthority.objects.filter(code=code.upper()).select_related("successor", "region").first()
    if authority is None:
        raise Http404("No local authority has that code.")
    return services.Area("local_authority", authority.code, authority.name, authority)


@require("places.view")
def local_authority(request, code):
    area = _authority(code)
    authority = area.obj
    extra = {
        "authority": authority,
        "predecessors": authority.predecessors.exclude(pk=authority.pk),
        "official": services.official_summaries(authority),
        "csv_url": reverse("places:local_authority_csv", args=[authority.code]),
    }
    return _area_page(request, area, "places/local_authority.html",
                      reverse("places:local_authority_geojson", args=[authority.code]), extra)


@require("places.download")
def local_authority_csv(request, code):
    area = _authority(code)
    return _area_csv(request, area, area.code)


@require("places.view")
def lsoa_correspondence(request, code):
    """How the authority's 2011 LSOAs (IoD2019) and 2021 LSOAs (IoD2025) correspond, to compare editions."""
    area = _authority(code)
    return render(request, "places/lsoa_correspondence.html", {"area": area, **wards2021.correspondence(area)})


@require("places.view")
def local_authority_geojson(request, code):
    return _geojson(_authority(code), _filters(request)[1])


@require("places.view")
def lsoa(request, code):
    edition = request.GET.get("edition", DEFAULT_EDITION)
    if edition not in Edition.values:
        edition = DEFAULT_EDITION
    lsoa_profile = services.lsoa_profile(code, edition, request.user)
    if lsoa_profile is None:
        other = Lsoa.objects.filter(code=code.upper()).exclude(vintage=2011 if edition == "2019" else 2021).first()
        if other:
            messages.info(request, f"{code.upper()} is not part of the {Edition(edition).label} geography; "
                                   "showing the edition it belongs to.")
            return redirect(reverse("places:lsoa", args=[code.upper()]) + f"?edition={'2025' if other.vintage == 2021 else '2019'}")
        raise Http404("No LSOA has that code.")
    lsoa = lsoa_profile["lsoa"]
    area = services.Area("lsoa", lsoa.code, lsoa.name, lsoa)
    return render(request, "places/lsoa.html", {**lsoa_profile, "editions": Edition.choices, "map": _lsoa_map(lsoa),
                                                "profile_sections": profile.sections_for(request, area, edition)})


def _lsoa_map(lsoa):
    """The LSOA on its own: its boundary, or its centroid where no boundary is held (None: neither is)."""
    shape = maps.geometry(lsoa.boundary, lsoa.latitude, lsoa.longitude)
    if shape is None:
        return None
    where = "boundary" if lsoa.boundary else "population-weighted centroid (no boundary is held)"
    return maps.Map(id="lsoa-map", data=maps.features([maps.feature(shape, code=lsoa.code, name=lsoa.name, label=f"{lsoa.name} ({lsoa.code})", shade="lsoa")]),
                    table="domains", label=f"Map of {lsoa.name}", shades=[maps.Shade("lsoa", f"{lsoa.name}: its {where}", "#1d70b8")],
                    alternative="Its deprivation is in the table above")


def _neighbourhood(request, slug):
    hood = get_object_or_404(Neighbourhood, slug=slug)
    if not hood.published and not can(request.user, "neighbourhood.view_draft", hood):
        raise Http404("No neighbourhood is called that.")
    return hood


@require("places.view")
def neighbourhood_list(request):
    hoods = services.visible_neighbourhoods(request.user)
    page = Paginator(hoods, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "places/neighbourhood_list.html", {
        "page": page, "can_create": can(request.user, "neighbourhood.create")})


@require("places.view")
def neighbourhood(request, slug):
    hood = _neighbourhood(request, slug)
    area = services.Area("neighbourhood", hood.slug, hood.name, hood)
    return _area_page(request, area, "places/neighbourhood.html", reverse("places:neighbourhood_geojson", args=[hood.slug]), {
        "neighbourhood": hood,
        "can_change": can(request.user, "neighbourhood.change", hood),
        "csv_url": reverse("places:neighbourhood_csv", args=[hood.slug]),
    })


@require("places.download")
def neighbourhood_csv(request, slug):
    hood = _neighbourhood(request, slug)
    return _area_csv(request, services.Area("neighbourhood", hood.slug, hood.name, hood), hood.slug)


@require("places.view")
def neighbourhood_geojson(request, slug):
    hood = _neighbourhood(request, slug)
    return _geojson(services.Area("neighbourhood", hood.slug, hood.name, hood), _filters(request)[1])


def _picker_context(request, form, hood=None):
    """LSOAs to pick from: those of the chosen local authority, plus any already chosen."""
    authority_code = (request.GET.get("authority") or request.POST.get("authority") or "").upper()
    if not authority_code and hood is not None:
        first = hood.lsoas.select_related("local_authority").first()
        authority_code = first.local_authority.successor_id if first else ""
    authority = LocalAuthority.objects.filter(code=authority_code).first()
    choices = []
    if authority:
        area = services.Area("local_authority", authority.code, authority.name, authority)
        choices = list(area.lsoas(DEFAULT_EDITION).select_related("ward").order_by("name"))
    shown = {lsoa.code for lsoa in choices}
    chosen = form["lsoas"].value() or []
    return {
        "form": form, "neighbourhood": hood, "authority": authority,
        "chosen_elsewhere": [code for code in chosen if code not in shown],
        "authorities": LocalAuthority.objects.filter(is_current=True).order_by("name"),
        "choices": choices,
        "map": _deprivation_map(reverse("places:local_authority_geojson", args=[authority.code]), DOMAINS["imd"],
                                Edition(DEFAULT_EDITION), "id_lsoas", pick=True,
                                alternative="Tick the LSOAs in the list instead") if authority else None,
    }


def _save(request, form, hood):
    """Save the form's neighbourhood and go to it; None if refused (the form says why). Raises EditConflict
    if someone saved the neighbourhood after this form was opened."""
    try:
        with editing.unchanged_since(hood, request.POST.get(editing.FIELD), request.user):
            saved = services.save_neighbourhood(
                form.cleaned_data["name"], form.cleaned_data["lsoas"], by=request.user,
                description=form.cleaned_data["description"], published=form.cleaned_data["published"],
                neighbourhood=hood)
    except services.NeighbourhoodInvalid as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, f"Neighbourhood {saved.name!r} saved with {saved.lsoas.count()} LSOAs.")
    return redirect("places:neighbourhood", slug=saved.slug)


@require("neighbourhood.create")
def neighbourhood_create(request):
    form = NeighbourhoodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, None)
        if response:
            return response
    return render(request, "places/neighbourhood_form.html", _picker_context(request, form))


@require("neighbourhood.change")
def neighbourhood_edit(request, slug):
    hood = get_object_or_404(Neighbourhood, slug=slug)
    check(request.user, "neighbourhood.change", hood)
    form, conflict = NeighbourhoodForm(request.POST or None, initial=_neighbourhood_initial(hood)), None
    if request.method == "POST" and form.is_valid():
        try:
            response = _save(request, form, hood)
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, _neighbourhood_initial(changed.record))
        else:
            if response:
                return response
    return render(request, "places/neighbourhood_form.html", {**_picker_context(request, form, hood),
                                                               **editing.context(request, hood, conflict)})


def _neighbourhood_initial(hood):
    return {"name": hood.name, "description": hood.description, "published": hood.published,
            "lsoas": list(hood.lsoas.values_list("code", flat=True))}


@require("neighbourhood.create")
def neighbourhood_upload(request):
    form = NeighbourhoodUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            codes = services.lsoa_codes_from_csv(upload.read(), upload.name)
            hood = services.save_neighbourhood(form.cleaned_data["name"], codes, by=request.user,
                                               description=form.cleaned_data["description"],
                                               published=form.cleaned_data["published"])
        except ImportRefused as refused:
            for problem in refused.problems:
                form.add_error("file", str(problem))
        except services.NeighbourhoodInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Neighbourhood {hood.name!r} created with {hood.lsoas.count()} LSOAs.")
            return redirect("places:neighbourhood", slug=hood.slug)
    return render(request, "places/neighbourhood_upload.html", {"form": form})


@require("data.import")
def data_loads(request):
    """Reload England's reference data from the server's data folder, as a background job: the page twin of `load-england`."""
    from django.conf import settings

    from healthyplaces.jobs import services as jobs

    from .models import DataLoad
    from .tasks import load_england

    if request.method == "POST":
        job = jobs.start(load_england, request.user, data_dir=str(settings.DATA_DIR))
        return redirect(jobs.job_url(job))
    return render(request, "places/data_loads.html", {"loads": DataLoad.objects.all()[:20]})
