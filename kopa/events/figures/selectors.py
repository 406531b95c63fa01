"""The events' figures for funders' reports: events held, people checked in, days of activity,
travel and grants, over the events of some agencies in a cycle; and one row per mobility for the
Erasmus+ Beneficiary Module.

A participant is a registration checked in at least once (the participant count is the check-in
count). One person is their account, else their e-mail address, else their registration (after the
registrations are pseudonymised, each counts once per event). Only counts leave: the
fewer-opportunities figures come from `kopa.events.registration.selectors.fewer_opportunities`.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from kopa.events.models import (
    Attendance,
    Barrier,
    DistanceBand,
    Event,
    ParticipationDetails,
    PrivacyCounts,
    Registration,
    TravelDetails,
)
from kopa.events.registration.selectors import FewerOpportunities, fewer_opportunities
from kopa.events.rules import event_zone

# Funded travel days: two, or up to six when the main part of the trip is green (Erasmus+).
TRAVEL_DAYS = 2
GREEN_TRAVEL_DAYS = 6


@dataclass
class BandGrants:
    band: str
    travellers: int
    amount: Decimal


@dataclass
class EventFigures:
    events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)  # event type -> events
    days: int = 0  # days of activity: the calendar days of every event, summed
    participants: int = 0  # distinct people checked in
    by_country: dict[str, int] = field(default_factory=dict)  # sending country code -> people
    newcomers: int = 0  # of them, people never checked in at these agencies' events before
    travellers: int = 0
    green: int = 0
    grants: list[BandGrants] = field(default_factory=list)
    fewer_opportunities: FewerOpportunities = field(default_factory=FewerOpportunities)

    @property
    def green_share(self) -> float | None:
        return self.green / self.travellers if self.travellers else None

    @property
    def grant_total(self) -> Decimal:
        return sum((g.amount for g in self.grants), Decimal("0"))


def held_events(*, cycle_id: int, agency_ids) -> QuerySet[Event]:
    """The published events of `agency_ids` in the cycle."""
    return Event.objects.filter(cycle_id=cycle_id, organiser_agency_id__in=list(agency_ids),
                                status=Event.Status.PUBLISHED)


def _checked_in(events) -> QuerySet[Registration]:
    return Registration.objects.filter(event__in=events).filter(
        Exists(Attendance.objects.filter(registration=OuterRef("pk"))))


def _person(pk: int, user_id: int | None, email: str) -> tuple:
    if user_id is not None:
        return ("u", user_id)
    if email:
        return ("e", email.lower())
    return ("r", pk)


def cycle_event_figures(*, cycle_id: int, cycle_start: date, agency_ids) -> EventFigures:
    agency_ids = list(agency_ids)
    events = held_events(cycle_id=cycle_id, agency_ids=agency_ids)
    figures = EventFigures()
    for event_type, count in events.values_list("type").annotate(n=Count("pk")).order_by("type"):
        figures.by_type[event_type] = count
        figures.events += count
    for start, end in events.values_list("start", "end").iterator(chunk_size=2000):
        figures.days += (end.date() - start.date()).days + 1

    earlier = _checked_in(Event.objects.filter(
        organiser_agency_id__in=agency_ids, status=Event.Status.PUBLISHED,
        start__date__lt=cycle_start))
    rows = _checked_in(events).annotate(
        seen_user=Exists(earlier.filter(user_id=OuterRef("user_id"))),
        seen_email=Exists(earlier.filter(email=OuterRef("email")).exclude(email="")),
    ).values_list("pk", "user_id", "email", "sending_country", "seen_user", "seen_email")
    people: dict[tuple, str] = {}
    returning: set[tuple] = set()
    for pk, user_id, email, country, seen_user, seen_email in rows.iterator(chunk_size=5000):
        person = _person(pk, user_id, email)
        people.setdefault(person, country)
        if (user_id is not None and seen_user) or (email and seen_email):
            returning.add(person)
    figures.participants = len(people)
    figures.newcomers = len(people.keys() - returning)
    figures.by_country = dict(Counter(people.values()).most_common())

    travel = TravelDetails.objects.filter(registration__in=_checked_in(events))
    totals = travel.aggregate(n=Count("pk"), green=Count("pk", filter=Q(green=True)))
    figures.travellers, figures.green = totals["n"], totals["green"]
    by_band = travel.filter(band__isnull=False).values("band_id").annotate(
        n=Count("pk"), amount=Sum("grant_eur")).order_by()
    bands = {b.pk: b for b in DistanceBand.objects.filter(pk__in=[r["band_id"] for r in by_band])}
    ordered = sorted(by_band, key=lambda r: (bands[r["band_id"]].min_km, r["band_id"]))
    figures.grants = [BandGrants(str(bands[r["band_id"]]), r["n"], r["amount"] or Decimal("0"))
                      for r in ordered]
    figures.fewer_opportunities = fewer_opportunities(events.values("pk"))
    return figures


# --- the Erasmus+ Beneficiary Module: one row per mobility ----------------------------------------


def travel_days(event: Event, travel: TravelDetails | None) -> int | None:
    """Travel days before and after the event, from the arrival and departure, within the funded
    limit; None once the travel details are purged or when none were given."""
    if travel is None or travel.arrival is None or travel.departure is None:
        return None
    zone = event_zone(event)
    before = (event.start.astimezone(zone).date() - travel.arrival.astimezone(zone).date()).days
    after = (travel.departure.astimezone(zone).date() - event.end.astimezone(zone).date()).days
    days = max(before, 0) + max(after, 0)
    return min(days, GREEN_TRAVEL_DAYS if travel.green else TRAVEL_DAYS)


def mobility_rows(*, cycle_id: int, agency_ids):
    """(registration, event, travel or None, fewer opportunities: True/False/None) for every
    participant checked in at the agencies' events of the cycle. The fewer-opportunities flag is
    given only with the participant's consent, and None once the event's private data is purged."""
    events = held_events(cycle_id=cycle_id, agency_ids=agency_ids)
    purged = set(PrivacyCounts.objects.filter(event__in=events).values_list("event_id", flat=True))
    declared = ParticipationDetails.objects.filter(
        registration__event__in=events, fewer_opportunities_consent=True,
    ).values_list("registration_id", "fewer_opportunities")
    known = set(Barrier.values)
    with_barriers = {pk for pk, codes in declared.iterator(chunk_size=2000)
                     if isinstance(codes, list) and known.intersection(c for c in codes if isinstance(c, str))}
    registrations = (_checked_in(events)
                     .select_related("event", "event__organiser_agency", "event__organiser_organisation",
                                     "organisation", "travel", "travel__band")
                     .order_by("event__start", "event_id", "pk"))
    for registration in registrations.iterator(chunk_size=2000):
        travel = getattr(registration, "travel", None)
        flag = None if registration.event_id in purged else registration.pk in with_barriers
        yield registration, registration.event, travel, flag
