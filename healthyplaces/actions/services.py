"""What the actions part does, and what other parts (reports, places' profiles, the API) read of it.

Public functions: `actions_for_area`, `actions_for_year`, `status_counts`, `overdue`, `record_progress`,
`save_action`, `focus_areas`, `principles`. Each takes and returns querysets, so a caller narrows them further
(to what a person may see: `actions.permissions.visible`).
"""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from healthyplaces.accounts.permissions import refusal

from .models import Action, Evidence, FocusArea, Principle, ProgressUpdate


def _area_object(area):
    """(kind, model instance) of a places Area, a LocalAuthority, a Neighbourhood or an Lsoa."""
    kind = getattr(area, "kind", None)
    if kind:
        return kind, area.obj
    return {"LocalAuthority": "local_authority", "Neighbourhood": "neighbourhood", "Lsoa": "lsoa"}[type(area).__name__], area


def actions_for_area(area, actions=None):
    """The actions in a local authority (its own council's too), a neighbourhood or an LSOA: those naming it,
    its LSOAs or a neighbourhood of its LSOAs."""
    from healthyplaces.places.models import Lsoa

    actions = Action.objects.all() if actions is None else actions
    kind, obj = _area_object(area)
    if kind == "local_authority":
        codes = [obj.code, *obj.__class__.objects.filter(successor=obj).exclude(pk=obj.pk).values_list("code", flat=True)]
        found = (Q(local_authorities__in=codes) | Q(owner__areas__in=codes) | Q(lsoas__local_authority__in=codes)
                 | Q(neighbourhoods__lsoas__local_authority__in=codes))
    elif kind == "neighbourhood":
        found = Q(neighbourhoods=obj) | Q(lsoas__in=obj.lsoas.all())
    elif kind == "lsoa":
        same = Lsoa.objects.filter(code=obj.code)  # the 2011 and 2021 LSOA of one code
        found = Q(lsoas__in=same) | Q(neighbourhoods__lsoas__in=same)
    else:
        raise ValueError(f"Actions are listed for a local authority, a neighbourhood or an LSOA, not a {kind}.")
    return actions.filter(pk__in=Action.objects.filter(found).values("pk"))


def actions_for_year(year, organisation=None, actions=None):
    """The recommendations of a year's report, in the report's order (its numbers)."""
    actions = Action.objects.all() if actions is None else actions
    actions = actions.filter(report_year=year)
    if organisation is not None:
        actions = actions.filter(owner=organisation)
    return actions.order_by("number", "id")


def status_counts(actions=None):
    """{status: number of actions}, every status in its order (none counted as 0)."""
    actions = Action.objects.all() if actions is None else actions
    counted = dict(actions.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counted.get(status, 0) for status in Action.Status.values}


def overdue(actions=None, today=None):
    """Actions past their due date and neither done nor dropped."""
    actions = Action.objects.all() if actions is None else actions
    return actions.filter(due_date__lt=today or date.today()).exclude(status__in=Action.CLOSED)


def focus_areas(strategy=None):
    areas = FocusArea.objects.select_related("strategy")
    return areas.filter(strategy=strategy) if strategy else areas


def principles(strategy=None):
    found = Principle.objects.select_related("strategy")
    return found.filter(strategy=strategy) if strategy else found


@transaction.atomic
def save_action(action, by, *, partners=None, principles=None, places=None, communities=None):
    """Check and save an action with its many-to-many fields (places: {"local_authorities": […], …})."""
    action.full_clean()
    if action.pk is None:
        action.created_by = by
    action.save()
    for name, values in (("partners", partners), ("principles", principles), ("communities", communities),
                         *((places or {}).items())):
        if values is not None:
            getattr(action, name).set(values)
    return action


@transaction.atomic
def record_progress(action, by, *, text, on=None, status="", dropped_reason="", evidence=()):
    """Record what was done ("We did") on a date, and the status it leaves the action in.

    Refused, with nothing saved, on someone else's action (its owner, or an officer of the council it is in,
    records it) or a change to "dropped" without a reason: a ValidationError naming the field."""
    reason = refusal(by, "action.record_progress", action)
    if reason:
        raise ValidationError({"action": reason})
    if not (text or "").strip():
        raise ValidationError({"text": "Say what was done."})
    if status:
        action.status = status
        if dropped_reason:
            action.dropped_reason = dropped_reason
        action.full_clean()
        action.save()
    on = on or date.today()
    position = ProgressUpdate.objects.filter(action=action, date=on).count()
    update = ProgressUpdate.objects.create(action=action, date=on, text=text.strip(), status=status,
                                           organisation_id=action.owner_id, recorded_by=by, position=position)
    for url, title in evidence:
        link = Evidence(update=update, url=url, title=title or "")
        link.full_clean(exclude=["update"])
        link.save()
    return update
