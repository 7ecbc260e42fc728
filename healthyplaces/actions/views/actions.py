"""Pages of actions: the list with its filters, one action, creating and editing one, and recording progress."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from healthyplaces import editing
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import ORGANISATIONS, can, check, organisations_where, refusal, require
from healthyplaces.places.models import LocalAuthority, Lsoa, Neighbourhood
from healthyplaces.places.permissions import visible as visible_neighbourhoods
from healthyplaces.places.services import AreaNotFound, find_area

from .. import services, sources
from ..forms import ActionFilterForm, ActionForm, ProgressForm
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
    # the filters' choices from one pass over what the person may see (the scope's subquery is the slow part)
    pairs = set(seen.order_by().values_list("owner_id", "report_year").distinct())
    form = ActionFilterForm(
        request.GET or None, owners=Organisation.objects.filter(pk__in={owner for owner, _ in pairs}).order_by("name"),
        years=sorted({year for _, year in pairs if year is not None}, reverse=True))
    actions = _filtered(form, seen, request.user).select_related("owner", "focus_area")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "actions/action_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "filtered": bool(request.GET.keys() - {"page"}),
        "can_create": can(request.user, "actions.create"),
    })


def action_or_404(pk):
    return get_object_or_404(Action.objects.select_related(
        "owner", "focus_area__strategy", "created_by", "updated_by", "source_rating__criterion",
        "source_rating__assessment__organisation", "source_hia_answer__topic",
        "source_hia_answer__submission__hia__development"), pk=pk)


@require("action.view")
def action(request, pk):
    record = action_or_404(pk)
    check(request.user, "action.view", record)
    came_from, came_from_url = sources.link(record)
    return render(request, "actions/action.html", {
        "action": record, "came_from": came_from, "came_from_url": came_from_url,
        "progress": record.progress.select_related("recorded_by").prefetch_related("evidence").order_by("-date", "-position", "-id"),
        "partners": record.partners.order_by("name"), "principles": record.principles.select_related("strategy"),
        "local_authorities": record.local_authorities.order_by("name"), "neighbourhoods": record.neighbourhoods.order_by("name"),
        "lsoas": record.lsoas.order_by("code"), "communities": record.communities.order_by("name"),
        "can_change": can(request.user, "action.change", record),
        "can_record": can(request.user, "action.record_progress", record),
        # a role that records progress, but not on this action: say why the button is missing
        "why_not": refusal(request.user, "action.record_progress", record) if can(request.user, "action.record_progress") else "",
    })


# Creating and changing an action


def _owners(user, record=None):
    """The organisations a person may make an action for: their own, and (for officers) those in their areas;
    when changing an action, also its owner as it is (an officer changing a partner's action in their area)."""
    owners = ORGANISATIONS.filter(Organisation.objects.all(), user, "actions.create")
    if record is not None:
        owners = owners | Organisation.objects.filter(pk=record.owner_id)
    return owners.order_by("name")


def _form(request, data=None, initial=None, record=None):
    return ActionForm(data, initial=initial, owners=_owners(request.user, record),
                      neighbourhoods=visible_neighbourhoods(Neighbourhood.objects.all(), request.user).order_by("name"))


def _places(form):
    """The form's place codes as records; an unknown code is an error on its field (None returned)."""
    data, places = form.cleaned_data, {"neighbourhoods": list(form.cleaned_data["neighbourhoods"])}
    for name, model, extra in (("local_authorities", LocalAuthority, {}), ("lsoas", Lsoa, {"vintage": 2011})):
        found = {record.code: record for record in model.objects.filter(code__in=data[name], **extra)}
        unknown = [code for code in data[name] if code not in found]
        if unknown:
            form.add_error(name, f"No {'local authority' if name == 'local_authorities' else 'LSOA'} has the code "
                                 f"{', '.join(unknown[:10])}.")
        places[name] = list(found.values())
    return None if form.errors else places


FIELDS = ("title", "description", "source", "report", "report_year", "number", "source_decision", "owner", "lead",
          "focus_area", "segment", "status", "dropped_reason", "start_date", "due_date")


def _save(request, form, record, source):
    """Save the form onto the action, with its places; the model's rules become the fields' errors. Nothing is
    saved if any rule fails, or if the person could not change the action they would make."""
    places = _places(form)
    if places is None:
        return None
    data = form.cleaned_data
    for name in FIELDS:
        setattr(record, name, data[name])
    if record.status != Action.Status.DROPPED:
        record.dropped_reason = ""
    for name, value in source.items():
        if name.startswith("source_"):
            setattr(record, name, value)
    try:
        with transaction.atomic():
            services.save_action(record, request.user, partners=data["partners"], principles=data["principles"],
                                 places=places, communities=data["communities"])
            reason = refusal(request.user, "action.change", record)
            if reason:
                raise ValidationError({"owner": reason})
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        if record.pk and not Action.objects.filter(pk=record.pk).exists():
            record.pk = None
        return None
    return record


def _initial(record):
    initial = {name: getattr(record, name) for name in FIELDS}
    initial.update(owner=record.owner_id, focus_area=record.focus_area_id, partners=list(record.partners.all()),
                   principles=list(record.principles.all()), neighbourhoods=list(record.neighbourhoods.all()),
                   communities=list(record.communities.all()),
                   local_authorities=" ".join(record.local_authorities.values_list("code", flat=True)),
                   lsoas=" ".join(record.lsoas.values_list("code", flat=True)))
    return initial


@require("actions.create")
def action_create(request):
    params = request.POST if request.method == "POST" else request.GET
    source = sources.source_from(params, request.user)
    owner = _owners(request.user).filter(pk__in=organisations_where(request.user, "actions.create")).first()
    initial = {"owner": owner.pk if owner else None, **{k: v for k, v in source.items() if not k.startswith("source_")},
               "status": Action.Status.NOT_STARTED, "source": source.get("source", Action.Source.OTHER)}
    form = _form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, Action(), source)
        if saved:
            messages.success(request, "Action added.")
            return redirect("actions:action", pk=saved.pk)
    return render(request, "actions/action_form.html", {
        "form": form, "source": source, "came_from": sources.link(Action(**{k: v for k, v in source.items()
                                                                             if k.startswith("source_")}))[0],
        "hidden": {k: params[k] for k in sources.PARAMETERS if params.get(k)}})


@require("action.change")
def action_edit(request, pk):
    record = action_or_404(pk)
    check(request.user, "action.change", record)
    form, conflict = _form(request, request.POST or None, initial=_initial(record), record=record), None
    if request.method == "POST" and form.is_valid():
        try:
            with editing.unchanged_since(record, request.POST.get(editing.FIELD), request.user):
                saved = _save(request, form, record, {})
                if saved is None:
                    raise _Refused
        except _Refused:
            saved = None
        except editing.EditConflict as changed:
            conflict, saved = editing.form_conflict(form, changed, _initial(changed.record)), None
        if saved:
            messages.success(request, "Action saved.")
            return redirect("actions:action", pk=saved.pk)
    return render(request, "actions/action_form.html", {"form": form, "record": record,
                                                        **editing.context(request, record, conflict)})


class _Refused(Exception):
    """The form had errors: undo the version's claim with the rest."""


@require("action.record_progress")
def record_progress(request, pk):
    record = action_or_404(pk)
    check(request.user, "action.record_progress", record)
    form = ProgressForm(request.POST or None, initial={"status": ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress(record, request.user, text=data["text"], on=data["on"], status=data["status"],
                                     dropped_reason=data["dropped_reason"], evidence=data["evidence"])
        except ValidationError as error:
            record.refresh_from_db()
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Progress recorded.")
            return redirect("actions:action", pk=record.pk)
    return render(request, "actions/progress_form.html", {"form": form, "action": record})
