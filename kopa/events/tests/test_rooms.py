"""Rooms: requests within the event's nights, allocation never beyond the beds, the venue's list."""

import csv
import io
import threading
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from django.db import close_old_connections, connection, connections
from django.utils import translation

from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.events.models import Registration, Room, RoomAllocation, RoomRequest, RoomType
from kopa.events.rooms.services import (
    room_allocate,
    room_request_save,
    room_type_save,
    rooms_add,
)
from kopa.events.rules import nights_window

S = Registration.Status


@pytest.fixture
def event(make_event, now):
    # Starts 2027-04-30 09:00 and ends 2027-05-02 09:00, Ljubljana time.
    return make_event(start=now + timedelta(days=60), end=now + timedelta(days=62))


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def double(event, organiser):
    room_type = room_type_save(
        actor=organiser,
        event=event,
        name={"en": "Double room", "sl": "Dvoposteljna"},
        places=2,
        covered=True,
    )
    rooms_add(actor=organiser, room_type=room_type, count=3, prefix="D")
    return room_type


@pytest.fixture
def person(make_registration, make_user, event):
    def make(first_name="Ana", **fields):
        return make_registration(event=event, user=make_user(), first_name=first_name, **fields)

    return make


def _room(label):
    return Room.objects.get(label=label)


# --- the nights' window -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_window_runs_from_the_night_before_the_start_to_the_night_before_the_end(event):
    first, last = nights_window(event)
    assert (first.isoformat(), last.isoformat()) == ("2027-04-29", "2027-05-01")


@pytest.mark.django_db
def test_a_request_within_the_window_is_saved(event, double, person):
    registration = person()
    first, last = nights_window(event)
    request = room_request_save(
        registration=registration,
        actor=registration.user,
        room_type=double,
        first_night=first,
        last_night=last,
        share_with="Mia",
    )
    assert RoomRequest.objects.get(registration=registration) == request
    assert request.share_with == "Mia"


@pytest.mark.django_db
def test_a_night_before_the_window_is_refused_with_the_allowed_dates(event, double, person):
    registration = person()
    first, last = nights_window(event)
    with pytest.raises(ValidationFailed) as failed:
        room_request_save(
            registration=registration,
            actor=registration.user,
            room_type=double,
            first_night=first - timedelta(days=1),
            last_night=last,
        )
    assert list(failed.value.fields) == ["first_night"]
    assert "Choose a night from" in str(failed.value.fields["first_night"][0])
    assert not RoomRequest.objects.exists()


@pytest.mark.django_db
def test_the_night_of_the_last_day_is_outside_the_window(event, double, person):
    registration = person()
    first, last = nights_window(event)
    with pytest.raises(ValidationFailed) as failed:
        room_request_save(
            registration=registration,
            actor=registration.user,
            room_type=double,
            first_night=first,
            last_night=last + timedelta(days=1),
        )
    assert list(failed.value.fields) == ["last_night"]


@pytest.mark.django_db
def test_a_room_type_of_another_event_is_refused(event, double, person, make_event, organiser):
    other = room_type_save(
        actor=organiser, event=make_event(), name={"en": "Single"}, places=1, covered=True
    )
    registration = person()
    first, last = nights_window(event)
    with pytest.raises(ValidationFailed) as failed:
        room_request_save(
            registration=registration,
            actor=registration.user,
            room_type=other,
            first_night=first,
            last_night=last,
        )
    assert "room_type" in failed.value.fields


@pytest.mark.django_db
def test_the_room_page_shows_a_clear_message_for_nights_outside_the_window(
    client, event, double, person
):
    registration = person()
    client.force_login(registration.user)
    page = client.post(
        f"/en/my/events/{registration.pk}/room/",
        {
            "room_type": double.pk,
            "first_night": "2027-04-20",
            "last_night": "2027-04-30",
        },
    ).content.decode()
    assert "Choose a night from 29 April 2027 to 1 May 2027." in page
    assert not RoomRequest.objects.exists()


@pytest.mark.django_db
def test_a_participant_saves_a_room_request_on_the_room_page(client, event, double, person):
    registration = person()
    client.force_login(registration.user)
    response = client.post(
        f"/en/my/events/{registration.pk}/room/",
        {
            "room_type": double.pk,
            "first_night": "2027-04-29",
            "last_night": "2027-04-30",
            "share_with": "",
        },
    )
    assert response.status_code == 302
    assert RoomRequest.objects.get(registration=registration).last_night.isoformat() == "2027-04-30"


# --- rooms and allocation ------------------------------------------------------------------------


@pytest.mark.django_db
def test_adding_rooms_labels_them_in_sequence_and_refuses_existing_labels(double, organiser):
    assert sorted(double.rooms.values_list("label", flat=True)) == ["D1", "D2", "D3"]
    with pytest.raises(ValidationFailed):
        rooms_add(actor=organiser, room_type=double, count=2, prefix="D", first_number=3)
    assert double.rooms.count() == 3


@pytest.mark.django_db
def test_a_room_never_gets_more_people_than_beds(double, organiser, person):
    room = _room("D1")
    first, second, third = person("Ana"), person("Mia"), person("Eva")
    room_allocate(actor=organiser, room=room, registration=first)
    room_allocate(actor=organiser, room=room, registration=second)
    with pytest.raises(Conflict) as refused:
        room_allocate(actor=organiser, room=room, registration=third)
    assert "Room D1 is full" in str(refused.value.message)
    assert room.allocations.count() == 2
    assert not RoomAllocation.objects.filter(registration=third).exists()


@pytest.mark.django_db
def test_allocating_again_moves_a_person_to_the_new_room(double, organiser, person):
    registration = person()
    room_allocate(actor=organiser, room=_room("D1"), registration=registration)
    room_allocate(actor=organiser, room=_room("D2"), registration=registration)
    assert RoomAllocation.objects.get(registration=registration).room.label == "D2"


@pytest.mark.django_db
def test_people_without_a_place_get_no_room(double, organiser, person):
    with pytest.raises(Conflict):
        room_allocate(actor=organiser, room=_room("D1"), registration=person(status=S.WAITLISTED))


@pytest.mark.django_db
def test_only_organisers_allocate_rooms(double, person, make_user, make_agency):
    registration = person()
    with pytest.raises(PermissionDenied):
        room_allocate(
            actor=make_user(agency=make_agency(country="LV")),
            room=_room("D1"),
            registration=registration,
        )


@pytest.mark.django_db
def test_beds_cannot_be_reduced_below_the_people_in_a_room(double, organiser, person):
    room_allocate(actor=organiser, room=_room("D1"), registration=person())
    room_allocate(actor=organiser, room=_room("D1"), registration=person())
    with pytest.raises(ValidationFailed):
        room_type_save(
            actor=organiser,
            event=double.event,
            room_type=double,
            name=double.name,
            places=1,
            covered=True,
        )


@pytest.mark.django_db
def test_a_refused_allocation_is_shown_on_the_rooms_page(client, event, double, organiser, person):
    room = _room("D1")
    room_allocate(actor=organiser, room=room, registration=person())
    room_allocate(actor=organiser, room=room, registration=person())
    third = person("Eva")
    client.force_login(organiser)
    page = client.post(
        f"/en/staff/events/{event.pk}/rooms/",
        {
            "form": "allocate",
            "allocate-registration": third.pk,
            "allocate-room": room.pk,
        },
    ).content.decode()
    # A full room is not offered; choosing it anyway is refused next to the field.
    assert "Please correct the marked fields." in page
    assert not RoomAllocation.objects.filter(registration=third).exists()


@pytest.mark.django_db
def test_organisers_add_a_room_type_and_rooms_on_the_rooms_page(client, event, organiser):
    client.force_login(organiser)
    client.post(
        f"/en/staff/events/{event.pk}/rooms/",
        {
            "form": "type",
            "type-name_en": "Single room",
            "type-places": "1",
            "type-covered": "on",
        },
    )
    room_type = RoomType.objects.get(event=event)
    assert (room_type.name, room_type.places) == ({"en": "Single room"}, 1)
    client.post(
        f"/en/staff/events/{event.pk}/rooms/",
        {
            "form": "add",
            "add-room_type": room_type.pk,
            "add-count": "4",
            "add-prefix": "S",
            "add-first_number": "101",
        },
    )
    assert sorted(room_type.rooms.values_list("label", flat=True)) == [
        "S101",
        "S102",
        "S103",
        "S104",
    ]


@pytest.mark.django_db
def test_participants_cannot_open_the_rooms_back_office(client, event, person):
    registration = person()
    client.force_login(registration.user)
    assert client.get(f"/en/staff/events/{event.pk}/rooms/").status_code == 404


# --- the list for the venue ------------------------------------------------------------------------


@pytest.fixture
def allocated(event, double, organiser, person):
    ana = person("Ana", last_name="Kovač", email="ana.kovac@example.org", role="youth worker")
    mia = person("Mia", last_name="Bērziņa", email="mia@example.org")
    room_request_save(
        registration=ana,
        actor=ana.user,
        room_type=double,
        first_night=nights_window(event)[0],
        last_night=nights_window(event)[0],
    )
    room_allocate(actor=organiser, room=_room("D2"), registration=ana)
    room_allocate(actor=organiser, room=_room("D2"), registration=mia)
    return ana, mia


@pytest.mark.django_db
def test_the_venue_csv_lists_room_type_names_and_nights_and_nothing_else(
    client, event, organiser, allocated, download_job
):
    client.force_login(organiser)
    response = download_job(client, f"/en/staff/events/{event.pk}/rooms/venue.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Room", "Room type", "Name", "First night", "Last night"],
        ["D2", "Double room", "Mia Bērziņa", "2027-04-29", "2027-05-01"],
        ["D2", "Double room", "Ana Kovač", "2027-04-29", "2027-04-29"],
    ]
    assert "example.org" not in text and "youth worker" not in text


@pytest.mark.django_db
def test_the_venue_xlsx_has_the_same_rows(client, event, organiser, allocated, download_job):
    client.force_login(organiser)
    response = download_job(client, f"/en/staff/events/{event.pk}/rooms/venue.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Room", "Room type", "Name", "First night", "Last night"]
    assert ["D2", "Double room", "Ana Kovač", "2027-04-29", "2027-04-29"] in rows
    assert len(rows) == 3


@pytest.mark.django_db
def test_the_venue_list_is_in_the_organisers_language(
    client, event, organiser, allocated, download_job
):
    client.force_login(organiser)
    with translation.override("en"):  # the request switches to Slovenian; switch back afterwards
        response = download_job(client, f"/sl/staff/events/{event.pk}/rooms/venue.csv")
        text = response.content.decode("utf-8-sig")
    assert "Dvoposteljna" in text


# --- two organisers filling the last bed at once (PostgreSQL row locks) -----------------------------


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_allocations_into_the_last_bed_at_once_fill_it_only_once(double, organiser, person):
    room = _room("D1")
    room_allocate(actor=organiser, room=room, registration=person("Ana"))
    contenders = [person("Mia"), person("Eva")]
    barrier = threading.Barrier(2)
    errors, done = [], []

    def allocate(registration):
        try:
            close_old_connections()
            barrier.wait(timeout=30)
            done.append(room_allocate(actor=organiser, room=room, registration=registration))
        except Exception as exc:  # noqa: BLE001 - every failure is collected and asserted on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate, args=(r,)) for r in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(done) == 1
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    assert RoomAllocation.objects.filter(room=room).count() == 2
