"""PDF basics shared by every document Kopa prints: fonts that cover Kopa's languages, and styles.

reportlab's bundled fonts lack Latvian letters (ā ē ī ū ņ ļ ģ ķ), so Kopa ships DejaVu Sans
(kopa/core/fonts/, with its licence) and registers it once per process.
"""

from functools import cache
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "KopaSans"
FONT_BOLD = "KopaSans-Bold"
TEXT_COLOUR = HexColor("#1a1a1a")


@cache
def register_fonts() -> tuple[str, str]:
    """Register Kopa's PDF fonts (once); return the names of the regular and the bold font."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    return FONT, FONT_BOLD


def styles() -> StyleSheet1:
    """Paragraph styles in Kopa's fonts: body, small, h1, h2, title (centred, large)."""
    regular, bold = register_fonts()
    sheet = StyleSheet1()
    sheet.add(
        ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, textColor=TEXT_COLOUR)
    )
    sheet.add(ParagraphStyle("small", parent=sheet["body"], fontSize=8.5, leading=11))
    sheet.add(
        ParagraphStyle(
            "h1", parent=sheet["body"], fontName=bold, fontSize=18, leading=23, spaceAfter=8
        )
    )
    sheet.add(
        ParagraphStyle(
            "h2",
            parent=sheet["body"],
            fontName=bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            "title", parent=sheet["h1"], fontSize=24, leading=30, alignment=TA_CENTER, spaceAfter=12
        )
    )
    sheet.add(ParagraphStyle("centred", parent=sheet["body"], alignment=TA_CENTER))
    return sheet
