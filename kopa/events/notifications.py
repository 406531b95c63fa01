"""E-mails to participants: status changes of a registration, reminders, and certificates.

Each goes out through the task queue, in the recipient's language and the event's time zone. A
confirmed place (and its reminder) carries the event as a calendar file and the check-in QR code.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from kopa.core.http import site_url
from kopa.core.i18n import pick
from kopa.core.tasks import enqueue
from kopa.events import ical
from kopa.events.models import UNCONFIRMED_HOURS, Event, Registration, WaitingListOffer
from kopa.events.qr import qr_png
from kopa.events.registration.links import (
    CANCEL,
    CONFIRM,
    OFFER,
    PARTICIPATION,
    VERIFY,
    link_url,
)
from kopa.events.rules import event_zone

# The signed links (`kopa.events.registration.links`) each notice carries: what it asks the person
# to do, or lets them do without logging in.
NOTICE_LINKS = {
    "unconfirmed": (VERIFY,),
    "already_registered": (CANCEL,),
    "applied": (CANCEL,),
    "preselected": (CANCEL,),
    "waitlisted": (CANCEL,),
    "offered": (OFFER,),
    "selected": (CONFIRM,),
    "confirmed": (PARTICIPATION, CANCEL),
    "reminder": (PARTICIPATION, CANCEL),
}

# E-mail subjects per notice; a notice is a status, or a reason that needs its own wording.
SUBJECTS = {
    "unconfirmed": gettext_lazy("Please confirm your registration for %(title)s"),
    "already_registered": gettext_lazy("You are already registered for %(title)s"),
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


def notify(
    registration: Registration, notice: str, *, offer: WaitingListOffer | None = None
) -> None:
    """E-mail the participant about `notice`, in their language and the event's time zone."""
    if notice not in SUBJECTS:
        return
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with override(language), timezone.override(event_zone(event)):
        title = pick(event.title, language)
        context = {
            "registration": registration,
            "event": event,
            "title": title,
            "venue": ", ".join(p for p in (event.venue_name, event.town) if p),
            "confirm_by": registration.confirm_by,
            "offer": offer,
            "links": _links(registration, notice, offer),
            "my_events": site_url() + reverse("events:my_events"),
            "unconfirmed_hours": UNCONFIRMED_HOURS,
            "event_url": site_url() + reverse("events:detail", args=[event.pk]),
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


def _links(registration: Registration, notice: str, offer: WaitingListOffer | None) -> dict:
    """The signed links of `notice`, by action, in the active language."""
    links = {}
    for action in NOTICE_LINKS.get(notice, ()):
        if action == OFFER and offer is None:
            continue
        links[action] = link_url(registration, action, offer=offer)
    return links


def _ics_attachment(event: Event, language: str) -> list[str]:
    """The event as a calendar file, to add to the participant's calendar in one click."""
    with override(language):
        url = site_url() + reverse("events:detail", args=[event.pk])
    content = ical.calendar_file(
        [event], name=pick(event.title, language), url_for=lambda _e: url, language=language
    )
    return ["event.ics", content.decode(), "text/calendar"]


def reminders_send(*, now: datetime | None = None) -> int:
    """E-mail every confirmed participant once, when their event begins within the reminder window."""
    now = now or timezone.now()
    window = now + timedelta(hours=settings.KOPA_REMINDER_HOURS)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, reminded_at__isnull=True,
        event__status=Event.Status.PUBLISHED, event__start__gt=now, event__start__lte=window,
    ).select_related("event")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                notify(registration, "reminder")
                sent += 1
    return sent


def certificate_ready(registration: Registration, base_url: str) -> None:
    """Tell an attendee, in their language, where to download their certificate."""
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with override(language):
        title = pick(event.title, language)
        path = reverse("events:certificate", kwargs={"registration_pk": registration.pk})
        context = {
            "registration": registration,
            "title": title,
            "link": f"{base_url.rstrip('/')}{path}" if base_url else path,
        }
        subject = _("Your certificate for %(title)s is ready") % {"title": title}
        body = render_to_string("events/email/certificate_ready.txt", context)
    enqueue("kopa.core.tasks:send_email", to=[registration.email], subject=subject, body=body)
