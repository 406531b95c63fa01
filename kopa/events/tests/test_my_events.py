"""The participant's area: my registrations, my QR code, cancelling, confirming, offers."""

import base64
from datetime import timedelta

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kopa.events.models import Event, Registration, WaitingListOffer
from kopa.events.qr import qr_svg

S = Registration.Status


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Eva", last_name="Primer")


@pytest.fixture
def mine(make_registration, participant):
    def make(**fields):
        fields.setdefault("email", participant.email)
        return make_registration(user=participant, **fields)

    return make


def url(name, registration=None):
    return reverse(f"events:{name}", args=[registration.pk] if registration else [])


def test_my_events_lists_my_registrations_with_their_status_and_nobody_elses(
    client, participant, mine, make_event, make_registration
):
    confirmed = mine(event=make_event(title={"en": "Training in Laško"}))
    mine(event=make_event(title={"en": "Study visit"}), status=S.WAITLISTED)
    make_registration(event=make_event(title={"en": "Someone else's event"}))
    client.force_login(participant)

    html = client.get(url("my_events")).content.decode()

    assert "Training in Laško" in html and "Study visit" in html
    assert "Confirmed" in html and "On the waiting list" in html
    assert "Someone else" not in html
    assert confirmed.checkin_code in html


def test_my_qr_code_encodes_my_checkin_code(client, participant, mine):
    registration = mine()
    client.force_login(participant)

    html = client.get(url("my_events")).content.decode()

    expected = base64.b64encode(qr_svg(registration.checkin_code).encode()).decode()
    assert f'src="data:image/svg+xml;base64,{expected}"' in html
    assert 'alt="Your QR code for check-in"' in html


def test_a_person_waiting_for_a_place_has_no_qr_code(client, participant, mine):
    mine(status=S.WAITLISTED)
    client.force_login(participant)

    assert "data:image/svg+xml" not in client.get(url("my_events")).content.decode()


def test_my_area_needs_a_login(client):
    response = client.get(url("my_events"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_cancelling_frees_the_place_and_the_next_person_waiting_gets_an_offer_by_email(
    client, participant, mine, make_event, make_registration, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    registration = mine(event=event)
    waiting = make_registration(event=event, status=S.WAITLISTED, email="next@example.org")
    client.force_login(participant)

    confirm_page = client.get(url("my_cancel", registration))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("my_cancel", registration), follow=True)

    assert "Yes, cancel my registration" in confirm_page.content.decode()
    assert "Your registration is cancelled." in response.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == S.CANCELLED
    assert waiting.status == S.OFFERED
    offers = [m for m in mail.outbox if m.to == ["next@example.org"]]
    assert len(offers) == 1 and offers[0].subject.startswith("A place is free for you")


def test_nobody_else_can_cancel_my_registration(client, make_user, mine):
    registration = mine()
    client.force_login(make_user())

    assert client.get(url("my_cancel", registration)).status_code == 404
    assert client.post(url("my_cancel", registration)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_a_selected_applicant_confirms_before_the_deadline(client, participant, mine, make_event):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    registration = mine(event=event, status=S.SELECTED)
    Registration.objects.filter(pk=registration.pk).update(decided_at=timezone.now())
    client.force_login(participant)

    page = client.get(url("my_events")).content.decode()
    response = client.post(url("my_confirm", registration), follow=True)

    assert "Confirm my place" in page
    assert "Your place is confirmed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_confirming_after_the_deadline_is_refused(client, participant, mine, make_event):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION, confirmation_days=7)
    registration = mine(event=event, status=S.SELECTED)
    Registration.objects.filter(pk=registration.pk).update(
        decided_at=timezone.now() - timedelta(days=8)
    )
    client.force_login(participant)

    response = client.post(url("my_confirm", registration), follow=True)

    assert "The time to confirm this place has passed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.SELECTED


@pytest.fixture
def offered(mine, make_event, make_registration):
    """My open waiting-list offer for a full event, with another person waiting after me."""
    event = make_event(capacity=1)
    registration = mine(event=event, status=S.OFFERED)
    now = timezone.now()
    WaitingListOffer.objects.create(
        registration=registration, offered_at=now, expires_at=now + timedelta(hours=48)
    )
    after_me = make_registration(event=event, status=S.WAITLISTED)
    return registration, after_me


def test_accepting_an_offer_confirms_the_place(client, participant, offered):
    registration, _after_me = offered
    client.force_login(participant)

    page = client.get(url("my_events")).content.decode()
    client.post(url("my_offer_accept", registration))

    assert "Accept the place" in page and "Decline the place" in page
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert registration.offers.get().status == WaitingListOffer.Status.ACCEPTED


def test_declining_an_offer_passes_the_place_to_the_next_person(client, participant, offered):
    registration, after_me = offered
    client.force_login(participant)

    client.post(url("my_offer_decline", registration))

    registration.refresh_from_db()
    after_me.refresh_from_db()
    assert registration.status == S.DECLINED
    assert after_me.status == S.OFFERED


def test_answering_someone_elses_offer_is_not_found(client, make_user, offered):
    registration, _after_me = offered
    client.force_login(make_user())

    assert client.post(url("my_offer_accept", registration)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == S.OFFERED


def test_the_answer_buttons_accept_only_post(client, participant, offered):
    registration, _after_me = offered
    client.force_login(participant)

    assert client.get(url("my_offer_accept", registration)).status_code == 405
