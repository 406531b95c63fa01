"""Who is a participant: an open waiting-list offer holds the place, but until it is accepted the
person is not on the badges, the sign-in sheet or the room list and is not asked for private data."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from django.urls import reverse

from kopa.events.models import ParticipationDetails, Registration, RoomAllocation
from kopa.events.rooms.services import room_type_save, rooms_add

S = Registration.Status


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def offered(client, make_event, make_registration, make_user, organiser):
    """A full event: Ana cancels on her page, so Oto, first on the waiting list, is offered the
    place. Returns (event, Oto's registration, Oto)."""
    event = make_event(capacity=1)
    ana = make_user(first_name="Ana")
    oto = make_user(first_name="Oto")
    holder = make_registration(
        event=event, user=ana, email=ana.email, first_name="Ana", last_name="Kranjc"
    )
    waiting = make_registration(
        event=event,
        user=oto,
        email=oto.email,
        first_name="Oto",
        last_name="Čakalnik",
        status=S.WAITLISTED,
    )
    room_type = room_type_save(
        actor=organiser, event=event, name={"en": "Double room"}, places=2, covered=True
    )
    rooms_add(actor=organiser, room_type=room_type, count=1, prefix="D")
    client.force_login(ana)
    client.post(reverse("events:my_cancel", args=[holder.pk]))
    waiting.refresh_from_db()
    assert waiting.status == S.OFFERED
    client.logout()
    return event, waiting, oto


def test_an_open_offer_is_not_on_badges_sign_in_sheet_or_room_list(client, organiser, offered,
                                                                   download_job):
    event, waiting, _oto = offered
    client.force_login(organiser)

    sheet = pdf_text(download_job(client, reverse("events:sign_in_sheet", args=[event.pk])).content)
    badges = pdf_text(download_job(client, reverse("events:badges", args=[event.pk])).content)
    rooms = client.get(reverse("events:rooms_staff", args=[event.pk])).content.decode()

    assert "Čakalnik" not in sheet
    assert "Čakalnik" not in badges
    assert "Čakalnik" not in rooms


def test_an_open_offer_gets_no_room(client, organiser, offered):
    event, waiting, _oto = offered
    client.force_login(organiser)

    client.post(
        reverse("events:rooms_staff", args=[event.pk]),
        {
            "form": "allocate",
            "allocate-registration": waiting.pk,
            "allocate-room": event.room_types.get().rooms.get().pk,
        },
    )

    assert not RoomAllocation.objects.filter(registration=waiting).exists()


def test_the_participation_form_asks_to_accept_the_place_first(client, offered):
    _event, waiting, oto = offered
    client.force_login(oto)
    url = reverse("events:participation", args=[waiting.pk])

    page = client.get(url).content.decode()
    client.post(url, {"diet": "vegan", "emergency_contact_name": "Mama"})

    assert "Accept it in My events first" in page
    assert 'name="emergency_contact_name"' not in page
    assert not ParticipationDetails.objects.filter(registration=waiting).exists()


def test_once_the_offer_is_accepted_the_person_is_a_participant(client, organiser, offered,
                                                               download_job):
    event, waiting, oto = offered
    client.force_login(oto)
    client.post(reverse("events:my_offer_accept", args=[waiting.pk]))
    form = client.get(reverse("events:participation", args=[waiting.pk])).content.decode()
    client.force_login(organiser)

    sheet = pdf_text(download_job(client, reverse("events:sign_in_sheet", args=[event.pk])).content)

    assert 'name="emergency_contact_name"' in form
    assert "Čakalnik" in sheet
