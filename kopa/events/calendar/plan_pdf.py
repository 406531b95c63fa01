"""The half-year activity plan of an agency as a tagged PDF (PDF/UA-1), in the current language."""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kopa.agencies.models import Agency
from kopa.core.documents import render_pdf
from kopa.events.models import Event


def _when(event: Event) -> str:
    tz = ZoneInfo(event.time_zone)
    start = timezone.localtime(event.start, tz)
    end = timezone.localtime(event.end, tz)
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": formats.date_format(start, "DATE_FORMAT"),
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        }
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


def _where(event: Event) -> str:
    if event.format == Event.Format.ONLINE:
        return str(Event.Format.ONLINE.label)
    parts = [event.venue_name, event.town, event.country.name if event.country else ""]
    return ", ".join(str(p) for p in parts if p)


def plan_pdf(
    *, agency: Agency, year: int, half: int, months: list[tuple[date, list[Event]]]
) -> bytes:
    """A PDF listing the plan's events month by month (a heading per month, one per event)."""
    title = _("Activity plan of %(agency)s, %(period)s") % {
        "agency": agency.name,
        "period": (_("January to June %(year)d") if half == 1 else _("July to December %(year)d"))
        % {"year": year},
    }
    plan = [
        (
            formats.date_format(month, "YEAR_MONTH_FORMAT"),
            [
                {
                    "title": event.title_text,
                    "cancelled": event.status == Event.Status.CANCELLED,
                    "when": f"{event.get_type_display()} · {_when(event)}",
                    "where": _where(event),
                }
                for event in events
            ],
        )
        for month, events in months
    ]
    return render_pdf(
        "events/documents/plan.html",
        {"title": title, "months": plan, "author": agency.name},
        language=(get_language() or settings.LANGUAGE_CODE).split("-")[0],
        title=title,
    )
