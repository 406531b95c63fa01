"""Scheduled work of the events app, run by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`) as `kopa.events.jobs:<name>`, and the organisers' documents, which people
start and watch as background jobs (`kopa.core.jobs`; the kinds below, by their dotted path)."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kopa.core.errors import NotFound
from kopa.core.i18n import pick
from kopa.core.jobs import JobKind, pdf_result
from kopa.events.access import organised_event
from kopa.events.checkin import documents
from kopa.events.checkin.selectors import certificate_registration
from kopa.events.notifications import reminders_send
from kopa.events.registration import participation
from kopa.events.registration.services import selections_expire, unconfirmed_expire
from kopa.events.registration.waitinglist import offers_expire


def expire_offers() -> int:
    """Let lapsed waiting-list offers go and offer the places to the next people."""
    return offers_expire()


def expire_unconfirmed() -> int:
    """Delete registrations whose e-mail address was not confirmed in time."""
    return unconfirmed_expire()


def expire_selections() -> int:
    """Decline selections not confirmed in time and select the next applicants."""
    return selections_expire()


def purge_private_data() -> int:
    """Delete the private participation data of events past their retention period."""
    return participation.purge_private_data()


def send_reminders() -> int:
    """Remind confirmed participants shortly before their event."""
    return reminders_send()


def event_slug(event) -> str:
    """The event's title as a file name part."""
    return slugify(pick(event.title, "en")) or f"event-{event.pk}"


def may_see_event_documents(user, parameters: dict) -> bool:
    """The gate of an event's documents: its organisers (any role of the organising agency)."""
    try:
        organised_event(user=user, pk=parameters["event"])
    except NotFound:
        return False
    return True


def sign_in_sheet(*, job, progress):
    event = organised_event(user=job.requested_by, pk=job.parameters["event"])
    return pdf_result(documents.sign_in_sheet(event), f"sign-in-sheet-{event_slug(event)}.pdf")


def badges(*, job, progress):
    event = organised_event(user=job.requested_by, pk=job.parameters["event"])
    return pdf_result(documents.badges(event), f"badges-{event_slug(event)}.pdf")


def certificate(*, job, progress):
    registration = certificate_registration(
        user=job.requested_by, pk=job.parameters["registration"], event_pk=job.parameters["event"])
    return pdf_result(
        documents.certificate(registration),
        f"certificate-{event_slug(registration.event)}-{slugify(registration.full_name)}.pdf")


SIGN_IN_SHEET = JobKind(title=_("Sign-in sheet"), run=sign_in_sheet, may_see=may_see_event_documents)
BADGES = JobKind(title=_("Name badges"), run=badges, may_see=may_see_event_documents)
CERTIFICATE = JobKind(title=_("Certificate of participation"), run=certificate,
                      may_see=may_see_event_documents)
