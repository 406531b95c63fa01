"""Pages for registering, the participant's own area and the participation form."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.errors import KopaError, NotFound, PermissionDenied, ValidationFailed
from kopa.events import selectors_participation as selectors
from kopa.events import services, services_participation
from kopa.events.forms_registration import ParticipationForm, RegistrationForm
from kopa.events.models import HELD_STATUSES, Registration
from kopa.events.qr import qr_svg

S = Registration.Status
# Statuses that show the QR code: the place is confirmed (and used for check-in).
QR_STATUSES = frozenset({S.CONFIRMED, S.ATTENDED, S.NO_SHOW})
# Statuses the participant can withdraw from (selected and offered places are declined).
CANCELLABLE = frozenset(
    {S.APPLIED, S.PRESELECTED, S.SELECTED, S.CONFIRMED, S.WAITLISTED, S.OFFERED}
)


def _or_404(fn, **kwargs):
    try:
        return fn(**kwargs)
    except (NotFound, PermissionDenied) as exc:
        raise Http404() from exc


def register(request, pk: int):
    event = _or_404(selectors.event_for_registration, pk=pk)
    questions = selectors.registration_questions(event)
    context = {"event": event}
    mine = selectors.active_registration(user=request.user, event=event)
    if mine is not None:
        return render(
            request,
            "events/registration_result.html",
            {**context, "registration": mine, "again": True},
        )
    closed = selectors.closed_reason(event)
    if closed:
        return render(request, "events/registration_form.html", {**context, "closed": closed})
    form = RegistrationForm(
        request.POST or None, request.FILES or None, questions=questions, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = {**form.person_data(), "language": (get_language() or "en").split("-")[0]}
        user = request.user if request.user.is_authenticated else None
        try:
            submission = services_participation.registration_submit(
                event=event, data=data, answers=form.answers(), user=user
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except KopaError as exc:  # closed in the meantime
            form.add_error(None, str(exc.message))
        else:
            registration = submission.registration
            own = user is not None and registration.user_id == user.pk
            if not submission.created and not own:
                # Never show someone else's registration: the e-mail tells its owner.
                return render(
                    request, "events/registration_result.html", {**context, "neutral": True}
                )
            return render(
                request,
                "events/registration_result.html",
                {
                    **context,
                    "registration": registration,
                    "again": not submission.created,
                },
            )
    return render(
        request,
        "events/registration_form.html",
        {
            **context,
            "form": form,
            "waiting_list": selectors.joins_waiting_list(event),
        },
    )


def _qr_data_uri(code: str) -> str:
    svg = qr_svg(code).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@login_required
def my_events(request):
    rows = []
    for registration in selectors.my_registrations(user=request.user):
        rows.append(
            {
                "registration": registration,
                "offer": registration.open_offers[0] if registration.open_offers else None,
                "qr": _qr_data_uri(registration.checkin_code)
                if registration.status in QR_STATUSES
                else None,
                "holds_place": registration.status in HELD_STATUSES,
                "can_cancel": registration.status in CANCELLABLE,
            }
        )
    return render(request, "events/registration_my_list.html", {"rows": rows})


@login_required
def my_cancel(request, registration_pk: int):
    registration = _or_404(selectors.own_registration, user=request.user, pk=registration_pk)
    if registration.status not in CANCELLABLE:
        raise Http404()
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except KopaError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect("events:my_events")
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
        },
    )


def _answer(request, registration_pk: int, action, success: str):
    registration = _or_404(selectors.own_registration, user=request.user, pk=registration_pk)
    try:
        action(registration)
    except KopaError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, success)
    return redirect("events:my_events")


@login_required
@require_POST
def my_confirm(request, registration_pk: int):
    return _answer(
        request,
        registration_pk,
        lambda r: services.confirm(registration=r, actor=request.user),
        _("Your place is confirmed."),
    )


def _offer_of(registration):
    offer = selectors.open_offer(registration)
    if offer is None:
        raise KopaError(_("There is no open offer for this registration."))
    return offer


@login_required
@require_POST
def my_offer_accept(request, registration_pk: int):
    return _answer(
        request,
        registration_pk,
        lambda r: services.offer_accept(offer=_offer_of(r), actor=request.user),
        _("You accepted the place. It is confirmed."),
    )


@login_required
@require_POST
def my_offer_decline(request, registration_pk: int):
    return _answer(
        request,
        registration_pk,
        lambda r: services.offer_decline(offer=_offer_of(r), actor=request.user),
        _("You declined the place. It goes to the next person waiting."),
    )


@login_required
def participation(request, registration_pk: int):
    registration = _or_404(selectors.own_registration, user=request.user, pk=registration_pk)
    if registration.status not in HELD_STATUSES:
        raise Http404()
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "retention_days": services_participation.retention_days(),
        "purge_date": services_participation.purge_due_at(event),
    }
    if selectors.is_purged(event):
        return render(
            request, "events/registration_participation.html", {**context, "purged": True}
        )
    details = selectors.participation_details(registration)
    form = ParticipationForm(request.POST or None, details=details)
    if request.method == "POST" and form.is_valid():
        try:
            services_participation.participation_save(
                actor=request.user, registration=registration, data=form.to_service_data()
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except KopaError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Your participation details are saved."))
            return redirect("events:participation", registration_pk=registration.pk)
    return render(request, "events/registration_participation.html", {**context, "form": form})
