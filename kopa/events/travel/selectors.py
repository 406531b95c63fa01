"""Reads about travel: places, grant tables, participants' travel details and ride sharing."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from kopa.core.errors import NotFound
from kopa.events.geo import normalise, place_distance_km
from kopa.events.models import (
    PARTICIPANT_STATUSES,
    BandTable,
    DistanceBand,
    Event,
    Place,
    Registration,
    RideOffer,
    RideRequest,
    TravelDetails,
)
from kopa.events.rules import RIDE_MATCH_MAX_KM

PLACE_RESULTS = 20


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


def band(*, pk: int) -> DistanceBand:
    """One band of a grant table. Raises NotFound."""
    found = DistanceBand.objects.select_related("table").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


# --- travel ----------------------------------------------------------------------------------------


def travel_details(registration: Registration) -> TravelDetails | None:
    """How the participant travels, with the town and the band, if they said."""
    return (
        TravelDetails.objects.select_related("origin", "band")
        .filter(registration=registration)
        .first()
    )


def travel_origin(registration: Registration) -> Place | None:
    """The town the participant travels from, if they said: where their ride starts too."""
    travel = TravelDetails.objects.select_related("origin").filter(registration=registration).first()
    return travel.origin if travel is not None else None


def travel_list(event: Event) -> QuerySet[Registration]:
    """Participants with their travel details (None where not given) and the days they were checked
    in (`days_attended`). After the purge the grant figures are still there; where from and when
    are not, and a name the purge removed reads "Participant <number>"."""
    return (
        Registration.objects.filter(event=event, status__in=PARTICIPANT_STATUSES)
        .select_related("travel__origin", "travel__band", "organisation")
        .annotate(days_attended=Count("attendance", distinct=True))
        .order_by("sending_country", "last_name", "first_name", "id")
    )


def _travel_of(registration: Registration) -> TravelDetails | None:
    try:
        return registration.travel
    except TravelDetails.DoesNotExist:
        return None


GRANT_REPORT_COLUMNS = (
    "participant", "sending_country", "organisation", "mode", "green", "distance_km", "band",
    "grant_eur", "days_attended",
)


def grant_report_rows(event: Event):
    """Header, one grant line per participant (sending country, band, grant, green travel, days
    attended) and a line of totals; nothing the purge deletes."""
    yield list(GRANT_REPORT_COLUMNS)
    total_eur, green, days = Decimal("0"), 0, 0
    for registration in travel_list(event):
        travel = _travel_of(registration)
        grant = travel.grant_eur if travel is not None else None
        total_eur += grant or 0
        green += bool(travel and travel.green)
        days += registration.days_attended
        yield [
            registration.full_name,
            registration.sending_country.code or "",
            registration.organisation_label,
            str(travel.get_mode_display()) if travel is not None else "",
            ("yes" if travel.green else "no") if travel is not None else "",
            travel.distance_km if travel is not None and travel.distance_km is not None else "",
            str(travel.band) if travel is not None and travel.band is not None else "",
            grant if grant is not None else "",
            registration.days_attended,
        ]
    yield ["total", "", "", "", green, "", "", total_eur, days]


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
        RideOffer.objects.filter(event=event, driver__status__in=PARTICIPANT_STATUSES)
        .select_related("driver", "origin")
        .annotate(taken=Count("passengers"))
        .prefetch_related(
            Prefetch("passengers", queryset=RideRequest.objects.select_related("passenger"))
        )
        .order_by("origin__name", "id")
    )


def own_ride_offer(registration: Registration) -> RideOffer | None:
    """The seats the participant offers, if any."""
    return (
        RideOffer.objects.select_related("origin")
        .filter(event_id=registration.event_id, driver=registration)
        .first()
    )


def own_ride_request(registration: Registration) -> RideRequest | None:
    """The participant's request for a ride, with the ride taken, if any."""
    return (
        RideRequest.objects.select_related("origin", "offer__driver", "offer__origin")
        .filter(event_id=registration.event_id, passenger=registration)
        .first()
    )


def passengers(offer: RideOffer) -> list[RideRequest]:
    return list(offer.passengers.select_related("passenger"))


def event_ride_offer(*, event: Event, pk: int) -> RideOffer:
    """The ride offer `pk` of `event`. Raises NotFound."""
    offer = RideOffer.objects.filter(event=event, pk=pk).first()
    if offer is None:
        raise NotFound()
    return offer


def ride_requests(event: Event) -> QuerySet[RideRequest]:
    return (
        RideRequest.objects.filter(event=event, passenger__status__in=PARTICIPANT_STATUSES)
        .select_related("passenger", "origin", "offer__driver", "offer__origin")
        .order_by("origin__name", "id")
    )


def rides_taken(event: Event) -> QuerySet[RideRequest]:
    """Requests with a seat in a ride, with the driver."""
    return ride_requests(event).filter(offer__isnull=False)


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
