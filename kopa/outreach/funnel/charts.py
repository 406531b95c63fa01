"""Charts of the funnel, drawn once as SVG and shown on the page (as an image) and inside the PDF
(inline, as a vector figure with its alternative text).

Every bar carries its number (and, in grouped charts, the name of its series) as text, so colour is
never the only way to tell bars apart; the page shows the same figures in a table as well. Colours
have at least 3:1 contrast with the white background, text at least 4.5:1. Texts ask for the DejaVu
font Kopa ships (kopa/core/fonts/), which has the Slovenian and Latvian letters.
"""

import base64
import hashlib
import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.core.cache import cache
from django.utils.formats import number_format

from kopa.outreach.funnel.figures import Funnel
from kopa.outreach.funnel.texts import not_measured

# Contrast with white: 7.0, 5.6, 6.6, 8.0, 7.6, 8.7 (all above the 3:1 graphics need).
PALETTE = ["#0b5c8a", "#a04b00", "#1d6b36", "#5b3a8c", "#a4161a", "#4a4a55"]
TEXT_COLOUR = "#1a1a1a"
WIDTH = 640
LABEL_WIDTH = 210  # room on the left for the category names
VALUE_ROOM = 150  # room on the right of the longest bar for its label
MARGIN = 12
FONT_SIZE = 11
BAR_SPACING = 1  # between the bars of one category
LABEL_CHARS = 30  # category names are wrapped at about this many characters
# The same font on screen when the visitor has it, else a sans-serif of similar width.
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    """One set of bars: its name and one value per category."""

    name: str
    values: list[int | None]  # None: not measured (no bar, and the label says so)


@dataclass
class Drawing:
    """A chart: its size in pixels and its SVG elements."""

    width: int
    height: int
    elements: list[str] = field(default_factory=list)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, LABEL_CHARS) or [""]


def _number(value: int | None) -> str:
    return not_measured() if value is None else number_format(value, force_grouping=True)


def _text(x: float, y: float, text: str, *, size: int, anchor: str = "start") -> str:
    style = f"font-family: {FONT_FAMILY}; font-size: {size}px"
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{TEXT_COLOUR}" '
            f"style={quoteattr(style)}>{escape(text)}</text>")


def _bar_chart(
    *, categories: list[str], series: list[Series], labels: list[list[str]], bar: int, gap: int
) -> Drawing:
    """Horizontal bars, the first category at the top, one colour per series (the first series the
    top bar of each category)."""
    wrapped = [_wrap(name) for name in categories]
    bars_height = len(series) * bar + max(len(series) - 1, 0) * BAR_SPACING
    # A category needs room for its bars and for every line of its name.
    per_category = max(bars_height, max((len(w) for w in wrapped), default=1) * (FONT_SIZE + 2))
    band = per_category + gap
    plot_height = max(len(categories), 1) * band
    drawing = Drawing(WIDTH, plot_height + 2 * MARGIN)
    drawing.elements.append(f'<rect x="0" y="0" width="{WIDTH}" height="{drawing.height}" fill="#ffffff"/>')
    plot_width = WIDTH - LABEL_WIDTH - VALUE_ROOM - MARGIN
    largest = max([value or 0 for s in series for value in s.values] + [1])
    for index, lines in enumerate(wrapped):
        top = MARGIN + index * band + gap / 2
        middle = top + per_category / 2
        first_line = middle - (len(lines) - 1) * (FONT_SIZE + 2) / 2
        for number, line in enumerate(lines):
            baseline = first_line + number * (FONT_SIZE + 2) + FONT_SIZE * 0.35
            drawing.elements.append(_text(LABEL_WIDTH - 6, baseline, line, size=FONT_SIZE, anchor="end"))
        bar_top = middle - bars_height / 2
        for position, one in enumerate(series):
            value = one.values[index] if index < len(one.values) else None
            y = bar_top + position * (bar + BAR_SPACING)
            length = (value or 0) / largest * plot_width
            if length > 0:
                colour = PALETTE[position % len(PALETTE)]
                drawing.elements.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y:.1f}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
                )
            drawing.elements.append(
                _text(LABEL_WIDTH + length + 4, y + bar / 2 + (FONT_SIZE - 1) * 0.35,
                      labels[position][index], size=FONT_SIZE - 1)
            )
    drawing.elements.append(
        f'<line x1="{LABEL_WIDTH}" y1="{MARGIN}" x2="{LABEL_WIDTH}" y2="{MARGIN + plot_height}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    )
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
    body = "\n".join(drawing.elements)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" height="{drawing.height}" '
        f'viewBox="0 0 {drawing.width} {drawing.height}">\n{body}\n</svg>\n'
    )


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
