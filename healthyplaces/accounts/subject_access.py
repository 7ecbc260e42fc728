""""Who saw this person's data?": the records that hold an identifier, and every read and change of them.

Accounts does not reach into other parts' tables. Each part registers, in its AppConfig.ready(), a
function `finder(identifiers)` that returns its records holding any of the identifiers (a name, email,
phone or other text, in the forms `variants` gives), as model instances; see insights, assets and
assessments `subject_access.py`.

Erasing a person (`healthyplaces erase-person`): a part that holds people's data also registers
`eraser(identifiers, confirm)`, which returns [(the record's `name`, what it erases)] and, when confirm is true, erases it:
the identifier is cut out of free text (`without`), contact details are emptied, a record that is the person
is deleted. The saves go through the ORM, so the audit trail records each change.
"""
import re

from django.db import transaction
from django.db.models import Q

from .models import AuditEvent, User

MAX_RECORDS = 500  # per part: enough for one person; more means the identifier is too common

_finders = []
_erasers = []
REMOVED = "[removed]"


def register(finder):
    if finder not in _finders:
        _finders.append(finder)
    return finder


def register_eraser(eraser):
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def without(text, identifiers):
    """The text with each identifier (in any case) replaced by [removed]."""
    for identifier in sorted(identifiers, key=len, reverse=True):
        text = re.sub(re.escape(identifier), REMOVED, text or "", flags=re.IGNORECASE)
    return text


def name(record):
    """A record as the erasure lists it: its kind and number, never the text it holds."""
    return f"{record._meta.verbose_name.capitalize()} {record.pk}"


def cut_out(record, fields, identifiers):
    """Cut the identifiers out of the record's text fields (unsaved); the names of the fields that held one."""
    changed = []
    for field in fields:
        before = getattr(record, field) or ""
        after = without(before, identifiers)
        if after != before:
            setattr(record, field, after)
            changed.append(field)
    return changed


def erase(identifier, *, confirm=False):
    """What every part holds of the person and would erase, [(record's name, what)]; with `confirm`, erased, all in one
    transaction. An identifier shorter than 4 characters is refused: it would match too much."""
    identifiers = variants(identifier)
    if not identifiers or min(len(i) for i in identifiers) < 4:
        raise ValueError("Give the person's name, email or phone number in full (at least 4 characters).")
    with transaction.atomic():
        return [found for eraser in _erasers for found in eraser(identifiers, confirm)]


def variants(identifier):
    """The identifier as typed, and for a phone number its digits alone and in the usual 5+6 grouping."""
    identifier = " ".join((identifier or "").split())
    found = {identifier} if identifier else set()
    digits = re.sub(r"\D", "", identifier)
    if len(digits) >= 7 and len(digits) >= len(identifier.replace(" ", "")) - 2:
        found |= {digits, f"{digits[:5]} {digits[5:]}"}
    return sorted(found)


def text_matches(fields, identifiers):
    """A filter: any of the fields contains any of the identifiers (case-insensitively)."""
    query = Q(pk__in=[])
    for field in fields:
        for identifier in identifiers:
            query |= Q(**{f"{field}__icontains": identifier})
    return query


def records_holding(identifier):
    identifiers = variants(identifier)
    if not identifiers:
        return []
    return [record for finder in _finders for record in list(finder(identifiers))[:MAX_RECORDS]]


def events_about(records):
    """Every read and change recorded of these records, newest first."""
    query = Q(pk__in=[])
    for record in records:
        label, pk = record._meta.label, str(record.pk)
        query |= Q(model=label) & (Q(object_pk=pk) | Q(object_pks__contains=f",{pk},"))
    return AuditEvent.objects.filter(query).select_related("actor")


def _people(identifiers):
    return User.objects.filter(text_matches(["username", "email", "first_name", "last_name", "display_name"],
                                            identifiers))


register(_people)


def _erase_people(identifiers, confirm):
    """An account is kept (records point to it) but emptied: no name, email or password, and it cannot sign in."""
    found = []
    for user in _people(identifiers).order_by("pk"):
        found.append((name(user), "account: name and email emptied, signing in stopped"))
        if confirm:
            user.username, user.email = f"erased-{user.pk}", ""
            user.first_name = user.last_name = user.display_name = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
    return found


register_eraser(_erase_people)
