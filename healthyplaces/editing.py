"""Two people editing one record: the second save must not silently overwrite the first.

An edit form carries, in the hidden field `version`, the record's `updated_at` from when it was
opened. The save claims the record first, inside its own transaction, with a conditional UPDATE
that matches only if nobody has saved it since; otherwise `EditConflict` is raised, nothing is
saved, and the view shows the form again with the person's entries, who changed the record and
when, and each field whose stored value now differs from what the person entered. The form then
carries the new version, so saving again keeps the person's entries, knowingly.

Records edited this way have `updated_at` (auto_now) and `updated_by`; `track(Model)` in the app's
ready() keeps `updated_by` right for saves made elsewhere (imports, merges, commands).
"""
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.formats import date_format

from healthyplaces.accounts import audit

FIELD = "version"


class EditConflict(Exception):
    """Someone saved the record after this person opened it; `record` is the record as it is now."""

    def __init__(self, record):
        self.record = record
        self.by, self.at = record.updated_by, record.updated_at
        when = date_format(timezone.localtime(self.at), "j F Y \\a\\t H:i") if self.at else "an unknown time"
        super().__init__(
            f"{self.by or 'Someone'} saved a change to this on {when}, after you opened it, so nothing of yours was "
            "saved. Your entries are below; the table shows where they differ from what is saved now. "
            "Save again to keep your entries.")
        self.differences = []


def version(record):
    return record.updated_at.isoformat() if record is not None and record.updated_at else ""


def claim(record, opened, by):
    """Mark the record as changed by `by` now, if it is unchanged since version `opened`; call it inside
    the save's transaction. A post without a version (not from the page) is not checked."""
    if record is None or not opened:
        return
    try:
        when = datetime.fromisoformat(opened)
    except ValueError:
        when = None
    now = timezone.now()
    manager = type(record)._default_manager
    claimed = when is not None and manager.filter(pk=record.pk, updated_at=when).update(updated_at=now, updated_by=by)
    if not claimed:
        raise EditConflict(manager.select_related("updated_by").get(pk=record.pk))


@contextmanager
def unchanged_since(record, opened, by):
    """`with unchanged_since(record, opened, by): save…`: one transaction that claims the record, then saves."""
    with transaction.atomic():
        claim(record, opened, by)
        yield


def _normal(value):
    if isinstance(value, (list, tuple, set)):
        return sorted(_normal(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return " ".join(str(value).split())


def _shown(value, labels):
    if isinstance(value, list):
        return "; ".join(_shown(v, labels) for v in value) or "(empty)"
    return labels.get(value, value) or "(empty)"


def differences(rows):
    """[(label, value now, value entered, {value: label})] -> the rows that differ, as text to show."""
    out = []
    for label, now, entered, labels in rows:
        now, entered = _normal(now), _normal(entered)
        if now != entered:
            out.append((label, _shown(now, labels), _shown(entered, labels)))
    return out


def form_conflict(form, conflict, now):
    """Show a Django form's conflict: the message as the form's error, and the fields whose stored value
    (`now`, the form's initial values for the record as it is now) differs from what was entered."""
    rows = []
    for name, field in form.fields.items():
        if name not in now:
            continue
        choices = getattr(field, "choices", None)
        labels = {_normal(str(value)): str(label) for value, label in choices} if choices else {}
        rows.append((field.label or name.replace("_", " ").capitalize(), field.prepare_value(now[name]),
                     form[name].value(), labels))
    conflict.differences = differences(rows)
    form.add_error(None, str(conflict))
    return conflict


def context(request, record, conflict=None, saved=False):
    """What a form page needs: the conflict to show, if any, and the version its form carries: the record's
    as it is now after a conflict (the person has seen the changes) or after their own save, else the one
    the person's form was opened with."""
    if conflict is not None:
        opened = version(conflict.record)
    elif saved:
        opened = version(type(record)._default_manager.get(pk=record.pk))
    elif request.method == "POST":
        opened = request.POST.get(FIELD, "")
    else:
        opened = version(record)
    return {"version": opened, "conflict": conflict}


def _set_updated_by(sender, instance, **kwargs):
    instance.updated_by = audit.current_actor()


def track(model):
    """Keep `updated_by` as the person saving (or none, for the system) whatever saves the record."""
    pre_save.connect(_set_updated_by, sender=model, dispatch_uid=f"editing-{model._meta.label}")
    return model
