"""Data-protection requests in the back office: the list, a new request, and one request with what
answers it (the subject's export, the erasure, the records to correct). Observers read; admins and staff
act; another agency's request is a 404."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kopa.agencies.access import staff_required, writer_required
from kopa.agencies.selectors import agencies_for_writer, is_agency_writer
from kopa.core import audit, privacy
from kopa.core.errors import Conflict
from kopa.core.web import submit
from kopa.directory.access import dp_request_for_staff, dp_request_for_writer, person_for_dp_request
from kopa.directory.dataprotection import selectors, services
from kopa.directory.dataprotection.forms import (
    ConfirmErasureForm,
    DataProtectionRequestForm,
    ExtensionForm,
    StatusFilterForm,
    StatusForm,
)
from kopa.directory.models import DataProtectionRequest


@staff_required
@require_http_methods(["GET", "POST"])
def dp_request_list(request):
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    rows = selectors.dp_request_list(user=request.user, status=status)
    return render(request, "directory/dataprotection/list.html", {
        "form": form, "rows": rows, "can_create": bool(agencies_for_writer(request.user).exists()),
    })


@writer_required
@require_http_methods(["GET", "POST"])
def dp_request_create(request):
    person = person_for_dp_request(user=request.user, pk=request.GET.get("person"))
    agencies = agencies_for_writer(request.user).order_by("name")
    initial = {"subject_name": str(person), "subject_email": person.email} if person else {}
    form = DataProtectionRequestForm(request.POST or None, agencies=agencies, initial=initial)
    created = submit(request, form, lambda: services.dp_request_create(
        actor=request.user, person=person, **form.cleaned_data,
    ), success=_("The request is recorded."))
    if created is not None:
        return redirect("directory:dp_request_detail", pk=created.pk)
    return render(request, "directory/dataprotection/create.html", {"form": form, "person": person})


@staff_required
@require_http_methods(["GET", "POST"])
def dp_request_detail(request, pk: int):
    dp_request = dp_request_for_staff(user=request.user, pk=pk)
    posted = request.method == "POST"
    status_form = StatusForm(request.POST if posted and "status-submit" in request.POST else None,
                             prefix="status")
    extension_form = ExtensionForm(request.POST if posted and "extend-submit" in request.POST else None,
                                   prefix="extend")
    if status_form.is_bound or extension_form.is_bound:
        dp_request = dp_request_for_writer(user=request.user, pk=pk)
    changed = submit(request, status_form, lambda: services.dp_request_status_set(
        actor=request.user, request=dp_request, status=status_form.cleaned_data["status"],
        note=status_form.cleaned_data["note"],
    ), success=_("The status is saved."))
    changed = changed or submit(request, extension_form, lambda: services.dp_request_extend(
        actor=request.user, request=dp_request, **extension_form.cleaned_data,
    ), success=_("The deadline is extended."))
    if changed is not None:
        return redirect("directory:dp_request_detail", pk=dp_request.pk)
    K = DataProtectionRequest.Kind
    return render(request, "directory/dataprotection/detail.html", {
        "dp": dp_request,
        "overdue": selectors.is_overdue(dp_request),
        "can_write": is_agency_writer(request.user, dp_request.agency_id),
        "status_form": status_form,
        "extension_form": extension_form,
        "to_rectify": (selectors.records_to_rectify(user=request.user, request=dp_request)
                       if dp_request.kind == K.RECTIFICATION else []),
        "history": audit.history_for(dp_request, reader_agency_ids=[dp_request.agency_id]),
    })


@staff_required
@require_GET
def dp_request_export(request, pk: int):
    """The subject's data as Kopa holds it, for answering an access request (not kept: never cached)."""
    dp_request = dp_request_for_staff(user=request.user, pk=pk)
    if dp_request.kind != DataProtectionRequest.Kind.ACCESS or dp_request.subject_purged_at:
        return redirect("directory:dp_request_detail", pk=dp_request.pk)
    return privacy.export_response(selectors.dp_subject(dp_request), f"kopa-access-request-{dp_request.pk}.json")


@writer_required
@require_http_methods(["GET", "POST"])
def dp_request_erase(request, pk: int):
    """The confirmation step before an erasure request is carried out."""
    dp_request = dp_request_for_writer(user=request.user, pk=pk)
    if dp_request.kind != DataProtectionRequest.Kind.ERASURE or dp_request.is_closed:
        return redirect("directory:dp_request_detail", pk=dp_request.pk)
    form = ConfirmErasureForm(request.POST or None)
    try:
        done = submit(request, form, lambda: services.dp_request_erase(actor=request.user, request=dp_request),
                      success=_("The data is erased and the request is done."))
    except Conflict as exc:  # e.g. the account is in an agency's team: said on the form, nothing erased
        form.add_error(None, exc.message)
        done = None
    if done is not None:
        return redirect(reverse("directory:dp_request_detail", kwargs={"pk": dp_request.pk}))
    return render(request, "directory/dataprotection/erase.html", {"dp": dp_request, "form": form})
