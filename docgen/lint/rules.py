"""The Decree 30 rules a DOCX can be checked against. Each rule has an id, a Vietnamese title
and description, says whether it can repair what it finds, and a check function that returns
findings; a fixable finding carries the repair (XML surgery on the parsed parts)."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable

from lxml import etree

from ..ooxml.ns import W
from ..normalize.base import Change, Edit, Kind, Location
from ..ooxml.edit import apply as apply_edits
from ..ooxml.text import extract
from ..vi.case import title_case
from ..vi.dates import format_date
from ..vi.decree30 import AUTHORITY_MISWRITTEN, UNIT_WORDS
from ..vi.docnum import parse_doc_number
from . import xmledit
from .capitals import miscapitalized
from .layout import (ABBREVIATIONS, AUTHORITY_RE, DATE_RE, DOC_TYPES, MINUTES, MOTTO, NATIONAL_TITLE,
                     PLEDGE, Layout, fold)
from .model import TWIPS_PER_MM, DocxModel, Paragraph, Run

ERROR, WARNING = "lỗi", "cảnh báo"
TNR = "times new roman"
A4 = (11906, 16838)
MARGINS_MM = {"top": (20, 25, "trên"), "bottom": (20, 25, "dưới"), "left": (30, 35, "trái"),
              "right": (15, 20, "phải")}


@dataclass
class Finding:
    rule: str
    message: str
    location: dict
    found: str
    expected: str
    severity: str = ERROR
    fixable: bool = False
    repair: Callable[[], bool] | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "location": self.location, "found": self.found, "expected": self.expected,
                "fixable": self.fixable}

    def change(self) -> Change:
        """The repair of this finding as the one change type: what was found → what the decree
        expects, of kind LINT_TEXT or LINT_FORMAT, at its paragraph (a finding has no span of
        its own: the span is 0–0, the paragraph locates it)."""
        kind = self.repair.kind if isinstance(self.repair, Repair) else Kind.LINT_FORMAT
        loc = self.location
        paragraph = loc.get("paragraph") if isinstance(loc.get("paragraph"), int) else 0
        return Change(0, 0, self.found, self.expected, self.rule, 1.0, True, kind,
                      Location(paragraph=paragraph or 0, where=str(loc.get("where") or "")))


@dataclass
class Context:
    model: DocxModel
    layout: Layout
    pages: list[str] | None = None  # the text of each laid-out page (lint --trang), if known


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    fixable: bool
    check: Callable[[Context], Iterable[Finding]]


RULES: list[Rule] = []


def rule(id: str, title: str, description: str, fixable: bool = False):
    def deco(fn):
        RULES.append(Rule(id, title, description, fixable, fn))
        return fn
    return deco


# -- helpers ---------------------------------------------------------------------------------

def pt(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def size_range(lo: float, hi: float) -> str:
    return f"cỡ {pt(lo)}" if lo == hi else f"cỡ {pt(lo)}–{pt(hi)}"


def mm(twips: float) -> str:
    return pt(round(twips / TWIPS_PER_MM, 1)) + " mm"


def at(p: Paragraph) -> dict:
    return p.location()


def is_upper(p: Paragraph) -> bool:
    return all(r.props.caps or r.text == r.text.upper() for r in p.text_runs())


@dataclass
class Repair:
    """A fix of one finding, of one kind: text repairs (Kind.LINT_TEXT) run after formatting
    repairs (Kind.LINT_FORMAT), which hold references to runs that a text edit may split."""

    run: Callable[[], bool]
    kind: Kind = Kind.LINT_FORMAT
    change: Change | None = None  # what a repair that reports its change changed, once run

    def __call__(self) -> bool:
        return self.run()


def part_repair(model: DocxModel, part: str, fn: Callable[[], object], kind: Kind = Kind.LINT_FORMAT) -> Repair:
    def run() -> bool:
        if fn() is False:
            return False
        model.mark_dirty(part)
        return True
    return Repair(run, kind)


def text_repair(model: DocxModel, p: Paragraph, edits_for: Callable[[str], list[Edit]],
                part: str | None = None) -> Repair:
    """A repair that recomputes its edits on the current text of the paragraph (or of its line,
    for a line of a paragraph split by line breaks) and applies them."""
    def fn() -> bool:
        para = extract(p.el)
        text, start = para.text, 0
        if p.line is not None:
            lines = text.split("\n")
            if p.line >= len(lines):
                return False
            text, start = lines[p.line], sum(len(x) + 1 for x in lines[:p.line])
        edits = [Edit(e.start + start, e.end + start, e.old, e.new, e.rule, e.confidence) for e in edits_for(text)]
        return bool(edits) and bool(apply_edits(para, edits))
    return part_repair(model, part or model.main, fn, Kind.LINT_TEXT)


def size_repair(model: DocxModel, runs: list[Run], lo: float, hi: float, part: str | None = None):
    def fn() -> None:
        for r in runs:
            xmledit.set_run_size(r.el, min(max(r.props.size, lo), hi))
    return part_repair(model, part or model.main, fn)


def formatting(ctx: Context, rule_id: str, p: Paragraph | None, what: str, *, upper: bool = False,
               bold: bool | None = None, italic: bool | None = None,
               size: tuple[float, float] | None = None, center: bool = False,
               part: str | None = None, runs: list[Run] | None = None) -> list[Finding]:
    """Findings for the case, weight, slant, size and alignment a decree element requires
    (judged on the runs holding text, or on ``runs`` when given)."""
    if p is None:
        return []
    runs = p.text_runs() if runs is None else runs
    if not runs:
        return []
    out = []
    if upper and not is_upper(p):
        out.append(Finding(rule_id, f"{what} phải viết in hoa.", at(p), f"«{p.snippet()}»",
                           f"«{p.snippet().upper()}»"))
    if bold is not None and any(r.props.bold != bold for r in runs):
        out.append(Finding(rule_id, f"{what} {'phải in đậm' if bold else 'không in đậm'}.", at(p),
                           "chữ đứng thường" if bold else "chữ đậm",
                           "chữ đậm" if bold else "chữ đứng thường, không đậm"))
    if italic is not None and any(r.props.italic != italic for r in runs):
        out.append(Finding(rule_id, f"{what} {'phải in nghiêng' if italic else 'phải viết chữ đứng'}.",
                           at(p), "chữ đứng" if italic else "chữ nghiêng",
                           "chữ nghiêng" if italic else "chữ đứng"))
    if size:
        lo, hi = size
        bad = [r for r in runs if not lo - 0.01 <= r.props.size <= hi + 0.01]
        if bad:
            found = ", ".join(sorted({size_range(r.props.size, r.props.size) for r in bad}))
            out.append(Finding(rule_id, f"{what} sai cỡ chữ.", at(p), found, size_range(lo, hi),
                               fixable=True, repair=size_repair(ctx.model, bad, lo, hi, part)))
    if center and p.props.jc != "center":
        out.append(Finding(rule_id, f"{what} phải căn giữa.", at(p), _jc_name(p.props.jc), "căn giữa"))
    return out


def _jc_name(jc: str | None) -> str:
    return {"center": "căn giữa", "both": "căn đều hai bên", "right": "căn phải", "end": "căn phải",
            "distribute": "dàn đều"}.get(jc or "left", "căn trái")


def missing(rule_id: str, what: str, expected: str, severity: str = ERROR) -> Finding:
    return Finding(rule_id, f"Không tìm thấy {what}.", {"paragraph": None, "where": "", "snippet": ""},
                   "không có", expected, severity=severity)


def whole_text_edit(text: str, new: str, rule_id: str) -> list[Edit]:
    lead = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    old = text[lead:end]
    return [] if old == new else [Edit(lead, end, old, new, rule_id)]


# -- page --------------------------------------------------------------------------------------

@rule("ND30-PAGE-SIZE", "Khổ giấy A4, hướng dọc",
      "Khổ giấy A4 (210 × 297 mm), trình bày theo chiều dọc; chiều ngang chỉ dùng cho phần có bảng.",
      fixable=True)
def check_page_size(ctx: Context):
    for s in ctx.model.sections:
        w, h = s.width, s.height
        landscape = bool(w and h and w > h) or s.orient == "landscape"
        keep_landscape = landscape and s.has_table and not s.has_text

        def fix(s=s, land=keep_landscape):
            sz = xmledit.section_child(s.el, "pgSz")
            sz.set(W + "w", str(A4[1] if land else A4[0]))
            sz.set(W + "h", str(A4[0] if land else A4[1]))
            if land:
                sz.set(W + "orient", "landscape")
            else:
                sz.attrib.pop(W + "orient", None)
        repair = part_repair(ctx.model, ctx.model.main, fix)
        if not w or not h:
            yield Finding("ND30-PAGE-SIZE", "Không khai báo khổ giấy (Word sẽ dùng khổ Letter).",
                          s.location(), "không khai báo", "A4 210 × 297 mm", fixable=True, repair=repair)
            continue
        if abs(min(w, h) - A4[0]) > 57 or abs(max(w, h) - A4[1]) > 57:
            yield Finding("ND30-PAGE-SIZE", "Khổ giấy không phải A4.", s.location(),
                          f"{mm(w)} × {mm(h)}", "A4 210 × 297 mm", fixable=True, repair=repair)
        elif landscape and not keep_landscape:
            yield Finding("ND30-PAGE-SIZE", "Trang văn bản phải trình bày theo chiều dọc.", s.location(),
                          "khổ ngang", "khổ dọc (chiều ngang chỉ cho phần chỉ có bảng)",
                          fixable=True, repair=repair)


@rule("ND30-MARGINS", "Lề trang",
      "Lề trên 20–25 mm, lề dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm.", fixable=True)
def check_margins(ctx: Context):
    for s in ctx.model.sections:
        for key, (lo, hi, name) in MARGINS_MM.items():
            v = s.margins.get(key)
            if v is not None and lo * TWIPS_PER_MM - 6 <= v <= hi * TWIPS_PER_MM + 6:
                continue
            target = lo if v is None or v < lo * TWIPS_PER_MM else hi

            def fix(s=s, key=key, target=target):
                mar = xmledit.section_child(s.el, "pgMar")
                for k, default in (("header", "720"), ("footer", "720"), ("gutter", "0")):
                    mar.set(W + k, mar.get(W + k, default))
                for k in MARGINS_MM:
                    mar.set(W + k, mar.get(W + k, "1440"))
                mar.set(W + key, str(round(target * TWIPS_PER_MM)))
            yield Finding("ND30-MARGINS", f"Lề {name} không đúng quy định.", s.location(),
                          mm(v) if v is not None else "không khai báo", f"{lo}–{hi} mm",
                          fixable=True, repair=part_repair(ctx.model, ctx.model.main, fix))


def _font_ok(name: str | None) -> bool:
    return name is None or name.strip().lower() == TNR


@rule("ND30-FONT", "Phông chữ Times New Roman, màu đen",
      "Mọi đoạn chữ dùng phông Times New Roman (Unicode TCVN 6909:2001), màu đen; kiểu chữ được "
      "xác định theo cả định dạng trực tiếp, kiểu ký tự, kiểu đoạn văn và mặc định của tài liệu.",
      fixable=True)
def check_font(ctx: Context):
    model = ctx.model
    groups = [(model.main, model.paragraphs)]
    for s in model.sections:
        for kind, refs in (("đầu trang", s.headers), ("chân trang", s.footers)):
            for part in refs.values():
                if all(part != g[0] for g in groups):
                    paras = model.header_paragraphs(part)
                    for p in paras:
                        p.where = kind
                    groups.append((part, paras))
    for part, paras in groups:
        for p in paras:
            yield from _font_findings(model, part, p)


def _font_findings(model: DocxModel, part: str, p: Paragraph):
    runs = p.text_runs()
    bad = [r for r in runs if not (_font_ok(r.props.ascii) and _font_ok(r.props.hansi))]
    if bad:
        fonts = sorted({f for r in bad for f in (r.props.ascii, r.props.hansi) if f is not None and not _font_ok(f)})

        def fix():
            for r in bad:
                xmledit.set_run_font(r.el, "Times New Roman")
        yield Finding("ND30-FONT", "Dùng phông chữ khác Times New Roman.", at(p), ", ".join(fonts),
                      "Times New Roman", fixable=True, repair=part_repair(model, part, fix))
    colored = [r for r in runs if (r.props.color or "auto").lower() not in ("auto", "000000")]
    if colored:
        def fix_color():
            for r in colored:
                xmledit.set_run_color(r.el, "000000")
        yield Finding("ND30-FONT", "Chữ không phải màu đen.", at(p),
                      "màu #" + ", #".join(sorted({(r.props.color or "").upper() for r in colored})), "màu đen",
                      fixable=True, repair=part_repair(model, part, fix_color))


# -- header block ------------------------------------------------------------------------------

@rule("ND30-NATIONAL-TITLE", "Quốc hiệu",
      "Dòng «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»: chữ in hoa, cỡ 12–13, kiểu đứng, đậm.", fixable=True)
def check_national_title(ctx: Context):
    lay = ctx.layout
    p = lay.national
    if p is None:
        if lay.administrative:
            yield missing("ND30-NATIONAL-TITLE", "Quốc hiệu", NATIONAL_TITLE)
        return
    if fold(p.clean) != fold(NATIONAL_TITLE):
        yield Finding("ND30-NATIONAL-TITLE", "Quốc hiệu viết sai.", at(p), f"«{p.clean}»", f"«{NATIONAL_TITLE}»")
    yield from formatting(ctx, "ND30-NATIONAL-TITLE", p, "Quốc hiệu", upper=True, bold=True, size=(12, 13))


@rule("ND30-MOTTO", "Tiêu ngữ",
      "Dòng «Độc lập - Tự do - Hạnh phúc»: chữ đầu các cụm từ viết hoa, nối bằng gạch nối có cách chữ, "
      "cỡ 13–14, kiểu đứng, đậm, dưới Quốc hiệu.", fixable=True)
def check_motto(ctx: Context):
    lay = ctx.layout
    p = lay.motto
    if p is None:
        if lay.national is not None:
            yield missing("ND30-MOTTO", "Tiêu ngữ", MOTTO)
        return
    if p.clean != MOTTO:
        yield Finding("ND30-MOTTO", "Tiêu ngữ viết sai.", at(p), f"«{p.clean}»", f"«{MOTTO}»", fixable=True,
                      repair=text_repair(ctx.model, p, lambda t: whole_text_edit(t, MOTTO, "ND30-MOTTO")))
    if lay.national is not None and p.order < lay.national.order:
        yield Finding("ND30-MOTTO", "Tiêu ngữ phải đặt dưới Quốc hiệu.", at(p), "ở trên Quốc hiệu",
                      "ngay dưới Quốc hiệu")
    yield from formatting(ctx, "ND30-MOTTO", p, "Tiêu ngữ", bold=True, italic=False, size=(13, 14))


@rule("ND30-AGENCY", "Tên cơ quan ban hành",
      "Tên cơ quan chủ quản (nếu có): in hoa, cỡ 12–13, đứng, không đậm; tên cơ quan ban hành: in hoa, "
      "cỡ 12–13, đứng, đậm.", fixable=True)
def check_agency(ctx: Context):
    lay = ctx.layout
    if not lay.agency:
        if lay.national is not None:
            yield missing("ND30-AGENCY", "tên cơ quan ban hành (bên trái Quốc hiệu, trên dòng «Số:»)",
                          "tên cơ quan in hoa, đậm")
        return
    *parents, issuer = lay.agency
    for p in parents:
        yield from formatting(ctx, "ND30-AGENCY", p, "Tên cơ quan chủ quản", upper=True, bold=False,
                              size=(12, 13))
    yield from formatting(ctx, "ND30-AGENCY", issuer, "Tên cơ quan ban hành", upper=True, bold=True,
                          size=(12, 13))


_NUM_IN_TEXT = re.compile(r"^(\s*Số\s*:\s*)(\d+)(?=/)", re.IGNORECASE)


@rule("ND30-NUMBER", "Số, ký hiệu văn bản",
      "Dòng «Số: 05/QĐ-BQL»: «Số» và dấu hai chấm, số dưới 10 có số 0 phía trước, sau số là «/», "
      "các nhóm chữ của ký hiệu nối bằng «-», không có khoảng trắng; mã loại văn bản theo Phụ lục III "
      "và khớp với tên loại; cỡ 13, đứng, không đậm.", fixable=True)
def check_number(ctx: Context):
    lay = ctx.layout
    p = lay.number
    expected_code = DOC_TYPES.get(lay.type_name or "")
    if p is None:
        if expected_code:
            yield missing("ND30-NUMBER", "dòng số, ký hiệu văn bản («Số: …»)", f"«Số: 05/{expected_code}-…»")
        return
    text = p.clean
    m = re.match(r"^(\S+?)\s*:\s*(.*)$", text)
    if not m or m.group(1) != "Số" or not text.startswith("Số: "):
        yield Finding("ND30-NUMBER", "Chữ «Số» phải viết hoa chữ đầu, liền dấu hai chấm, sau đó một khoảng trắng.",
                      at(p), f"«{text}»", "«Số: 05/…»")
    rest = m.group(2).strip() if m else text
    if rest.startswith("/"):  # number left blank for the văn thư to fill in
        rest = "01" + rest
    dn = parse_doc_number(rest)
    if dn is None:
        yield Finding("ND30-NUMBER", "Số, ký hiệu viết không đúng dạng.", at(p), f"«{text}»",
                      f"«Số: 05/{expected_code or 'QĐ'}-BQL» (không có khoảng trắng quanh «/» và «-»)")
    else:
        if dn.number < 10 and len(dn.number_text) < 2:
            def edits(t: str) -> list[Edit]:
                mm_ = _NUM_IN_TEXT.match(t)
                if not mm_ or len(mm_.group(2)) != 1:
                    return []
                return [Edit(mm_.start(2), mm_.start(2), "", "0", "ND30-NUMBER")]
            yield Finding("ND30-NUMBER", "Số văn bản nhỏ hơn 10 phải có số 0 phía trước.", at(p),
                          f"«{dn.number_text}»", f"«{dn.number:02d}»", fixable=True,
                          repair=text_repair(ctx.model, p, edits))
        first = (dn.type_code or dn.agency_code.split("-")[0])
        if first.upper() == "CV":
            yield Finding("ND30-NUMBER", "Không dùng «CV» làm ký hiệu công văn.", at(p), f"«{first}»",
                          "chữ viết tắt tên cơ quan và đơn vị soạn thảo, ví dụ «45/BQL-VP»")
        elif expected_code and dn.type_code != expected_code:
            yield Finding("ND30-NUMBER", f"Ký hiệu không khớp tên loại văn bản «{lay.type_name}».", at(p),
                          f"«{dn.type_code or first}»", f"«{expected_code}»")
    yield from formatting(ctx, "ND30-NUMBER", p, "Dòng số, ký hiệu", bold=False, size=(13, 13))


_UNIT_WORDS = (*(w + " " for w in UNIT_WORDS), "tp. ", "tp ")
_HCM = ("thành phố hồ chí minh ", "tp. hồ chí minh ", "tp hồ chí minh ", "tp.hồ chí minh ")
_DATE_IN_TEXT = re.compile(r"ngày\s+(\d+)\s+tháng\s+(\d+)\s+năm\s+(\d{4})", re.IGNORECASE)


def _date_edits(t: str) -> list[Edit]:
    m = _DATE_IN_TEXT.search(t)
    if not m:
        return []
    day, month = int(m.group(1)), int(m.group(2))
    out = []
    for g, want in ((1, f"{day:02d}"), (2, f"{month:02d}" if month <= 2 else str(month))):
        if m.group(g) != want:
            out.append(Edit(m.start(g), m.end(g), m.group(g), want, "ND30-PLACE-DATE"))
    return out


@rule("ND30-PLACE-DATE", "Địa danh và thời gian ban hành",
      "Dòng «Lâm Đồng, ngày 05 tháng 01 năm 2024»: dấu phẩy sau địa danh, địa danh không kèm đơn vị "
      "hành chính (trừ tên riêng như Thành phố Hồ Chí Minh); ngày dưới 10 và tháng 1, 2 có số 0 phía "
      "trước, các tháng khác không; ngày có thật; cỡ 13–14, in nghiêng. Biên bản không có dòng này.",
      fixable=True)
def check_place_date(ctx: Context):
    lay = ctx.layout
    p = lay.place_date
    if p is None:
        if lay.national is not None and lay.type_name not in (MINUTES, PLEDGE):
            yield missing("ND30-PLACE-DATE", "dòng địa danh và thời gian ban hành",
                          "«Lâm Đồng, ngày 05 tháng 01 năm 2024»")
        return
    m = DATE_RE.match(p.clean)
    assert m is not None  # the layout took this paragraph for the place-and-date line by this pattern
    place = m.group("place")
    if not m.group("comma"):
        yield Finding("ND30-PLACE-DATE", "Thiếu dấu phẩy sau địa danh.", at(p), f"«{p.snippet()}»",
                      f"«{place}, ngày …»")
    key = fold(place) + " "
    if key in _HCM and place != "Thành phố Hồ Chí Minh":
        yield Finding("ND30-PLACE-DATE", "Viết đúng tên Thành phố Hồ Chí Minh.", at(p), f"«{place}»",
                      "«Thành phố Hồ Chí Minh»")
    elif key.startswith(_UNIT_WORDS) and not key[len(key.split()[0]) + 1:][:1].isdigit() and key not in _HCM:
        yield Finding("ND30-PLACE-DATE", "Địa danh không ghi kèm đơn vị hành chính.", at(p), f"«{place}»",
                      "chỉ tên riêng, ví dụ «Lâm Đồng»")
    if m.group("day").isdigit() and m.group("month").isdigit():
        day, month, year = int(m.group("day")), int(m.group("month")), int(m.group("year"))
        try:
            when = dt.date(year, month, day)
        except ValueError:
            yield Finding("ND30-PLACE-DATE", "Ngày tháng không có thật.", at(p),
                          f"ngày {m.group('day')} tháng {m.group('month')} năm {year}", "một ngày có thật")
        else:
            want = format_date(when)
            if _date_edits(p.clean):
                yield Finding("ND30-PLACE-DATE",
                              "Ngày dưới 10 và tháng 1, 2 phải có số 0 phía trước; các tháng khác không.",
                              at(p), f"ngày {m.group('day')} tháng {m.group('month')}", want, fixable=True,
                              repair=text_repair(ctx.model, p, _date_edits))
    yield from formatting(ctx, "ND30-PLACE-DATE", p, "Dòng địa danh, ngày tháng", italic=True, size=(13, 14))


# -- title, body -------------------------------------------------------------------------------

@rule("ND30-DOC-TYPE", "Tên loại văn bản",
      "Tên loại (GIẤY MỜI, BIÊN BẢN, QUYẾT ĐỊNH …): in hoa, cỡ 13–14, đứng, đậm, căn giữa.", fixable=True)
def check_doc_type(ctx: Context):
    lay = ctx.layout
    if lay.doc_type is None:
        if lay.national is not None and not lay.is_cong_van:
            yield missing("ND30-DOC-TYPE", "tên loại văn bản", "ví dụ «GIẤY MỜI», in hoa, đậm, căn giữa")
        return
    yield from formatting(ctx, "ND30-DOC-TYPE", lay.doc_type, "Tên loại văn bản", upper=True, bold=True,
                          size=(13, 14), center=True)


@rule("ND30-SUMMARY", "Trích yếu nội dung",
      "Trích yếu ngay dưới tên loại: chữ thường, cỡ 13–14, đứng, đậm, căn giữa. Công văn: dòng «V/v …» "
      "dưới số, ký hiệu, cỡ 12–13, đứng, không đậm.", fixable=True)
def check_summary(ctx: Context):
    yield from formatting(ctx, "ND30-SUMMARY", ctx.layout.summary, "Trích yếu nội dung", bold=True,
                          size=(13, 14), center=True)
    yield from formatting(ctx, "ND30-SUMMARY", ctx.layout.subject, "Trích yếu công văn (V/v)", bold=False,
                          italic=False, size=(12, 13), center=True)


def _listing(paras: list[Paragraph]) -> str:
    nums = [str(p.index) for p in paras]
    return "đoạn " + ", ".join(nums[:8]) + (f" và {len(nums) - 8} đoạn khác" if len(nums) > 8 else "")


@rule("ND30-BODY", "Trình bày phần nội dung",
      "Đoạn nội dung: căn đều hai bên, lùi đầu dòng 10 hoặc 12,7 mm, cách đoạn tối thiểu 6 pt, "
      "khoảng cách dòng từ một dòng đến 1,5 dòng, cỡ 13–14. Đoạn căn giữa (đề mục, «QUYẾT ĐỊNH:») "
      "không xét.", fixable=True)
def check_body(ctx: Context):
    body = [p for p in ctx.layout.body if p.props.jc not in ("center", "right", "end") and p.text_runs()]
    if not body or not ctx.layout.administrative:
        return

    def group(bad: list[Paragraph], message: str, found: Callable[[Paragraph], str], expected: str, **kw):
        if not bad:
            return []
        values = sorted({found(p) for p in bad})
        return [Finding("ND30-BODY", f"{message} ({len(bad)} đoạn).", at(bad[0]),
                        f"{', '.join(values[:4])} ở {_listing(bad)}", expected, **kw)]

    def line_ok(p: Paragraph) -> bool:
        line = p.props.line
        if line is None:
            return True
        if p.props.line_rule == "auto":
            return 235 <= line <= 365
        biggest = max(r.props.size for r in p.text_runs())
        return biggest * 20 * 0.95 <= line <= biggest * 20 * 1.5 * 1.2

    def spacing(p: Paragraph) -> str:
        line = p.props.line or 0  # only asked of paragraphs with a line spacing (line_ok)
        if p.props.line_rule == "auto":
            return f"giãn {pt(round(line / 240, 2))} dòng"
        return f"giãn {'đúng' if p.props.line_rule == 'exact' else 'tối thiểu'} {pt(line / 20)} pt"

    out = []
    out += group([p for p in body if p.props.jc not in ("both", "distribute", "thaiDistribute")],
                 "Đoạn nội dung chưa căn đều hai bên", lambda p: _jc_name(p.props.jc), "căn đều hai bên")
    out += group([p for p in body if not 9.5 <= (p.props.left + p.props.first_line) / TWIPS_PER_MM <= 13.2],
                 "Đoạn nội dung lùi đầu dòng không đúng",
                 lambda p: "lùi đầu dòng " + mm(p.props.left + p.props.first_line), "lùi đầu dòng 10 hoặc 12,7 mm")
    out += group([p for p in body if p.props.before + p.props.after < 119],
                 "Khoảng cách giữa các đoạn dưới 6 pt",
                 lambda p: f"cách đoạn {pt((p.props.before + p.props.after) / 20)} pt", "tối thiểu 6 pt")
    out += group([p for p in body if not line_ok(p)], "Khoảng cách dòng ngoài khoảng cho phép", spacing,
                 "từ một dòng (single) đến 1,5 dòng")
    bad_runs = [r for p in body for r in p.text_runs() if not 12.99 <= r.props.size <= 14.01]
    bad_paras = [p for p in body if any(not 12.99 <= r.props.size <= 14.01 for r in p.text_runs())]
    out += group(bad_paras, "Cỡ chữ phần nội dung không đúng",
                 lambda p: ", ".join(sorted({size_range(r.props.size, r.props.size) for r in p.text_runs()
                                             if not 12.99 <= r.props.size <= 14.01})),
                 "cỡ 13–14", fixable=True, repair=size_repair(ctx.model, bad_runs, 13, 14))
    return out


# -- closing -----------------------------------------------------------------------------------

_PREFIX_FIX = AUTHORITY_MISWRITTEN


@rule("ND30-SIGNER", "Quyền hạn, chức vụ và họ tên người ký",
      "Quyền hạn ký (TM., KT., Q., TL., TUQ.) và chức vụ: in hoa, cỡ 13–14, đậm; họ tên người ký: "
      "chữ thường, viết hoa chữ đầu mỗi âm tiết, cỡ 13–14, đậm.", fixable=True)
def check_signer(ctx: Context):
    lay = ctx.layout
    if not lay.signers:
        if lay.national is not None:
            yield missing("ND30-SIGNER", "khối chữ ký (quyền hạn, chức vụ, họ tên người ký)",
                          "ví dụ «KT. TRƯỞNG BAN» / «PHÓ TRƯỞNG BAN» / họ tên")
        return
    for block in lay.signers:
        for p in block.lines:
            m = AUTHORITY_RE.match(p.clean)
            if m and not p.clean.startswith(tuple(a + " " for a in ABBREVIATIONS)):
                prefix = " ".join(m.group("prefix").upper().split())
                want = _PREFIX_FIX.get(prefix, prefix + ".")
                yield Finding("ND30-SIGNER", "Quyền hạn ký viết tắt không đúng.", at(p), f"«{p.snippet()}»",
                              f"«{want} …» (TM., KT., Q., TL., TUQ.)")
            yield from formatting(ctx, "ND30-SIGNER", p, "Quyền hạn, chức vụ người ký", upper=True, bold=True,
                                  size=(13, 14))
        if block.name is not None:
            if block.name.clean != title_case(block.name.clean):
                yield Finding("ND30-SIGNER", "Họ tên người ký viết hoa chữ đầu mỗi âm tiết.", at(block.name),
                              f"«{block.name.clean}»", f"«{title_case(block.name.clean)}»")
            yield from formatting(ctx, "ND30-SIGNER", block.name, "Họ tên người ký", bold=True, size=(13, 14))


_DASH = re.compile(r"^(\s*)([-–—•+*·]?)(\s*)")
_LUU = re.compile(r"^(\s*-\s*)Lưu\s*:?\s*", re.IGNORECASE)


def _recipient_edits(last: bool) -> Callable[[str], list[Edit]]:
    def edits(t: str) -> list[Edit]:
        out = []
        m = _DASH.match(t)
        assert m is not None  # every part of the pattern is optional
        marker = m.group(2)
        want_marker = "+" if marker == "+" else "-"
        if marker != want_marker or m.group(3) != " " or m.group(1):
            out.append(Edit(0, m.end(), m.group(), want_marker + " ", "ND30-RECIPIENTS"))
        if last:
            lm = _LUU.match(t)
            if lm and t[m.end():lm.end()] != "Lưu: ":
                out.append(Edit(m.end(), lm.end(), t[m.end():lm.end()], "Lưu: ", "ND30-RECIPIENTS"))
        body = t.rstrip()
        tail = re.search(r"[\s;,.:]*$", body)
        assert tail is not None  # matches the empty end at least
        want = "." if last else ";"
        if tail.group() != want and tail.start() >= m.end():
            out.append(Edit(tail.start(), len(t), t[tail.start():], want, "ND30-RECIPIENTS"))
        return sorted(out)
    return edits


@rule("ND30-RECIPIENTS", "Nơi nhận",
      "«Nơi nhận:» cỡ 12, nghiêng, đậm; mỗi nơi nhận một dòng bắt đầu «- », kết thúc «;», cỡ 11, đứng; "
      "dòng cuối «- Lưu: VT, …» kết thúc bằng dấu chấm.", fixable=True)
def check_recipients(ctx: Context):
    lay = ctx.layout
    head = lay.recipients_head
    if head is None:
        if lay.national is not None and lay.type_name != PLEDGE:
            yield missing("ND30-RECIPIENTS", "phần «Nơi nhận:»", "«Nơi nhận:» và danh sách, dòng cuối «- Lưu: VT, …»")
        return
    if head.clean != "Nơi nhận:":
        def head_edits(t: str) -> list[Edit]:
            return whole_text_edit(t, "Nơi nhận:", "ND30-RECIPIENTS") if fold(t.strip().rstrip(":.").strip()) == "nơi nhận" else []
        yield Finding("ND30-RECIPIENTS", "Chữ «Nơi nhận» viết sai.", at(head), f"«{head.clean}»", "«Nơi nhận:»",
                      fixable=True, repair=text_repair(ctx.model, head, head_edits))
    yield from formatting(ctx, "ND30-RECIPIENTS", head, "Chữ «Nơi nhận:»", bold=True, italic=True, size=(12, 12))
    lines = lay.recipients
    if not lines:
        yield Finding("ND30-RECIPIENTS", "Thiếu danh sách nơi nhận.", at(head), "không có", "«- Lưu: VT, …»")
        return
    for i, p in enumerate(lines):
        last = i == len(lines) - 1
        fn = _recipient_edits(last)
        if fn(p.text):
            want = "«- …;»" if not last else "«- Lưu: VT, … .» (dấu chấm ở cuối)"
            yield Finding("ND30-RECIPIENTS", "Dòng nơi nhận sai dấu: bắt đầu «- », kết thúc «;», dòng cuối «.».",
                          at(p), f"«{p.clean}»", want, fixable=True, repair=text_repair(ctx.model, p, fn))
        if last and not (fold(p.clean).lstrip("-–— ").startswith("lưu") and "VT" in p.clean):
            yield Finding("ND30-RECIPIENTS", "Dòng cuối của nơi nhận phải là «- Lưu: VT, …».", at(p),
                          f"«{p.clean}»", "«- Lưu: VT, <đơn vị soạn thảo>.»")
        yield from formatting(ctx, "ND30-RECIPIENTS", p, "Dòng nơi nhận", bold=False, size=(11, 11))


@rule("ND30-END-MARK", "Dấu kết thúc văn bản",
      "Đoạn cuối cùng của phần nội dung kết thúc bằng «./.».")
def check_end_mark(ctx: Context):
    lay = ctx.layout
    p = lay.end
    if p is None or lay.national is None:
        return
    if not p.clean.endswith("./."):
        tail = p.clean[-30:]
        yield Finding("ND30-END-MARK", "Đoạn cuối phần nội dung chưa kết thúc bằng «./.».", at(p),
                      f"«…{tail}»", "kết thúc bằng «./.»")


# -- page numbers --------------------------------------------------------------------------------

_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.IGNORECASE)
_NOT_ARABIC = re.compile(r"\\\*\s*(roman|alphabetic|ordtext|cardtext)", re.IGNORECASE)


def page_paragraphs(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Paragraphs holding a PAGE field (simple or complex), with the field's instruction."""
    out = []
    for p in root.iter(W + "p"):
        instr = [f.get(W + "instr", "") for f in p.iter(W + "fldSimple")]
        instr += ["".join(t.text or "" for t in p.iter(W + "instrText"))]
        page = next((i for i in instr if _PAGE_FIELD.match(i)), None)
        if page is not None:
            out.append((p, page))
    return out


def estimated_lines(model: DocxModel) -> int:
    return sum(max(1, math.ceil(len(p.clean) / 90)) for p in model.paragraphs)


@rule("ND30-PAGE-NUMBER", "Số trang",
      "Số trang bằng chữ số Ả Rập, cỡ 13–14, kiểu đứng, căn giữa ở lề trên (phần đầu trang), không "
      "hiện ở trang thứ nhất (đầu trang khác cho trang đầu). Văn bản dài quá một trang mà không "
      "đánh số trang thì được cảnh báo.", fixable=True)
def check_page_number(ctx: Context):
    model = ctx.model
    for s in model.sections:
        default = s.headers.get("default")
        paras = page_paragraphs(model.root(default)) if default else []
        if not paras:
            if any(page_paragraphs(model.root(f)) for f in s.footers.values()):
                yield Finding("ND30-PAGE-NUMBER", "Số trang đặt ở chân trang.", s.location(), "ở lề dưới",
                              "căn giữa ở lề trên (đầu trang)")
            elif estimated_lines(model) > 45:
                yield Finding("ND30-PAGE-NUMBER", "Văn bản nhiều trang nhưng không đánh số trang.",
                              s.location(), "không có trường số trang (PAGE)",
                              "số trang căn giữa ở đầu trang, từ trang 2", severity=WARNING)
            continue
        first = s.headers.get("first")
        if not s.title_pg:
            yield Finding("ND30-PAGE-NUMBER", "Số trang hiện cả ở trang thứ nhất.", s.location(),
                          "trang 1 có số trang", "không hiện số trang ở trang 1 (đầu trang khác cho trang đầu)")
        elif first and page_paragraphs(model.root(first)):
            yield Finding("ND30-PAGE-NUMBER", "Đầu trang của trang thứ nhất có số trang.", s.location(),
                          "trang 1 có số trang", "không hiện số trang ở trang 1")
        for el, instr in paras:
            p = model.paragraph(el, 0)
            p.where = "đầu trang"
            if _NOT_ARABIC.search(instr):
                yield Finding("ND30-PAGE-NUMBER", "Số trang phải là chữ số Ả Rập.", at(p),
                              f"trường «{instr.strip()}»", "«PAGE» (1, 2, 3 …)")
            yield from formatting(ctx, "ND30-PAGE-NUMBER", p, "Số trang", italic=False, size=(13, 14),
                                  center=True, part=default, runs=p.text_runs() or p.runs)


# -- capitalization --------------------------------------------------------------------------------

@rule("ND30-CAPITALIZATION", "Viết hoa tên riêng, địa danh, cơ quan",
      "Tên cơ quan, tổ chức, địa danh, chức danh và thuật ngữ có trong danh mục tích hợp phải viết hoa "
      "đúng Phụ lục II (ví dụ «Bộ Kế hoạch và Đầu tư», «tỉnh Lâm Đồng», «Ban Quản lý các khu công nghiệp»). "
      "Dòng viết in hoa toàn bộ không xét.")
def check_capitalization(ctx: Context):
    own_rules = {id(x.el) for x in (ctx.layout.national, ctx.layout.motto) if x}  # checked by their own rules
    for p in ctx.model.paragraphs:
        if not p.clean or p.clean == p.clean.upper() or id(p.el) in own_rules:
            continue
        for _start, _end, found, expected in miscapitalized(p.text):
            yield Finding("ND30-CAPITALIZATION", "Viết hoa chưa đúng quy định.", at(p), f"«{found}»",
                          f"«{expected}»", severity=WARNING)


__all__ = ["RULES", "Context", "Finding", "Rule"]
