"""Find the parts of a Decree 30 document by their text, wherever they are (a table cell, the
body, a text box): national title, motto, agency, number, place and date, document type,
summary, body, signer blocks and recipients."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..ooxml.ns import W
from ..vi.case import fold, upper
from ..vi.decree30 import AUTHORITY_PREFIXES
from ..vi.docnum import KNOWN_TYPE_CODES
from .model import DocxModel, Paragraph


NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Appendix III, Mục I: document type name → type code; the pledge agreement has no decree code.
PLEDGE = "BẢN GIAO ƯỚC THI ĐUA"
DOC_TYPES: dict[str, str | None] = {upper(name): code for code, name in KNOWN_TYPE_CODES.items()}
DOC_TYPES[PLEDGE] = None
MINUTES = "BIÊN BẢN"

NUMBER_RE = re.compile(r"^\s*số\s*[:.]?\s*\d*\s*/", re.IGNORECASE)
DATE_RE = re.compile(
    r"^(?P<place>[^,]*?)\s*(?P<comma>,?)\s*ngày\s+(?P<day>\d*|[.…_ ]*)\s*tháng\s+(?P<month>\d*|[.…_ ]*)"
    r"\s*năm\s+(?P<year>\d{4})\s*\.?$", re.IGNORECASE)
AUTHORITY_RE = re.compile(r"^\s*(?P<prefix>TM|KT|Q|TL|TUQ|T/M|K/T|T\.M|K\.T|THAY MẶT|KÝ THAY|THỪA LỆNH|"
                          r"THỪA ỦY QUYỀN|QUYỀN)\s*[./:]?\s+(?=\S)", re.IGNORECASE)
ABBREVIATIONS = AUTHORITY_PREFIXES
RECIPIENTS_RE = re.compile(r"^\s*nơi\s+nhận\b", re.IGNORECASE)


def is_authority(text: str) -> bool:
    """An authority line (``TM. ỦY BAN NHÂN DÂN``, also misspelt ``T/M``): upper case, or one of
    the decree's abbreviations, so a sentence starting "Thay mặt …" is not taken for one."""
    return bool(AUTHORITY_RE.match(text)) and (text == text.upper() or text.startswith(ABBREVIATIONS))


def letters(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalpha())


_TYPE_KEYS = {fold(k): k for k in DOC_TYPES}


def doc_type_of(text: str) -> str | None:
    """The document type named by a title line (``GIẤY MỜI``, ``BẢN GIAO ƯỚC THI ĐUA NĂM 2022``)."""
    key = fold(text)
    if key in _TYPE_KEYS:
        return _TYPE_KEYS[key]
    if key.startswith(fold(PLEDGE)):
        return PLEDGE
    return None


@dataclass
class SignerBlock:
    lines: list[Paragraph]  # authority and title lines (upper case expected)
    name: Paragraph | None


@dataclass
class Layout:
    national: Paragraph | None = None
    motto: Paragraph | None = None
    agency: list[Paragraph] = field(default_factory=list)  # parent agency lines, then the issuer
    number: Paragraph | None = None
    place_date: Paragraph | None = None
    doc_type: Paragraph | None = None
    type_name: str | None = None
    summary: Paragraph | None = None
    recipients_head: Paragraph | None = None
    recipients: list[Paragraph] = field(default_factory=list)
    signers: list[SignerBlock] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    end: Paragraph | None = None
    is_cong_van: bool = False
    subject: Paragraph | None = None  # a công văn's «V/v …» line

    @property
    def administrative(self) -> bool:
        """Whether the file looks like a Decree 30 document at all (structure rules apply)."""
        return self.national is not None or self.motto is not None or self.doc_type is not None


def _is_name(text: str) -> bool:
    """A person's name in any case but all capitals: two to seven words of letters."""
    words = text.split()
    return 2 <= len(words) <= 7 and all(w.isalpha() for w in words) and text != text.upper() \
        and not is_authority(text)


APPENDIX_RE = re.compile(r"^(phụ lục|danh sách)\b")


def main_text(paras: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs before an appendix (a centred «PHỤ LỤC …» / «DANH SÁCH …» heading that
    starts a new page, after the signature): the appendix is checked as a document of its own
    kind, not as the end of the text."""
    for i, p in enumerate(paras):
        if i > 10 and p.props.jc == "center" and APPENDIX_RE.match(fold(p.clean)):
            ppr = p.el.find(W + "pPr")
            if (ppr is not None and ppr.find(W + "pageBreakBefore") is not None) or _after_page_section_break(p):
                return paras[:i]
    return paras


def _after_page_section_break(p: Paragraph) -> bool:
    """``p`` opens a section that starts on a new page (the paragraph before it ends a section)."""
    prev = p.el.getprevious()
    sect = prev.find(f"{W}pPr/{W}sectPr") if prev is not None and prev.tag == W + "p" else None
    if sect is None:
        return False
    kind = sect.find(W + "type")
    return kind is None or kind.get(W + "val", "nextPage") in ("nextPage", "oddPage", "evenPage")


def analyse(model: DocxModel) -> Layout:
    paras = main_text([line for p in model.paragraphs if p.clean for line in p.lines()])
    lay = Layout()
    for p in paras[:40]:
        name = doc_type_of(p.clean)
        if name and not p.clean.endswith(":"):
            lay.doc_type, lay.type_name = p, name
            break
    head_zone = [p for p in paras[:40] if lay.doc_type is None or p.order < lay.doc_type.order]
    for p in head_zone:
        key = fold(p.clean)
        if lay.national is None and ("xã hội chủ nghĩa" in key or "xa hoi chu nghia" in key) and len(key) < 60:
            lay.national = p
        elif lay.motto is None and letters(p.clean) == "độclậptựdohạnhphúc":
            lay.motto = p
        elif lay.number is None and NUMBER_RE.match(p.clean):
            lay.number = p
        elif lay.place_date is None and DATE_RE.match(p.clean):
            lay.place_date = p
    anchors = [p for p in (lay.national, lay.motto, lay.number, lay.place_date) if p is not None]
    header_end = max((p.order for p in anchors), default=(0, 0))
    if lay.doc_type is None and lay.number is not None:
        nxt = [p for p in paras if p.order > lay.number.order]
        if nxt and fold(nxt[0].clean).startswith("v/v"):
            lay.is_cong_van, lay.subject = True, nxt[0]
            header_end = max(header_end, nxt[0].order)
    _find_agency(lay, paras)
    if lay.doc_type is not None:
        header_end = max(header_end, lay.doc_type.order)
        after = [p for p in paras if p.order > lay.doc_type.order]
        if after and after[0].props.jc == "center" and after[0].table is None \
                and not fold(after[0].clean).startswith("căn cứ"):
            lay.summary = after[0]
            header_end = after[0].order
    _find_closing(lay, model, paras, header_end)
    return lay


def _find_agency(lay: Layout, paras: list[Paragraph]) -> None:
    """Agency lines: the non-empty lines above ``Số:`` in its column (its cell, or the cells above
    it when the header table has two rows), or above it in the body; without a number line, the
    lines of the cell left of the national title."""
    num, nat = lay.number, lay.national
    if num is not None and num.cell_pos is not None:
        cand = [p for p in paras if p.table is num.table and p.cell_pos is not None
                and p.cell_pos[2] == num.cell_pos[2] and p.order < num.order]
    elif num is not None:
        cand = [p for p in paras if p.order < num.order and p.table is None and not p.where]
    elif nat is not None and nat.cell_pos is not None:
        others = [p for p in paras if p.table is nat.table and p.cell_pos is not None
                  and p.cell_pos[1] == nat.cell_pos[1] and p.cell_pos[2] != nat.cell_pos[2]]
        cand = [p for p in others if p.cell is others[0].cell] if others else []
    else:
        cand = []
    skip = {id(p) for p in (nat, lay.motto, lay.place_date) if p is not None}
    lay.agency = _whole([p for p in cand if id(p) not in skip and not DATE_RE.match(p.clean)
                         and not fold(p.clean).startswith("v/v")])[:3]


def _whole(lines: list[Paragraph]) -> list[Paragraph]:
    """Lines of one paragraph (a name broken by line breaks) joined back into one view."""
    out: list[Paragraph] = []
    for p in lines:
        if out and p.line and out[-1].index == p.index:
            prev = out[-1]
            out[-1] = replace(prev, text=prev.text + "\n" + p.text, runs=prev.runs + p.runs)
        else:
            out.append(p)
    return out


def _find_closing(lay: Layout, model: DocxModel, paras: list[Paragraph], header_end: tuple[int, int]) -> None:
    """Recipients, signer blocks, the body and its last paragraph."""
    rest = [p for p in paras if p.order > header_end]
    closing_start = None
    for p in rest:
        if RECIPIENTS_RE.match(p.clean):
            lay.recipients_head = p
            same = [q for q in rest if q.order > p.order and (q.cell is p.cell if p.cell is not None
                                                                else q.table is None)]
            for q in same:
                if p.cell is None and (q.props.jc == "center" or is_authority(q.clean)):
                    break
                prev = lay.recipients[-1] if lay.recipients else None
                if prev is not None and q.line and prev.index == q.index and not q.clean.startswith(("-", "–")):
                    # a recipient broken onto a second line (no dash): one recipient
                    lay.recipients[-1] = replace(prev, text=prev.text + "\n" + q.text, runs=prev.runs + q.runs)
                else:
                    lay.recipients.append(q)
                if fold(q.clean).lstrip("-–— ").startswith("lưu"):
                    break  # what follows (drafter and copies, «PL.(300)») is no recipient
            break
    # signature tables: the one holding the recipients, and the last table when no text follows it
    tables = []
    if lay.recipients_head is not None and lay.recipients_head.table is not None:
        tables.append(lay.recipients_head.table)
    in_tables = [p for p in rest if p.table is not None]
    if in_tables and all(in_tables[-1].table is not t for t in tables):
        after = [p for p in rest if p.order > in_tables[-1].order and p.table is None and not p.where]
        if not after or all(RECIPIENTS_RE.match(p.clean) or p in lay.recipients for p in after):
            tables.append(in_tables[-1].table)
    used = {id(p) for p in lay.recipients}
    head = lay.recipients_head
    if head is not None:  # the recipients' cell below «Nơi nhận:» holds no signature
        used |= {id(p) for p in rest if p.order >= head.order and (p.cell is head.cell if head.cell is not None
                                                                    else p is head)}
    for table in tables:
        cells: dict[int, list[Paragraph]] = {}
        order = []
        for p in rest:
            if p.table is table and id(p) not in used and not _aside(p):
                if id(p.cell) not in cells:
                    order.append(id(p.cell))
                cells.setdefault(id(p.cell), []).append(p)
        blocks = [b for b in (_block(cells[c]) for c in order) if b is not None]
        if blocks or table is (lay.recipients_head.table if lay.recipients_head else None):
            lay.signers.extend(blocks)
            first = min(p.order for p in rest if p.table is table)
            closing_start = first if closing_start is None else min(closing_start, first)
    if not lay.signers:  # a signer block written as body paragraphs
        for i, p in enumerate(rest):
            if p.table is None and is_authority(p.clean):
                tail = [q for q in rest[i:] if q.table is None and id(q) not in used and not _aside(q)]
                block = _block(tail)
                if block:
                    lay.signers.append(block)
                closing_start = p.order
                break
    if lay.recipients_head is not None:
        start = lay.recipients_head.order
        closing_start = start if closing_start is None else min(closing_start, start)
    limit = closing_start if closing_start is not None else (10 ** 9, 0)
    body = {p.index for p in rest if p.order < limit and p.table is None and not p.where}
    lay.body = [p for p in model.paragraphs if p.index in body]  # whole paragraphs, not lines
    text = [p for p in lay.body if p.props.jc != "center"]
    lay.end = text[-1] if text else None


def _aside(p: Paragraph) -> bool:
    """A bracketed note in a signer cell: ``(Ký, ghi rõ họ tên)``, ``(đã ký)``."""
    return p.clean.startswith("(") and p.clean.endswith(")")


def _block(lines: list[Paragraph]) -> SignerBlock | None:
    """A signer block: upper-case lines (authority, title), then the signer's name."""
    if not lines:
        return None
    name = lines[-1] if len(lines) >= 2 and _is_name(lines[-1].clean) else None
    heads = lines[:-1] if name else lines
    if not heads or not any(is_authority(p.clean) or p.clean == p.clean.upper() for p in heads):
        return None
    return SignerBlock(heads, name)
