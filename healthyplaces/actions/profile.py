"""The actions section of every area profile (a local authority, a neighbourhood, an LSOA): the actions in the
place that the person may see, with an empty state. The public sees no actions here (only what reports publish)."""
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from healthyplaces.accounts.permissions import can

from . import services
from .permissions import visible

SHOWN = 10  # the rest are one link away, on the list filtered to the place
KINDS = ("local_authority", "neighbourhood", "lsoa")


def actions_section(request, area, edition):
    if area.kind not in KINDS or not can(request.user, "actions.view"):
        return None
    actions = visible(services.actions_for_area(area), request.user).select_related("owner", "focus_area")
    count = actions.count()
    # Keys of our own: the test client merges every rendered template's context into the page's.
    return render_to_string("actions/_profile_actions.html", {
        "profile_actions": list(actions[:SHOWN]) if count else [], "profile_action_count": count,
        "profile_action_area": area,
        "profile_action_list": reverse("actions:list") + "?" + urlencode({"place": area.code}),
    }, request=request)
