"""The cycle report as a tagged PDF (PDF/UA-1, charts as vector figures with their alternative
text), a DOCX (headings, paragraphs and real tables) and an XLSX (one sheet per table); and the
Erasmus+ Beneficiary Module rows (one per mobility)."""

import io
import re

from django_countries import countries
from docx import Document

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kopa.core.documents import inline_svg, render_pdf
from kopa.core.i18n import pick
from kopa.core.spreadsheets import xlsx_workbook
from kopa.events.figures.selectors import mobility_rows, travel_days
from kopa.outreach.funnel.charts import svg
from kopa.reports.cycles.selectors import CycleReport, Table
from kopa.reports.models import CycleNarrative

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def section_labels() -> dict[str, str]:
    return {name: str(CycleNarrative._meta.get_field(name).verbose_name).capitalize()
            for name in CycleNarrative.SECTIONS}


def filename(report: CycleReport, extension: str) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", "-", f"{report.cycle.name}").strip("-").lower() or "cycle"
    kind = "partnership-report" if report.partnership else "cycle-report"
    return f"{kind}-{words}.{extension}"


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _generated() -> str:
    return _("Generated on %(date)s") % {"date": formats.date_format(timezone.now(), "DATETIME_FORMAT")}


def _narratives(report: CycleReport) -> list[dict]:
    labels = section_labels()
    out = []
    for agency, narrative in report.narratives:
        sections = [(labels[name], getattr(narrative, name)) for name in CycleNarrative.SECTIONS
                    if narrative is not None and getattr(narrative, name).strip()]
        out.append({"agency": agency, "sections": sections})
    return out


def report_pdf(report: CycleReport) -> bytes:
    tables = []
    for table in report.tables:
        chart = inline_svg(svg(table.chart), table.chart_alt) if table.chart is not None else ""
        tables.append({"table": table, "chart": chart})
    return render_pdf("reports/cycles/document.html", {
        "report": report, "tables": tables, "narratives": _narratives(report),
        "generated": _generated()}, language=_language(), title=report.title)


def _docx_table(document, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = str(value)


def report_docx(report: CycleReport) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.language = _language()
    document.add_heading(report.title, level=1)
    document.add_paragraph(_generated())
    for narrative in _narratives(report):
        if not narrative["sections"]:
            continue
        document.add_heading(
            _("In the words of %(agency)s") % {"agency": narrative["agency"].name}, level=2)
        for label, text in narrative["sections"]:
            document.add_heading(label, level=3)
            for paragraph in text.splitlines():
                if paragraph.strip():
                    document.add_paragraph(paragraph)
    for table in report.tables:
        document.add_heading(table.title, level=2)
        document.add_paragraph(table.summary)
        _docx_table(document, table)
        if table.note:
            document.add_paragraph(table.note)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def report_xlsx(report: CycleReport):
    """One sheet per table, named after it (cut to the 31 characters a sheet name may have)."""
    seen: set[str] = set()
    sheets = []
    for table in report.tables:
        name = table.title[:31]
        suffix = 2
        while name.lower() in seen:
            name = f"{table.title[:28]} {suffix}"
            suffix += 1
        seen.add(name.lower())
        sheets.append((name, [table.header, *table.rows]))
    return xlsx_workbook(sheets)


# --- the Erasmus+ Beneficiary Module -------------------------------------------------------------


def beneficiary_header() -> list[str]:
    return [_("Activity"), _("Start date"), _("End date"), _("Sending country"),
            _("Sending organisation"), _("Receiving country"), _("Receiving organisation"),
            _("Travel days"), _("Distance band"), _("Green travel"), _("Fewer opportunities")]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def beneficiary_rows(*, cycle_id: int, agency_ids, progress=None):
    """The header, then one row per participant checked in (a mobility). The fewer-opportunities
    flag is given only with the participant's consent; it is empty once the event's private data
    is purged, and the travel days once the arrival and departure are."""
    yield beneficiary_header()
    for index, (registration, event, travel, flag) in enumerate(
            mobility_rows(cycle_id=cycle_id, agency_ids=agency_ids)):
        if progress is not None and index % 1000 == 999:
            progress.step(index + 1)
        receiving = event.organiser_organisation or event.organiser_agency
        receiving_country = (event.country or getattr(event.organiser_organisation, "country", None)
                             or event.organiser_agency.country)
        sending = registration.organisation.legal_name if registration.organisation else \
            registration.organisation_name
        days = travel_days(event, travel)
        yield [
            pick(event.title), event.start.date().isoformat(), event.end.date().isoformat(),
            countries.name(str(registration.sending_country)) or str(registration.sending_country),
            sending, countries.name(str(receiving_country)) or str(receiving_country),
            getattr(receiving, "legal_name", None) or getattr(receiving, "name", ""),
            "" if days is None else days,
            str(travel.band) if travel is not None and travel.band is not None else "",
            _yes_no(travel.green) if travel is not None else "",
            _yes_no(flag),
        ]
