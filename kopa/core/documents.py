"""Every PDF Kopa makes: an HTML template rendered by WeasyPrint as a tagged PDF/UA-1 document.

Documents are written like pages (templates under ``templates/<app>/documents/``, extending
``core/documents/base.html``, with the same translations), so a PDF gets its structure from the HTML:
the language (``<html lang>``), the title, headings, tables with header cells, lists, and
alternative text on every image and chart. WeasyPrint turns that into the PDF's structure tree, and
embeds (a subset of) Kopa's DejaVu fonts, which cover the Slovenian and Latvian letters.

Rendering is slower than drawing a PDF by hand (0.1–0.5 s for a few pages, and a second or two more
for a process's first document, which loads the fonts), so documents are built by background jobs
(``kopa.core.jobs``) wherever they can be large.
"""

import re
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

STYLESHEET = Path(__file__).resolve().parent / "documents.css"
PDF_VARIANT = "pdf/ua-1"  # tagged, with /Lang, /MarkInfo, a title shown by viewers
_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_TITLE = re.compile(r"<title>.*?</title>\s*(<desc>.*?</desc>)?", re.DOTALL)


@cache
def _styles() -> tuple[FontConfiguration, CSS]:
    """The shared stylesheet, its fonts loaded once per process."""
    fonts = FontConfiguration()
    return fonts, CSS(filename=str(STYLESHEET), font_config=fonts)


def render_html(template: str, context: dict, *, language: str, title: str) -> str:
    """The document's HTML, in `language`: what `render_pdf` lays out."""
    with translation.override(language):
        return render_to_string(
            template, {**context, "document_language": language, "document_title": title}
        )


def render_pdf(template: str, context: dict, *, language: str, title: str) -> bytes:
    """The template rendered in `language` as a tagged PDF/UA-1 document titled `title`.

    The template extends ``core/documents/base.html``, which sets ``<html lang>`` and ``<title>``.
    """
    html = render_html(template, context, language=language, title=title)
    fonts, stylesheet = _styles()
    return HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(
        stylesheets=[stylesheet], font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True
    )


def inline_svg(document: str, alt: str) -> SafeString:
    """An SVG document (made by Kopa: a chart, a QR code) as an inline <svg> element whose <title>
    is `alt`, which becomes the PDF figure's alternative text. Only for SVG Kopa draws itself,
    whose texts it escaped."""
    markup = _PROLOG.sub("", document, count=1)
    title = f"<title>{escape(alt)}</title>"
    if _TITLE.search(markup):
        markup = _TITLE.sub(lambda _match: title, markup, count=1)
    else:
        markup = re.sub(r"(<svg\b[^>]*>)", lambda match: match.group(1) + title, markup, count=1)
    return mark_safe(markup)  # noqa: S308 - Kopa's own SVG, with `alt` escaped
