"""Links in e-mails and calendar files point where Kopa answers: KOPA_SITE_URL when set, else the
address the request came to; scheduled work without a request falls back to the development server."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from django.core import mail
from django.urls import reverse

from kopa.events import notifications
from kopa.events.models import Registration
from kopa.events.tests.conftest import NOW
from kopa.events.tests.registration_support import confirm_address, person_post

S = Registration.Status


def calendar_url(message) -> str:
    content = next(c for name, c, _type in message.attachments if name == "event.ics")
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    return str(vevent["url"])


def register(client, event, capture, **extra):
    """Register without an account and confirm the address from the e-mail."""
    data = person_post()
    with capture(execute=True):
        client.post(reverse("events:register", args=[event.pk]), data, **extra)
    with capture(execute=True):
        return confirm_address(client, data["email"], **extra)


@pytest.mark.parametrize(
    ("configured", "expected"),
    [("", "http://localhost:8123"), ("https://kopa.example.org/", "https://kopa.example.org")],
)
def test_the_calendar_file_links_to_the_configured_site_else_where_the_registration_came(
    client, make_event, settings, django_capture_on_commit_callbacks, configured, expected
):
    settings.KOPA_SITE_URL = configured
    event = make_event()

    register(client, event, django_capture_on_commit_callbacks, HTTP_HOST="localhost:8123")

    _confirm_address, message = mail.outbox
    assert calendar_url(message) == f"{expected}/en/events/{event.pk}/"


def test_the_certificate_email_links_to_the_address_the_organiser_used(
    client, make_event, make_registration, make_user, host_agency, settings,
    django_capture_on_commit_callbacks,
):
    settings.KOPA_SITE_URL = ""
    event = make_event()
    attendee = make_registration(event=event, status=S.ATTENDED)
    client.force_login(make_user(agency=host_agency))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:certificates_release", args=[event.pk]), HTTP_HOST="localhost:8123"
        )

    (message,) = mail.outbox
    assert f"http://localhost:8123/en/my/events/{attendee.pk}/certificate.pdf" in message.body


@pytest.mark.django_db
def test_a_reminder_sent_by_the_scheduler_falls_back_to_the_development_server(
    make_event, make_registration, settings, django_capture_on_commit_callbacks
):
    settings.KOPA_SITE_URL = ""
    event = make_event(start=NOW + timedelta(hours=24))
    make_registration(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        notifications.reminders_send(now=NOW)

    assert calendar_url(mail.outbox[0]) == f"http://127.0.0.1:8000/en/events/{event.pk}/"
