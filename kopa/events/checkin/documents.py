"""Printable documents of an event: the sign-in sheet, name badges and certificates of participation.

Each function returns a tagged PDF (PDF/UA-1, `kopa.core.documents`) as bytes, drawn from the HTML
templates in ``templates/events/documents/``. Text comes out in the active language, except the
certificate, which is always in the participant's language.
"""

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from kopa.core.documents import inline_svg, render_pdf
from kopa.core.i18n import pick
from kopa.events.checkin.selectors import days_attended, learning_record, participants
from kopa.events.models import Event, Registration
from kopa.events.models.checkin import FRAMEWORK_COMPETENCES, LearningRecord
from kopa.events.qr import qr_svg
from kopa.events.rules import event_days, event_zone

BADGE_COLUMNS, BADGE_ROWS = 2, 4
BADGES_PER_SHEET = BADGE_COLUMNS * BADGE_ROWS


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


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


def sign_in_sheet(event: Event) -> bytes:
    """One page (or more) per day of the event: everyone holding a place, with a signature column."""
    title = _("Sign-in sheet: %(title)s") % {"title": pick(event.title)}
    people = list(participants(event))
    days = [_("Day: %(day)s") % {"day": _date(day)} for day in event_days(event)]
    return render_pdf(
        "events/documents/sign_in_sheet.html",
        {"title": title, "days": days, "place": event_place(event), "people": people},
        language=_language(),
        title=title,
    )


def badge_size(name: str) -> int:
    """The font size (points) at which a name fits a badge's width on one or two lines."""
    length = len(name)
    if length <= 16:
        return 22
    if length <= 22:
        return 18
    if length <= 30:
        return 15
    return 12


def badges(event: Event) -> bytes:
    """Name badges for everyone holding a place: A4 sheets of 8 (2 × 4), with cutting lines, each
    with the person's check-in QR code."""
    event_title = pick(event.title)
    title = _("Name badges: %(title)s") % {"title": event_title}
    people = [
        {
            "name": person.full_name,
            "size": badge_size(person.full_name),
            "organisation": person.organisation_label,
            "country": str(person.country_of_residence.name),
            # The check-in desk scans the badge on later days as it scans the phone on the first.
            "qr": inline_svg(
                qr_svg(person.checkin_code).replace(' id="qr-path"', ""),  # one id per document
                _("QR code for check-in of %(name)s") % {"name": person.full_name},
            ) if person.checkin_code else "",
        }
        for person in participants(event)
    ]
    sheets = [
        people[start : start + BADGES_PER_SHEET]
        for start in range(0, len(people), BADGES_PER_SHEET)
    ] or [[]]
    return render_pdf(
        "events/documents/badges.html",
        {"title": title, "event_title": event_title, "sheets": sheets},
        language=_language(),
        title=title,
    )


def _learning(record: LearningRecord | None) -> dict | None:
    """The participant's learning outcomes, competence by competence, in the framework's order."""
    if record is None or not record.outcomes:
        return None
    labels = dict(FRAMEWORK_COMPETENCES.get(record.framework, []))
    return {
        "framework": _("Written by the participant, against the framework: %(framework)s")
        % {"framework": LearningRecord.Framework(record.framework).label},
        "outcomes": [
            (str(label), record.outcomes[code])
            for code, label in labels.items()
            if record.outcomes.get(code)
        ],
    }


def certificate(registration: Registration) -> bytes:
    """The certificate of participation of one attendee, in the participant's language."""
    event = registration.event
    language = registration.language or settings.LANGUAGE_CODE
    with override(language), timezone.override(event_zone(event)):
        facts = [
            (_("Type of activity"), str(Event.Type(event.type).label)),
            (_("Dates"), event_dates(event)),
            (_("Place"), event_place(event)),
            (_("Organiser"), event_organiser(event)),
        ]
        title = _("Certificate of participation")
        context = {
            "name": registration.full_name,
            "event_title": pick(event.title, language),
            "facts": [(label, value) for label, value in facts if value],
            "description": pick(event.description, language),
            "attended": "; ".join(_date(day) for day in days_attended(registration)),
            "learning": _learning(learning_record(registration)),
        }
        return render_pdf(
            "events/documents/certificate.html",
            context,
            language=language.split("-")[0],
            title=f"{title}: {registration.full_name}",
        )
