"""The funnel dashboard as a tagged PDF (PDF/UA-1), in the current language: the same charts,
tables and summaries as the page.

Each chart is inline SVG (vector, drawn by charts.py) with its alternative text as the SVG's <title>, and the table with
the same figures beside it.
"""

from datetime import datetime

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kopa.core.documents import inline_svg, render_pdf
from kopa.outreach.funnel.charts import breakdown_chart, funnel_chart, svg
from kopa.outreach.funnel.figures import NOT_MEASURED, Funnel
from kopa.outreach.funnel.texts import (
    breakdown_summary,
    conversion_reason,
    count_text,
    days,
    funnel_summary,
    percent,
)


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
    figures = "; ".join(f"{figure.label}: {count_text(figure.count)}" for figure in funnel.stages)
    context = {
        "title": title,
        "filters": filters,
        "generated": _("Generated on %(date)s")
        % {"date": formats.date_format(generated, "DATETIME_FORMAT")},
        "summary": funnel_summary(funnel),
        "mixed": funnel.mixed,
        "chart": inline_svg(
            svg(funnel_chart(funnel)),
            f"{_('Bar chart of the organisations at each stage of the funnel; the table below gives the figures.')} {figures}.",
        ),
        "rows": funnel_rows(funnel),
        "dimension_label": dimension_label,
    }
    if dimension_label:
        groups = groups or []
        context["breakdown"] = {
            "heading": _("Breakdown: %(dimension)s") % {"dimension": dimension_label},
            "summary": breakdown_summary(groups),
            "chart": inline_svg(
                svg(breakdown_chart(groups)),
                _("Bar chart of the organisations at each stage in each group; the table below gives the figures."),
            ) if groups else "",
            "rows": breakdown_rows(dimension_label, groups) if groups else [],
        }
    return render_pdf(
        "outreach/documents/dashboard.html",
        context,
        language=(get_language() or settings.LANGUAGE_CODE).split("-")[0],
        title=title,
    )
