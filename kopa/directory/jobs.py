"""Queued work of the directory app, run by the task worker (`kopa.directory.jobs:<name>`), or at
once without Redis; and the merge of two organisations, which staff start and watch as a background
job (`kopa.core.jobs`; the kind `MERGE`, by its dotted path)."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.errors import NotFound
from kopa.core.jobs import JobKind, Result
from kopa.core.pacing import paced
from kopa.directory.access import organisation_in_inventory
from kopa.directory.duplicates.services import organisation_merge
from kopa.directory.imports.services import import_read, import_write


def read_import(*, batch_id: int) -> str:
    """Read and check an uploaded organisation file, giving way to the web pages (kopa.core.pacing)."""
    with paced(settings.KOPA_BACKGROUND_SHARE):
        batch = import_read(batch_id=batch_id)
    return f"import {batch_id}: {batch.status if batch else 'nothing to do'}"


def write_import(*, batch_id: int) -> str:
    """Write a confirmed organisation import, giving way to the web pages (kopa.core.pacing)."""
    with paced(settings.KOPA_BACKGROUND_SHARE):
        batch = import_write(batch_id=batch_id)
    return f"import {batch_id}: {batch.status if batch else 'not written'}"


def may_see_merge(user, parameters: dict) -> bool:
    """The gate of a merge: the kept organisation is in one of the person's inventories."""
    try:
        organisation_in_inventory(user=user, pk=parameters["keep"])
    except NotFound:
        return False
    return True


def merge(*, job, progress) -> Result:
    """Merge the organisation `merge` into `keep`, as the person who started the job."""
    actor = job.requested_by
    keep = organisation_in_inventory(user=actor, pk=job.parameters["keep"])
    merged = organisation_in_inventory(user=actor, pk=job.parameters["merge"])
    merged_name = merged.legal_name
    kept = organisation_merge(actor=actor, keep=keep, merge=merged)
    return Result(
        link={"name": "directory:staff_detail", "args": [kept.pk],
              "label": _("Open “%(name)s”") % {"name": kept.legal_name}},
        message=_("“%(merged)s” is merged into “%(kept)s”.") % {
            "merged": merged_name, "kept": kept.legal_name},
    )


MERGE = JobKind(title=gettext_lazy("Merging two organisations"), run=merge, may_see=may_see_merge)
