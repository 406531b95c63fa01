"""Scheduled work of matchmaking, run by the built-in scheduler (`KOPA_SCHEDULE`) as
`kopa.matchmaking.jobs:<name>`."""

from kopa.matchmaking.alerts.services import alerts_send
from kopa.matchmaking.requests.services import requests_expire


def close_expired_requests() -> int:
    """Close, as expired, the partner requests whose closing date has passed."""
    return requests_expire()


def send_saved_search_alerts() -> int:
    """The daily digest of new partner requests to each confirmed saved search."""
    return alerts_send()
