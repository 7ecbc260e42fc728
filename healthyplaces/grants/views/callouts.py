"""Call-outs as the public reads them: the open ones, and each one's page with its guidance and questions."""
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import can, refusal, require

from .. import services
from ..models import CallOut


@require("grants.view")
def call_out_list(request):
    """Published call-outs: those open now first, then those opening soon; closed ones are not listed."""
    now = timezone.now()
    call_outs = [c for c in services.published_call_outs() if c.closes_at >= now]
    return render(request, "grants/call_out_list.html", {
        "open": [c for c in call_outs if c.opens_at <= now],
        "coming": [c for c in call_outs if c.opens_at > now], "now": now})


@require("grants.view")
def call_out(request, slug):
    """A published call-out's page: what it is for, the guidance, where and who may apply, the most it gives,
    when it closes, the questions asked and the principles applications are scored against."""
    call_out = get_object_or_404(CallOut.objects.select_related("lot", "round__fund", "theme", "principles"),
                                 slug=slug, status=CallOut.Status.PUBLISHED)
    kinds = [str(Organisation.Kind(kind).label) for kind in call_out.organisation_kinds if kind in Organisation.Kind.values]
    return render(request, "grants/call_out.html", {
        "call_out": call_out, "open": services.is_open(call_out), "now": timezone.now(),
        "kinds": kinds, "guidance": [p.strip() for p in call_out.guidance.split("\n\n") if p.strip()],
        "lot_authorities": list(call_out.lot.local_authorities.all()),
        "target_authorities": list(call_out.target_local_authorities.all()),
        "target_neighbourhoods": list(call_out.target_neighbourhoods.all()),
        "communities": list(call_out.communities.all()), "principles": services.principles(call_out),
        "may_apply": can(request.user, "application.create"),
        "apply_refusal": refusal(request.user, "application.create")})
