"""Load frameworks from YAML: read and check every file, then write all in one transaction.

Each problem names the file, the path in the document (`items[2].scale`) and the reason; one
problem refuses the whole load and the frameworks already loaded stay as they were. Loading the
same file again changes nothing; a changed file becomes the framework's next version.
"""
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import NUL_REASON, ImportRefused, Problem, nul_paths, refuse

from .models import Criterion, Framework, FrameworkVersion, Section

ASSESSED_KINDS = {"assessment_framework", "hia_matrix", "taxonomy"}
KEY = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def problem(file, path, reason):
    """A problem at a path in the document (`items[2].scale`), the file's line being unknown once parsed."""
    return Problem(file, 0, reason, path)


class NotAFramework(Exception):
    """A YAML file of another kind (an outcome measure, a tagging taxonomy): skipped, with why."""


@dataclass
class Parsed:
    """One file, checked and normalised to sections and criteria."""

    file: str
    text: str
    document: dict
    sections: list = field(default_factory=list)  # [{key, name, description, unverified, criteria: [...]}]
    facts: list = field(default_factory=list)

    @property
    def key(self):
        return self.document["id"]

    @property
    def content_hash(self):
        return hashlib.sha256(json.dumps(self.document, sort_keys=True, default=str).encode()).hexdigest()


def _text(item, *names):
    for name in names:
        value = item.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _mentions_unverified(item):
    return any(isinstance(v, str) and "unverified" in v.lower() for v in item.values())


def _verification_says_unverified(document, *keys):
    verification = document.get("verification") or {}
    return any("unverified" in str(verification.get(k, "")).lower() for k in keys)


def _check_scales(file, document, problems):
    scales = document.get("scales")
    if scales is None:
        problems.append(problem(file, "scales", "no rating scale is defined (add a `scales` block)"))
        return {}
    if not isinstance(scales, dict) or not scales:
        problems.append(problem(file, "scales", "must map each scale's name to its options"))
        return {}
    for key, scale in scales.items():
        options = scale.get("options") if isinstance(scale, dict) else None
        if not isinstance(options, list) or not options:
            problems.append(problem(file, f"scales.{key}.options", "a scale needs a list of options"))
            continue
        for i, option in enumerate(options):
            if not isinstance(option, dict) or not isinstance(option.get("value"), int) or not _text(option, "label"):
                problems.append(problem(file, f"scales.{key}.options[{i}]", "each option needs a whole-number value and a label"))
    return scales


def _hia_sections(file, document, problems):
    sections = []
    for i, item in enumerate(document["items"]):
        path = f"items[{i}]"
        criteria = []
        for j, criterion in enumerate(item.get("criteria") or []):
            criteria.append({"path": f"{path}.criteria[{j}]", "key": criterion.get("id"), "text": _text(criterion, "text"),
                             "description": "", "scale": "", "prompts": [],
                             "unverified": _verification_says_unverified(document, "criteria")})
        if not criteria:
            problems.append(problem(file, f"{path}.criteria", "an HIA topic needs at least one criterion"))
        sections.append({"path": path, "key": item.get("id"), "name": _text(item, "name"), "description": "",
                         "unverified": False, "criteria": criteria})
    return sections


def _rated_sections(file, document, scales, problems):
    default_scale = document.get("default_scale", "")
    items = document["items"]
    nested = any(isinstance(item, dict) and "approaches" in item for item in items)
    sections = []

    def criterion(item, path, unverified=False):
        scale = item.get("scale") or default_scale
        if not scale:
            problems.append(problem(file, f"{path}.scale", "no scale is given (and the file has no default_scale)"))
        elif scale not in scales and scales:
            problems.append(problem(file, f"{path}.scale", f"no scale named {scale!r} is defined (defined: {', '.join(scales)})"))
        children = ", ".join(_text(c, "name", "text") for c in item.get("children") or [] if isinstance(c, dict))
        description = _text(item, "summary", "description", "definition", "note")
        if children:
            description = f"{description} Includes: {children}.".strip()
        return {"path": path, "key": item.get("id"), "text": _text(item, "text", "principle", "name"),
                "description": description, "scale": scale,
                "prompts": [str(p) for p in item.get("evidence_prompts") or []],
                "unverified": unverified or item.get("verified") is False or _mentions_unverified(item)}

    if nested:
        for i, item in enumerate(items):
            path = f"items[{i}]"
            criteria = [criterion(a, f"{path}.approaches[{j}]", _verification_says_unverified(document, "sub_approaches"))
                        for j, a in enumerate(item.get("approaches") or []) if isinstance(a, dict)]
            if not criteria:
                problems.append(problem(file, f"{path}.approaches", "a strand needs at least one approach"))
            sections.append({"path": path, "key": item.get("id"), "name": _text(item, "name"),
                             "description": _text(item, "definition", "description"), "unverified": False, "criteria": criteria})
    else:
        sections.append({"path": "items", "key": "main", "name": "Criteria", "description": "", "unverified": False,
                         "criteria": [criterion(item, f"items[{i}]") for i, item in enumerate(items) if isinstance(item, dict)]})
    tool_b = document.get("tool_b")
    if isinstance(tool_b, dict) and tool_b.get("draft_items"):
        sections.append({"path": "tool_b", "key": tool_b.get("id") or "tool_b", "name": _text(tool_b, "name"),
                         "description": _text(tool_b, "items_status", "purpose"), "unverified": not tool_b.get("content_verified", False),
                         "criteria": [criterion(item, f"tool_b.draft_items[{i}]", True)
                                      for i, item in enumerate(tool_b["draft_items"]) if isinstance(item, dict)]})
    return sections


def _community_questions(file, document, scales, sections, problems):
    block = document.get("community_feedback")
    if not block:
        return
    if block.get("scale") not in scales:
        problems.append(problem(file, "community_feedback.scale", f"no scale named {block.get('scale')!r} is defined"))
    by_key = {c["key"]: c for s in sections for c in s["criteria"]}
    for i, question in enumerate(block.get("questions") or []):
        path = f"community_feedback.questions[{i}]"
        if question.get("criterion") not in by_key:
            problems.append(problem(file, f"{path}.criterion", f"no criterion has the id {question.get('criterion')!r}"))
        elif not _text(question, "text"):
            problems.append(problem(file, f"{path}.text", "the question has no text"))
        else:
            by_key[question["criterion"]]["community_question"] = _text(question, "text")


def read_sources(folder):
    """SOURCES.md rows by file name: [fact, status, source]."""
    path = Path(folder) / "SOURCES.md"
    rows = {}
    if not path.exists():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].endswith(".yaml"):
            for name in re.split(r"\s*/\s*", cells[0]):
                rows.setdefault(name, []).append([cells[1], cells[2].replace("**", ""), cells[3]])
    return rows


def parse(text, file, facts=None):
    """Check one YAML document; returns Parsed, raises ImportRefused or NotAFramework."""
    problems = []
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        refuse(file, mark.line + 1 if mark else 0, f"not valid YAML ({getattr(error, 'problem', None) or error})")
    if not isinstance(document, dict):
        raise ImportRefused([problem(file, "", "the document must be a mapping with id, name, kind and items")])
    nul = nul_paths(document)
    if nul:  # a YAML escape ("\0") gives a NUL byte, which PostgreSQL cannot store
        raise ImportRefused([problem(file, where, NUL_REASON) for where in nul])
    kind = document.get("kind")
    if kind == "outcome_measure":
        raise NotAFramework(f"{file}: kind outcome_measure is an outcome measure, not an assessment framework "
                            "(outcome measures are for the outcomes part)")
    if kind == "taxonomy" and not (document.get("usage") or {}).get("self_assessment"):
        raise NotAFramework(f"{file}: a taxonomy without usage.self_assessment is for tagging, not assessment")
    if kind not in ASSESSED_KINDS:
        raise ImportRefused([problem(file, "kind", f"unknown kind {kind!r} (expected one of: {', '.join(sorted(ASSESSED_KINDS))})")])
    for name in ("id", "name"):
        if not _text(document, name):
            problems.append(problem(file, name, f"the framework has no {name}"))
    if _text(document, "id") and not KEY.match(document["id"]):
        problems.append(problem(file, "id", "use letters, digits, _ and - only"))
    if not isinstance(document.get("items"), list) or not document["items"]:
        problems.append(problem(file, "items", "the framework lists no items"))
        raise ImportRefused(problems)
    if kind == "hia_matrix":
        sections = _hia_sections(file, document, problems)
        scales = document.get("scales") or {}
    else:
        scales = _check_scales(file, document, problems)
        sections = _rated_sections(file, document, scales, problems)
    seen = {}
    for section in sections:
        if not section["key"]:
            problems.append(problem(file, f"{section['path']}.id", "the section has no id"))
        if not section["name"]:
            problems.append(problem(file, f"{section['path']}.name", "the section has no name"))
        for c in section["criteria"]:
            if not c["key"] or not KEY.match(str(c["key"])):
                problems.append(problem(file, f"{c['path']}.id", "the criterion has no id (letters, digits, _ and -)"))
            elif c["key"] in seen:
                problems.append(problem(file, f"{c['path']}.id", f"duplicate criterion id {c['key']!r} (first at {seen[c['key']]})"))
            else:
                seen[c["key"]] = c["path"]
            if not c["text"]:
                problems.append(problem(file, c["path"], "the criterion has no text"))
    _community_questions(file, document, scales, sections, problems)
    if problems:
        raise ImportRefused(problems)
    return Parsed(file=file, text=text, document=document, sections=sections, facts=(facts or {}).get(file, []))


def _notes(document):
    notes = []
    for key in ("self_assessment_tool_note",):
        if document.get(key):
            notes.append(["Platform note", str(document[key])])
    verification = document.get("verification")
    if isinstance(verification, dict):
        notes += [[f"Verification: {k.replace('_', ' ')}", str(v)] for k, v in verification.items()]
    source = document.get("source") or {}
    for key in ("licence", "licence_note"):
        if source.get(key):
            notes.append(["Licence", str(source[key])])
    scoring = document.get("scoring") or {}
    for key, value in scoring.items():
        notes.append([f"Scoring ({key.replace('_', ' ')})", str(value)])
    return notes


def _write(parsed, by):
    """Store one parsed file; returns (version, created)."""
    document = parsed.document
    framework, _ = Framework.objects.get_or_create(key=document["id"], defaults={"name": document["name"], "kind": document["kind"]})
    existing = framework.versions.filter(content_hash=parsed.content_hash).first()
    if existing:
        return existing, False
    framework.name, framework.kind = document["name"], document["kind"]
    framework.save()
    number = (framework.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    community = document.get("community_feedback") or {}
    version = FrameworkVersion.objects.create(
        framework=framework, number=number, label=str(document.get("version", "")), name=document["name"],
        source_file=parsed.file, content_hash=parsed.content_hash, document=json.loads(json.dumps(document, default=str)),
        scales=json.loads(json.dumps(document.get("scales") or {}, default=str)), notes=_notes(document), facts=parsed.facts,
        community_scale=community.get("scale", ""), community_platform_defined=bool(community.get("platform_defined")),
        loaded_by=by)
    for s_order, s in enumerate(parsed.sections):
        section = Section.objects.create(version=version, key=s["key"], name=s["name"], description=s["description"],
                                         unverified=s["unverified"], order=s_order)
        Criterion.objects.bulk_create([
            Criterion(section=section, key=c["key"], text=c["text"], description=c["description"], scale=c["scale"],
                      evidence_prompts=c["prompts"], community_question=c.get("community_question", ""),
                      unverified=c["unverified"], order=order)
            for order, c in enumerate(s["criteria"])])
    audit.record("import", "assessments.FrameworkVersion", version.pk, version,
                 {"file": parsed.file, "framework": framework.key, "number": number}, actor=by)
    return version, True


def load_texts(files, by=None, facts=None):
    """Load [(file name, YAML text)]: all checked first, then written together.

    Returns (loaded: [(version, created)], skipped: [reason]); raises ImportRefused.
    """
    problems, parsed, skipped = [], [], []
    for name, text in files:
        try:
            parsed.append(parse(text, name, facts))
        except NotAFramework as reason:
            skipped.append(str(reason))
        except ImportRefused as refused:
            problems += refused.problems
    keys = {}
    for p in parsed:
        if p.key in keys:
            problems.append(problem(p.file, "id", f"the framework id {p.key!r} is also in {keys[p.key]}"))
        keys[p.key] = p.file
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic(), audit.acting_as(by or audit.current_actor()):
        loaded = [_write(p, by) for p in parsed]
    return loaded, skipped


def load_paths(paths, by=None):
    """Load YAML files from disk, with the SOURCES.md beside them (the command and the demo)."""
    files, problems, facts = [], [], {}
    for path in map(Path, paths):
        if not path.is_file():
            problems.append(problem(str(path), "", "file not found"))
            continue
        facts.update(read_sources(path.parent))
        try:
            files.append((path.name, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            problems.append(problem(path.name, "", "the file is not UTF-8 text"))
    if problems:
        raise ImportRefused(problems)
    return load_texts(files, by=by, facts=facts)
