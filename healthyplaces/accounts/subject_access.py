""""Who saw this person's data?": the records that hold an identifier, and every read and change of them.

Accounts does not reach into other parts' tables. Each part registers, in its AppConfig.ready(), a
function `finder(identifiers)` that returns its records holding any of the identifiers (a name, email,
phone or other text, in the forms `variants` gives), as model instances; see insights, assets and
assessments `subject_access.py`.
"""
import re

from django.db.models import Q

from .models import AuditEvent, User

MAX_RECORDS = 500  # per part: enough for one person; more means the identifier is too common

_finders = []


def register(finder):
    if finder not in _finders:
        _finders.append(finder)
    return finder


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
