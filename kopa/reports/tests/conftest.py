import datetime as dt
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from django.core.files.storage import FileSystemStorage

from kopa.events.models import (
    Attendance,
    DistanceBand,
    Event,
    ParticipationDetails,
    Registration,
    TransportMode,
    TravelDetails,
)
from kopa.events.tests.travel_support import grant_tables
from kopa.library.models import ResourceVersion
from kopa.programmes.models import Cycle, Partnership
from kopa.reports.models import ActivityPhoto

ZONE = ZoneInfo("Europe/Ljubljana")
S = Registration.Status


@pytest.fixture(autouse=True)
def _private_files(monkeypatch, tmp_path):
    """Photos and library files go to a folder of the test's own (a field takes its storage when it
    is defined)."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url="/no-public-address/")
    monkeypatch.setattr(ActivityPhoto._meta.get_field("image"), "storage", storage)
    monkeypatch.setattr(ResourceVersion._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def world(make_agency, make_user):
    """Two agencies in a partnership, with a cycle and the one before it, an event in each cycle;
    and a third agency outside the partnership."""
    grant_tables()
    si = make_agency(name="MOVIT", country="SI")
    lv = make_agency(name="JSPA", country="LV")
    stranger = make_agency(name="Other agency", country="HR")
    partnership = Partnership.objects.create(name={"en": "Inclusion partnership"}, slug="inclusion",
                                             coordinator=si)
    partnership.members.create(agency=lv, region="LV")
    before = Cycle.objects.create(partnership=partnership, name="2014–2015", start=dt.date(2014, 1, 1),
                                  end=dt.date(2015, 12, 31))
    cycle = Cycle.objects.create(partnership=partnership, name="2016–2018", start=dt.date(2016, 1, 1),
                                 end=dt.date(2018, 12, 31))
    return {"si": si, "lv": lv, "stranger": stranger, "partnership": partnership, "cycle": cycle,
            "before": before,
            "staff": make_user(agency=si, first_name="Petra", last_name="Zorman"),
            "lv_staff": make_user(agency=lv), "stranger_staff": make_user(agency=stranger)}


def held(agency, cycle, *, start, people, title="Training", event_type=Event.Type.NATIONAL_TRAINING,
         country="SI", green=0, barriers=()):
    """A published event of `agency` in `cycle` with `people` participants checked in; the first
    `green` travelled green 400 km; `barriers`: each a list of codes declared with consent."""
    event = Event.objects.create(
        organiser_agency=agency, cycle=cycle, type=event_type, title={"en": title},
        start=datetime.combine(start, dt.time(9), ZONE),
        end=datetime.combine(start + timedelta(days=1), dt.time(17), ZONE), capacity=500,
        status=Event.Status.PUBLISHED, venue_name="Youth centre", town="Laško", country="SI")
    registrations = []
    for n in range(people):
        r = Registration.objects.create(
            event=event, status=S.ATTENDED, first_name=f"P{n}", last_name="Test",
            email=f"{title.lower().replace(' ', '')}{n}@example.org", country_of_residence=country,
            sending_country=country, created_at=event.start - timedelta(days=30))
        Attendance.objects.create(registration=r, day=event.start.date(), checked_in_at=event.start)
        if n < green:
            TravelDetails.objects.create(
                registration=r, mode=TransportMode.TRAIN, green=True, distance_km=400,
                grant_eur=Decimal("285.00"),
                band=DistanceBand.objects.get(table__first_call_year=2024, min_km=100), arrival=event.start - timedelta(days=1),
                departure=event.end + timedelta(days=1))
        if n < len(barriers):
            ParticipationDetails.objects.create(registration=r, fewer_opportunities=list(barriers[n]),
                                                fewer_opportunities_consent=True)
        registrations.append(r)
    return event, registrations
