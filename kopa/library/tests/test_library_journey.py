"""An officer adds a Slovenian PDF to the library from the pages, publishes it, and anyone finds it by
a word inside the file typed without diacritics (on SQLite and on PostgreSQL alike)."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from kopa.library.models import Resource, ResourceVersion


def _follow_link(client, page, pattern):
    match = re.search(pattern, page.content.decode())
    assert match, f"no link {pattern}"
    return client.get(match.group(1))


def test_officer_publishes_a_slovenian_pdf_and_a_search_without_diacritics_finds_it(
        client, officer, si, slovenian_pdf, django_capture_on_commit_callbacks):
    client.force_login(officer)
    library = client.get("/en/library/")
    assert 'href="/en/library/"' in library.content.decode()  # the main menu reaches it
    staff_list = _follow_link(client, library, r'href="(/en/staff/library/)"')
    assert staff_list.status_code == 200
    new = _follow_link(client, staff_list, r'href="(/en/staff/library/new/)"')
    assert new.status_code == 200
    created = client.post("/en/staff/library/new/", {
        "agency": si.pk, "kind": "guidelines", "title_sl": "Smernice za vključujoče projekte",
        "title_en": "Guidelines for inclusive projects", "summary_en": "How to include young people.",
        "published_on": "2020-05-04", "licence": "cc-by-4.0", "visibility": "public",
    })
    assert created.status_code == 302, created.content.decode()[:2000]
    resource = Resource.objects.get(agency=si)
    assert resource.status == Resource.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = client.post(created["Location"], {
            "language": "sl", "file": SimpleUploadedFile("smernice.pdf", slovenian_pdf, "application/pdf")})
    assert uploaded.status_code == 302
    version = ResourceVersion.objects.get(resource=resource)
    assert version.text_status == ResourceVersion.TextStatus.DONE
    assert "žalovanje" in version.text

    # Not published yet: the public search does not show the draft.
    client.logout()
    assert "Smernice" not in client.get("/en/library/?q=zalovanje").content.decode()
    assert client.get(f"/en/library/{resource.pk}/").status_code == 404

    client.force_login(officer)
    detail = client.get(f"/en/staff/library/{resource.pk}/")
    body = detail.content.decode()
    assert "Tagged PDF" in body and "smernice.pdf" in body
    published = client.post(f"/en/staff/library/{resource.pk}/publish/")
    assert published.status_code == 302
    client.logout()

    found = client.get("/en/library/?q=zalovanje").content.decode()
    assert f'href="/en/library/{resource.pk}/"' in found
    assert "1 resource found" in found
    # Diacritics in the query do not matter either, nor does case.
    assert f'href="/en/library/{resource.pk}/"' in client.get("/en/library/?q=%C5%BDalovanje").content.decode()
    # A word the file does not hold finds nothing.
    assert f'href="/en/library/{resource.pk}/"' not in client.get("/en/library/?q=zlatorog").content.decode()
    # The API answers the same search the same way.
    api = client.get("/api/v1/library/", {"q": "custvena podpora", "language": "sl"}).json()
    assert [item["id"] for item in api["results"]] == [resource.pk]
    assert api["results"][0]["versions"][0]["tagged_pdf"] is False

    page = client.get(f"/en/library/{resource.pk}/").content.decode()
    assert "Tagged PDF" in page
    download = client.get(f"/en/library/{resource.pk}/sl/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == slovenian_pdf
