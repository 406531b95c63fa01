"""The cycle report's downloads, built in the background (`kopa.core.jobs`): the report as PDF,
DOCX and XLSX, and the Erasmus+ Beneficiary Module export as CSV and XLSX. When a report is built,
the officer who asked for it gets an e-mail with the address of its page."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.http import site_url
from kopa.core.jobs import JobKind, Result, csv_result, pdf_result, xlsx_result
from kopa.core.spreadsheets import XLSX_CONTENT_TYPE
from kopa.reports.access import cycle_report_access, may_see_cycle_report
from kopa.reports.cycles.documents import (
    DOCX_CONTENT_TYPE,
    beneficiary_rows,
    filename,
    report_docx,
    report_pdf,
    report_xlsx,
)
from kopa.reports.cycles.selectors import cycle_report, partnership_agencies


def build(job, progress):
    parameters = job.parameters
    access = cycle_report_access(user=job.requested_by, pk=parameters["cycle"],
                                 agency_id=parameters["agency"])
    progress.step(0, 3)
    partnership = parameters.get("scope") == "partnership"
    agencies = (partnership_agencies(access.partnership_agency_ids) if partnership
                else [access.agency])
    report = cycle_report(cycle=access.cycle, agencies=agencies, partnership=partnership)
    progress.step(1, 3)
    return report


def tell_the_officer(job, report) -> None:
    """An e-mail to the person who asked: the report is ready on its page."""
    user = job.requested_by
    if not user.email:
        return
    link = site_url() + reverse("core:job", kwargs={"public_id": job.public_id})
    send_mail(
        subject=_("Your report is ready: %(title)s") % {"title": report.title},
        message=_("The report you asked for is ready. Download it here:\n%(link)s\n\nIt is kept for "
                  "%(days)s days.") % {"link": link, "days": settings.KOPA_JOB_RESULT_DAYS},
        from_email=None, recipient_list=[user.email])


def _report(make):
    def run(*, job, progress):
        report = build(job, progress)
        result = make(report)
        progress.step(2, 3)
        tell_the_officer(job, report)
        return result
    return run


def _pdf(report):
    return pdf_result(report_pdf(report), filename(report, "pdf"))


def _docx(report):
    return Result(content=report_docx(report), filename=filename(report, "docx"),
                  content_type=DOCX_CONTENT_TYPE)


def _xlsx(report):
    return Result(content=report_xlsx(report), filename=filename(report, "xlsx"),
                  content_type=XLSX_CONTENT_TYPE)


def _beneficiary(extension):
    def run(*, job, progress):
        access = cycle_report_access(user=job.requested_by, pk=job.parameters["cycle"],
                                     agency_id=job.parameters["agency"])
        rows = beneficiary_rows(cycle_id=access.cycle.pk, agency_ids=[access.agency.pk],
                                progress=progress)
        name = f"beneficiary-module-{access.cycle.pk}-{access.agency.slug}.{extension}"
        if extension == "csv":
            return csv_result(rows, name)
        return xlsx_result(rows, name, title=_("Mobilities"))
    return run


CYCLE_PDF = JobKind(title=gettext_lazy("Cycle report (PDF)"), run=_report(_pdf),
                    may_see=may_see_cycle_report)
CYCLE_DOCX = JobKind(title=gettext_lazy("Cycle report (DOCX)"), run=_report(_docx),
                     may_see=may_see_cycle_report)
CYCLE_XLSX = JobKind(title=gettext_lazy("Cycle report tables (XLSX)"), run=_report(_xlsx),
                     may_see=may_see_cycle_report)
BENEFICIARY_CSV = JobKind(title=gettext_lazy("Beneficiary Module participants (CSV)"),
                          run=_beneficiary("csv"), may_see=may_see_cycle_report)
BENEFICIARY_XLSX = JobKind(title=gettext_lazy("Beneficiary Module participants (XLSX)"),
                           run=_beneficiary("xlsx"), may_see=may_see_cycle_report)

KINDS = {"pdf": "CYCLE_PDF", "docx": "CYCLE_DOCX", "xlsx": "CYCLE_XLSX"}
BENEFICIARY_KINDS = {"csv": "BENEFICIARY_CSV", "xlsx": "BENEFICIARY_XLSX"}
