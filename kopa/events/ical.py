"""iCalendar (.ics) files: the calendar feed and one file per event, in the requested language."""

from collections.abc import Callable, Iterable
from datetime import UTC
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from django.conf import settings
from django.utils import timezone

from kopa.core.i18n import pick
from kopa.events.models import Event

PRODUCT_ID = "-//Kopa//Events//EN"


def event_uid(event: Event) -> str:
    """Stable for the event's whole life, so calendars update it instead of adding a copy."""
    return f"event-{event.pk}@kopa"


def _location(event: Event) -> str:
    parts = [event.venue_name, event.address, event.town, event.country.name if event.country else ""]
    return ", ".join(str(p) for p in parts if p)


def _component(event: Event, *, url: str, language: str) -> CalendarEvent:
    tz = ZoneInfo(event.time_zone)
    item = CalendarEvent()
    item.add("uid", event_uid(event))
    changed = (event.updated_at or timezone.now()).astimezone(UTC)  # these two must be in UTC
    item.add("dtstamp", changed)
    item.add("last-modified", changed)
    item.add("dtstart", timezone.localtime(event.start, tz))
    item.add("dtend", timezone.localtime(event.end, tz))
    item.add("summary", pick(event.title, language))
    description = pick(event.description, language)
    item.add("description", f"{description}\n\n{url}" if description else url)
    item.add("url", url)
    location = _location(event)
    if location:
        item.add("location", location)
    if event.latitude is not None and event.longitude is not None:
        item.add("geo", (float(event.latitude), float(event.longitude)))
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    item.add("categories", [event.get_type_display()])
    return item


def calendar_file(
    events: Iterable[Event], *, name: str, url_for: Callable[[Event], str], language: str
) -> bytes:
    """A VCALENDAR with one VEVENT per event and the VTIMEZONE of every time zone used."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(_component(event, url=url_for(event), language=language))
    cal.add_missing_timezones()
    return cal.to_ical()
