"""Writes to events: registration, the waiting list and selection.

Each service is keyword-only and runs in one transaction. Services that may consume a place lock
the event row first (then the registration), so places are counted by one writer at a time and
capacity is never exceeded. Every status change goes through `_transition`, which checks the
transition table, writes the audit entry and tells the participant in their own language.

When a held place frees:
- open registration: the first person on the waiting list gets an offer (`offer_next`);
- application and selection: the next preselected applicant from the same sending country is
  selected (best rank first, then arrival), or, if that country has none left, the best-ranked
  preselected applicant of any country. Hosts who want another choice can reject before then.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from kopa.core import audit
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.i18n import pick
from kopa.core.models import AuditEntry
from kopa.core.tasks import enqueue
from kopa.events import ical
from kopa.events.models import (
    ENDED_STATUSES,
    HELD_STATUSES,
    Event,
    Registration,
    WaitingListOffer,
    check_transition,
)
from kopa.events.qr import qr_png
from kopa.events.selectors import (
    is_host_staff,
    is_sending_staff,
    next_preselected,
    places_free,
    waiting_list,
)

S = Registration.Status

REGISTRATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "country_of_residence",
    "organisation_name",
    "organisation",
    "role",
    "language",
    "sending_country",
)

# E-mail subjects per notice; a notice is a status, or a reason that needs its own wording.
SUBJECTS = {
    "applied": gettext_lazy("We received your application for %(title)s"),
    "preselected": gettext_lazy("You are preselected for %(title)s"),
    "selected": gettext_lazy("You are selected for %(title)s: please confirm your place"),
    "rejected": gettext_lazy("Your application for %(title)s"),
    "confirmed": gettext_lazy("Your place at %(title)s is confirmed"),
    "waitlisted": gettext_lazy("You are on the waiting list for %(title)s"),
    "offered": gettext_lazy("A place is free for you at %(title)s"),
    "declined": gettext_lazy("You declined your place at %(title)s"),
    "offer_expired": gettext_lazy(
        "The place offered to you at %(title)s has gone to the next person"
    ),
    "selection_expired": gettext_lazy("Your place at %(title)s was not confirmed in time"),
    "cancelled": gettext_lazy("Your registration for %(title)s is cancelled"),
    "reminder": gettext_lazy("Reminder: %(title)s begins soon"),
}


class RegistrationClosed(Conflict):
    code = "registration_closed"
    default_message = gettext_lazy("Registration for this event is closed.")


class EventFull(Conflict):
    code = "event_full"
    default_message = gettext_lazy("All places of this event are taken.")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _event_zone(event: Event):
    try:
        return ZoneInfo(event.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def _notify(
    registration: Registration, notice: str, *, offer: WaitingListOffer | None = None
) -> None:
    """E-mail the participant about `notice`, in their language and the event's time zone."""
    if notice not in SUBJECTS:
        return
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with override(language), timezone.override(_event_zone(event)):
        title = pick(event.title, language)
        context = {
            "registration": registration,
            "event": event,
            "title": title,
            "venue": ", ".join(p for p in (event.venue_name, event.town) if p),
            "confirm_by": registration.confirm_by,
            "offer": offer,
        }
        subject = str(SUBJECTS[notice]) % {"title": title}
        body = render_to_string(f"events/email/{notice}.txt", context)
        attachments = []
        if notice in ("confirmed", "reminder"):
            attachments = [
                _ics_attachment(event, language),
                ["check-in-qr.png", qr_png(registration.checkin_code), "image/png"],
            ]
    enqueue(
        "kopa.core.tasks:send_email", to=[registration.email], subject=subject, body=body,
        attachments=attachments,
    )


def _ics_attachment(event: Event, language: str) -> list[str]:
    """The event as a calendar file, to add to the participant's calendar in one click."""
    with override(language):
        url = settings.KOPA_SITE_URL.rstrip("/") + reverse("events:detail", args=[event.pk])
    content = ical.calendar_file(
        [event], name=pick(event.title, language), url_for=lambda _e: url, language=language
    )
    return ["event.ics", content.decode(), "text/calendar"]


def reminders_send(*, now: datetime | None = None) -> int:
    """E-mail every confirmed participant once, when their event begins within the reminder window."""
    now = now or timezone.now()
    window = now + timedelta(hours=settings.KOPA_REMINDER_HOURS)
    due = Registration.objects.filter(
        status=S.CONFIRMED, reminded_at__isnull=True, event__status=Event.Status.PUBLISHED,
        event__start__gt=now, event__start__lte=window,
    ).select_related("event")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                _notify(registration, "reminder")
                sent += 1
    return sent


def _lock(registration: Registration) -> Registration:
    """Lock the event, then the registration; return the registration fresh, with its event."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    locked.event = event
    return locked


def _transition(
    registration: Registration,
    to: str,
    *,
    actor,
    now: datetime,
    notice: str | None = None,
    changes: dict | None = None,
) -> Registration:
    """Move `registration` (locked, with its locked event) to `to`. Raises IllegalTransition, EventFull.

    Keeps places and offers consistent: entering a held status needs a free place; leaving an
    offer closes it; leaving a held status gives the place to the next person.
    """
    event = registration.event
    before = registration.status
    check_transition(before, to)
    if to in HELD_STATUSES and before not in HELD_STATUSES and places_free(event) <= 0:
        raise EventFull()
    if before == S.OFFERED:
        offer_status = {
            S.CONFIRMED: WaitingListOffer.Status.ACCEPTED,
            S.DECLINED: (
                WaitingListOffer.Status.EXPIRED
                if notice == "offer_expired"
                else WaitingListOffer.Status.DECLINED
            ),
        }[to]
        WaitingListOffer.objects.filter(
            registration=registration, status=WaitingListOffer.Status.OPEN
        ).update(status=offer_status, decided_at=now)
    registration.status = to
    registration.decided_at = now
    registration.save(update_fields=["status", "decided_at", *(changes or {})])
    offer = None
    if to == S.OFFERED:
        offer = WaitingListOffer.objects.create(
            registration=registration,
            offered_at=now,
            expires_at=min(now + timedelta(hours=event.offer_hours), event.start),
        )
    audit.record(
        actor=actor,
        obj=registration,
        action=AuditEntry.Action.UPDATE,
        changes={"status": [before, to], **(changes or {})},
    )
    _notify(registration, notice or to, offer=offer)
    if before in HELD_STATUSES and to not in HELD_STATUSES:
        _refill(event, now=now, country=registration.sending_country.code)
    return registration


def _takes_places(event: Event, now: datetime) -> bool:
    return event.status == Event.Status.PUBLISHED and now < event.start


def _offer_next(event: Event, now: datetime) -> list[WaitingListOffer]:
    """Offer free places to the people waiting longest. The caller holds the event lock."""
    if not _takes_places(event, now):
        return []
    free = places_free(event)
    registrations = list(waiting_list(event)[:free]) if free else []
    for registration in registrations:
        registration.event = event
        _transition(registration, S.OFFERED, actor=None, now=now)
    return [r.offers.get(status=WaitingListOffer.Status.OPEN) for r in registrations]


def _select_next(event: Event, now: datetime, country: str) -> Registration | None:
    """Select the next preselected applicant for a freed place. The caller holds the event lock."""
    if not _takes_places(event, now) or places_free(event) <= 0:
        return None
    candidate = next_preselected(event, country=country) or next_preselected(event)
    if candidate is None:
        return None
    candidate.event = event
    return _transition(candidate, S.SELECTED, actor=None, now=now)


def _refill(event: Event, *, now: datetime, country: str) -> None:
    if event.is_selection:
        _select_next(event, now, country)
    else:
        _offer_next(event, now)


def _check_participant(actor, registration: Registration) -> None:
    """Only the registered person (or the host agency's staff) may act on a registration."""
    is_self = (
        registration.user_id is not None
        and getattr(actor, "is_authenticated", False)
        and actor.pk == registration.user_id
    )
    if not (is_self or is_host_staff(actor, registration.event)):
        raise PermissionDenied()


def check_registration_open(event: Event, now: datetime) -> None:
    """Raise RegistrationClosed unless `event` takes registrations or applications at `now`."""
    if event.status == Event.Status.CANCELLED:
        raise RegistrationClosed(_("This event has been cancelled."))
    if event.status != Event.Status.PUBLISHED:
        raise RegistrationClosed(_("This event is not open for registration yet."))
    if event.registration_opens and now < event.registration_opens:
        opens = timezone.localtime(event.registration_opens, _event_zone(event))
        raise RegistrationClosed(
            _("Registration opens on %(date)s.")
            % {"date": formats.date_format(opens, "DATETIME_FORMAT")}
        )
    if now >= event.registration_deadline:
        raise RegistrationClosed(_("Registration for this event has closed."))
    if event.is_selection and event.application_deadline and now > event.application_deadline:
        raise RegistrationClosed(_("The application deadline has passed."))


def _new_registration(event: Event, data: dict, user) -> Registration:
    """An unsaved registration from the form's standard fields. Raises ValidationFailed."""
    values = {}
    for name in REGISTRATION_FIELDS:
        value = data.get(name)
        values[name] = value.strip() if isinstance(value, str) else value
    values = {k: v for k, v in values.items() if v not in (None, "")}
    values.setdefault("language", settings.LANGUAGE_CODE)
    if values.get("country_of_residence"):
        values.setdefault("sending_country", values["country_of_residence"])
    registration = Registration(event=event, user=user, **values)
    try:
        registration.full_clean(
            exclude=["event", "user", "status", "created_at", "preselection_rank"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise ValidationFailed(
            fields={name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        ) from exc
    return registration


@transaction.atomic
def registration_create(
    *, event: Event, data: dict, user=None, now: datetime | None = None
) -> Registration:
    """Register for `event`: confirmed, waitlisted or applied. The same e-mail twice gets the same
    registration back. Raises ValidationFailed, RegistrationClosed."""
    now = _now(now)
    registration = _new_registration(event, data, user)
    # Lock once, as late as possible, before counting places: one writer per event at a time.
    event = Event.objects.select_for_update().get(pk=event.pk)
    check_registration_open(event, now)
    existing = (
        Registration.objects.filter(event=event, email__iexact=registration.email)
        .exclude(status__in=ENDED_STATUSES)
        .first()
    )
    if existing is not None:
        return existing
    if event.is_selection:
        status = S.APPLIED
    elif places_free(event) > 0 and not waiting_list(event).exists():
        status = S.CONFIRMED
    else:
        status = S.WAITLISTED
    registration.event = event
    registration.status = status
    registration.created_at = now
    registration.decided_at = now
    registration.save()
    audit.record(
        actor=user,
        obj=registration,
        action=AuditEntry.Action.CREATE,
        changes={"status": [None, status]},
    )
    _notify(registration, status)
    if status == S.WAITLISTED:
        # Places can be free while people wait (an offer lapsed and was not yet passed on).
        _offer_next(event, now)
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor, now: datetime | None = None
) -> Registration:
    """Withdraw: a held place goes to the next person; a place offered or selected is declined.
    Raises PermissionDenied, IllegalTransition."""
    now = _now(now)
    registration = _lock(registration)
    _check_participant(actor, registration)
    to = S.DECLINED if registration.status in (S.SELECTED, S.OFFERED) else S.CANCELLED
    return _transition(registration, to, actor=actor, now=now)


@transaction.atomic
def offer_next(*, event: Event, now: datetime | None = None) -> list[WaitingListOffer]:
    """Offer every free place to the people waiting longest; each offer lapses after the event's
    offer hours (or when the event starts)."""
    now = _now(now)
    event = Event.objects.select_for_update().get(pk=event.pk)
    return _offer_next(event, now)


def _locked_open_offer(offer: WaitingListOffer) -> tuple[WaitingListOffer, Registration]:
    registration = _lock(offer.registration)
    offer = WaitingListOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != WaitingListOffer.Status.OPEN:
        raise Conflict(_("This offer has already been answered or has lapsed."))
    return offer, registration


@transaction.atomic
def offer_accept(*, offer: WaitingListOffer, actor, now: datetime | None = None) -> Registration:
    """Take the offered place. Raises PermissionDenied, Conflict (answered or lapsed)."""
    now = _now(now)
    offer, registration = _locked_open_offer(offer)
    _check_participant(actor, registration)
    if now >= offer.expires_at:
        raise Conflict(_("This offer has lapsed: the time to accept it has passed."))
    return _transition(registration, S.CONFIRMED, actor=actor, now=now)


@transaction.atomic
def offer_decline(*, offer: WaitingListOffer, actor, now: datetime | None = None) -> Registration:
    """Turn the offered place down; it goes to the next person. Raises PermissionDenied, Conflict."""
    now = _now(now)
    offer, registration = _locked_open_offer(offer)
    _check_participant(actor, registration)
    return _transition(registration, S.DECLINED, actor=actor, now=now)


def offers_expire(*, now: datetime | None = None) -> int:
    """Let lapsed offers go and offer those places to the next people; one transaction per offer.
    Returns how many offers lapsed."""
    now = _now(now)
    lapsed = list(
        WaitingListOffer.objects.filter(
            status=WaitingListOffer.Status.OPEN, expires_at__lte=now
        ).values_list("id", "registration_id")
    )
    count = 0
    for offer_id, registration_id in lapsed:
        with transaction.atomic():
            registration = _lock(Registration.objects.get(pk=registration_id))
            offer = WaitingListOffer.objects.select_for_update().get(pk=offer_id)
            if offer.status != WaitingListOffer.Status.OPEN:
                continue
            _transition(registration, S.DECLINED, actor=None, now=now, notice="offer_expired")
            count += 1
    return count


def _may_change(actor, registration: Registration, to: str) -> bool:
    """The sending agency preselects and rejects its applicants; the host decides the rest."""
    sending = is_sending_staff(actor, registration.sending_country.code)
    host = is_host_staff(actor, registration.event)
    if to == S.PRESELECTED or (to == S.REJECTED and registration.status == S.APPLIED):
        return sending
    if to == S.REJECTED:
        return sending or host
    return host


@transaction.atomic
def registration_change_status(
    *, actor, registration: Registration, to: str, now: datetime | None = None
) -> Registration:
    """Change a registration's status as an organiser, following the transition table.
    Raises PermissionDenied, IllegalTransition, EventFull."""
    now = _now(now)
    registration = _lock(registration)
    if not _may_change(actor, registration, to):
        raise PermissionDenied()
    return _transition(registration, to, actor=actor, now=now)


@transaction.atomic
def preselect(
    *, actor, registration: Registration, rank: int, now: datetime | None = None
) -> Registration:
    """Preselect an applicant with a rank (1 = first choice), or change the rank of a preselected one.
    Only the sending agency of the applicant's country may. Raises PermissionDenied,
    ValidationFailed, IllegalTransition."""
    now = _now(now)
    registration = _lock(registration)
    if not is_sending_staff(actor, registration.sending_country.code):
        raise PermissionDenied(
            _("Only the agency of the applicant's sending country can preselect and rank them.")
        )
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise ValidationFailed(
            field="preselection_rank", message=_("The rank is a whole number from 1 upwards.")
        )
    previous = registration.preselection_rank
    registration.preselection_rank = rank
    if registration.status == S.PRESELECTED:
        registration.save(update_fields=["preselection_rank"])
        audit.record(
            actor=actor,
            obj=registration,
            action=AuditEntry.Action.UPDATE,
            changes={"preselection_rank": [previous, rank]},
        )
        return registration
    return _transition(
        registration,
        S.PRESELECTED,
        actor=actor,
        now=now,
        changes={"preselection_rank": [previous, rank]},
    )


def select(*, actor, registration: Registration, now: datetime | None = None) -> Registration:
    """The host agency selects a preselected applicant, within the places left.
    Raises PermissionDenied, IllegalTransition, EventFull."""
    return registration_change_status(
        actor=actor, registration=registration, to=S.SELECTED, now=now
    )


def reject(*, actor, registration: Registration, now: datetime | None = None) -> Registration:
    """Turn an applicant down: the sending agency before preselection, it or the host after.
    Raises PermissionDenied, IllegalTransition."""
    return registration_change_status(
        actor=actor, registration=registration, to=S.REJECTED, now=now
    )


@transaction.atomic
def confirm(*, registration: Registration, actor, now: datetime | None = None) -> Registration:
    """A selected applicant confirms their place before the deadline.
    Raises PermissionDenied, IllegalTransition, Conflict (too late)."""
    now = _now(now)
    registration = _lock(registration)
    _check_participant(actor, registration)
    check_transition(registration.status, S.CONFIRMED)
    if registration.status == S.SELECTED and now > registration.confirm_by:
        raise Conflict(_("The time to confirm this place has passed."))
    return _transition(registration, S.CONFIRMED, actor=actor, now=now)


def selections_expire(*, now: datetime | None = None) -> int:
    """Decline selected applicants who did not confirm in time and select the next ones;
    one transaction per applicant. Returns how many selections lapsed."""
    now = _now(now)
    selected = Registration.objects.filter(status=S.SELECTED).select_related("event")
    lapsed = [r.pk for r in selected if r.confirm_by is not None and now > r.confirm_by]
    count = 0
    for pk in lapsed:
        with transaction.atomic():
            registration = _lock(Registration.objects.get(pk=pk))
            if registration.status != S.SELECTED or now <= registration.confirm_by:
                continue
            _transition(registration, S.DECLINED, actor=None, now=now, notice="selection_expired")
            count += 1
    return count
