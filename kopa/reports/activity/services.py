"""Writes to activity reports: create one for an event, change what people write, add photos,
finalise (locking the figures with their hash), make a new version, publish to the library.

Each service is keyword-only, runs in one transaction, checks that `actor` may change the event's
agency's data (`kopa.reports.access`) and writes an audit entry. Demo data passes `system=True`.
"""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kopa.core import audit
from kopa.core.errors import Conflict, ValidationFailed
from kopa.core.i18n import pick
from kopa.events.models import Event
from kopa.library.models import Resource
from kopa.library.services import (
    library_languages,
    resource_create,
    resource_publish,
    version_upload,
)
from kopa.reports.access import require_activity_writer
from kopa.reports.activity.documents import activity_pdf, document_title
from kopa.reports.activity.kinds import FORMS, funder_form
from kopa.reports.activity.photos import NotAnImage, clean_photo
from kopa.reports.activity.selectors import default_partner, event_figures, figures_hash
from kopa.reports.models import ActivityPhoto, ActivityReport

WRITTEN = ("partner", "activity", "summary", "link", "contact")
MAX_PHOTO_BYTES = 20 * 1024 * 1024


def _check_language(template: str, language: str) -> None:
    if language not in funder_form(template).languages:
        raise ValidationFailed(fields={"language": [_("Choose one of the form's languages.")]})


@transaction.atomic
def activity_report_create(*, actor, event: Event, template: str, language: str = "",
                           system: bool = False) -> ActivityReport:
    """A new draft report of `event` on the funder's form `template`, filled from the event's records.
    Raises PermissionDenied, ValidationFailed."""
    if not system:
        require_activity_writer(actor, event.organiser_agency_id)
    if template not in FORMS:
        raise ValidationFailed(fields={"template": [_("Choose one of the forms offered.")]})
    language = language or funder_form(template).languages[0]
    _check_language(template, language)
    Event.objects.select_for_update().filter(pk=event.pk).first()
    last = ActivityReport.objects.filter(event=event, template=template).aggregate(v=Max("version"))["v"]
    contact = ""
    if not system and actor is not None:
        contact = ", ".join(part for part in (actor.get_full_name(), actor.email) if part)
    report = ActivityReport.objects.create(
        event=event, agency_id=event.organiser_agency_id, template=template, language=language,
        version=(last or 0) + 1, partner=default_partner(event), contact=contact,
        created_by=None if system else actor)
    audit.record(actor=None if system else actor, obj=report, action="create",
                 changes=audit.diff({}, audit.snapshot(report)))
    return report


def _locked(report: ActivityReport) -> ActivityReport:
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if report.is_final:
        raise Conflict(_("This report is final. Make a new version to change it."))
    return report


@transaction.atomic
def activity_report_update(*, actor, report: ActivityReport, data: dict, system: bool = False) -> ActivityReport:
    """Change what people write in a draft: partner, activity, summary, link, contact, the form's
    language and which photos go into the report (`photos`: ids). Raises PermissionDenied, Conflict
    (final), ValidationFailed."""
    if not system:
        require_activity_writer(actor, report.agency_id)
    report = _locked(report)
    before = audit.snapshot(report)
    for name in WRITTEN:
        if name in data:
            setattr(report, name, (data[name] or "").strip())
    if data.get("language"):
        _check_language(report.template, data["language"])
        report.language = data["language"]
    report.save()
    if "photos" in data:
        chosen = {int(pk) for pk in data["photos"] or []}
        for photo in report.photos.all():
            if photo.included != (photo.pk in chosen):
                photo.included = photo.pk in chosen
                photo.save(update_fields=["included"])
    changes = audit.diff(before, audit.snapshot(report))
    if changes:
        audit.record(actor=None if system else actor, obj=report, action="update", changes=changes)
    return report


@transaction.atomic
def activity_photo_add(*, actor, report: ActivityReport, upload, alt_text: str, consent: bool,
                       included: bool = True, system: bool = False) -> ActivityPhoto:
    """Store a photo of the event for the report: resized, without EXIF (location!) or other metadata,
    with its alternative text; the uploader confirms the people shown agreed. Raises PermissionDenied,
    Conflict (final), ValidationFailed."""
    if not system:
        require_activity_writer(actor, report.agency_id)
    report = _locked(report)
    problems: dict[str, list[str]] = {}
    alt_text = (alt_text or "").strip()
    if not alt_text:
        problems["alt_text"] = [_("Describe the photo for people who cannot see it.")]
    if not consent:
        problems["consent"] = [_("Confirm that the people in the photo agreed to its use in the report.")]
    data = b""
    if upload is None:
        problems["image"] = [_("Choose a photo.")]
    else:
        data = upload.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            problems["image"] = [_("The photo is larger than %(size)s MB.") % {"size": MAX_PHOTO_BYTES // 2**20}]
    cleaned = None
    if data and "image" not in problems:
        try:
            cleaned = clean_photo(data)
        except NotAnImage:
            problems["image"] = [_("Upload a photo (JPEG, PNG or WebP).")]
    if problems:
        raise ValidationFailed(fields=problems)
    content, width, height = cleaned
    photo = ActivityPhoto(report=report, alt_text=alt_text, consent_confirmed=True, included=included,
                          uploaded_by=None if system else actor)
    photo.image.save(f"photo-{secrets.token_hex(8)}.jpg", ContentFile(content), save=False)
    photo.width, photo.height = width, height
    photo.save()
    audit.record(actor=None if system else actor, obj=report, action="update",
                 changes={"photos": ["", _("a photo added")]})
    return photo


@transaction.atomic
def activity_report_finalise(*, actor, report: ActivityReport, system: bool = False) -> ActivityReport:
    """Lock a draft: store its figures and their hash. Raises PermissionDenied, Conflict (final)."""
    if not system:
        require_activity_writer(actor, report.agency_id)
    report = _locked(report)
    report.figures = event_figures(report.event)
    report.figures_hash = figures_hash(report.figures)
    report.status = ActivityReport.Status.FINAL
    report.finalised_at = timezone.now()
    report.finalised_by = None if system else actor
    report.save()
    audit.record(actor=None if system else actor, obj=report, action="finalise",
                 changes={"status": [ActivityReport.Status.DRAFT, ActivityReport.Status.FINAL],
                          "figures_hash": ["", report.figures_hash]})
    return report


@transaction.atomic
def activity_report_new_version(*, actor, report: ActivityReport, system: bool = False) -> ActivityReport:
    """A new draft from a final report: what people wrote and the photos are copied, the figures are
    read again. Raises PermissionDenied, Conflict (the report is still a draft)."""
    if not system:
        require_activity_writer(actor, report.agency_id)
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_final:
        raise Conflict(_("This report is still a draft: change it instead."))
    Event.objects.select_for_update().filter(pk=report.event_id).first()
    last = ActivityReport.objects.filter(event_id=report.event_id, template=report.template).aggregate(
        v=Max("version"))["v"]
    fresh = ActivityReport.objects.create(
        event_id=report.event_id, agency_id=report.agency_id, template=report.template,
        language=report.language, version=last + 1, created_by=None if system else actor,
        **{name: getattr(report, name) for name in WRITTEN})
    for photo in report.photos.all():
        copy = ActivityPhoto(report=fresh, alt_text=photo.alt_text, consent_confirmed=True,
                             included=photo.included, uploaded_by=photo.uploaded_by)
        with photo.image.open("rb") as stream:
            copy.image.save(photo.image.name.rsplit("/", 1)[-1], ContentFile(stream.read()), save=False)
        copy.save()
    audit.record(actor=None if system else actor, obj=fresh, action="create",
                 changes={"version": [report.version, fresh.version]})
    return fresh


@transaction.atomic
def activity_report_publish(*, actor, report: ActivityReport, publish: bool,
                            system: bool = False) -> Resource:
    """Put a final report into the library in one step: a report resource of the agency, linked to the
    event, with the report's PDF as its version in the report's language; published at once or kept
    as a draft. Raises PermissionDenied, Conflict (not final, or already in the library),
    ValidationFailed (a language the library does not hold)."""
    if not system:
        require_activity_writer(actor, report.agency_id)
    report = ActivityReport.objects.select_for_update().select_related("event").get(pk=report.pk)
    if not report.is_final:
        raise Conflict(_("Finalise the report before you publish it."))
    if report.library_resource_id:
        raise Conflict(_("This report is already in the library."))
    if report.language not in library_languages():
        raise ValidationFailed(fields={"__all__": [
            _("The library does not hold documents in this language. Choose another language for the report.")]})
    title = document_title(report)
    resource = resource_create(actor=actor, system=system, agency=report.agency, data={
        "kind": Resource.Kind.REPORT, "event": report.event, "cycle": report.event.cycle,
        "strand": report.event.strand, "published_on": timezone.localdate(),
        "title": {report.language: title},
        "summary": {report.language: report.summary} if report.summary else {},
    })
    name = f"activity-report-{report.event_id}-v{report.version}.pdf"
    version_upload(actor=actor, system=system, resource=resource, language=report.language,
                   upload=ContentFile(activity_pdf(report), name=name))
    if publish:
        resource = resource_publish(actor=actor, system=system, resource=resource)
    report.library_resource = resource
    report.save(update_fields=["library_resource", "updated_at"])
    audit.record(actor=None if system else actor, obj=report, action="publish",
                 changes={"library": ["", pick(resource.title, report.language)]})
    return resource
