"""Pages of conversations: the list, recording one, and one conversation with what was said."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import can, require

from .. import services, sharing
from ..forms import ConversationForm, InsightForm
from ..models import Conversation
from . import PAGE_SIZE
from .insights import new_insight_initial


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


@require("insights.view")
def conversation(request, pk):
    conversation = get_object_or_404(Conversation.objects.select_related("organisation", "neighbourhood"), pk=pk)
    may_add = can(request.user, "insights.record") and can(request.user, "insight.change", conversation)
    form = InsightForm(initial=new_insight_initial(conversation)) if may_add else None
    insights = sharing.visible(conversation.insights.prefetch_related("themes"), request.user).order_by("pk")
    venue = services.venues(request.user).filter(pk=conversation.venue_id).first() if conversation.venue_id else None
    return render(request, "insights/conversation.html", {
        "conversation": services.shown_conversation(conversation, request.user), "venue": venue, "form": form,
        "insights": services.shown_all(insights, request.user),
        "can_confirm": can(request.user, "insight.confirm", conversation),
        "lsoa_codes": list(conversation.lsoas.values_list("code", flat=True)),
        "communities": list(conversation.communities.all()),
    })
