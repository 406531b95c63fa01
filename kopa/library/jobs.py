"""Queued work of the library: reading an uploaded file's text (and whether a PDF is tagged) in the
background, through the task queue (a worker with Redis, after the request's commit without)."""

from kopa.library.services import version_read


def read_version_text(*, version_id: int) -> str:
    """Task: read one uploaded file and refresh the search index (`services.version_read`)."""
    return version_read(version_id=version_id)
