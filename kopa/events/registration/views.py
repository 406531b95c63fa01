"""Pages for registering, the participant's own area and the participation form."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kopa.core.errors import KopaError, NotFound, ValidationFailed
from kopa.core.throttling import rate_limit
from kopa.core.web import submit
from kopa.events.access import own_registration
from kopa.events.models import HELD_STATUSES, PARTICIPANT_STATUSES, UNCONFIRMED_HOURS, Registration
from kopa.events.qr import qr_svg
from kopa.events.registration.forms import ParticipationForm, RegistrationForm
from kopa.events.registration.links import (
    CANCEL,
    CONFIRM,
    OFFER,
    PARTICIPATION,
    VERIFY,
    LinkExpired,
    LinkInvalid,
    link_verify,
)
from kopa.events.registration.participation import (
    participation_save,
    purge_due_at,
    retention_days,
)
from kopa.events.registration.selectors import (
    active_registration,
    closed_reason,
    event_for_registration,
    joins_waiting_list,
    my_registrations,
    open_offer,
    participation_details,
    purged_on,
    registration_for_link,
    registration_organisation_options,
    registration_questions,
    waiting_position,
)
from kopa.events.registration.services import (
    confirm,
    registration_cancel,
    registration_email_confirm,
    registration_email_discard,
    registration_submit,
)
from kopa.events.registration.waitinglist import offer_accept, offer_decline
from kopa.events.rules import CANCELLABLE_STATUSES

S = Registration.Status
# Statuses that show the QR code: the place is confirmed (and used for check-in).
QR_STATUSES = frozenset({S.CONFIRMED, S.ATTENDED, S.NO_SHOW})
CANCELLABLE = CANCELLABLE_STATUSES


@rate_limit("registration", fields=("email",), anonymous_only=True)
def register(request, pk: int):
    event = event_for_registration(pk=pk)
    questions = registration_questions(event)
    context = {"event": event}
    mine = active_registration(user=request.user, event=event)
    if mine is not None:
        return _result(request, context, mine, again=True)
    closed = closed_reason(event)
    if closed:
        return render(request, "events/registration/form.html", {**context, "closed": closed})
    options = registration_organisation_options(
        user=request.user,
        q=request.POST.get("organisation_search", "") if RegistrationForm.is_search(request.POST) else "",
        chosen=request.POST.get("organisation"),
    )
    kwargs = {"questions": questions, "options": options, "user": request.user}
    if RegistrationForm.is_search(request.POST):
        form = RegistrationForm.carried_over(request.POST, request.FILES, **kwargs)
    else:
        form = RegistrationForm(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_bound and form.is_valid():
        data = {**form.person_data(), "language": (get_language() or "en").split("-")[0]}
        user = request.user if request.user.is_authenticated else None
        try:
            registration, created = registration_submit(
                event=event, data=data, answers=form.answers(), user=user, verify_email=True
            )
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        except KopaError as exc:  # closed in the meantime
            form.add_error(None, str(exc.message))
        else:
            own = user is not None and registration.user_id == user.pk
            if registration.status == S.UNCONFIRMED or (not created and not own):
                # The same answer whether or not the address was registered already, and never
                # someone else's registration: the e-mail to the address tells its owner.
                return render(
                    request,
                    "events/registration/result.html",
                    {**context, "neutral": True, "unconfirmed_hours": UNCONFIRMED_HOURS},
                )
            return _result(request, context, registration, again=not created)
    return render(
        request,
        "events/registration/form.html",
        {
            **context,
            "form": form,
            "options": options,
            "waiting_list": joins_waiting_list(event),
        },
    )


def _result(request, context: dict, registration: Registration, *, again: bool):
    """The registration's status and what happens next, and when."""
    return render(
        request,
        "events/registration/result.html",
        {
            **context,
            "registration": registration,
            "again": again,
            "position": waiting_position(registration),
            "cancellable": registration.status in CANCELLABLE,
            "reminder_hours": settings.KOPA_REMINDER_HOURS,
        },
    )


def _qr_data_uri(code: str) -> str:
    svg = qr_svg(code).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@login_required
def my_events(request):
    rows = []
    for registration in my_registrations(user=request.user):
        rows.append(
            {
                "registration": registration,
                "offer": registration.open_offers[0] if registration.open_offers else None,
                "qr": _qr_data_uri(registration.checkin_code)
                if registration.status in QR_STATUSES and registration.checkin_code
                else None,
                "holds_place": registration.status in HELD_STATUSES,
                "is_participant": registration.is_participant,
                "can_cancel": registration.status in CANCELLABLE,
            }
        )
    return render(request, "events/registration/my_list.html", {"rows": rows})


@login_required
def my_cancel(request, registration_pk: int):
    registration = own_registration(user=request.user, pk=registration_pk)
    if registration.status not in CANCELLABLE:
        raise Http404()
    if request.method == "POST":
        try:
            registration_cancel(registration=registration, actor=request.user)
        except KopaError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect("events:my_events")
    return render(
        request,
        "events/registration/cancel.html",
        {
            "registration": registration,
            "event": registration.event,
        },
    )


def _answer(request, registration_pk: int, action, success: str):
    registration = own_registration(user=request.user, pk=registration_pk)
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
        lambda r: confirm(registration=r, actor=request.user),
        _("Your place is confirmed."),
    )


def _offer_of(registration):
    offer = open_offer(registration)
    if offer is None:
        raise KopaError(_("There is no open offer for this registration."))
    return offer


@login_required
@require_POST
def my_offer_accept(request, registration_pk: int):
    return _answer(
        request,
        registration_pk,
        lambda r: offer_accept(offer=_offer_of(r), actor=request.user),
        _("You accepted the place. It is confirmed."),
    )


@login_required
@require_POST
def my_offer_decline(request, registration_pk: int):
    return _answer(
        request,
        registration_pk,
        lambda r: offer_decline(offer=_offer_of(r), actor=request.user),
        _("You declined the place. It goes to the next person waiting."),
    )


@login_required
def participation(request, registration_pk: int):
    registration = own_registration(user=request.user, pk=registration_pk, held=True)
    return _participation_page(request, registration, actor=request.user)


def _participation_page(request, registration: Registration, *, actor, link=None):
    """The participation form, for its owner or for whoever holds its e-mail link."""
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "retention_days": retention_days(),
        "purge_date": purge_due_at(event),
    }
    context["purged_on"] = purged_on(event)
    if context["purged_on"] is not None:
        return render(request, "events/registration/participation.html", context)
    form = ParticipationForm(request.POST or None, details=participation_details(registration))
    try:
        saved = submit(
            request,
            form,
            lambda: participation_save(
                actor=actor, registration=registration, data=form.to_service_data(), link=link
            ),
            success=_("Your participation details are saved."),
        )
    except KopaError as exc:
        form.add_error(None, str(exc.message))
    else:
        if saved is not None:
            return redirect(request.path)
    return render(request, "events/registration/participation.html", {**context, "form": form})


# --- signed links from e-mails: no login needed ------------------------------------------------------

# What each link's buttons do: (action, answer) → (service, message once done).
LINK_ANSWERS = {
    (VERIFY, "confirm"): (
        registration_email_confirm, gettext_lazy("Thank you: your e-mail address is confirmed.")
    ),
    (VERIFY, "discard"): (
        registration_email_discard, gettext_lazy("The registration is deleted. Thank you for telling us.")
    ),
    (OFFER, "accept"): (offer_accept, gettext_lazy("You accepted the place. It is confirmed.")),
    (OFFER, "decline"): (
        offer_decline, gettext_lazy("You declined the place. It goes to the next person waiting.")
    ),
    (CONFIRM, "confirm"): (confirm, gettext_lazy("Your place is confirmed.")),
    (CONFIRM, "decline"): (
        registration_cancel, gettext_lazy("You declined the place. It goes to the next applicant.")
    ),
    (CANCEL, "cancel"): (
        registration_cancel,
        gettext_lazy("Your registration is cancelled. Thank you for telling us."),
    ),
}


def _link_open(registration: Registration, action: str, offer) -> bool:
    """Whether the link still has something to answer."""
    if action == VERIFY:
        return registration.status == S.UNCONFIRMED
    if action == OFFER:
        return offer is not None and registration.status == S.OFFERED
    if action == CONFIRM:
        return registration.status == S.SELECTED
    return registration.status in CANCELLABLE


def _link_refused(request, exc: LinkExpired | LinkInvalid):
    return render(
        request,
        "events/registration/link_invalid.html",
        {"message": exc.message, "expired": isinstance(exc, LinkExpired)},
        status=exc.status,
    )


@rate_limit("response_link")
def registration_link(request, action: str, token: str):
    """A link from an e-mail: the page says what the button does; only the posted button acts."""
    try:
        link = link_verify(action, token)
    except (LinkExpired, LinkInvalid) as exc:
        return _link_refused(request, exc)
    try:
        registration, offer = registration_for_link(
            registration_id=link.registration_id, offer_id=link.offer_id
        )
    except NotFound:
        if action != VERIFY:
            raise
        # Deleted: it lapsed, its owner deleted it, or a newer registration took its place.
        return _link_refused(request, LinkExpired())
    if action == PARTICIPATION:
        if registration.status not in PARTICIPANT_STATUSES:
            return _link_refused(request, LinkExpired())
        actor = request.user if request.user.is_authenticated else None
        return _participation_page(request, registration, actor=actor, link=link)
    if offer is not None and offer.expires_at <= timezone.now():
        # Lapsed, though the scheduled job has not passed the place on yet.
        return _link_refused(request, LinkExpired())
    context = {
        "registration": registration,
        "event": registration.event,
        "action": action,
        "offer": offer,
        "is_open": _link_open(registration, action, offer),
    }
    if request.method == "POST" and context["is_open"]:
        answer = LINK_ANSWERS.get((action, request.POST.get("answer", "")))
        if answer is None:
            return render(
                request, "events/registration/link.html",
                {**context, "error": _("Please choose one of the buttons.")}, status=400,
            )
        service, message = answer
        actor = request.user if request.user.is_authenticated else None
        try:
            if action == OFFER:
                registration = service(offer=offer, actor=actor, link=link)
            else:
                registration = (
                    service(registration=registration, actor=actor, link=link) or registration
                )
        except KopaError as exc:
            return render(
                request, "events/registration/link.html",
                {**context, "error": exc.message}, status=exc.status,
            )
        return render(
            request,
            "events/registration/link.html",
            {
                **context,
                "registration": registration,
                "done": message,
                "is_open": False,
                "discarded": answer is LINK_ANSWERS[(VERIFY, "discard")],
            },
        )
    return render(request, "events/registration/link.html", context)
