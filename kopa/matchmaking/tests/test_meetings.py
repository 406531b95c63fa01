"""Matchmaking events through the pages: the organiser sets the event up, participants write their
profiles and ask each other for meetings, the scheduler runs as a background job, agendas come as
PDF and iCal, and on the day meetings are marked held. Strangers get 404s."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from django.core import mail

from kopa.events.models import Event, ParticipationDetails, Registration
from kopa.matchmaking.models import MatchmakingSetup, Meeting, MeetingRequest, Profile

ZONE = ZoneInfo("Europe/Ljubljana")
START = datetime(2027, 5, 10, 9, 0, tzinfo=ZONE)
S = Registration.Status


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Slovenian agency", country="SI")


@pytest.fixture
def organiser(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def event(agency):
    return Event.objects.create(
        organiser_agency=agency, type=Event.Type.MATCHMAKING, title={"en": "Inclusion matchmaking 2027"},
        start=START, end=START + timedelta(days=1), capacity=40, status=Event.Status.PUBLISHED,
        venue_name="Thermana", town="Laško", country="SI")


@pytest.fixture
def participant(make_user, make_organisation, event):
    counter = iter(range(1, 1000))

    def make(*, country="SI", status=S.CONFIRMED, needs=""):
        n = next(counter)
        user = make_user()
        organisation = make_organisation(legal_name=f"Youth organisation {n}", country=country)
        registration = Registration.objects.create(
            event=event, user=user, status=status, created_at=START - timedelta(days=30),
            first_name=f"Person{n}", last_name="Participant", email=user.email, country_of_residence=country,
            sending_country=country, organisation=organisation, language="en")
        if needs:
            ParticipationDetails.objects.create(registration=registration, has_access_needs=True, access_needs=needs)
        return user

    return make


def url(name, event, *rest):
    parts = {
        "home": "events/{e}/meetings/", "profile": "events/{e}/meetings/profile/",
        "agenda": "events/{e}/meetings/agenda/", "pdf": "events/{e}/meetings/agenda.pdf",
        "ics": "events/{e}/meetings/agenda.ics", "today": "events/{e}/meetings/today/",
        "staff": "staff/events/{e}/meetings/", "plan": "staff/events/{e}/meetings/plan/",
        "schedule": "staff/events/{e}/meetings/schedule/", "publish": "staff/events/{e}/meetings/publish/",
        "requests": "staff/events/{e}/meetings/requests/", "people": "staff/events/{e}/meetings/participants/",
    }
    return "/en/" + parts[name].format(e=event.pk)


def set_up(client, organiser, event, *, tables=2, pick=False):
    client.force_login(organiser)
    data = {"action": "setup", "setup-max_in_a_row": "3", "setup-requests_open": "on"}
    if pick:
        data["setup-participants_pick_slots"] = "on"
    assert client.post(url("staff", event), data).status_code == 302
    assert client.post(url("staff", event), {
        "action": "session", "session-name": "Morning", "session-start": "2027-05-10T09:00",
        "session-end": "2027-05-10T10:00", "session-slot_minutes": "20"}).status_code == 302
    assert client.post(url("staff", event), {
        "action": "tables", "tables-count": str(tables), "tables-step_free": "on"}).status_code == 302
    client.logout()
    return MatchmakingSetup.objects.get(event=event)


def write_profile(client, user, event, setup, cap=""):
    client.force_login(user)
    session = setup.sessions.get()
    response = client.post(url("profile", event), {
        "offers": "Hosting youth exchanges", "seeks": "Partners for KA210", "ideas": "Outdoor learning",
        f"attend_{session.pk}": "on", f"cap_{session.pk}": cap})
    assert response.status_code == 302, response.content
    return Profile.objects.get(registration__user=user)


def test_setup_cuts_sessions_into_slots(client, organiser, event):
    setup = set_up(client, organiser, event, tables=3)
    assert list(setup.sessions.get().slots.values_list("position", flat=True)) == [0, 1, 2]
    assert setup.tables.count() == 3
    client.force_login(organiser)
    response = client.post(url("staff", event), {
        "action": "session", "session-name": "Too short", "session-start": "2027-05-10T14:00",
        "session-end": "2027-05-10T14:10", "session-slot_minutes": "20"})
    assert response.status_code == 200
    assert "shorter than one meeting" in response.content.decode()
    response = client.post(url("staff", event), {
        "action": "session", "session-name": "Long slots", "session-start": "2027-05-10T14:00",
        "session-end": "2027-05-10T15:00", "session-slot_minutes": "45"})
    assert response.status_code == 200 and setup.sessions.count() == 1


def test_request_accept_schedule_agenda_and_held(client, organiser, event, participant, download_job,
                                                 django_capture_on_commit_callbacks):
    setup = set_up(client, organiser, event)
    latvian, slovenian = participant(country="LV"), participant(country="SI")
    write_profile(client, slovenian, event, setup)
    sender = write_profile(client, latvian, event, setup)
    home = client.get(url("home", event)).content.decode()
    assert "Person2 Participant" in home
    recipient = Profile.objects.get(registration__user=slovenian)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.pk}/meetings/participants/{recipient.pk}/request/",
                               {"reason": "We look for an experienced host"})
    assert response.status_code == 302
    assert any("would like to meet you" in m.subject for m in mail.outbox)
    request = MeetingRequest.objects.get(sender=sender)

    client.force_login(slovenian)
    assert "We look for an experienced host" in client.get(url("home", event)).content.decode()
    response = client.post(f"/en/events/{event.pk}/meetings/requests/{request.pk}/answer/",
                           {f"a{request.pk}-answer": "accept"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED

    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(url("schedule", event))
    assert started.status_code == 302 and "/jobs/" in started["Location"]
    job_page = client.get(started["Location"]).content.decode()
    assert "1 of at most 1 possible meetings scheduled." in job_page
    meeting = Meeting.objects.get(request=request)
    plan = client.get(url("plan", event)).content.decode()
    assert '<th scope="col">Table 1</th>' in plan and "Person1 Participant" in plan
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("publish", event), {"stage": "preliminary"}).status_code == 302
    agenda_mail = [m for m in mail.outbox if m.subject == "Your preliminary meeting agenda"]
    assert len(agenda_mail) == 2 and "Person2 Participant" in agenda_mail[0].body + agenda_mail[1].body

    for user, other in ((latvian, "Person2 Participant"), (slovenian, "Person1 Participant")):
        client.force_login(user)
        pdf = client.get(url("pdf", event))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert other in text and "09:00" in text
        ics = Calendar.from_ical(client.get(url("ics", event)).content)
        items = [c for c in ics.walk("VEVENT")]
        assert len(items) == 1 and other in str(items[0]["summary"])
        assert items[0].decoded("dtstart") == START

    client.force_login(latvian)
    response = client.post(url("today", event), {"action": "mark", "meeting": meeting.pk, "outcome": "held"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.outcome == Meeting.Outcome.HELD
    client.force_login(organiser)
    figures = client.get(url("staff", event)).content.decode()
    assert "<dt>Held</dt><dd>1</dd>" in figures and "<dt>Countries</dt><dd>2</dd>" in figures


def test_step_free_need_gets_a_step_free_table_without_saying_why(client, organiser, event, participant,
                                                                  django_capture_on_commit_callbacks):
    setup = set_up(client, organiser, event, tables=1)  # table 1 is step-free
    client.force_login(organiser)
    client.post(url("staff", event), {"action": "tables", "tables-count": "2"})  # tables 2 and 3 are not
    a = participant(needs="I use a wheelchair")
    b = participant()
    pa = write_profile(client, a, event, setup)
    pb = write_profile(client, b, event, setup)
    assert pa.needs_step_free and not pb.needs_step_free
    client.post(f"/en/events/{event.pk}/meetings/participants/{pa.pk}/request/", {"reason": "Let us meet"})
    request = MeetingRequest.objects.get(sender=pb)
    client.force_login(a)
    client.post(f"/en/events/{event.pk}/meetings/requests/{request.pk}/answer/", {f"a{request.pk}-answer": "accept"})
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("schedule", event))
    assert Meeting.objects.get(request=request).table.number == 1
    people = client.get(url("people", event)).content.decode()
    assert "wheelchair" not in people
    for user in (a, b):
        client.force_login(user)
        for name in ("home", "agenda"):
            page = client.get(url(name, event)).content.decode()
            assert "wheelchair" not in page and "step-free" not in page.lower()


def test_participants_pick_a_free_slot_when_accepting(client, organiser, event, participant):
    setup = set_up(client, organiser, event, pick=True)
    a, b = participant(), participant()
    write_profile(client, b, event, setup)
    pa = write_profile(client, a, event, setup)
    pb = Profile.objects.get(registration__user=b)
    client.post(f"/en/events/{event.pk}/meetings/participants/{pb.pk}/request/", {"reason": "Let us talk"})
    request = MeetingRequest.objects.get(sender=pa)
    slot = setup.sessions.get().slots.get(position=1)
    client.force_login(b)
    assert "Let the organisers choose" in client.get(url("home", event)).content.decode()
    response = client.post(f"/en/events/{event.pk}/meetings/requests/{request.pk}/answer/",
                           {f"a{request.pk}-answer": "accept", f"a{request.pk}-slot": slot.pk})
    assert response.status_code == 302
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot == slot and meeting.table.step_free
    bad = client.post(f"/en/events/{event.pk}/meetings/requests/{request.pk}/answer/",
                      {f"a{request.pk}-answer": "accept", f"a{request.pk}-slot": "999999"})
    assert bad.status_code == 400


def test_book_an_empty_slot_on_the_day(client, organiser, event, participant):
    setup = set_up(client, organiser, event)
    a, b = participant(), participant()
    write_profile(client, b, event, setup)
    write_profile(client, a, event, setup)
    pb = Profile.objects.get(registration__user=b)
    slot = setup.sessions.get().slots.get(position=2)
    page = client.get(url("today", event) + f"?slot={slot.pk}").content.decode()
    assert "Person2 Participant" in page
    response = client.post(url("today", event), {"action": "book", "slot": slot.pk, "other": pb.pk})
    assert response.status_code == 302
    assert Meeting.objects.get(request__recipient=pb).slot == slot
    again = client.post(url("today", event), {"action": "book", "slot": slot.pk, "other": pb.pk})
    assert again.status_code == 400


def test_rescheduling_keeps_pinned_and_announced_meetings(client, organiser, event, participant,
                                                          django_capture_on_commit_callbacks):
    setup = set_up(client, organiser, event, tables=1)
    users = [participant() for _ in range(3)]
    profiles = [write_profile(client, u, event, setup) for u in users]
    first = MeetingRequest.objects.create(setup=setup, sender=profiles[0], recipient=profiles[1],
                                          reason="x", status="accepted")
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("schedule", event))
    meeting = Meeting.objects.get(request=first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("publish", event), {"stage": "preliminary"})
    client.post(url("plan", event), {"meeting": meeting.pk, "action": "pin"})
    MeetingRequest.objects.create(setup=setup, sender=profiles[1], recipient=profiles[2], reason="y",
                                  status="accepted")
    MeetingRequest.objects.create(setup=setup, sender=profiles[0], recipient=profiles[2], reason="z",
                                  status="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("schedule", event))
    kept = Meeting.objects.get(request=first)
    assert (kept.slot_id, kept.table_id, kept.pinned) == (meeting.slot_id, meeting.table_id, True)
    assert Meeting.objects.filter(request__setup=setup).count() == 3
    setup.refresh_from_db()
    assert (setup.scheduled_count, setup.scheduled_bound, setup.scheduled_moved) == (3, 3, 0)


def test_strangers_and_other_agencies_get_404(client, organiser, event, participant, make_user, make_agency):
    setup = set_up(client, organiser, event)
    member = participant()
    profile = write_profile(client, member, event, setup)
    applicant = participant(status=S.WAITLISTED)
    other_agency_staff = make_user(agency=make_agency(country="LV"))
    observer = make_user(agency=event.organiser_agency, role="observer")
    for user in (applicant, other_agency_staff, make_user()):
        client.force_login(user)
        for name in ("home", "profile", "agenda", "pdf", "ics", "today"):
            assert client.get(url(name, event)).status_code == 404, (user, name)
    for user in (member, other_agency_staff, make_user()):
        client.force_login(user)
        for name in ("staff", "plan", "requests", "people"):
            assert client.get(url(name, event)).status_code == 404, (user, name)
        assert client.post(url("schedule", event)).status_code == 404
    client.force_login(observer)
    assert client.get(url("plan", event)).status_code == 200
    assert client.post(url("schedule", event)).status_code == 404
    client.force_login(member)
    assert client.get(f"/en/events/{event.pk}/meetings/participants/{profile.pk}/request/").status_code == 404
    assert client.get(f"/en/events/{event.pk}/meetings/participants/99999999999999999999/request/").status_code == 404
    client.logout()
    assert client.get(url("home", event)).status_code in (302, 404)


def test_the_api_lists_requests_answers_and_schedules_with_the_pages_permissions(
        client, organiser, event, participant, make_user, make_organisation):
    setup = set_up(client, organiser, event)
    a, b = participant(country="LV"), participant()
    pb = write_profile(client, b, event, setup)
    write_profile(client, a, event, setup)
    base = f"/api/v1/events/{event.pk}/meetings"
    others = client.get(f"{base}/participants/").json()
    assert [row["id"] for row in others] == [pb.pk] and others[0]["country"] == "SI"
    bad = client.post(f"{base}/requests/", {"recipient": pb.pk}, content_type="application/json")
    assert bad.status_code == 400 and "reason" in bad.json()["error"]["fields"]
    created = client.post(f"{base}/requests/", {"recipient": pb.pk, "reason": "Youth work in villages"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "requested"
    rid = created.json()["id"]
    assert client.post(f"{base}/requests/{rid}/answer/", {"decision": "accept"},
                       content_type="application/json").status_code == 400  # only the recipient answers
    client.force_login(b)
    answered = client.post(f"{base}/requests/{rid}/answer/", {"decision": "accept"}, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    assert client.get(f"{base}/agenda/").json() == []
    assert client.get(f"{base}/schedule/").status_code == 404
    client.force_login(organiser)
    schedule = client.get(f"{base}/schedule/").json()
    assert schedule["published"] == "none" and schedule["meetings"] == []
    client.force_login(make_user())
    for path in ("participants/", "requests/", "agenda/", "schedule/"):
        assert client.get(f"{base}/{path}").status_code == 404
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/events/{id}/meetings/requests/"])
    assert "get" in paths["/api/v1/events/{id}/meetings/schedule/"]


def test_the_api_writes_the_profile_and_withdraws_a_request(client, organiser, event, participant, make_user):
    setup = set_up(client, organiser, event)
    session = setup.sessions.get()
    a, b = participant(country="LV"), participant()
    base = f"/api/v1/events/{event.pk}/meetings"
    client.force_login(b)
    empty = client.get(f"{base}/profile/").json()
    assert empty["id"] is None and empty["sessions"] == []
    assert [s["id"] for s in empty["available_sessions"]] == [session.pk]
    written = client.put(f"{base}/profile/", {"offers": "Hosting", "seeks": "Senders", "ideas": "",
                                              "sessions": [{"session": session.pk, "cap": 2}]},
                         content_type="application/json")
    assert written.status_code == 200, written.json()
    assert written.json()["sessions"] == [{"session": session.pk, "cap": 2}]
    assert written.json()["organisation"] == "Youth organisation 2"
    pb = Profile.objects.get(registration__user=b)
    assert pb.offers == "Hosting" and pb.attendances.get().cap == 2
    for bad in ({"sessions": [{"session": 999999}]}, {"sessions": [{"session": session.pk, "cap": 0}]},
                {"offers": "x" * 3001}):
        refused = client.put(f"{base}/profile/", bad, content_type="application/json")
        assert refused.status_code == 400 and set(refused.json()["error"]["fields"]) & {"sessions", "offers"}
    assert Profile.objects.get(pk=pb.pk).offers == "Hosting"

    client.force_login(a)
    client.put(f"{base}/profile/", {"offers": "Sending"}, content_type="application/json")
    rid = client.post(f"{base}/requests/", {"recipient": pb.pk, "reason": "Villages"},
                      content_type="application/json").json()["id"]
    client.force_login(b)
    assert client.post(f"{base}/requests/{rid}/cancel/").status_code == 400  # only the sender withdraws
    client.force_login(a)
    withdrawn = client.post(f"{base}/requests/{rid}/cancel/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "cancelled"
    assert client.post(f"{base}/requests/{rid}/cancel/").status_code == 409
    client.force_login(make_user())
    assert client.get(f"{base}/profile/").status_code == 404
    assert client.post(f"{base}/requests/{rid}/cancel/").status_code == 404
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get", "put"} == set(paths["/api/v1/events/{id}/meetings/profile/"])
    assert "post" in paths["/api/v1/events/{id}/meetings/requests/{request_pk}/cancel/"]
