"""Places and grant tables for travel, ride and room tests.

Tests that flush the database also empty the place table, so tests create the towns they use.
"""

from decimal import Decimal

from kopa.events import reference_data
from kopa.events.models import BandTable, DistanceBand, Place

TOWNS = {
    "Ljubljana": (3196359, "SI", "46.05108", "14.50513", 272220),
    "Laško": (3196760, "SI", "46.15463", "15.23555", 3456),
    "Celje": (3202781, "SI", "46.23092", "15.26044", 38059),
    "Maribor": (3195506, "SI", "46.55583", "15.64593", 96209),
    "Trbovlje": (3188915, "SI", "46.15410", "15.05178", 15163),
    "Riga": (456172, "LV", "56.94600", "24.10589", 742572),
    "Jūrmala": (459201, "LV", "56.96800", "23.77038", 52001),
    "Ogre": (457065, "LV", "56.81620", "24.61401", 22767),
    "Tallinn": (588409, "EE", "59.43696", "24.75353", 394024),
}
# The venue of most tests: Riga, the city centre.
RIGA = {
    "latitude": Decimal("56.946"),
    "longitude": Decimal("24.10589"),
    "town": "Riga",
    "country": "LV",
}


def town(name: str) -> Place:
    geonames_id, country, latitude, longitude, population = TOWNS[name]
    place, _created = Place.objects.get_or_create(
        geonames_id=geonames_id,
        defaults={
            "name": name,
            "ascii_name": reference_data._ascii(name),
            "country": country,
            "latitude": Decimal(latitude),
            "longitude": Decimal(longitude),
            "population": population,
        },
    )
    return place


def grant_tables() -> None:
    """The 2021–2023 and 2024-on tables of the reference file (kept when already there)."""
    reference_data.load_band_tables(BandTable, DistanceBand)


# --- demo objects for the accessibility scans (kopa/core/tests/test_accessibility.py) ----------------


def build_travel_event(d):
    """An event of the staff user's agency in Riga with travel, rides and rooms filled in."""
    from datetime import timedelta

    from django.utils import timezone

    from kopa.events.models import Event, Registration, RideOffer, RideRequest, TransportMode
    from kopa.events.rooms.services import (
        nights_window,
        room_allocate,
        room_request_save,
        room_type_save,
        rooms_add,
    )
    from kopa.events.travel.services import travel_save

    grant_tables()
    staff = d.users["staff"]
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=40)
    event = Event.objects.create(
        type=Event.Type.INTERNATIONAL_TRAINING,
        title={
            "en": "Inclusion training",
            "sl": "Usposabljanje o vključevanju",
            "lv": "Iekļaušanas apmācība",
        },
        organiser_agency=d.agency,
        start=start,
        end=start + timedelta(days=3),
        venue_name="Youth house",
        capacity=20,
        status=Event.Status.PUBLISHED,
        time_zone="Europe/Riga",
        **RIGA,
    )
    people = []
    for first, last, country, origin, mode in [
        ("Marta", "Ozola", "LV", "Ogre", TransportMode.CAR_SHARED),
        ("Jure", "Novak", "SI", "Ljubljana", TransportMode.PLANE),
        ("Kadri", "Tamm", "EE", "Tallinn", TransportMode.BUS),
    ]:
        registration = Registration.objects.create(
            event=event,
            status=Registration.Status.CONFIRMED,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.org",
            country_of_residence=country,
            sending_country=country,
            created_at=start - timedelta(days=30),
            decided_at=start - timedelta(days=30),
        )
        travel_save(registration=registration, actor=staff, origin=town(origin), mode=mode)
        people.append(registration)
    offer = RideOffer.objects.create(
        event=event, driver=people[0], origin=town("Ogre"), seats=3, notes="Leaving at 8"
    )
    RideRequest.objects.create(event=event, passenger=people[1], origin=town("Riga"), offer=offer)
    double = room_type_save(
        actor=staff,
        event=event,
        name={"en": "Double room", "sl": "Dvoposteljna soba", "lv": "Divvietīga istaba"},
        places=2,
        covered=True,
    )
    rooms_add(actor=staff, room_type=double, count=3, prefix="D")
    first, last = nights_window(event)
    room_request_save(
        registration=people[0],
        actor=staff,
        room_type=double,
        first_night=first,
        last_night=last,
        share_with="Kadri",
    )
    room_allocate(actor=staff, room=double.rooms.get(label="D1"), registration=people[0])
    return event


def build_travel_registration(d):
    """The participant's confirmed place at the travel event, with travel given and asking for a ride."""
    from kopa.events.models import Registration, RideRequest, TransportMode
    from kopa.events.travel.services import travel_save

    event = d["travel_event"]
    participant = d.users["participant"]
    registration = Registration.objects.create(
        event=event,
        user=participant,
        status=Registration.Status.CONFIRMED,
        first_name="Eva",
        last_name="Lipa",
        email="eva.lipa@example.org",
        country_of_residence="LV",
        sending_country="LV",
        created_at=event.start,
        decided_at=event.start,
    )
    travel_save(
        registration=registration,
        actor=participant,
        origin=town("Jūrmala"),
        mode=TransportMode.TRAIN,
    )
    RideRequest.objects.create(event=event, passenger=registration, origin=town("Jūrmala"))
    return registration


def build_travel_band(d):
    """A band to edit; the staff user is made an admin of their agency, as only admins edit bands."""
    from kopa.agencies.models import AgencyMembership
    from kopa.events.models import DistanceBand

    grant_tables()
    AgencyMembership.objects.filter(user=d.users["staff"], agency=d.agency).update(
        role=AgencyMembership.Role.ADMIN
    )
    return DistanceBand.objects.get(table__first_call_year=2024, min_km=3000)
