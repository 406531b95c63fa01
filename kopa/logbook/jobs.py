"""The Logbook's documents, which people start (by a POST) and watch as background jobs
(`kopa.core.jobs`): a report for a period as a tagged PDF or as XLSX, and the annual report that
combines a year's figures with selected reflections. The job asks the report's gate
(`access.report_scope`) when it runs and whenever someone looks at it."""

from datetime import date

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopa.core.documents import inline_svg, render_pdf
from kopa.core.errors import NotFound
from kopa.core.jobs import JobKind, pdf_result, xlsx_result
from kopa.logbook.access import report_scope
from kopa.logbook.reporting import annual_reflections, comparison, report_charts, report_rows
from kopa.logbook.selectors import report


def may_see_report(user, parameters: dict) -> bool:
    try:
        report_scope(user=user, level=parameters["level"], key=parameters["key"])
    except (NotFound, KeyError):
        return False
    return True


def _report(job, *, annual: bool = False):
    p = job.parameters
    scope = report_scope(user=job.requested_by, level=p["level"], key=p["key"])
    if annual:
        start, end = date(p["year"], 1, 1), date(p["year"], 12, 31)
    else:
        start, end = date.fromisoformat(p["start"]), date.fromisoformat(p["end"])
    return scope, report(scope.units, title=scope.title, level=scope.level, start=start, end=end,
                         suppress=scope.suppress, with_reflections=scope.reflections)


def _name(scope, result) -> str:
    return f"logbook-{slugify(scope.title) or scope.key}-{result.start.isoformat()}-{result.end.isoformat()}"


def report_pdf(*, job, progress):
    scope, result = _report(job)
    title = _("Logbook report: %(name)s") % {"name": scope.title}
    charts = [inline_svg(svg, alt) for alt, svg in report_charts(result)]
    content = render_pdf("logbook/documents/report.html", {"report": result, "charts": charts, "annual": False,
                                                                   "comparison": comparison(result)},
                         language=job.language, title=title)
    return pdf_result(content, f"{_name(scope, result)}.pdf")


def report_xlsx(*, job, progress):
    scope, result = _report(job)
    return xlsx_result(report_rows(result), f"{_name(scope, result)}.xlsx", title=_("Logbook report"))


def annual_pdf(*, job, progress):
    scope, result = _report(job, annual=True)
    title = _("Annual report %(year)s: %(name)s") % {"year": job.parameters["year"], "name": scope.title}
    charts = [inline_svg(svg, alt) for alt, svg in report_charts(result)]
    content = render_pdf("logbook/documents/report.html", {
        "report": result, "charts": charts, "annual": True, "year": job.parameters["year"],
        "comparison": comparison(result),
        "selected": annual_reflections(result)}, language=job.language, title=title)
    return pdf_result(content, f"logbook-annual-{slugify(scope.title) or scope.key}-{job.parameters['year']}.pdf")


REPORT_PDF = JobKind(title=gettext_lazy("Logbook report (PDF)"), run=report_pdf, may_see=may_see_report)
REPORT_XLSX = JobKind(title=gettext_lazy("Logbook report (XLSX)"), run=report_xlsx, may_see=may_see_report)
ANNUAL_PDF = JobKind(title=gettext_lazy("Logbook annual report"), run=annual_pdf, may_see=may_see_report)
