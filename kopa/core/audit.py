"""Writing and reading the audit log. Services call `record`; pages call `history_for`."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kopa.core.models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(str(v) for v in value)
    if hasattr(value, "code") and not isinstance(value, (str, dict)):  # django-countries Country
        return value.code
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The audited state of `obj`: its concrete fields and many-to-many values as plain data."""
    data = {}
    for field in obj._meta.get_fields():
        if fields is not None and field.name not in fields:
            continue
        if field.many_to_many and not field.auto_created:
            if obj.pk:
                data[field.name] = sorted(str(v) for v in getattr(obj, field.name).all())
        elif getattr(field, "concrete", False) and not field.auto_created:
            name = field.attname if field.is_relation else field.name
            if field.name in ("created_at", "updated_at", "search_text"):
                continue
            value = getattr(obj, name)
            data[field.name] = _plain(value)
    return data


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def entry(*, actor, obj: models.Model, action: str, changes: dict | None = None) -> AuditEntry:
    """An unsaved audit entry for `obj`; `record` saves one, `record_many` saves many at once."""
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def record(*, actor, obj: models.Model, action: str, changes: dict | None = None) -> AuditEntry:
    """Append one audit entry for `obj`."""
    audit_entry = entry(actor=actor, obj=obj, action=action, changes=changes)
    audit_entry.save()
    return audit_entry


def record_many(entries: Iterable[AuditEntry]) -> None:
    """Append entries built with `entry` in bulk (imports write thousands at once)."""
    AuditEntry.objects.bulk_create(list(entries), batch_size=1000)


def history_for(obj: models.Model):
    """The audit entries of `obj`, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj.__class__), object_id=str(obj.pk)
    ).select_related("actor")
