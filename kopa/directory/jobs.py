"""Queued work of the directory app, run by the task worker (`kopa.directory.jobs:<name>`), or at
once without Redis."""

from kopa.directory.imports.services import import_read, import_write


def read_import(*, batch_id: int) -> str:
    """Read and check an uploaded organisation file."""
    batch = import_read(batch_id=batch_id)
    return f"import {batch_id}: {batch.status if batch else 'nothing to do'}"


def write_import(*, batch_id: int) -> str:
    """Write a confirmed organisation import."""
    batch = import_write(batch_id=batch_id)
    return f"import {batch_id}: {batch.status if batch else 'not written'}"
