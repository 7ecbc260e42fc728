"""Actions in from a spreadsheet (CSV or Excel, the columns of the download: actions/transfer.py). Every line is
checked first and any problem refuses the whole file with its line and reason, nothing written: a missing or
unknown owner, an owner the person may not record for, an unknown focus area, principle or place, a due date
before the start, "dropped" without a reason. `read` gives the preview; `commit` writes it in one transaction."""
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from healthyplaces.accounts import audit
from healthyplaces.accounts.models import Organisation
from healthyplaces.accounts.permissions import organisations_where, platform_wide, refusal
from healthyplaces.importing import ImportRefused, Problems, read_table

from . import services
from .models import Action, FocusArea, Principle

MAX_ROWS = 5000
REQUIRED = ("title", "owner")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class Row:
    line: int
    action: Action
    partners: list = field(default_factory=list)
    principles: list = field(default_factory=list)
    places: dict = field(default_factory=dict)


def _split(text):
    return [part.strip() for part in str(text or "").split(";") if part.strip()]


def _date(text, name, problems, file, line):
    text = str(text or "").strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.split(" ")[0], pattern).date()
        except ValueError:
            continue
    problems.add(file, line, f"{name.replace('_', ' ')} {text!r} is not a date (use 2026-03-31 or 31/03/2026)")
    return None


def _places(names, problems, file, line):
    from healthyplaces.places.models import LocalAuthority, Lsoa, Neighbourhood

    places = {"local_authorities": [], "neighbourhoods": [], "lsoas": []}
    for name in names:
        authority = LocalAuthority.objects.filter(Q(code=name.upper()) | Q(name__iexact=name)).first()
        hood = None if authority else Neighbourhood.objects.filter(name__iexact=name).first()
        lsoa = None if authority or hood else Lsoa.objects.filter(code=name.upper(), vintage=2011).first()
        if authority:
            places["local_authorities"].append(authority)
        elif hood:
            places["neighbourhoods"].append(hood)
        elif lsoa:
            places["lsoas"].append(lsoa)
        else:
            problems.add(file, line, f"no local authority, neighbourhood or LSOA is called {name!r}")
    return places


def read(data, filename, by):
    """Check every line; returns [Row] to preview, or raises ImportRefused listing each line's problem."""
    table = read_table(data, filename, max_rows=MAX_ROWS)
    table.refuse_if_problems()
    header = [str(h or "").strip().lower() for h in table.header]
    problems = Problems()
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        problems.add(filename, 1, f"the header has no {' and no '.join(missing)} column")
        problems.refuse_if_any()
    allowed = Organisation.objects.all() if platform_wide(by, "actions.create") else \
        Organisation.objects.filter(pk__in=organisations_where(by, "actions.create"))
    if refusal(by, "actions.create"):
        problems.add(filename, 0, refusal(by, "actions.create"))
        problems.refuse_if_any()
    rows = []
    for line, cells in table.rows:
        cell = dict(zip(header, [("" if c is None else str(c).strip()) for c in cells]))
        before = len(problems.items)
        owner_name = cell.get("owner", "")
        owner = Organisation.objects.filter(name__iexact=owner_name).first() if owner_name else None
        if not owner_name:
            problems.add(filename, line, "the owner is missing: name the organisation that owns the action")
        elif owner is None:
            problems.add(filename, line, f"no organisation is called {owner_name!r}")
        elif not allowed.filter(pk=owner.pk).exists():
            problems.add(filename, line, f"you may not record actions for {owner.name}")
        focus = None
        if cell.get("focus_area"):
            found = list(FocusArea.objects.filter(key=cell["focus_area"]))
            if len(found) != 1:
                problems.add(filename, line, f"no focus area has the key {cell['focus_area']!r}" if not found else
                             f"the focus area {cell['focus_area']!r} is in several strategies")
            else:
                focus = found[0]
        principles = []
        for key in _split(cell.get("principles")):
            found = Principle.objects.filter(key=key)
            if focus is not None:
                found = found.filter(strategy=focus.strategy)
            found = list(found)
            if len(found) != 1:
                problems.add(filename, line, f"no principle has the key {key!r}" if not found else
                             f"the principle {key!r} is in several strategies: give the focus area too")
            else:
                principles.append(found[0])
        partners = []
        for name in _split(cell.get("partners")):
            partner = Organisation.objects.filter(name__iexact=name).first()
            if partner is None:
                problems.add(filename, line, f"no partner organisation is called {name!r}")
            else:
                partners.append(partner)
        places = _places(_split(cell.get("places")), problems, filename, line)
        status = cell.get("status") or Action.Status.NOT_STARTED
        if status not in Action.Status.values:
            labels = {label.lower(): value for value, label in Action.Status.choices}
            status = labels.get(status.lower(), status)
        action = Action(
            title=cell.get("title", ""), description=cell.get("description", ""), owner=owner, lead=cell.get("lead", ""),
            focus_area=focus, segment=cell.get("segment", ""), status=status, dropped_reason=cell.get("dropped_reason", ""),
            report=cell.get("report", ""), source=Action.Source.REPORT if cell.get("report") else Action.Source.OTHER,
            start_date=_date(cell.get("start_date"), "start_date", problems, filename, line),
            due_date=_date(cell.get("due_date"), "due_date", problems, filename, line))
        for name in ("report_year", "number"):
            if cell.get(name):
                try:
                    setattr(action, name, int(float(cell[name])))
                except ValueError:
                    problems.add(filename, line, f"{name.replace('_', ' ')} {cell[name]!r} is not a whole number")
        if len(problems.items) == before:
            try:
                action.full_clean(exclude=["owner"] if owner is None else None)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    problems.add(filename, line, f"{name.replace('_', ' ')}: {' '.join(messages)}")
        rows.append(Row(line, action, partners, principles, places))
    if not rows:
        problems.add(filename, 0, "the file has no actions under its header")
    problems.refuse_if_any()
    return rows


def commit(rows, by):
    """Write the checked rows in one transaction; returns the actions made."""
    with transaction.atomic(), audit.acting_as(by):
        return [services.save_action(row.action, by, partners=row.partners, principles=row.principles,
                                     places=row.places) for row in rows]


__all__ = ["ImportRefused", "Row", "commit", "read"]
