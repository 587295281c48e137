"""A read-only view over a DOCX package for the Decree 30 linter.

It gives the paragraphs in document order (body, table cells, text boxes) with where they
are, each run's formatting resolved through style inheritance (see styles.py), each
paragraph's properties likewise, and the sections with their page size, margins, titlePg
flag and header/footer parts.

The package is read only through read_package and the ooxml layer (parts, paragraph text),
so hostile input stays bounded and lint reads the text clean reads.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import cast

from lxml import etree

from ..errors import DocgenError, InputError
from ..io.package import read_package
from ..io.xmlsafe import parse_xml
from ..ooxml.ns import A_NS, MC, R_NS, RT_STYLES, RT_THEME, W
from ..ooxml.parts import main_part, relationships
from ..ooxml.text import OBJECT, FieldState, extract, run_texts
from ..vi.case import nfc
from ..ooxml.styles import ParaProps, RunProps, Styles, fold_para, fold_run, on, to_int

TWIPS_PER_MM = 1440 / 25.4
MC_FALLBACK = MC + "Fallback"
REL_STYLES = RT_STYLES
REL_THEME = RT_THEME

# The text rules read: the ooxml text of the paragraph (deleted and moved-away runs, field
# codes are not text), with one fold for matching: a non-breaking hyphen is a hyphen, soft
# hyphens and objects (drawings, symbols) are not letters; NFC.
_FOLD = {ord("\u2011"): "-", ord("\u00ad"): None, ord(OBJECT): None}


def rule_text(text: str) -> str:
    """ooxml paragraph text as the rules compare it (see ``_FOLD``)."""
    return nfc(text.translate(_FOLD))


@dataclass
class Run:
    el: etree._Element
    text: str
    props: RunProps


@dataclass
class Paragraph:
    index: int  # 1-based, document order
    el: etree._Element
    text: str
    runs: list[Run]
    props: ParaProps
    mark: RunProps  # formatting of the paragraph mark (used when a paragraph has no text runs)
    where: str = ""  # "bảng 1, hàng 1, cột 2", "hộp văn bản" or "" for the body
    cell: etree._Element | None = None
    table: etree._Element | None = None  # outermost table holding the paragraph
    cell_pos: tuple[int, int, int] | None = None  # (table number, row, column), 1-based
    line: int | None = None  # for one line of a paragraph split by line breaks: its number, from 0

    @property
    def order(self) -> tuple[int, int]:
        """Position in the document, lines of one paragraph included."""
        return (self.index, self.line or 0)

    @property
    def clean(self) -> str:
        """The text with runs of white space as one space; computed once per text (rules ask for
        it per finding, and a paragraph may hold megabytes)."""
        cached = self.__dict__.get("_clean")
        if cached is None or cached[0] is not self.text:
            cached = (self.text, " ".join(self.text.split()))
            self.__dict__["_clean"] = cached
        return cached[1]

    def text_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]

    def snippet(self, width: int = 48) -> str:
        t = self.clean
        return t if len(t) <= width else t[: width - 1] + "…"

    def location(self) -> dict:
        return {"paragraph": self.index, "where": self.where, "snippet": self.snippet()}

    def lines(self) -> list[Paragraph]:
        """The paragraph itself, or, when line breaks split it ("CỘNG HÒA …↵Độc lập …"), one view
        per non-empty line with the runs (pieces of runs) on that line."""
        if "\n" not in self.text.strip():
            return [self]
        lines: list[list[Run]] = [[]]
        for r in self.runs:
            for k, piece in enumerate(r.text.split("\n")):
                if k:
                    lines.append([])
                if piece:
                    lines[-1].append(Run(r.el, piece, r.props))
        return [replace(self, text="".join(r.text for r in runs), runs=runs, line=i)
                for i, runs in enumerate(lines) if "".join(r.text for r in runs).strip()]


@dataclass
class Section:
    index: int
    el: etree._Element
    width: int | None
    height: int | None
    orient: str | None
    margins: dict[str, int]
    title_pg: bool
    headers: dict[str, str] = field(default_factory=dict)  # type → part name (inherited resolved)
    footers: dict[str, str] = field(default_factory=dict)
    has_table: bool = False
    has_text: bool = False

    def location(self) -> dict:
        return {"section": self.index, "where": f"phần (section) {self.index}", "snippet": ""}


def runs(p: etree._Element, fields: FieldState | None = None) -> list[tuple[etree._Element, str]]:
    """The runs of a paragraph's visible text with their text as rules read it (ooxml text)."""
    return [(r, rule_text(t)) for r, t in run_texts(extract(p, fields))]


class DocxModel:
    """The parsed parts a linter needs, with derived views. Parts it changes are marked dirty."""

    def __init__(self, source, name: str | None = None):
        self.name = name or ("<bytes>" if isinstance(source, (bytes, bytearray)) else str(source))
        try:
            self._load(source)
        except DocgenError as exc:
            raise self._named(exc) from None

    def _named(self, exc: DocgenError) -> DocgenError:
        """The same error, naming the file when its message does not yet."""
        if exc.file or self.name in str(exc):
            return exc
        return type(exc)(str(exc), file=self.name)

    def _load(self, source) -> None:
        self.parts = read_package(source)
        main = main_part(self.parts, self.name)
        self.main = main
        self.roots: dict[str, etree._Element] = {main: parse_xml(self.parts[main], main)}
        self.body = self.roots[main].find(W + "body")
        if self.body is None:
            raise InputError(f"{self.name}: {main} không có phần thân văn bản (w:body).")
        self.rels = relationships(self.parts, main)
        self.dirty: set[str] = set()
        styles_part = next((t for ty, t in self.rels.values() if ty.endswith(REL_STYLES)), None)
        theme_part = next((t for ty, t in self.rels.values() if ty.endswith(REL_THEME)), None)
        if styles_part in self.parts:
            self.roots[styles_part] = parse_xml(self.parts[styles_part], styles_part)
        self.styles_part = styles_part
        self.styles = Styles(self.roots.get(styles_part) if styles_part else None, self._theme_fonts(theme_part))
        self._cache: dict[tuple, RunProps | ParaProps] = {}
        self.paragraphs = self._paragraphs(self.body)
        self.sections = self._sections()

    # -- parts -------------------------------------------------------------------------
    def root(self, part: str) -> etree._Element:
        if part not in self.roots:
            try:
                self.roots[part] = parse_xml(self.parts[part], part)
            except DocgenError as exc:
                raise self._named(exc) from None
        return self.roots[part]

    def _theme_fonts(self, part: str | None) -> dict[str, str]:
        if not part or part not in self.parts:
            return {}
        root = parse_xml(self.parts[part], part)
        out = {}
        for kind in ("major", "minor"):
            latin = root.find(f".//{{{A_NS}}}{kind}Font/{{{A_NS}}}latin")
            if latin is not None and latin.get("typeface"):
                out[kind] = latin.get("typeface")
        return out

    # -- paragraphs ----------------------------------------------------------------------
    def paragraph(self, p: etree._Element, index: int, fields: FieldState | None = None) -> Paragraph:
        pstyle = self.styles.para_style(p)
        out = []
        for r, text in runs(p, fields):
            rs = r.find(f"{W}rPr/{W}rStyle")
            base = self._style_run(pstyle, rs.get(W + "val") if rs is not None else None)
            own = r.find(W + "rPr")
            out.append(Run(r, text, fold_run(self.styles, [own], base) if own is not None else base))
        ppr = p.find(W + "pPr")
        mark = ppr.find(W + "rPr") if ppr is not None else None
        base = self._style_run(pstyle, None)
        return Paragraph(
            index=index, el=p, text="".join(r.text for r in out), runs=out,
            props=fold_para([ppr], self._style_para(pstyle)) if ppr is not None else self._style_para(pstyle),
            mark=fold_run(self.styles, [mark], base) if mark is not None else base,
        )

    def _style_run(self, pstyle: str | None, cstyle: str | None) -> RunProps:
        """Run properties the styles give (cached; callers copy before changing)."""
        key = ("r", pstyle, cstyle)
        if key not in self._cache:
            self._cache[key] = fold_run(self.styles, self.styles.run_layers(pstyle, cstyle))
        return cast(RunProps, self._cache[key])

    def _style_para(self, pstyle: str | None) -> ParaProps:
        key = ("p", pstyle)
        if key not in self._cache:
            self._cache[key] = fold_para(self.styles.para_layers(pstyle))
        return cast(ParaProps, self._cache[key])

    def _paragraphs(self, container: etree._Element) -> list[Paragraph]:
        out: list[Paragraph] = []
        tables: dict[int, int] = {}
        fields = FieldState()  # complex fields may span paragraphs: one state, document order
        for p in container.iter(W + "p"):
            where, cell, table, pos = "", None, None, None
            anc = p.getparent()
            chain = []
            skip = False
            while anc is not None and anc is not container:
                if anc.tag == MC_FALLBACK:
                    skip = True
                    break
                chain.append(anc)
                anc = anc.getparent()
            if skip:
                continue
            if any(a.tag == W + "txbxContent" for a in chain):
                where = "hộp văn bản"
            else:
                tcs = [a for a in chain if a.tag == W + "tc"]
                if tcs:
                    cell = tcs[0]
                    table = [a for a in chain if a.tag == W + "tbl"][-1]
                    num = tables.setdefault(id(table), len(tables) + 1)
                    tr = cell.getparent()
                    row = [x for x in tr.getparent() if x.tag == W + "tr"].index(tr) + 1 if tr is not None else 0
                    col = [x for x in tr if x.tag == W + "tc"].index(cell) + 1
                    pos = (num, row, col)
                    where = f"bảng {num}, hàng {row}, cột {col}"
            para = self.paragraph(p, len(out) + 1, fields)
            para.where, para.cell, para.table, para.cell_pos = where, cell, table, pos
            out.append(para)
        return out

    def header_paragraphs(self, part: str) -> list[Paragraph]:
        root = self.root(part)
        fields = FieldState()
        return [self.paragraph(p, i + 1, fields) for i, p in enumerate(root.iter(W + "p"))]

    # -- sections ------------------------------------------------------------------------
    def _sections(self) -> list[Section]:
        sects = [p.find(f"{W}pPr/{W}sectPr") for p in self.body.iter(W + "p")]
        sect_els = [s for s in sects if s is not None]
        final = self.body.find(W + "sectPr")
        if final is not None:
            sect_els.append(final)
        out: list[Section] = []
        headers: dict[str, str] = {}
        footers: dict[str, str] = {}
        for i, s in enumerate(sect_els, 1):
            sz = s.find(W + "pgSz")
            mar = s.find(W + "pgMar")
            margins = {}
            if mar is not None:
                for k in ("top", "bottom", "left", "right", "header", "footer"):
                    v = to_int(mar.get(W + k))
                    if v is not None:
                        margins[k] = abs(v)
            for tag, acc in (("headerReference", headers), ("footerReference", footers)):
                for ref in s.findall(W + tag):
                    rel = self.rels.get(ref.get("{%s}id" % R_NS))
                    if rel and rel[1] in self.parts:
                        acc[ref.get(W + "type", "default")] = rel[1]
            out.append(Section(
                index=i, el=s,
                width=to_int(sz.get(W + "w")) if sz is not None else None,
                height=to_int(sz.get(W + "h")) if sz is not None else None,
                orient=sz.get(W + "orient") if sz is not None else None,
                margins=margins, title_pg=on(s.find(W + "titlePg")) or False,
                headers=dict(headers), footers=dict(footers),
            ))
        # which sections hold a table / text: walk the body's top-level children
        idx = 0
        for child in self.body:
            if idx >= len(out):
                break
            if child.tag == W + "tbl":
                out[idx].has_table = True
            elif child.tag == W + "p":
                if rule_text(extract(child).text).strip():
                    out[idx].has_text = True
                if child.find(f"{W}pPr/{W}sectPr") is not None:
                    idx += 1
        return out

    def mark_dirty(self, part: str) -> None:
        self.dirty.add(part)
