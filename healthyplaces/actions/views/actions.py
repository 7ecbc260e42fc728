"""Pages of actions: the list with its filters, one action, creating and editing one, and recording progress."""
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import can, check, require
from healthyplaces.places.services import AreaNotFound, find_area

from .. import services
from ..forms import ActionFilterForm
from ..models import Action
from ..permissions import visible
from . import PAGE_SIZE

PLACE_KINDS = ("local_authority", "neighbourhood", "lsoa")  # the areas services.actions_for_area lists


def _filtered(form, actions, user):
    """The actions the filters choose (each filter narrowing the last); a place not found is the form's error."""
    if not form.is_valid():
        return actions
    data = form.cleaned_data
    if data["status"]:
        actions = actions.filter(status__in=data["status"])
    if data["focus_area"]:
        actions = actions.filter(focus_area=data["focus_area"])
    if data["owner"]:
        actions = actions.filter(owner=data["owner"])
    if data["report_year"]:
        actions = actions.filter(report_year=data["report_year"])
    if data["overdue"]:
        actions = services.overdue(actions)
    if data["place"]:
        try:
            area = find_area(data["place"], user)
        except AreaNotFound as error:
            form.add_error("place", str(error))
            return actions.none()
        if area.kind not in PLACE_KINDS:
            form.add_error("place", "Give a local authority, a neighbourhood or an LSOA.")
            return actions.none()
        actions = services.actions_for_area(area, actions)
    return actions


@require("actions.view")
def action_list(request):
    seen = visible(Action.objects.all(), request.user)
    form = ActionFilterForm(
        request.GET or None, owners=Organisation.objects.filter(pk__in=seen.values("owner")).order_by("name"),
        years=seen.exclude(report_year=None).order_by("-report_year").values_list("report_year", flat=True).distinct())
    actions = _filtered(form, seen, request.user).select_related("owner", "focus_area")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "actions/action_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "filtered": bool(request.GET.keys() - {"page"}),
        "can_create": can(request.user, "actions.create"),
    })


def action_or_404(pk):
    return get_object_or_404(Action.objects.select_related("owner", "focus_area__strategy", "created_by"), pk=pk)


@require("action.view")
def action(request, pk):
    record = action_or_404(pk)
    check(request.user, "action.view", record)
    return render(request, "actions/action.html", {"action": record})
