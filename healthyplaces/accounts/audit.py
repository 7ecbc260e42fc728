"""The audit trail: every change to a model that people edit is recorded with who and what, and
every read of personal data (unredacted insights, a person's contact details, HIAs) with who.

Models opt in with `track(Model)` in their app's ready(). The person comes from the request
(middleware) or from `acting_as(user)` in commands; changes made by neither are "system".

The trail is kept for years, so it holds no personal data itself: a change record keeps the field's
name and, for text, a short keyed digest of the old and new values (which says that it changed, and
lets an investigator check a value they already hold) instead of the text. Free text is treated as
holding personal data by its type: every CharField, TextField and JSONField except choice codes and
the code-like names in `PLAIN_TEXT_FIELDS`, or those a model lists in `audit_plain`. Numbers, booleans,
dates, foreign keys and choice codes are kept as values.
"""
import contextvars
from contextlib import contextmanager

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.crypto import salted_hmac

_actor = contextvars.ContextVar("healthyplaces_audit_actor", default=None)
_reads = contextvars.ContextVar("healthyplaces_audit_reads", default=None)
_tracked = set()


@contextmanager
def acting_as(user):
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    user = _actor.get()
    return user if getattr(user, "is_authenticated", False) else None


def record(action, model_label, object_pk="", object_repr="", changes=None, actor=None, object_pks=""):
    from .models import AuditEvent

    actor = actor or current_actor()
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=str(actor) if actor else "",
        action=action,
        model=model_label,
        object_pk=str(object_pk or ""),
        object_pks=object_pks,
        object_repr=str(object_repr)[:200],
        changes=changes or {},
    )


PLAIN_TEXT_FIELDS = {"code", "key", "slug", "lsoa_code", "lsoas", "postcode_district", "vintage", "uid"}
DIGEST_PREFIX = "sha256:"


def digest(value):
    """A short keyed digest of a text value: equal values give equal digests, the text cannot be read back."""
    if value in (None, ""):
        return value
    return DIGEST_PREFIX + salted_hmac("healthyplaces.audit", str(value), algorithm="sha256").hexdigest()[:16]


def holds_text(model, name):
    """Is this field (or many-to-many field) of the model free text, which may hold personal data?"""
    if name in PLAIN_TEXT_FIELDS or name in getattr(model, "audit_plain", ()):
        return False
    field = model._meta.get_field(name)
    if field.many_to_many:  # names or titles of the related records, unless given as primary keys
        return True
    return isinstance(field, (models.CharField, models.TextField, models.JSONField)) and not field.choices


def _value(model, name, value):
    if holds_text(model, name) and not isinstance(value, (bool, int, float, type(None))):
        return digest(value)
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


def _values(instance):
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in getattr(instance, "audit_exclude", ()):
            continue
        values[field.name] = _value(type(instance), field.name, field.value_from_object(instance))
    return values


def record_read(request_or_user, objects, what):
    """Record that a signed-in person was shown personal data in these records (`what`: "unredacted text",
    "contact details", "HIA"). Within a request the reads are gathered and written when it ends, one
    event per kind of record and `what`, listing their keys (see `reads_gathered`). Reads by visitors who
    are not signed in are of published data only and are not recorded."""
    user = getattr(request_or_user, "user", request_or_user)
    if not getattr(user, "is_authenticated", False):
        return
    gathered = _reads.get()
    pending = gathered if gathered is not None else {}
    for obj in objects:
        pending.setdefault((obj._meta.label, what), {})[str(obj.pk)] = obj
    if gathered is None:
        _write_reads(user, pending)


@contextmanager
def reads_gathered(user):
    """Gather the reads recorded inside (a request) and write them at the end, one event per kind."""
    token = _reads.set({})
    try:
        yield
    finally:
        pending = _reads.get()
        _reads.reset(token)
        _write_reads(user, pending)


def _write_reads(user, pending):
    for (label, what), records in pending.items():
        keys = sorted(records, key=lambda k: (len(k), k))
        single = len(keys) == 1
        record("view", label, keys[0] if single else "", records[keys[0]] if single else f"{len(keys)} records",
               {"read": what}, actor=user, object_pks="," + ",".join(keys) + ",")


def _before_save(sender, instance, **kwargs):
    instance._audit_before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance._audit_before = _values(old) if old else None


def _after_save(sender, instance, created, **kwargs):
    after = _values(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
        action = "create"
    else:
        changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
        if not changes:
            return
        action = "update"
    record(action, sender._meta.label, instance.pk, instance, changes)


def _after_delete(sender, instance, **kwargs):
    record("delete", sender._meta.label, instance.pk, instance, {})


def track(model):
    """Record creates, changes and deletes of this model in the audit trail."""
    if model in _tracked:
        return model
    _tracked.add(model)
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-del")
    return model


def _members(model, name, values):
    plain = not holds_text(model, name)
    return sorted(str(v) if plain or isinstance(v, int) else digest(v) for v in values)


def m2m_changed_record(instance, field_name, before, after):
    """Many-to-many edits do not pass through save(): services call this with the sets (of primary keys,
    or of codes for a field in PLAIN_TEXT_FIELDS; anything else is kept as digests)."""
    if set(before) != set(after):
        model = type(instance)
        record(
            "update",
            instance._meta.label,
            instance.pk,
            instance,
            {field_name: [_members(model, field_name, before), _members(model, field_name, after)]},
        )
