"""Reads about travel, rides and rooms, aware of who is asking."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from kopa.core.errors import NotFound
from kopa.events.geo import normalise, place_distance_km
from kopa.events.models import (
    HELD_STATUSES,
    BandTable,
    Event,
    Place,
    Registration,
    RideOffer,
    RideRequest,
)
from kopa.events.selectors import is_host_staff
from kopa.events.services_travel import RIDE_MATCH_MAX_KM

PLACE_RESULTS = 20


def organiser_event(*, user, pk: int) -> Event:
    """An event `user` organises. Raises NotFound for anyone else."""
    event = Event.objects.select_related("organiser_agency").filter(pk=pk).first()
    if event is None or not is_host_staff(user, event):
        raise NotFound()
    return event


def own_held_registration(*, user, pk: int) -> Registration:
    """`user`'s own registration that holds a place. Raises NotFound otherwise."""
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=pk, user_id=getattr(user, "pk", None), status__in=HELD_STATUSES)
        .first()
    )
    if registration is None:
        raise NotFound()
    return registration


def place_search(query: str, *, country: str = "") -> QuerySet[Place]:
    """Towns whose name starts with `query` (accents ignored): `country`'s first, then the largest."""
    text = normalise(query or "")
    if len(text) < 2:
        return Place.objects.none()
    qs = Place.objects.filter(ascii_name__startswith=text)
    if country:
        qs = qs.annotate(
            home=Case(
                When(country=country, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("home", "-population", "name")
    else:
        qs = qs.order_by("-population", "name")
    return qs[:PLACE_RESULTS]


def band_tables() -> QuerySet[BandTable]:
    return BandTable.objects.prefetch_related("bands")


# --- travel ----------------------------------------------------------------------------------------


def travel_list(event: Event) -> QuerySet[Registration]:
    """Participants holding a place with their travel details (None where not given yet)."""
    return (
        Registration.objects.filter(event=event, status__in=HELD_STATUSES)
        .select_related("travel__origin", "travel__band")
        .order_by("sending_country", "last_name", "first_name", "id")
    )


@dataclass
class CountryGrants:
    country: object
    people: int = 0
    total_eur: Decimal = Decimal("0")
    green: int = 0
    unconfirmed: int = 0


def grant_summary(event: Event) -> list[CountryGrants]:
    """Per sending country: people with travel details, their grants in EUR and how many go green.

    Grants not confirmed yet are counted apart, not added as zero."""
    rows: dict[str, CountryGrants] = {}
    for registration in travel_list(event).filter(travel__isnull=False):
        travel = registration.travel
        row = rows.setdefault(
            registration.sending_country.code, CountryGrants(country=registration.sending_country)
        )
        row.people += 1
        row.green += travel.green
        if travel.grant_eur is None:
            row.unconfirmed += 1
        else:
            row.total_eur += travel.grant_eur
    return sorted(rows.values(), key=lambda r: str(r.country.name))


# --- ride sharing ----------------------------------------------------------------------------------


@dataclass
class RideProposal:
    offer: RideOffer
    distance_km: int
    free_seats: int


@dataclass
class RideMatch:
    request: RideRequest
    proposals: list[RideProposal] = field(default_factory=list)


def ride_offers(event: Event) -> QuerySet[RideOffer]:
    """Offers of participants who hold a place, with their passengers and how many seats are taken."""
    return (
        RideOffer.objects.filter(event=event, driver__status__in=HELD_STATUSES)
        .select_related("driver", "origin")
        .annotate(taken=Count("passengers"))
        .prefetch_related(
            Prefetch("passengers", queryset=RideRequest.objects.select_related("passenger"))
        )
        .order_by("origin__name", "id")
    )


def ride_requests(event: Event) -> QuerySet[RideRequest]:
    return (
        RideRequest.objects.filter(event=event, passenger__status__in=HELD_STATUSES)
        .select_related("passenger", "origin", "offer__driver", "offer__origin")
        .order_by("origin__name", "id")
    )


def ride_matches(event: Event, *, max_km: int = RIDE_MATCH_MAX_KM) -> list[RideMatch]:
    """For each request without a ride: offers with free seats within `max_km`, nearest first."""
    offers = [o for o in ride_offers(event) if o.taken < o.seats]
    matches = []
    for request in ride_requests(event).filter(offer__isnull=True):
        proposals = []
        for offer in offers:
            if offer.driver_id == request.passenger_id:
                continue
            km = place_distance_km(offer.origin, request.origin)
            if km <= max_km:
                proposals.append(
                    RideProposal(offer=offer, distance_km=km, free_seats=offer.seats - offer.taken)
                )
        proposals.sort(key=lambda p: (p.distance_km, p.offer.pk))
        matches.append(RideMatch(request=request, proposals=proposals))
    return matches
