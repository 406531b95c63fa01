"""A background job's progress page in a real browser: accessible in every display mode, following
the work by itself, cancelling."""

from datetime import timedelta

import pytest

from django.utils import timezone

from kopa.core.models import Job
from kopa.core.tests.browser import DISPLAY_MODES, assert_no_serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency)


def _running_job(organiser, event):
    return Job.objects.create(
        kind="kopa.events.jobs:SIGN_IN_SHEET", requested_by=organiser, agency_id=event.organiser_agency_id,
        parameters={"event": event.pk}, status=Job.Status.RUNNING, progress_done=1, progress_total=4,
        expires_at=timezone.now() + timedelta(days=7))


def test_progress_page_is_accessible_and_follows_the_work(new_context, organiser, make_event):
    job = _running_job(organiser, make_event())
    page = new_context(user=organiser).new_page()
    for mode in DISPLAY_MODES:
        page.goto(f"/en/jobs/{job.public_id}/?display={mode}")
        assert_no_serious_violations(page, where=mode)
    assert page.locator("#job-progress[role=status] progress").get_attribute("value") == "25"

    Job.objects.filter(pk=job.pk).update(progress_done=3)  # the worker goes on
    page.locator("#job-progress progress[value='75']").wait_for()

    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message="The event has no days.")
    page.get_by_text("The event has no days.").wait_for()
    assert page.locator("[data-refresh-seconds]").count() == 0
    assert_no_serious_violations(page, where="failed")


def test_cancel_stops_a_running_job(new_context, organiser, make_event):
    job = _running_job(organiser, make_event())
    page = new_context(user=organiser).new_page()
    page.goto(f"/en/jobs/{job.public_id}/")
    page.get_by_role("button", name="Cancel").click()
    page.get_by_text("This job was cancelled.").wait_for()
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED


def test_the_organiser_presses_an_export_button_and_downloads_the_file_from_the_jobs_page(
        new_context, organiser, make_event, make_registration):
    """In a real browser, with the Content-Security-Policy enforced: the button is a POST form with
    its CSRF token; the job runs after the request and its page offers the file."""
    event = make_event()
    make_registration(event=event, first_name="Līga", last_name="Bērziņa")
    page = new_context(user=organiser, bypass_csp=False, accept_downloads=True).new_page()
    page.goto(f"/en/staff/events/{event.pk}/registrations/")

    with page.expect_navigation():
        page.get_by_role("button", name="Participant list (CSV)").click()

    assert "/en/jobs/" in page.url
    page.get_by_role("link", name="Download participants-").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download participants-").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        assert "Līga,Bērziņa" in exported.read()
    assert Job.objects.get().status == Job.Status.DONE
