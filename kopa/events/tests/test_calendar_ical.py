"""iCal feeds read back with icalendar: filters, time zones, languages, stable UIDs."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from django.conf import settings
from django.utils import translation

from kopa.events.models import Event

RIGA = ZoneInfo("Europe/Riga")


@pytest.fixture(autouse=True)
def _back_to_english_afterwards():
    """A request to /sl/ or /lv/ leaves that language active; later tests expect English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _summaries(cal):
    return {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_feed_lists_public_events_but_not_drafts(client, make_event):
    make_event(title={"en": "Open training"})
    make_event(title={"en": "Draft training"}, status=Event.Status.DRAFT)

    cal = _read(client.get("/en/events/calendar.ics"))

    assert _summaries(cal) == {"Open training"}


def test_feed_honours_the_calendar_filters(client, make_event):
    make_event(title={"en": "In Latvia"}, country="LV")
    make_event(title={"en": "In Slovenia"}, country="SI")

    cal = _read(client.get("/en/events/calendar.ics?country=LV"))

    assert _summaries(cal) == {"In Latvia"}


def test_feed_with_invalid_filters_is_refused_rather_than_widened(client, make_event):
    make_event()

    assert client.get("/en/events/calendar.ics?type=nonsense").status_code == 400


def test_feed_marks_cancelled_events(client, make_event):
    make_event(status=Event.Status.CANCELLED)

    event = _read(client.get("/en/events/calendar.ics")).walk("VEVENT")[0]

    assert str(event["STATUS"]) == "CANCELLED"


def test_event_file_keeps_the_time_zone_and_includes_it(client, make_event):
    start = datetime(2027, 6, 10, 9, 30, tzinfo=RIGA)
    event = make_event(start=start, end=start + timedelta(hours=8), time_zone="Europe/Riga")

    cal = _read(client.get(f"/en/events/{event.pk}/event.ics"))
    item = cal.walk("VEVENT")[0]

    assert item.decoded("DTSTART") == start
    assert item["DTSTART"].params["TZID"] == "Europe/Riga"
    assert item.decoded("DTEND") == start + timedelta(hours=8)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Riga"]


def test_event_file_text_follows_the_url_language_or_the_lang_parameter(client, make_event):
    event = make_event(title={"en": "Inclusion training", "lv": "Iekļaušanas apmācība"})

    latvian = _read(client.get(f"/lv/events/{event.pk}/event.ics")).walk("VEVENT")[0]
    asked = _read(client.get(f"/en/events/{event.pk}/event.ics?lang=lv")).walk("VEVENT")[0]
    english = _read(client.get(f"/en/events/{event.pk}/event.ics")).walk("VEVENT")[0]

    assert str(latvian["SUMMARY"]) == "Iekļaušanas apmācība"
    assert str(asked["SUMMARY"]) == "Iekļaušanas apmācība"
    assert str(english["SUMMARY"]) == "Inclusion training"
    assert str(asked["URL"]).endswith(f"/lv/events/{event.pk}/")


def test_uid_is_the_same_in_the_feed_and_the_event_file_and_after_a_change(client, make_event):
    event = make_event()
    first = _read(client.get(f"/en/events/{event.pk}/event.ics")).walk("VEVENT")[0]["UID"]
    event.title = {"en": "Renamed"}
    event.save()

    feed_uids = [e["UID"] for e in _read(client.get("/en/events/calendar.ics")).walk("VEVENT")]
    again = _read(client.get(f"/sl/events/{event.pk}/event.ics")).walk("VEVENT")[0]["UID"]

    assert feed_uids == [first]
    assert again == first


def test_event_file_of_a_draft_is_not_found(client, make_event):
    draft = make_event(status=Event.Status.DRAFT)

    assert client.get(f"/en/events/{draft.pk}/event.ics").status_code == 404
