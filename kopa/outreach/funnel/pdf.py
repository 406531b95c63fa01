"""The funnel dashboard as a PDF, in the current language: the same charts, tables and summaries."""

import io
from datetime import datetime

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _

from kopa.core.pdf import styles
from kopa.outreach.funnel.charts import breakdown_chart, funnel_chart
from kopa.outreach.funnel.selectors import NOT_MEASURED, Funnel
from kopa.outreach.funnel.texts import (
    breakdown_summary,
    conversion_reason,
    count_text,
    days,
    funnel_summary,
    percent,
)

GRID = HexColor("#767680")
HEADER = HexColor("#f3f5f8")
PAGE_WIDTH = A4[0] - 40 * mm
PAGE_HEIGHT = A4[1] - 50 * mm  # the frame, less room for a heading above the chart


def _table(rows: list[list[str]], sheet, *, first_column_width: float) -> Table:
    body = sheet["small"]
    cells = [[Paragraph(f"<b>{escape(str(value))}</b>", body) for value in rows[0]]]
    cells += [[Paragraph(escape(str(value)), body) for value in row] for row in rows[1:]]
    others = len(rows[0]) - 1
    widths = [first_column_width] + [(PAGE_WIDTH - first_column_width) / max(others, 1)] * others
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def funnel_rows(funnel: Funnel) -> list[list[str]]:
    """The funnel table as text: a header, then one row per stage."""
    rows = [[_("Stage"), _("Organisations"), _("Conversion from the previous stage"),
             _("Median time from the previous stage")]]
    for figure in funnel.stages:
        conversion = percent(figure.conversion)
        if not conversion:
            conversion = conversion_reason(figure) if figure.conversion_reason == NOT_MEASURED else "–"
        rows.append([figure.label, count_text(figure.count), conversion, days(figure.median_days) or "–"])
    return rows


def breakdown_rows(dimension_label: str, groups: list[tuple[str, Funnel]]) -> list[list[str]]:
    """The breakdown table as text: a header with the stages, then one row per group."""
    stages = groups[0][1].stages if groups else []
    rows = [[dimension_label, *(figure.label for figure in stages)]]
    for label, funnel in groups:
        rows.append([label, *(count_text(figure.count) for figure in funnel.stages)])
    return rows


def dashboard_pdf(
    *,
    title: str,
    filters: list[str],
    funnel: Funnel,
    dimension_label: str = "",
    groups: list[tuple[str, Funnel]] | None = None,
    generated: datetime,
) -> bytes:
    """A PDF with the filters, the funnel (chart, table, summary) and the breakdown if one is chosen."""
    sheet = styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="Kopa",
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
    )
    story = [Paragraph(escape(title), sheet["h1"])]
    story += [Paragraph(escape(line), sheet["body"]) for line in filters]
    story.append(Paragraph(escape(_("Generated on %(date)s") % {
        "date": formats.date_format(generated, "DATETIME_FORMAT")}), sheet["small"]))
    story.append(Paragraph(escape(_("The funnel")), sheet["h2"]))
    story.append(Paragraph(escape(funnel_summary(funnel)), sheet["body"]))
    if funnel.mixed:
        story.append(Paragraph(escape(_(
            "These campaigns do not all measure the same stages: each stage counts only the campaigns "
            "that measure it, and each conversion only the campaigns that measure both stages."
        )), sheet["body"]))
    story.append(Spacer(1, 3 * mm))
    story.append(_scaled(funnel_chart(funnel)))
    story.append(Spacer(1, 3 * mm))
    story.append(_table(funnel_rows(funnel), sheet, first_column_width=45 * mm))
    if dimension_label:
        groups = groups or []
        story.append(Paragraph(escape(_("Breakdown: %(dimension)s") % {"dimension": dimension_label}),
                               sheet["h2"]))
        story.append(Paragraph(escape(breakdown_summary(groups)), sheet["body"]))
        if groups:
            story.append(Spacer(1, 3 * mm))
            story.append(_scaled(breakdown_chart(groups)))
            story.append(Spacer(1, 3 * mm))
            story.append(_table(breakdown_rows(dimension_label, groups), sheet, first_column_width=45 * mm))
    doc.build(story)
    return buffer.getvalue()


def _scaled(drawing):
    """The chart shrunk to fit the page (it is drawn for a screen, and a breakdown may be tall)."""
    factor = min(PAGE_WIDTH / drawing.width, PAGE_HEIGHT / drawing.height, 1)
    if factor < 1:
        drawing.scale(factor, factor)
        drawing.width, drawing.height = drawing.width * factor, drawing.height * factor
    return drawing
