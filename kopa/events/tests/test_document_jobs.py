"""The organisers' documents as background jobs (kopa.core.jobs): the request only starts the job,
the progress page follows it, the PDF is downloaded from there; cancelling, failing, who may look and
when the result goes."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from django.urls import reverse

from kopa.agencies.models import AgencyMembership
from kopa.core import privacy
from kopa.core.models import Job
from kopa.events.checkin import documents
from kopa.events.models import Registration

JOB_URL = re.compile(r"^/en/jobs/[0-9a-f-]{36}/$")


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


@pytest.fixture
def event(make_event, make_registration):
    event = make_event()
    make_registration(event=event, status=Registration.Status.CONFIRMED, first_name="Līga",
                      last_name="Bērziņa")
    return event


@pytest.fixture
def done_job(client, organiser, event, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:sign_in_sheet", args=[event.pk]))
    client.logout()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    return job


def _status(client, path) -> int:
    """The status of a GET, with a downloaded file read to the end, which closes it (and the file)."""
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def _paths(job):
    return (reverse("core:job", args=[job.public_id]), reverse("core:job_download", args=[job.public_id]))


def test_staff_start_the_sign_in_sheet_from_the_event_page_and_download_it(
        client, organiser, event, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    event_page = client.get(reverse("events:staff_detail", args=[event.pk])).content.decode()
    documents_url = reverse("events:documents", args=[event.pk])
    assert f'href="{documents_url}"' in event_page
    documents_page = client.get(documents_url).content.decode()
    sheet_url = reverse("events:sign_in_sheet", args=[event.pk])
    assert f'<form method="post" action="{sheet_url}"' in documents_page

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(sheet_url)

    assert started.status_code == 302 and JOB_URL.match(started["Location"])
    page = client.get(started["Location"]).content.decode()
    assert "Sign-in sheet" in page and 'http-equiv="refresh"' not in page
    download_url = started["Location"] + "download/"
    assert f'href="{download_url}"' in page
    response = client.get(download_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="sign-in-sheet-')
    reader = PdfReader(BytesIO(b"".join(response.streaming_content)))  # read to the end: closed
    assert reader.metadata.title.startswith("Sign-in sheet")
    assert "Līga Bērziņa" in reader.pages[0].extract_text()


def test_a_queued_job_shows_its_progress_and_is_cancelled(
        client, organiser, event, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = client.post(reverse("events:badges", args=[event.pk]))
    job = Job.objects.get()
    page, download = _paths(job)

    waiting = client.get(page).content.decode()
    assert job.status == Job.Status.QUEUED
    assert '<meta http-equiv="refresh" content="2">' in waiting and "<progress" in waiting
    assert "js/progress.js" in waiting and "Cancel" in waiting
    assert _status(client, download) == 404

    cancelled = client.post(reverse("core:job_cancel", args=[job.public_id]))
    for callback in queued:  # the worker comes to it later and leaves it alone
        callback()

    job.refresh_from_db()
    assert cancelled.status_code == 302 and cancelled["Location"] == started["Location"]
    assert job.status == Job.Status.CANCELLED and not job.result
    assert "This job was cancelled." in client.get(page).content.decode()
    assert _status(client, download) == 404


def test_only_the_person_who_started_a_job_cancels_it(client, done_job, make_user, host_agency):
    Job.objects.filter(pk=done_job.pk).update(status=Job.Status.QUEUED)
    client.force_login(make_user(agency=host_agency))

    client.post(reverse("core:job_cancel", args=[done_job.public_id]))

    done_job.refresh_from_db()
    assert done_job.status == Job.Status.QUEUED


def test_another_agency_and_strangers_get_404_on_the_job_page_and_the_download(
        client, done_job, make_user, make_agency):
    page, download = _paths(done_job)
    for person in (make_user(agency=make_agency(country="LV")), make_user()):
        client.force_login(person)
        assert _status(client, page) == 404
        assert _status(client, download) == 404
    client.logout()
    assert "/accounts/login/" in client.get(download)["Location"]


def test_colleagues_of_the_agency_see_the_job_until_they_lose_access(
        client, done_job, make_user, host_agency):
    colleague = make_user(agency=host_agency, role=AgencyMembership.Role.OBSERVER)
    client.force_login(colleague)
    page, download = _paths(done_job)
    assert _status(client, page) == 200 and _status(client, download) == 200

    AgencyMembership.objects.filter(user=colleague).delete()

    assert _status(client, page) == 404 and _status(client, download) == 404


def test_the_person_who_started_it_loses_it_with_their_access(client, done_job, organiser):
    AgencyMembership.objects.filter(user=organiser).delete()
    client.force_login(organiser)

    assert all(_status(client, path) == 404 for path in _paths(done_job))


def test_a_failed_job_shows_a_message_not_a_500(
        client, organiser, event, monkeypatch, django_capture_on_commit_callbacks):
    def broken(event):
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(documents, "sign_in_sheet", broken)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("events:sign_in_sheet", args=[event.pk]))

    job = Job.objects.get()
    page = client.get(started["Location"])
    assert job.status == Job.Status.FAILED
    assert page.status_code == 200 and "Something went wrong while preparing this." in page.content.decode()
    assert "printer" not in page.content.decode()
    assert _status(client, started["Location"] + "download/") == 404


def test_expired_results_are_purged_with_their_files(done_job, django_capture_on_commit_callbacks):
    storage, name = done_job.result.storage, done_job.result.name
    assert storage.exists(name)
    Job.objects.filter(pk=done_job.pk).update(expires_at=done_job.created_at)

    with django_capture_on_commit_callbacks(execute=True):
        done = privacy.purge_due()

    assert done["job results"] == 1
    assert not Job.objects.exists() and not storage.exists(name)
