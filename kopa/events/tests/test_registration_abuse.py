"""Registrations made without an account hold a place only once the address is confirmed; the form
says the same for a new and a registered address; the owner of an address can always claim it."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kopa.events import jobs
from kopa.events.models import Registration
from kopa.events.registration.links import VERIFY, link_url
from kopa.events.registration.selectors import event_registrations
from kopa.events.tests.registration_support import confirm_address, person_post

S = Registration.Status


def register(client, event, capture, **fields):
    with capture(execute=True):
        response = client.post(reverse("events:register", args=[event.pk]), person_post(**fields))
    assert response.status_code == 200
    return response


def verify_path(message) -> str:
    found = re.findall(r"https?://[^/\s]+(/[a-z]{2}/events/answer/verify/[^\s]+/)", message.body)
    assert len(found) == 1, message.body
    return found[0]


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_invented_addresses_fill_no_place_and_the_real_participant_gets_it(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    for n in range(5):
        register(Client(), event, django_capture_on_commit_callbacks, email=f"fake{n}@example.invalid")
    assert Registration.objects.filter(event=event, status=S.UNCONFIRMED).count() == 5

    register(client, event, django_capture_on_commit_callbacks, email="real@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        page = confirm_address(client, "real@example.org")

    real = Registration.objects.get(event=event, email="real@example.org")
    assert real.status == S.CONFIRMED
    assert "Thank you: your e-mail address is confirmed." in page.content.decode()
    assert mails_to("real@example.org")[-1].subject.startswith("Your place at")
    # Organisers see only confirmed addresses.
    assert list(event_registrations(event)) == [real]


def test_a_confirmed_address_joins_the_waiting_list_when_it_is_confirmed(
    client, make_event, make_registration, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    register(client, event, django_capture_on_commit_callbacks, email="late@example.org")
    make_registration(event=event, email="held@example.org")
    early = make_registration(event=event, email="early@example.org", status=S.WAITLISTED)
    # It joined the waiting list after the address above registered, before it was confirmed.
    Registration.objects.filter(pk=early.pk).update(
        created_at=timezone.now(), decided_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(client, "late@example.org")

    late = Registration.objects.get(email="late@example.org")
    early = Registration.objects.get(email="early@example.org")
    assert late.status == S.WAITLISTED
    # It joined the list when confirmed: behind whoever was waiting then.
    assert late.decided_at > early.decided_at
    assert list(Registration.objects.filter(status=S.WAITLISTED).order_by("decided_at", "id")) == [
        early, late
    ]


def test_someone_registering_the_owners_address_first_does_not_lock_the_owner_out(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    squatter, owner = Client(), Client()
    register(squatter, event, django_capture_on_commit_callbacks,
             email="owner@example.org", first_name="Squatter")
    squatter_link = verify_path(mails_to("owner@example.org")[0])

    register(owner, event, django_capture_on_commit_callbacks,
             email="owner@example.org", first_name="Owner")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(owner, "owner@example.org")

    (registration,) = Registration.objects.filter(event=event)
    assert (registration.first_name, registration.status) == ("Owner", S.CONFIRMED)
    # The first link named a registration that gave way to the owner's: it confirms nothing.
    response = squatter.post(squatter_link, {"answer": "confirm"})
    assert response.status_code == 410
    assert Registration.objects.get(event=event).first_name == "Owner"


def test_a_logged_in_owner_claims_an_address_someone_registered_unconfirmed(
    client, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event()
    register(Client(), event, django_capture_on_commit_callbacks, email="eva@example.org")
    eva = make_user(email="eva@example.org", first_name="Eva")
    client.force_login(eva)

    register(client, event, django_capture_on_commit_callbacks, email="eva@example.org")

    (registration,) = Registration.objects.filter(event=event)
    assert registration.status == S.CONFIRMED and registration.user_id == eva.pk


def test_a_logged_in_person_registering_another_address_needs_that_address_confirmed(
    client, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event()
    client.force_login(make_user(email="eva@example.org"))

    html = register(client, event, django_capture_on_commit_callbacks,
                    email="friend@example.org").content.decode()

    assert Registration.objects.get(email="friend@example.org").status == S.UNCONFIRMED
    assert "Please check your e-mail." in html
    assert mails_to("friend@example.org")[0].subject.startswith("Please confirm your registration")


def test_the_owner_deletes_a_registration_they_did_not_make(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    register(Client(), event, django_capture_on_commit_callbacks, email="eva@example.org")
    link = verify_path(mails_to("eva@example.org")[0])

    opened = client.get(link)
    assert Registration.objects.filter(event=event).count() == 1  # opening never acts
    assert "I did not register: delete it" in opened.content.decode()
    response = client.post(link, {"answer": "discard"})

    assert "The registration is deleted." in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_an_unconfirmed_registration_lapses_after_a_day(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    register(client, event, django_capture_on_commit_callbacks, email="eva@example.org")
    registration = Registration.objects.get(email="eva@example.org")
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    registration.refresh_from_db()
    stale_link = link_url(registration, VERIFY).split("://", 1)[1].split("/", 1)[1]

    assert client.post("/" + stale_link, {"answer": "confirm"}).status_code == 410
    assert jobs.expire_unconfirmed() == 1
    assert not Registration.objects.filter(event=event).exists()


def test_an_unconfirmed_registration_younger_than_a_day_stays(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    register(client, event, django_capture_on_commit_callbacks, email="eva@example.org")

    assert jobs.expire_unconfirmed() == 0
    assert Registration.objects.get(email="eva@example.org").status == S.UNCONFIRMED


def test_a_confirmed_registration_belongs_to_the_verified_account_with_its_address(
    client, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event()
    eva = make_user(email="Eva@Example.org")
    anonymous = Client()
    register(anonymous, event, django_capture_on_commit_callbacks, email="eva@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(anonymous, "eva@example.org")

    assert Registration.objects.get(event=event).user_id == eva.pk
    client.force_login(eva)
    assert event.title_text in client.get(reverse("events:my_events")).content.decode()


def test_logging_in_claims_registrations_made_with_the_address_before_the_account(
    client, make_event, make_user, django_capture_on_commit_callbacks
):
    event = make_event()
    anonymous = Client()
    register(anonymous, event, django_capture_on_commit_callbacks, email="eva@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(anonymous, "eva@example.org")
    assert Registration.objects.get(event=event).user_id is None
    eva = make_user(email="eva@example.org", password="pass-Word-2026")
    stranger = make_user(email="stranger@example.org", password="pass-Word-2026")

    Client().post(reverse("core:login"), {"username": stranger.username, "password": "pass-Word-2026"})
    assert Registration.objects.get(event=event).user_id is None
    client.post(reverse("core:login"), {"username": eva.username, "password": "pass-Word-2026"})

    assert Registration.objects.get(event=event).user_id == eva.pk
    assert event.title_text in client.get(reverse("events:my_events")).content.decode()
