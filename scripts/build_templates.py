#!/usr/bin/env python3
"""Build the four Decree 30 DOCX templates in templates_docx/ (reviewable, rebuildable).

    python scripts/build_templates.py [--out templates_docx]

Each template is an ordinary Word document: an office may open it in Word, change the look
(keeping the {{ … }} tags) and save it. Layout follows ../shared/reference/nd30.md:
A4 portrait, margins 20/20/30/15 mm, Times New Roman; the header is a borderless two-column
table (agency left, national title and motto right); the signature block and `Nơi nhận:`
share a borderless table at the end; page numbers are centred in the top margin from page 2.

Tags: ``{{ … }}`` inside a run; ``{%p … %}`` alone in a paragraph repeats or drops the whole
paragraph; ``{%tr … %}`` does the same for a table row. The context each template sees is
built by docgen.produce.context().
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from docgen.io.package import read_package, write_package  # noqa: E402
from docgen.layout import geometry as G  # noqa: E402
from docgen.ooxml import order  # noqa: E402

FONT = "Times New Roman"
TEXT_WIDTH_MM = G.TEXT_W
# the decree samples' columns; docgen.produce widens the left one for a long agency name and
# sets the rules' lengths from the names (docgen.ooxml.geometry)
LEFT_COL_MM = G.HEADER_LEFT
RIGHT_COL_MM = G.HEADER_RIGHT
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- low-level helpers

def _set_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def run(p, text: str, *, bold=False, italic=False, size=14):
    r = p.add_run(text)
    r.bold = bold or None
    r.italic = italic or None
    r.font.size = Pt(size)
    _set_fonts(r._element.get_or_add_rPr())
    for t in r._element.iter(qn("w:t")):
        t.set(qn("xml:space"), "preserve")
    return r


def para(container, text: str = "", *, bold=False, italic=False, size=14, align=CENTER,
         first_indent_mm: float | None = None, before=0, after=0, runs=None, keep_next=False,
         keep_lines=False, indent_mm: float | None = None):
    """A paragraph with explicit formatting (no reliance on style defaults)."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = 1.0
    if keep_next:
        pf.keep_with_next = True
    if keep_lines:
        pf.keep_together = True
    if indent_mm is not None:
        pf.left_indent = pf.right_indent = Mm(indent_mm)
    if first_indent_mm is not None:
        pf.first_line_indent = Mm(first_indent_mm)
    for piece in runs or [(text, {})]:
        t, fmt = piece
        if t:
            run(p, t, **{"size": size, "bold": bold, "italic": italic, **fmt})
    # the paragraph mark carries the size too, so empty paragraphs keep the line height
    rpr = p._p.get_or_add_pPr()
    mark = OxmlElement("w:rPr")
    _set_fonts(mark)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    mark.append(sz)
    rpr.append(mark)
    return p


def body(container, text: str = "", **kw):
    """A body paragraph: 14 pt, justified, first-line indent 12.7 mm, 6 pt after."""
    kw.setdefault("align", JUSTIFY)
    kw.setdefault("first_indent_mm", 12.7)
    kw.setdefault("after", 6)
    return para(container, text, **kw)


def tag(container, statement: str):
    """A control paragraph ``{%p … %}``: the engine replaces it by the bare tag."""
    return para(container, "{%p " + statement + " %}", size=14, align=LEFT)


def each(container, statement: str, text: str, **kw):
    """A body paragraph repeated for each item: ``{%p for … %}``, the paragraph, ``{%p endfor %}``."""
    tag(container, statement)
    body(container, text, **kw)
    tag(container, "endfor")


def each_last_kept(container, statement: str, text: str, last: str = "loop.last", **kw):
    """Like :func:`each`, but the last paragraph (``last`` true) is kept whole and on the page
    of what follows (the signature block), so the end of the text never parts from it."""
    tag(container, statement)
    tag(container, f"if {last}")
    body(container, text, keep_next=True, keep_lines=True, **kw)
    tag(container, "else")
    body(container, text, **kw)
    tag(container, "endif")
    tag(container, "endfor")


def cant_split(table) -> None:
    """No row of ``table`` breaks across pages."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def rule_line(container, length_mm: float, width_mm: float):
    """A centred solid line of ``length_mm`` under the previous paragraph (bottom border of an
    empty, 1 pt paragraph indented to that length)."""
    p = para(container, "", size=1)
    side = max((width_mm - length_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    # pBdr must come before spacing/ind/jc in CT_PPr order: insert after pStyle/keepNext if any
    ppr.insert(0, bdr)
    _reorder_ppr(ppr)
    return p


_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]


def _reorder_ppr(ppr) -> None:
    children = list(ppr)
    children.sort(key=lambda el: _PPR_ORDER.index(el.tag.split("}")[1]) if el.tag.split("}")[1] in _PPR_ORDER else 99)
    for el in children:
        ppr.append(el)


def borderless_table(doc, widths_mm: list[float], rows: int = 1):
    """A borderless table with fixed column widths and no cell margins left/right."""
    t = doc.add_table(rows=rows, cols=len(widths_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # w:tblLayout fixed
    tbl = t._tbl
    tblPr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "nil")
        borders.append(b)
    tblPr.append(borders)
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "0")
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    tblPr.append(mar)
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = OxmlElement("w:tblW")
        tblPr.append(tblW)
    tblW.set(qn("w:w"), str(int(sum(widths_mm) * 56.6929)))
    tblW.set(qn("w:type"), "dxa")
    _sort_tblpr(tblPr)
    for i, w in enumerate(widths_mm):
        t.columns[i].width = Mm(w)
        for cell in t.columns[i].cells:
            cell.width = Mm(w)
    for row in t.rows:
        for cell in row.cells:
            # drop the empty paragraph python-docx puts in each new cell; filled below
            for p in list(cell._tc.iter(qn("w:p"))):
                p.getparent().remove(p)
    return t


_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]


def _sort_tblpr(tblPr) -> None:
    children = sorted(tblPr, key=lambda el: _TBLPR_ORDER.index(el.tag.split("}")[1]))
    for el in children:
        tblPr.append(el)


# ---------------------------------------------------------------- document skeleton

def new_document():
    doc = Document()
    # a justified line that ends in a line break (Shift+Enter) is not stretched (lists of
    # invitees, one an item a line, in a Giấy mời tightened to one page)
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))
    # drop the default empty paragraph
    for p in list(doc.element.body.iter(qn("w:p"))):
        p.getparent().remove(p)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    # document defaults and Normal: Times New Roman 14, Vietnamese
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    for el in rpr_default.findall(qn("w:lang")):
        rpr_default.remove(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr_default.append(lang)
    for sz_tag in ("w:sz", "w:szCs"):
        for el in rpr_default.findall(qn(sz_tag)):
            rpr_default.remove(el)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    # every style that names a font or a theme font gets Times New Roman
    for fonts in styles.iter(qn("w:rFonts")):
        _set_fonts(fonts.getparent())
    # page number: centred in the top margin, 13 pt, not on page 1
    sec.different_first_page_header_footer = True
    hdr = sec.header
    hdr.is_linked_to_previous = False
    hp = hdr.paragraphs[0]
    hp.alignment = CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _set_fonts(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "26")
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    hp._p.append(fld)
    sec.first_page_header.is_linked_to_previous = False
    core = doc.core_properties
    core.author = "docgen"
    core.last_modified_by = "docgen"
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    core.language = "vi-VN"
    return doc


def header_block(doc, *, left_top: list, number_expr: str | None, date_expr: str | None):
    """The two-column header: ``left_top`` = [(text, bold)] lines of the agency cell."""
    t = borderless_table(doc, [LEFT_COL_MM, RIGHT_COL_MM], rows=2)
    left, right = t.rows[0].cells
    for kind, text, bold in left_top:
        if kind == "tag":
            tag(left, text)
        else:
            para(left, text, bold=bold, size=13)
    rule_line(left, 22, LEFT_COL_MM)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    rule_line(right, 62, RIGHT_COL_MM)
    left2, right2 = t.rows[1].cells
    para(left2, number_expr or "", size=13, before=6)
    para(right2, date_expr or "", italic=True, size=14, before=6)
    return t


def agency_lines():
    return [
        ("tag", "if agency.parent", False),
        ("text", "{{ parent_header }}", False),
        ("tag", "endif", False),
        ("text", "{{ agency_header }}", True),
    ]


def title_block(doc, doc_type: str, summary_expr: str | None):
    para(doc, doc_type, bold=True, size=14, before=18, keep_next=True)
    if summary_expr:
        para(doc, summary_expr, bold=True, size=14, keep_next=True)
    rule_line(doc, 40, TEXT_WIDTH_MM)
    tag(doc, "if not compact")  # a one-page Giấy mời drops this spacer (docgen.produce)
    para(doc, "", size=6, after=6)
    tag(doc, "endif")


def recipients_cell(cell, expr_list: str, label_before: int = 0):
    para(cell, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT, before=label_before)
    # docgen gives the lines formatted (``- …;``, the last ``- Lưu: VT, VP.``) and broken between
    # words; an office's template may also loop over ``recipients`` with ``|dong_noi_nhan(loop.last)``
    tag(cell, f"for r in {expr_list.replace('recipients', 'recipient_lines')}")
    para(cell, "{{ r }}", size=11, align=LEFT)
    tag(cell, "endfor")


def signer_cell(cell, signer: str = "signer"):
    tag(cell, f"for line in {signer}.lines")
    para(cell, "{{ line }}", bold=True, size=14)
    tag(cell, "endfor")
    for _ in range(3):
        para(cell, "", size=14)
    tag(cell, "if not compact")  # a one-page Giấy mời keeps three blank lines to sign on
    para(cell, "", size=14)
    tag(cell, "endif")
    para(cell, "{{ %s.name }}" % signer, bold=True, size=14)


def closing_table(doc, left_fill, right_fill):
    t = borderless_table(doc, [TEXT_WIDTH_MM * 0.45, TEXT_WIDTH_MM * 0.55], rows=1)
    left, right = t.rows[0].cells
    left_fill(left)
    right_fill(right)
    cant_split(t)  # the signer's title and name never part
    return t


# ---------------------------------------------------------------- the four documents

def giay_moi():
    doc = new_document()
    header_block(doc, left_top=agency_lines(), number_expr="{{ number_line }}",
                 date_expr="{{ place_date }}")
    title_block(doc, "GIẤY MỜI", "{{ summary }}")
    tag(doc, "if invitees|length == 1")
    body(doc, "{{ agency.name }} trân trọng kính mời: {{ invitees[0] }}.")
    tag(doc, "elif compact")
    # a one-page Giấy mời (docgen.produce): the list as one paragraph, an item a line
    body(doc, "{{ agency.name }} trân trọng kính mời:")
    p = body(doc, "{{ invitee_block }}", first_indent_mm=0)
    p.paragraph_format.left_indent = Mm(12.7)
    tag(doc, "else")
    body(doc, "{{ agency.name }} trân trọng kính mời:")
    each(doc, "for g in invitees", "{{ g|dong_liet_ke(loop.last) }}")
    tag(doc, "endif")
    body(doc, "Tới dự {{ meeting.title }}.")
    body(doc, runs=[("Chủ trì: ", {"bold": True}), ("{{ chair }}.", {})])
    body(doc, runs=[("Thời gian: ", {"bold": True}), ("{{ meeting.start|thoi_gian }}.", {})])
    body(doc, runs=[("Địa điểm: ", {"bold": True}), ("{{ place_line }}", {})], keep_next=True, keep_lines=True)
    each_last_kept(doc, "for n in notes", "{{ n }}")
    closing_table(doc, lambda c: recipients_cell(c, "recipients", 12), signer_cell)
    return doc


def bien_ban():
    doc = new_document()
    header_block(doc, left_top=agency_lines(), number_expr="{{ number_line }}", date_expr=None)
    title_block(doc, "BIÊN BẢN", "{{ summary }}")
    body(doc, runs=[("Thời gian bắt đầu: ", {"bold": True}), ("{{ meeting.start|thoi_gian }}.", {})])
    body(doc, runs=[("Địa điểm: ", {"bold": True}), ("{{ meeting.place }}.", {})])
    body(doc, "Thành phần tham dự:", bold=True)
    each(doc, "for a in attendees", "{{ a|dong_liet_ke(loop.last) }}")
    tag(doc, "if absentees")
    body(doc, "Vắng mặt:", bold=True)
    each(doc, "for a in absentees", "{{ a|dong_liet_ke(loop.last) }}")
    tag(doc, "endif")
    body(doc, runs=[("Chủ trì (chủ tọa): ", {"bold": True}), ("{{ chair }}.", {})])
    body(doc, runs=[("Thư ký (người ghi biên bản): ", {"bold": True}), ("{{ secretary }}.", {})])
    tag(doc, "if meeting.agenda")
    body(doc, "Chương trình:", bold=True)
    each(doc, "for a in meeting.agenda", "{{ loop.index }}. {{ a }}")
    tag(doc, "endif")
    body(doc, "Nội dung:", bold=True)
    each(doc, "for p in meeting.proceedings", "{{ p }}")
    tag(doc, "if meeting.conclusions")
    body(doc, "Kết luận:", bold=True)
    each(doc, "for c in meeting.conclusions", "{{ c }}")
    tag(doc, "endif")
    body(doc, "{{ closing }}", keep_next=True, keep_lines=True)

    def left(cell):
        para(cell, "THƯ KÝ", bold=True, size=14)
        tag(cell, "if meeting.chair.title")
        para(cell, "", size=14)
        tag(cell, "endif")
        for _ in range(4):
            para(cell, "", size=14)
        para(cell, "{{ meeting.secretary.name }}", bold=True, size=14)
        recipients_cell(cell, "recipients", 12)

    def right(cell):
        para(cell, "CHỦ TỌA", bold=True, size=14)
        tag(cell, "if meeting.chair.title")
        para(cell, "{{ meeting.chair.title|hoa }}", bold=True, size=14)
        tag(cell, "endif")
        for _ in range(4):
            para(cell, "", size=14)
        para(cell, "{{ meeting.chair.name }}", bold=True, size=14)

    t = borderless_table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], rows=1)
    left(t.rows[0].cells[0])
    right(t.rows[0].cells[1])
    cant_split(t)
    return doc


def quyet_dinh():
    doc = new_document()
    header_block(doc, left_top=agency_lines(), number_expr="{{ number_line }}", date_expr="{{ place_date }}")
    title_block(doc, "QUYẾT ĐỊNH", "{{ summary }}")
    para(doc, "{{ authority_line }}", bold=True, size=14, after=12)
    each(doc, "for b in bases", "{{ b }}", italic=True)
    para(doc, "QUYẾT ĐỊNH:", bold=True, size=14, before=6, after=12)
    tag(doc, "for a in articles")
    tag(doc, "set last_article = loop.last")
    body(doc, runs=[("{{ a.heading }}", {"bold": True}), ("{{ a.inline }}", {})], keep_next=True, keep_lines=True)
    each_last_kept(doc, "for x in a.paragraphs", "{{ x }}", last="last_article and loop.last")
    tag(doc, "endfor")
    closing_table(doc, lambda c: recipients_cell(c, "recipients", 12), signer_cell)
    restart_numbering(doc)
    appendix(doc)
    return doc


def section_break(doc):
    """End the section here: a 1 pt paragraph holding a copy of the document's section
    properties (same page, margins and headers); what follows starts a new page and a section of
    its own, whose page numbers start again at 1 (the document's last ``w:sectPr`` says so),
    page 1 unnumbered like the decision's own first page (Decree 30, Appendix I: appendices are
    numbered separately)."""
    p = para(doc, "", size=1)
    sect = copy.deepcopy(doc.element.body.find(qn("w:sectPr")))
    ppr = p._p.get_or_add_pPr()
    ppr.append(sect)
    _reorder_ppr(ppr)
    return p


def restart_numbering(doc) -> None:
    """The document's last section (the body, or an appendix after a section break) numbers its
    pages from 1; its first page shows no number (w:titlePg, an empty first-page header)."""
    sect = doc.element.body.find(qn("w:sectPr"))
    order.child(sect, "pgNumType").set(qn("w:start"), "1")
    order.child(sect, "titlePg")


def appendix(doc):
    """Danh sách / Phụ lục after the signature, in a section of its own (Decree 30, Appendix I:
    a new page, pages numbered separately from 1, page 1 unnumbered): heading,
    title, ``(Kèm theo Quyết định số … ngày … của …)``, a short rule, then a table of people
    (STT, name, position, role) and/or paragraphs."""
    tag(doc, "if appendix")
    section_break(doc)
    para(doc, "{{ appendix.heading }}", bold=True, size=14, keep_next=True)
    para(doc, "{{ appendix.title }}", bold=True, size=14, keep_next=True)
    para(doc, "{{ appendix.note }}", italic=True, size=14, keep_next=True)
    rule_line(doc, 40, TEXT_WIDTH_MM)
    para(doc, "", size=6, after=6)
    tag(doc, "if appendix.people")
    widths = [12, 50, 68, 35]
    t = borderless_table(doc, widths, rows=4)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = t._tbl.tblPr.find(qn("w:tblBorders")).find(qn(f"w:{side}"))
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            b.set(qn(k), v)
    mar = t._tbl.tblPr.find(qn("w:tblCellMar"))
    for m in mar:
        m.set(qn("w:w"), "57")  # 1 mm inside each cell
    head, opening, row, closing = t.rows
    for c, text in zip(head.cells, ("STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Nhiệm vụ")):
        para(c, text, bold=True, size=13, before=3, after=3)
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    para(opening.cells[0], "{%tr for p in appendix.people %}", size=13)
    para(closing.cells[0], "{%tr endfor %}", size=13)
    for c in (*opening.cells[1:], *closing.cells[1:]):
        para(c, "", size=13)
    for c, expr, align in zip(row.cells, ("{{ loop.index }}", "{{ p.name }}", "{{ p.position }}", "{{ p.role }}"),
                              (CENTER, LEFT, LEFT, LEFT)):
        para(c, expr, size=13, align=align, before=3, after=3)
    cant_split(t)
    tag(doc, "endif")
    each(doc, "for x in appendix.paragraphs", "{{ x }}")
    tag(doc, "endif")


def giao_uoc():
    doc = new_document()
    header_block(doc, left_top=[("text", "{{ bloc_header }}", True)], number_expr="",
                 date_expr="{{ place_date }}")
    title_block(doc, "BẢN GIAO ƯỚC THI ĐUA NĂM {{ pledge.year }}", None)
    each(doc, "for b in bases", "{{ b }}", italic=True)
    body(doc, "{{ intro }}")
    tag(doc, "for s in sections")
    body(doc, "{{ s.heading }}", bold=True)
    each(doc, "for item in s.items", "{{ item }}")
    tag(doc, "endfor")
    body(doc, "{{ closing }}", keep_next=True, keep_lines=True)
    para(doc, "ĐẠI DIỆN CÁC ĐƠN VỊ THÀNH VIÊN KÝ GIAO ƯỚC", bold=True, size=14, before=12, after=6,
         keep_next=True)
    # The grid: one row per pair of members, each cell whole (a row never breaks across pages):
    # unit name, padding lines (docgen.produce gives both units of a row the same number of
    # lines where it can, and pads the rest, so titles share a baseline and names share a
    # baseline), authority and title lines, room to sign, the name. An odd last member gets a
    # row of its own, centred.
    t = borderless_table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2], rows=7)
    rows = t.rows
    for c in rows[4].cells:
        c._tc.append(OxmlElement("w:p"))
    single = rows[4].cells[0].merge(rows[4].cells[1])
    for p in list(single._tc.iter(qn("w:p"))):
        p.getparent().remove(p)
    for r, statement in ((0, "for row in member_rows"), (1, "if row|length == 2"), (3, "else"), (5, "endif"),
                         (6, "endfor")):
        para(rows[r].cells[0], "{%tr " + statement + " %}", size=14)
        if r != 4:
            para(rows[r].cells[1], "", size=14)

    def member(c, m: str, indent: float | None = None):
        para(c, "{{ %s.unit_header }}" % m, bold=True, size=13, indent_mm=indent)
        tag(c, "for _ in range(%s.pad_lines)" % m)
        para(c, "", size=13)
        tag(c, "endfor")
        tag(c, "for t in %s.title_lines" % m)
        para(c, "{{ t }}", bold=True, size=13, indent_mm=indent)
        tag(c, "endfor")
        for _ in range(3):  # room to sign: three lines, so five pairs fit a page
            para(c, "", size=14)
        para(c, "{{ %s.name }}" % m, bold=True, size=14, after=12, indent_mm=indent)

    member(rows[2].cells[0], "row[0]")
    member(rows[2].cells[1], "row[1]")
    member(single, "row[0]", indent=TEXT_WIDTH_MM / 4)
    cant_split(t)
    return doc


TEMPLATES = {
    "giay-moi": giay_moi,
    "bien-ban": bien_ban,
    "giao-uoc-thi-dua": giao_uoc,
    "quyet-dinh": quyet_dinh,
}


def build(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, make in TEMPLATES.items():
        buf = io.BytesIO()
        make().save(buf)
        # re-pack deterministically: fixed timestamps and order
        data = write_package(read_package(buf.getvalue()))
        path = out_dir / f"{kind}.docx"
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "templates_docx")
    args = ap.parse_args()
    for path in build(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
