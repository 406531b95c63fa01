"""Reminders of unanswered meeting requests: the recipient gets one e-mail in their language when a
request waits too long (sooner when the event is close), with a link to the request on their meetings
page, where they answer it. Nothing is sent once the event started or was cancelled, the request was
answered or withdrawn, or either person lost their place."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from django.core import mail
from django.utils import timezone

from kopa.events.models import Event, Registration
from kopa.matchmaking import jobs
from kopa.matchmaking.meetings.services import request_reminders_send, setup_save
from kopa.matchmaking.models import MatchmakingSetup, MeetingRequest, Profile

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture(autouse=True)
def _site(settings):
    settings.KOPA_SITE_URL = "https://kopa.example.org"
    settings.KOPA_MEETING_REMINDER_HOURS = 48
    settings.KOPA_MEETING_REMINDER_SOON_HOURS = 12
    settings.KOPA_MEETING_REMINDER_SOON_DAYS = 3


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Slovenian agency", country="SI")


@pytest.fixture
def organiser(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def make_event(agency):
    def make(*, starts_in=timedelta(days=20), auto_accept=False, organiser=None):
        start = timezone.now() + starts_in
        event = Event.objects.create(
            organiser_agency=agency, type=Event.Type.MATCHMAKING, title={"en": "Inclusion matchmaking",
                                                                           "lv": "Iekļaušanas kontaktbirža"},
            start=start, end=start + timedelta(days=1), capacity=40, status=Event.Status.PUBLISHED,
            venue_name="Thermana", town="Laško", country="SI")
        if organiser is not None:
            setup_save(actor=organiser, event=event, auto_accept=auto_accept, participants_pick_slots=False,
                       requests_open=True, max_in_a_row=3)
        else:
            MatchmakingSetup.objects.create(event=event, auto_accept=auto_accept)
        return event

    return make


@pytest.fixture
def make_participant(make_user, make_organisation):
    counter = iter(range(1, 1000))

    def make(event, *, language="en", country="SI", status=S.CONFIRMED):
        n = next(counter)
        user = make_user()
        registration = Registration.objects.create(
            event=event, user=user, status=status, created_at=timezone.now() - timedelta(days=30),
            first_name=f"Person{n}", last_name="Participant", email=user.email, country_of_residence=country,
            sending_country=country, language=language,
            organisation=make_organisation(legal_name=f"Youth organisation {n}", country=country))
        return user, registration

    return make


def _request(event, make_participant, *, waited: timedelta, status=MeetingRequest.Status.REQUESTED, **recipient):
    """A request made `waited` ago between two participants with profiles."""
    setup = event.matchmaking
    (_sender_user, sender), (_recipient_user, received) = (make_participant(event), make_participant(event, **recipient))
    a = Profile.objects.create(setup=setup, registration=sender)
    b = Profile.objects.create(setup=setup, registration=received)
    request = MeetingRequest.objects.create(setup=setup, sender=a, recipient=b, reason="Rural youth", status=status)
    MeetingRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - waited)
    request.refresh_from_db()
    return request


def test_the_recipient_is_reminded_once_in_their_language_and_answers_through_the_link(
        client, organiser, make_event, make_participant, django_capture_on_commit_callbacks):
    event = make_event(organiser=organiser)
    sender, _registration = make_participant(event)
    recipient, received = make_participant(event, language="lv", country="LV")
    for user in (recipient, sender):  # each writes a profile on their meetings page
        client.force_login(user)
        assert client.post(f"/en/events/{event.pk}/meetings/profile/", {
            "offers": "Youth exchanges", "seeks": "Partners", "ideas": ""}).status_code == 302
    other = Profile.objects.get(registration=received)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/en/events/{event.pk}/meetings/participants/{other.pk}/request/",
                            {"reason": "We look for an experienced host"})
    assert asked.status_code == 302
    request = MeetingRequest.objects.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send(now=request.created_at + timedelta(hours=47)) == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send(now=request.created_at + timedelta(hours=49)) == 1
    [message] = mail.outbox
    assert message.to == [received.email]
    assert "Person1 Participant" in message.subject
    assert "Pieņemiet vai noraidiet šeit:" in message.body and "Kāpēc: We look for an experienced host" in message.body
    assert "Iekļaušanas kontaktbirža" in message.body
    link = re.search(r"https://kopa\.example\.org(/lv/events/\d+/meetings/)#request-(\d+)", message.body)
    assert link and int(link.group(2)) == request.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send(now=request.created_at + timedelta(hours=72)) == 0
    assert len(mail.outbox) == 1  # never twice

    client.force_login(recipient)
    page = client.get(urlsplit(link.group(0)).path).content.decode()
    item = re.search(rf'<li id="request-{request.pk}">.*?</li>', page, re.S).group(0)
    action = re.search(r'<form method="post" action="([^"]+)"', item).group(1)
    assert "We look for an experienced host" in item
    assert client.post(action, {f"a{request.pk}-answer": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED and request.reminded_at is not None


def test_sooner_when_the_event_is_close(make_event, make_participant, django_capture_on_commit_callbacks):
    close = make_event(starts_in=timedelta(days=2))
    far = make_event(starts_in=timedelta(days=10))
    waiting_close = _request(close, make_participant, waited=timedelta(hours=13))
    _request(far, make_participant, waited=timedelta(hours=13))
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[waiting_close.recipient.registration.email]]
    just_asked = _request(close, make_participant, waited=timedelta(hours=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send() == 0
    just_asked.refresh_from_db()
    assert just_asked.reminded_at is None


def test_no_reminder_when_there_is_nothing_left_to_answer(make_event, make_participant,
                                                           django_capture_on_commit_callbacks):
    waited = timedelta(hours=60)
    event = make_event()
    for status in (MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.DECLINED, MeetingRequest.Status.CANCELLED):
        _request(event, make_participant, waited=waited, status=status)
    started = make_event(starts_in=-timedelta(hours=1))
    _request(started, make_participant, waited=waited)
    cancelled = make_event()
    _request(cancelled, make_participant, waited=waited)
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED)
    gone = _request(event, make_participant, waited=waited)
    Registration.objects.filter(pk=gone.recipient.registration_id).update(status=S.CANCELLED)
    sender_gone = _request(event, make_participant, waited=waited)
    Registration.objects.filter(pk=sender_gone.sender.registration_id).update(status=S.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send() == 0
    assert mail.outbox == []
    assert not MeetingRequest.objects.filter(reminded_at__isnull=False).exists()


def test_a_request_withdrawn_or_answered_on_the_page_is_not_reminded(
        client, organiser, make_event, make_participant, django_capture_on_commit_callbacks):
    event = make_event()
    withdrawn, answered = (_request(event, make_participant, waited=timedelta(hours=60)) for _n in range(2))
    client.force_login(withdrawn.sender.registration.user)
    assert client.post(f"/en/events/{event.pk}/meetings/requests/{withdrawn.pk}/cancel/").status_code == 302
    client.force_login(answered.recipient.registration.user)
    assert client.post(f"/en/events/{event.pk}/meetings/requests/{answered.pk}/answer/",
                       {f"a{answered.pk}-answer": "decline"}).status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reminders_send() == 0
    assert mail.outbox == []


def test_an_auto_accepting_event_leaves_nothing_to_remind(make_event, make_participant, organiser,
                                                          django_capture_on_commit_callbacks, client):
    event = make_event(organiser=organiser, auto_accept=True)
    (sender, _a), (_recipient, received) = make_participant(event), make_participant(event)
    client.force_login(sender)
    client.post(f"/en/events/{event.pk}/meetings/profile/", {"offers": "", "seeks": "", "ideas": ""})
    other = Profile.objects.create(setup=event.matchmaking, registration=received)
    client.post(f"/en/events/{event.pk}/meetings/participants/{other.pk}/request/", {"reason": "Hello"})
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.ACCEPTED
    MeetingRequest.objects.update(created_at=timezone.now() - timedelta(days=5))
    assert request_reminders_send() == 0


def test_the_scheduled_job_sends_the_reminders(settings, make_event, make_participant,
                                               django_capture_on_commit_callbacks):
    assert ("kopa.matchmaking.jobs:send_meeting_request_reminders", "20 * * * *") in settings.KOPA_SCHEDULE
    request = _request(make_event(), make_participant, waited=timedelta(hours=49), language="sl")
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.send_meeting_request_reminders() == 1
        assert jobs.send_meeting_request_reminders() == 0
    [message] = mail.outbox
    assert "Sprejmite ali zavrnite tukaj:" in message.body and "/sl/events/" in message.body
    request.refresh_from_db()
    assert request.reminded_at is not None
