"""Imports as background jobs: queued, read with limits, cancelled, written once confirmed."""

import csv
import io
import os

import pytest
from openpyxl import Workbook

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopa.core import pacing
from kopa.directory.imports.problems import problem_message
from kopa.directory.imports.services import (
    import_cancel,
    import_confirm,
    import_preview,
    import_read,
    import_upload,
)
from kopa.directory.models import ImportBatch, Organisation

HEADER = ["legal_name", "country", "city"]


def csv_bytes(rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(cells):
    workbook = Workbook()
    sheet = workbook.active
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agency(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def officer(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def upload(officer, agency, django_capture_on_commit_callbacks):
    def run(content, *, run_jobs=True):
        with django_capture_on_commit_callbacks(execute=run_jobs):
            batch = import_upload(actor=officer, agency=agency, filename="orgs.csv", content=content)
        batch.refresh_from_db()
        return batch

    return run


def _file_problem(batch):
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.has_file_errors
    assert batch.row_count == 0 and batch.rows == []
    return problem_message(batch.problems[0])


def test_upload_queues_the_reading_and_the_job_reads_and_deletes_the_file(upload):
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana"]]), run_jobs=False)
    assert batch.status == ImportBatch.Status.QUEUED and batch.file
    stored = batch.file.path
    import_read(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.row_count == 1
    assert batch.created_count == 1 and not batch.file
    assert not os.path.exists(stored)


def test_a_cancelled_import_is_not_read_and_its_file_is_deleted(
        upload, officer, django_capture_on_commit_callbacks):
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana"]]), run_jobs=False)
    stored = batch.file.path
    with django_capture_on_commit_callbacks(execute=True):
        import_cancel(actor=officer, batch=batch)
    assert import_read(batch_id=batch.pk) is None
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED and batch.rows == []
    assert not batch.file and not os.path.exists(stored)


def test_rows_beyond_the_limit_refuse_the_file(upload, settings):
    settings.KOPA_IMPORT_MAX_ROWS = 3
    batch = upload(csv_bytes([[f"Club {n}", "SI", "Kranj"] for n in range(4)]))
    assert "more than 3 rows" in _file_problem(batch)
    assert upload(csv_bytes([[f"Club {n}", "SI", "Kranj"] for n in range(3)])).row_count == 3


def test_a_row_wider_than_the_column_limit_refuses_the_file(upload, settings):
    settings.KOPA_IMPORT_MAX_COLUMNS = 5
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana", "", "", "", "x"]]))
    assert "more than 5 columns" in _file_problem(batch)


def test_a_cell_longer_than_the_limit_refuses_the_file(upload, settings):
    settings.KOPA_IMPORT_MAX_CELL_CHARS = 50
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana"], ["Z" * 51, "SI", "Kranj"]]))
    assert "row 3" in _file_problem(batch) and "50 characters" in problem_message(batch.problems[0])


def test_an_xlsx_declaring_16384_columns_is_refused_before_its_rows_are_read(upload):
    content = xlsx_bytes({(1, 1): "legal_name", (1, 2): "country", (1, 3): "city", (1, 16384): "x"})
    assert len(content) < 20_000
    assert "more than 100 columns" in _file_problem(upload(content))


def test_an_xlsx_declaring_more_rows_than_allowed_is_refused(upload, settings):
    settings.KOPA_IMPORT_MAX_ROWS = 10
    content = xlsx_bytes({(1, 1): "legal_name", (1, 2): "country", (1, 3): "city", (500, 1): "x"})
    assert "more than 10 rows" in _file_problem(upload(content))


def test_a_file_that_vanished_before_reading_ends_as_failed_with_a_message(upload, client, officer):
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana"]]), run_jobs=False)
    batch.file.storage.delete(batch.file.name)
    import_read(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.outcome["code"] == "read_failed"
    client.force_login(officer)
    page = client.get(reverse("directory:import_detail", args=[batch.pk])).content.decode()
    assert "unexpected error" in page and "data-refresh-seconds" not in page


def test_confirming_queues_the_writing_and_the_job_writes(officer, agency, django_capture_on_commit_callbacks):
    batch = import_preview(actor=officer, agency=agency, filename="orgs.csv",
                           content=csv_bytes([["Zmaj", "SI", "Ljubljana"]]))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        import_confirm(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED and Organisation.objects.count() == 0
    for callback in queued:  # the queued writing (and whatever else waits for the commit)
        callback()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and Organisation.objects.count() == 1


def test_rows_that_went_wrong_since_the_check_send_an_all_or_nothing_import_back(
        officer, agency, make_organisation, make_agency, django_capture_on_commit_callbacks):
    batch = import_preview(actor=officer, agency=agency, filename="orgs.csv", content=csv_bytes(
        [["Zmaj", "SI", "Ljubljana", "E10000001"]], header=[*HEADER, "oid"]))
    make_organisation(oid="E10000001", agencies=[make_agency(country="LV")])  # now outside the inventory
    with django_capture_on_commit_callbacks(execute=True):
        import_confirm(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert batch.outcome == {"code": "nothing_imported", "params": {"count": 1}}
    assert Organisation.objects.count() == 1


def test_a_confirmed_import_can_be_cancelled_before_it_is_written(
        officer, agency, django_capture_on_commit_callbacks):
    batch = import_preview(actor=officer, agency=agency, filename="orgs.csv",
                           content=csv_bytes([["Zmaj", "SI", "Ljubljana"]]))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        import_confirm(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    import_cancel(actor=officer, batch=batch)
    for callback in queued:  # the queued writing (and whatever else waits for the commit)
        callback()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED and Organisation.objects.count() == 0


def test_progress_page_refreshes_itself_while_reading_and_offers_cancel(upload, client, officer):
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana"]]), run_jobs=False)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.READING, row_count=1500)
    client.force_login(officer)
    url = reverse("directory:import_detail", args=[batch.pk])
    page = client.get(url).content.decode()
    assert 'data-refresh-seconds="2"' in page and '<meta http-equiv="refresh" content="2">' in page
    assert "1,500 rows read so far" in page and "js/progress.js" in page
    response = client.post(reverse("directory:import_cancel", args=[batch.pk]))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "was cancelled" in page and "data-refresh-seconds" not in page
    assert client.post(reverse("directory:import_cancel", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED


def test_a_colleague_of_another_agency_cannot_cancel(upload, client, make_user, make_agency):
    batch = upload(csv_bytes([["Zmaj", "SI", "Ljubljana"]]), run_jobs=False)
    client.force_login(make_user(agency=make_agency(country="LV")))
    assert client.post(reverse("directory:import_cancel", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED


def test_upload_page_states_the_limits(client, officer):
    client.force_login(officer)
    page = client.get(reverse("directory:import_upload")).content.decode()
    assert "40 MB, 100,000 rows, 100 columns and 5,000 characters in one cell" in page


def test_the_progress_page_never_loads_the_rows_it_does_not_show(
        officer, agency, client, django_capture_on_commit_callbacks):
    """While an import of up to 100,000 rows is written, its page is looked at every two seconds:
    it reads the batch without its rows, and the confirmation still works from that page."""
    batch = import_preview(actor=officer, agency=agency, filename="orgs.csv",
                           content=csv_bytes([["Zmaj", "SI", "Ljubljana"], ["Iskra", "SI", "Celje"]]))
    client.force_login(officer)
    url = reverse("directory:import_detail", args=[batch.pk])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert "Confirm the import" in page
    rows_column = connection.ops.quote_name("rows")
    batch_reads = [q["sql"] for q in captured if "directory_importbatch" in q["sql"]]
    assert batch_reads and not any(rows_column in sql for sql in batch_reads)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.READING)
    with CaptureQueriesContext(connection) as captured:
        assert "rows read so far" in client.get(url).content.decode()
    problems_column = connection.ops.quote_name("problems")
    assert not any(problems_column in q["sql"] for q in captured if "directory_importbatch" in q["sql"])
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEWED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"mode": ImportBatch.Mode.ALL_OR_NOTHING})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and Organisation.objects.count() == 2


def test_a_large_import_pauses_between_its_batches_in_the_background_and_writes_every_row(
        officer, agency, upload, django_capture_on_commit_callbacks):
    """Reading, checking and writing 1,200 rows give way to the web pages between batches of a few
    hundred (kopa.core.pacing); the pauses change nothing in what is written."""
    slept = []
    rows = [[f"Mladinski center {n}", "SI", "Ljubljana"] for n in range(1200)]
    with pacing.paced(0.5, sleep=slept.append):
        batch = upload(csv_bytes(rows))
        reading_pauses = len(slept)
        with django_capture_on_commit_callbacks(execute=True):
            import_confirm(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED, batch.outcome
    assert Organisation.objects.filter(agencies=agency).count() == 1200
    assert reading_pauses >= 2  # read at row 500 and 1,000, and while checking
    assert len(slept) > reading_pauses + 2  # and between the written batches
    assert all(seconds >= 0 for seconds in slept)
