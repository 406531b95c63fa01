"""Importing organisations from CSV and XLSX: read, check every row, then apply once staff confirm.

`import_preview` reads the file and stores an `ImportBatch` with every problem found; no organisation
is written. `import_apply` checks the stored rows again against the database as it is now, and writes
them in one transaction. Reading is `reading.py`, checking is `checking.py`.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.core import audit
from kopa.core.errors import Conflict, NotFound, ValidationFailed
from kopa.directory.imports.checking import (
    LIST_COLUMNS,
    RowResult,
    check_rows,
    map_header,
)
from kopa.directory.imports.problems import problem
from kopa.directory.imports.reading import ImportFileError, read_table
from kopa.directory.models import ImportBatch, Organisation
from kopa.directory.organisations.services import SCALAR_FIELDS, TEXT_FIELDS


@transaction.atomic
def import_preview(*, actor, agency: Agency, filename: str, content: bytes) -> ImportBatch:
    """Read and check an uploaded file for `agency`; stores the batch, writes no organisation.

    Raises PermissionDenied, ValidationFailed (file too large)."""
    require_agency_staff(actor, agency)
    if len(content) > settings.KOPA_IMPORT_MAX_BYTES:
        raise ValidationFailed(fields={"file": [_("The file is larger than %(size)d MB.") % {
            "size": settings.KOPA_IMPORT_MAX_BYTES // (1024 * 1024)}]})
    batch = ImportBatch(agency=agency, created_by=actor, filename=(filename or "")[:255])
    try:
        table = read_table(content)
    except ImportFileError as exc:
        table, batch.problems = [], [problem(None, "", "", exc.code, exc.params)]
    while table and not any(table[0]):
        table.pop(0)
    if not table and not batch.problems:
        batch.problems = [problem(None, "", "", "empty_file")]
    if table:
        columns, batch.problems = map_header(table[0])
        width = len(columns)
        rows = []
        for number, cells in enumerate(table[1:], start=2):
            if not any(cells):
                continue
            rows.append({"row": number, "values": {
                column: cells[i] for i, column in enumerate(columns) if column and i < len(cells)}})
            if any(cells[width:]):
                batch.problems.append(problem(number, "", ", ".join(c for c in cells[width:] if c),
                                              "extra_cells", level="warning"))
        batch.columns = [c for c in columns if c]
        batch.rows = rows
        batch.row_count = len(rows)
        if not batch.has_file_errors:
            results = check_rows(actor=actor, rows=rows)
            batch.problems += [p for r in results for p in r.problems]
            batch.created_count = sum(1 for r in results if r.before is None and not r.has_errors)
            batch.updated_count = sum(1 for r in results if r.before is not None and not r.has_errors)
            batch.skipped_count = sum(1 for r in results if r.has_errors)
    batch.problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    batch.error_count = sum(1 for p in batch.problems if p["level"] == "error")
    batch.warning_count = len(batch.problems) - batch.error_count
    batch.save()
    return batch


def _insert_lists(results: list[RowResult], *, agency: Agency, replace: bool, ids: dict) -> None:
    """Write the target groups, themes, languages and the agency's inventory through their tables."""
    org_ids = [r.organisation.pk for r in results]
    for column in LIST_COLUMNS:
        m2m = Organisation._meta.get_field(column)
        through = m2m.remote_field.through
        source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
        chosen = [r for r in results if column in r.lists]
        if replace and chosen:
            through.objects.filter(**{f"{source}__in": [r.organisation.pk for r in chosen]}).delete()
        through.objects.bulk_create(
            [through(**{source: r.organisation.pk, target: ids[column][code]})
             for r in chosen for code in r.lists[column]],
            batch_size=1000,
        )
    inventory = Organisation.agencies.through
    inventory.objects.bulk_create(
        [inventory(organisation_id=pk, agency_id=agency.pk) for pk in org_ids],
        batch_size=1000, ignore_conflicts=True,
    )


@transaction.atomic
def import_apply(*, actor, batch: ImportBatch, mode: str) -> ImportBatch:
    """Write a checked import, all rows or only the valid ones, in one transaction.

    Rows are checked again against the database as it is now. Raises PermissionDenied, Conflict
    (already imported, or the database changed meanwhile), ValidationFailed (errors in
    all-or-nothing mode: nothing is written)."""
    batch = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
    if batch is None:
        raise NotFound()
    require_agency_staff(actor, batch.agency)
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise Conflict(_("This import has already been confirmed."))
    if mode not in ImportBatch.Mode.values:
        raise ValidationFailed(fields={"mode": [_("Choose how to import.")]})
    if batch.has_file_errors:
        raise ValidationFailed(fields={"__all__": [_(
            "This file cannot be imported because of the problems with the file as a whole.")]})

    results = check_rows(actor=actor, rows=batch.rows, lock=True)
    failed = [r for r in results if r.has_errors]
    if failed and mode == ImportBatch.Mode.ALL_OR_NOTHING:
        raise ValidationFailed(fields={"__all__": [_(
            "Nothing was imported: %(count)d rows have errors. Correct the file and upload it again, or "
            "import the valid rows only.") % {"count": len(failed)}]})
    ids = {column: dict(model.objects.values_list("code", "id")) for column, model in LIST_COLUMNS.items()}
    valid = [r for r in results if not r.has_errors]
    creates = [r for r in valid if r.before is None]
    updates = [r for r in valid if r.before is not None]
    now = timezone.now()
    source = {r.row: [None, _("%(file)s, row %(row)d") % {"file": batch.filename, "row": r.row}]
              for r in valid}
    snapshot_fields = SCALAR_FIELDS + TEXT_FIELDS

    try:
        with transaction.atomic():
            Organisation.objects.bulk_create([r.organisation for r in creates], batch_size=500)
            for r in updates:
                r.organisation.updated_at = now
            Organisation.objects.bulk_update(
                [r.organisation for r in updates],
                [*snapshot_fields, "public_listing_consented_at", "search_text", "updated_at"],
                batch_size=500,
            )
    except IntegrityError as exc:  # an OID taken between the check and the insert
        raise Conflict(_("Another change to the directory got in the way. Confirm the import again.")) from exc
    _insert_lists(creates, agency=batch.agency, replace=False, ids=ids)
    _insert_lists(updates, agency=batch.agency, replace=True, ids=ids)

    entries = []
    for r in creates:
        changes = audit.diff({}, audit.snapshot(r.organisation, fields=snapshot_fields))
        changes.update({column: [None, codes] for column, codes in r.lists.items()})
        changes["source"] = source[r.row]
        entries.append(audit.entry(actor=actor, obj=r.organisation, action="import", changes=changes))
    for r in updates:
        after = audit.snapshot(r.organisation, fields=snapshot_fields)
        after.update({column: r.lists.get(column, r.before[column]) for column in LIST_COLUMNS})
        changes = audit.diff(r.before, after)
        changes["source"] = source[r.row]
        entries.append(audit.entry(actor=actor, obj=r.organisation, action="import", changes=changes))
    audit.record_many(entries)

    batch.problems = [p for p in batch.problems if p["row"] is None] + [
        p for r in results for p in r.problems]
    batch.problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    batch.error_count = sum(1 for p in batch.problems if p["level"] == "error")
    batch.warning_count = len(batch.problems) - batch.error_count
    batch.status = ImportBatch.Status.APPLIED
    batch.mode = mode
    batch.applied_at = now
    batch.created_count, batch.updated_count, batch.skipped_count = len(creates), len(updates), len(failed)
    batch.save()
    return batch
