"""A participant sees, downloads and deletes what Kopa holds about them, starting from sign-up.

Nika signs up and confirms her address from the e-mail, registers (through the pages) for two events
of the Slovenian agency, answering their question; the first then takes place (its dates pass); the
second is full, and Marko waits for her place. She opens My data from My area, downloads it (her
answers are in it, Marko's are not), asks to delete her account, follows the e-mailed link and
confirms. Then: the past registration is emptied but still counted, the future one is cancelled and
Marko is offered the place, she cannot log in, and the history shows a pseudonym.
"""

import json
import re
from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from kopa.agencies.models import Agency
from kopa.core import audit
from kopa.directory.models import Person
from kopa.events.models import Event, Question, Registration, WaitingListOffer
from kopa.events.tests.registration_support import add_question

pytestmark = pytest.mark.django_db

EMAIL = "nika.vidmar@example.org"
PASSWORD = "zelena-Reka-2026"


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def event(agency, *, title, days, capacity):
    start = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        organiser_agency=agency, type=Event.Type.NATIONAL_TRAINING, title={"en": title},
        start=start, end=start + timedelta(hours=8), capacity=capacity, status=Event.Status.PUBLISHED,
        venue_name="Mladinski center", town="Maribor", country="SI",
        registration_opens=timezone.now() - timedelta(days=1))


def register(client, ev, user, answer):
    question = Question.objects.get(event=ev)
    response = client.post(f"/en/events/{ev.pk}/register/", {
        "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "country_of_residence": "SI", "organisation_name": "", "role": "", f"question_{question.pk}": answer})
    assert "events/registration/result.html" in [t.name for t in response.templates]


def test_a_participant_downloads_her_data_and_deletes_her_account(
        client, django_capture_on_commit_callbacks):
    agency = Agency.objects.create(name="MOVIT", slug="movit", kind=Agency.Kind.NATIONAL_AGENCY, country="SI")
    past = event(agency, title="Inclusion basics", days=10, capacity=10)
    future = event(agency, title="Storytelling workshop", days=30, capacity=1)
    for ev in (past, future):
        add_question(ev, Question.Kind.TEXT, label={"en": "Why do you come?"})

    # --- sign-up from the page, confirmed from the e-mail ------------------------------------------
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", {
            "first_name": "Nika", "last_name": "Vidmar", "email": EMAIL, "password1": PASSWORD,
            "password2": PASSWORD, "country": "SI", "language": "en"})
    client.get(link_in(mail.outbox[-1]))
    nika = get_user_model().objects.get(username=EMAIL)
    assert nika.is_active and Person.objects.filter(user=nika).exists()

    # --- registrations through the pages; Marko waits for the future event ---------------------
    with django_capture_on_commit_callbacks(execute=True):
        register(client, past, nika, "NIKA-ANSWER-PAST")
        register(client, future, nika, "NIKA-ANSWER-FUTURE")
    marko = get_user_model().objects.create_user(username="marko@example.org", email="marko@example.org",
                                                 password=PASSWORD, first_name="Marko", last_name="Novak")
    other = Client()
    other.force_login(marko)
    with django_capture_on_commit_callbacks(execute=True):
        register(other, future, marko, "MARKO-ANSWER")
        register(other, past, marko, "MARKO-PAST")
    mine_past = Registration.objects.get(event=past, user=nika)
    mine_future = Registration.objects.get(event=future, user=nika)
    waiting = Registration.objects.get(event=future, user=marko)
    assert mine_future.status == Registration.Status.CONFIRMED
    assert waiting.status == Registration.Status.WAITLISTED
    # The first event takes place.
    Event.objects.filter(pk=past.pk).update(start=timezone.now() - timedelta(days=3),
                                            end=timezone.now() - timedelta(days=3) + timedelta(hours=8))

    # --- My data, from My area ------------------------------------------------------------------------
    my_area = client.get("/en/my/").content.decode()
    assert 'href="/en/my/data/"' in my_area
    page = client.get("/en/my/data/").content.decode()
    assert "NIKA-ANSWER-PAST" in page and "Storytelling workshop" in page and EMAIL in page
    assert "MARKO" not in page
    download = client.get("/en/my/data.json")
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    text = json.dumps(data)
    assert "NIKA-ANSWER-PAST" in text and "NIKA-ANSWER-FUTURE" in text
    assert "MARKO" not in text and "marko@example.org" not in text
    assert len(data["sections"]["registrations"]["records"]) == 2

    # --- delete: the page, the e-mailed link, the confirmation -----------------------------------
    assert 'href="/en/my/delete/"' in my_area
    assert "waiting list" in client.get("/en/my/delete/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/my/delete/")
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link = link_in(mail.outbox[0])
    landing = client.get(link)
    assert landing.status_code == 200 and 'method="post"' in landing.content.decode()
    assert get_user_model().objects.get(pk=nika.pk).is_active  # opening the link deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert done.status_code == 302

    # --- afterwards ---------------------------------------------------------------------------------
    mine_past.refresh_from_db()
    assert (mine_past.first_name, mine_past.email, mine_past.user_id) == ("", "", None)
    assert mine_past.status == Registration.Status.CONFIRMED  # still counted
    assert not mine_past.answers.exists()
    assert Registration.objects.filter(event=past, status=Registration.Status.CONFIRMED).count() == 2
    mine_future.refresh_from_db()
    assert mine_future.status == Registration.Status.CANCELLED and mine_future.email == ""
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED
    assert WaitingListOffer.objects.filter(registration=waiting, status=WaitingListOffer.Status.OPEN).exists()
    assert any(m.to == ["marko@example.org"] for m in mail.outbox)
    assert not Person.objects.filter(email__iexact=EMAIL).exists()

    assert client.get("/en/my/").status_code == 302  # logged out
    stranger = Client()
    stranger.post("/en/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in stranger.session
    account = get_user_model().objects.get(pk=nika.pk)
    assert not account.is_active and account.username.startswith("deleted-") and account.email == ""
    history = " ".join(f"{e.actor} {e.object_repr} {e.changes}" for e in audit.history_for(mine_past))
    assert "Nika" not in history and "Vidmar" not in history and EMAIL not in history
    assert client.get(link).status_code == 400  # the link works once
