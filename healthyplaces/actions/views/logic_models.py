"""Logic model pages: the list, one logic model with the monitoring of its outcomes, and making or changing one."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts.permissions import can, check, organisation_for, require

from .. import logic_models as service
from ..logic_model_forms import LogicModelForm
from ..models import Action, LogicModel
from ..monitoring import QUINTILES
from ..permissions import visible, visible_logic_models


@require("logic_models.view")
def logic_model_list(request):
    found = visible_logic_models(LogicModel.objects.select_related("strategy", "organisation"), request.user)
    return render(request, "actions/logic_model_list.html", {
        "logic_models": found, "can_create": can(request.user, "logic_models.create")})


@require("logic_model.view")
def logic_model(request, pk):
    record = get_object_or_404(LogicModel.objects.select_related("strategy", "organisation", "local_authority",
                                                                 "neighbourhood"), pk=pk)
    check(request.user, "logic_model.view", record)
    activities = visible(record.activities.select_related("owner", "focus_area"), request.user)
    return render(request, "actions/logic_model.html", {
        "logic_model": record, "area": service.area_of(record), "activities": activities,
        "hidden_activities": record.activities.count() - activities.count(),
        "outcomes": service.outcomes(record), "quintiles": QUINTILES, "can_change": can(request.user, "logic_model.change", record)})


def _form_page(request, record):
    form = LogicModelForm(request.POST or None, instance=record, user=request.user,
                          actions=visible(Action.objects.select_related("owner"), request.user).order_by("report_year", "number", "title"))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(record if record.pk else None, request.POST.get(editing.FIELD), request.user):
                service.save_logic_model(form.instance, request.user, activities=form.cleaned_data["activities"],
                                         outcomes=form.cleaned_data["outcome_codes"])
        except editing.EditConflict as changed:
            conflict = editing.form_conflict(form, changed, {"name": changed.record.name})
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error("area" if field in ("local_authority", "neighbourhood") else
                               field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Logic model {form.instance.name!r} saved.")
            return redirect("actions:logic_model", pk=form.instance.pk)
    return render(request, "actions/logic_model_form.html", {
        "form": form, "logic_model": record if record.pk else None,
        **(editing.context(request, record, conflict) if record.pk else {})})


@require("logic_models.create")
def logic_model_new(request):
    organisation = organisation_for(request.user, "logic_models.create")
    if organisation is None:
        raise PermissionDenied("You need to belong to an organisation to make a logic model.")
    return _form_page(request, LogicModel(organisation=organisation))


@require("logic_model.change")
def logic_model_change(request, pk):
    record = get_object_or_404(LogicModel, pk=pk)
    check(request.user, "logic_model.change", record)
    return _form_page(request, record)
