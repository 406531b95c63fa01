"""The activity report as documents: a tagged PDF (`kopa.core.documents.render_pdf`) and a DOCX file
(python-docx) with real headings and tables, each with the sign-in sheet as the annex. Both are
written in the report's language with the funder's form's own labels."""

import base64
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from kopa.core.documents import render_pdf
from kopa.core.i18n import pick
from kopa.reports.activity.kinds import funder_form
from kopa.reports.activity.selectors import (
    Row,
    annex_people,
    country_name,
    filled_rows,
    included_photos,
    report_figures,
    short_date_iso,
    source_days,
)
from kopa.reports.models import ActivityReport

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Picture:
    alt: str
    data: bytes
    width: int
    height: int

    @property
    def data_uri(self) -> str:
        return "data:image/jpeg;base64," + base64.b64encode(self.data).decode("ascii")


def document_title(report: ActivityReport) -> str:
    labels = funder_form(report.template).label_set(report.language)
    return f"{labels['heading']}: {pick(report.event.title, report.language)}"


def document_content(report: ActivityReport) -> dict:
    """Everything both documents show, in the report's language."""
    language = report.language
    labels = funder_form(report.template).label_set(language)
    form = funder_form(report.template)
    figures = report_figures(report)
    rows = filled_rows(report, form)
    participants = str(figures["participants"])
    source = labels["source"] % {"days": source_days(figures, language)}
    pictures = []
    for photo in included_photos(report):
        with photo.image.open("rb") as stream:
            pictures.append(Picture(photo.alt_text, stream.read(), photo.width, photo.height))
    people = [
        (person.full_name, person.organisation_label, country_name(str(person.country_of_residence), language))
        for person in annex_people(report)
    ]
    return {
        "title": document_title(report), "labels": labels, "fields": form.fields, "language": language,
        "head_rows": [r for r in rows if r.key in ("programme", *form.fields[:form.fields.index("participants")])],
        "tail_rows": [r for r in rows if r.key in ("link", "contact")],
        "participants": Row("participants", labels["participants"], participants), "source": source,
        "per_day": [(short_date_iso(day, language), n) for day, n in figures["per_day"]],
        "per_country": [(country_name(code, language), n) for code, n in figures["per_country"]],
        "summary": report.summary, "pictures": pictures, "people": people,
    }


def activity_pdf(report: ActivityReport) -> bytes:
    content = document_content(report)
    return render_pdf("reports/activity/document.html", content, language=report.language,
                      title=content["title"])


def _table(document, header: list[str], rows: list[list[str]], *, row_headers: bool = False):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    # The first row repeats on each page and is read as the table's header.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_mark = tr_pr.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader", {})
    tr_pr.append(header_mark)
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = str(text)
            if row_headers and n == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def activity_docx(report: ActivityReport) -> bytes:
    content = document_content(report)
    labels = content["labels"]
    document = Document()
    properties = document.core_properties
    properties.title = content["title"]
    properties.language = content["language"]
    properties.author = "Kopa"
    document.add_heading(content["title"], level=1)
    rows = [[r.label, r.value] for r in content["head_rows"]]
    rows.append([content["participants"].label, f"{content['participants'].value} ({content['source']})"])
    rows += [[r.label, r.value] for r in content["tail_rows"]]
    _table(document, [labels["heading"], ""], rows, row_headers=True)
    if "per_day" in content["fields"]:
        document.add_heading(labels["per_day"], level=2)
        _table(document, [labels["day"], labels["number"]], [[d, str(n)] for d, n in content["per_day"]])
    if "per_country" in content["fields"]:
        document.add_heading(labels["per_country"], level=2)
        _table(document, [labels["country"], labels["number"]],
               [[c, str(n)] for c, n in content["per_country"]])
    document.add_heading(labels["summary"], level=2)
    for paragraph in (content["summary"] or "").split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    document.add_heading(labels["photos"], level=2)
    if not content["pictures"]:
        document.add_paragraph(labels["no_photos"])
    for picture in content["pictures"]:
        document.add_picture(BytesIO(picture.data), width=Cm(14))
        inline = document.inline_shapes[-1]._inline
        inline.docPr.set("descr", picture.alt)
        inline.docPr.set("title", picture.alt[:100])
        caption = document.add_paragraph(picture.alt)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_page_break()
    document.add_heading(labels["annex"], level=2)
    people = [[str(n), name, organisation, country, ""]
              for n, (name, organisation, country) in enumerate(content["people"], start=1)]
    if not people:
        document.add_paragraph(labels["nobody"])
    else:
        _table(document, [labels["annex_number"], labels["annex_name"], labels["annex_organisation"],
                          labels["annex_country"], labels["annex_signature"]], people)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
