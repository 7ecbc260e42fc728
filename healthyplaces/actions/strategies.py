"""Load strategies (focus areas and principles) from YAML in `data/strategies/`: every file checked, then all
written in one transaction. Loading the same file again changes nothing; a focus area or principle the file no
longer lists stays while actions use it (it cannot be deleted under them), and is refused as a problem."""
import hashlib
import json
import re
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from healthyplaces.accounts import audit
from healthyplaces.importing import NUL_REASON, ImportRefused, Problem, nul_paths, refuse

from .models import FocusArea, Principle, Strategy

KEY = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
FRAMEWORKS = Path(settings.DATA_DIR) / "frameworks"
STRATEGIES = Path(settings.DATA_DIR) / "strategies"


def _problem(file, path, reason):
    return Problem(file, 0, reason, path)


def _items(file, document, name, problems):
    """[{key, name, description}] from a list of {id, name, description}, each checked."""
    items, seen = [], set()
    for i, item in enumerate(document.get(name) or []):
        path = f"{name}[{i}]"
        if not isinstance(item, dict):
            problems.append(_problem(file, path, "each entry needs an id and a name"))
            continue
        key, title = str(item.get("id") or "").strip(), str(item.get("name") or "").strip()
        if not KEY.match(key):
            problems.append(_problem(file, f"{path}.id", "the id is missing (letters, digits, _ and - only)"))
        elif key in seen:
            problems.append(_problem(file, f"{path}.id", f"the id {key!r} is listed twice"))
        seen.add(key)
        if not title:
            problems.append(_problem(file, f"{path}.name", "the name is missing"))
        items.append({"key": key, "name": title[:300], "description": str(item.get("description") or "").strip()})
    return items


def _framework_principles(file, name, problems, frameworks=FRAMEWORKS):
    """The principles of an assessments framework file (its items: `principle` or `text`, `summary`)."""
    path = frameworks / Path(str(name)).name
    if not path.is_file():
        problems.append(_problem(file, "principles_from_framework", f"no framework file {name!r} in data/frameworks"))
        return [], ""
    framework = yaml.safe_load(path.read_text(encoding="utf-8"))
    principles = [{"key": str(item.get("id")), "name": str(item.get("principle") or item.get("text") or item.get("name")),
                   "description": str(item.get("summary") or ""), "criterion_key": str(item.get("id"))}
                  for item in framework.get("items") or []]
    return principles, framework.get("id", "")


def parse(text, file, frameworks=FRAMEWORKS):
    """Check one strategy document: {key, name, local_authority, source, focus_areas, principles}."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        refuse(file, mark.line + 1 if mark else 0, f"not valid YAML ({getattr(error, 'problem', None) or error})")
    if not isinstance(document, dict):
        refuse(file, 0, "the document must be a mapping with id, name, source and focus_areas or principles")
    nul = nul_paths(document)
    if nul:
        raise ImportRefused([_problem(file, where, NUL_REASON) for where in nul])
    problems = []
    for name in ("id", "name", "source"):
        if not str(document.get(name) or "").strip():
            problems.append(_problem(file, name, f"the strategy has no {name}"))
    if document.get("id") and not KEY.match(str(document["id"])):
        problems.append(_problem(file, "id", "use letters, digits, _ and - only"))
    focus_areas = _items(file, document, "focus_areas", problems)
    principles = _items(file, document, "principles", problems)
    framework_key = ""
    if document.get("principles_from_framework"):
        principles, framework_key = _framework_principles(file, document["principles_from_framework"], problems,
                                                           frameworks)
    if not focus_areas and not principles and not problems:
        problems.append(_problem(file, "focus_areas", "the strategy lists no focus areas and no principles"))
    if problems:
        raise ImportRefused(problems)
    return {
        "key": str(document["id"]), "name": str(document["name"]).strip()[:300],
        "local_authority": str(document.get("local_authority") or "").strip(), "source": str(document["source"]).strip(),
        "file": file, "hash": hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest(),
        "focus_areas": focus_areas, "principles": principles, "framework_key": framework_key,
    }


def _write(parsed):
    from healthyplaces.places.models import LocalAuthority

    authority = LocalAuthority.objects.filter(code=parsed["local_authority"]).first() if parsed["local_authority"] else None
    strategy, created = Strategy.objects.get_or_create(key=parsed["key"], defaults={
        "name": parsed["name"], "source": parsed["source"], "source_file": parsed["file"],
        "content_hash": parsed["hash"], "local_authority": authority})
    if not created and strategy.content_hash == parsed["hash"] and strategy.local_authority_id == getattr(authority, "pk", None):
        return strategy, False
    Strategy.objects.filter(pk=strategy.pk).update(name=parsed["name"], source=parsed["source"], local_authority=authority,
                                                   source_file=parsed["file"], content_hash=parsed["hash"])
    for model, items in ((FocusArea, parsed["focus_areas"]), (Principle, parsed["principles"])):
        for position, item in enumerate(items, start=1):
            extra = {"framework_key": parsed["framework_key"], "criterion_key": item.get("criterion_key", "")} \
                if model is Principle else {}
            model.objects.update_or_create(strategy=strategy, key=item["key"], defaults={
                "name": item["name"], "description": item["description"], "position": position, **extra})
        model.objects.filter(strategy=strategy, actions__isnull=True).exclude(
            key__in=[item["key"] for item in items]).delete()
    return strategy, True


def load_texts(files, by=None, frameworks=FRAMEWORKS):
    """Load [(file name, YAML text)], all checked first; returns [(strategy, changed)]; raises ImportRefused."""
    problems, parsed = [], []
    for name, text in files:
        try:
            parsed.append(parse(text, name, frameworks))
        except ImportRefused as refused:
            problems += refused.problems
    keys = {}
    for p in parsed:
        if p["key"] in keys:
            problems.append(_problem(p["file"], "id", f"the strategy id {p['key']!r} is also in {keys[p['key']]}"))
        keys[p["key"]] = p["file"]
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic(), audit.acting_as(by or audit.current_actor()):
        return [_write(p) for p in parsed]


def load_paths(paths=None, by=None):
    """Load strategy files from disk (every file in data/strategies/ when none are named)."""
    paths = [Path(p) for p in paths] if paths else sorted(STRATEGIES.glob("*.yaml"))
    missing = [_problem(str(p), "", "file not found") for p in paths if not p.is_file()]
    if missing:
        raise ImportRefused(missing)
    return load_texts([(p.name, p.read_text(encoding="utf-8")) for p in paths], by=by)
