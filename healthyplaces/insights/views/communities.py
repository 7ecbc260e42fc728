"""Pages of communities of identity or experience: the list, adding one, one community's insights."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces.accounts.permissions import can, require

from .. import services
from ..forms import CommunityForm
from ..models import Community


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
