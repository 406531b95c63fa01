"""Scheduled work of matchmaking, run by the built-in scheduler (`KOPA_SCHEDULE`) as
`kopa.matchmaking.jobs:<name>`."""

from kopa.matchmaking.requests.services import requests_expire


def close_expired_requests() -> int:
    """Close, as expired, the partner requests whose closing date has passed."""
    return requests_expire()
