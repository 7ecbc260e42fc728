"""Call-outs as the public reads them: the open ones, and each one's page with its guidance and questions."""
from django.shortcuts import render
from django.utils import timezone

from healthyplaces.accounts.permissions import require

from .. import services


@require("grants.view")
def call_out_list(request):
    """Published call-outs: those open now first, then those opening soon; closed ones are not listed."""
    now = timezone.now()
    call_outs = [c for c in services.published_call_outs() if c.closes_at >= now]
    return render(request, "grants/call_out_list.html", {
        "open": [c for c in call_outs if c.opens_at <= now],
        "coming": [c for c in call_outs if c.opens_at > now], "now": now})
