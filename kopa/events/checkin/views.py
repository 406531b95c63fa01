"""Pages for check-in, the organisers' documents, learning outcomes and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.agencies.access import staff_download_required, staff_required, writer_required
from kopa.core.errors import KopaError, NotFound, ValidationFailed
from kopa.core.http import site_url
from kopa.core.jobs import job_start
from kopa.core.views_jobs import start_redirect
from kopa.core.web import submit
from kopa.events.access import organised_event, own_registration
from kopa.events.checkin import documents
from kopa.events.checkin.forms import CheckInForm, LearningForm
from kopa.events.checkin.selectors import (
    CertificatesNotReleased,
    attendance_counts,
    attendees,
    certificate_registration,
    certificates_released,
    default_checkin_day,
    learning_record,
    registration_by_code,
)
from kopa.events.checkin.services import (
    LEARNING_STATUSES,
    attendance_record,
    certificates_release,
    learning_record_save,
)
from kopa.events.jobs import event_slug
from kopa.events.registration.selectors import has_access_needs


def _pdf(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@staff_required
@writer_required
def checkin(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    result = None
    initial = {"day": default_checkin_day(event).isoformat()}
    form = CheckInForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_by_code(event=event, code=form.cleaned_data["code"])
            attendance, created = attendance_record(
                actor=request.user,
                registration=registration,
                day=form.cleaned_data["day"],
                reason=form.cleaned_data["reason"],
            )
        except NotFound:
            form.add_error("code", _("No registration for this event has this code."))
        except ValidationFailed as exc:
            for name, errors in exc.fields.items():
                form.add_error(name if name in form.fields else None, errors)
        except KopaError as exc:
            form.add_error("code", str(exc.message))
        else:
            result = {
                "registration": registration,
                "attendance": attendance,
                "created": created,
                # Only the fact, never the details: those are for the people who arrange support.
                "has_access_needs": has_access_needs(registration),
            }
            # A fresh form for the next person, on the same day.
            form = CheckInForm(event=event, initial={"day": form.cleaned_data["day"].isoformat()})
    return render(
        request,
        "events/checkin/page.html",
        {"event": event, "form": form, "result": result, "counts": attendance_counts(event)},
    )


@staff_required
def event_documents(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    return render(
        request,
        "events/checkin/documents.html",
        {"event": event, "attendees": attendees(event), "counts": attendance_counts(event)},
    )


def _start(request, event, kind: str, **parameters):
    """Start building a document or an export of `event` in the background (the start is a POST:
    `staff_download_required`); the person watches it on the job's page and downloads it there."""
    job = job_start(actor=request.user, kind=kind, parameters={"event": event.pk, **parameters},
                    agency_id=event.organiser_agency_id)
    return start_redirect(job)


@staff_download_required
def sign_in_sheet(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    return _start(request, event, "kopa.events.jobs:SIGN_IN_SHEET")


@staff_download_required
def badges(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    return _start(request, event, "kopa.events.jobs:BADGES")


@staff_required
@require_POST
def release_certificates(request, pk: int):
    event = organised_event(user=request.user, pk=pk)
    try:
        count = certificates_release(
            actor=request.user, event=event, base_url=site_url(request)
        )
    except KopaError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Certificates are ready: %(count)d attendees were told by e-mail.")
            % {"count": count},
        )
    return redirect("events:documents", pk=event.pk)


def _certificate_response(request, registration_pk: int, *, event_pk: int | None = None):
    registration = certificate_registration(user=request.user, pk=registration_pk, event_pk=event_pk)
    filename = f"certificate-{event_slug(registration.event)}-{slugify(registration.full_name)}.pdf"
    return _pdf(documents.certificate(registration), filename)


@staff_download_required
def staff_certificate(request, pk: int, registration_pk: int):
    event = organised_event(user=request.user, pk=pk)
    certificate_registration(user=request.user, pk=registration_pk, event_pk=pk)
    return _start(request, event, "kopa.events.jobs:CERTIFICATE", registration=registration_pk)


@login_required
def certificate(request, registration_pk: int):
    own_registration(user=request.user, pk=registration_pk)
    try:
        return _certificate_response(request, registration_pk)
    except CertificatesNotReleased as exc:
        messages.info(request, str(exc.message))
        return redirect("events:learning", registration_pk=registration_pk)


@login_required
def learning(request, registration_pk: int):
    registration = own_registration(user=request.user, pk=registration_pk)
    if registration.status not in LEARNING_STATUSES:
        raise Http404()
    form = LearningForm(request.POST or None, record=learning_record(registration))
    saved = submit(
        request,
        form,
        lambda: learning_record_save(
            actor=request.user,
            registration=registration,
            framework=form.cleaned_data["framework"],
            outcomes=form.outcomes(),
        ),
        success=_("Your learning outcomes are saved."),
    )
    if saved is not None:
        return redirect("events:learning", registration_pk=registration.pk)
    return render(
        request,
        "events/checkin/learning.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "certificates_released": certificates_released(registration.event),
        },
    )
