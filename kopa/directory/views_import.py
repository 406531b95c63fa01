"""Staff tools for whole lists of organisations: import, export, duplicates and merging."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kopa.agencies.access import staff_required
from kopa.agencies.selectors import agencies_for_staff, staff_agency_ids
from kopa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kopa.core.spreadsheets import csv_response, xlsx_response
from kopa.directory import duplicates, exporting, importing, selectors
from kopa.directory.forms import DirectoryFilterForm
from kopa.directory.forms_import import ImportConfirmForm, ImportUploadForm, MergeForm
from kopa.directory.models import ImportBatch, Organisation

PROBLEMS_PER_PAGE = 100
PAIRS_PER_PAGE = 50


def _add_errors(form, exc: ValidationFailed) -> None:
    for name, errors in exc.fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


@staff_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None,
                            agencies=agencies_for_staff(request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = importing.import_preview(
                actor=request.user, agency=form.chosen_agency(), filename=upload.name,
                content=upload.read(),
            )
        except ValidationFailed as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            return redirect("directory:import_detail", pk=batch.pk)
    return render(request, "directory/import_upload.html", {
        "form": form,
        "columns": importing.COLUMNS,
        "required_columns": importing.REQUIRED_COLUMNS,
        "batches": importing.import_batches_for(user=request.user).select_related("agency", "created_by")[:10],
    })


@staff_required
def import_detail(request, pk: int):
    try:
        batch = importing.import_batch_for(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404() from exc
    form = ImportConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.import_apply(actor=request.user, batch=batch, mode=form.cleaned_data["mode"])
        except ValidationFailed as exc:
            _add_errors(form, exc)
        except Conflict as exc:
            messages.error(request, exc.message)
            return redirect("directory:import_detail", pk=batch.pk)
        except (PermissionDenied, NotFound) as exc:
            raise Http404() from exc
        else:
            messages.success(request, _(
                "Import finished: %(created)d organisations created, %(updated)d updated, %(skipped)d rows "
                "skipped.") % {"created": batch.created_count, "updated": batch.updated_count,
                               "skipped": batch.skipped_count})
            return redirect("directory:import_detail", pk=batch.pk)
    problems = Paginator(batch.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/import_detail.html", {
        "batch": batch,
        "form": form,
        "page_obj": problems,
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and not batch.has_file_errors
        and batch.row_count > 0,
    })


def _filtered_for_export(request):
    form = DirectoryFilterForm(request.GET or None, with_tags=True)
    if form.is_bound and not form.is_valid():
        return None
    return selectors.staff_organisation_list(user=request.user, filters=form.to_filters())


@staff_required
def export_csv(request):
    organisations = _filtered_for_export(request)
    if organisations is None:  # the list page shows what is wrong with the filters
        return redirect(f"{reverse('directory:staff_list')}?{request.GET.urlencode()}")
    return csv_response(exporting.export_rows(organisations), filename="organisations.csv")


@staff_required
def export_xlsx(request):
    organisations = _filtered_for_export(request)
    if organisations is None:
        return redirect(f"{reverse('directory:staff_list')}?{request.GET.urlencode()}")
    return xlsx_response(exporting.export_rows(organisations), filename="organisations.xlsx", title=_("Organisations"))


@staff_required
def duplicate_list(request):
    pairs = duplicates.duplicate_pairs(user=request.user)
    return render(request, "directory/duplicates.html", {
        "page_obj": Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page")),
        "threshold": duplicates.SIMILARITY_THRESHOLD,
    })


def _in_scope(user, pk) -> Organisation:
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404() from exc
    org = selectors.staff_scope(user).filter(pk=pk).prefetch_related(
        "target_groups", "themes", "working_languages").first()
    if org is None:
        raise Http404()
    return org


def _comparison(user, first: Organisation, second: Organisation) -> list[tuple]:
    """Rows of the side-by-side table: a label, then each organisation's value."""
    agency_ids = staff_agency_ids(user)

    def lists(org, name):
        return ", ".join(str(item) for item in getattr(org, name).all()) or "–"

    def counts(org):
        return {
            "people": org.affiliations.count(),
            "notes": org.staff_notes.filter(agency_id__in=agency_ids).count(),
            "projects": org.led_projects.count() + org.project_partnerships.count(),
            "representatives": org.representatives.count(),
        }

    rows = []
    for name in ("legal_name", "type", "oid", "country", "region", "city", "address", "postcode",
                 "website", "email", "experience", "accessibility"):
        field = Organisation._meta.get_field(name)
        values = []
        for org in (first, second):
            display = getattr(org, f"get_{name}_display", None)
            if name == "country":
                value = org.country.name
            else:
                value = display() if display else getattr(org, name)
            values.append(str(value or "–"))
        rows.append((field.verbose_name, *values))
    for name in ("target_groups", "themes", "working_languages"):
        rows.append((Organisation._meta.get_field(name).verbose_name, lists(first, name), lists(second, name)))
    first_counts, second_counts = counts(first), counts(second)
    for key, label in (("people", _("People with a role")), ("notes", _("Your agency's notes")),
                       ("projects", _("Projects")), ("representatives", _("Representatives"))):
        rows.append((label, first_counts[key], second_counts[key]))
    return rows


@staff_required
def merge(request, pk: int):
    org = _in_scope(request.user, pk)
    other_id = request.POST.get("other") or request.GET.get("other")
    other = _in_scope(request.user, other_id) if other_id else None
    if other is None or other.pk == org.pk:
        return render(request, "directory/merge_pick.html", {
            "org": org, "candidates": duplicates.similar_in_scope(user=request.user, organisation=org),
            "same": other is not None,
        })
    form = MergeForm(request.POST or None, first=org, second=other)
    if request.method == "POST" and form.is_valid():
        keep, merged = form.keep_and_merge()
        try:
            duplicates.organisation_merge(actor=request.user, keep=keep, merge=merged)
        except ValidationFailed as exc:
            _add_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        except PermissionDenied as exc:
            raise Http404() from exc
        else:
            messages.success(request, _("“%(merged)s” is merged into “%(kept)s”.") % {
                "merged": merged.legal_name, "kept": keep.legal_name})
            return redirect("directory:staff_detail", pk=keep.pk)
    return render(request, "directory/merge.html", {
        "org": org, "other": other, "form": form, "rows": _comparison(request.user, org, other),
    })
