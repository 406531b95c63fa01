"""Root fixtures shared by every app's tests."""

from urllib.parse import urlencode

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from kopa.agencies.models import Agency, AgencyMembership

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Strong password hashing is deliberate slowness; tests only need a hash that round-trips."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reset_language():
    """A request to /sl/ or /lv/ leaves that language active in the thread; start each test in English."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The whole demo, loaded once per test module; what it returns (the logins) is passed on.

    It is loaded inside a transaction that is rolled back after the module's last test, and each test
    (which also asks for `db`) runs inside it in a savepoint of its own, so a test's changes are undone
    before the next one. Loading the demo takes seconds (more on PostgreSQL); the tests that only read
    it share one load. Tests of the same module that want an empty database must come before the first
    test that asks for this.
    """
    from kopa.core import demo  # noqa: PLC0415 — kept out of the root conftest's import time

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo.load_all()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def make_agency(db):
    counter = iter(range(1, 10_000))

    def make(*, name=None, country="SI", kind=Agency.Kind.NATIONAL_AGENCY):
        n = next(counter)
        return Agency.objects.create(
            name=name or f"Agency {country} {n}", slug=f"agency-{country.lower()}-{n}", kind=kind, country=country
        )

    return make


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(*, agency=None, role=AgencyMembership.Role.STAFF, superuser=False, password="pass-Word-2026", **extra):
        n = next(counter)
        user = get_user_model().objects.create_user(
            username=extra.pop("username", f"user{n}@example.org"), password=password,
            email=extra.pop("email", f"user{n}@example.org"), is_superuser=superuser, is_staff=superuser, **extra,
        )
        if agency is not None:
            AgencyMembership.objects.create(agency=agency, user=user, role=role)
        return user

    return make


@pytest.fixture
def make_organisation(db):
    from kopa.directory.models import Organisation
    from kopa.directory.organisations.services import search_text_for

    counter = iter(range(1, 100_000))

    def make(*, agencies=(), target_groups=(), languages=(), **fields):
        n = next(counter)
        fields.setdefault("legal_name", f"Organisation {n}")
        fields.setdefault("country", "SI")
        fields.setdefault("city", "Ljubljana")
        if fields.get("public_listing"):
            from django.utils import timezone

            fields.setdefault("public_listing_consented_at", timezone.now())
        org = Organisation(**fields)
        org.search_text = search_text_for(org)
        org.save()
        org.agencies.set(agencies)
        if target_groups:
            from kopa.directory.models import TargetGroup

            org.target_groups.set(TargetGroup.objects.filter(code__in=target_groups))
        if languages:
            from kopa.directory.models import Language

            org.working_languages.set(Language.objects.filter(code__in=languages))
        return org

    return make


@pytest.fixture
def download_job(django_capture_on_commit_callbacks):
    """Start a background job the way a person does (POST `path`, the button's form; `data` is the
    form's fields; `query`, the list's filters, goes in the path's query string), follow the redirect to the
    job's page and download its result, as a plain response. Without Redis the job runs when the
    request's transaction commits; a test's transaction never commits, so the commit callbacks run
    here. A start that does not lead to a job's page (a 404, a 400) is returned as it is."""
    from django.http import HttpResponse

    def download(client, path, data=None, *, method="post", query=None):
        if query:
            path = f"{path}?{urlencode(query, doseq=True)}"
        with django_capture_on_commit_callbacks(execute=True):
            started = getattr(client, method)(path, data or {})
        if started.status_code != 302 or "/jobs/" not in started["Location"]:
            return started
        page = client.get(started["Location"])
        assert page.status_code == 200, page.status_code
        response = client.get(started["Location"] + "download/")
        if not response.streaming:
            return response
        # Reading it to the end closes it (the test client's wrapper does, without closing the
        # test's database connection, as a second close() would on PostgreSQL).
        plain = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
        for header, value in response.items():
            plain[header] = value
        return plain

    return download
