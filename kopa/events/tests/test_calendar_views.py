"""The public calendar pages: list, month view, event page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from kopa.events.models import Event, Registration

RIGA = ZoneInfo("Europe/Riga")


@pytest.fixture(autouse=True)
def _back_to_english_afterwards():
    """A request to /sl/ or /lv/ leaves that language active; later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organiser_client(client, make_user, host_agency):
    client.force_login(make_user(agency=host_agency))
    return client


def test_calendar_lists_published_upcoming_events_but_not_drafts(client, make_event):
    make_event(title={"en": "Study visit to Riga"})
    make_event(title={"en": "Secret draft"}, status=Event.Status.DRAFT)

    page = client.get("/en/events/").content.decode()

    assert "Study visit to Riga" in page
    assert "Secret draft" not in page


def test_calendar_shows_past_events_only_when_asked(client, make_event):
    start = timezone.now() - timedelta(days=400)
    make_event(title={"en": "Last year's training"}, start=start, end=start + timedelta(days=1))
    make_event(title={"en": "Next training"})

    upcoming = client.get("/en/events/").content.decode()
    past = client.get("/en/events/?past=1").content.decode()

    assert "Next training" in upcoming and "Last year&#x27;s training" not in upcoming
    assert "Last year&#x27;s training" in past and "Next training" not in past


def test_calendar_filters_by_type(client, make_event):
    make_event(title={"en": "A conference"}, type=Event.Type.CONFERENCE)
    make_event(title={"en": "A study visit"}, type=Event.Type.STUDY_VISIT)

    page = client.get("/en/events/?type=conference").content.decode()

    assert "A conference" in page and "A study visit" not in page


def test_an_invalid_filter_is_reported_next_to_its_field(client, make_event):
    response = client.get("/en/events/?type=nonsense&date_from=2027-05-10&date_to=2027-05-01")

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"type", "date_to"}
    assert 'id="id_date_to_errors"' in response.content.decode()


def test_calendar_subscribe_link_carries_the_filters(client, db):
    response = client.get("/en/events/?country=LV&q=youth")

    assert response.context["feed_url"] == "/en/events/calendar.ics?country=LV&q=youth"
    assert "Subscribe to this list" in response.content.decode()


def test_calendar_is_paginated(client, make_event):
    for n in range(25):
        make_event(title={"en": f"Training {n}"})

    first = client.get("/en/events/")
    second = client.get("/en/events/?page=2")

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5


def test_month_view_lists_events_by_their_local_start_day(client, make_event):
    start = datetime(2027, 6, 1, 0, 30, tzinfo=RIGA)
    make_event(title={"en": "Early start in Riga"}, start=start, end=start + timedelta(hours=2),
               time_zone="Europe/Riga")

    june = client.get("/en/events/month/2027/6/")
    may = client.get("/en/events/month/2027/5/")

    assert "Early start in Riga" in june.content.decode()
    assert "Early start in Riga" not in may.content.decode()
    assert june.context["previous_url"] == "/en/events/month/2027/5/"
    assert june.context["next_url"] == "/en/events/month/2027/7/"


def test_month_navigation_wraps_around_the_year_and_keeps_filters(client, db):
    response = client.get("/en/events/month/2027/12/?country=SI")

    assert response.context["next_url"] == "/en/events/month/2028/1/?country=SI"
    assert response.context["previous_url"] == "/en/events/month/2027/11/?country=SI"


def test_a_month_that_does_not_exist_is_not_found(client, db):
    assert client.get("/en/events/month/2027/13/").status_code == 404


def test_event_page_shows_the_facts_in_the_current_language(client, make_event, make_registration):
    event = make_event(
        capacity=5,
        title={"en": "Inclusion training", "sl": "Usposabljanje o vključevanju"},
        accessibility_description={"en": "Step-free entrance.", "sl": "Vhod brez stopnic."},
        accessibility_limitations={"en": "No hearing loop."},
        registration_mode=Event.RegistrationMode.SELECTION,
    )
    make_registration(event=event, status=Registration.Status.CONFIRMED)
    make_registration(event=event, status=Registration.Status.SELECTED)

    page = client.get(f"/sl/events/{event.pk}/").content.decode()

    assert "Usposabljanje o vključevanju" in page
    assert "Vhod brez stopnic." in page
    assert "No hearing loop." in page  # falls back to English
    assert client.get(f"/sl/events/{event.pk}/").context["places_left"] == 3


def test_event_page_shows_times_in_the_events_time_zone(client, make_event):
    start = datetime(2027, 6, 10, 9, 30, tzinfo=RIGA)  # 08:30 in Ljubljana
    event = make_event(start=start, end=start + timedelta(hours=8), time_zone="Europe/Riga")

    page = client.get(f"/en/events/{event.pk}/").content.decode()

    assert "9:30" in page and "8:30" not in page
    assert "Europe/Riga" in page


def test_open_event_page_links_to_registration(client, make_event):
    event = make_event(registration_opens=timezone.now() - timedelta(days=1))

    page = client.get(f"/en/events/{event.pk}/").content.decode()

    assert f'href="/en/events/{event.pk}/register/"' in page


def test_registration_link_is_hidden_before_registration_opens(client, make_event):
    event = make_event(registration_opens=timezone.now() + timedelta(days=3))

    page = client.get(f"/en/events/{event.pk}/").content.decode()

    assert "/register/" not in page
    assert "Registration opens" in page


def test_draft_event_page_is_not_found_for_the_public(client, make_event):
    draft = make_event(status=Event.Status.DRAFT)

    assert client.get(f"/en/events/{draft.pk}/").status_code == 404


def test_draft_event_page_is_visible_to_its_organisers(organiser_client, make_event):
    draft = make_event(status=Event.Status.DRAFT)

    response = organiser_client.get(f"/en/events/{draft.pk}/")

    assert response.status_code == 200
    assert "only the organisers can see it" in response.content.decode()


def test_calendar_link_is_in_the_main_navigation(client, db):
    assert f'href="{reverse("events:calendar")}"' in client.get("/en/").content.decode()
