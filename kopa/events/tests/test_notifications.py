"""Confirmation e-mails carry the event as a calendar file; reminders go out once, before the event."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from django.core import mail

from kopa.events import notifications
from kopa.events.models import Registration
from kopa.events.registration import services
from kopa.events.tests.conftest import NOW

S = Registration.Status


@pytest.mark.django_db
def test_confirmation_email_has_the_event_as_a_calendar_file(
    make_event, person_data, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, data=person_data(language="lv"), now=NOW)
    (message,) = mail.outbox
    (filename, content, mimetype), (qr_name, qr_content, qr_type) = message.attachments
    assert filename == "event.ics" and mimetype == "text/calendar"
    registration = event.registrations.get()
    assert qr_name == "check-in-qr.png" and qr_type == "image/png" and qr_content.startswith(b"\x89PNG")
    assert registration.checkin_code in message.body
    calendar = Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Iekļaušanas apmācība"
    assert f"/lv/events/{event.pk}/" in str(vevent["url"])


@pytest.mark.django_db
def test_waiting_list_email_has_no_calendar_file(
    make_event, person_data, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, data=person_data(), now=NOW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, data=person_data(), now=NOW)
    assert mail.outbox[0].attachments == []


@pytest.mark.django_db
def test_reminder_goes_once_to_confirmed_participants_of_events_starting_soon(
    make_event, make_registration, django_capture_on_commit_callbacks
):
    soon = make_event(start=NOW + timedelta(hours=30))
    later = make_event(start=NOW + timedelta(days=10))
    confirmed = make_registration(event=soon, status=S.CONFIRMED, language="sl")
    make_registration(event=soon, status=S.WAITLISTED)
    make_registration(event=later, status=S.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.reminders_send(now=NOW) == 1
    (message,) = mail.outbox
    assert message.to == [confirmed.email]
    assert "Usposabljanje o vključevanju" in message.subject
    assert notifications.reminders_send(now=NOW + timedelta(hours=1)) == 0
    confirmed.refresh_from_db()
    assert confirmed.reminded_at == NOW


@pytest.mark.django_db
def test_no_reminder_after_the_event_has_started(make_event, make_registration):
    started = make_event(start=NOW - timedelta(hours=1), end=NOW + timedelta(days=1))
    make_registration(event=started, status=S.CONFIRMED)
    assert notifications.reminders_send(now=NOW) == 0
