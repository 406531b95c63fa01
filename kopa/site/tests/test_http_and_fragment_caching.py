"""HTTP caching of public feeds, PDFs and API lists (Last-Modified from the data's last change), and
the shared fragments (filter forms, the menu's links) never carrying one person's data to another."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.http import http_date

from kopa.api.services import token_create
from kopa.api.tests.outreach_support import *  # noqa: F403 (the shared outreach and event factories)
from kopa.core import fragments
from kopa.core.models import PageCacheVersion
from kopa.directory.models import OrganisationTag
from kopa.events.models import Registration

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


@pytest.fixture(autouse=True)
def _empty_caches():
    cache.clear()
    fragments.clear()
    yield
    cache.clear()
    fragments.clear()
    translation.activate(settings.LANGUAGE_CODE)


def changed(family: str, at: datetime) -> None:
    PageCacheVersion.objects.update_or_create(family=family, defaults={"changed_at": at})


def test_a_change_to_events_raises_the_time_their_feed_was_last_modified(make_event,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_event(title={"en": "Open training"})
    stamp = PageCacheVersion.objects.get(family="events").changed_at
    assert Client().get("/en/events/calendar.ics")["Last-Modified"] == http_date(stamp.timestamp())


def test_the_calendar_feed_answers_304_until_events_change(make_event):
    make_event(title={"en": "Open training"})
    changed("events", datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    visitor = Client()
    first = visitor.get("/en/events/calendar.ics")
    assert first.status_code == 200
    assert first["Last-Modified"] == "Mon, 02 Nov 2026 10:00:00 GMT"
    again = visitor.get("/en/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    changed("events", datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    later = visitor.get("/en/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert later.status_code == 200 and b"Open training" in later.content


def test_public_api_lists_say_when_they_changed_and_personal_ones_do_not(staff, org):
    _token, key = token_create(user=staff, name="Test script")
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    org(public_listing=True)
    changed("directory", datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    public = Client().get("/api/v1/organisations/")
    assert public["Last-Modified"] == "Mon, 02 Nov 2026 10:00:00 GMT"
    assert Client().get("/api/v1/organisations/",
                        HTTP_IF_MODIFIED_SINCE=public["Last-Modified"]).status_code == 304
    assert not api.get("/api/v1/organisations/").has_header("Last-Modified")


def test_a_filter_form_fragment_shows_each_staff_member_only_their_own_query_and_list(
        make_agency, make_user, make_organisation):
    si, lv = make_agency(country="SI"), make_agency(country="LV")
    ana, ilze = make_user(agency=si), make_user(agency=lv)
    ours = make_organisation(legal_name="Zavod Ormož", agencies=[si])
    theirs = make_organisation(legal_name="Jauniešu centrs Rīga", country="LV", agencies=[lv])
    OrganisationTag.objects.create(agency=si, organisation=ours, name="secret-si")
    OrganisationTag.objects.create(agency=lv, organisation=theirs, name="secret-lv")
    first, second = Client(), Client()
    first.force_login(ana)
    second.force_login(ilze)

    page = first.get("/en/staff/organisations/?tag=secret-si").content.decode()
    assert "Zavod Ormož" in page and 'value="secret-si"' in page
    # The same address for the other agency's officer: the form is the same, the list is theirs.
    other = second.get("/en/staff/organisations/?tag=secret-si").content.decode()
    assert 'value="secret-si"' in other and "Zavod Ormož" not in other
    plain = second.get("/en/staff/organisations/").content.decode()
    assert "secret-si" not in plain and "Jauniešu centrs Rīga" in plain and "Zavod Ormož" not in plain


def test_the_filter_form_and_cards_are_rendered_once_per_language(staff, org):
    org()
    client = Client()
    client.force_login(staff)
    client.get("/en/staff/organisations/")
    assert fragments.count() == 2  # the filter form and the one card
    client.get("/en/staff/organisations/")
    assert fragments.count() == 2
    client.get("/sl/staff/organisations/")
    assert fragments.count() == 4


def test_an_edited_organisation_shows_its_new_card(staff, org):
    made = org(legal_name="Zavod Ormož", city="Ormož")
    client = Client()
    client.force_login(staff)
    assert "Zavod Ormož" in client.get("/en/staff/organisations/").content.decode()
    made.legal_name, made.city = "Zavod Ptuj", "Ptuj"
    made.save()
    page = client.get("/en/staff/organisations/").content.decode()
    assert "Zavod Ptuj" in page and "Ptuj" in page and "Zavod Ormož" not in page


def test_the_cached_menu_keeps_staff_links_and_the_badge_personal(make_user, host_agency, make_registration):
    officer = make_user(agency=host_agency)
    participant = make_user()
    make_registration(user=participant, status=Registration.Status.SELECTED)
    staff_client, participant_client, visitor = Client(), Client(), Client()
    staff_client.force_login(officer)
    participant_client.force_login(participant)

    staff_page = staff_client.get("/en/").content.decode()
    assert "Back office" in staff_page and "nav-badge" not in staff_page
    participant_page = participant_client.get("/en/").content.decode()
    assert "Back office" not in participant_page and "nav-badge" in participant_page
    assert "My events" not in visitor.get("/en/").content.decode()
    assert "Back office" in staff_client.get("/en/").content.decode()
