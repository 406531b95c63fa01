"""Charts of the Logbook's reports and overview, drawn as SVG by Kopa itself (no script, no external
file): bars that carry their number as text, so colour is never the only way to read them, and the
page shows the same figures in a table. The overview's map places each municipality by its position.
Every text is escaped."""

from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format

PALETTE = ["#0b5c8a", "#a04b00", "#1d6b36"]  # at least 5.6:1 on white
TEXT = "#1a1a1a"
FONT = "'DejaVu Sans', Verdana, Arial, sans-serif"
WIDTH, LABEL_WIDTH, VALUE_ROOM, BAR, GAP = 640, 200, 90, 16, 10


def _number(value) -> str:
    if value is None:
        return "–"
    return number_format(round(value, 1) if isinstance(value, float) else value, force_grouping=True)


def bars(title: str, categories: list[str], series: list[tuple[str, list]]) -> str:
    """Grouped horizontal bars: one group per category, one bar per series (name, values); a None
    value (suppressed) draws no bar and says "–"."""
    values = [v for _name, vs in series for v in vs if v is not None]
    top = max(values + [1])
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / top
    group = len(series) * (BAR + 2) + GAP
    legend = 22
    height = legend + len(categories) * group + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family={quoteattr(FONT)} font-size="11" class="chart">',
           f"<title>{escape(title)}</title>"]
    x = LABEL_WIDTH
    for i, (name, _vs) in enumerate(series):
        out.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{x + 16}" y="14" fill="{TEXT}">{escape(name)}</text>')
        x += 16 + 7 * len(name) + 18
    for c, category in enumerate(categories):
        y0 = legend + c * group
        out.append(f'<text x="{LABEL_WIDTH - 6}" y="{y0 + len(series) * (BAR + 2) / 2 + 4:.0f}" '
                   f'text-anchor="end" fill="{TEXT}">{escape(category[:32])}</text>')
        for s, (name, vs) in enumerate(series):
            value = vs[c]
            y = y0 + s * (BAR + 2)
            width = 0 if value is None else max(1, round(value * scale)) if value else 0
            if width:
                out.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" '
                           f'fill="{PALETTE[s % len(PALETTE)]}"/>')
            out.append(f'<text x="{LABEL_WIDTH + width + 4}" y="{y + BAR - 4}" fill="{TEXT}">'
                       f'{escape(_number(value))} <tspan font-size="9">{escape(name)}</tspan></text>')
    out.append("</svg>")
    return "".join(out)


def dot_map(title: str, points: list[tuple[str, float, float, float]]) -> str:
    """Municipalities as dots at their positions (name, latitude, longitude, value), the dot's area
    growing with the value, each named and numbered in text beside it."""
    width, height, pad = 640, 380, 60
    if not points:
        return ""
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    lat_span = max(max(lats) - min(lats), 0.2)
    lon_span = max(max(lons) - min(lons), 0.2)
    top = max(p[3] for p in points) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)} font-size="11" class="chart map">',
           f"<title>{escape(title)}</title>",
           f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" fill="#f4f7f9" stroke="#4a4a55"/>']
    for name, lat, lon, value in sorted(points, key=lambda p: -p[3]):
        x = pad + (lon - min(lons)) / lon_span * (width - 2 * pad - 80)
        y = height - pad - (lat - min(lats)) / lat_span * (height - 2 * pad)
        radius = 4 + 18 * (value / top) ** 0.5
        out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{radius:.1f}" fill="#0b5c8a" fill-opacity="0.75" '
                   f'stroke="#08344f"/><text x="{x + radius + 3:.0f}" y="{y + 4:.0f}" fill="{TEXT}">'
                   f"{escape(name)} · {escape(_number(value))}</text>")
    out.append("</svg>")
    return "".join(out)
