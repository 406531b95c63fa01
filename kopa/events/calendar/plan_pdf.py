"""The half-year activity plan of an agency as a PDF, in the current language."""

import io
from datetime import date
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import KeepTogether

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from kopa.agencies.models import Agency
from kopa.core.pdf import styles
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
    """A PDF listing the plan's events month by month."""
    sheet = styles()
    title = _("Activity plan of %(agency)s, %(period)s") % {
        "agency": agency.name,
        "period": (_("January to June %(year)d") if half == 1 else _("July to December %(year)d"))
        % {"year": year},
    }
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=agency.name,
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
    )
    story = [Paragraph(escape(title), sheet["h1"])]
    if not months:
        story.append(Paragraph(escape(_("No events are planned in this period yet.")), sheet["body"]))
    for month, events in months:
        story.append(Paragraph(escape(formats.date_format(month, "YEAR_MONTH_FORMAT")), sheet["h2"]))
        for event in events:
            lines = [f"<b>{escape(event.title_text)}</b>"]
            if event.status == Event.Status.CANCELLED:
                lines.append(escape(_("Cancelled")))
            lines.append(escape(f"{event.get_type_display()} · {_when(event)}"))
            where = _where(event)
            if where:
                lines.append(escape(where))
            story.append(KeepTogether([Paragraph("<br/>".join(lines), sheet["body"]),
                                       Spacer(1, 3 * mm)]))
    doc.build(story)
    return buffer.getvalue()
