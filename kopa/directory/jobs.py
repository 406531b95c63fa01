"""Queued work of the directory app, run by the task worker (`kopa.directory.jobs:<name>`), or at
once without Redis; and the merge of two organisations, which staff start and watch as a background
job (`kopa.core.jobs`; the kind `MERGE`, by its dotted path); and the staff list's exports (CSV and
XLSX, with the list's filters), built as background jobs too."""

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.agencies.selectors import is_agency_staff
from kopa.core.errors import NotFound
from kopa.core.jobs import JobKind, Result, csv_result, xlsx_result
from kopa.core.pacing import paced
from kopa.directory.access import organisation_in_inventory
from kopa.directory.duplicates.services import organisation_merge
from kopa.directory.imports.exporting import export_rows
from kopa.directory.imports.services import import_read, import_write
from kopa.directory.organisations.forms import DirectoryFilterForm
from kopa.directory.organisations.selectors import staff_organisation_list


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


# --- the staff list's exports: the organisations the person's list shows, with its filters ------------


def may_export(user, parameters: dict) -> bool:
    """The list is the person's own inventories: they must still be agency staff."""
    return is_agency_staff(user)


def _organisation_rows(job):
    form = DirectoryFilterForm(QueryDict(job.parameters.get("query", "")) or None, with_tags=True)
    filters = form.to_filters() if not form.is_bound or form.is_valid() else {}
    return export_rows(staff_organisation_list(user=job.requested_by, filters=filters))


def _export_csv(*, job, progress) -> Result:
    return csv_result(_organisation_rows(job), "organisations.csv")


def _export_xlsx(*, job, progress) -> Result:
    return xlsx_result(_organisation_rows(job), "organisations.xlsx", title=_("Organisations"))


ORGANISATIONS_CSV = JobKind(title=gettext_lazy("Organisations (CSV)"), run=_export_csv, may_see=may_export)
ORGANISATIONS_XLSX = JobKind(title=gettext_lazy("Organisations (XLSX)"), run=_export_xlsx, may_see=may_export)
