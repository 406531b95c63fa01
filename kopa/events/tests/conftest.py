"""Factories for events and registrations."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kopa.events.models import Event, Registration

# The clock the tests control: every service call passes `now=` from here on.
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def host_agency(make_agency):
    return make_agency(name="Host agency Slovenia", country="SI")


@pytest.fixture
def make_event(host_agency):
    def make(**fields):
        fields.setdefault("organiser_agency", host_agency)
        if fields.get("registration_mode") == Event.RegistrationMode.SELECTION:
            fields.setdefault("type", Event.Type.INTERNATIONAL_TRAINING)
            fields.setdefault("application_deadline", NOW + timedelta(days=20))
        fields.setdefault("type", Event.Type.NATIONAL_TRAINING)
        fields.setdefault(
            "title",
            {
                "en": "Inclusion training",
                "sl": "Usposabljanje o vključevanju",
                "lv": "Iekļaušanas apmācība",
            },
        )
        fields.setdefault("start", NOW + timedelta(days=60))
        fields.setdefault("end", fields["start"] + timedelta(days=2))
        fields.setdefault("capacity", 10)
        fields.setdefault("status", Event.Status.PUBLISHED)
        fields.setdefault("venue_name", "Youth centre")
        fields.setdefault("town", "Laško")
        fields.setdefault("country", "SI")
        return Event.objects.create(**fields)

    return make


@pytest.fixture
def person_data():
    counter = iter(range(1, 100_000))

    def data(**fields):
        n = next(counter)
        values = {
            "first_name": f"Ana{n}",
            "last_name": "Testna",
            "email": f"participant{n}@example.org",
            "country_of_residence": "SI",
            "organisation_name": "Mladinski center",
            "role": "youth worker",
            "language": "en",
        }
        values.update(fields)
        return values

    return data


@pytest.fixture
def make_registration(make_event, person_data):
    """A registration put straight into a status, for tests of what happens next."""

    def make(*, event=None, status=Registration.Status.CONFIRMED, **fields):
        event = event or make_event()
        data = person_data(**fields)
        data.setdefault("sending_country", data["country_of_residence"])
        return Registration.objects.create(
            event=event, status=status, created_at=NOW, decided_at=NOW, **data
        )

    return make
