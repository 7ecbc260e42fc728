"""Programmes and outcomes in the REST API: programmes, measures, programme figures (suppressed unless the person
is named on the programme) and participants (for the programme's named workers and officers, each read audited)."""
from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from healthyplaces.accounts import audit
from healthyplaces.accounts.permissions import can, require

from .figures import programme_figures
from .measures import measures
from .models import Programme
from .permissions import PROGRAMMES, participants_for

router = Router(tags=["outcomes"])


class ProgrammeOut(Schema):
    slug: str
    name: str
    kind: str
    sample: bool
    areas: list[str]
    summary: str  # the public summary's address


@router.get("/programmes", response=list[ProgrammeOut], summary="Programmes within your reach")
@require("programmes.view", hidden=True)
def programme_list(request):
    found = PROGRAMMES.filter(Programme.objects.prefetch_related("areas"), request.user, "programme.view")
    return [{"slug": p.slug, "name": p.name, "kind": p.kind, "sample": p.sample,
             "areas": [a.code for a in p.areas.all()], "summary": f"/outcomes/{p.slug}/summary/"} for p in found]


class ItemOut(Schema):
    id: str
    wording: str  # empty where its owners' licence does not let the platform show it
    theme: str


class MeasureOut(Schema):
    code: str
    name: str
    licence: str
    wording_shipped: bool
    items: list[ItemOut]
    options: list[tuple[int, str]]
    scored: dict[str, str]  # what is scored: its label


@router.get("/measures", response=list[MeasureOut], summary="The measures the platform scores")
@require("outcomes.view_public", hidden=True)  # what is scored and how: public, as the measures' guides are
def measure_list(request):
    return [{"code": m.code, "name": m.name, "licence": m.licence, "wording_shipped": m.wording_shipped,
             "items": [{"id": i.id, "wording": i.wording, "theme": i.theme} for i in m.items],
             "options": list(m.options), "scored": {key: c[0] for key, c in m.components.items()}}
            for m in measures().values()]


def _figure(figure):
    if figure is None:
        return None
    found = {key: value for key, value in vars(figure).items() if key != "improved_share"}
    if getattr(figure, "improved_share", None) is not None:
        found["improved_share"] = vars(figure.improved_share)
    return found


def _group(figures, group):
    return {"label": group.get("label", "All"), "people": group.get("n"), "hidden": bool(group.get("hidden")),
            "figures": {row.key: _figure(group.get(row.key)) for row in figures.rows}}


@router.get("/programmes/{slug}/figures", summary="A programme's figures (small numbers suppressed unless you are "
                                                  "named on the programme)")
@require("outcomes.view_public", hidden=True)
def figures(request, slug: str, suppressed: bool = True):
    programme = get_object_or_404(Programme, slug=slug)
    public = suppressed or not can(request.user, "programme.view_figures", programme)
    found = programme_figures(programme, public=public)
    return {"programme": programme.slug, "as_of": found.as_of, "suppressed": found.suppressed,
            "rule": found.rule if found.suppressed else "", "regular_contact": found.regular_contact_rule,
            "labels": {row.key: row.label for row in found.rows},
            "total": _group(found, found.total),
            "splits": [{"title": title, "groups": [_group(found, g) for g in groups]} for title, groups in found.splits]}


class ParticipantOut(Schema):
    reference: str
    joined_on: date
    left_on: date | None
    age_band: str
    sex: str
    ethnicity: str
    lsoa: str | None
    goals: int
    contacts: int


@router.get("/programmes/{slug}/participants", response=list[ParticipantOut],
            summary="A programme's participants (its named workers and officers; each read is audited)")
@require("participant.view", hidden=True)
def participant_list(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug)
    if not can(request.user, "participant.view", programme):
        raise HttpError(404, "Not found.")
    found = list(participants_for(request.user, "participant.view", programme.participants.all())
                 .select_related("lsoa").prefetch_related("goals", "contacts"))
    audit.record_read(request, found, "participant record")
    return [{"reference": p.reference, "joined_on": p.joined_on, "left_on": p.left_on, "age_band": p.age_band,
             "sex": p.sex, "ethnicity": p.ethnicity, "lsoa": p.lsoa.code if p.lsoa else None,
             "goals": len(p.goals.all()), "contacts": len(p.contacts.all())} for p in found]
