"""Merging two records of one organisation into one: everything linked moves to the one kept."""

from django.db import models, transaction
from django.utils.translation import gettext as _

from kopa.agencies.selectors import staff_agency_ids
from kopa.core import audit, pagecache
from kopa.core.errors import Conflict, ValidationFailed
from kopa.directory.access import require_in_inventory
from kopa.directory.models import Affiliation, Organisation, Representative
from kopa.directory.organisations.services import search_text_for

# Profile fields that count as empty, and are filled from the merged organisation.
FILLABLE_FIELDS = ("type", "region", "address", "postcode", "website", "email", "accessibility")
EMPTY_VALUES = {"accessibility": Organisation.Accessibility.UNKNOWN}
OFFER_FIELDS = ("can_host", "can_send", "can_coordinate")
TEXT_FIELDS = ("description", "accessibility_notes")


def _unique_field_sets(model, fk_name: str) -> list[list[str]]:
    """The other fields of each unique constraint on `model` that includes `fk_name`."""
    sets = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk_name in (constraint.fields or ()):
            sets.append([f for f in constraint.fields if f != fk_name])
    for together in model._meta.unique_together:
        if fk_name in together:
            sets.append([f for f in together if f != fk_name])
    return sets


def _resolve_clash(kept_row, merged_row) -> None:
    """Before dropping `merged_row` (the same link as `kept_row`), keep what only it knew."""
    if isinstance(kept_row, Affiliation) and not kept_row.title and merged_row.title:
        kept_row.title = merged_row.title
        kept_row.save(update_fields=["title"])
    if (isinstance(kept_row, Representative) and merged_row.status == Representative.Status.APPROVED
            and kept_row.status != Representative.Status.APPROVED):
        kept_row.status = Representative.Status.APPROVED
        kept_row.save(update_fields=["status"])


def _agency_private(model) -> bool:
    """Whether `model`'s rows belong to one agency (its private notes, tags…): they have an agency."""
    return any(f.name == "agency" and f.is_relation for f in model._meta.concrete_fields)


def _move_related(keep: Organisation, merge: Organisation, *,
                  counted_agency_ids: set[int]) -> dict[str, list[int]]:
    """Point every record that refers to `merge` at `keep`; {relation: [moved, dropped duplicates]}.

    Goes through every relation Django knows of, so records of apps added later move too. A record
    is dropped only when `keep` already has the very same link (a unique constraint would clash).
    Every agency's private records move with the organisation, but only those of
    `counted_agency_ids` are counted: the history never tells one agency how many private records
    another agency keeps.
    """
    counts = {}
    # Rows of other apps move with .update(), which sends no signal.
    for family in ("directory", "events", "programmes"):
        pagecache.changed(family)
    for relation in Organisation._meta.related_objects:
        model, field = relation.related_model, relation.field
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if relation.many_to_many:
            accessor = getattr(merge, relation.get_accessor_name())
            linked = list(accessor.all())
            getattr(keep, relation.get_accessor_name()).add(*linked)
            accessor.clear()
            if linked:
                counts[label] = [len(linked), 0]
            continue
        if relation.one_to_one:
            if model.objects.filter(**{field.name: merge}).exists():
                if model.objects.filter(**{field.name: keep}).exists():
                    raise Conflict(_("Both organisations have a linked record that only one can have."))
                model.objects.filter(**{field.name: merge}).update(**{field.name: keep})
                counts[label] = [1, 0]
            continue
        unique_sets = _unique_field_sets(model, field.name)
        private = _agency_private(model)
        moved = dropped = 0
        for row in model.objects.filter(**{field.name: merge}).order_by("pk"):
            counted = not private or row.agency_id in counted_agency_ids
            clash = None
            for others in unique_sets:
                clash = model.objects.filter(
                    **{field.name: keep}, **{name: getattr(row, name) for name in others}
                ).first()
                if clash:
                    break
            if clash:
                _resolve_clash(clash, row)
                row.delete()
                dropped += counted
            else:
                setattr(row, field.name, keep)
                row.save(update_fields=[field.name])
                moved += counted
        if moved or dropped:
            counts[label] = [moved, dropped]
    return counts


@transaction.atomic
def organisation_merge(*, actor, keep: Organisation, merge: Organisation) -> Organisation:
    """Move everything linked to `merge` onto `keep`, fill `keep`'s empty fields, delete `merge`.

    Raises PermissionDenied unless both are in the actor's scope, ValidationFailed if they are one.
    """
    if keep.pk == merge.pk:
        raise ValidationFailed(fields={"merge": [_("Choose two different organisations.")]})
    require_in_inventory(actor, keep, merge)
    locked = {o.pk: o for o in Organisation.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])}
    keep, merge = locked[keep.pk], locked[merge.pk]
    before = audit.snapshot(keep)
    merged_label = f"{merge.legal_name} (#{merge.pk}{', ' + merge.oid if merge.oid else ''})"

    for name in FILLABLE_FIELDS:
        empty = EMPTY_VALUES.get(name, "")
        if getattr(keep, name) in (empty, None) and getattr(merge, name) not in (empty, None):
            setattr(keep, name, getattr(merge, name))
    for name in OFFER_FIELDS:  # what each record says the organisation can do, together
        setattr(keep, name, getattr(keep, name) or getattr(merge, name))
    for name in TEXT_FIELDS:  # texts in languages the kept record lacks
        setattr(keep, name, {**(getattr(merge, name) or {}), **(getattr(keep, name) or {})})
    oid = merge.oid if not keep.oid else None
    if oid:  # free the OID before the kept organisation takes it, or the unique constraint clashes
        Organisation.objects.filter(pk=merge.pk).update(oid=None)
        keep.oid = oid
    for name in ("target_groups", "themes", "working_languages", "agencies"):
        getattr(keep, name).add(*getattr(merge, name).all())

    moved = _move_related(keep, merge, counted_agency_ids=staff_agency_ids(actor))
    keep.search_text = search_text_for(keep)
    keep.save()

    audit.record(actor=actor, obj=merge, action="merge",
                 changes={"merged_into": [None, f"{keep.legal_name} (#{keep.pk})"]})
    merge.delete()
    changes = audit.diff(before, audit.snapshot(keep))
    changes["merged_organisation"] = [None, merged_label]
    for label, (moved_count, dropped_count) in sorted(moved.items()):
        changes[f"moved:{label}"] = [None, _("%(moved)d moved, %(dropped)d already present") % {
            "moved": moved_count, "dropped": dropped_count}]
    audit.record(actor=actor, obj=keep, action="merge", changes=changes)
    return keep
