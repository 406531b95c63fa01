"""Purging private participation data after the retention period, keeping anonymous counts."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.core.management import call_command
from django.urls import reverse

from kopa.core.errors import Conflict
from kopa.core.tasks import run_task
from kopa.events.models import (
    ParticipationDetails,
    PrivacyCounts,
    Registration,
    RoomRequest,
    RoomType,
    TravelDetails,
)
from kopa.events.services_participation import participation_purge

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
        TravelDetails.objects.create(registration=registration, mode="train")
        RoomRequest.objects.create(
            registration=registration,
            room_type=double,
            first_night=date(2020, 2, 10),
            last_night=date(2020, 2, 11),
        )
    make_registration(event=event, status=S.CANCELLED)
    return event


def private_rows(event) -> int:
    return sum(
        model.objects.filter(registration__event=event).count()
        for model in (ParticipationDetails, TravelDetails, RoomRequest)
    )


def test_purge_removes_the_private_data_and_keeps_anonymous_counts(past_event):
    counts = participation_purge(event=past_event, now=END + timedelta(days=31))

    assert private_rows(past_event) == 0
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

    purged = run_task("kopa.events.tasks:purge_private_data", {})

    assert purged == 1
    assert private_rows(past_event) == 0
    assert ParticipationDetails.objects.filter(registration=place).exists()
    assert run_task("kopa.events.tasks:purge_private_data", {}) == 0


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

    assert "has been deleted, as planned" in html and '<form method="post" novalidate>' not in html
    assert not ParticipationDetails.objects.exists()
