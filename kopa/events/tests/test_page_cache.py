"""The anonymous page cache (kopa.core.pagecache) on the public event pages, calendar and directory:
one cache, anonymous visitors and logged-in people never see each other's copy, a change shows on
the next request, languages and display modes stay apart, and the cached forms keep working."""

import re

import pytest

from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client

from kopa.agencies.models import AgencyMembership
from kopa.events.models import Event

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.KOPA_PAGE_CACHE_SECONDS = 300
    settings.KOPA_PAGE_MAX_AGE = 60


@pytest.fixture
def event(make_event):
    return make_event(title={"en": "Inclusion training", "sl": "Usposabljanje o vključevanju"})


@pytest.fixture
def organiser(make_user, host_agency):
    return make_user(agency=host_agency, role=AgencyMembership.Role.STAFF)


def _edit_post(event, title):
    return {
        "agency": str(event.organiser_agency_id), "type": event.type, "status": "published",
        "title_en": title, "title_sl": "Usposabljanje o vključevanju", "format": "in_person",
        "time_zone": "Europe/Ljubljana", "start": "2027-04-30T09:00", "end": "2027-05-02T17:00",
        "capacity": "10", "fee": "0", "registration_mode": "open", "confirmation_days": "7",
        "offer_hours": "48", "working_languages": ["en"], "country": "SI", "town": "Laško",
    }


def test_a_staff_edit_shows_on_the_next_anonymous_request(
    client, event, organiser, django_capture_on_commit_callbacks
):
    calendar = client.get("/en/events/").content.decode()
    assert f'href="/en/events/{event.pk}/"' in calendar  # the visitor starts on the calendar
    first = client.get(f"/en/events/{event.pk}/")
    # A write that sends no signal is not seen: the page comes from the cache.
    Event.objects.filter(pk=event.pk).update(venue_name="Somewhere else")
    cached = client.get(f"/en/events/{event.pk}/")

    staff = Client()
    staff.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        saved = staff.post(f"/en/staff/events/{event.pk}/edit/", _edit_post(event, "Renamed training"))
    after = client.get(f"/en/events/{event.pk}/").content.decode()
    calendar_after = client.get("/en/events/").content.decode()

    assert first.status_code == 200 and "Inclusion training" in first.content.decode()
    assert "Somewhere else" not in cached.content.decode()
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert "Renamed training" in after and "Inclusion training" not in after
    assert "Renamed training" in calendar_after


def test_two_people_one_cache(client, event, organiser):
    anonymous_before = client.get(f"/en/events/{event.pk}/")
    staff = Client()
    staff.force_login(organiser)
    personal = staff.get(f"/en/events/{event.pk}/")
    anonymous_after = client.get(f"/en/events/{event.pk}/")
    # A logged-in person's page never fills the cache either.
    other_event_staff_first = staff.get("/en/directory/")
    anonymous_directory = Client().get("/en/directory/")

    assert "Log out" in personal.content.decode() and "Manage this event" in personal.content.decode()
    assert "no-store" in personal["Cache-Control"] and "public" not in personal["Cache-Control"]
    for page in (anonymous_before, anonymous_after):
        text = page.content.decode()
        assert "Log out" not in text and "Manage this event" not in text and "Log in" in text
        assert "public" in page["Cache-Control"] and "max-age=60" in page["Cache-Control"]
        assert "Cookie" in page["Vary"]
    assert "Log out" in other_event_staff_first.content.decode()
    assert "Log out" not in anonymous_directory.content.decode()


def test_languages_and_display_modes_do_not_mix(client, event):
    english = client.get(f"/en/events/{event.pk}/").content.decode()
    slovenian = client.get(f"/sl/events/{event.pk}/").content.decode()
    low_vision = client.get(f"/en/events/{event.pk}/?display=low-vision").content.decode()
    # The cookie set by ?display= chooses the mode for the same address without the parameter.
    low_vision_by_cookie = client.get(f"/en/events/{event.pk}/").content.decode()
    standard = Client().get(f"/en/events/{event.pk}/").content.decode()

    assert 'lang="en"' in english and "Inclusion training" in english
    assert 'lang="sl"' in slovenian and "Usposabljanje o vključevanju" in slovenian
    assert 'class="mode-low-vision"' in low_vision
    assert 'class="mode-low-vision"' in low_vision_by_cookie
    assert 'class="mode-default"' in standard and 'class="mode-default"' in english


def test_a_cached_page_gives_each_visitor_a_working_csrf_token(event):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get("/en/directory/").content.decode()
    page_two = second.get("/en/directory/")  # from the cache

    token = CSRF.search(page_two.content.decode()).group(1)
    switched = second.post("/en/language/", {"language": "sl", "next": "/en/directory/",
                                              "csrfmiddlewaretoken": token})

    assert CSRF.search(page_one).group(1) != token
    assert "csrftoken" in page_two.cookies  # the cached copy sets the visitor's own CSRF cookie
    assert switched.status_code == 302 and switched["Location"] == "/sl/directory/"


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, event):
    client.get(f"/en/events/{event.pk}/")
    request = HttpRequest()
    storage = CookieStorage(request)
    storage.add(20, "A message for this visitor only")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    page = client.get(f"/en/events/{event.pk}/").content.decode()
    next_page = client.get(f"/en/events/{event.pk}/").content.decode()

    assert "A message for this visitor only" in page
    assert "A message for this visitor only" not in next_page


def test_cached_pages_cost_one_query(client, event, make_organisation, django_assert_max_num_queries):
    org = make_organisation(public_listing=True, legal_name="Youth centre Laško")
    pages = [f"/en/events/{event.pk}/", "/en/events/", "/en/directory/?q=youth", f"/en/directory/{org.pk}/"]
    for url in pages:
        assert client.get(url).status_code == 200
    for url in pages:
        with django_assert_max_num_queries(1):  # the families' versions
            assert client.get(url).status_code == 200


def test_a_directory_change_shows_on_the_next_request(
    client, make_organisation, django_capture_on_commit_callbacks
):
    org = make_organisation(public_listing=True, legal_name="Youth centre Laško")
    before = client.get("/en/directory/?q=youth").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        org.legal_name = "Youth centre Celje"
        org.save()
    after = client.get("/en/directory/?q=youth").content.decode()
    profile = client.get(f"/en/directory/{org.pk}/").content.decode()

    assert "Youth centre Laško" in before
    assert "Youth centre Celje" in after and "Youth centre Celje" in profile


def test_the_calendar_feed_answers_304_to_a_matching_etag(client, event):
    feed = client.get("/en/events/calendar.ics")
    again = client.get("/en/events/calendar.ics", HTTP_IF_NONE_MATCH=feed["ETag"])

    assert feed.status_code == 200 and feed["ETag"]
    assert again.status_code == 304 and again.content == b""
