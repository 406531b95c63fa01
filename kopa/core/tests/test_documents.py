"""The shared renderer of every PDF (kopa.core.documents) and the structure check the documents'
tests use."""

from io import BytesIO

import pikepdf
import pytest
from weasyprint import HTML

from kopa.core.documents import render_html, render_pdf
from kopa.core.tests.tagged_pdf import assert_accessible, read_structure


def test_render_pdf_is_tagged_with_the_language_and_the_title():
    content = render_pdf("core/documents/base.html", {}, language="lv", title="Pārskats par ģimenēm")

    structure = read_structure(content)

    assert structure.tags[:1] == ["Document"] and structure.marked and structure.display_title
    assert structure.language == "lv" and structure.title == "Pārskats par ģimenēm"


def test_render_html_escapes_the_title_and_sets_the_language():
    html = render_html("core/documents/base.html", {}, language="sl", title="Načrt <b>in</b> poročilo")

    assert '<html lang="sl">' in html
    assert "<title>Načrt &lt;b&gt;in&lt;/b&gt; poročilo</title>" in html


def test_an_untagged_pdf_fails_the_structure_check():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = BytesIO()
    pdf.save(buffer)

    with pytest.raises(AssertionError):
        assert_accessible(buffer.getvalue(), language="en", title="")


def test_weasyprint_reports_an_image_without_alternative_text(caplog):
    """What the documents' tests listen for: WeasyPrint logs PDF/UA faults as errors."""
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
    HTML(string=f'<html lang="en"><title>x</title><img src="{pixel}"></html>').write_pdf(
        pdf_variant="pdf/ua-1"
    )

    assert any("alt" in r.getMessage() for r in caplog.records if r.name == "weasyprint")
