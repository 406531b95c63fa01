from pathlib import Path

import pytest

from django.core.files.storage import FileSystemStorage

from kopa.library.models import Resource, ResourceVersion
from kopa.library.services import resource_create, version_upload

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _private_files(monkeypatch, tmp_path):
    """Uploaded files go to a folder of the test's own (the field took its storage when it was defined)."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url="/no-public-address/")
    monkeypatch.setattr(ResourceVersion._meta.get_field("file"), "storage", storage)


@pytest.fixture
def slovenian_pdf() -> bytes:
    """A small PDF (committed, made once) whose text has č, š and ž: "Čustvena podpora in žalovanje"."""
    return (FIXTURES / "smernice-sl.pdf").read_bytes()


@pytest.fixture
def si(make_agency):
    return make_agency(country="SI")


@pytest.fixture
def lv(make_agency):
    return make_agency(country="LV")


@pytest.fixture
def officer(make_user, si):
    return make_user(agency=si)


@pytest.fixture
def make_resource(db, django_capture_on_commit_callbacks):
    """A resource made through the services, with files uploaded and read as after an upload."""

    def make(*, agency, title=None, files=(), publish=False, **data):
        data.setdefault("kind", Resource.Kind.GUIDELINES)
        resource = resource_create(actor=None, system=True, agency=agency,
                                   data={"title": title or {"en": "Guidelines"}, **data})
        for language, upload in files:
            with django_capture_on_commit_callbacks(execute=True):
                version_upload(actor=None, system=True, resource=resource, language=language, upload=upload)
        if publish:
            from kopa.library.services import resource_publish

            resource_publish(actor=None, system=True, resource=resource)
        resource.refresh_from_db()
        return resource

    return make
