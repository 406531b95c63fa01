import pytest

from django.core.files.storage import FileSystemStorage

from kopa.library.models import ResourceVersion
from kopa.reports.models import ActivityPhoto


@pytest.fixture(autouse=True)
def _private_files(monkeypatch, tmp_path):
    """Photos and library files go to a folder of the test's own (a field takes its storage when it
    is defined)."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url="/no-public-address/")
    monkeypatch.setattr(ActivityPhoto._meta.get_field("image"), "storage", storage)
    monkeypatch.setattr(ResourceVersion._meta.get_field("file"), "storage", storage)
    return storage
