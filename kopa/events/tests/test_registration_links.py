"""Signed links in e-mails: answering an offer, confirming, cancelling without logging in."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.core.signing import TimestampSigner, b62_encode
from django.urls import reverse
from django.utils import timezone

from kopa.events.models import Event, ParticipationDetails, Registration, WaitingListOffer
from kopa.events.registration.links import link_token, link_url
from kopa.events.registration.services import registration_change_status
from kopa.events.tests.registration_support import confirm_address, person_post

S = Registration.Status
SITE = "https://kopa.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.KOPA_SITE_URL = SITE + "/"


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def link_in(message, action):
    found = re.findall(rf"{re.escape(SITE)}(/[a-z]{{2}}/events/answer/{action}/[^\s]+/)", message.body)
    assert len(found) == 1, message.body
    return found[0]


def register(client, event, email, capture):
    """Register without an account and confirm the address from the e-mail."""
    with capture(execute=True):
        response = client.post(
            reverse("events:register", args=[event.pk]),
            person_post(email=email, first_name=email.split("@")[0]),
        )
    assert response.status_code == 200
    with capture(execute=True):
        assert confirm_address(client, email).status_code == 200
    return Registration.objects.get(event=event, email=email)


def test_a_waitlisted_participant_accepts_the_offered_place_from_the_email_without_logging_in(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    first = register(client, event, "first@example.org", django_capture_on_commit_callbacks)
    waiting = register(client, event, "waiting@example.org", django_capture_on_commit_callbacks)
    assert (first.status, waiting.status) == (S.CONFIRMED, S.WAITLISTED)

    # The first participant cannot come and cancels from their confirmation e-mail.
    cancel = link_in(mails_to("first@example.org")[1], "cancel")
    assert "Yes, cancel my registration" in client.get(cancel).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(cancel, {"answer": "cancel"})
    assert "Your registration is cancelled." in cancelled.content.decode()

    offer_mail = mails_to("waiting@example.org")[-1]
    assert offer_mail.subject.startswith("A place is free for you")
    accept = link_in(offer_mail, "offer")
    page = client.get(accept)
    waiting.refresh_from_db()
    assert page.status_code == 200 and waiting.status == S.OFFERED  # opening never acts
    assert "Accept the place" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(accept, {"answer": "accept"})

    assert "You accepted the place. It is confirmed." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert waiting.offers.get().status == WaitingListOffer.Status.ACCEPTED
    assert mails_to("waiting@example.org")[-1].subject.startswith("Your place at")
    again = client.get(accept)
    assert "There is nothing to answer here any more." in again.content.decode()


@pytest.fixture
def offered(make_registration, make_event):
    event = make_event(capacity=1)
    registration = make_registration(event=event, status=S.OFFERED)
    now = timezone.now()
    offer = WaitingListOffer.objects.create(
        registration=registration, offered_at=now, expires_at=now + timedelta(hours=48)
    )
    after = make_registration(event=event, status=S.WAITLISTED)
    return registration, offer, after


def path_of(registration, action, offer=None):
    return link_url(registration, action, offer=offer).removeprefix(SITE)


def test_declining_from_the_link_passes_the_place_on(client, offered):
    registration, offer, after = offered

    client.post(path_of(registration, "offer", offer), {"answer": "decline"})

    registration.refresh_from_db()
    after.refresh_from_db()
    assert (registration.status, after.status) == (S.DECLINED, S.OFFERED)


def test_a_tampered_link_is_a_clear_400(client, offered):
    registration, offer, _after = offered
    path = path_of(registration, "offer", offer)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))

    for url in (tampered, tampered.replace("/offer/", "/cancel/"), path.replace("/offer/", "/nothing/")):
        response = client.post(url, {"answer": "accept"})
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.OFFERED


def test_an_expired_link_is_a_clear_410(client, offered):
    registration, offer, _after = offered
    path = path_of(registration, "offer", offer)
    WaitingListOffer.objects.filter(pk=offer.pk).update(
        offered_at=timezone.now() - timedelta(hours=49), expires_at=timezone.now() - timedelta(hours=1)
    )
    token = link_token(registration, "offer", offer=WaitingListOffer.objects.get(pk=offer.pk))
    lapsed = reverse("events:registration_link", kwargs={"action": "offer", "token": token})

    response = client.post(lapsed, {"answer": "accept"})

    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    # The link sent earlier is still signed, but the offer it names has lapsed.
    assert client.post(path, {"answer": "accept"}).status_code == 410
    registration.refresh_from_db()
    assert registration.status == S.OFFERED


def test_a_link_past_its_longest_life_is_expired(client, offered, monkeypatch):
    registration, _offer, _after = offered
    long_ago = int((timezone.now() - timedelta(days=61)).timestamp())
    monkeypatch.setattr(TimestampSigner, "timestamp", lambda self: b62_encode(long_ago))
    token = link_token(registration, "cancel")
    monkeypatch.undo()

    response = client.get(reverse("events:registration_link", kwargs={"action": "cancel", "token": token}))

    assert response.status_code == 410


def test_a_link_for_one_registration_cannot_act_on_another(client, offered, make_registration):
    registration, offer, _after = offered
    other = make_registration(event=registration.event, status=S.WAITLISTED)
    mine = path_of(registration, "offer", offer)
    payload = TimestampSigner(salt="kopa.events.registration.link.offer").unsign_object(
        mine.rstrip("/").rsplit("/", 1)[1]
    )
    forged = mine.replace(mine.rstrip("/").rsplit("/", 1)[1], TimestampSigner(salt="other").sign_object(
        {**payload, "r": other.pk}
    ))

    assert client.post(forged, {"answer": "cancel"}).status_code == 400
    # A genuine cancel link of my registration only cancels mine.
    client.post(path_of(registration, "cancel"), {"answer": "cancel"})
    other.refresh_from_db()
    registration.refresh_from_db()
    assert other.status == S.WAITLISTED and registration.status == S.DECLINED


def test_an_offer_link_answers_only_the_offer_it_was_sent_for(client, offered):
    registration, offer, _after = offered
    old = path_of(registration, "offer", offer)
    WaitingListOffer.objects.filter(pk=offer.pk).update(status=WaitingListOffer.Status.EXPIRED)
    now = timezone.now()
    WaitingListOffer.objects.create(
        registration=registration, offered_at=now, expires_at=now + timedelta(hours=48)
    )

    response = client.post(old, {"answer": "accept"})

    assert "There is nothing to answer here any more." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.OFFERED


def test_a_selected_applicant_confirms_from_the_email(
    client, make_event, make_registration, make_user, host_agency, django_capture_on_commit_callbacks
):
    event = make_event(registration_mode=Event.RegistrationMode.SELECTION)
    registration = make_registration(event=event, status=S.PRESELECTED, email="chosen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration_change_status(
            actor=make_user(agency=host_agency), registration=registration, to=S.SELECTED
        )
    link = link_in(mails_to("chosen@example.org")[-1], "confirm")

    page = client.get(link).content.decode()
    client.post(link, {"answer": "confirm"})

    assert "Confirm my place" in page and "Decline the place" in page
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_a_link_accepts_only_its_own_answers(client, offered):
    registration, offer, _after = offered

    response = client.post(path_of(registration, "offer", offer), {"answer": "cancel"})

    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == S.OFFERED


def test_the_registration_page_says_what_happens_next_and_when(
    client, make_event, make_registration, make_user, settings, django_capture_on_commit_callbacks
):
    settings.KOPA_REMINDER_HOURS = 36
    client.force_login(make_user(email="alja.primer@example.org"))
    full = make_event(capacity=1, offer_hours=24)
    make_registration(event=full)
    waiting_before = make_registration(event=full, status=S.WAITLISTED)
    Registration.objects.filter(pk=waiting_before.pk).update(
        decided_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.post(reverse("events:register", args=[full.pk]), person_post()).content.decode()
        placed = client.post(
            reverse("events:register", args=[make_event().pk]), person_post()
        ).content.decode()
        applied = client.post(
            reverse("events:register", args=[
                make_event(registration_mode=Event.RegistrationMode.SELECTION, confirmation_days=5).pk
            ]),
            person_post(),
        ).content.decode()

    assert "What happens next" in waiting
    assert "You are number 2 on the waiting list." in waiting
    assert "Accept the place within 24 hours" in waiting
    assert "in the participation form" in placed
    assert "reminder with your check-in code 36 hours before the event begins" in placed
    assert "Applications close on" in applied and "within 5 days" in applied
    for html in (waiting, placed, applied):
        assert "cancel with the link in the e-mail" in html


def test_a_participant_fills_in_the_participation_form_from_the_confirmation_email(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    registration = register(client, event, "eva@example.org", django_capture_on_commit_callbacks)
    form = link_in(mails_to("eva@example.org")[-1], "participation")

    page = client.get(form)
    response = client.post(
        form,
        {"has_access_needs": "yes", "access_needs": "Step-free access", "diet": "vegan",
         "emergency_contact_name": "Tina", "emergency_contact_phone": "+386 40 000 000"},
        follow=True,
    )

    assert page.status_code == 200 and "Emergency contact" in page.content.decode()
    assert "Your participation details are saved." in response.content.decode()
    details = ParticipationDetails.objects.get(registration=registration)
    assert details.access_needs == "Step-free access" and details.diet == "vegan"

    client.post(path_of(registration, "cancel"), {"answer": "cancel"})
    assert client.get(form).status_code == 410  # no place held any more


def test_a_participation_link_does_not_answer_an_offer(client, offered):
    registration, offer, _after = offered
    token = link_token(registration, "participation")

    response = client.post(
        reverse("events:registration_link", kwargs={"action": "offer", "token": token}),
        {"answer": "accept"},
    )

    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == S.OFFERED
