"""Reads of imports: the batches of the agencies the user works for."""

from django.db.models import QuerySet

from kopa.agencies.selectors import staff_agency_ids
from kopa.core.errors import NotFound
from kopa.directory.models import ImportBatch


def import_batches_for(*, user, limit: int | None = None) -> QuerySet[ImportBatch]:
    """The imports of the agencies `user` works for, newest first (without their rows), at most
    `limit` of them."""
    batches = ImportBatch.objects.filter(agency_id__in=staff_agency_ids(user)).defer(
        "rows", "problems").select_related("agency", "created_by")
    return batches[:limit] if limit else batches


def import_batch_for(*, user, pk: int) -> ImportBatch:
    """One import of an agency `user` works for, without its rows and its problems (up to 100,000
    of each; its page, looked at every two seconds while the import runs, never shows the rows, and
    loads the problems only once they are shown). Raises NotFound."""
    batch = ImportBatch.objects.filter(pk=pk, agency_id__in=staff_agency_ids(user)).defer(
        "rows", "problems").first()
    if batch is None:
        raise NotFound()
    return batch
