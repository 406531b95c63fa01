"""Reads a PDF back the way a screen reader and a PDF/UA checker would: what the tests of every
document Kopa prints assert (`assert_accessible`)."""

from dataclasses import dataclass, field
from io import BytesIO

import pikepdf
from pypdf import PdfReader


@dataclass
class Structure:
    """What a tagged PDF says about itself."""

    language: str
    title: str
    display_title: bool
    marked: bool
    tags: list[str] = field(default_factory=list)  # the structure types, in reading order
    figures_without_alt: int = 0
    figure_alts: list[str] = field(default_factory=list)
    fonts: dict[str, bool] = field(default_factory=dict)  # font name: embedded
    text: str = ""  # every page's text, in order

    def count(self, tag: str) -> int:
        return self.tags.count(tag)


def _walk(element, structure: Structure, seen: set) -> None:
    if isinstance(element, pikepdf.Array):
        for kid in element:
            _walk(kid, structure, seen)
        return
    if not isinstance(element, pikepdf.Dictionary):
        return  # a marked-content id
    if element.is_indirect:
        if element.objgen in seen:
            return
        seen.add(element.objgen)
    if "/S" in element:
        tag = str(element.S)[1:]
        structure.tags.append(tag)
        if tag == "Figure":
            if "/Alt" in element and str(element.Alt).strip():
                structure.figure_alts.append(str(element.Alt))
            else:
                structure.figures_without_alt += 1
    if "/K" in element:
        _walk(element.K, structure, seen)


def _fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    fonts = {}
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            descendants = font.get("/DescendantFonts")
            described = descendants[0] if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def read_structure(content: bytes) -> Structure:
    with pikepdf.open(BytesIO(content)) as pdf:
        root = pdf.Root
        preferences = root.get("/ViewerPreferences") or {}
        structure = Structure(
            language=str(root.get("/Lang", "")),
            title=str(pdf.docinfo.get("/Title", "")),
            display_title=bool(preferences.get("/DisplayDocTitle", False)),
            marked=bool((root.get("/MarkInfo") or {}).get("/Marked", False)),
        )
        if "/StructTreeRoot" in root:
            _walk(root.StructTreeRoot.get("/K"), structure, set())
        structure.fonts = _fonts(pdf)
    structure.text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return structure


def assert_accessible(content: bytes, *, language: str, title: str) -> Structure:
    """Assert what PDF/UA-1 asks of every document; return the structure for the test's own checks."""
    structure = read_structure(content)
    assert structure.tags[:1] == ["Document"], "no structure tree"
    assert structure.marked, "/MarkInfo /Marked is not true"
    assert structure.language == language
    assert structure.title == title
    assert structure.display_title, "viewers are not told to show the title"
    assert structure.count("H1") >= 1
    assert structure.figures_without_alt == 0
    assert structure.fonts and all(structure.fonts.values()), structure.fonts
    return structure


def in_order(text: str, *parts: str) -> bool:
    """Whether `parts` occur in `text` in this order."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True
