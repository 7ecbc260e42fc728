from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from healthyplaces import editing
from healthyplaces.accounts.permissions import can, in_organisations, require
from healthyplaces.places.services import AreaNotFound, find_area
from healthyplaces.uploads import services as uploads

from . import embeddings, importing, search, services, sharing
from .forms import (CommunityForm, ConversationForm, ConversationRedactionForm, ImportForm, InsightForm, RedactionForm,
                    SearchForm)
from .models import Community, Conversation, Insight

PAGE_SIZE = 25
QUEUE_CONVERSATIONS = 50  # shown at once in the queue; a conversation holds many insights


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
    })


@require("insights.view")
def conversation_list(request):
    page = Paginator(Conversation.objects.select_related("organisation"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "insights/conversation_list.html", {
        "page": page, "conversations": [services.shown_conversation(c, request.user) for c in page.object_list],
        "can_record": can(request.user, "insights.record")})


def _conversation_data(form):
    data = form.cleaned_data
    return dict(title=data["title"], kind=data["kind"], held_on=data["held_on"], lsoa_codes=data["lsoas"],
                neighbourhood=data["neighbourhood"], venue=data.get("venue"), run_by=data["run_by"],
                participants=data["participants"], communities=data["communities"], description=data["description"])


@require("insights.record")
def conversation_create(request):
    form = ConversationForm(request.POST or None, venues=services.venues(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.save_conversation(by=request.user, **_conversation_data(form))
        except services.InsightInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Conversation {conversation.title!r} recorded. Now add what was said.")
            return redirect("insights:conversation", pk=conversation.pk)
    return render(request, "insights/conversation_form.html", {"form": form})


def _changeable(request, record):
    if not can(request.user, "insight.change", record):
        raise PermissionDenied("Only the organisation that recorded it, officers and administrators may change this.")


def _insight_initial(conversation):
    return {"neighbourhood": conversation.neighbourhood,
            "lsoas": "" if conversation.neighbourhood else " ".join(conversation.lsoas.values_list("code", flat=True)),
            "communities": list(conversation.communities.all())}


@require("insights.view")
def conversation(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("organisation", "neighbourhood"), pk=pk)
    may_add = can(request.user, "insights.record") and can(request.user, "insight.change", conversation)
    form = InsightForm(initial=_insight_initial(conversation)) if may_add else None
    insights = sharing.visible(conversation.insights.prefetch_related("themes"), request.user).order_by("pk")
    venue = services.venues(request.user).filter(pk=conversation.venue_id).first() if conversation.venue_id else None
    return render(request, "insights/conversation.html", {
        "conversation": services.shown_conversation(conversation, request.user), "venue": venue, "form": form,
        "insights": services.shown_all(insights, request.user),
        "can_confirm": can(request.user, "insight.confirm", conversation),
        "lsoa_codes": list(conversation.lsoas.values_list("code", flat=True)),
        "communities": list(conversation.communities.all()),
    })


def _insight_data(form):
    data = form.cleaned_data
    return dict(summary=data["summary"], kind=data["kind"], quote=data["quote"], quote_consent=data["quote_consent"],
                themes=data["themes"], tags=services.tags_from_text(data["tags"]), lsoa_codes=data["lsoas"],
                neighbourhood=data["neighbourhood"], communities=data["communities"])


def _flag_message(request, insight):
    if insight.personal_data:
        found = sorted({f["kind"] for f in insight.personal_data})
        from .personal_data import DESCRIPTIONS

        messages.warning(request, "This may contain personal data (" + ", ".join(DESCRIPTIONS[k] for k in found)
                         + "). People outside your organisation see it redacted; check the redaction.")


@require("insights.record")
def insight_create(request, pk):
    conversation = get_object_or_404(Conversation, pk=pk)
    _changeable(request, conversation)
    form = InsightForm(request.POST or None, initial=_insight_initial(conversation))
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


def _insight(pk):
    return get_object_or_404(Insight.objects.select_related("conversation", "organisation", "recorded_by"), pk=pk)


@require("insights.view")
def insight(request, pk):
    record = _insight(pk)
    if not sharing.is_visible(record, request.user):
        raise Http404("No insight has that number.")  # not yet shared: as if it did not exist
    similar = services.similar(record, request.user)
    can_change = can(request.user, "insight.change", record)
    return render(request, "insights/insight.html", {
        "insight": services.shown(record, request.user), "record": record, "can_change": can_change,
        "similar": similar, "similar_status": embeddings.status() if similar is None else None,
        "themes": record.themes.all(), "tags": record.tags.all(), "communities": record.communities.all(),
        "lsoas": record.lsoas.order_by("code"), "assets": services.linked_assets(record, request.user),
        "linkable": services.linkable_assets(record, request.user) if can_change else None,
    })


@require("insight.change")
def insight_assets(request, pk):
    """Link an asset to the insight, or unlink one (POST only): only an asset the person may see."""
    from healthyplaces.assets.services import visible_to

    record = _insight(pk)
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
    record = _insight(pk)
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


def _redaction_initial(record):
    return {"summary_redacted": record.summary_redacted, "quote_redacted": record.quote_redacted,
            "tags": ", ".join(record.tags.values_list("name", flat=True))}


def _confirmable(request, record):
    if not can(request.user, "insight.confirm", record):
        raise PermissionDenied("Only the organisation that recorded it, officers and administrators may confirm this.")


def _next(request, default):
    """Back to the queue when the person came from it."""
    return redirect("insights:queue") if request.POST.get("next") == "queue" else default


@require("insights.confirm")
def insight_redact(request, pk):
    record = _insight(pk)
    _confirmable(request, record)
    form, conflict = RedactionForm(request.POST or None, initial=_redaction_initial(record)), None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with editing.unchanged_since(record, request.POST.get(editing.FIELD), request.user):
                services.review_redaction(record, by=request.user, summary_redacted=data["summary_redacted"],
                                          quote_redacted=data["quote_redacted"],
                                          tags=services.tags_from_text(data["tags"]))
        except services.InsightInvalid as error:
            form.add_error(None, str(error))
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, _redaction_initial(changed.record))
        else:
            messages.success(request, "Redaction confirmed. Other organisations now see the shared version.")
            return _next(request, redirect("insights:insight", pk=record.pk))
    return render(request, "insights/redact.html", {"form": form, "record": record,
                                                    "from_queue": request.GET.get("next") == "queue",
                                                    **editing.context(request, record, conflict)})


@require("insights.confirm")
def conversation_redact(request, pk):
    record = get_object_or_404(Conversation, pk=pk)
    _confirmable(request, record)
    form = ConversationRedactionForm(request.POST or None, initial={
        "title_redacted": record.title_redacted, "description_redacted": record.description_redacted})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_conversation_redaction(record, by=request.user, **form.cleaned_data)
        except services.InsightInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Title and description confirmed. Other organisations now see the shared version.")
            return _next(request, redirect("insights:conversation", pk=record.pk))
    return render(request, "insights/conversation_redact.html", {
        "form": form, "record": record, "from_queue": request.GET.get("next") == "queue"})


@require("insights.confirm")
def queue(request):
    """What is waiting for its redaction to be confirmed before other organisations see it, oldest first."""
    if request.method == "POST":
        try:
            done = services.confirm(by=request.user, insights=_ids(request.POST.getlist("insight")),
                                    conversations=_ids(request.POST.getlist("conversation")))
        except services.NotYours as error:
            raise PermissionDenied(str(error)) from None
        if done:
            messages.success(request, f"Confirmed {done}: other organisations now see the shared version.")
        else:
            messages.error(request, "Tick what you have checked and want to confirm.")
        return redirect("insights:queue")
    insights = services.awaiting(Insight, request.user).select_related("conversation", "organisation")
    page = Paginator(insights.prefetch_related("tags"), PAGE_SIZE).get_page(request.GET.get("page"))
    conversations = services.awaiting(Conversation, request.user).select_related("organisation")
    return render(request, "insights/queue.html", {
        "page": page, "conversations": conversations[:QUEUE_CONVERSATIONS],
        "more_conversations": max(0, conversations.count() - QUEUE_CONVERSATIONS)})


def _ids(values):
    return [int(v) for v in values if v.isdigit()]


@require("insights.import")
def insight_import(request):
    conversations = Conversation.objects.filter(in_organisations(request.user, "insights.import", "organisation"))
    form = ImportForm(request.POST or None, request.FILES or None, conversations=conversations)
    preview = None
    if request.method == "POST" and "confirm" in request.POST:
        held = uploads.held(request.user, "insights", request.session.get("insights_import"))
        conversation = conversations.filter(pk=held.context["conversation"]).first() if held else None
        if conversation is None:
            messages.error(request, "That preview has expired; upload the file again.")
            return redirect("insights:import")
        try:
            added = importing.commit_preview(uploads.parsed(held), conversation, request.user)
        except importing.ImportRefused as error:
            for problem in error.problems[:50]:
                form.add_error(None, str(problem))
        else:
            uploads.release(held)
            del request.session["insights_import"]
            messages.success(request, f"Imported {added} insight{'s' if added != 1 else ''} from {held.filename}."
                             if added else f"Nothing new: every row of {held.filename} was imported before.")
            return redirect("insights:conversation", pk=conversation.pk)
    elif request.method == "POST" and form.is_valid():
        upload, conversation = form.cleaned_data["file"], form.cleaned_data["conversation"]
        data = upload.read()
        try:
            preview = importing.parse(data, upload.name, conversation)
        except importing.ImportRefused as error:
            for problem in error.problems[:50]:
                form.add_error("file", str(problem))
        else:
            for problem in preview.problems[:50]:
                form.add_error("file", problem)
            if not preview.problems:
                held = uploads.hold(request.user, "insights", upload.name, data, parsed=preview,
                                    conversation=conversation.pk)
                request.session["insights_import"] = str(held.token)
    return render(request, "insights/import.html", {"form": form, "preview": preview,
                                                    "columns": importing.COLUMNS})


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


@require("insights.view")
def community_list(request):
    return render(request, "insights/community_list.html", {
        "communities": Community.objects.all(),
        "can_add": can(request.user, "insights.manage_communities")})


@require("insights.manage_communities")
def community_create(request):
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.add_community(form.cleaned_data["name"], by=request.user,
                                               description=form.cleaned_data["description"])
        except services.InsightInvalid as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Community {community.name!r} added.")
            return redirect("insights:community_list")
    return render(request, "insights/community_form.html", {"form": form})


@require("insights.view")
def community(request, slug):
    community = get_object_or_404(Community, slug=slug)
    return render(request, "insights/community.html", {"community": community,
                                                       "summary": services.community_summary(community, request.user)})
