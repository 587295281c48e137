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
from collections.abc import Iterable
from typing import Any

from .errors import DocgenError, InputError
from .kinds import SLUGS, kind as doc_kind
from .model import Invitee, Person, Record, Signer
from .render import filters as F
from .render.engine import TEMPLATES_DIR, load_template
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
    return f"Đại diện lãnh đạo {p.unit}" if p.unit else ""


def _signer_lines(s: Signer) -> list[str]:
    """The upper-case authority lines above the signature."""
    title = case.upper(s.title)
    if s.authority == "Q.":
        return [f"Q. {title}"]
    if s.authority:
        return [f"{s.authority} {case.upper(s.on_behalf_of or '')}".strip(), title]
    return [title]


def _signer(s: Signer) -> dict:
    return {"lines": _signer_lines(s), "name": s.name, "title": s.title}


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


def context(record: Record, kind: str, *, invitee_index: int | None = None) -> dict:
    """Everything the template of ``kind`` reads."""
    require_kind(record, kind)
    ctx: dict = record.model_dump()
    ctx["agency_header"] = case.upper(record.agency.header_name or record.agency.name)
    _BUILDERS[kind](record, ctx, invitee_index)
    return ctx


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
        articles.append({
            "heading": f"Điều {i}." + (f" {art.title}" if art.title else ""),
            "inline": "" if art.title else f" {art.text}",
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
    first = [f"Như Điều {len(articles)}"] if d.executors else []
    ctx["recipients"] = _recipients(d.recipients, first, a.drafting_unit)


def _giao_uoc(record: Record, ctx: dict, _: int | None) -> None:
    p = record.pledge
    assert p is not None  # require_kind
    ctx["bloc_header"] = case.upper(p.bloc)
    ctx["place_date"] = dates.place_date(p.place or record.agency.place, p.date)
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
    members = [{"unit_header": case.upper(mb.unit), "title": case.upper(mb.signer.title or ""),
                "name": mb.signer.name} for mb in p.members]
    ctx["member_rows"] = [members[i:i + 2] for i in range(0, len(members), 2)]


_BUILDERS = {"giay-moi": _giay_moi, "bien-ban": _bien_ban, "quyet-dinh": _quyet_dinh, "giao-uoc-thi-dua": _giao_uoc}


# ---------------------------------------------------------------- file names and rendering

def slug(text: str) -> str:
    """ASCII file-name slug of Vietnamese text: ``Trần Văn Biên`` → ``tran-van-bien``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def filename(record: Record, kind: str, invitee_index: int | None = None) -> str:
    a, inv, meeting, decision, pledge = record.agency, record.invitation, record.meeting, record.decision, record.pledge
    if kind == "giay-moi":
        assert inv is not None
        base = f"giay-moi-{inv.number:02d}-gm-{slug(a.code)}"
        if invitee_index is not None:
            g = inv.invitees[invitee_index]
            base += f"-{invitee_index + 1:03d}-{slug(g.name or g.unit or '')}"[:80]
    elif kind == "bien-ban":
        n = record.minutes.number if record.minutes and record.minutes.number else None
        assert meeting is not None
        base = f"bien-ban-{n:02d}-bb-{slug(a.code)}" if n else f"bien-ban-{meeting.start:%Y%m%d}"
    elif kind == "quyet-dinh":
        assert decision is not None
        base = f"quyet-dinh-{decision.number:02d}-qd-{slug(a.code)}"
    else:
        assert pledge is not None
        base = f"giao-uoc-thi-dua-{pledge.year}"
    return base + ".docx"


def template_path(kind: str, templates_dir: str | os.PathLike | None = None) -> Path:
    return Path(templates_dir or TEMPLATES_DIR) / doc_kind(kind).template


def render_record(record: Record, kinds: Iterable[str] | None = None, *, per_invitee: bool = False,
                  templates_dir: str | os.PathLike | None = None) -> list[RenderedDoc]:
    """Render the documents of ``record`` (all it can produce, or ``kinds``), in memory."""
    out = []
    for kind in (list(kinds) if kinds else record.kinds()):
        require_kind(record, kind)
        tpath = template_path(kind, templates_dir)
        tpl = load_template(tpath)
        if kind == "giay-moi" and per_invitee and record.invitation is not None:
            for i in range(len(record.invitation.invitees)):
                data = tpl.render(context(record, kind, invitee_index=i))
                out.append(RenderedDoc(kind, filename(record, kind, i), data, tpath.name))
        else:
            out.append(RenderedDoc(kind, filename(record, kind), tpl.render(context(record, kind)), tpath.name))
    return out


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
    from .fields import normalize_record
    from .io.atomic import atomic_write
    from .io.loaders import load_record

    record = load_record(record_path)
    record, changes = normalize_record(record, repair=repair)
    out = Path(out_dir)
    written = []
    for doc in render_record(record, kinds, per_invitee=per_invitee, templates_dir=templates_dir):
        written.append(atomic_write(out / doc.filename, doc.data, inputs=[record_path]))
    warnings = []
    if pdf:
        from .io.pdf import to_pdf
        try:
            written += to_pdf(written, out)
        except DocgenError as exc:
            warnings.append(str(exc))
    return RenderResult(written, changes, warnings)
