"""The sign-in sheet, name badges and certificates of participation, read back with pypdf."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from kopa.core.models import Job
from kopa.events.checkin import documents
from kopa.events.models import Attendance, LearningRecord, Registration

S = Registration.Status


def pdf_text(content: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def attendee(make_event, make_registration, make_user, now):
    event = make_event(
        description={
            "en": "Three days on inclusive youth work.",
            "lv": "Trīs dienas par iekļaujošu darbu.",
        },
        certificates_released_at=now,
    )
    registration = make_registration(
        event=event,
        status=S.ATTENDED,
        language="lv",
        first_name="Līga",
        last_name="Bērziņa",
        user=make_user(),
    )
    Attendance.objects.create(registration=registration, day=date(2027, 4, 30), checked_in_at=now)
    Attendance.objects.create(registration=registration, day=date(2027, 5, 1), checked_in_at=now)
    LearningRecord.objects.create(
        registration=registration,
        framework=LearningRecord.Framework.KEY_COMPETENCES,
        outcomes={"digital": "Es iemācījos vadīt tiešsaistes darbnīcu."},
    )
    return registration


def test_certificate_is_in_the_participants_language_with_event_and_learning(attendee):
    text = "\n".join(pdf_text(documents.certificate(attendee)))

    assert "Līga Bērziņa" in text
    assert "Iekļaušanas apmācība" in text  # the event's Latvian title
    assert "Trīs dienas par iekļaujošu darbu." in text
    assert "Digitālā kompetence" in text  # the competence name, translated
    assert "Es iemācījos vadīt tiešsaistes darbnīcu." in text
    assert "Laško" in text
    assert "Host agency Slovenia" in text
    assert "Digital competence" not in text


def test_certificate_lists_the_days_attended(attendee):
    attendee.language = "en"

    text = "\n".join(pdf_text(documents.certificate(attendee)))

    assert "Inclusion training" in text
    attended = text.split("Days attended")[1].split("What I learned")[0]
    assert "30 April 2027; 1 May 2027" in attended
    assert "May 2, 2027" not in attended


def test_sign_in_sheet_lists_everyone_holding_a_place_on_a_page_per_day(
    make_event, make_registration
):
    event = make_event()
    make_registration(event=event, first_name="Žiga", last_name="Čebulj")
    make_registration(event=event, status=S.ATTENDED, first_name="Ēriks", last_name="Ņikitins")
    make_registration(event=event, status=S.WAITLISTED, first_name="Waiting", last_name="Person")

    pages = pdf_text(documents.sign_in_sheet(event))

    assert len(pages) == 3
    for page in pages:
        assert "Žiga Čebulj" in page and "Ēriks Ņikitins" in page
        assert "Waiting Person" not in page
        assert "Signature" in page
    assert "30 April 2027" in pages[0] and "2 May 2027" in pages[2]


def test_badges_put_eight_people_on_an_a4_page(make_event, make_registration):
    event = make_event()
    for n in range(9):
        make_registration(
            event=event,
            first_name=f"Ģirts{n}",
            last_name="Ķēniņš",
            organisation_name="Jauniešu centrs",
            country_of_residence="LV",
        )

    content = documents.badges(event)

    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    first, second = (page.extract_text() for page in reader.pages)
    assert first.count("Ķēniņš") == 8 and second.count("Ķēniņš") == 1
    assert "Jauniešu centrs" in first and "Latvia" in first


# Who may download what


def test_participant_downloads_their_own_certificate(client, attendee):
    client.force_login(attendee.user)

    response = client.get(f"/en/my/events/{attendee.pk}/certificate.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Iekļaušanas apmācība" in "\n".join(pdf_text(response.content))


def test_no_certificate_before_attending(client, make_registration, make_user):
    registration = make_registration(status=S.CONFIRMED, user=make_user())
    client.force_login(registration.user)

    assert client.get(f"/en/my/events/{registration.pk}/certificate.pdf").status_code == 404


def test_nobody_else_downloads_a_participants_certificate(client, attendee, make_user):
    client.force_login(make_user())

    assert client.get(f"/en/my/events/{attendee.pk}/certificate.pdf").status_code == 404


def test_organisers_download_any_attendees_certificate_and_the_event_documents(
    client, attendee, organiser, download_job
):
    client.force_login(organiser)
    event = attendee.event

    page = client.get(f"/en/staff/events/{event.pk}/documents/")
    certificate = download_job(client, f"/en/staff/events/{event.pk}/certificates/{attendee.pk}.pdf")
    sheet = download_job(client, f"/en/staff/events/{event.pk}/sign-in-sheet.pdf")
    badges = download_job(client, f"/en/staff/events/{event.pk}/badges.pdf")

    assert page.status_code == 200 and "Līga Bērziņa" in page.content.decode()
    assert certificate.status_code == 200 and "Digitālā kompetence" in "\n".join(
        pdf_text(certificate.content)
    )
    assert "Līga Bērziņa" in pdf_text(sheet.content)[0]
    assert "Līga Bērziņa" in pdf_text(badges.content)[0]


def test_staff_of_other_agencies_get_no_documents(client, attendee, make_user, make_agency):
    client.force_login(make_user(agency=make_agency(country="LV")))
    event = attendee.event

    assert client.post(f"/en/staff/events/{event.pk}/sign-in-sheet.pdf").status_code == 404
    assert (
        client.post(f"/en/staff/events/{event.pk}/certificates/{attendee.pk}.pdf").status_code == 404
    )
    assert not Job.objects.exists()


def test_releasing_certificates_from_the_documents_page_emails_attendees(
    client, attendee, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/staff/events/{attendee.event.pk}/certificates/release/")

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[attendee.email]]
    assert f"http://testserver/lv/my/events/{attendee.pk}/certificate.pdf" in mailoutbox[0].body
