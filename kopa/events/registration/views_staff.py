"""Organisers' pages for registrations: the list with its decisions, access needs, the kitchen list
and the participant list export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required
from kopa.core.errors import KopaError
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.directory.organisations.selectors import linkable_organisation
from kopa.events.access import organised_event, organised_event_with_needs, registrations_access
from kopa.events.models import Registration
from kopa.events.registration.forms import RegistrationOrganisationForm, StatusFilterForm
from kopa.events.registration.selectors import (
    STAFF_ACTIONS,
    access_needs_list,
    event_registration,
    kitchen_list,
    organisation_history,
    purged_on,
    registration_in,
    registration_list,
    staff_actions,
    staff_organisation_options,
)
from kopa.events.registration.services import (
    preselect,
    registration_change_status,
    registration_organisation_set,
)

S = Registration.Status
PAGE_SIZE = 50


@staff_required
def registrations(request, pk: int):
    access = registrations_access(user=request.user, pk=pk)
    form = StatusFilterForm(request.GET or None)
    status = form.status_value()
    page = Paginator(registration_list(access, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for registration in page:
        registration.event = access.event
    rows = [
        (registration, staff_actions(user=request.user, registration=registration))
        for registration in page
    ]
    return render(
        request,
        "events/registration/staff_list.html",
        {
            "event": access.event,
            "access": access,
            "form": form,
            "status": status,
            "page_obj": page,
            "rows": rows,
            "labels": dict(S.choices),
        },
    )


@staff_required
@require_POST
def registration_status(request, pk: int, registration_pk: int):
    access = registrations_access(user=request.user, pk=pk)
    registration = registration_in(access, pk=registration_pk)
    to = request.POST.get("to", "")
    try:
        if to == S.PRESELECTED:
            try:
                rank = int(request.POST.get("rank", ""))
            except ValueError:
                rank = 0
            preselect(actor=request.user, registration=registration, rank=rank)
        elif to in STAFF_ACTIONS:
            registration_change_status(
                actor=request.user, registration=registration, to=to
            )
        else:
            raise KopaError(_("Choose one of the decisions offered."))
    except KopaError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("%(name)s: the status is now “%(status)s”.")
            % {
                "name": registration.full_name,
                "status": S(registration.status).label,
            },
        )
    url = reverse("events:staff_registrations", kwargs={"pk": pk})
    status = request.POST.get("filter", "")
    return redirect(f"{url}?status={status}" if status in S.values else url)


@staff_required
def registration_organisation(request, pk: int, registration_pk: int):
    """The event's organisers link a registration to an organisation of the directory, or to
    none; a name the person proposed is shown to help them find it."""
    event = organised_event(user=request.user, pk=pk)
    registration = event_registration(event=event, pk=registration_pk)
    search = RegistrationOrganisationForm.is_search(request.POST)
    options = staff_organisation_options(
        user=request.user,
        registration=registration,
        q=request.POST.get("organisation_search", "") if search else registration.organisation_name,
        chosen=request.POST.get("organisation"),
    )
    kwargs = {"options": options, "registration": registration}
    if search:
        form = RegistrationOrganisationForm.carried_over(request.POST, **kwargs)
    else:
        form = RegistrationOrganisationForm(request.POST or None, **kwargs)
        if not form.is_bound and registration.organisation_name:
            form.initial.setdefault("organisation_search", registration.organisation_name)
    if request.method == "POST" and not search:
        saved = submit(
            request,
            form,
            lambda: registration_organisation_set(
                actor=request.user,
                registration=registration,
                organisation=_linkable(request.user, form.chosen_id()),
            ),
            success=_("%(name)s: the organisation is saved.") % {"name": registration.full_name},
        )
        if saved is not None:
            return redirect("events:staff_registrations", pk=event.pk)
    return render(
        request,
        "events/registration/staff_organisation.html",
        {
            "event": event,
            "registration": registration,
            "form": form,
            "options": options,
            "history": organisation_history(registration),
        },
    )


def _linkable(user, pk: int | None):
    return None if pk is None else linkable_organisation(user=user, pk=pk)


@staff_required
def access_needs(request, pk: int):
    event = organised_event_with_needs(user=request.user, pk=pk)
    return render(
        request,
        "events/registration/access_needs.html",
        {
            "event": event,
            "people": access_needs_list(event),
            "purged_on": purged_on(event),
        },
    )


@staff_required
def kitchen(request, pk: int):
    event = organised_event_with_needs(user=request.user, pk=pk)
    return render(
        request,
        "events/registration/kitchen.html",
        {
            "event": event,
            "kitchen": kitchen_list(event),
            "purged_on": purged_on(event),
        },
    )


def _start_export(request, pk: int, kind: str):
    """Start the participant list (filtered by the status of the list it was started from) as a
    background job and send the person to its page."""
    event = organised_event(user=request.user, pk=pk)
    status = StatusFilterForm(request.POST or None).status_value()
    job = job_start(actor=request.user, kind=kind, parameters={"event": event.pk, "status": status},
                    agency_id=event.organiser_agency_id)
    return start_redirect(job)


@staff_download_required
def export_csv(request, pk: int):
    return _start_export(request, pk, "kopa.events.jobs:PARTICIPANTS_CSV")


@staff_download_required
def export_xlsx(request, pk: int):
    return _start_export(request, pk, "kopa.events.jobs:PARTICIPANTS_XLSX")
