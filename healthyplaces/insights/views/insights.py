"""Pages of insights: searching them, recording one, its page, editing it and linking assets, an area's insights."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from healthyplaces import editing
from healthyplaces.accounts.permissions import can, check, require
from healthyplaces.actions import sources as action_sources
from healthyplaces.places.services import AreaNotFound, find_area

from .. import embeddings, search, services, sharing
from ..forms import InsightForm, SearchForm
from ..models import Conversation, Insight
from . import PAGE_SIZE


def _filters(form, user):
    data = form.cleaned_data if form.is_valid() else {}
    filters = search.Filters(
        text=data.get("q") or "", themes=[t.code for t in data.get("theme") or []],
        communities=[c.slug for c in data.get("community") or []], kinds=data.get("kind") or [],
        date_from=data.get("date_from"), date_to=data.get("date_to"))
    area = None
    if data.get("area"):
        try:
            area = find_area(data["area"], user)
        except AreaNotFound as error:
            form.add_error("area", str(error))
        else:
            filters.lsoa_codes = list(area.lsoas().values_list("code", flat=True))
    return filters, area


@require("insights.view")
def insight_search(request):
    form = SearchForm(request.GET or None)
    filters, area = _filters(form, request.user)
    page, rows = search.page_of(filters, request.GET.get("page"), PAGE_SIZE, user=request.user)
    found = page.paginator.object_list
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "insights/search.html", {
        "form": form, "page": page, "insights": services.shown_all(rows, request.user), "found": found,
        "counts": found.counts(), "area": area, "query": query.urlencode(), "searched": bool(request.GET),
        "can_record": can(request.user, "insights.record"), "can_import": can(request.user, "insights.import"),
        "awaiting": services.awaiting(Insight, request.user).count() if can(request.user, "insights.confirm") else None,
        **(action_sources.from_this(request.user, search=query.urlencode()) if request.GET else {}),
    })


def _changeable(request, record):
    check(request.user, "insight.change", record)


def new_insight_initial(conversation):
    """A new insight's form starts with its conversation's places and communities."""
    return {"neighbourhood": conversation.neighbourhood,
            "lsoas": "" if conversation.neighbourhood else " ".join(conversation.lsoas.values_list("code", flat=True)),
            "communities": list(conversation.communities.all())}


def _insight_data(form):
    data = form.cleaned_data
    return dict(summary=data["summary"], kind=data["kind"], quote=data["quote"], quote_consent=data["quote_consent"],
                themes=data["themes"], tags=services.tags_from_text(data["tags"]), lsoa_codes=data["lsoas"],
                neighbourhood=data["neighbourhood"], communities=data["communities"])


def _flag_message(request, insight):
    if insight.personal_data:
        found = sorted({f["kind"] for f in insight.personal_data})
        from ..personal_data import DESCRIPTIONS

        messages.warning(request, "This may contain personal data (" + ", ".join(DESCRIPTIONS[k] for k in found)
                         + "). People outside your organisation see it redacted; check the redaction.")


@require("insights.record")
def insight_create(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    _changeable(request, conversation)
    form = InsightForm(request.POST or None, initial=new_insight_initial(conversation))
    if request.method == "POST" and form.is_valid():
        try:
            insight = services.save_insight(by=request.user, conversation=conversation, **_insight_data(form))
        except services.InsightInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Insight recorded.")
            _flag_message(request, insight)
            return redirect(reverse("insights:conversation", args=[conversation.pk]) + "#insights")
    return render(request, "insights/insight_form.html", {"form": form, "conversation": conversation})


def insight_or_404(pk):
    return get_object_or_404(Insight.objects.select_related("conversation", "organisation", "recorded_by"), pk=pk)


@require("insights.view")
def insight(request, pk):
    record = insight_or_404(pk)
    if not sharing.is_visible(record, request.user):
        raise Http404("No insight has that number.")  # not yet shared: as if it did not exist
    similar = services.similar(record, request.user)
    unavailable = embeddings.status() if similar is None else None  # why, in a developer's words
    can_change = can(request.user, "insight.change", record)
    return render(request, "insights/insight.html", {
        "insight": services.shown(record, request.user), "record": record, "can_change": can_change,
        "similar": similar, "similar_unavailable": bool(unavailable),
        "similar_reason": unavailable if can(request.user, "platform.view_technical_details") else None,
        "themes": record.themes.all(), "tags": record.tags.all(), "communities": record.communities.all(),
        "lsoas": record.lsoas.order_by("code"), "assets": services.linked_assets(record, request.user),
        "linkable": services.linkable_assets(record, request.user) if can_change else None,
        **action_sources.from_this(request.user, insight=record),
    })


@require("insight.change")
def insight_assets(request, pk):
    """Link an asset to the insight, or unlink one (POST only): only an asset the person may see."""
    from healthyplaces.assets.services import visible_to

    record = insight_or_404(pk)
    _changeable(request, record)
    if request.method == "POST":
        asset = visible_to(request.user).filter(pk=request.POST.get("asset") or 0).first()
        if asset is None:
            messages.error(request, "Choose an asset.")
        elif request.POST.get("action") == "unlink":
            services.unlink_asset(record, asset, by=request.user)
            messages.success(request, f"Unlinked {asset.name}.")
        else:
            services.link_asset(record, asset, by=request.user)
            messages.success(request, f"Linked to {asset.name}.")
    return redirect(reverse("insights:insight", args=[record.pk]) + "#links")


def _insight_edit_initial(record):
    return {"summary": record.summary, "quote": record.quote, "quote_consent": record.quote_consent,
            "kind": record.kind, "themes": list(record.themes.all()),
            "tags": ", ".join(record.tags.values_list("name", flat=True)), "neighbourhood": record.neighbourhood,
            "lsoas": "" if record.neighbourhood else " ".join(record.lsoas.values_list("code", flat=True)),
            "communities": list(record.communities.all())}


@require("insight.change")
def insight_edit(request, pk):
    record = insight_or_404(pk)
    _changeable(request, record)
    form, conflict = InsightForm(request.POST or None, initial=_insight_edit_initial(record)), None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(record, request.POST.get(editing.FIELD), request.user):
                saved = services.save_insight(by=request.user, conversation=record.conversation, insight=record,
                                              **_insight_data(form))
        except services.InsightInvalid as error:
            form.add_error(None, str(error))
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, _insight_edit_initial(changed.record))
        else:
            messages.success(request, "Insight saved.")
            _flag_message(request, saved)
            return redirect("insights:insight", pk=saved.pk)
    return render(request, "insights/insight_form.html", {"form": form, "conversation": record.conversation,
                                                          "record": record, **editing.context(request, record, conflict)})


def _area(request, code):
    try:
        return find_area(code, request.user)
    except AreaNotFound:
        raise Http404("No area has that code or name.") from None


@require("insights.view")
def area(request, code):
    area = _area(request, code)
    return render(request, "insights/area.html", {
        "area": area, "summary": services.area_summary(area, request.user),
        "voices": services.missing_voices(area, request.user),
        "area_url": _area_url(area),
    })


def _area_url(area):
    if area.kind == "local_authority":
        return reverse("places:local_authority", args=[area.code])
    if area.kind == "neighbourhood":
        return reverse("places:neighbourhood", args=[area.code])
    if area.kind == "lsoa":
        return reverse("places:lsoa", args=[area.code])
    return ""
