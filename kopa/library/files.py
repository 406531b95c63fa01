"""Uploaded files of the library: what a file is (by its content, never its name), its text and
whether a PDF is tagged (has a structure tree for screen readers)."""

import io
import zipfile
from dataclasses import dataclass

import docx
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {PDF: "application/pdf",
                 DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def sniff(head: bytes, stream) -> str | None:
    """"pdf", "docx" or None, from the file's bytes: a PDF starts with %PDF-, a DOCX is a ZIP
    package holding word/document.xml."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            stream.seek(0)
            with zipfile.ZipFile(stream) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            stream.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


@dataclass(frozen=True)
class Reading:
    text: str
    pages: int | None = None
    tagged: bool | None = None


def read_pdf(data: bytes) -> Reading:
    """The text of every page, the page count and whether the PDF is tagged (/StructTreeRoot in the
    catalogue and /MarkInfo with /Marked true). Raises ValueError for a file pypdf cannot read."""
    try:
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        mark_info = root.get("/MarkInfo")
        marked = bool(mark_info and mark_info.get_object().get("/Marked"))
        tagged = "/StructTreeRoot" in root and marked
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
        return Reading(text=text, pages=len(reader.pages), tagged=tagged)
    except (PdfReadError, KeyError, ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from exc


def read_docx(data: bytes) -> Reading:
    """The text of the paragraphs and the tables' cells. Raises ValueError for a broken file."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ValueError(str(exc)) from exc
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return Reading(text="\n".join(part for part in parts if part))


def read(kind: str, data: bytes) -> Reading:
    return read_pdf(data) if kind == PDF else read_docx(data)
