"""The assessments part's front page."""
from django.shortcuts import render

from healthyplaces.accounts.permissions import can, require

from .. import services


@require("frameworks.view")
def index(request):
    """The part's front page: what each person may do here."""
    return render(request, "assessments/index.html", {
        "can_assess": can(request.user, "assessments.view"), "can_hia": can(request.user, "hia.view"),
        "can_report": can(request.user, "hia.report"), "frameworks": services.rated_frameworks()})
