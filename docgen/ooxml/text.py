"""The visible text of a ``w:p`` and a map from its offsets back to the XML.

Only ``w:t`` text of ordinary runs is editable. Tabs, breaks, non-breaking hyphens, field
results, symbols and drawings appear in the text (so normalizers see word boundaries) but are
fixed: an edit touching them is not applied. Deleted text (``w:del``, ``w:moveFrom``) and
field codes (``w:instrText`` and anything between a field's begin and separate) are left out.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from lxml import etree

from ..io.package import read_package
from ..io.xmlsafe import parse_xml
from .ns import MC, M, W

OBJECT = "\ufffc"
_CONTAINERS = {W + n for n in ("hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "dir", "bdo")}
_INSERTED = {W + "ins", W + "moveTo"}
_CHARS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
          W + "noBreakHyphen": "\u2011", W + "softHyphen": "\u00ad"}
_OBJECTS = {W + n for n in ("sym", "drawing", "pict", "object", "footnoteReference", "endnoteReference")} | {
    MC + "AlternateContent"}


@dataclass
class Segment:
    """A piece of paragraph text: ``text[start:end]``; ``elem`` is the ``w:t`` when editable,
    ``insertion`` the pending ``w:ins``/``w:moveTo`` it lies in, if any."""

    start: int
    end: int
    elem: etree._Element | None = None
    insertion: etree._Element | None = None
    source: etree._Element | None = None  # the w:r the text comes from (None: math)

    @property
    def editable(self) -> bool:
        return self.elem is not None

    @property
    def run(self) -> etree._Element | None:
        return None if self.elem is None else self.elem.getparent()


@dataclass
class FieldState:
    """Complex fields (``w:fldChar``) may span runs and paragraphs: one state per part."""

    stack: list[str] = field(default_factory=list)

    @property
    def in_code(self) -> bool:
        return "code" in self.stack

    @property
    def in_result(self) -> bool:
        return bool(self.stack)


@dataclass
class ParagraphText:
    element: etree._Element
    text: str
    segments: list[Segment]
    _starts: list[int] | None = field(default=None, repr=False, compare=False)

    def _at(self, pos: int) -> int:
        """Index of the segment holding character ``pos`` (segments are contiguous and not
        empty), found by bisection: a paragraph of many runs is not scanned once per edit."""
        if self._starts is None:
            self._starts = [s.start for s in self.segments]
        return bisect.bisect_right(self._starts, pos) - 1

    def pieces(self, start: int, end: int) -> list[tuple[Segment, int, int]]:
        """Editable pieces (segment, local start, local end) covering ``[start, end)``, or [] if
        any character there is fixed. For an insertion (start == end) the one segment it goes
        into: the end of the run before it, else the start of the run after it."""
        if start == end:
            k = self._at(start - 1) if start > 0 else -1
            seg = None
            if k >= 0 and self.segments[k].editable and self.segments[k].start < start <= self.segments[k].end:
                seg = self.segments[k]
            else:
                k = self._at(start)
                if k >= 0 and self.segments[k].editable and self.segments[k].start == start:
                    seg = self.segments[k]
            return [] if seg is None else [(seg, start - seg.start, start - seg.start)]
        out, pos = [], start
        for k in range(max(0, self._at(start)), len(self.segments)):  # no copy of the list
            s = self.segments[k]
            if s.end <= start or s.start == s.end:
                continue
            if s.start >= end:
                break
            if not s.editable or s.start > pos:
                return []
            out.append((s, max(start, s.start) - s.start, min(end, s.end) - s.start))
            pos = min(end, s.end)
        return out if pos == end else []


def paragraphs(root: etree._Element) -> list[etree._Element]:
    """Every ``w:p`` of a part in document order (body, tables, text boxes)."""
    return list(root.iter(W + "p"))


def extract(p: etree._Element, fields: FieldState | None = None) -> ParagraphText:
    """The paragraph's visible text and its segment map."""
    fields = fields or FieldState()
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0

    def add(text: str, elem=None, insertion=None, source=None) -> None:
        nonlocal pos
        if not text:
            return
        parts.append(text)
        segments.append(Segment(pos, pos + len(text), elem, insertion, source))
        pos += len(text)

    def run(r: etree._Element, fixed: bool, insertion) -> None:
        for c in r:
            tag = c.tag
            if tag == W + "fldChar":
                kind = c.get(W + "fldCharType")
                if kind == "begin":
                    fields.stack.append("code")
                elif kind == "separate" and fields.stack:
                    fields.stack[-1] = "result"
                elif kind == "end" and fields.stack:
                    fields.stack.pop()
            elif fields.in_code:
                continue
            elif tag == W + "t":
                add(c.text or "", None if fixed or fields.in_result else c, insertion, r)
            elif tag in _CHARS:
                add(_CHARS[tag], source=r)
            elif tag in _OBJECTS:
                add(OBJECT, source=r)

    def walk(el: etree._Element, fixed: bool, insertion) -> None:
        for c in el:
            tag = c.tag
            if tag == W + "r":
                run(c, fixed, insertion)
            elif tag in _CONTAINERS:
                walk(c, fixed, insertion)
            elif tag in _INSERTED:
                walk(c, fixed, c)
            elif tag == W + "fldSimple":
                walk(c, True, insertion)
            elif tag in (M + "oMath", M + "oMathPara"):
                add(OBJECT)

    walk(p, False, None)
    return ParagraphText(p, "".join(parts), segments)


def run_texts(para: ParagraphText) -> list[tuple[etree._Element, str]]:
    """The runs that make up the paragraph's text, each with its piece of ``para.text``, in
    order (a run that shows nothing is left out)."""
    out: list[tuple[etree._Element, str]] = []
    for s in para.segments:
        if s.source is None:
            continue
        piece = para.text[s.start:s.end]
        if out and out[-1][0] is s.source:
            out[-1] = (s.source, out[-1][1] + piece)
        else:
            out.append((s.source, piece))
    return out


def story_texts(docx: bytes) -> dict[str, list[str]]:
    """The text of every paragraph of every part the cleaner reads — the body ("") then the
    headers, footers, notes and comments by part name — in the order it reads them."""
    from .parts import main_part, story_parts

    parts = read_package(docx)
    main = main_part(parts)
    out: dict[str, list[str]] = {}
    for part in [main] + [p for p, _ in story_parts(parts, main)]:
        state = FieldState()
        out["" if part == main else part] = [extract(p, state).text for p in paragraphs(parse_xml(parts[part], part))]
    return out


def document_texts(docx: bytes) -> list[str]:
    """The text of every paragraph of a DOCX's main document, in order, as the cleaner reads it."""
    from .parts import main_part

    parts = read_package(docx)
    part = main_part(parts)
    state = FieldState()
    return [extract(p, state).text for p in paragraphs(parse_xml(parts[part], part))]
