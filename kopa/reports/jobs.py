"""The reports' documents, which people start (by a POST) and watch as background jobs
(`kopa.core.jobs`; the kinds below, by their dotted path).

Activity reports: the PDF (tagged) and the DOCX file, each with the sign-in sheet as the annex."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kopa.core.i18n import pick
from kopa.core.jobs import JobKind, Result, pdf_result
from kopa.reports.access import activity_report_for_staff, may_see_activity_report
from kopa.reports.activity.documents import DOCX_CONTENT_TYPE, activity_docx, activity_pdf

# --- activity reports -----------------------------------------------------------------------------


def activity_filename(report, extension: str) -> str:
    slug = slugify(pick(report.event.title, "en")) or f"event-{report.event_id}"
    return f"activity-report-{slug}-v{report.version}.{extension}"


def activity_report_pdf(*, job, progress):
    report = activity_report_for_staff(user=job.requested_by, pk=job.parameters["report"])
    return pdf_result(activity_pdf(report), activity_filename(report, "pdf"))


def activity_report_docx(*, job, progress):
    report = activity_report_for_staff(user=job.requested_by, pk=job.parameters["report"])
    return Result(content=activity_docx(report), filename=activity_filename(report, "docx"),
                  content_type=DOCX_CONTENT_TYPE)


ACTIVITY_PDF = JobKind(title=_("Activity report (PDF)"), run=activity_report_pdf,
                       may_see=may_see_activity_report)
ACTIVITY_DOCX = JobKind(title=_("Activity report (Word)"), run=activity_report_docx,
                        may_see=may_see_activity_report)
