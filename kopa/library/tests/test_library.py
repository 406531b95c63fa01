"""The library's rules, each from where a person starts: uploads checked by content and size, DOCX
text, tagged PDFs, who sees drafts and staff-only resources, filters, the feed, the API."""

import io

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

from django.core.files.uploadedfile import SimpleUploadedFile

from kopa.agencies.models import AgencyMembership
from kopa.core.models import AuditEntry
from kopa.library.models import Resource, ResourceVersion
from kopa.library.rules import fold, query_terms

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_heading("Priročnik", level=1)
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Celje"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tagged(pdf: bytes) -> bytes:
    """The fixture with a structure tree and /MarkInfo added to its catalogue (made with pypdf)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    tree = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
    writer._root_object[NameObject("/StructTreeRoot")] = tree
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _upload(client, resource, language, name, content, capture):
    with capture(execute=True):
        return client.post(f"/en/staff/library/{resource.pk}/versions/", {
            "language": language, "file": SimpleUploadedFile(name, content)})


def test_folding_and_query_terms():
    assert fold("Čustvena ŽALOVANJE đak Ģirts") == "custvena zalovanje dak girts"
    assert query_terms("Žalovanje, žalovanje! OR \"x\"*") == ["zalovanje", "or", "x"]


def test_a_file_that_is_neither_pdf_nor_docx_is_refused_next_to_the_field(
        client, officer, si, make_resource, django_capture_on_commit_callbacks):
    resource = make_resource(agency=si)
    client.force_login(officer)
    response = _upload(client, resource, "sl", "picture.pdf", PNG, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Upload a PDF or a Word (DOCX) file. This file is neither" in response.content.decode()
    assert not ResourceVersion.objects.filter(resource=resource).exists()


def test_a_file_over_the_size_limit_is_refused(client, officer, si, make_resource, slovenian_pdf, settings,
                                               django_capture_on_commit_callbacks):
    settings.KOPA_LIBRARY_MAX_BYTES = 1024
    resource = make_resource(agency=si)
    client.force_login(officer)
    response = _upload(client, resource, "sl", "big.pdf", slovenian_pdf, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "The file is larger than 0.0 MB." in response.content.decode()
    assert not ResourceVersion.objects.filter(resource=resource).exists()


def test_a_docx_is_read_in_the_background_and_its_words_are_found(
        client, officer, si, make_resource, django_capture_on_commit_callbacks):
    resource = make_resource(agency=si, title={"en": "Handbook"})
    client.force_login(officer)
    response = _upload(client, resource, "sl", "prirocnik.docx", _docx("Mladinsko delo v Šaleški dolini."),
                       django_capture_on_commit_callbacks)
    assert response.status_code == 302
    version = ResourceVersion.objects.get(resource=resource)
    assert (version.format, version.text_status, version.filename) == ("docx", "done", "prirocnik.docx")
    assert "Šaleški" in version.text and "Celje" in version.text
    client.post(f"/en/staff/library/{resource.pk}/publish/")
    client.logout()
    assert f"/en/library/{resource.pk}/" in client.get("/en/library/?q=saleski").content.decode()
    assert f"/en/library/{resource.pk}/" in client.get("/en/library/?q=celje").content.decode()
    download = client.get(f"/en/library/{resource.pk}/sl/download/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_a_replaced_file_is_read_again_and_the_old_words_are_no_longer_found(
        client, officer, si, make_resource, slovenian_pdf, django_capture_on_commit_callbacks):
    resource = make_resource(agency=si, files=[("sl", SimpleUploadedFile("a.pdf", slovenian_pdf))], publish=True)
    assert f"/en/library/{resource.pk}/" in client.get("/en/library/?q=zalovanje").content.decode()
    client.force_login(officer)
    _upload(client, resource, "sl", "b.docx", _docx("Prostovoljstvo"), django_capture_on_commit_callbacks)
    client.logout()
    assert f"/en/library/{resource.pk}/" not in client.get("/en/library/?q=zalovanje").content.decode()
    assert f"/en/library/{resource.pk}/" in client.get("/en/library/?q=prostovoljstvo").content.decode()


@pytest.mark.parametrize("tagged", [False, True])
def test_the_staff_and_public_pages_say_whether_a_pdf_is_tagged(
        client, officer, si, make_resource, slovenian_pdf, tagged):
    content = _tagged(slovenian_pdf) if tagged else slovenian_pdf
    resource = make_resource(agency=si, files=[("sl", SimpleUploadedFile("s.pdf", content))], publish=True)
    version = resource.versions.get()
    assert version.tagged_pdf is tagged and version.pages == 1
    expected = "<td>yes</td>" if tagged else "<td>no</td>"
    assert expected in client.get(f"/en/library/{resource.pk}/").content.decode()
    client.force_login(officer)
    assert expected in client.get(f"/en/staff/library/{resource.pk}/").content.decode()


def test_drafts_and_staff_only_resources_are_seen_only_by_the_owning_agency(
        client, si, lv, make_user, make_resource, slovenian_pdf):
    draft = make_resource(agency=si, title={"en": "Draft guidelines"},
                          files=[("sl", SimpleUploadedFile("d.pdf", slovenian_pdf))])
    internal = make_resource(agency=si, title={"en": "Internal toolkit"}, visibility=Resource.Visibility.STAFF,
                             files=[("sl", SimpleUploadedFile("i.pdf", slovenian_pdf))], publish=True)
    other = make_user(agency=lv)
    observer = make_user(agency=si, role=AgencyMembership.Role.OBSERVER)
    for user in (None, other):
        client.logout()
        if user:
            client.force_login(user)
        for resource in (draft, internal):
            assert client.get(f"/en/library/{resource.pk}/").status_code == 404
            assert client.get(f"/en/library/{resource.pk}/sl/download/").status_code == 404
            assert client.get(f"/api/v1/library/{resource.pk}/").status_code == 404
        assert "Internal toolkit" not in client.get("/en/library/").content.decode()
    assert client.get(f"/en/staff/library/{draft.pk}/").status_code == 404
    assert client.get(f"/en/staff/library/{draft.pk}/edit/").status_code == 404
    assert client.post(f"/en/staff/library/{draft.pk}/publish/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == Resource.Status.DRAFT
    client.force_login(observer)
    assert client.get(f"/en/staff/library/{draft.pk}/").status_code == 200
    download = client.get(f"/en/library/{internal.pk}/sl/download/")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == slovenian_pdf
    assert client.get(f"/en/staff/library/{draft.pk}/edit/").status_code == 404


def test_publishing_needs_a_language_version(client, officer, si, make_resource):
    resource = make_resource(agency=si)
    client.force_login(officer)
    page = client.post(f"/en/staff/library/{resource.pk}/publish/", follow=True).content.decode()
    assert "Add a file or a video link in at least one language before publishing." in page
    resource.refresh_from_db()
    assert resource.status == Resource.Status.DRAFT


def test_a_video_link_is_a_language_version(client, officer, si, make_resource):
    resource = make_resource(agency=si)
    client.force_login(officer)
    refused = client.post(f"/en/staff/library/{resource.pk}/versions/", {"language": "en"})
    assert "Choose a file, or give a video&#x27;s address." in refused.content.decode()
    saved = client.post(f"/en/staff/library/{resource.pk}/versions/",
                        {"language": "en", "video_url": "https://video.example.org/watch/1"})
    assert saved.status_code == 302
    client.post(f"/en/staff/library/{resource.pk}/publish/")
    page = client.get(f"/en/library/{resource.pk}/").content.decode()
    assert 'href="https://video.example.org/watch/1"' in page
    assert AuditEntry.objects.filter(action="publish").count() == 1


def test_filters_by_language_type_target_group_and_theme(client, si, make_resource, slovenian_pdf):
    from kopa.directory.models import TargetGroup, Theme

    guidelines = make_resource(agency=si, title={"en": "Guidelines A"},
                               files=[("sl", SimpleUploadedFile("a.pdf", slovenian_pdf))], publish=True,
                               target_groups=TargetGroup.objects.filter(code="disability"),
                               themes=Theme.objects.filter(code="inclusion"))
    report = make_resource(agency=si, title={"en": "Report B"}, kind=Resource.Kind.REPORT,
                           files=[("en", SimpleUploadedFile("b.pdf", slovenian_pdf))], publish=True)

    def found(query):
        return client.get("/api/v1/library/" + query).json()["results"]

    assert {r["id"] for r in found("")} == {guidelines.pk, report.pk}
    assert [r["id"] for r in found("?language=sl")] == [guidelines.pk]
    assert [r["id"] for r in found("?kind=report")] == [report.pk]
    assert [r["id"] for r in found("?target_group=disability")] == [guidelines.pk]
    assert [r["id"] for r in found("?theme=inclusion")] == [guidelines.pk]
    # Both hold the word; the language filter also narrows what the search reads.
    assert {r["id"] for r in found("?q=zalovanje")} == {guidelines.pk, report.pk}
    assert [r["id"] for r in found("?q=zalovanje&language=en")] == [report.pk]
    assert client.get("/api/v1/library/?kind=novel").status_code == 400
    page = client.get("/en/library/?kind=report").content.decode()
    assert "Report B" in page and "Guidelines A" not in page


def test_the_atom_feed_lists_new_public_resources(client, si, make_resource, slovenian_pdf):
    make_resource(agency=si, title={"en": "Published compendium"},
                  files=[("en", SimpleUploadedFile("c.pdf", slovenian_pdf))], publish=True)
    make_resource(agency=si, title={"en": "Unpublished draft"})
    listing = client.get("/en/library/").content.decode()
    assert 'href="/en/library/feed/"' in listing
    feed = client.get("/en/library/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<title>Published compendium</title>" in body and "Unpublished draft" not in body


def test_staff_write_through_the_api(client, officer, si, lv, make_user):
    client.force_login(officer)
    created = client.post("/api/v1/library/", {
        "kind": "toolkit", "title": {"en": "Toolkit", "sl": "Orodjarna"}, "published_on": "2021-03-01",
        "visibility": "staff"}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft"
    bad = client.post("/api/v1/library/", {"kind": "toolkit", "title": {"en": "X"}, "published_on": "3001-01-01"},
                      content_type="application/json")
    assert bad.status_code == 400 and "published_on" in bad.json()["error"]["fields"]
    changed = client.patch(f"/api/v1/library/{pk}/", {"summary": {"en": "For trainers."}},
                           content_type="application/json")
    assert changed.json()["summary"] == {"en": "For trainers."}
    refused = client.post(f"/api/v1/library/{pk}/publish/")
    assert refused.status_code == 400
    client.force_login(make_user(agency=lv))
    assert client.patch(f"/api/v1/library/{pk}/", {"summary": {"en": "x"}},
                        content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/library/{pk}/").status_code == 404


def test_the_anonymous_page_cache_shows_a_new_publication_at_once(
        client, si, make_resource, settings, django_capture_on_commit_callbacks):
    from kopa.library.services import resource_create, resource_publish, version_video

    settings.KOPA_PAGE_CACHE_SECONDS = 300
    first = make_resource(agency=si, title={"en": "First compendium"})
    with django_capture_on_commit_callbacks(execute=True):
        version_video(actor=None, system=True, resource=first, language="en", url="https://example.org/1")
        resource_publish(actor=None, system=True, resource=first)
    assert "First compendium" in client.get("/en/library/").content.decode()
    # A write that bypasses the services raises no version: the cached copy is served.
    Resource.objects.filter(pk=first.pk).update(title={"en": "Renamed behind the services' back"})
    assert "First compendium" in client.get("/en/library/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = resource_create(actor=None, system=True, agency=si,
                                 data={"kind": "report", "title": {"en": "Second report"}})
        version_video(actor=None, system=True, resource=second, language="en", url="https://example.org/2")
        resource_publish(actor=None, system=True, resource=second)
    page = client.get("/en/library/").content.decode()
    assert "Second report" in page and "Renamed behind the services" in page


def test_a_filter_keeps_its_matches_when_the_word_is_in_more_documents_than_are_ranked(
        client, si, make_resource, monkeypatch, slovenian_pdf):
    """Search ranks at most MAX_SEARCH_DOCUMENTS documents; the filters narrow what is ranked, so a
    report holding a common word is found with ?kind=report even when better-ranked guidelines fill
    the ranking."""
    from kopa.library import selectors

    def pdf():
        return SimpleUploadedFile("guide.pdf", slovenian_pdf)

    monkeypatch.setattr(selectors, "MAX_SEARCH_DOCUMENTS", 2)
    monkeypatch.setattr(selectors, "MAX_SEARCH_RESULTS", 2)
    for n in range(3):
        make_resource(agency=si, title={"en": f"Mentoring mentoring mentoring {n}"},
                      summary={"en": "mentoring " * 5}, publish=True, files=[("en", pdf())])
    report = make_resource(agency=si, title={"en": "Annual report"}, kind=Resource.Kind.REPORT,
                           summary={"en": "Some mentoring."}, publish=True, files=[("en", pdf())])
    hidden = make_resource(agency=si, title={"en": "Mentoring draft"}, kind=Resource.Kind.REPORT,
                           summary={"en": "mentoring " * 9})

    found = client.get("/api/v1/library/?q=mentoring&kind=report").json()["results"]
    assert [r["id"] for r in found] == [report.pk]
    assert hidden.pk not in [r["id"] for r in client.get("/api/v1/library/?q=mentoring").json()["results"]]
