"""Charts of the funnel, drawn once with reportlab and shown as SVG on the page and inside the PDF.

Every bar carries its number (and, in grouped charts, the name of its series) as text, so colour is
never the only way to tell bars apart; the page shows the same figures in a table as well. Colours
have at least 3:1 contrast with the white background, text at least 4.5:1. Texts use Kopa's DejaVu
font, which has the Slovenian and Latvian letters.
"""

import base64
import hashlib
import textwrap
from dataclasses import dataclass

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import HexColor, white

from django.core.cache import cache
from django.utils.formats import number_format

from kopa.core.pdf import FONT, FONT_BOLD, TEXT_COLOUR, register_fonts
from kopa.outreach.funnel.selectors import Funnel
from kopa.outreach.funnel.texts import not_measured

# Contrast with white: 7.0, 5.6, 6.6, 8.0, 7.6, 8.7 (all above the 3:1 graphics need).
PALETTE = ["#0b5c8a", "#a04b00", "#1d6b36", "#5b3a8c", "#a4161a", "#4a4a55"]
WIDTH = 640
LABEL_WIDTH = 210  # room on the left for the category names
VALUE_ROOM = 150  # room on the right of the longest bar for its label
MARGIN = 12
FONT_SIZE = 11
LABEL_CHARS = 30  # category names are wrapped at about this many characters
# The same font on screen when the visitor has it, else a sans-serif of similar width.
SVG_FONTS = {
    FONT: {"family": "'DejaVu Sans', Verdana, Arial, sans-serif"},
    FONT_BOLD: {"family": "'DejaVu Sans', Verdana, Arial, sans-serif", "weight": "bold"},
}


@dataclass(frozen=True)
class Series:
    """One set of bars: its name and one value per category."""

    name: str
    values: list[int | None]  # None: not measured (no bar, and the label says so)


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, LABEL_CHARS) or [""])


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _number(value: int | None) -> str:
    return not_measured() if value is None else number_format(value, force_grouping=True)


def _bar_chart(
    *, categories: list[str], series: list[Series], labels: list[list[str]], bar: int, gap: int
) -> Drawing:
    """Horizontal bars, the first category at the top, one colour per series."""
    register_fonts()
    wrapped = [_wrap(name) for name in categories]
    # A category needs room for its bars and for every line of its name.
    per_category = max(len(series) * bar, max((_lines(w) for w in wrapped), default=1) * (FONT_SIZE + 2))
    plot_height = max(len(categories), 1) * (per_category + gap)
    height = plot_height + 2 * MARGIN
    drawing = Drawing(WIDTH, height)
    drawing.add(Rect(0, 0, WIDTH, height, fillColor=white, strokeColor=None))
    chart = HorizontalBarChart()
    chart.x = LABEL_WIDTH
    chart.y = MARGIN
    chart.width = WIDTH - LABEL_WIDTH - VALUE_ROOM - MARGIN
    chart.height = plot_height
    # reportlab stacks a category's bars upwards; reversed, the first series is the top bar.
    order = list(reversed(range(len(series))))
    chart.data = [[value or 0 for value in series[i].values] for i in order] or [[0]]
    chart.categoryAxis.categoryNames = wrapped
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.fillColor = TEXT_COLOUR
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -6
    chart.categoryAxis.strokeColor = TEXT_COLOUR
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.visible = 0  # every bar carries its number
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([v or 0 for s in series for v in s.values] + [1])
    chart.barWidth = bar
    chart.barSpacing = 1
    chart.groupSpacing = gap
    chart.bars.strokeColor = None
    for position, index in enumerate(order):
        chart.bars[position].fillColor = HexColor(PALETTE[index % len(PALETTE)])
    chart.barLabelFormat = "values"
    chart.barLabelArray = [labels[i] for i in order]
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = FONT_SIZE - 1
    chart.barLabels.fillColor = TEXT_COLOUR
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    chart.barLabels.boxTarget = "hi"
    drawing.add(chart)
    return drawing


def _funnel_spec(funnel: Funnel) -> dict:
    return {
        "categories": [figure.label for figure in funnel.stages],
        "series": [Series(name="", values=[figure.count for figure in funnel.stages])],
        "labels": [[_number(figure.count) for figure in funnel.stages]],
        "bar": 22,
        "gap": 8,
    }


def funnel_chart(funnel: Funnel) -> Drawing:
    """One bar per stage, labelled with its number of organisations."""
    return _bar_chart(**_funnel_spec(funnel))


def _grouped_spec(*, categories: list[str], series: list[Series]) -> dict:
    labels = [
        [f"{s.name}: {_number(value)}" for value in s.values] for s in series
    ]
    return {"categories": categories, "series": series, "labels": labels, "bar": 15, "gap": 12}


def grouped_chart(*, categories: list[str], series: list[Series]) -> Drawing:
    """For each category, one bar per series, each labelled "series: number"."""
    return _bar_chart(**_grouped_spec(categories=categories, series=series))


def _breakdown_series(groups: list[tuple[str, Funnel]]) -> dict:
    stages = groups[0][1].stages if groups else []
    series = [
        Series(name=figure.label, values=[funnel.stages[i].count for _label, funnel in groups])
        for i, figure in enumerate(stages)
    ]
    return {"categories": [label for label, _funnel in groups], "series": series}


def breakdown_chart(groups: list[tuple[str, Funnel]]) -> Drawing:
    """For each group, one bar per stage."""
    return grouped_chart(**_breakdown_series(groups))


def compare_chart(*, names: tuple[str, str], funnels: tuple[Funnel, Funnel]) -> Drawing:
    """For each stage, one bar per cycle."""
    first, second = funnels
    return grouped_chart(
        categories=[figure.label for figure in first.stages],
        series=[
            Series(name=names[0], values=[figure.count for figure in first.stages]),
            Series(name=names[1], values=[figure.count for figure in second.stages]),
        ],
    )


def svg(drawing: Drawing) -> str:
    """The drawing as an SVG document."""
    return renderSVG.drawToString(drawing, fontHacks=SVG_FONTS)


def svg_data_uri(drawing: Drawing) -> str:
    """The drawing as a data: URI for an <img>, so the page needs no extra request or script."""
    encoded = base64.b64encode(svg(drawing).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def image(drawing: Drawing) -> dict:
    """What a page needs to show the drawing: its data: URI and its size in pixels."""
    return {"src": svg_data_uri(drawing), "width": round(drawing.width), "height": round(drawing.height)}



# --- the page's charts, cached ---------------------------------------------------------------------
#
# Drawing a chart and writing its SVG costs more than counting the funnel once its figures are cached
# (reportlab lays out every bar and label). The picture depends only on what it shows: the texts and
# numbers (already in the page's language) and the bar sizes. So the page's image is cached under a
# hash of exactly those, and a chart with other figures or in another language is a new key.
CHART_CACHE_PREFIX = "kopa:chart:1:"
CHART_CACHE_SECONDS = 86_400


def _cached_image(**spec) -> dict:
    key = CHART_CACHE_PREFIX + hashlib.sha256(repr(sorted(spec.items())).encode("utf-8")).hexdigest()
    found = cache.get(key)
    if found is None:
        found = image(_bar_chart(**spec))
        cache.set(key, found, CHART_CACHE_SECONDS)
    return found


def funnel_image(funnel: Funnel) -> dict:
    """image(funnel_chart(funnel)), drawn once per distinct picture."""
    return _cached_image(**_funnel_spec(funnel))


def breakdown_image(groups: list[tuple[str, Funnel]]) -> dict:
    """image(breakdown_chart(groups)), drawn once per distinct picture."""
    return _cached_image(**_grouped_spec(**_breakdown_series(groups)))
