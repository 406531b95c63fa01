"""Check-in per day, attendance counts, learning outcomes and the certificate-ready e-mail."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.utils import timezone

from kopa.core.audit import history_for
from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.events.checkin.selectors import attendance_counts, default_checkin_day
from kopa.events.checkin.services import (
    NotHoldingPlace,
    attendance_record,
    certificates_release,
    learning_record_save,
)
from kopa.events.models import Attendance, LearningRecord, ParticipationDetails, Registration
from kopa.events.rules import event_days

S = Registration.Status
# make_event's default event runs from 30 April 2027, 09:00 to 2 May 2027, 09:00 (Ljubljana).
FIRST_DAY, SECOND_DAY, LAST_DAY = date(2027, 4, 30), date(2027, 5, 1), date(2027, 5, 2)
LJUBLJANA = ZoneInfo("Europe/Ljubljana")


@pytest.fixture
def now():
    """The clock of these tests: the event's last morning, when every day of it has come."""
    return datetime(2027, 5, 2, 8, 30, tzinfo=LJUBLJANA)


@pytest.fixture
def running_event(make_event):
    """An event that started two days ago on the real clock (the pages use it) and ends today."""
    today = timezone.localtime(timezone.now(), LJUBLJANA).date()
    start = datetime.combine(today - timedelta(days=2), time(0, 5), LJUBLJANA)
    return make_event(start=start, end=start + timedelta(days=2, hours=23))


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def participant(make_user):
    return make_user(first_name="Ilze", last_name="Kalniņa")


def test_event_days_are_the_calendar_days_in_the_events_time_zone(make_event):
    assert event_days(make_event()) == [FIRST_DAY, SECOND_DAY, LAST_DAY]


def test_first_check_in_records_the_day_and_marks_the_registration_attended(
    make_registration, organiser, now
):
    registration = make_registration()

    attendance, created = attendance_record(
        actor=organiser, registration=registration, day=FIRST_DAY, now=now
    )

    registration.refresh_from_db()
    assert created and attendance.day == FIRST_DAY and attendance.checked_in_by == organiser
    assert registration.status == S.ATTENDED
    changes = [entry.changes for entry in history_for(registration)]
    assert {"attendance": [None, "2027-04-30"]} in changes
    assert {"status": ["confirmed", "attended"]} in changes


def test_checking_in_twice_on_the_same_day_changes_nothing(make_registration, organiser, now):
    registration = make_registration()
    attendance_record(actor=organiser, registration=registration, day=FIRST_DAY, now=now)
    entries = history_for(registration).count()

    attendance, created = attendance_record(
        actor=organiser, registration=registration, day=FIRST_DAY, now=now
    )

    assert not created
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert history_for(registration).count() == entries


def test_checking_in_on_another_day_adds_that_day_and_keeps_attended(
    make_registration, organiser, now
):
    registration = make_registration()
    attendance_record(actor=organiser, registration=registration, day=FIRST_DAY, now=now)

    attendance_record(actor=organiser, registration=registration, day=LAST_DAY, now=now)

    registration.refresh_from_db()
    assert registration.status == S.ATTENDED
    assert list(registration.attendance.values_list("day", flat=True)) == [FIRST_DAY, LAST_DAY]


def test_checking_in_a_no_show_corrects_them_to_attended(make_registration, organiser, now):
    registration = make_registration(status=S.NO_SHOW)

    attendance_record(actor=organiser, registration=registration, day=SECOND_DAY, now=now)

    registration.refresh_from_db()
    assert registration.status == S.ATTENDED


def test_check_in_is_refused_for_someone_on_the_waiting_list(make_registration, organiser, now):
    registration = make_registration(status=S.WAITLISTED)

    with pytest.raises(NotHoldingPlace):
        attendance_record(actor=organiser, registration=registration, day=FIRST_DAY, now=now)

    assert not Attendance.objects.exists()
    assert issubclass(NotHoldingPlace, Conflict)


def test_check_in_is_refused_on_a_day_outside_the_event(make_registration, organiser, now):
    registration = make_registration()

    with pytest.raises(ValidationFailed) as exc:
        attendance_record(actor=organiser, registration=registration, day=date(2027, 5, 3), now=now)

    assert "day" in exc.value.fields
    assert not Attendance.objects.exists()


def test_only_the_organising_agency_can_check_people_in(
    make_registration, make_user, make_agency, now
):
    registration = make_registration()
    other_staff = make_user(agency=make_agency(country="LV"))

    with pytest.raises(PermissionDenied):
        attendance_record(actor=other_staff, registration=registration, day=FIRST_DAY, now=now)

    assert not Attendance.objects.exists()


def test_attendance_counts_give_every_day_of_the_event_with_its_check_ins(
    make_event, make_registration, organiser, now
):
    event = make_event()
    first, second = make_registration(event=event), make_registration(event=event)
    attendance_record(actor=organiser, registration=first, day=FIRST_DAY, now=now)
    attendance_record(actor=organiser, registration=second, day=FIRST_DAY, now=now)
    attendance_record(actor=organiser, registration=second, day=LAST_DAY, now=now)

    assert attendance_counts(event) == {FIRST_DAY: 2, SECOND_DAY: 0, LAST_DAY: 1}


def test_default_check_in_day_is_today_in_the_events_zone_within_its_dates(make_event):
    event = make_event()
    just_after_midnight = datetime(2027, 5, 1, 0, 30, tzinfo=ZoneInfo("Europe/Ljubljana"))

    assert default_checkin_day(event, now=just_after_midnight) == SECOND_DAY
    assert default_checkin_day(event, now=datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC"))) == FIRST_DAY
    assert default_checkin_day(event, now=datetime(2028, 1, 1, tzinfo=ZoneInfo("UTC"))) == LAST_DAY


# Learning outcomes


def test_participant_writes_learning_outcomes_for_the_chosen_framework_only(
    make_registration, participant
):
    registration = make_registration(status=S.ATTENDED, user=participant)

    record = learning_record_save(
        actor=participant,
        registration=registration,
        framework="key_competences",
        outcomes={
            "digital": "  I learned to run an online workshop. ",
            "literacy": "",
            "evaluating": "x",
        },
    )

    assert record.framework == LearningRecord.Framework.KEY_COMPETENCES
    assert record.outcomes == {"digital": "I learned to run an online workshop."}
    entry = history_for(registration).first()
    assert entry.changes == {
        "learning": [None, {"framework": "key_competences", "competences": ["digital"]}]
    }
    assert "online workshop" not in str(entry.changes)


def test_learning_outcomes_need_at_least_one_competence(make_registration, participant):
    registration = make_registration(status=S.ATTENDED, user=participant)

    with pytest.raises(ValidationFailed) as exc:
        learning_record_save(
            actor=participant, registration=registration, framework="ets", outcomes={"digital": "x"}
        )

    assert "outcomes" in exc.value.fields
    assert not LearningRecord.objects.exists()


def test_only_the_participant_writes_their_learning_outcomes(
    make_registration, participant, organiser
):
    registration = make_registration(status=S.ATTENDED, user=participant)

    with pytest.raises(PermissionDenied):
        learning_record_save(
            actor=organiser,
            registration=registration,
            framework="ets",
            outcomes={"networking": "Met partners."},
        )


# Certificates are ready


def test_releasing_certificates_emails_each_attendee_in_their_language(
    make_event, make_registration, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    latvian = make_registration(event=event, status=S.ATTENDED, language="lv")
    english = make_registration(event=event, status=S.ATTENDED, language="en")
    make_registration(event=event, status=S.NO_SHOW)

    with django_capture_on_commit_callbacks(execute=True):
        count = certificates_release(actor=organiser, event=event, base_url="https://kopa.example")

    assert count == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([latvian.email, english.email])
    to_latvian = next(m for m in mailoutbox if m.to == [latvian.email])
    assert "Iekļaušanas apmācība" in to_latvian.subject
    assert f"https://kopa.example/lv/my/events/{latvian.pk}/certificate.pdf" in to_latvian.body
    to_english = next(m for m in mailoutbox if m.to == [english.email])
    assert "Your certificate for Inclusion training is ready" == to_english.subject


def test_releasing_certificates_before_anyone_attended_is_refused(make_event, organiser):
    with pytest.raises(Conflict):
        certificates_release(actor=organiser, event=make_event())


# The check-in page


def test_check_in_page_checks_in_by_code_and_flags_access_needs_without_details(
    client, running_event, make_registration, organiser
):
    event = running_event
    second_day = event_days(event)[1]
    registration = make_registration(event=event, first_name="Marta", last_name="Ozola")
    ParticipationDetails.objects.create(
        registration=registration, has_access_needs=True, access_needs="Step-free route to rooms"
    )
    client.force_login(organiser)

    response = client.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {"code": f"  {registration.checkin_code} ", "day": second_day.isoformat()},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Marta Ozola" in page and "Checked in for" in page
    assert "Declared access needs" in page
    assert "Step-free" not in page
    assert Attendance.objects.get(registration=registration).day == second_day


def test_check_in_for_a_day_that_has_not_come_is_refused_with_a_message(
    client, make_event, make_registration, organiser
):
    event = make_event()  # next spring: none of its days has come
    registration = make_registration(event=event)
    client.force_login(organiser)

    page = client.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {"code": registration.checkin_code, "day": FIRST_DAY.isoformat()},
    ).content.decode()

    next_to_reason = page.split('id="id_reason_errors"')[1].split("</ul>")[0]
    assert "30 April 2027 has not come yet. To check someone in ahead, say why" in next_to_reason
    assert not Attendance.objects.exists()
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_the_organiser_checks_in_ahead_with_a_reason_and_the_history_keeps_it(
    client, make_event, make_registration, organiser
):
    event = make_event()
    registration = make_registration(event=event, first_name="Marta", last_name="Ozola")
    client.force_login(organiser)

    page = client.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {
            "code": registration.checkin_code,
            "day": FIRST_DAY.isoformat(),
            "reason": "Arrives with the bus at dawn, before the desk opens",
        },
    ).content.decode()

    assert "Marta Ozola" in page and "Checked in for" in page
    assert Attendance.objects.get(registration=registration).day == FIRST_DAY
    entry = next(e for e in history_for(registration) if "attendance" in e.changes)
    assert entry.changes["checked_in_ahead"] == [
        None,
        "Arrives with the bus at dawn, before the desk opens",
    ]
    assert entry.actor == organiser


def test_an_open_offer_is_not_checked_in(make_registration, organiser, now):
    registration = make_registration(status=S.OFFERED)

    with pytest.raises(NotHoldingPlace):
        attendance_record(actor=organiser, registration=registration, day=FIRST_DAY, now=now)

    assert not Attendance.objects.exists()


def test_check_in_page_shows_no_flag_without_declared_needs(
    client, running_event, make_registration, organiser
):
    event = running_event
    registration = make_registration(event=event)
    client.force_login(organiser)

    response = client.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {"code": registration.checkin_code, "day": event_days(event)[0].isoformat()},
    )

    assert "Checked in for" in response.content.decode()
    assert "Declared access needs" not in response.content.decode()


def test_check_in_page_shows_an_error_for_an_unknown_code(client, make_event, organiser):
    event = make_event()
    client.force_login(organiser)

    response = client.post(
        f"/en/staff/events/{event.pk}/check-in/", {"code": "not-a-code", "day": "2027-04-30"}
    )

    assert response.status_code == 200
    assert "No registration for this event has this code." in response.content.decode()
    assert not Attendance.objects.exists()


def test_check_in_page_does_not_accept_another_events_code(
    client, make_event, make_registration, organiser
):
    event, other = make_event(), make_event()
    registration = make_registration(event=other)
    client.force_login(organiser)

    client.post(
        f"/en/staff/events/{event.pk}/check-in/",
        {"code": registration.checkin_code, "day": "2027-04-30"},
    )

    assert not Attendance.objects.exists()


def test_check_in_page_is_hidden_from_staff_of_other_agencies(
    client, make_event, make_user, make_agency
):
    event = make_event()
    client.force_login(make_user(agency=make_agency(country="LV")))

    assert client.get(f"/en/staff/events/{event.pk}/check-in/").status_code == 404


def test_check_in_page_shows_the_counts_per_day_and_loads_the_scanner_script(
    client, make_event, make_registration, organiser, now
):
    event = make_event()
    attendance_record(
        actor=organiser, registration=make_registration(event=event), day=FIRST_DAY, now=now
    )
    client.force_login(organiser)

    page = client.get(f"/en/staff/events/{event.pk}/check-in/").content.decode()

    assert "js/checkin-scan.js" in page
    assert "Checked in per day" in page


def test_learning_page_saves_the_participants_outcomes(client, make_registration, participant):
    registration = make_registration(status=S.ATTENDED, user=participant)
    client.force_login(participant)

    response = client.post(
        f"/en/my/events/{registration.pk}/learning/",
        {"framework": "ets", "networking": "I found two partner organisations."},
    )

    assert response.status_code == 302
    assert LearningRecord.objects.get(registration=registration).outcomes == {
        "networking": "I found two partner organisations."
    }


def test_learning_page_shows_the_error_when_nothing_is_written(
    client, make_registration, participant
):
    registration = make_registration(status=S.ATTENDED, user=participant)
    client.force_login(participant)

    response = client.post(f"/en/my/events/{registration.pk}/learning/", {"framework": "ets"})

    assert response.status_code == 200
    assert "Describe what you learned for at least one competence." in response.content.decode()


def test_learning_page_of_someone_else_is_not_found(client, make_registration, make_user):
    registration = make_registration(status=S.ATTENDED, user=make_user())
    client.force_login(make_user())

    assert client.get(f"/en/my/events/{registration.pk}/learning/").status_code == 404


# Certificates only once released


def test_a_certificate_downloads_only_after_the_organisers_release_them(
    client, make_event, make_registration, participant, organiser, django_capture_on_commit_callbacks,
    download_job,
):
    event = make_event()
    registration = make_registration(event=event, status=S.ATTENDED, user=participant)
    certificate_url = f"/en/my/events/{registration.pk}/certificate.pdf"
    client.force_login(participant)

    before = client.get(certificate_url, follow=True)
    learning_before = client.get(f"/en/my/events/{registration.pk}/learning/").content.decode()
    client.force_login(organiser)
    preview = download_job(client, f"/en/staff/events/{event.pk}/certificates/{registration.pk}.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/staff/events/{event.pk}/certificates/release/")
    documents_page = client.get(f"/en/staff/events/{event.pk}/documents/").content.decode()
    client.force_login(participant)
    after = client.get(certificate_url)

    assert before.redirect_chain and before["Content-Type"].startswith("text/html")
    assert "Your certificate is not ready yet" in before.content.decode()
    assert certificate_url not in learning_before
    assert preview["Content-Type"] == "application/pdf"
    assert "Certificates released on" in documents_page
    assert after.status_code == 200 and after["Content-Type"] == "application/pdf"
    assert certificate_url in client.get(f"/en/my/events/{registration.pk}/learning/").content.decode()
