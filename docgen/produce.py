"""Produce: a validated record → the DOCX documents it needs.

``context(record, kind)`` builds what a template sees: the record itself plus the lines the
decree fixes (``Số: 05/GM-BQL``, ``Lâm Đồng, ngày 05 tháng 01 năm 2024``, the signer's
authority lines, recipients ending with ``- Lưu: VT, VP.``, the ``./.`` end mark). Templates
stay simple enough for an office to restyle in Word.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import DocgenError, InputError
from .kinds import SLUGS, kind as doc_kind
from .kinds import template_path as kinds_template_path
from .layout import geometry as G
from .layout.breaking import break_lines, fits, line_count
from .model import Invitee, Person, PledgeMember, Record, Signer, as_data
from .render import filters as F
from .render.engine import load_template
from .vi import case, dates, docnum



@dataclass(frozen=True)
class RenderedDoc:
    kind: str
    filename: str
    data: bytes
    template: str


# ---------------------------------------------------------------- small text helpers

def _sentence(text: str) -> str:
    """Text ending with exactly one full stop."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _person(p: Person | Invitee, with_title: bool = True) -> str:
    """``Đồng chí Trần Văn Biên, Phó Trưởng ban Ban Quản lý …`` or a unit alone."""
    if p.name:
        parts = [f"Đồng chí {p.name}"]
        role = " ".join(x for x in ((p.title if with_title else None), p.unit) if x)
        if role:
            parts.append(role)
        return ", ".join(parts)
    return f"Đại diện lãnh đạo {case.in_sentence(p.unit)}" if p.unit else ""


def _signer_lines(s: Signer | PledgeMember, title: str | None = None) -> list[str]:
    """The upper-case authority lines above the signature."""
    title = case.upper(title if title is not None else getattr(s, "title", None) or "")
    if s.authority == "Q.":
        return [f"Q. {title}"]
    if s.authority:
        return [f"{s.authority} {case.upper(s.on_behalf_of or '')}".strip(), title]
    return [title] if title else []


# ---------------------------------------------------------------- line breaks (docgen.layout)

class Typesetter:
    """Breaks the centred lines of a document (header names, summary, signer block) and the
    recipients' lines where a clerk would (docgen.layout.breaking); ``enabled=False`` leaves
    the line breaking to the word processor, keeping only the breaks a clerk typed."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled

    def __call__(self, text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False,
                 source: str | None = None, align: str = "center", min_lines: int = 1) -> str:
        if not self.enabled:
            return text
        return break_lines(text, width_mm, size, bold=bold, italic=italic, source=source, align=align,
                           min_lines=min_lines).text

    def count(self, text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False,
              source: str | None = None) -> int:
        """The lines ``text`` takes (without choosing the breaks: docgen.layout.breaking.line_count)."""
        if not self.enabled:
            return text.count("\n") + 1
        return line_count(text, width_mm, size, bold=bold, italic=italic, source=source)


def header_text(name: str) -> tuple[str, str]:
    """A header name as printed (upper case) and in its own case, with the breaks a clerk typed
    (a new line, or ``\\n`` typed in YAML) as new lines."""
    name = name.replace("\\n", "\n")
    lines = [" ".join(x.split()) for x in name.split("\n")]
    src = "\n".join(x for x in lines if x)
    return case.upper(src), src


def _signer(s: Signer) -> dict:
    return {"lines": _signer_lines(s), "name": s.name, "title": s.title}


def _header_left_width(names: Sequence[tuple[str, str, float, bool]],
                       right_lines: Sequence[tuple[str, float, bool, bool]], ts: Typesetter) -> float:
    """The left header column: the decree samples' two fifths, wider (as far as the right column's
    lines allow) when that saves the agency name a line."""
    from .layout.metrics import mm, text_width
    need_right = max(mm(text_width(t, size, bold=b, italic=i)) for t, size, b, i in right_lines) + G.HEADER_GAP
    widest = max(G.HEADER_LEFT, G.TEXT_W - need_right)
    if not ts.enabled or widest <= G.HEADER_LEFT:
        return G.HEADER_LEFT

    def lines_at(w: float) -> int:
        return sum(ts.count(text, w, size, bold=bold, source=src) for text, src, size, bold in names)

    fewest = lines_at(widest)
    width = G.HEADER_LEFT
    while lines_at(width) > fewest and width < widest:
        width = min(width + 2.0, widest)
    return round(width, 1)


def _recipients(given: list[str], first: list[str], drafting_unit: str) -> list[str]:
    """Recipient lines: the decree's first line(s), the user's, and ``Lưu: VT, …`` last."""
    items = [r.strip().lstrip("-").strip().rstrip(";.") for r in given if r.strip()]
    for f in reversed(first):
        if not any(i.lower().startswith(f.lower()) for i in items):
            items.insert(0, f)
    if not items or not items[-1].lower().startswith("lưu"):
        items = [i for i in items if not i.lower().startswith("lưu")] + [f"Lưu: VT, {drafting_unit}"]
    return items


def _with_end_mark(paragraphs: list[str]) -> list[str]:
    if not paragraphs:
        return paragraphs
    return [*paragraphs[:-1], F.ket_thuc(paragraphs[-1])]


def _number_line(number: int | None, kind: str, agency_code: str) -> str:
    if number is None:
        return f"Số:       /{doc_kind(kind).symbol}-{agency_code}"
    return docnum.doc_number(number, doc_kind(kind).symbol, agency_code)


ARTICLE_RE = re.compile(r"^\s*Điều\s+\d+\s*[.:]\s*", re.IGNORECASE)


def _roman(n: int) -> str:
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


# ---------------------------------------------------------------- contexts per kind

def require_kind(record: Record, kind: str) -> None:
    """Raise a clear error unless ``kind`` is a document kind this record has the data for."""
    if kind not in SLUGS:
        raise InputError(f"Loại văn bản không hợp lệ: {kind!r}. Chọn một trong: {', '.join(SLUGS)}.")
    if kind not in record.kinds():
        raise InputError(f"Hồ sơ không có dữ liệu cho {doc_kind(kind).label} ({kind}).")


def context(record: Record, kind: str, *, invitee_index: int | None = None, line_breaking: bool = True) -> dict:
    """Everything the template of ``kind`` reads (``line_breaking=False``: no computed breaks)."""
    require_kind(record, kind)
    ctx: dict = as_data(record)
    ts = Typesetter(line_breaking)
    _BUILDERS[kind](record, ctx, invitee_index)
    _header(record, kind, ctx, ts)
    _typeset(kind, ctx, ts)
    recipients = ctx.get("recipients") or []
    ctx["recipient_lines"] = [F.dong_noi_nhan(r, i == len(recipients) - 1) for i, r in enumerate(recipients)]
    ctx["compact"] = kind == "giay-moi" and line_breaking and _needs_compact(ctx)
    ctx["invitee_block"] = "\n".join(F.dong_noi_nhan(g, i == len(ctx.get("invitees", [])) - 1)
                                     for i, g in enumerate(ctx.get("invitees", [])))
    return ctx


def _giay_moi_height(ctx: dict, size: float) -> float:
    """Estimated height (points) of a rendered Giấy mời with its 14 pt text at ``size``
    (docgen.layout.pagination; the blocks mirror scripts/build_templates.py's giay_moi)."""
    from .layout.pagination import Block, height, side_by_side
    lay = ctx["layout"]
    left, right = lay["header_left_mm"], lay["header_right_mm"]
    header = side_by_side(
        [*([Block(ctx["parent_header"], 13, left)] if ctx.get("parent_header") else []),
         Block(ctx["agency_header"], 13, left, bold=True), Block("", 1, left)],
        [Block("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, right, bold=True),
         Block(MOTTO, size, right, bold=True), Block("", 1, right)])
    header += side_by_side([Block(ctx["number_line"], 13, left, before=6)],
                           [Block(ctx["place_date"], size, right, italic=True, before=6)])
    title = [Block("GIẤY MỜI", size, G.TEXT_W, bold=True, before=18),
             Block(ctx["summary"], size, G.TEXT_W, bold=True), Block("", 1, G.TEXT_W)]
    if not ctx.get("compact"):
        title.append(Block("", 6, G.TEXT_W, after=6))

    def body(text: str) -> Block:
        return Block(text, size, G.TEXT_W, indent_mm=12.7, after=6)

    name = ctx["agency"]["name"]
    invitees = ctx["invitees"]
    if len(invitees) == 1:
        paras = [body(f"{name} trân trọng kính mời: {invitees[0]}.")]
    elif ctx.get("compact"):  # one paragraph, an item a line, indented as a whole
        paras = [body(f"{name} trân trọng kính mời:"),
                 Block("\n".join(f"- {g};" for g in invitees), size, G.TEXT_W - 12.7, after=6)]
    else:
        paras = [body(f"{name} trân trọng kính mời:"), *(body(f"- {g};") for g in invitees)]
    meeting = ctx["meeting"]
    paras += [body(f"Tới dự {meeting['title']}."), body(f"Chủ trì: {ctx['chair']}."),
              body(f"Thời gian: {F.thoi_gian(meeting['start'])}."), body(f"Địa điểm: {ctx['place_line']}"),
              *(body(n) for n in ctx["notes"])]
    blanks = 3 if ctx.get("compact") else 4
    closing = side_by_side(
        [Block("Nơi nhận:", 12, G.CLOSING_LEFT, bold=True, italic=True, before=12),
         *(Block(f"- {r};", 11, G.CLOSING_LEFT) for r in ctx["recipients"])],
        [*(Block(line, size, G.CLOSING_RIGHT, bold=True) for line in ctx["signer"]["lines"]),
         *(Block("", size, G.CLOSING_RIGHT) for _ in range(blanks)),
         Block(ctx["signer"]["name"], size, G.CLOSING_RIGHT, bold=True)])
    return header + height(title) + height(paras) + closing


_COMPACT_CACHE: dict[tuple, bool] = {}
_COMPACT_KEYS = ("parent_header", "agency_header", "number_line", "place_date", "summary", "invitees", "chair",
                 "place_line", "notes", "recipients")


def _needs_compact(ctx: dict) -> bool:
    """Whether the Giấy mời must tighten (13 pt, one blank line fewer, as the decree allows) to
    fit one page: it does not fit at 14 pt and does at 13 pt (cached per text: per-invitee
    letters and batches repeat it)."""
    key = (*(repr(ctx.get(k)) for k in _COMPACT_KEYS), ctx["agency"]["name"], ctx["meeting"]["title"],
           repr(ctx["meeting"]["start"]), repr(ctx["signer"]), repr(ctx["layout"]))
    hit = _COMPACT_CACHE.get(key)
    if hit is None:
        if len(_COMPACT_CACHE) > 4096:
            _COMPACT_CACHE.clear()
        hit = _COMPACT_CACHE[key] = _needs_compact_uncached(ctx)
    return hit


def _needs_compact_uncached(ctx: dict) -> bool:
    from .layout.metrics import pt
    page = pt(G.TEXT_H)
    if _giay_moi_height(ctx, G.BODY_SIZE) <= page:
        return False
    tight = {**ctx, "compact": True}
    return _giay_moi_height(tight, G.COMPACT_SIZE) <= page


def _header(record: Record, kind: str, ctx: dict, ts: Typesetter) -> None:
    """The header's names, broken to the left column's width, and the columns' widths."""
    a = record.agency
    if kind == "giao-uoc-thi-dua":
        p = record.pledge
        assert p is not None  # require_kind
        names = [(*header_text(p.header_name or p.bloc), G.AGENCY_SIZE, True)]
    else:
        names = [(*header_text(a.parent), G.PARENT_SIZE, False)] if a.parent else []
        names.append((*header_text(a.header_name or a.name), G.AGENCY_SIZE, True))
    right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", G.NATIONAL_SIZE, True, False),
             ("Độc lập - Tự do - Hạnh phúc", G.MOTTO_SIZE, True, False)]
    if ctx.get("place_date"):
        right.append((ctx["place_date"], G.PLACE_DATE_SIZE, False, True))
    left = _header_left_width(names, right[:2], ts)
    broken = [ts(text, left, size, bold=bold, source=src) for text, src, size, bold in names]
    if kind == "giao-uoc-thi-dua":
        ctx["bloc_header"] = broken[0]
    else:
        ctx["parent_header"] = broken[0] if a.parent else None
        ctx["agency_header"] = broken[-1]
    if ctx.get("place_date") and not fits(ctx["place_date"], G.TEXT_W - left, G.PLACE_DATE_SIZE, italic=True):
        ctx["place_date"] = ts(ctx["place_date"], G.TEXT_W - left, G.PLACE_DATE_SIZE, italic=True)
    ctx["layout"] = {"header_left_mm": left, "header_right_mm": round(G.TEXT_W - left, 1),
                     "agency_rule_mm": RULE_SHARE * _widest(broken[-1], G.AGENCY_SIZE, bold=True)}


RULE_SHARE = 0.4  # a rule under a name or a summary: between 1/3 and 1/2 of its length (decree)
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _widest(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """The widest line of ``text`` in millimetres."""
    from .layout.metrics import mm, text_width
    return max(mm(text_width(line, size, bold=bold, italic=italic)) for line in text.split("\n"))


def geometry(ctx: dict, kind: str):
    """The column widths and rule lengths the rendered document gets (docgen.ooxml.geometry)."""
    from .ooxml.geometry import Geometry
    lay = ctx["layout"]
    title = ctx.get("summary") or ctx.get("doc_type") or ""
    title_rule = RULE_SHARE * _widest(title, G.SUMMARY_SIZE, bold=True)
    return Geometry(lay["header_left_mm"], lay["header_right_mm"],
                    ((lay["header_left_mm"], lay["agency_rule_mm"]),
                     (lay["header_right_mm"], _widest(MOTTO, G.MOTTO_SIZE, bold=True)),
                     (G.TEXT_W, title_rule),
                     *([(G.TEXT_W, RULE_SHARE * _widest(ctx["appendix"]["title"], G.SUMMARY_SIZE, bold=True))]
                       if ctx.get("appendix") else [])))



def _recipient_lines(items: list[str], ts: Typesetter) -> list[str]:
    """Each recipient broken as its printed line (``- …;``) is, without the dash and the end mark."""
    out = []
    for n, item in enumerate(items):
        last = n == len(items) - 1
        line = F.dong_noi_nhan(item, last)
        broken = ts(line, G.CLOSING_LEFT, G.RECIPIENTS_SIZE, align="left")
        out.append(broken[2:-1] if broken != line else item)
    return out


def _typeset(kind: str, ctx: dict, ts: Typesetter) -> None:
    """The centred lines under the header: summary, issuing authority, signer block, recipients."""
    if ctx.get("summary"):
        ctx["summary"] = ts(ctx["summary"], G.SUMMARY_W, G.SUMMARY_SIZE, bold=True)
    if ctx.get("authority_line"):
        ctx["authority_line"] = ts(ctx["authority_line"], G.TEXT_W, G.TYPE_SIZE, bold=True,
                                   source=ctx["authority_source"])
    if "lines" in ctx.get("signer", {}):
        ctx["signer"]["lines"] = [ts(line, G.CLOSING_RIGHT, G.SIGNER_SIZE, bold=True)
                                  for line in ctx["signer"]["lines"]]
    if ctx.get("recipients"):
        ctx["recipients"] = _recipient_lines(ctx["recipients"], ts)
    if kind == "giao-uoc-thi-dua":
        for row in ctx["member_rows"]:
            _typeset_row(row, ts)
    if ctx.get("appendix"):
        ap = ctx["appendix"]
        ap["title"] = ts(ap["title"], G.SUMMARY_W, G.SUMMARY_SIZE, bold=True)
        ap["note"] = ts(ap["note"], G.TEXT_W, G.SUMMARY_SIZE, italic=True)


def _typeset_row(row: list[dict], ts: Typesetter) -> None:
    """A row of the pledge grid: unit names broken to the same number of lines where they can
    be, titles padded from above, so titles share a baseline and names share a baseline."""
    w = G.GRID_CELL - 4
    counts = [ts.count(m["unit_header"], w, G.UNIT_SIZE, bold=True, source=m["unit_source"]) for m in row]
    for m in row:
        m["unit_header"] = ts(m["unit_header"], w, G.UNIT_SIZE, bold=True, source=m["unit_source"],
                              min_lines=max(counts))
    units = [m["unit_header"].count("\n") + 1 for m in row] if ts.enabled else [1] * len(row)
    for m in row:
        m["title_lines"] = [ts(t, w, G.UNIT_SIZE, bold=True) for t in m["title_lines"]]
    titles = [sum(t.count("\n") + 1 for t in m["title_lines"]) for m in row]
    for m, u, t in zip(row, units, titles):
        m["pad_lines"] = max(units) - u + max(titles) - t


def _giay_moi(record: Record, ctx: dict, invitee_index: int | None) -> None:
    inv, m, a = record.invitation, record.meeting, record.agency
    assert inv is not None and m is not None  # require_kind
    invitees = inv.invitees if invitee_index is None else [inv.invitees[invitee_index]]
    ctx["number_line"] = _number_line(inv.number, "giay-moi", a.code)
    ctx["place_date"] = dates.place_date(a.place, inv.date)
    ctx["summary"] = inv.subject or m.title
    ctx["invitees"] = [_person(g) for g in invitees]
    ctx["chair"] = _person(m.chair)
    ctx["signer"] = _signer(inv.signer or record.signer)
    notes = list(inv.notes)
    if notes:
        ctx["place_line"] = _sentence(m.place)
        ctx["notes"] = _with_end_mark(notes)
    else:
        ctx["place_line"] = F.ket_thuc(m.place)
        ctx["notes"] = []
    ctx["recipients"] = _recipients(inv.recipients, ["Như trên"], a.drafting_unit)


def _bien_ban(record: Record, ctx: dict, _: int | None) -> None:
    m, a = record.meeting, record.agency
    assert m is not None  # require_kind
    minutes = record.minutes
    ctx["number_line"] = _number_line(minutes.number if minutes else None, "bien-ban", a.code)
    ctx["attendees"] = [_person(p) for p in m.attendees]
    ctx["absentees"] = [_person(p) for p in m.absentees]
    ctx["chair"] = _person(m.chair)
    ctx["summary"] = m.title
    if m.secretary is None:
        raise InputError("Biên bản cần thư ký (meeting.secretary).")
    ctx["secretary"] = _person(m.secretary)
    end = m.end or m.start
    same_day = end.date() == m.start.date()
    when = dates.format_time(end) + (" cùng ngày" if same_day else ", " + dates.format_date(end.date()))
    ctx["closing"] = (f"Cuộc họp kết thúc vào {when}; biên bản đã được đọc lại cho những người dự họp "
                      "cùng nghe và thống nhất thông qua./.")
    recips = minutes.recipients if minutes else []
    ctx["recipients"] = _recipients(recips, [], "Hồ sơ")


def _quyet_dinh(record: Record, ctx: dict, _: int | None) -> None:
    d, a = record.decision, record.agency
    assert d is not None  # require_kind
    ctx["number_line"] = _number_line(d.number, "quyet-dinh", a.code)
    ctx["place_date"] = dates.place_date(a.place, d.date)
    ctx["summary"] = d.subject
    ctx["authority_line"] = case.upper(d.authority)
    ctx["authority_source"] = d.authority
    bases = [b.strip().rstrip(";.") for b in d.bases]
    lines = [b + ";" for b in bases]
    if d.proposer:
        lines.append(_sentence(d.proposer.strip().rstrip(";.")))
    else:
        lines[-1] = lines[-1][:-1] + "."
    ctx["bases"] = lines
    articles: list[dict[str, Any]] = []
    for i, art in enumerate(d.articles, 1):
        paras = [*([art.text] if art.title and art.text else []), *art.clauses]
        title, text = art.title, art.text
        # "Điều 1." typed by the clerk is the heading itself, printed as typed, not doubled
        typed = ARTICLE_RE.match(title or "") or (None if title else ARTICLE_RE.match(text or ""))
        if typed:
            head = typed.group(0).strip()
            if title:
                title = title[typed.end():].strip() or None
            else:
                text = (text or "")[typed.end():].strip()
        else:
            head = f"Điều {i}."
        articles.append({
            "heading": head + (f" {title}" if title else ""),
            "inline": "" if art.title else f" {text}",
            "paragraphs": paras,
        })
    if d.executors:
        who = ", ".join(d.executors)
        articles.append({"heading": f"Điều {len(articles) + 1}.", "paragraphs": [],
                         "inline": f" {who} chịu trách nhiệm thi hành Quyết định này."})
    last = articles[-1]
    if last["paragraphs"]:
        last["paragraphs"] = _with_end_mark(last["paragraphs"])
    else:
        last["inline"] = F.ket_thuc(last["inline"])
    ctx["articles"] = articles
    ctx["signer"] = _signer(d.signer or record.signer)
    ctx["appendix"] = None
    if d.appendix is not None:
        ap = d.appendix
        number = ctx["number_line"].split(":", 1)[1].strip()
        ctx["appendix"] = {
            "heading": case.upper(ap.heading),
            "title": ap.title,
            "note": f"(Kèm theo Quyết định số {number} {dates.format_date(d.date)} của {d.authority})",
            "people": [{"name": p.name, "position": p.position or "", "role": p.role or ""} for p in ap.people],
            "paragraphs": list(ap.paragraphs),
        }
    first = [f"Như Điều {len(articles)}"] if d.executors else []
    ctx["recipients"] = _recipients(d.recipients, first, a.drafting_unit)


def _giao_uoc(record: Record, ctx: dict, _: int | None) -> None:
    p = record.pledge
    assert p is not None  # require_kind
    ctx["place_date"] = dates.place_date(p.place or record.agency.place, p.date)
    ctx["doc_type"] = f"BẢN GIAO ƯỚC THI ĐUA NĂM {p.year}"
    ctx["bases"] = [b.strip().rstrip(";.") + ";" for b in p.bases]
    if ctx["bases"]:
        ctx["bases"][-1] = ctx["bases"][-1][:-1] + "."
    ctx["intro"] = p.intro or (
        f"Các đơn vị thành viên {p.bloc} thống nhất ký kết giao ước thi đua năm {p.year} "
        "với các nội dung sau:")
    ctx["sections"] = [
        {"heading": f"{_roman(i)}. {case.upper(s.title)}",
         "items": [f"{j}. {_sentence(it)}" for j, it in enumerate(s.items, 1)]}
        for i, s in enumerate(p.sections, 1)
    ]
    ctx["closing"] = ("Các đơn vị thành viên cam kết tổ chức thực hiện tốt các nội dung giao ước; "
                      f"kết quả thực hiện là căn cứ để bình xét, suy tôn thi đua năm {p.year} của Khối./.")
    members = []
    for mb in p.members:
        unit, src = header_text(mb.header_name or mb.unit)
        lines = _signer_lines(mb, mb.signer.title or "")
        members.append({"unit_header": unit, "unit_source": src, "title_lines": lines,
                        "title": lines[-1] if lines else "", "name": mb.signer.name, "pad_lines": 0})
    ctx["member_rows"] = [members[i:i + 2] for i in range(0, len(members), 2)]


_BUILDERS = {"giay-moi": _giay_moi, "bien-ban": _bien_ban, "quyet-dinh": _quyet_dinh, "giao-uoc-thi-dua": _giao_uoc}


# ---------------------------------------------------------------- file names and rendering

def slug(text: str) -> str:
    """ASCII file-name slug of Vietnamese text: ``Trần Văn Biên`` → ``tran-van-bien``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _field(record: Record, path: str | None) -> Any:
    """The value at a dotted record path (``minutes.number``), None where a section is absent."""
    value: Any = record
    for key in (path or "").split(".") if path else ():
        value = getattr(value, key, None) if value is not None else None
    return value if path else None


def filename(record: Record, kind: str, invitee_index: int | None = None) -> str:
    """``<slug>-<number>-<symbol>-<agency code>.docx`` from the kind's registry entry, or
    ``<slug>-<date or year>.docx`` for a document without a number."""
    k = doc_kind(kind)
    number = _field(record, k.number)
    if number is not None and k.symbol:
        base = f"{k.slug}-{number:02d}-{slug(k.symbol)}-{slug(record.agency.code)}"
    else:
        dated = _field(record, k.dated)
        assert dated is not None, f"{kind}: neither {k.number} nor {k.dated} in the record"
        base = f"{k.slug}-{dated:%Y%m%d}" if hasattr(dated, "strftime") else f"{k.slug}-{dated}"
    if invitee_index is not None:
        assert record.invitation is not None
        g = record.invitation.invitees[invitee_index]
        base += f"-{invitee_index + 1:03d}-{slug(g.name or g.unit or '')}"[:80]
    return base + ".docx"


def template_path(kind: str, templates_dir: str | os.PathLike | None = None) -> Path:
    return kinds_template_path(kind, templates_dir)


def render_record(record: Record, kinds: Iterable[str] | None = None, *, per_invitee: bool = False,
                  templates_dir: str | os.PathLike | None = None, line_breaking: bool = True) -> list[RenderedDoc]:
    """Render the documents of ``record`` (all it can produce, or ``kinds``), in memory."""
    out = []
    for kind in (list(kinds) if kinds else record.kinds()):
        require_kind(record, kind)
        tpath = template_path(kind, templates_dir)
        tpl = load_template(tpath)
        indices: list[int | None] = (list(range(len(record.invitation.invitees)))
                                     if kind == "giay-moi" and per_invitee and record.invitation is not None
                                     else [None])
        for i in indices:
            ctx = context(record, kind, invitee_index=i, line_breaking=line_breaking)
            data = tpl.render(_printable(ctx), transform=_transform(ctx, kind))
            out.append(RenderedDoc(kind, filename(record, kind, i), data, tpath.name))
    return out


_BROKEN = ("parent_header", "agency_header", "bloc_header", "summary", "authority_line", "place_date",
           "invitee_block")


def _printable(ctx: dict) -> dict:
    """``ctx`` with the lines docgen broke as ready line breaks (docgen.ooxml.geometry.with_breaks)."""
    from .ooxml.geometry import with_breaks
    out = dict(ctx)
    for key in _BROKEN:
        if isinstance(out.get(key), str):
            out[key] = with_breaks(out[key])
    if isinstance(out.get("recipient_lines"), list):
        out["recipient_lines"] = [with_breaks(x) for x in out["recipient_lines"]]
    if isinstance(out.get("signer"), dict) and "lines" in out["signer"]:
        out["signer"] = {**out["signer"], "lines": [with_breaks(x) for x in out["signer"]["lines"]]}
    if out.get("member_rows"):
        out["member_rows"] = [[{**m, "unit_header": with_breaks(m["unit_header"]),
                                "title_lines": [with_breaks(t) for t in m["title_lines"]]} for m in row]
                              for row in out["member_rows"]]
    if out.get("appendix"):
        ap = out["appendix"]
        out["appendix"] = {**ap, "title": with_breaks(ap["title"]), "note": with_breaks(ap["note"])}
    return out


def _transform(ctx: dict, kind: str):
    from .ooxml.geometry import apply, tighten
    geo = geometry(ctx, kind)

    compact = bool(ctx.get("compact"))

    def transform(part: str, xml: str) -> str:
        if part != "word/document.xml":
            return xml
        xml = apply(xml, geo)
        return tighten(xml, G.BODY_SIZE, G.COMPACT_SIZE) if compact else xml
    return transform


@dataclass
class RenderResult:
    written: list[Path]
    changes: list  # list[FieldChange]
    warnings: list[str]


def render_to_dir(record_path: str | os.PathLike, out_dir: str | os.PathLike, *,
                  kinds: Iterable[str] | None = None, per_invitee: bool = False,
                  templates_dir: str | os.PathLike | None = None, repair: bool = True,
                  pdf: bool = False) -> RenderResult:
    """Load, validate, normalize and render one record file into ``out_dir`` (atomic writes)."""
    from .fields import normalize_record, save_cache
    from .io.atomic import atomic_write
    from .io.loaders import load_record

    record = load_record(record_path)
    record, changes = normalize_record(record, repair=repair)
    save_cache()  # the fields' outcomes, for the next render of a record that shares them
    out = Path(out_dir)
    written = []
    for doc in render_record(record, kinds, per_invitee=per_invitee, templates_dir=templates_dir):
        written.append(atomic_write(out / doc.filename, doc.data, inputs=[record_path]))
    warnings: list[str] = []
    if pdf:
        from .io.pdf import to_pdf
        try:
            written += to_pdf(written, out, warnings=warnings)
        except DocgenError as exc:
            warnings.append(str(exc))
    return RenderResult(written, changes, warnings)
