import csv
import io
import re

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from kopa.core.models import Job
from kopa.directory.imports.checking import COLUMNS
from kopa.directory.imports.services import import_apply, import_preview
from kopa.directory.models import ImportBatch, Organisation


@pytest.fixture
def agency(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def officer(make_user, agency):
    return make_user(agency=agency)


@pytest.fixture
def inventory(agency, make_organisation, make_agency):
    """Organisations with every column filled in some way, and one outside the officer's scope."""
    make_organisation(
        legal_name="Mladinski center Zmaj", type="youth_centre", city="Ljubljana", region="Osrednjeslovenska",
        address="Trg 1", postcode="1000", website="https://zmaj.example.org", email="info@zmaj.example.org",
        oid="E10000001", experience="experienced", can_host=True, can_coordinate=True,
        accessibility="partial", public_listing=True, description={"en": "Open youth work.", "sl": "Opis"},
        agencies=[agency], target_groups=["disability", "neet"], languages=["sl", "en"],
    )
    make_organisation(legal_name="=HYPERLINK(\"x\") Društvo Čuk", city="Škofja Loka", agencies=[agency])
    make_organisation(legal_name="Biedrība Ozols", country="LV", city="Cēsis", agencies=[agency],
                      target_groups=["geographical"])
    make_organisation(legal_name="Hidden elsewhere", agencies=[make_agency(country="LV")])


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response_or_bytes):
    content = response_or_bytes if isinstance(response_or_bytes, bytes) else _content(response_or_bytes)
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx_rows(response_or_bytes):
    content = response_or_bytes if isinstance(response_or_bytes, bytes) else _content(response_or_bytes)
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [[v or "" for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_csv_export_has_the_import_columns_and_only_the_officers_scope(client, download_job, officer, inventory):
    client.force_login(officer)
    response = download_job(client, reverse("directory:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0] == list(COLUMNS)
    names = [row[0] for row in rows[1:]]
    assert "Hidden elsewhere" not in names and len(names) == 3
    zmaj = dict(zip(rows[0], next(r for r in rows if r[0] == "Mladinski center Zmaj"), strict=True))
    assert zmaj["target_groups"] == "disability;neet" and zmaj["working_languages"] == "en;sl"
    assert zmaj["can_host"] == "yes" and zmaj["can_send"] == "no" and zmaj["description"] == "Open youth work."


def test_export_follows_the_directory_filters(client, download_job, officer, inventory):
    client.force_login(officer)
    rows = _csv_rows(download_job(client, reverse("directory:export_csv"), query={"country": "LV"}))
    assert [row[0] for row in rows[1:]] == ["Biedrība Ozols"]
    rows = _xlsx_rows(download_job(client, reverse("directory:export_xlsx"), query={"target_group": "neet"}))
    assert [row[0] for row in rows[1:]] == ["Mladinski center Zmaj"]


def test_formulas_are_exported_as_text(client, download_job, officer, inventory):
    client.force_login(officer)
    csv_names = [row[0] for row in _csv_rows(download_job(client, reverse("directory:export_csv")))]
    assert "'=HYPERLINK(\"x\") Društvo Čuk" in csv_names
    workbook = load_workbook(io.BytesIO(_content(download_job(client, reverse("directory:export_xlsx")))))
    cell = next(row[0] for row in workbook.worksheets[0].iter_rows() if "HYPERLINK" in str(row[0].value))
    assert cell.data_type == "s"


@pytest.mark.parametrize("url_name, filename", [("export_csv", "organisations.csv"),
                                                ("export_xlsx", "organisations.xlsx")])
def test_export_imports_again_without_errors_and_with_the_same_data(
        client, download_job, officer, agency, inventory, url_name, filename):
    client.force_login(officer)
    before = _content(download_job(client, reverse(f"directory:{url_name}")))

    same_database = import_preview(actor=officer, agency=agency, filename=filename, content=before)
    assert same_database.error_count == 0 and same_database.updated_count == 1

    Organisation.objects.filter(agencies=agency).delete()
    batch = import_preview(actor=officer, agency=agency, filename=filename, content=before)
    assert batch.error_count == 0 and batch.warning_count == 0 and batch.created_count == 3
    import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    after = _content(download_job(client, reverse(f"directory:{url_name}")))
    read = _csv_rows if url_name == "export_csv" else _xlsx_rows
    assert read(after) == read(before)


def test_twenty_thousand_organisations_export_as_xlsx(client, download_job, officer, agency):
    Organisation.objects.bulk_create(
        Organisation(legal_name=f"Youth club {n}", country="SI", city="Kranj") for n in range(20_000))
    Organisation.agencies.through.objects.bulk_create(
        Organisation.agencies.through(organisation_id=pk, agency_id=agency.pk)
        for pk in Organisation.objects.values_list("pk", flat=True))
    client.force_login(officer)
    rows = _xlsx_rows(download_job(client, reverse("directory:export_xlsx")))
    assert len(rows) == 20_001


def test_people_who_are_not_staff_cannot_export(client, make_user, inventory):
    client.force_login(make_user())
    assert client.post(reverse("directory:export_csv")).status_code == 404
    assert client.post(reverse("directory:export_xlsx")).status_code == 404
    assert not Job.objects.exists()


def test_an_export_is_a_job_started_by_the_lists_button_and_only_its_starter_downloads_it(
        client, officer, inventory, make_user, make_agency, django_capture_on_commit_callbacks):
    client.force_login(officer)
    page = client.get(reverse("directory:staff_list"), {"country": "LV"}).content.decode()
    action = re.search(r'<form method="post" action="([^"]*export\.csv[^"]*)"', page).group(1).replace("&amp;", "&")
    assert action == reverse("directory:export_csv") + "?country=LV"
    assert client.get(action).status_code == 405 and not Job.objects.exists()  # a link or a prefetch starts nothing

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(action)
    job = Job.objects.get()
    assert started.status_code == 302 and started["Location"].endswith(f"/jobs/{job.public_id}/")
    download = client.get(started["Location"] + "download/")
    assert [row[0] for row in _csv_rows(download)[1:]] == ["Biedrība Ozols"]

    client.force_login(make_user(agency=make_agency(country="LV")))
    assert client.get(started["Location"]).status_code == 404
    assert client.get(started["Location"] + "download/").status_code == 404


def test_invalid_filters_send_the_officer_back_to_the_list(client, download_job, officer, inventory):
    client.force_login(officer)
    response = download_job(client, reverse("directory:export_csv"), query={"country": "XX"})
    assert response.status_code == 302 and response.url.startswith(reverse("directory:staff_list"))
