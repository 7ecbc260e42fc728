"""Rewrite the change records already stored so they hold no personal data: free-text values become
digests, as `audit` now writes them (issue 10)."""
from django.apps import apps as current_apps
from django.core.exceptions import FieldDoesNotExist
from django.db import migrations

from healthyplaces.accounts import audit


def _clean(model, name, value):
    if isinstance(value, list):  # many-to-many: keys stay, names become digests
        return [v if str(v).isdigit() or str(v).startswith(audit.DIGEST_PREFIX) else _clean(model, name, v)
                for v in value]
    if isinstance(value, str) and not value.startswith(audit.DIGEST_PREFIX):
        return audit.digest(value)
    return value


def clean_changes(apps, schema_editor):
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    for event in AuditEvent.objects.filter(action__in=["create", "update", "delete"]).iterator(chunk_size=2000):
        try:
            model = current_apps.get_model(event.model)
        except LookupError:
            model = None
        changes = {}
        for name, pair in (event.changes or {}).items():
            try:
                text = model is None or audit.holds_text(model, name)
            except FieldDoesNotExist:
                text = True
            changes[name] = [_clean(model, name, v) for v in pair] if text and isinstance(pair, list) else pair
        if changes != event.changes:
            AuditEvent.objects.filter(pk=event.pk).update(changes=changes)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_audit_reads")]

    operations = [migrations.RunPython(clean_changes, migrations.RunPython.noop)]
