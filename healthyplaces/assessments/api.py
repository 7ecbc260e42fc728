"""Frameworks as data, for other tools: public, read-only."""
from django.http import Http404
from ninja import Router, Schema

from healthyplaces.accounts.permissions import require
from healthyplaces.api_params import VersionNumber

from .models import Framework

router = Router(tags=["assessments"])


class FrameworkOut(Schema):
    key: str
    name: str
    kind: str
    version: int
    loaded_at: str


class CriterionOut(Schema):
    key: str
    text: str
    description: str
    scale: str
    evidence_prompts: list[str]
    community_question: str
    unverified: bool


class SectionOut(Schema):
    key: str
    name: str
    description: str
    unverified: bool
    criteria: list[CriterionOut]


class FrameworkDetail(FrameworkOut):
    label: str
    scales: dict
    notes: list[list[str]]
    facts: list[list[str]]
    sections: list[SectionOut]


def _summary(framework, version):
    return {"key": framework.key, "name": version.name, "kind": framework.kind, "version": version.number,
            "loaded_at": version.loaded_at.isoformat()}


@router.get("/frameworks", response=list[FrameworkOut], summary="The frameworks loaded, each at its newest version")
@require("frameworks.view", hidden=True)
def frameworks(request):
    return [_summary(f, f.current) for f in Framework.objects.prefetch_related("versions") if f.current]


@router.get("/frameworks/{key}", response=FrameworkDetail, summary="One framework: sections, criteria, scales and how far each fact is verified")
@require("frameworks.view", hidden=True)
def framework(request, key: str, version: VersionNumber | None = None):
    found = Framework.objects.filter(key=key).first()
    chosen = (found.versions.filter(number=version).first() if version else found.current) if found else None
    if chosen is None:
        raise Http404("No framework (or version) has that id.")
    sections = [{"key": s.key, "name": s.name, "description": s.description, "unverified": s.unverified,
                 "criteria": list(s.criteria.all())} for s in chosen.sections.prefetch_related("criteria")]
    return {**_summary(found, chosen), "label": chosen.label, "scales": chosen.scales, "notes": chosen.notes,
            "facts": chosen.facts, "sections": sections}
