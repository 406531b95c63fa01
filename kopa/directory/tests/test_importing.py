import csv
import io

import pytest
from openpyxl import Workbook

from django.core.validators import EmailValidator
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kopa.core.errors import Conflict, PermissionDenied, ValidationFailed
from kopa.core.models import AuditEntry
from kopa.directory.imports.problems import MESSAGES, problem_message
from kopa.directory.imports.services import import_apply, import_preview
from kopa.directory.models import ImportBatch, Organisation

HEADER = ["legal_name", "type", "country", "city", "oid", "email", "website", "target_groups",
          "working_languages", "can_host", "public_listing", "description"]


def _row(name="Mladinski center Zmaj", city="Ljubljana", country="SI", oid="", **extra):
    values = {"legal_name": name, "type": "youth_centre", "country": country, "city": city, "oid": oid,
              "email": "info@zmaj.example.org", "website": "https://zmaj.example.org",
              "target_groups": "disability;neet", "working_languages": "sl, en", "can_host": "yes",
              "public_listing": "no", "description": "Open youth work."}
    values.update(extra)
    return values


def csv_bytes(rows, header=HEADER, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


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
def preview(officer, agency):
    def run(content, filename="organisations.csv", actor=None):
        return import_preview(actor=actor or officer, agency=agency, filename=filename,
                                        content=content)
    return run


def _problems(batch, level="error"):
    return {(p["row"], p["column"]) for p in batch.problems if p["level"] == level}


def test_preview_checks_rows_but_writes_no_organisation(preview):
    batch = preview(csv_bytes([_row(), _row(name="Društvo Sonček", oid="E10000001")]))
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert (batch.row_count, batch.created_count, batch.error_count) == (2, 2, 0)
    assert Organisation.objects.count() == 0


def test_confirm_creates_organisations_in_the_agency_inventory_with_their_lists(preview, officer, agency):
    batch = preview(csv_bytes([_row(oid="e10000001", public_listing="yes")]))
    import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    org = Organisation.objects.get()
    assert org.oid == "E10000001"
    assert org.type == "youth_centre" and org.can_host and org.public_listing
    assert org.public_listing_consented_at is not None
    assert org.description == {"en": "Open youth work."}
    assert sorted(org.target_groups.values_list("code", flat=True)) == ["disability", "neet"]
    assert sorted(org.working_languages.values_list("code", flat=True)) == ["en", "sl"]
    assert list(org.agencies.all()) == [agency]
    assert "zmaj" in org.search_text
    entry = AuditEntry.objects.get(object_id=str(org.pk), action="import")
    assert entry.actor == officer and entry.changes["legal_name"] == [None, "Mladinski center Zmaj"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.created_count == 1


def test_headers_are_read_whatever_their_case_spaces_and_underscores(preview):
    content = csv_bytes([["Zavod Bober", "si", "Maribor", "sl;en"]],
                        header=["Legal Name", " COUNTRY ", "city", "Working-Languages"])
    batch = preview(content)
    assert batch.columns == ["legal_name", "country", "city", "working_languages"]
    assert batch.error_count == 0 and batch.warning_count == 0


def test_unknown_columns_are_a_file_warning_and_are_ignored(preview):
    batch = preview(csv_bytes([["Zavod Bober", "SI", "Maribor", "x"]],
                              header=["legal_name", "country", "city", "favourite colour"]))
    file_warnings = [p for p in batch.problems if p["row"] is None]
    assert len(file_warnings) == 1 and "favourite colour" in problem_message(file_warnings[0])
    assert file_warnings[0]["level"] == "warning"
    assert batch.created_count == 1


def test_missing_required_column_makes_the_file_not_importable(preview, officer):
    batch = preview(csv_bytes([["Zavod Bober", "SI"]], header=["legal_name", "country"]))
    assert batch.has_file_errors
    assert any("city" in problem_message(p) for p in batch.problems if p["row"] is None)
    with pytest.raises(ValidationFailed):
        import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert Organisation.objects.count() == 0


def test_every_bad_cell_is_reported_with_its_row_number_and_column(preview):
    rows = [
        _row(name="Fine"),
        _row(name="Bad OID", oid="E123"),
        _row(name="Bad country", country="Atlantis"),
        _row(name="Bad group", target_groups="disability;aliens"),
        _row(name="Bad language", working_languages="sl;xx"),
        _row(name="Bad e-mail", email="not-an-address"),
        _row(name="Bad website", website="not a url"),
        _row(name="No town", city=""),
        _row(name="Bad yes", can_host="maybe"),
        _row(name="", city="Celje"),
    ]
    batch = preview(csv_bytes(rows))
    assert _problems(batch) == {
        (3, "oid"), (4, "country"), (5, "target_groups"), (6, "working_languages"), (7, "email"),
        (8, "website"), (9, "city"), (10, "can_host"), (11, "legal_name"),
    }
    assert batch.created_count == 1 and batch.skipped_count == 9
    assert len([p for p in batch.problems if p["row"] == 3]) == 1
    bad_oid = next(p for p in batch.problems if p["row"] == 3)
    assert bad_oid["value"] == "E123" and "8 digits" in problem_message(bad_oid)
    assert Organisation.objects.count() == 0


def test_country_can_be_given_by_its_english_name(preview, officer):
    batch = preview(csv_bytes([_row(country="Latvia", city="Rīga")]))
    import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    assert Organisation.objects.get().country.code == "LV"


def test_duplicates_inside_the_file_are_errors_on_the_later_row(preview):
    rows = [
        _row(name="Zavod Bober", oid="E10000001"),
        _row(name="Another name", oid="E10000001"),
        _row(name="Mladinski Center Zmaj", city="ljubljana"),
        _row(name="mladinski center zmaj", city="Ljubljana"),
    ]
    batch = preview(csv_bytes(rows))
    assert _problems(batch) == {(3, "oid"), (5, "legal_name")}
    messages = {p["row"]: problem_message(p) for p in batch.problems}
    assert "row 2" in messages[3] and "row 4" in messages[5].lower()


def test_oid_of_an_organisation_in_the_inventory_updates_it_and_empty_cells_keep_values(
        preview, officer, agency, make_organisation):
    org = make_organisation(legal_name="Zavod Bober", oid="E10000001", agencies=[agency],
                            address="Glavni trg 1", description={"sl": "Opis"})
    batch = preview(csv_bytes([_row(name="Zavod Bober Maribor", oid="E10000001", city="Maribor",
                                    description="Youth work in Maribor.")]))
    assert (batch.created_count, batch.updated_count) == (0, 1)
    import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    org.refresh_from_db()
    assert org.legal_name == "Zavod Bober Maribor" and org.city == "Maribor"
    assert org.address == "Glavni trg 1"
    assert org.description == {"sl": "Opis", "en": "Youth work in Maribor."}
    assert Organisation.objects.count() == 1
    entry = AuditEntry.objects.get(object_id=str(org.pk), action="import")
    assert entry.changes["city"] == ["Ljubljana", "Maribor"]
    assert entry.changes["target_groups"] == [[], ["disability", "neet"]]


def test_oid_of_an_organisation_outside_the_inventory_is_an_error(preview, make_organisation, make_agency):
    other = make_organisation(oid="E10000001", agencies=[make_agency(country="LV")])
    batch = preview(csv_bytes([_row(oid="E10000001")]))
    assert _problems(batch) == {(2, "oid")}
    other.refresh_from_db()
    assert other.legal_name != "Mladinski center Zmaj"


def test_similar_organisation_in_the_same_town_is_a_warning_not_an_error(
        preview, agency, make_organisation):
    make_organisation(legal_name="Društvo Mladinski center Zmaj", city="Ljubljana", agencies=[agency])
    make_organisation(legal_name="Mladinski center Zmaj", city="Celje", agencies=[agency])
    batch = preview(csv_bytes([_row(name="Mladinski center Zmaj", city="LJUBLJANA")]))
    assert batch.error_count == 0 and batch.created_count == 1
    warnings = [p for p in batch.problems if p["level"] == "warning"]
    assert len(warnings) == 1 and warnings[0]["row"] == 2 and warnings[0]["column"] == "legal_name"
    assert "Društvo Mladinski center Zmaj" in problem_message(warnings[0])


def test_windows_1250_file_is_refused_with_advice_on_saving_as_utf8(preview, officer):
    batch = preview(csv_bytes([_row(name="Društvo Čuk", city="Škofja Loka")], encoding="cp1250"))
    assert batch.has_file_errors
    message = problem_message(batch.problems[0])
    assert "UTF-8" in message and "line 2" in message
    with pytest.raises(ValidationFailed):
        import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert Organisation.objects.count() == 0


def test_utf8_with_byte_order_mark_and_semicolons_is_read(preview):
    content = b"\xef\xbb\xbf" + csv_bytes([_row(name="Društvo Čuk", city="Škofja Loka")], delimiter=";")
    batch = preview(content)
    assert batch.error_count == 0 and batch.columns[0] == "legal_name"
    assert batch.rows[0]["values"]["legal_name"] == "Društvo Čuk"


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 4,
    b"PK\x03\x04 this is not really a zip",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel",
    b"",
])
def test_files_that_are_not_spreadsheets_give_a_file_error(preview, content):
    batch = preview(content, filename="organisations.xlsx")
    assert batch.has_file_errors and batch.row_count == 0
    assert len(batch.problems) == 1 and batch.problems[0]["row"] is None


def test_file_larger_than_the_limit_is_refused(preview, settings):
    settings.KOPA_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationFailed) as exc:
        preview(csv_bytes([_row(), _row(name="Other")]))
    assert "file" in exc.value.fields
    assert ImportBatch.objects.count() == 0


def test_all_or_nothing_with_an_error_writes_nothing(preview, officer):
    batch = preview(csv_bytes([_row(), _row(name="Bad", oid="X1")]))
    with pytest.raises(ValidationFailed) as exc:
        import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    assert "1 rows have errors" in exc.value.fields["__all__"][0]
    assert Organisation.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


def test_valid_rows_only_skips_the_rows_with_errors_and_reports_them(preview, officer):
    batch = preview(csv_bytes([_row(), _row(name="Bad", oid="X1"), _row(name="Zavod Bober")]))
    batch = import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert sorted(Organisation.objects.values_list("legal_name", flat=True)) == [
        "Mladinski center Zmaj", "Zavod Bober"]
    assert (batch.created_count, batch.skipped_count) == (2, 1)
    assert _problems(batch) == {(3, "oid")}


def test_rows_are_checked_again_when_confirmed(preview, officer, make_organisation, make_agency):
    batch = preview(csv_bytes([_row(oid="E10000001"), _row(name="Zavod Bober")]))
    make_organisation(oid="E10000001", agencies=[make_agency(country="LV")])  # meanwhile, elsewhere
    batch = import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert (batch.created_count, batch.skipped_count) == (1, 1)
    assert _problems(batch) == {(2, "oid")}


def test_a_batch_can_be_confirmed_only_once(preview, officer):
    batch = preview(csv_bytes([_row()]))
    import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    with pytest.raises(Conflict):
        import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert Organisation.objects.count() == 1


def test_staff_of_another_agency_cannot_confirm_a_batch(preview, make_agency, make_user):
    batch = preview(csv_bytes([_row()]))
    stranger = make_user(agency=make_agency(country="LV"))
    with pytest.raises(PermissionDenied):
        import_apply(actor=stranger, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert Organisation.objects.count() == 0


def test_xlsx_file_is_imported(preview, officer):
    content = xlsx_bytes([_row(), _row(name="Biedrība Ozols", country="LV", city="Cēsis", oid="E10000002")])
    batch = preview(content, filename="organisations.xlsx")
    assert batch.error_count == 0 and batch.row_count == 2
    import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    org = Organisation.objects.get(oid="E10000002")
    assert (org.legal_name, org.city, org.country.code) == ("Biedrība Ozols", "Cēsis", "LV")


def test_xlsx_numbers_are_read_as_text(preview):
    content = xlsx_bytes([{"legal_name": "Zavod Bober", "country": "SI", "city": "Maribor", "postcode": 2000}],
                         header=["legal_name", "country", "city", "postcode"])
    batch = preview(content, filename="organisations.xlsx")
    assert batch.rows[0]["values"]["postcode"] == "2000" and batch.error_count == 0


def test_ten_thousand_rows_are_checked_and_imported(preview, officer, agency):
    rows = [_row(name=f"Youth club {n}", city=f"Town {n % 40}", oid=f"E{20000000 + n}")
            for n in range(10_000)]
    rows[1234]["oid"] = "E1"
    rows[5000]["country"] = "Narnia"
    batch = preview(csv_bytes(rows))
    assert batch.row_count == 10_000
    assert _problems(batch) == {(1236, "oid"), (5002, "country")}
    assert Organisation.objects.count() == 0
    batch = import_apply(actor=officer, batch=batch, mode=ImportBatch.Mode.VALID_ONLY)
    assert batch.created_count == 9_998
    assert Organisation.objects.count() == 9_998
    assert Organisation.target_groups.through.objects.count() == 2 * 9_998
    assert agency.organisations.count() == 9_998
    assert AuditEntry.objects.filter(action="import").count() == 9_998


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def _upload(django_capture_on_commit_callbacks):
    """Upload through the page; without Redis the queued reading runs as soon as the upload is saved."""
    def upload_file(client, content, name="organisations.csv"):
        upload = io.BytesIO(content)
        upload.name = name
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("directory:import_upload"), {"file": upload})

    return upload_file


def test_upload_page_shows_the_problems_with_row_and_column(client, officer, _upload):
    client.force_login(officer)
    response = _upload(client, csv_bytes([_row(), _row(name="Bad", oid="E12")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("directory:import_detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "<th scope=\"row\">3</th>" in page and "<code>oid</code>" in page and "E12" in page
    assert Organisation.objects.count() == 0


def test_confirming_through_the_page_imports(client, officer, _upload, django_capture_on_commit_callbacks):
    client.force_login(officer)
    _upload(client, csv_bytes([_row()]))
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:import_detail", args=[batch.pk]), {"mode": "all_or_nothing"})
    assert response.status_code == 302
    assert Organisation.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.confirmed_by == officer


def test_all_or_nothing_refusal_is_shown_on_the_page(client, officer, _upload):
    client.force_login(officer)
    _upload(client, csv_bytes([_row(), _row(name="Bad", country="Mordor")]))
    batch = ImportBatch.objects.get()
    response = client.post(reverse("directory:import_detail", args=[batch.pk]), {"mode": "all_or_nothing"})
    assert response.status_code == 200 and "Nothing was imported" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_too_large_upload_is_an_error_next_to_the_field(client, officer, settings, _upload):
    settings.KOPA_IMPORT_MAX_BYTES = 50
    client.force_login(officer)
    response = _upload(client, csv_bytes([_row()]))
    assert response.status_code == 200 and 'id="id_file_errors"' in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_staff_of_another_agency_get_404_and_cannot_confirm(client, preview, make_agency, make_user):
    batch = preview(csv_bytes([_row()]))
    client.force_login(make_user(agency=make_agency(country="LV")))
    url = reverse("directory:import_detail", args=[batch.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"mode": "valid_only"}).status_code == 404
    assert Organisation.objects.count() == 0


def test_people_who_are_not_staff_do_not_see_the_import_pages(client, make_user, preview):
    batch = preview(csv_bytes([_row()]))
    client.force_login(make_user())
    assert client.get(reverse("directory:import_upload")).status_code == 404
    assert client.post(reverse("directory:import_detail", args=[batch.pk]),
                       {"mode": "valid_only"}).status_code == 404
    assert Organisation.objects.count() == 0


def test_import_problems_are_shown_in_the_language_of_whoever_reads_them(
        client, officer, agency, make_user, _upload):
    """An officer uploads in English; a colleague reads the preview in Slovenian."""
    client.force_login(officer)
    response = _upload(client, csv_bytes([_row(name="", email="not an address")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert all("message" not in p for p in batch.problems)
    colleague = Client()
    colleague.force_login(make_user(agency=agency))
    with translation.override("sl"):
        needs_value = str(MESSAGES["needs_value"])
        bad_email = str(EmailValidator.message)
    page = colleague.get(f"/sl/staff/organisations/import/{batch.pk}/").content.decode()
    with translation.override("en"):
        in_english = str(MESSAGES["needs_value"])
    assert needs_value != in_english
    assert escape(needs_value) in page and escape(bad_email) in page
    assert in_english not in page


def test_problems_stored_before_they_had_codes_keep_their_text():
    assert problem_message({"row": 2, "column": "city", "value": "", "message": "Old text",
                            "level": "error"}) == "Old text"
