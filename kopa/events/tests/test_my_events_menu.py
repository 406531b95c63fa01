"""My events in the main menu, with a badge while something waits for the person's answer."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from kopa.events.models import Registration
from kopa.events.tests.registration_support import confirm_address, person_post

S = Registration.Status


def menu_item(client):
    html = client.get(reverse("site:home")).content.decode()
    found = re.search(r'<a href="/en/my/events/" class="my-events">(.*?)</a>', html, re.S)
    return found.group(1) if found else None


def test_the_menu_leads_to_my_events_and_counts_what_waits_for_an_answer(
    client, make_user, make_event, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    participant = make_user(first_name="Eva", last_name="Primer", email="eva@example.org")
    other = Client()
    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("events:register", args=[event.pk]), person_post(email="first@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_address(other, "first@example.org")
    first = Registration.objects.get(email="first@example.org")
    client.force_login(participant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:register", args=[event.pk]), person_post(email="eva@example.org"))
    mine = Registration.objects.get(email="eva@example.org")
    assert mine.status == S.WAITLISTED and mine.user_id == participant.pk

    assert menu_item(client) == "My events"  # waiting: nothing to answer yet

    # The first participant cancels from the link in their confirmation e-mail; the place is offered.
    cancel = re.search(r"http://\S+(/en/events/answer/cancel/\S+/)", mail.outbox[1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        other.post(cancel, {"answer": "cancel"})
    first.refresh_from_db()
    assert first.status == S.CANCELLED
    mine.refresh_from_db()
    assert mine.status == S.OFFERED
    item = menu_item(client)
    assert 'aria-hidden="true">1</span>' in item and "(1 needs your answer)" in item

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:my_offer_accept", args=[mine.pk]))
    assert "(1 needs your answer)" in menu_item(client)  # the participation form is still empty

    client.post(
        reverse("events:participation", args=[mine.pk]),
        {"has_access_needs": "no", "diet": "vegetarian", "emergency_contact_name": "Tina",
         "emergency_contact_phone": "+386 40 000 000"},
    )
    assert menu_item(client) == "My events"


def test_a_visitor_who_is_not_signed_in_has_no_my_events_item(client, db):
    assert menu_item(client) is None


def test_the_badge_counts_only_my_own_registrations(client, make_user, make_registration):
    make_registration(status=S.SELECTED)  # someone else's place to confirm
    client.force_login(make_user())

    assert menu_item(client) == "My events"
