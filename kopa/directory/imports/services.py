"""Importing organisations from CSV and XLSX: read, check every row, then apply once staff confirm.

Both long steps run as background jobs (`kopa.directory.jobs`; inline, at once, without Redis):
`import_upload` stores the file and queues `import_read`, which reads and checks it and stores every
problem on the `ImportBatch`; no organisation is written. `import_confirm` queues `import_write`,
which checks the stored rows again against the database as it is now and writes them in one
transaction. `import_preview` and `import_apply` do the same steps at once, in the calling process.
Reading is `reading.py`, checking is `checking.py`.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from kopa.agencies.access import require_agency_staff
from kopa.agencies.models import Agency
from kopa.core import audit, pacing, pagecache, tasks
from kopa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kopa.directory.imports.checking import (
    LIST_COLUMNS,
    RowResult,
    check_rows,
    map_header,
)
from kopa.directory.imports.problems import message, problem
from kopa.directory.imports.reading import ImportFileError, Limits, read_rows
from kopa.directory.models import ImportBatch, Organisation
from kopa.directory.organisations.services import SCALAR_FIELDS, TEXT_FIELDS

logger = logging.getLogger(__name__)


PROGRESS_EVERY = 500


def _store(*, actor, agency: Agency, filename: str, content) -> ImportBatch:
    require_agency_staff(actor, agency)
    size = content.size if hasattr(content, "size") else len(content)
    if size > settings.KOPA_IMPORT_MAX_BYTES:
        raise ValidationFailed(fields={"file": [_("The file is larger than %(size)d MB.") % {
            "size": settings.KOPA_IMPORT_MAX_BYTES // (1024 * 1024)}]})
    if isinstance(content, bytes):
        content = ContentFile(content)
    batch = ImportBatch(agency=agency, created_by=actor, filename=(filename or "")[:255],
                        status=ImportBatch.Status.QUEUED)
    batch.save()
    batch.file.save(f"{batch.pk}-{get_random_string(12)}.upload", content, save=True)
    return batch


@transaction.atomic
def import_upload(*, actor, agency: Agency, filename: str, content) -> ImportBatch:
    """Store an uploaded file (bytes or a Django File) for `agency` and queue its reading.

    Raises PermissionDenied, ValidationFailed (file too large)."""
    batch = _store(actor=actor, agency=agency, filename=filename, content=content)
    tasks.enqueue("kopa.directory.jobs:read_import", batch_id=batch.pk,
                  task_timeout=settings.KOPA_IMPORT_TIMEOUT, task_retries=0)
    return batch


def import_preview(*, actor, agency: Agency, filename: str, content) -> ImportBatch:
    """Store and read a file at once, in this process (what the queued reading does); writes no
    organisation. Raises PermissionDenied, ValidationFailed (file too large)."""
    with transaction.atomic():
        batch = _store(actor=actor, agency=agency, filename=filename, content=content)
    import_read(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def _still(batch_id: int, current: str, **changes) -> bool:
    """Save `changes` if the batch still has the status `current` (a cancel may have come meanwhile)."""
    return ImportBatch.objects.filter(pk=batch_id, status=current).update(**changes) == 1


def _delete_file(batch: ImportBatch) -> None:
    if batch.file:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


class Cancelled(Exception):
    """The batch was cancelled while it was being read."""


def _table(batch: ImportBatch) -> tuple[list[str] | None, list[dict]]:
    """The header and the non-empty rows of the batch's file, as {"row", "cells"}; the progress is
    saved every PROGRESS_EVERY rows. Raises ImportFileError, Cancelled."""
    limits = Limits.from_settings()
    header, rows = None, []
    with batch.file.open("rb") as file:
        for number, cells in enumerate(read_rows(file, limits), start=1):
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            if len(rows) >= limits.rows:
                raise ImportFileError("too_many_rows", {"limit": limits.rows})
            rows.append({"row": number, "cells": cells})
            if len(rows) % PROGRESS_EVERY == 0:
                if not _still(batch.pk, ImportBatch.Status.READING, row_count=len(rows)):
                    raise Cancelled()
                pacing.tick()
    return header, rows


def import_read(*, batch_id: int) -> ImportBatch | None:
    """Read and check a stored file; the batch then waits for confirmation. Writes no organisation.

    Runs as a job; a cancelled batch is left alone. Returns the batch, or None when there was nothing
    to do."""
    if not _still(batch_id, ImportBatch.Status.QUEUED, status=ImportBatch.Status.READING):
        return None
    batch = ImportBatch.objects.select_related("agency", "created_by").get(pk=batch_id)
    try:
        return _read(batch)
    except Exception as exc:
        code = "timed_out" if tasks.timed_out(exc) else "read_failed"
        logger.exception("import %s could not be read", batch_id)
        _still(batch_id, ImportBatch.Status.READING, status=ImportBatch.Status.FAILED,
               outcome={"code": code, "params": {}})
        return None
    finally:
        _delete_file(batch)


def _read(batch: ImportBatch) -> ImportBatch | None:
    problems, rows, columns = [], [], []
    try:
        header, table = _table(batch)
    except Cancelled:
        return None
    except ImportFileError as exc:
        header, table, problems = None, [], [problem(None, "", "", exc.code, exc.params)]
    if header is None and not problems:
        problems = [problem(None, "", "", "empty_file")]
    counts = {}
    if header is not None:
        columns, problems = map_header(header)
        width = len(columns)
        for line in table:
            cells, number = line["cells"], line["row"]
            rows.append({"row": number, "values": {
                column: cells[i] for i, column in enumerate(columns) if column and i < len(cells)}})
            if any(cells[width:]):
                problems.append(problem(number, "", ", ".join(c for c in cells[width:] if c),
                                        "extra_cells", level="warning"))
        if not any(p["row"] is None and p["level"] == "error" for p in problems):
            results = check_rows(actor=batch.created_by, rows=rows)
            problems += [p for r in results for p in r.problems]
            counts = {
                "created_count": sum(1 for r in results if r.before is None and not r.has_errors),
                "updated_count": sum(1 for r in results if r.before is not None and not r.has_errors),
                "skipped_count": sum(1 for r in results if r.has_errors),
            }
    problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    errors = sum(1 for p in problems if p["level"] == "error")
    if not _still(batch.pk, ImportBatch.Status.READING, status=ImportBatch.Status.PREVIEWED,
                  columns=[c for c in columns if c], rows=rows, row_count=len(rows), problems=problems,
                  error_count=errors, warning_count=len(problems) - errors, **counts):
        return None
    return ImportBatch.objects.get(pk=batch.pk)


@transaction.atomic
def import_cancel(*, actor, batch: ImportBatch) -> ImportBatch:
    """Cancel an import still waiting or being read, or confirmed and not yet being written.

    Raises PermissionDenied, Conflict (too late)."""
    batch = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
    if batch is None:
        raise NotFound()
    require_agency_staff(actor, batch.agency_id)
    if batch.status not in ImportBatch.CANCELLABLE:
        raise Conflict(_("This import can no longer be cancelled."))
    waiting = batch.status == ImportBatch.Status.QUEUED
    batch.status = ImportBatch.Status.CANCELLED
    batch.save(update_fields=["status"])
    if waiting:  # a file being read is deleted by its reading, once it sees the cancel
        transaction.on_commit(lambda: _delete_file(batch))
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
        for part in pacing.batches(chosen):
            through.objects.bulk_create(
                [through(**{source: r.organisation.pk, target: ids[column][code]})
                 for r in part for code in r.lists[column]],
                batch_size=1000,
            )
    inventory = Organisation.agencies.through
    for part in pacing.batches(org_ids, size=1000):
        inventory.objects.bulk_create(
            [inventory(organisation_id=pk, agency_id=agency.pk) for pk in part], ignore_conflicts=True)


def _confirmable(*, actor, batch_id: int, mode: str, status: str) -> ImportBatch:
    """The batch, locked, once `actor` may write it in `mode`. Raises NotFound, PermissionDenied,
    Conflict, ValidationFailed."""
    batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise NotFound()
    require_agency_staff(actor, batch.agency_id)
    if batch.status != status:
        raise Conflict(_("This import has already been confirmed."))
    if mode not in ImportBatch.Mode.values:
        raise ValidationFailed(fields={"mode": [_("Choose how to import.")]})
    if batch.has_file_errors:
        raise ValidationFailed(fields={"__all__": [_(
            "This file cannot be imported because of the problems with the file as a whole.")]})
    return batch


class RowsHaveErrors(ValidationFailed):
    """All or nothing, and some rows have errors: nothing is written."""

    def __init__(self, count: int):
        self.count = count
        super().__init__(fields={"__all__": [message("nothing_imported", {"count": count})]})


@transaction.atomic
def import_confirm(*, actor, batch: ImportBatch, mode: str) -> ImportBatch:
    """Confirm a checked import and queue its writing, all rows or only the valid ones.

    Raises PermissionDenied, Conflict (already confirmed), ValidationFailed (errors in
    all-or-nothing mode: nothing is written)."""
    batch = _confirmable(actor=actor, batch_id=batch.pk, mode=mode, status=ImportBatch.Status.PREVIEWED)
    if mode == ImportBatch.Mode.ALL_OR_NOTHING and batch.skipped_count:
        raise RowsHaveErrors(batch.skipped_count)
    batch.status, batch.mode, batch.confirmed_by, batch.outcome = (
        ImportBatch.Status.CONFIRMED, mode, actor, {})
    batch.save(update_fields=["status", "mode", "confirmed_by", "outcome"])
    tasks.enqueue("kopa.directory.jobs:write_import", batch_id=batch.pk,
                  task_timeout=settings.KOPA_IMPORT_TIMEOUT, task_retries=0)
    return batch


def import_write(*, batch_id: int) -> ImportBatch | None:
    """Write a confirmed import (runs as a job). When the rows checked again have errors in
    all-or-nothing mode, or the directory changed meanwhile, nothing is written and the batch waits
    for confirmation again, saying why. A cancelled batch is left alone."""
    if not _still(batch_id, ImportBatch.Status.CONFIRMED, status=ImportBatch.Status.APPLYING):
        return None
    batch = ImportBatch.objects.select_related("confirmed_by").get(pk=batch_id)
    try:
        return _write(actor=batch.confirmed_by, batch_id=batch_id, mode=batch.mode,
                      status=ImportBatch.Status.APPLYING)
    except RowsHaveErrors as exc:
        outcome = {"code": "nothing_imported", "params": {"count": exc.count}}
    except Conflict:
        outcome = {"code": "conflict", "params": {}}
    except PermissionDenied:
        outcome = {"code": "no_permission", "params": {}}
    except Exception as exc:
        logger.exception("import %s could not be written", batch_id)
        outcome = {"code": "timed_out" if tasks.timed_out(exc) else "write_failed", "params": {}}
    _still(batch_id, ImportBatch.Status.APPLYING, status=ImportBatch.Status.PREVIEWED, outcome=outcome)
    return None


def import_apply(*, actor, batch: ImportBatch, mode: str) -> ImportBatch:
    """Write a checked import at once, in this process (what the queued writing does).

    Raises PermissionDenied, Conflict, ValidationFailed (as `import_confirm`)."""
    return _write(actor=actor, batch_id=batch.pk, mode=mode, status=ImportBatch.Status.PREVIEWED)


@transaction.atomic
def _write(*, actor, batch_id: int, mode: str, status: str) -> ImportBatch:
    """Write a checked import, all rows or only the valid ones, in one transaction.

    Rows are checked again against the database as it is now. Raises PermissionDenied, Conflict
    (already imported, or the database changed meanwhile), ValidationFailed (errors in
    all-or-nothing mode: nothing is written)."""
    if actor is None:
        raise PermissionDenied()
    batch = _confirmable(actor=actor, batch_id=batch_id, mode=mode, status=status)
    results = check_rows(actor=actor, rows=batch.rows, lock=True)
    failed = [r for r in results if r.has_errors]
    if failed and mode == ImportBatch.Mode.ALL_OR_NOTHING:
        raise RowsHaveErrors(len(failed))
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
            for part in pacing.batches(creates):
                Organisation.objects.bulk_create([r.organisation for r in part])
            for r in updates:
                r.organisation.updated_at = now
            for part in pacing.batches(updates):
                Organisation.objects.bulk_update(
                    [r.organisation for r in part],
                    [*snapshot_fields, "public_listing_consented_at", "search_text", "updated_at"],
                )
    except IntegrityError as exc:  # an OID taken between the check and the insert
        raise Conflict(message("conflict")) from exc
    pagecache.changed("directory")  # bulk writes send no signal
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
    for part in pacing.batches(entries, size=1000):
        audit.record_many(part)

    batch.problems = [p for p in batch.problems if p["row"] is None] + [
        p for r in results for p in r.problems]
    batch.problems.sort(key=lambda p: (p["row"] or 0, p["level"] != "error"))
    batch.error_count = sum(1 for p in batch.problems if p["level"] == "error")
    batch.warning_count = len(batch.problems) - batch.error_count
    batch.status = ImportBatch.Status.APPLIED
    batch.outcome = {}
    batch.mode = mode
    batch.applied_at = now
    batch.created_count, batch.updated_count, batch.skipped_count = len(creates), len(updates), len(failed)
    batch.save()
    return batch
