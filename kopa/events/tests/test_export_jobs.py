"""Every staff document and export of an event is started by a POST (its button) and built as a
background job: a GET starts nothing (405), a POST makes one job and sends the person to its page,
the job runs and its file downloads there; another agency's staff get 404 on the start and on the
job. The activity plan: the public PDF stays a direct download, kept by the anonymous page cache;
the agency's own people build the plan with its drafts as a job."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kopa.agencies.models import AgencyMembership
from kopa.core.models import Job
from kopa.events.calendar import views as calendar_views
from kopa.events.models import Event, Registration

LJUBLJANA = ZoneInfo("Europe/Ljubljana")
JOB_URL = re.compile(r"^/(en|sl|lv)/jobs/[0-9a-f-]{36}/$")

# (url name, the organisers' page whose button starts it, the kind of file, what the file holds)
STARTS = [
    ("events:staff_registrations_csv", "events:staff_registrations", "text/csv", "Bērziņa"),
    ("events:staff_registrations_xlsx", "events:staff_registrations", "xlsx", "Bērziņa"),
    ("events:rooms_export_csv", "events:rooms_staff", "text/csv", "Room type"),
    ("events:rooms_export_xlsx", "events:rooms_staff", "xlsx", "Room type"),
    ("events:travel_grants_csv", "events:travel_staff", "text/csv", "sending_country"),
    ("events:travel_grants_xlsx", "events:travel_staff", "xlsx", "sending_country"),
    ("events:sign_in_sheet", "events:documents", "application/pdf", "Bērziņa"),
    ("events:badges", "events:documents", "application/pdf", "Bērziņa"),
]


@pytest.fixture(autouse=True)
def _back_to_english_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def event(make_event, make_registration):
    event = make_event(title={"en": "Inclusion training"})
    make_registration(event=event, status=Registration.Status.CONFIRMED, first_name="Līga",
                      last_name="Bērziņa", country_of_residence="LV")
    return event


def _text(response, kind: str) -> str:
    if kind == "text/csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(",".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("name, page_name, kind, expected", STARTS)
def test_the_button_starts_a_job_whose_file_downloads_from_its_page(
        client, organiser, event, download_job, name, page_name, kind, expected):
    client.force_login(organiser)
    start = reverse(name, args=[event.pk])
    page = client.get(reverse(page_name, args=[event.pk])).content.decode()
    assert f'<form method="post" action="{start}" class="job-start">' in page

    response = download_job(client, start)

    assert Job.objects.count() == 1
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.agency_id == event.organiser_agency_id
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert expected in _text(response, kind)


@pytest.mark.parametrize("name", [name for name, *_rest in STARTS])
def test_a_get_starts_nothing(client, organiser, event, name):
    client.force_login(organiser)

    response = client.get(reverse(name, args=[event.pk]))

    assert response.status_code == 405
    assert not Job.objects.exists()


@pytest.mark.parametrize("name", [name for name, *_rest in STARTS])
def test_another_agencys_staff_get_404_on_the_start_and_on_the_job(
        client, organiser, event, make_user, make_agency, name, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse(name, args=[event.pk]))
    assert JOB_URL.match(started["Location"])
    stranger = Client()
    stranger.force_login(make_user(agency=make_agency(country="LV")))

    assert stranger.post(reverse(name, args=[event.pk])).status_code == 404
    assert stranger.get(started["Location"]).status_code == 404
    assert stranger.get(started["Location"] + "download/").status_code == 404
    assert Job.objects.count() == 1


def test_a_certificate_of_one_attendee_is_a_job_too(
        client, organiser, make_registration, event, download_job):
    attendee = make_registration(event=event, status=Registration.Status.ATTENDED, first_name="Ana",
                                 last_name="Kovač")
    client.force_login(organiser)
    start = reverse("events:staff_certificate", args=[event.pk, attendee.pk])
    assert f'action="{start}"' in client.get(reverse("events:documents", args=[event.pk])).content.decode()

    assert client.get(start).status_code == 405
    response = download_job(client, start)

    assert "Ana Kovač" in _text(response, "application/pdf")


def test_an_observer_may_start_a_download_but_not_change_the_event(
        client, event, make_user, host_agency, download_job):
    client.force_login(make_user(agency=host_agency, role=AgencyMembership.Role.OBSERVER))

    response = download_job(client, reverse("events:staff_registrations_csv", args=[event.pk]))

    assert response.status_code == 200 and "Bērziņa" in _text(response, "text/csv")


def test_the_participant_list_keeps_the_status_the_list_was_filtered_by(
        client, organiser, event, make_registration, download_job):
    make_registration(event=event, status=Registration.Status.WAITLISTED, first_name="Eva",
                      last_name="Čakste")
    client.force_login(organiser)
    page = client.get(reverse("events:staff_registrations", args=[event.pk]), {"status": "waitlisted"})
    assert '<input type="hidden" name="status" value="waitlisted">' in page.content.decode()

    response = download_job(client, reverse("events:staff_registrations_csv", args=[event.pk]),
                            {"status": "waitlisted"})

    text = _text(response, "text/csv")
    assert "Čakste" in text and "Bērziņa" not in text


def test_a_participant_or_a_visitor_starts_nothing(client, event, make_user):
    start = reverse("events:staff_registrations_csv", args=[event.pk])
    assert "/accounts/login/" in client.post(start)["Location"]
    client.force_login(make_user())

    assert client.post(start).status_code == 404
    assert not Job.objects.exists()


# --- the half-year activity plan ------------------------------------------------------------------


@pytest.fixture
def plan_events(make_event):
    make_event(title={"en": "Published training"}, start=datetime(2027, 3, 1, 9, tzinfo=LJUBLJANA))
    make_event(title={"en": "Draft study visit"}, status=Event.Status.DRAFT,
               start=datetime(2027, 4, 1, 9, tzinfo=LJUBLJANA))


def test_the_agencys_people_build_the_plan_with_drafts_as_a_job(
        client, organiser, host_agency, plan_events, download_job):
    client.force_login(organiser)
    start = reverse("events:plan_drafts_pdf", args=[host_agency.slug, 2027, 1])
    page = client.get(reverse("events:plan", args=[host_agency.slug, 2027, 1])).content.decode()
    assert f'action="{start}"' in page

    assert client.get(start).status_code == 405
    response = download_job(client, start)

    text = _text(response, "application/pdf")
    assert "Published training" in text and "Draft study visit" in text
    assert Job.objects.get().agency_id == host_agency.pk


def test_other_people_get_no_drafts_button_and_404_on_its_start(
        client, host_agency, plan_events, make_user, make_agency, django_capture_on_commit_callbacks):
    start = reverse("events:plan_drafts_pdf", args=[host_agency.slug, 2027, 1])
    plan = reverse("events:plan", args=[host_agency.slug, 2027, 1])
    assert start not in client.get(plan).content.decode()  # an anonymous visitor
    client.force_login(make_user(agency=make_agency(country="LV")))

    assert start not in client.get(plan).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(start).status_code == 404
    assert not Job.objects.exists()


def test_the_public_plan_stays_a_direct_download_kept_by_the_page_cache(
        client, host_agency, plan_events, monkeypatch, settings):
    settings.KOPA_PAGE_CACHE_SECONDS = 300
    built = []
    real = calendar_views.plan_pdf

    def counting(**kwargs):
        built.append(translation.get_language())
        return real(**kwargs)

    monkeypatch.setattr(calendar_views, "plan_pdf", counting)
    path = reverse("events:plan_pdf", args=[host_agency.slug, 2027, 1])

    first = client.get(path)
    again = client.get(path)
    slovenian = client.get(path.replace("/en/", "/sl/", 1))

    assert first.status_code == again.status_code == slovenian.status_code == 200
    assert first["Content-Type"] == "application/pdf" and again.content == first.content
    text = _text(first, "application/pdf")
    assert "Published training" in text and "Draft study visit" not in text
    assert built == ["en", "sl"]  # built once per language; the second visitor got the stored copy
    assert not Job.objects.exists()


# --- My downloads ------------------------------------------------------------------------------------


def test_my_downloads_in_my_area_lists_the_jobs_one_started_and_may_still_see(
        client, organiser, event, make_user, host_agency, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("events:badges", args=[event.pk]))
    colleague = Client()
    colleague.force_login(make_user(agency=host_agency))

    my_area = client.get(reverse("site:my_home")).content.decode()
    assert f'href="{reverse("core:job_list")}"' in my_area
    page = client.get(reverse("core:job_list")).content.decode()
    colleagues_page = colleague.get(reverse("core:job_list")).content.decode()

    assert f'href="{started["Location"]}"' in page and "Name badges" in page and "Done" in page
    assert started["Location"] not in colleagues_page and "You have no downloads." in colleagues_page
    AgencyMembership.objects.filter(user=organiser).delete()
    assert started["Location"] not in client.get(reverse("core:job_list")).content.decode()
