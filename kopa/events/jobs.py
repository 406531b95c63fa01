"""Scheduled work of the events app, run by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`) as `kopa.events.jobs:<name>`."""

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
