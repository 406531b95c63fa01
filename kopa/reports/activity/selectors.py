"""Reads for activity reports: the figures taken from the check-ins, the facts taken from the event,
and the reports a staff member may see. The figures are never typed: participants are the distinct
people checked in (`kopa.events.checkin.selectors`)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django_countries import countries

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import override

from kopa.agencies.selectors import staff_agency_ids, writer_agency_ids
from kopa.core.errors import NotFound
from kopa.core.i18n import pick
from kopa.events.checkin.documents import event_organiser, event_place
from kopa.events.checkin.selectors import (
    attendance_counts,
    checked_in_count,
    checked_in_countries,
    participants,
)
from kopa.events.models import Event
from kopa.events.rules import event_days, event_zone
from kopa.reports.activity.kinds import FunderForm, funder_form
from kopa.reports.models import ActivityPhoto, ActivityReport


@dataclass(frozen=True)
class Row:
    """One line of the form: its key, the form's label and the value."""

    key: str
    label: str
    value: str


def event_figures(event: Event) -> dict:
    """What the check-ins say: distinct people, per day (ISO dates) and per country (codes)."""
    return {
        "participants": checked_in_count(event),
        "per_day": [[day.isoformat(), n] for day, n in attendance_counts(event).items()],
        "per_country": [[code, n] for code, n in checked_in_countries(event).items()],
    }


def figures_hash(figures: dict) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True).encode("utf-8")).hexdigest()


def report_figures(report: ActivityReport) -> dict:
    """The figures a report shows: stored when final, read from the check-ins while a draft."""
    return report.figures if report.is_final else event_figures(report.event)


def is_out_of_date(report: ActivityReport) -> bool:
    """A final report whose figures the check-ins no longer give."""
    return report.is_final and figures_hash(event_figures(report.event)) != report.figures_hash


def short_date(day: date, language: str) -> str:
    with override(language):
        return formats.date_format(day, "DATE_FORMAT")


def short_date_iso(day: str, language: str) -> str:
    return short_date(date.fromisoformat(day), language)


def checked_in_days(figures: dict) -> list[date]:
    return [date.fromisoformat(day) for day, n in figures["per_day"] if n]


def source_days(figures: dict, language: str) -> str:
    """The days the check-ins were recorded on, written out ('6 December 2018')."""
    days = checked_in_days(figures) or [date.fromisoformat(day) for day, _n in figures["per_day"]]
    return ", ".join(short_date(day, language) for day in days)


def country_name(code: str, language: str) -> str:
    with override(language):
        return str(countries.name(code)) or code


def event_facts(event: Event, language: str) -> dict[str, str]:
    """What the event's records say, in `language` where they have it."""
    zone = event_zone(event)
    days = event_days(event)
    start, end = timezone.localtime(event.start, zone), timezone.localtime(event.end, zone)
    with override(language):
        when = (short_date(days[0], language) if len(days) == 1
                else f"{short_date(days[0], language)} – {short_date(days[-1], language)}")
        project = ""
        if event.project_id:
            project = pick(event.project.title, language)
            if event.project.acronym:
                project = f"{event.project.acronym}: {project}"
        elif event.partnership_id:
            project = str(event.partnership)
        return {
            "title": pick(event.title, language), "organiser": event_organiser(event), "date": when,
            "place": event_place(event), "start_time": formats.time_format(start.time(), "TIME_FORMAT"),
            "end_time": formats.time_format(end.time(), "TIME_FORMAT"), "project": project,
        }


def default_partner(event: Event) -> str:
    return event_organiser(event)


def filled_rows(report: ActivityReport, form: FunderForm | None = None) -> list[Row]:
    """The report's form, line by line, in the report's language (figures not included)."""
    form = form or funder_form(report.template)
    labels = form.label_set(report.language)
    facts = event_facts(report.event, report.language)
    written = {"partner": report.partner, "activity": report.activity, "link": report.link,
               "contact": report.contact}
    rows = [Row("programme", labels["programme"], form.programme.get(report.language)
                or next(iter(form.programme.values())))]
    for key in form.fields:
        if key in facts:
            rows.append(Row(key, labels[key], facts[key]))
        elif key in written:
            rows.append(Row(key, labels[key], written[key]))
    return rows


def included_photos(report: ActivityReport) -> QuerySet[ActivityPhoto]:
    return report.photos.filter(included=True)


def annex_people(report: ActivityReport):
    """The sign-in sheet's people: everyone who held a place at the event."""
    return participants(report.event)


def staff_reports(user) -> QuerySet[ActivityReport]:
    """The activity reports of `user`'s agencies (any role), newest event first."""
    return (ActivityReport.objects.filter(agency_id__in=staff_agency_ids(user))
            .select_related("event", "agency", "library_resource"))


def writable_reports(user) -> QuerySet[ActivityReport]:
    return ActivityReport.objects.filter(agency_id__in=writer_agency_ids(user))


def event_reports(event: Event) -> QuerySet[ActivityReport]:
    return ActivityReport.objects.filter(event=event).order_by("template", "-version")


def report_list(user) -> list[tuple[ActivityReport, bool]]:
    """Each report `user` may see, with whether it is out of date."""
    return [(report, is_out_of_date(report)) for report in staff_reports(user)]


def one_or_not_found(qs: QuerySet, pk) -> ActivityReport:
    report = qs.filter(pk=pk).select_related("event", "event__project", "event__partnership",
                                             "event__organiser_organisation", "event__organiser_agency").first()
    if report is None:
        raise NotFound()
    return report


def photo_of(report: ActivityReport, pk) -> ActivityPhoto:
    photo = report.photos.filter(pk=pk).first()
    if photo is None:
        raise NotFound()
    return photo
