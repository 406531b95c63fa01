"""The registration state machine: every status change of a registration goes through `transition`.

`transition` checks the transition table (`kopa.events.models.TRANSITIONS`), writes the audit entry
and tells the participant in their own language (`kopa.events.notifications`). It keeps places and
offers consistent: entering a held status needs a free place; entering "offered" opens a
waiting-list offer and leaving it closes the offer; leaving a held status gives the place to the
next person.

When a held place frees:
- open registration: the first people on the waiting list get offers (`offer_free_places`); the
  offers are answered and lapse in `kopa.events.registration.waitinglist`;
- application and selection: the next preselected applicant from the same sending country is
  selected (best rank first, then arrival), or, if that country has none left, the best-ranked
  preselected applicant of any country. Hosts who want another choice can reject before then.

Services that may consume a place `lock` the event row first (then the registration), so places
are counted by one writer at a time and capacity is never exceeded; the functions here expect
the caller to hold that lock.
"""

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy

from kopa.core import audit
from kopa.core.errors import Conflict
from kopa.core.models import AuditEntry
from kopa.events.models import (
    HELD_STATUSES,
    Event,
    Registration,
    WaitingListOffer,
    check_transition,
)
from kopa.events.notifications import notify
from kopa.events.registration.selectors import next_preselected, places_free, waiting_list

S = Registration.Status


class EventFull(Conflict):
    code = "event_full"
    default_message = gettext_lazy("All places of this event are taken.")


def lock(registration: Registration) -> Registration:
    """Lock the event, then the registration; return the registration fresh, with its event."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    locked.event = event
    return locked


def transition(
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
    notify(registration, notice or to, offer=offer)
    if before in HELD_STATUSES and to not in HELD_STATUSES:
        _refill(event, now=now, country=registration.sending_country.code)
    return registration


def _takes_places(event: Event, now: datetime) -> bool:
    return event.status == Event.Status.PUBLISHED and now < event.start


def offer_free_places(event: Event, now: datetime) -> list[WaitingListOffer]:
    """Offer free places to the people waiting longest. The caller holds the event lock."""
    if not _takes_places(event, now):
        return []
    free = places_free(event)
    registrations = list(waiting_list(event)[:free]) if free else []
    for registration in registrations:
        registration.event = event
        transition(registration, S.OFFERED, actor=None, now=now)
    return [r.offers.get(status=WaitingListOffer.Status.OPEN) for r in registrations]


def _select_next(event: Event, now: datetime, country: str) -> Registration | None:
    """Select the next preselected applicant for a freed place. The caller holds the event lock."""
    if not _takes_places(event, now) or places_free(event) <= 0:
        return None
    candidate = next_preselected(event, country=country) or next_preselected(event)
    if candidate is None:
        return None
    candidate.event = event
    return transition(candidate, S.SELECTED, actor=None, now=now)


def _refill(event: Event, *, now: datetime, country: str) -> None:
    if event.is_selection:
        _select_next(event, now, country)
    else:
        offer_free_places(event, now)
