"""Scheduled work of the events app; run by the task worker or a periodic job."""

from kopa.events import services, services_participation


def expire_offers() -> int:
    """Let lapsed waiting-list offers go and offer the places to the next people."""
    return services.offers_expire()


def expire_selections() -> int:
    """Decline selections not confirmed in time and select the next applicants."""
    return services.selections_expire()


def purge_private_data() -> int:
    """Delete the private participation data of events past their retention period."""
    return services_participation.purge_private_data()


def send_reminders() -> int:
    """Remind confirmed participants shortly before their event."""
    return services.reminders_send()
