from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from healthyplaces import editing, maps
from healthyplaces.accounts import audit
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import can, check, organisation_for, require
from healthyplaces.exports import csv_response
from healthyplaces.importing import ImportRefused
from healthyplaces.jobs import services as jobs
from healthyplaces.places import services as places
from healthyplaces.uploads import services as uploads

from . import checking, finding, importing, services
from .forms import AssetForm, DirectoryForm, ImportForm
from .gaps import GAP_COLUMNS, gap_analysis, gap_csv_rows, high_need_low_asset
from .models import Asset, Category, DuplicateCandidate
from .permissions import ASSETS, PAIRS, PARTNERS
from .tasks import import_assets

PAGE_SIZE = 20
MAP_LIMIT = 2000
ASSET_DOT = maps.Shade("asset", "A community asset", "#1d70b8")


def _search(request):
    """The directory's filtered assets (and distances when searching near a place), for page and map alike."""
    form = DirectoryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    assets = services.visible_to(request.user)
    lsoa_codes = None
    area = centre = None
    if filters.get("area"):
        try:
            area = places.find_area(filters["area"], request.user)
            lsoa_codes = list(area.lsoas().values_list("code", flat=True))
        except places.AreaNotFound as error:
            form.add_error("area", str(error))
            lsoa_codes = []
    assets = finding.filter_assets(assets, filters.get("category"), filters.get("theme"), filters.get("community"),
                                    filters.get("q"), lsoa_codes)
    distances = None
    if filters.get("near"):
        try:
            centre = finding.find_centre(filters["near"], request.user)
            distances = finding.near(assets, centre.latitude, centre.longitude, float(filters.get("radius") or 5),
                                      exact=services.sees_people(request.user))
        except finding.PlaceNotFound as error:
            form.add_error("near", str(error))
            distances = []
    return form, assets, distances, area, centre


@require("assets.view")
def directory(request):
    form, assets, distances, area, centre = _search(request)
    if distances is not None:
        page = Paginator(distances, PAGE_SIZE).get_page(request.GET.get("page"))
        by_pk = Asset.objects.select_related("partner").in_bulk([pk for pk, _ in page.object_list])
        rows = [(by_pk[pk], distance) for pk, distance in page.object_list]
    else:
        # Ids first, read from the search index alone in its own order (so by name), then the page's rows.
        ids = assets.order_by("name", "category", "search_text", "published", "pk").values_list("pk", flat=True)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        by_pk = Asset.objects.select_related("partner").in_bulk(list(page.object_list))
        rows = [(by_pk[pk], None) for pk in page.object_list]
    # Each row: the asset, its distance, and whether its address and exact place are shown.
    rows = [(asset, distance, services.shows_contact(request.user, asset)) for asset, distance in rows]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "assets/directory.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(), "centre": centre, "area": area,
        "map": maps.Map(id="asset-map", url=reverse("assets:map") + "?" + query.urlencode(), table="asset-table" if rows else "no-assets",
                        label="Map of the assets found.", shades=[ASSET_DOT], caption="Select an asset to see it.",
                        alternative="The same assets are listed in the table on this page"),
        "can_create": can(request.user, "asset.create"), "can_import": can(request.user, "asset.import"),
        "can_review": can(request.user, "asset.review_duplicates"),
    })


EXPORT_COLUMNS = ["id", "name", "category", "description", "themes", "address", "postcode", "latitude", "longitude",
                  "lsoa_code", "opening_times", "accessibility", "cost", "email", "phone", "website", "provider",
                  "recorded_by", "last_checked"]


@require("assets.download")
def directory_csv(request):
    """The directory's current results as CSV, safe to open in a spreadsheet; people's contacts as on the pages."""
    _, assets, distances, _, _ = _search(request)
    if distances is not None:
        by_pk = Asset.objects.select_related("partner").in_bulk([pk for pk, _ in distances])
        chosen = [by_pk[pk] for pk, _ in distances]
    else:
        chosen = assets.select_related("partner")
    rows = []
    for a in chosen:
        shown = services.shows_contact(request.user, a)
        rows.append([a.pk, a.name, a.get_category_display(), a.description, ";".join(a.theme_ids),
                     a.address if shown else "", a.postcode if shown else a.postcode_district,
                     a.latitude if shown else None, a.longitude if shown else None, a.lsoa_code, a.opening_times,
                     a.accessibility, a.cost, a.email if shown else "", a.phone if shown else "",
                     a.website if shown else "", a.provider, a.partner.name, a.last_checked])
    audit.record_read(request, [a for a in chosen if a.is_person and services.shows_contact(request.user, a)], "contact details")
    return csv_response("community-assets.csv", EXPORT_COLUMNS, rows)


@require("assets.view")
def directory_map(request):
    """GeoJSON points of the directory's current results (the nearest or first 2,000)."""
    _, assets, distances, _, _ = _search(request)
    if distances is not None:
        pks = [pk for pk, _ in distances[:MAP_LIMIT]]
        assets = Asset.objects.filter(pk__in=pks)
    return maps.geojson_response(
        maps.feature(maps.geometry("", lat, lon), name=name, label=f"{name} ({Category(category).label})", shade=ASSET_DOT.key,
                     url=reverse("assets:detail", args=[pk]))
        for pk, name, category, lat, lon in services.map_points(assets, MAP_LIMIT, exact=services.sees_people(request.user)))


def _visible(request, pk):
    asset = get_object_or_404(Asset, pk=pk)
    if not services.visible_to(request.user).filter(pk=pk).exists():
        if asset.merged_into_id:
            return redirect("assets:detail", pk=asset.merged_into_id)
        raise Http404("No asset has that number.")
    return asset


def referrals_received(asset):
    """How many times programmes referred people here (counts only; under 5 not said exactly, as on any public
    page), from the outcomes part."""
    from healthyplaces.outcomes.services import referral_counts

    count = referral_counts([asset]).get(asset.pk, 0)
    return "None yet" if not count else "Fewer than 5" if count < 5 else f"{count:,}"


@require("assets.view")
def detail(request, pk):
    asset = _visible(request, pk)
    if not isinstance(asset, Asset):
        return asset
    can_change = can(request.user, "asset.change", asset)
    audit.record_read(request, [asset] if asset.is_person and services.shows_contact(request.user, asset) else [], "contact details")
    return render(request, "assets/detail.html", {
        "asset": asset, "can_change": can_change, "show_contact": services.shows_contact(request.user, asset),
        "themes": [checking.themes()[t][0] for t in asset.theme_ids if t in checking.themes()],
        "needs_review": services.needs_review(asset),
        "referrals": referrals_received(asset),
        "sources": asset.sources.select_related("partner", "supplied_by") if can_change or can(request.user, "asset.view_draft", asset) else None,
    })


def _partner_for(user):
    organisation = organisation_for(user, "asset.create")
    if organisation is None:
        raise PermissionDenied("You need to belong to an organisation to record assets.")
    return organisation


@require("asset.create")
def create(request):
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asset = services.save_asset(form.checked.values, partner=_partner_for(request.user), by=request.user)
        for warning in form.checked.warnings:
            messages.warning(request, warning)
        messages.success(request, f"Asset {asset.name!r} saved.")
        return redirect("assets:detail", pk=asset.pk)
    return render(request, "assets/form.html", {"form": form, "asset": None})


@require("asset.change")
def edit(request, pk):
    asset = get_object_or_404(Asset.objects.select_related("merged_into"), pk=pk)
    if asset.merged_into_id:
        messages.info(request, f"{asset.name!r} was merged into {asset.merged_into.name!r}, which holds your record: "
                               "change it here.")
        return redirect("assets:edit", pk=asset.merged_into_id)
    check(request.user, "asset.change", asset)
    form, conflict = AssetForm(request.POST or None, initial=services.form_initial(asset)), None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(asset, request.POST.get(editing.FIELD), request.user):
                services.save_asset(form.checked.values, partner=services.supplier(request.user, asset), by=request.user,
                                    asset=asset)
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, services.form_initial(changed.record))
        else:
            messages.success(request, f"Asset {asset.name!r} saved.")
            return redirect("assets:detail", pk=asset.pk)
    return render(request, "assets/form.html", {"form": form, "asset": asset, **editing.context(request, asset, conflict)})


@require("asset.change")
def review(request):
    """Assets the person may change that have not been checked for a set time."""
    assets = ASSETS.filter(services.visible_to(request.user), request.user, "asset.change")
    stale = services.stale_assets(assets).select_related("partner").order_by("last_checked", "name")
    page = Paginator(stale, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assets/review.html", {"page": page, "days": services.REVIEW_AFTER_DAYS})


# Import


def _import_partners(user):
    return PARTNERS.filter(Organisation.objects.all(), user, "asset.import")


@require("asset.import")
def import_upload(request):
    partners = _import_partners(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        partner = form.cleaned_data["partner"] or _partner_for(request.user)
        data = upload.read()
        try:
            rows = importing.read(data, upload.name)
        except ImportRefused as refused:
            for problem in refused.problems:
                form.add_error("file", str(problem))
        else:
            held = uploads.hold(request.user, "assets", upload.name, data, parsed=rows, partner=partner.pk)
            return redirect("assets:import_preview", token=held.token)
    return render(request, "assets/import_upload.html", {"form": form})


@require("asset.import")
def import_preview(request, token):
    held = uploads.held(request.user, "assets", token)
    if held is None:
        raise Http404("No upload of yours is waiting under that link; it may have expired. Upload the file again.")
    rows, partner = uploads.parsed(held), get_object_or_404(Organisation, pk=held.context["partner"])
    if request.method == "POST":
        job = jobs.start(import_assets, request.user, title=f"Import {held.filename} for {partner}",
                         upload=str(held.token), by=request.user.pk)
        return redirect(jobs.job_url(job))
    result = importing.preview_rows(rows, held.filename, partner)
    by_pk = Asset.objects.in_bulk([pk for row in result.of("duplicate") for pk, _ in row.duplicates if isinstance(pk, int)])
    duplicates = [(row, [(by_pk.get(pk) if isinstance(pk, int) else pk, why) for pk, why in row.duplicates])
                  for row in result.of("duplicate")]
    return render(request, "assets/import_preview.html", {
        "held": held, "partner": partner, "result": result, "counts": result.counts, "duplicates": duplicates})


# De-duplication


@require("asset.review_duplicates")
def duplicates(request):
    pairs = PAIRS.filter(DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN), request.user,
                         "asset.review_duplicates").select_related("first__partner", "second__partner")
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assets/duplicates.html", {"page": page})


@require("asset.review_duplicates")
def duplicate(request, pk):
    pair = get_object_or_404(DuplicateCandidate.objects.select_related("first__partner", "second__partner"), pk=pk)
    check(request.user, "asset.review_duplicates", pair)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "keep_apart":
                services.keep_apart(pair, request.user)
                messages.success(request, "Kept apart: they are different assets.")
            elif decision in ("first", "second"):
                kept = services.merge(pair, pair.first if decision == "first" else pair.second, request.user)
                messages.success(request, f"Merged into {kept.name!r}; both partners' records are kept with it, and "
                                          "either partner can change it.")
                return redirect("assets:detail", pk=kept.pk)
            else:
                messages.error(request, "Choose whether to merge them or keep them apart.")
        except services.MergeRefused as error:
            messages.error(request, str(error))
        return redirect("assets:duplicates")
    fields = [("Name", "name"), ("Category", "get_category_display"), ("Address", "address"), ("Postcode", "postcode"),
              ("Phone", "phone"), ("Email", "email"), ("Website", "website"), ("Provider", "provider"),
              ("Recorded by", "partner"), ("Last checked", "last_checked")]
    rows = [(label, _value(pair.first, attr), _value(pair.second, attr)) for label, attr in fields]
    return render(request, "assets/duplicate.html", {"pair": pair, "rows": rows})


def _value(asset, attr):
    value = getattr(asset, attr)
    return value() if callable(value) else value


# Gap analysis


def _gap_area(request):
    """The area named in ?area= (None if none); AreaNotFound, with suggestions, if it is unknown or not supported."""
    text = request.GET.get("area", "")
    if not text:
        return None
    area = places.find_area(text, request.user)
    if area.kind not in ("local_authority", "neighbourhood"):
        containing = places.local_authority_containing(area)
        raise places.AreaNotFound(f"Gap analysis is for a local authority or a neighbourhood, and {area} is a "
                                  f"{places.AREA_KINDS[area.kind]}.", [containing] if containing else [])
    return area


@require("assets.view")
def gaps(request):
    try:
        area = _gap_area(request)
    except places.AreaNotFound as error:
        return render(request, "assets/gaps.html", {"area": None, "area_text": request.GET.get("area", ""),
                                                    "error": error})
    rows = gap_analysis(area) if area else []
    return render(request, "assets/gaps.html", {
        "area": area, "area_text": area.code if area else "", "rows": rows, "flagged": high_need_low_asset(rows),
        "categories": Category.choices, "query": f"area={area.code}" if area else "",
        "map": _gap_map(f"area={area.code}") if area else None,
    })


def _gap_area_or_404(request):
    try:
        area = _gap_area(request)
    except places.AreaNotFound as error:
        raise Http404(str(error)) from None
    if area is None:
        raise Http404("Choose an area.")
    return area


@require("assets.download")
def gaps_csv(request):
    area = _gap_area_or_404(request)
    return csv_response(f"asset-gaps-{area.code}.csv", GAP_COLUMNS, gap_csv_rows(gap_analysis(area)))


# The gap map's shades: published assets per 1,000 residents, in bands of two.
GAP_SHADES = [maps.Shade("0", "Fewer than 2", "#f7fbff"), maps.Shade("1", "2 to under 4", "#c6dbef"),
              maps.Shade("2", "4 to under 6", "#6baed6"), maps.Shade("3", "6 to under 8", "#2171b5"),
              maps.Shade("4", "8 or more", "#08306b"), maps.Shade("none", "No population figure", maps.NOT_SHADED)]


def _gap_shade(per_thousand):
    return "none" if per_thousand is None else str(min(4, int(per_thousand // 2)))


def _gap_map(query):
    return maps.Map(id="gap-map", url=reverse("assets:gaps_geojson") + "?" + query, table="gap-table",
                    label="Map of assets per 1,000 residents in each LSOA; high-need, low-asset LSOAs have a thick outline.",
                    legend="Published assets per 1,000 residents", shades=GAP_SHADES, outline="High need, few assets",
                    alternative="The same figures are in the tables on this page")


@require("assets.view")
def gaps_geojson(request):
    area = _gap_area_or_404(request)
    rows = gap_analysis(area)
    flagged = {r.lsoa.code for r in high_need_low_asset(rows)}
    return maps.geojson_response(
        maps.feature(maps.geometry(r.lsoa.boundary, r.lsoa.latitude, r.lsoa.longitude), code=r.lsoa.code, name=r.lsoa.name,
                     label=f"{r.lsoa.name}: {r.total} asset{'' if r.total == 1 else 's'}, "
                           f"{'no population figure' if r.per_thousand is None else f'{r.per_thousand:,.2f} per 1,000 residents'}, "
                           f"IMD decile {r.imd_decile if r.imd_decile is not None else 'not held'}",
                     shade=_gap_shade(r.per_thousand), emphasis=r.lsoa.code in flagged, url=reverse("places:lsoa", args=[r.lsoa.code]))
        for r in rows)


def profile_section(request, area, edition):
    """The area profile's assets section: its published assets and, for authorities and neighbourhoods, the gaps."""
    codes = list(area.lsoas().values_list("code", flat=True))
    assets = services.visible_to(request.user).filter(published=True, lsoa_code__in=codes)
    total = assets.count()
    rows = gap_analysis(area) if area.kind in ("local_authority", "neighbourhood") else []
    area_param = area.code if area.kind != "lsoa" else ""
    # Names of our own: the profile page's test client sees every template's context together.
    return render_to_string("assets/_profile_section.html", {
        "asset_area": area, "area_assets": assets.order_by("name")[:10], "asset_total": total, "gap_rows": rows,
        "gap_flagged": high_need_low_asset(rows)[:10], "gap_area": area_param,
    }, request=request)
