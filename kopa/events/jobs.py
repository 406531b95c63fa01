"""Scheduled work of the events app, run by the built-in scheduler (`KOPA_SCHEDULE`,
`kopa.core.scheduler`) as `kopa.events.jobs:<name>`, and the organisers' documents and exports, which
people start (by a POST) and watch as background jobs (`kopa.core.jobs`; the kinds below, by their
dotted path): the sign-in sheet, badges and certificates, the participant list, the venue's room list,
the travel grant report and the activity plan with drafts."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kopa.agencies.selectors import agency_for_staff
from kopa.core.errors import NotFound
from kopa.core.i18n import pick
from kopa.core.jobs import JobKind, csv_result, pdf_result, xlsx_result
from kopa.events.access import organised_event
from kopa.events.calendar.plan_pdf import plan_pdf
from kopa.events.calendar.selectors import activity_plan
from kopa.events.checkin import documents
from kopa.events.checkin.selectors import certificate_registration
from kopa.events.notifications import reminders_send
from kopa.events.registration import participation
from kopa.events.registration.selectors import export_rows
from kopa.events.registration.services import selections_expire, unconfirmed_expire
from kopa.events.registration.waitinglist import offers_expire
from kopa.events.rooms.selectors import venue_rows
from kopa.events.travel.selectors import grant_report_rows


def expire_offers() -> int:
    """Let lapsed waiting-list offers go and offer the places to the next people."""
    return offers_expire()


def expire_unconfirmed() -> int:
    """Delete registrations whose e-mail address was not confirmed in time."""
    return unconfirmed_expire()


def expire_selections() -> int:
    """Decline selections not confirmed in time and select the next applicants."""
    return selections_expire()


def purge_private_data() -> int:
    """Delete the private participation data of events past their retention period."""
    return participation.purge_private_data()


def send_reminders() -> int:
    """Remind confirmed participants shortly before their event."""
    return reminders_send()


def event_slug(event) -> str:
    """The event's title as a file name part."""
    return slugify(pick(event.title, "en")) or f"event-{event.pk}"


def may_see_event_documents(user, parameters: dict) -> bool:
    """The gate of an event's documents: its organisers (any role of the organising agency)."""
    try:
        organised_event(user=user, pk=parameters["event"])
    except NotFound:
        return False
    return True


def sign_in_sheet(*, job, progress):
    event = organised_event(user=job.requested_by, pk=job.parameters["event"])
    return pdf_result(documents.sign_in_sheet(event), f"sign-in-sheet-{event_slug(event)}.pdf")


def badges(*, job, progress):
    event = organised_event(user=job.requested_by, pk=job.parameters["event"])
    return pdf_result(documents.badges(event), f"badges-{event_slug(event)}.pdf")


def certificate(*, job, progress):
    registration = certificate_registration(
        user=job.requested_by, pk=job.parameters["registration"], event_pk=job.parameters["event"])
    return pdf_result(
        documents.certificate(registration),
        f"certificate-{event_slug(registration.event)}-{slugify(registration.full_name)}.pdf")


SIGN_IN_SHEET = JobKind(title=_("Sign-in sheet"), run=sign_in_sheet, may_see=may_see_event_documents)
BADGES = JobKind(title=_("Name badges"), run=badges, may_see=may_see_event_documents)
CERTIFICATE = JobKind(title=_("Certificate of participation"), run=certificate,
                      may_see=may_see_event_documents)


# --- per-event exports: the same rows as the pages show, built in the background --------------------


def participants_name(event) -> str:
    return f"participants-{slugify(pick(event.title, 'en')) or event.pk}"


def rooms_name(event) -> str:
    return f"rooms-{slugify(event.title_text) or event.pk}"


def grants_name(event) -> str:
    return f"travel-grants-{slugify(event.title_text) or event.pk}"


def _event(job):
    return organised_event(user=job.requested_by, pk=job.parameters["event"])


def participants_csv(*, job, progress):
    event = _event(job)
    rows = export_rows(event, status=job.parameters.get("status", ""))
    return csv_result(rows, f"{participants_name(event)}.csv")


def participants_xlsx(*, job, progress):
    event = _event(job)
    rows = export_rows(event, status=job.parameters.get("status", ""))
    return xlsx_result(rows, f"{participants_name(event)}.xlsx", title=_("Participants"))


def rooms_csv(*, job, progress):
    event = _event(job)
    return csv_result(venue_rows(event), f"{rooms_name(event)}.csv")


def rooms_xlsx(*, job, progress):
    event = _event(job)
    return xlsx_result(venue_rows(event), f"{rooms_name(event)}.xlsx", title=_("Rooms"))


def grants_csv(*, job, progress):
    event = _event(job)
    return csv_result(grant_report_rows(event), f"{grants_name(event)}.csv")


def grants_xlsx(*, job, progress):
    event = _event(job)
    return xlsx_result(grant_report_rows(event), f"{grants_name(event)}.xlsx",
                      title=_("Travel grants"))


PARTICIPANTS_CSV = JobKind(title=_("Participant list (CSV)"), run=participants_csv,
                           may_see=may_see_event_documents)
PARTICIPANTS_XLSX = JobKind(title=_("Participant list (XLSX)"), run=participants_xlsx,
                            may_see=may_see_event_documents)
ROOMS_CSV = JobKind(title=_("Room list for the venue (CSV)"), run=rooms_csv,
                    may_see=may_see_event_documents)
ROOMS_XLSX = JobKind(title=_("Room list for the venue (XLSX)"), run=rooms_xlsx,
                     may_see=may_see_event_documents)
GRANTS_CSV = JobKind(title=_("Grant report (CSV)"), run=grants_csv, may_see=may_see_event_documents)
GRANTS_XLSX = JobKind(title=_("Grant report (XLSX)"), run=grants_xlsx,
                      may_see=may_see_event_documents)


# --- the half-year activity plan for the organising agency's people, drafts included ------------------


def may_see_agency_plan(user, parameters: dict) -> bool:
    """The gate of the plan with drafts: any role of the organising agency (by its slug)."""
    try:
        agency_for_staff(user=user, slug=parameters["agency"])
    except NotFound:
        return False
    return True


def agency_plan(*, job, progress):
    agency = agency_for_staff(user=job.requested_by, slug=job.parameters["agency"])
    year, half = job.parameters["year"], job.parameters["half"]
    months = activity_plan(agency=agency, year=year, half=half, drafts=True)
    return pdf_result(plan_pdf(agency=agency, year=year, half=half, months=months),
                      f"plan-{agency.slug}-{year}-{half}-drafts.pdf")


ACTIVITY_PLAN = JobKind(title=_("Activity plan with drafts (PDF)"), run=agency_plan,
                        may_see=may_see_agency_plan)
