"""Staff tools for whole lists of organisations: import and export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.agencies.selectors import agencies_for_staff
from kopa.core.errors import Conflict
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.directory.imports import selectors, services
from kopa.directory.imports.checking import COLUMNS, REQUIRED_COLUMNS
from kopa.directory.imports.forms import ImportConfirmForm, ImportUploadForm
from kopa.directory.imports.problems import message, problem_message
from kopa.directory.models import ImportBatch
from kopa.directory.organisations.forms import DirectoryFilterForm

PROBLEMS_PER_PAGE = 100
# While an import is read or written its page looks again this often.
REFRESH_SECONDS = 2
RECENT_IMPORTS = 10


@staff_required
@writer_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None,
                            agencies=agencies_for_staff(request.user))
    batch = submit(request, form, lambda: services.import_upload(
        actor=request.user, agency=form.chosen_agency(), filename=form.cleaned_data["file"].name,
        content=form.cleaned_data["file"],
    ))
    if batch is not None:
        return redirect("directory:import_detail", pk=batch.pk)
    return render(request, "directory/imports/import_upload.html", {
        "form": form,
        "columns": COLUMNS,
        "required_columns": REQUIRED_COLUMNS,
        "batches": selectors.import_batches_for(user=request.user, limit=RECENT_IMPORTS),
    })


@staff_required
@writer_required
def import_detail(request, pk: int):
    """An import's progress while it is read or written, then its problems, the confirmation and
    the result. The page refreshes itself while work is in progress."""
    batch = selectors.import_batch_for(user=request.user, pk=pk)
    form = ImportConfirmForm(request.POST or None)
    try:
        confirmed = submit(request, form, lambda: services.import_confirm(
            actor=request.user, batch=batch, mode=form.cleaned_data["mode"],
        ))
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("directory:import_detail", pk=batch.pk)
    if confirmed is not None:
        confirmed.refresh_from_db()
        if confirmed.status == ImportBatch.Status.APPLIED:
            messages.success(request, _(
                "Import finished: %(created)d organisations created, %(updated)d updated, %(skipped)d rows "
                "skipped.") % {"created": confirmed.created_count, "updated": confirmed.updated_count,
                               "skipped": confirmed.skipped_count})
        return redirect("directory:import_detail", pk=confirmed.pk)
    shown = batch.status in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.APPLIED)
    problems = Paginator(batch.problems if shown else [], PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    problems.object_list = [{**p, "message": problem_message(p)} for p in problems.object_list]
    code = (batch.outcome or {}).get("code")
    return render(request, "directory/imports/import_detail.html", {
        "batch": batch,
        "form": form,
        "page_obj": problems,
        "outcome": message(code, batch.outcome.get("params")) if code else "",
        "refresh_seconds": REFRESH_SECONDS,
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and not batch.has_file_errors
        and batch.row_count > 0,
    })


@staff_required
@require_POST
def import_cancel(request, pk: int):
    batch = selectors.import_batch_for(user=request.user, pk=pk)
    try:
        services.import_cancel(actor=request.user, batch=batch)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The import is cancelled. Nothing was saved."))
    return redirect("directory:import_detail", pk=batch.pk)


def _start_export(request, kind: str):
    """Start an export of the staff list with its filters (the address's query) as a background job
    and send the person to its page; invalid filters send them back to the list, which says why."""
    form = DirectoryFilterForm(request.GET or None, with_tags=True)
    if form.is_bound and not form.is_valid():
        return redirect(f"{reverse('directory:staff_list')}?{request.GET.urlencode()}")
    job = job_start(actor=request.user, kind=f"kopa.directory.jobs:{kind}",
                    parameters={"query": request.GET.urlencode()})
    return start_redirect(job)


@staff_download_required
def export_csv(request):
    return _start_export(request, "ORGANISATIONS_CSV")


@staff_download_required
def export_xlsx(request):
    return _start_export(request, "ORGANISATIONS_XLSX")
