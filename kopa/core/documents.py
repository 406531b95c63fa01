"""Every PDF Kopa makes: an HTML template rendered by WeasyPrint as a tagged PDF/UA-1 document.

Documents are written like pages (templates under ``templates/<app>/documents/``, extending
``core/documents/base.html``, with the same translations), so a PDF gets its structure from the HTML:
the language (``<html lang>``), the title, headings, tables with header cells, lists, and
alternative text on every image and chart. WeasyPrint turns that into the PDF's structure tree, and
embeds (a subset of) Kopa's DejaVu fonts, which cover the Slovenian and Latvian letters.

Rendering is slower than drawing a PDF by hand (about a second for a few pages), so documents are
built by background jobs (``kopa.core.jobs``) wherever they can be large.
"""

import logging
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from django.template.loader import render_to_string
from django.utils import translation

STYLESHEET = Path(__file__).resolve().parent / "documents.css"
PDF_VARIANT = "pdf/ua-1"  # tagged, with /Lang, /MarkInfo, a title shown by viewers

# WeasyPrint logs every step of every document at INFO; its warnings and errors still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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
