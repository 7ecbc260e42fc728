"""The audit trail: every change to a model that people edit is recorded with who and what.

Models opt in with `track(Model)` in their app's ready(). The person comes from the request
(middleware) or from `acting_as(user)` in commands; changes made by neither are "system".
"""
import contextvars
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_save

_actor = contextvars.ContextVar("healthyplaces_audit_actor", default=None)
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


def record(action, model_label, object_pk="", object_repr="", changes=None, actor=None):
    from .models import AuditEvent

    actor = actor or current_actor()
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=str(actor) if actor else "",
        action=action,
        model=model_label,
        object_pk=str(object_pk or ""),
        object_repr=str(object_repr)[:200],
        changes=changes or {},
    )


def _values(instance):
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in getattr(instance, "audit_exclude", ()):
            continue
        value = field.value_from_object(instance)
        values[field.name] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
    return values


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


def m2m_changed_record(instance, field_name, before, after):
    """Many-to-many edits do not pass through save(): services call this with the sets."""
    if set(before) != set(after):
        record(
            "update",
            instance._meta.label,
            instance.pk,
            instance,
            {field_name: [sorted(map(str, before)), sorted(map(str, after))]},
        )
