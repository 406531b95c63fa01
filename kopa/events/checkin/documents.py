"""Printable documents of an event: the sign-in sheet, name badges and certificates of participation.

Each function returns the PDF as bytes. Text comes out in the active language, except the
certificate, which is always in the participant's language.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kopa.core.i18n import pick
from kopa.core.pdf import register_fonts, styles
from kopa.events.checkin.selectors import days_attended, learning_record, participants
from kopa.events.models import Event, Registration
from kopa.events.models.checkin import FRAMEWORK_COMPETENCES, LearningRecord
from kopa.events.rules import event_days, event_zone

MARGIN = 18 * mm


def _p(text: str, style) -> Paragraph:
    """A paragraph of plain text: people's and organisers' words are never read as markup."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def event_dates(event: Event) -> str:
    """'1 March 2027' or 'From 1 March 2027 to 3 March 2027', in the event's time zone."""
    days = event_days(event)
    if len(days) == 1:
        return _date(days[0])
    return _("From %(start)s to %(end)s") % {"start": _date(days[0]), "end": _date(days[-1])}


def event_place(event: Event) -> str:
    parts = [event.venue_name, event.town, event.country.name if event.country else ""]
    if event.format == Event.Format.ONLINE:
        parts = [str(Event.Format.ONLINE.label)]
    return ", ".join(str(p) for p in parts if p)


def event_organiser(event: Event) -> str:
    if event.organiser_organisation_id:
        return event.organiser_organisation.legal_name
    return event.organiser_agency.name


def _document(buffer: BytesIO, *, title: str) -> SimpleDocTemplate:
    register_fonts()
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="Kopa",
    )


def sign_in_sheet(event: Event) -> bytes:
    """One page (or more) per day of the event: everyone holding a place, with a signature column."""
    sheet = styles()
    regular, bold = register_fonts()
    title = pick(event.title)
    people = list(participants(event))
    buffer = BytesIO()
    doc = _document(buffer, title=_("Sign-in sheet: %(title)s") % {"title": title})
    story = []
    header = [_("No."), _("Name"), _("Organisation"), _("Country"), _("Signature")]
    widths = [12 * mm, 45 * mm, 50 * mm, 25 * mm, None]
    for index, day in enumerate(event_days(event)):
        if index:
            story.append(PageBreak())
        story.append(_p(_("Sign-in sheet: %(title)s") % {"title": title}, sheet["h1"]))
        story.append(_p(_("Day: %(day)s") % {"day": _date(day)}, sheet["h2"]))
        story.append(_p(event_place(event), sheet["body"]))
        story.append(Spacer(1, 6 * mm))
        rows = [[_p(h, sheet["small"]) for h in header]]
        for number, person in enumerate(people, start=1):
            rows.append(
                [
                    str(number),
                    _p(person.full_name, sheet["body"]),
                    _p(person.organisation_label, sheet["small"]),
                    _p(person.country_of_residence.name, sheet["small"]),
                    "",
                ]
            )
        if not people:
            rows.append(["", _p(_("Nobody holds a place yet."), sheet["body"]), "", "", ""])
        usable = A4[0] - 2 * MARGIN
        widths[-1] = usable - sum(w for w in widths[:-1] if w)
        table = Table(
            rows, colWidths=widths, repeatRows=1, rowHeights=[None] + [11 * mm] * (len(rows) - 1)
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), regular),
                    ("FONTNAME", (0, 0), (-1, 0), bold),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()


BADGE_COLUMNS, BADGE_ROWS = 2, 4


def _fit(text: str, font: str, size: float, width: float, smallest: float = 8) -> float:
    """The largest font size up to `size` at which `text` fits `width`."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _clip(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def badges(event: Event) -> bytes:
    """Name badges for everyone holding a place: A4 sheets of 8 (2 × 4), with cutting lines."""
    regular, bold = register_fonts()
    title = pick(event.title)
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(_("Name badges: %(title)s") % {"title": title})
    page_width, page_height = A4
    width, height = page_width / BADGE_COLUMNS, page_height / BADGE_ROWS
    inner = width - 16 * mm
    people = list(participants(event))
    per_page = BADGE_COLUMNS * BADGE_ROWS
    for start in range(0, max(len(people), 1), per_page):
        if start:
            pdf.showPage()
        pdf.setStrokeColor(colors.HexColor("#bbbbbb"))
        pdf.setLineWidth(0.3)
        for column in range(1, BADGE_COLUMNS):
            pdf.line(column * width, 0, column * width, page_height)
        for row in range(1, BADGE_ROWS):
            pdf.line(0, row * height, page_width, row * height)
        for slot, person in enumerate(people[start : start + per_page]):
            column, row = slot % BADGE_COLUMNS, slot // BADGE_COLUMNS
            x = column * width + width / 2
            top = page_height - row * height
            pdf.setFillColor(colors.HexColor("#444444"))
            pdf.setFont(regular, 8.5)
            pdf.drawCentredString(x, top - 12 * mm, _clip(title, regular, 8.5, inner))
            pdf.setFillColor(colors.black)
            name = person.full_name
            size = _fit(name, bold, 22, inner)
            pdf.setFont(bold, size)
            pdf.drawCentredString(x, top - height / 2 + 2 * mm, _clip(name, bold, size, inner))
            pdf.setFont(regular, 12)
            if person.organisation_label:
                pdf.drawCentredString(
                    x,
                    top - height / 2 - 8 * mm,
                    _clip(person.organisation_label, regular, 12, inner),
                )
            pdf.setFont(regular, 11)
            pdf.drawCentredString(
                x, top - height / 2 - 16 * mm, str(person.country_of_residence.name)
            )
    pdf.save()
    return buffer.getvalue()


def _learning_story(record: LearningRecord | None, sheet) -> list:
    if record is None or not record.outcomes:
        return []
    labels = dict(FRAMEWORK_COMPETENCES.get(record.framework, []))
    story = [
        _p(_("What I learned"), sheet["h2"]),
        _p(
            _("Written by the participant, against the framework: %(framework)s")
            % {"framework": LearningRecord.Framework(record.framework).label},
            sheet["small"],
        ),
        Spacer(1, 2 * mm),
    ]
    for code, label in labels.items():
        text = record.outcomes.get(code)
        if text:
            story.append(KeepTogether([_p(str(label), sheet["h2"]), _p(text, sheet["body"])]))
    return story


def certificate(registration: Registration) -> bytes:
    """The certificate of participation of one attendee, in the participant's language."""
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with override(language), timezone.override(event_zone(event)):
        sheet = styles()
        title = pick(event.title, language)
        buffer = BytesIO()
        doc = _document(buffer, title=_("Certificate of participation"))
        facts = [
            (_("Type of activity"), str(Event.Type(event.type).label)),
            (_("Dates"), event_dates(event)),
            (_("Place"), event_place(event)),
            (_("Organiser"), event_organiser(event)),
        ]
        attended = days_attended(registration)
        story = [
            _p(_("Certificate of participation"), sheet["title"]),
            Spacer(1, 4 * mm),
            _p(_("This certifies that"), sheet["centred"]),
            Spacer(1, 2 * mm),
            _p(registration.full_name, sheet["title"]),
            _p(_("took part in"), sheet["centred"]),
            Spacer(1, 2 * mm),
            _p(title, sheet["title"]),
            Spacer(1, 6 * mm),
        ]
        rows = [
            [_p(label, sheet["body"]), _p(value, sheet["body"])] for label, value in facts if value
        ]
        table = Table(rows, colWidths=[45 * mm, A4[0] - 2 * MARGIN - 45 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
        description = pick(event.description, language)
        if description:
            story += [_p(_("About the activity"), sheet["h2"]), _p(description, sheet["body"])]
        if attended:
            story += [
                _p(_("Days attended"), sheet["h2"]),
                _p("; ".join(_date(day) for day in attended), sheet["body"]),
            ]
        story += _learning_story(learning_record(registration), sheet)
        doc.build(story)
    return buffer.getvalue()
