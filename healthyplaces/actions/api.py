"""Actions in the REST API: actions with the list's filters and their progress ("We did"), and commitments by
framework. Only what the person may see (actions/permissions.py); without a role, a 404 (the API reveals nothing)."""
from datetime import date

from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from healthyplaces.accounts.permissions import check, require
from healthyplaces.places.services import AreaNotFound, find_area

from . import commitments, services
from .models import Action
from .permissions import visible

router = Router(tags=["actions"])
LIMIT = 500  # the most actions one request returns; `offset` pages on


class ProgressOut(Schema):
    date: date
    text: str
    status: str
    evidence: list[str]


class ActionOut(Schema):
    id: int
    title: str
    status: str
    owner: str
    lead: str
    focus_area: str | None
    principles: list[str]
    segment: str
    report: str
    report_year: int | None
    number: int | None
    start_date: date | None
    due_date: date | None
    overdue: bool
    sample: bool
    page: str


class ActionDetailOut(ActionOut):
    description: str
    partners: list[str]
    progress: list[ProgressOut]


def _action(action, today):
    return {"id": action.pk, "title": action.title, "status": action.status, "owner": action.owner.name,
            "lead": action.lead, "focus_area": action.focus_area.key if action.focus_area_id else None,
            "principles": [p.key for p in action.principles.all()], "segment": action.segment,
            "report": action.report, "report_year": action.report_year, "number": action.number,
            "start_date": action.start_date, "due_date": action.due_date, "overdue": action.is_overdue(today),
            "sample": action.is_sample, "page": f"/actions/{action.pk}/"}


@router.get("/", response=list[ActionOut], summary="Actions within your reach, with filters")
@require("actions.view", hidden=True)
def action_list(request, status: str = "", focus_area: str = "", owner: str = "", report_year: int | None = None,
                place: str = "", overdue: bool = False, offset: int = 0):
    """`status` may list several, separated by commas; `focus_area` is its key (e.g. best_start); `owner` an
    organisation's exact name; `place` a local authority code or name, a neighbourhood or an LSOA."""
    found = visible(Action.objects.all(), request.user)
    if status:
        wanted = [s.strip() for s in status.split(",") if s.strip()]
        unknown = [s for s in wanted if s not in Action.Status.values]
        if unknown:
            raise HttpError(422, f"Unknown status {', '.join(unknown)}: use {', '.join(Action.Status.values)}.")
        found = found.filter(status__in=wanted)
    if focus_area:
        found = found.filter(focus_area__key=focus_area)
    if owner:
        found = found.filter(owner__name=owner)
    if report_year is not None:
        found = found.filter(report_year=report_year)
    if overdue:
        found = services.overdue(found)
    if place:
        try:
            area = find_area(place, request.user)
        except AreaNotFound as error:
            raise HttpError(422, str(error)) from None
        if area.kind not in ("local_authority", "neighbourhood", "lsoa"):
            raise HttpError(422, "Give a local authority, a neighbourhood or an LSOA.")
        found = services.actions_for_area(area, found)
    found = found.select_related("owner", "focus_area").prefetch_related("principles").order_by(F("due_date").asc(nulls_last=True), "id")
    today = date.today()
    return [_action(a, today) for a in found[max(offset, 0):max(offset, 0) + LIMIT]]


@router.get("/{int:pk}", response=ActionDetailOut, summary="One action with its progress")
@require("action.view", hidden=True)
def action_detail(request, pk: int):
    action = get_object_or_404(Action.objects.select_related("owner", "focus_area"), pk=pk)
    if not visible(Action.objects.filter(pk=pk), request.user).exists():
        raise HttpError(404, "Not found.")
    check(request.user, "action.view", action)
    return {**_action(action, date.today()), "description": action.description,
            "partners": [p.name for p in action.partners.order_by("name")],
            "progress": [{"date": u.date, "text": u.text, "status": u.status, "evidence": [e.url for e in u.evidence.all()]}
                         for u in action.progress.prefetch_related("evidence")]}


class CommitmentOut(Schema):
    organisation: str
    kind: str
    person: str
    text: str
    progress: str
    progress_note: str
    made_on: date


class PrincipleOut(Schema):
    key: str
    name: str
    commitments: list[CommitmentOut]


@router.get("/commitments/{key}", response=list[PrincipleOut],
            summary="A framework's principles, each with the commitments to it within your reach")
@require("commitments.view", hidden=True)
def commitment_list(request, key: str):
    strategy = get_object_or_404(commitments.frameworks(), key=key)
    return [{"key": p.key, "name": p.name, "commitments": [
        {"organisation": c.organisation.name, "kind": c.kind, "person": c.person, "text": c.text,
         "progress": c.progress, "progress_note": c.progress_note, "made_on": c.made_on} for c in found]}
            for p, found in commitments.by_principle(strategy, request.user)]
