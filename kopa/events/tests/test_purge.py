"""Purging private participation data after the retention period, keeping anonymous counts."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from django.core.management import call_command
from django.urls import reverse

from kopa.core import audit
from kopa.core.errors import Conflict
from kopa.core.models import AuditEntry
from kopa.core.tasks import run_task
from kopa.events.models import (
    Answer,
    ParticipationDetails,
    Place,
    PrivacyCounts,
    Registration,
    RideOffer,
    RideRequest,
    Room,
    RoomAllocation,
    RoomRequest,
    RoomType,
    TravelDetails,
)
from kopa.events.registration.participation import participation_purge
from kopa.events.tests.registration_support import K, add_question, pdf_upload

S = Registration.Status
ZONE = ZoneInfo("Europe/Ljubljana")
START = datetime(2020, 2, 10, 9, 0, tzinfo=ZONE)
END = datetime(2020, 2, 12, 17, 0, tzinfo=ZONE)


@pytest.fixture
def past_event(make_event, make_registration):
    """A past event with three participants' private data: needs, diets, travel, a room."""
    event = make_event(start=START, end=END)
    double = RoomType.objects.create(event=event, name={"en": "Double room"}, places=2)
    people = [
        ("vegan", True),
        ("vegan", False),
        ("none", False),
    ]
    for diet, needs in people:
        registration = make_registration(event=event, status=S.ATTENDED)
        ParticipationDetails.objects.create(
            registration=registration,
            diet=diet,
            has_access_needs=needs,
            access_needs="Wheelchair user" if needs else "",
            emergency_contact_name="Contact",
            emergency_contact_phone="+371 2000 0000",
        )
        TravelDetails.objects.create(registration=registration, mode="train",
                                     arrival=START - timedelta(hours=2),
                                     departure=END + timedelta(hours=2))
        RoomRequest.objects.create(
            registration=registration,
            room_type=double,
            first_night=date(2020, 2, 10),
            last_night=date(2020, 2, 11),
        )
    make_registration(event=event, status=S.CANCELLED)
    return event


def private_rows(event) -> int:
    """Rows that still hold private data (travel details stay, emptied, for the grant report)."""
    travel = TravelDetails.objects.filter(registration__event=event).exclude(
        origin__isnull=True, arrival__isnull=True, departure__isnull=True
    )
    return travel.count() + sum(
        model.objects.filter(registration__event=event).count()
        for model in (ParticipationDetails, RoomRequest)
    )


def test_purge_removes_the_private_data_and_keeps_anonymous_counts(past_event):
    counts = participation_purge(event=past_event, now=END + timedelta(days=31))

    assert private_rows(past_event) == 0
    assert list(TravelDetails.objects.filter(registration__event=past_event)
                .values_list("mode", flat=True)) == ["train"] * 3
    assert (counts.participants, counts.with_access_needs) == (3, 1)
    assert counts.diets == {"vegan": 2, "none": 1}
    assert PrivacyCounts.objects.get(event=past_event) == counts
    assert Registration.objects.filter(event=past_event).count() == 4


def test_purge_waits_for_the_retention_period(past_event):
    with pytest.raises(Conflict):
        participation_purge(event=past_event, now=END + timedelta(days=29))

    assert private_rows(past_event) == 9
    assert not PrivacyCounts.objects.exists()


def test_the_retention_period_is_a_setting(past_event, settings):
    settings.KOPA_PRIVATE_DATA_RETENTION_DAYS = 5

    participation_purge(event=past_event, now=END + timedelta(days=6))

    assert private_rows(past_event) == 0


def test_purging_twice_changes_nothing(past_event):
    first = participation_purge(event=past_event, now=END + timedelta(days=31))

    again = participation_purge(event=past_event, now=END + timedelta(days=90))

    assert again.pk == first.pk and again.purged_at == first.purged_at
    assert again.diets == {"vegan": 2, "none": 1}
    assert PrivacyCounts.objects.count() == 1


def test_the_task_purges_every_event_that_is_due_and_no_other(
    past_event, make_event, make_registration
):
    upcoming = make_event()
    place = make_registration(event=upcoming)
    ParticipationDetails.objects.create(registration=place, has_access_needs=True, access_needs="x")

    purged = run_task("kopa.events.jobs:purge_private_data", {})

    assert purged == 1
    assert private_rows(past_event) == 0
    assert ParticipationDetails.objects.filter(registration=place).exists()
    assert run_task("kopa.events.jobs:purge_private_data", {}) == 0


def test_the_management_command_purges_due_events(past_event):
    out = io.StringIO()

    call_command("purge_private_data", stdout=out)

    assert "Purged the private data of 1 event(s)" in out.getvalue()
    assert private_rows(past_event) == 0


def test_after_the_purge_the_participation_form_says_the_data_is_deleted(
    client, make_user, make_event, make_registration
):
    user = make_user()
    event = make_event(start=START, end=END)
    registration = make_registration(event=event, user=user, status=S.ATTENDED)
    participation_purge(event=event, now=END + timedelta(days=31))
    client.force_login(user)
    url = reverse("events:participation", args=[registration.pk])

    html = client.get(url).content.decode()
    client.post(url, {"has_access_needs": "yes", "access_needs": "new", "diet": "none"})

    assert "Private data deleted on" in html and '<form method="post" novalidate>' not in html
    assert not ParticipationDetails.objects.exists()



def test_purge_removes_rides_rooms_and_answers_with_their_files(
    past_event, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    home = Place.objects.create(geonames_id=3239318, name="Celje", ascii_name="celje", country="SI",
                                latitude=Decimal("46.23092"), longitude=Decimal("15.26044"), population=37_520)
    driver, passenger = Registration.objects.filter(event=past_event, status=S.ATTENDED)[:2]
    offer = RideOffer.objects.create(event=past_event, driver=driver, origin=home, seats=2, notes="Behind the station")
    RideRequest.objects.create(event=past_event, passenger=passenger, origin=home, offer=offer)
    room = Room.objects.create(room_type=past_event.room_types.get(), label="101")
    RoomAllocation.objects.create(room=room, registration=driver)
    answer = Answer.objects.create(registration=driver, question=add_question(past_event, K.FILE),
                                   value="letter.pdf", file=pdf_upload())
    stored = tmp_path / answer.file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        participation_purge(event=past_event, now=END + timedelta(days=31))

    for model in (RideOffer, RideRequest, RoomAllocation, Answer):
        assert not model.objects.exists(), model
    assert not stored.exists()
    assert Room.objects.filter(pk=room.pk).exists()  # the venue's layout stays for next time
    entry = AuditEntry.objects.filter(object_id=str(past_event.pk)).latest("created_at")
    assert entry.changes["private_data_purged"][1]["events.RideOffer"] == 1


def test_a_purge_that_fails_keeps_the_files(past_event, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    driver = Registration.objects.filter(event=past_event, status=S.ATTENDED).first()
    answer = Answer.objects.create(registration=driver, question=add_question(past_event, K.FILE),
                                   value="letter.pdf", file=pdf_upload())

    def fail(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(audit, "record", fail)
    with pytest.raises(RuntimeError):
        participation_purge(event=past_event, now=END + timedelta(days=31))

    assert (tmp_path / answer.file.name).exists()
    assert ParticipationDetails.objects.filter(registration__event=past_event).count() == 3
