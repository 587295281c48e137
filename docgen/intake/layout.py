"""Lines on pages → paragraphs: the layout reconstruction shared by PDF text layers and OCR.

A PDF text layer and Tesseract both give *lines* with a position; a report needs
*paragraphs*. The rules are a typesetter's, not a guess per document:

- a paragraph goes on while the next line follows at the usual line pitch, starts at the
  text's left edge (no first-line indent) and the line before it reached the right edge;
- a new paragraph starts at a first-line indent, after a short line, after a larger gap, at
  a list marker (``-``, ``+``, ``•``, ``a)``, ``1.``), and where the font size or weight of
  a whole line changes (a heading);
- a word hyphenated at the end of a line is joined again (a soft hyphen always; a hard one
  only between two lower-case letters, where it cannot be the hyphen of ``kinh tế - xã hội``);
- lines that repeat at the top or bottom of most pages (a running header or footer) and
  page numbers are taken out of the text and returned apart.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

_SPACES = re.compile(r"[ \t\u00a0]+")
_LIST_MARKER = re.compile(r"^(?:[-–+•*▪●○◦]\s|[a-zđ]\)\s|\d{1,2}[.)]\s|[IVXLC]{1,5}\.\s)")
_PAGE_NUMBER = re.compile(r"^[\s\-–—(]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—)]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
#: the top and bottom share of a page where running headers, footers and page numbers sit
MARGIN_ZONE = 0.09


@dataclass
class Line:
    """One line of text on a page; coordinates in points from the top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int = 1
    size: float = 0.0  # font size (points), 0 when unknown (OCR: the line's height stands in)
    bold: bool = False
    legacy_font: str | None = None  # the legacy font (".VnTime", "VNI-Times") its text is in
    right_edge: float = 0.0  # the right edge of the text block it sits in (a column, a cell), if known

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Paragraph:
    text: str
    page: int
    kind: str = "body"  # body | heading | list
    align: str = "both"  # both | center | left
    bold: bool = False
    legacy_font: str | None = None


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    source: str = "text"  # text (a PDF text layer) | ocr


@dataclass
class Layout:
    paragraphs: list[Paragraph]
    headers: list[str] = field(default_factory=list)  # running header lines, once each
    footers: list[str] = field(default_factory=list)
    page_numbers: bool = False  # the pages carried page numbers (the DOCX gets a PAGE field)
    empty_pages: list[int] = field(default_factory=list)  # pages that gave no text at all


def clean_line_text(text: str) -> str:
    """One line's text with the spacing of justified text folded to single spaces."""
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.casefold())


def _running(pages: list[Page]) -> tuple[set[int], list[str], list[str], bool]:
    """ids of lines that are running headers/footers or page numbers; the texts kept apart."""
    drop: set[int] = set()
    zone: dict[str, list[Line]] = {}
    numbers = False
    for page in pages:
        for line in page.lines:
            top = line.bottom <= page.height * MARGIN_ZONE
            bottom = line.top >= page.height * (1 - MARGIN_ZONE)
            if not (top or bottom):
                continue
            if _PAGE_NUMBER.match(line.text):
                drop.add(id(line))
                numbers = True
                continue
            zone.setdefault(("t:" if top else "b:") + _key(line.text), []).append(line)
    headers: list[str] = []
    footers: list[str] = []
    if len(pages) >= 2:
        need = max(2, (len(pages) + 1) // 2)
        for key, lines in zone.items():
            if len({ln.page for ln in lines}) >= need:
                drop.update(id(ln) for ln in lines)
                (headers if key.startswith("t:") else footers).append(lines[0].text)
    return drop, headers, footers, numbers


def _join(a: str, b: str) -> str:
    if a.endswith("\u00ad"):
        return a[:-1] + b
    if len(a) >= 2 and a[-1] in "-‐" and a[-2].isalpha() and a[-2].islower() and b[:1].islower():
        return a[:-1] + b
    return a + " " + b


def _is_heading(line: Line, body_size: float) -> bool:
    return bool(line.text) and (line.bold or (body_size > 0 and line.size >= body_size * 1.15)) and len(line.text) < 160


def _same_axis(a: Line, b: Line, em: float) -> bool:
    """Two lines of different widths centred on the same vertical axis."""
    tol = max(2.0, 0.4 * em)
    return abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2 < tol and abs((a.x1 - a.x0) - (b.x1 - b.x0)) > tol


def _paragraphs_of(page: Page, lines: list[Line], body_size: float) -> list[Paragraph]:
    if not lines:
        return []
    lefts = Counter(round(ln.x0) for ln in lines if len(ln.text) > 20) or Counter(round(ln.x0) for ln in lines)
    left = min(x for x, n in lefts.items() if n >= max(1, lefts.most_common(1)[0][1] // 3))
    right = max(ln.x1 for ln in lines)
    width = max(right - left, 1.0)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * max(a.height, 1)]
    pitch = statistics.median(pitches) if pitches else max((ln.height for ln in lines), default=12) * 1.2
    em = body_size or statistics.median(ln.height for ln in lines)
    out: list[Paragraph] = []
    prev: Line | None = None
    for ln in lines:
        heading = _is_heading(ln, body_size)
        marker = bool(_LIST_MARKER.match(ln.text))
        if prev is None or (ln.top - prev.top > pitch * 1.45 or ln.top < prev.top - em  # a gap, or a new column
              or marker or heading != _is_heading(prev, body_size) or ln.legacy_font != prev.legacy_font):
            new = True
        elif _same_axis(prev, ln, em):  # lines centred on one axis: a title, a header name
            new = prev.text.isupper() != ln.text.isupper()
            if not new:
                out[-1].align = "center"
        else:
            edge = prev.right_edge or right
            new = ln.x0 - left > 1.2 * em or prev.x1 < edge - max(3 * em, 0.12 * width)  # indent; short line
        if new:
            centred = ln.x0 - left > 1.5 * em and abs((ln.x0 - left) - (right - ln.x1)) < em
            kind = "heading" if heading else ("list" if marker else "body")
            out.append(Paragraph(ln.text, page.number, kind, "center" if centred else "both",
                                 bold=heading and ln.bold, legacy_font=ln.legacy_font))
        else:
            out[-1].text = _join(out[-1].text, ln.text)
        prev = ln
    return out


def build_layout(pages: list[Page]) -> Layout:
    """Paragraphs of the pages in reading order, running headers/footers and page numbers apart.
    A paragraph cut by a page break is joined again when the next page goes on in lower case."""
    for page in pages:
        for ln in page.lines:
            ln.text = clean_line_text(ln.text)
        page.lines = [ln for ln in page.lines if ln.text]
    drop, headers, footers, numbers = _running(pages)
    sizes = Counter(round(ln.size * 2) / 2 for p in pages for ln in p.lines if ln.size and len(ln.text) > 20)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    paragraphs: list[Paragraph] = []
    empty = []
    for page in pages:
        lines = [ln for ln in page.lines if id(ln) not in drop]
        if not page.lines:
            empty.append(page.number)
        paras = _paragraphs_of(page, lines, body_size)
        if (paras and paragraphs and paras[0].kind == "body" and paragraphs[-1].kind != "heading"
                and paras[0].text[:1].islower() and paragraphs[-1].text[-1:] not in ".:;!?"):
            paragraphs[-1].text = _join(paragraphs[-1].text, paras.pop(0).text)
        paragraphs += paras
    return Layout(paragraphs, headers, footers, numbers, empty)
