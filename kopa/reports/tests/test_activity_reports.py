"""The activity report: filled from the event's check-ins, written by the officer, with photos
without location, exported as a tagged PDF and a DOCX file, finalised, out of date when the
check-ins change, and put into the library in one step. Staff of other agencies get a 404."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kopa.agencies.models import AgencyMembership
from kopa.core.tests.tagged_pdf import assert_accessible
from kopa.library.models import Resource
from kopa.reports.activity.selectors import event_figures, figures_hash
from kopa.reports.models import ActivityPhoto, ActivityReport
from kopa.reports.tests.activity_support import (
    check_in,
    event_with_checkins,
    gps_photo,
    has_gps,
    registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Mreža MaMa", country="SI")


@pytest.fixture
def officer(make_user, agency):
    return make_user(agency=agency, first_name="Petra", last_name="Zorman")


@pytest.fixture
def event(agency, officer):
    return event_with_checkins(agency, officer)


@pytest.fixture
def client_of():
    def make(user):
        client = Client()
        client.force_login(user)
        return client
    return make


def start_report(client, event, template="2sokrog", language="") -> ActivityReport:
    response = client.post(f"/en/staff/events/{event.pk}/activity-report/",
                           {"template": template, "language": language})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ActivityReport.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def test_the_figures_are_the_distinct_people_checked_in(event):
    figures = event_figures(event)
    assert figures["participants"] == 4  # five registrations, four came, one of them on both days
    assert figures["per_day"] == [["2018-12-06", 3], ["2018-12-07", 2]]
    assert figures["per_country"] == [["HR", 2], ["SI", 2]]


def test_an_officer_starts_the_report_from_the_event_page(client_of, officer, event):
    client = client_of(officer)
    page = client.get(f"/en/staff/events/{event.pk}/").content.decode()
    assert f"/en/staff/events/{event.pk}/activity-report/" in page
    page = client.get(f"/en/staff/events/{event.pk}/activity-report/").content.decode()
    assert "4 people checked in" in page
    report = start_report(client, event)
    assert (report.template, report.language, report.version) == ("2sokrog", "sl", 1)
    page = client.get(f"/en/staff/reports/activity/{report.pk}/").content.decode()
    # The form's own Slovenian labels, the event's facts and the figure with its source.
    for text in ("Število udeležencev", "Ura začetka", "09.30", "14.15", "Grad Ormož", "Ormož",
                 "4 = distinct people checked in on 6 December 2018, 7 December 2018", "Croatia"):
        assert text in page, text
    assert "Petra Zorman" in page  # the contact person, taken from who started the report


def test_the_summary_is_kept_and_the_figures_cannot_be_typed(client_of, officer, event):
    client = client_of(officer)
    report = start_report(client, event)
    response = client.post(f"/en/staff/reports/activity/{report.pk}/", {
        "partner": "Center ponovne uporabe", "activity": "DS 3", "summary": "Govorniki so predstavili projekt.",
        "link": "https://example.org/news", "contact": "Maja Kos", "language": "hr", "participants": "999"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.summary, report.activity, report.language) == ("Govorniki so predstavili projekt.", "DS 3", "hr")
    page = client.get(f"/en/staff/reports/activity/{report.pk}/").content.decode()
    assert "Broj sudionika" in page and "999" not in page


def test_a_bad_link_is_a_form_error_and_nothing_is_saved(client_of, officer, event):
    client = client_of(officer)
    report = start_report(client, event)
    response = client.post(f"/en/staff/reports/activity/{report.pk}/",
                           {"summary": "New", "link": "not a link", "language": "sl"})
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == ""


def test_the_erasmus_summary_is_in_english(client_of, officer, event):
    client = client_of(officer)
    report = start_report(client, event, template="erasmus")
    assert report.language == "en"
    page = client.get(f"/en/staff/reports/activity/{report.pk}/").content.decode()
    assert "Participants (distinct people who took part)" in page
    response = client.post(f"/en/staff/events/{event.pk}/activity-report/", {"template": "erasmus", "language": "sl"})
    assert response.status_code == 400
    assert "Choose one of the form" in response.content.decode()


def test_a_photo_needs_alt_text_and_consent_and_loses_its_location(client_of, officer, event):
    client = client_of(officer)
    report = start_report(client, event)
    url = f"/en/staff/reports/activity/{report.pk}/photos/"
    response = client.post(url, {"image": SimpleUploadedFile("castle.jpg", gps_photo(), "image/jpeg"),
                                 "alt_text": "", "included": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert not ActivityPhoto.objects.exists()
    response = client.post(url, {"image": SimpleUploadedFile("notes.jpg", b"not an image", "image/jpeg"),
                                 "alt_text": "A photo", "consent": "on", "included": "on"})
    assert response.status_code == 400
    assert "Upload a photo" in response.content.decode()
    response = client.post(url, {"image": SimpleUploadedFile("castle.jpg", gps_photo(), "image/jpeg"),
                                 "alt_text": "Participants in the castle hall", "consent": "on", "included": "on"})
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    with photo.image.open("rb") as stream:
        stored = stream.read()
    assert not has_gps(stored)
    assert max(photo.width, photo.height) == 1600
    shown = client.get(f"/en/staff/reports/activity/{report.pk}/photos/{photo.pk}.jpg")
    body = b"".join(shown.streaming_content)
    shown.close()
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert not has_gps(body)


def test_pdf_and_docx_carry_the_figures_the_photo_and_the_annex(client_of, officer, event, download_job):
    client = client_of(officer)
    report = start_report(client, event, language="en")
    client.post(f"/en/staff/reports/activity/{report.pk}/photos/", {
        "image": SimpleUploadedFile("castle.jpg", gps_photo(800, 600), "image/jpeg"),
        "alt_text": "Participants in the castle hall", "consent": "on", "included": "on"})
    client.post(f"/en/staff/reports/activity/{report.pk}/", {"summary": "Speakers presented the project.",
                                                             "language": "en",
                                                             "photos": [str(ActivityPhoto.objects.get().pk)]})
    pdf = download_job(client, f"/en/staff/reports/activity/{report.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    structure = assert_accessible(pdf.content, language="en",
                                  title="Activity report: Peer review on social activation")
    assert structure.figure_alts == ["Participants in the castle hall"]
    assert structure.count("H1") == 1 and structure.count("TH") >= 10
    for text in ("Number of participants", "4", "check-ins on 6 December 2018", "Speakers presented",
                 "Annex: sign-in sheet", "Ana5 Testna"):
        assert text in structure.text, text
    docx = download_job(client, f"/en/staff/reports/activity/{report.pk}/report.docx")
    document = Document(BytesIO(docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Activity report: Peer review on social activation"
    assert "Annex: sign-in sheet" in headings and "Participants per country" in headings
    first = document.tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in first.rows}
    assert rows["Number of participants"].startswith("4 (check-ins on")
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "Participants in the castle hall"
    assert len(document.tables[-1].rows) == 6  # the header and the five people who held a place


def test_a_final_report_is_locked_and_shows_when_the_check_ins_changed(client_of, officer, event):
    client = client_of(officer)
    report = start_report(client, event)
    assert client.post(f"/en/staff/reports/activity/{report.pk}/finalise/").status_code == 302
    report.refresh_from_db()
    assert report.is_final and report.figures["participants"] == 4
    assert report.figures_hash == figures_hash(event_figures(event))
    response = client.post(f"/en/staff/reports/activity/{report.pk}/", {"summary": "Changed", "language": "sl"})
    assert response.status_code in (400, 409)
    report.refresh_from_db()
    assert report.summary == ""
    assert "Out of date" not in client.get("/en/staff/reports/").content.decode()
    check_in(officer, [registration(event, 9, "AT")], date(2018, 12, 7))
    listing = client.get("/en/staff/reports/").content.decode()
    assert "Out of date" in listing
    response = client.post(f"/en/staff/reports/activity/{report.pk}/new-version/")
    assert response.status_code == 302
    fresh = ActivityReport.objects.get(event=event, version=2)
    assert not fresh.is_final
    assert "5 = distinct people checked in" in client.get(f"/en/staff/reports/activity/{fresh.pk}/").content.decode()
    report.refresh_from_db()
    assert report.figures["participants"] == 4  # the final version keeps its figures


def test_a_final_report_goes_into_the_library_in_one_step(client_of, officer, event):
    client = client_of(officer)
    report = start_report(client, event)
    response = client.post(f"/en/staff/reports/activity/{report.pk}/publish/", {"publish": "published"})
    assert response.status_code == 302
    assert not Resource.objects.exists()  # a draft report is not published
    client.post(f"/en/staff/reports/activity/{report.pk}/finalise/")
    response = client.post(f"/en/staff/reports/activity/{report.pk}/publish/", {"publish": "published"})
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.kind, resource.status, resource.event_id) == ("report", "published", event.pk)
    version = resource.versions.get()
    assert (version.language, version.format) == ("sl", "pdf")
    with version.file.open("rb") as stream:
        assert_accessible(stream.read(), language="sl",
                          title="Poročilo o aktivnosti: Strokovno srečanje o socialni aktivaciji")
    assert client.get(f"/en/library/{resource.pk}/").status_code == 200
    again = client.post(f"/en/staff/reports/activity/{report.pk}/publish/", {"publish": "draft"})
    assert again.status_code == 302 and Resource.objects.count() == 1


def test_other_agencies_and_observers(client_of, make_agency, make_user, agency, officer, event, download_job):
    report = start_report(client_of(officer), event)
    stranger = client_of(make_user(agency=make_agency(country="LV")))
    for path in (f"/en/staff/events/{event.pk}/activity-report/", f"/en/staff/reports/activity/{report.pk}/",
                 f"/en/staff/reports/activity/{report.pk}/photos/"):
        assert stranger.get(path).status_code == 404, path
    for path in (f"/en/staff/reports/activity/{report.pk}/report.pdf",
                 f"/en/staff/reports/activity/{report.pk}/finalise/",
                 f"/en/staff/reports/activity/{report.pk}/publish/"):
        assert stranger.post(path).status_code == 404, path
    assert str(report.event) not in stranger.get("/en/staff/reports/").content.decode()
    observer = client_of(make_user(agency=agency, role=AgencyMembership.Role.OBSERVER))
    assert observer.get(f"/en/staff/reports/activity/{report.pk}/").status_code == 200
    assert observer.post(f"/en/staff/reports/activity/{report.pk}/", {"summary": "x"}).status_code == 404
    assert observer.post(f"/en/staff/reports/activity/{report.pk}/finalise/").status_code == 404
    pdf = download_job(observer, f"/en/staff/reports/activity/{report.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    participant = client_of(make_user())
    assert participant.get(f"/en/staff/reports/activity/{report.pk}/").status_code == 404
    assert Client().get(f"/en/staff/reports/activity/{report.pk}/").status_code == 302
