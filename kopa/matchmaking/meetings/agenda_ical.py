"""A participant's meeting agenda as an iCalendar file: one VEVENT per meeting."""

from datetime import UTC

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.i18n import pick

PRODUCT_ID = "-//Kopa//Matchmaking//EN"


def agenda_calendar(*, setup, profile, meetings, language: str) -> bytes:
    with override(language):
        cal = Calendar()
        cal.add("prodid", PRODUCT_ID)
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        title = pick(setup.event.title, language)
        cal.add("x-wr-calname", _("Meetings: %(event)s") % {"event": title})
        stamp = timezone.now().astimezone(UTC)
        for meeting in meetings:
            item = CalendarEvent()
            item.add("uid", f"meeting-{meeting.request_id}-{profile.pk}@kopa")
            item.add("dtstamp", stamp)
            item.add("dtstart", meeting.slot.start.astimezone(UTC))
            item.add("dtend", meeting.slot.end.astimezone(UTC))
            other = meeting.other
            organisation = f" ({other.organisation.legal_name})" if other.organisation else ""
            item.add("summary", _("Meeting with %(name)s") % {"name": other.registration.full_name + organisation})
            item.add("location", _("Table %(number)s, %(venue)s") % {
                "number": meeting.table.number, "venue": setup.event.venue_name or title})
            cal.add_component(item)
        return cal.to_ical()
