"""Writing and reading the audit log. Services call `record`; pages call `history_for` and show each\nentry's `changes_for_reader` (templates/includes/history.html)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django_countries.fields import Country, CountryField

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick
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


def entry(*, actor, obj: models.Model, action: str, changes: dict | None = None,
          private_to=None) -> AuditEntry:
    """An unsaved audit entry for `obj`; `record` saves one, `record_many` saves many at once.
    `private_to` (an agency or its id): the change is about that agency's private data, and only its
    readers see the entry (`history_for`)."""
    return AuditEntry(
        private_to_agency_id=getattr(private_to, "pk", private_to),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def record(*, actor, obj: models.Model, action: str, changes: dict | None = None,
           private_to=None) -> AuditEntry:
    """Append one audit entry for `obj` (`private_to`: see `entry`)."""
    audit_entry = entry(actor=actor, obj=obj, action=action, changes=changes, private_to=private_to)
    audit_entry.save()
    return audit_entry


def record_many(entries: Iterable[AuditEntry]) -> None:
    """Append entries built with `entry` in bulk (imports write thousands at once)."""
    AuditEntry.objects.bulk_create(list(entries), batch_size=1000)


def forget(model: type[models.Model], values: dict[int, set[str]]) -> int:
    """Remove private values from the history of `model`'s objects (`values`: pk → the texts to
    forget): the object's name becomes "<model> #<pk>" and every changed value equal to one of the
    texts is emptied. Which fields changed, when and by whom stays. Returns the entries changed."""
    if not values:
        return 0
    label = str(model._meta.verbose_name)
    changed = []
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in values],
    )
    for audit_entry in entries.iterator(chunk_size=1000):
        forgotten = {v.strip().casefold() for v in values.get(int(audit_entry.object_id), ()) if v}
        audit_entry.object_repr = f"{label} #{audit_entry.object_id}"
        audit_entry.changes = {
            key: _forget_value(value, forgotten) for key, value in (audit_entry.changes or {}).items()
        }
        changed.append(audit_entry)
    AuditEntry.objects.bulk_update(changed, ["object_repr", "changes"], batch_size=1000)
    return len(changed)


def _forget_value(value, forgotten: set[str]):
    if isinstance(value, list):
        return [_forget_value(v, forgotten) for v in value]
    if isinstance(value, dict):
        return {k: _forget_value(v, forgotten) for k, v in value.items()}
    if isinstance(value, str) and value.strip().casefold() in forgotten:
        return ""
    return value


def history_for(obj: models.Model, *, reader_agency_ids=()):
    """The audit entries of `obj`, newest first. Entries about an agency's private data are left out
    unless that agency is among `reader_agency_ids` (the agencies whose data the reader may read):
    another agency sees nothing of that change."""
    return AuditEntry.objects.filter(
        Q(private_to_agency_id__isnull=True) | Q(private_to_agency_id__in=list(reader_agency_ids)),
        content_type=ContentType.objects.get_for_model(obj.__class__), object_id=str(obj.pk),
    ).select_related("actor")


# What the history calls the changes that services record under a name that is not a model field.
HISTORY_LABELS = {
    "affiliation": _("Role in an organisation"),
    "attendance": _("Attendance"),
    "certificates_released": _("Certificates released"),
    "consent": _("Consent"),
    "done_at": _("Done"),
    "learning": _("Learning outcomes"),
    "member_added": _("Team member added"),
    "member_removed": _("Team member removed"),
    "member_role": _("Team member's role"),
    "members": _("Member countries"),
    "mentor_pairs": _("Mentor pairs"),
    "mentor_pairs_changed": _("Mentor pairs changed"),
    "merged_into": _("Merged into"),
    "participation_details": _("Participation details"),
    "partners": _("Partners"),
    "private_data_purged": _("Private data deleted"),
    "questions": _("Questions"),
    "representative": _("Representative"),
    "ride": _("Ride"),
    "ride_offer": _("Ride offered"),
    "ride_request": _("Ride asked for"),
    "room": _("Room"),
    "room_request": _("Room request"),
    "rooms": _("Rooms"),
    "staff_note": _("Staff note"),
    "tags": _("Tags"),
    "targets_added": _("Organisations added to the campaign"),
    "targets_source": _("Where they came from"),
}


@dataclass(frozen=True)
class Change:
    """One line of a history entry, as the reader reads it."""

    label: str
    before: str
    after: str


def changes_for_reader(entry: AuditEntry) -> list[Change]:
    """The changes of `entry` in the active language: each field's name as the form calls it and
    readable values (choices' labels, names of related objects and countries, texts in the reader's
    language, local dates). What is stored stays as it was written."""
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class() if entry.content_type_id else None
    lines = []
    for key, pair in (entry.changes or {}).items():
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
        field = _model_field(model, key)
        lines.append(Change(label=_label(key, field), before=_readable(before, field),
                            after=_readable(after, field)))
    return lines


def _model_field(model, key: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field  # a reverse relation


def _label(key: str, field) -> str:
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    name, _sep, detail = key.partition(":")
    label = HISTORY_LABELS.get(name)
    if label is None:
        return capfirst(key.replace("_", " "))
    return f"{label} ({detail.replace('_', ' ')})" if detail else str(label)


def _readable(value, field) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, (list, tuple)):
        return ", ".join(_readable(item, field) for item in value)
    if isinstance(value, dict):
        return pick(value) or "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if field is None:
        return str(value)
    if isinstance(field, CountryField):
        return str(Country(code=str(value)).name) or str(value)
    if field.choices and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and (field.many_to_one or field.one_to_one):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment,
                                       "DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return str(value)
