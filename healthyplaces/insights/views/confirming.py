"""Confirming redactions before an insight is shared beyond its organisation: one insight, a conversation, the queue."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts.permissions import check, require

from .. import services
from ..forms import ConversationRedactionForm, RedactionForm
from ..models import Conversation, Insight
from . import PAGE_SIZE
from .insights import insight_or_404

QUEUE_CONVERSATIONS = 50  # shown at once in the queue; a conversation holds many insights


def _redaction_initial(record):
    return {"summary_redacted": record.summary_redacted, "quote_redacted": record.quote_redacted,
            "tags": ", ".join(record.tags.values_list("name", flat=True))}


def _confirmable(request, record):
    check(request.user, "insight.confirm", record)


def _next(request, default):
    """Back to the queue when the person came from it."""
    return redirect("insights:queue") if request.POST.get("next") == "queue" else default


@require("insights.confirm")
def insight_redact(request, pk):
    record = insight_or_404(pk)
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
