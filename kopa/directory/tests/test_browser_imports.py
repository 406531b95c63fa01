"""The organisation import in a real browser: upload, a progress page that follows the background
work by itself, cancelling, and the accessibility of the progress page in every display mode."""

import csv
import io

import pytest

from kopa.core.tests.browser import DISPLAY_MODES, assert_no_serious_violations
from kopa.directory import reference_data
from kopa.directory.models import ImportBatch, Organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(make_agency, make_user):
    reference_data.load()  # the live server's database is emptied after every test
    agency = make_agency(country="SI")
    return make_user(agency=agency)


def _batch_reading(officer, agency):
    return ImportBatch.objects.create(agency=agency, created_by=officer, filename="large.csv",
                                      status=ImportBatch.Status.READING, row_count=1500)


def _csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["legal_name", "country", "city"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_progress_page_follows_the_work_and_shows_the_preview_when_done(
        new_context, officer):
    agency = officer.agency_memberships.get().agency
    batch = _batch_reading(officer, agency)
    page = new_context(user=officer).new_page()
    for mode in DISPLAY_MODES:
        page.goto(f"/en/staff/organisations/import/{batch.pk}/?display={mode}")
        assert_no_serious_violations(page, where=mode)
    status = page.locator("#import-progress[role=status]")
    assert "1,500 rows read so far" in status.inner_text()

    ImportBatch.objects.filter(pk=batch.pk).update(row_count=2500)  # the worker reads on
    status.get_by_text("2,500 rows read so far").wait_for()

    ImportBatch.objects.filter(pk=batch.pk).update(  # the worker has finished reading
        status=ImportBatch.Status.PREVIEWED, row_count=1, created_count=1,
        columns=["legal_name", "country", "city"],
        rows=[{"row": 2, "values": {"legal_name": "Zmaj", "country": "SI", "city": "Ljubljana"}}])
    page.get_by_role("heading", name="Confirm the import").wait_for()
    assert page.locator("[data-refresh-seconds]").count() == 0


def test_cancel_stops_an_import_that_is_being_read(new_context, officer):
    batch = _batch_reading(officer, officer.agency_memberships.get().agency)
    page = new_context(user=officer).new_page()
    page.goto(f"/en/staff/organisations/import/{batch.pk}/")
    page.get_by_role("button", name="Cancel the import").click()
    page.get_by_text("This import was cancelled. Nothing was saved.").wait_for()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED


def test_upload_shows_the_checked_rows_and_confirming_imports_them(new_context, officer):
    page = new_context(user=officer).new_page()
    page.goto("/en/staff/organisations/import/")
    assert "100,000 rows" in page.locator("#id_file_help").inner_text()
    page.set_input_files("input[name=file]", files=[{
        "name": "orgs.csv", "mimeType": "text/csv",
        "buffer": _csv([["Mladinski center Zmaj", "SI", "Ljubljana"], ["", "SI", "Kranj"]])}])
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Confirm the import").wait_for()
    page.get_by_label("Valid rows only: skip the rows with errors").check()
    page.get_by_role("button", name="Import now").click()
    page.get_by_text("Import finished: 1 organisations created").wait_for()
    assert Organisation.objects.get().legal_name == "Mladinski center Zmaj"
