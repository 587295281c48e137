"""Typography rules: where the lines of a name break, and where the pages break.

* ND30-HEADER-BREAK — the agency name (and the summary under the document type) breaks inside
  a word or a name, by a line break the clerk typed or where the word processor wraps it in
  its column (measured with Times New Roman's widths, docgen.layout): ``KHU CÔNG / NGHỆ CAO``.
  The finding shows the breaks docgen.layout.breaking would make.
* ND30-SIGNER-PAGE — the signer's name sits on another page than the signer's title, or the
  signature block sits on a page of its own with nothing of the text above it. It needs the
  laid-out pages: ``docgen lint --trang`` exports a PDF with LibreOffice and reads its pages.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..layout.breaking import break_lines
from ..layout.metrics import pt, text_width
from ..normalize.base import Change, Kind, Location
from ..vi.words import NEVER, break_costs
from ..ooxml.lines import plain_runs, set_lines, text_of
from ..ooxml.ns import W
from .layout import fold
from .model import TWIPS_PER_MM, Paragraph
from .rules import WARNING, Context, Finding, Repair, at, part_repair, rule


def _cell_width_mm(p: Paragraph) -> float | None:
    """Width of the table cell holding ``p`` (its w:tcW, in twips), in millimetres."""
    if p.cell is None:
        return None
    w = p.cell.find(f"{W}tcPr/{W}tcW")
    try:
        return int(w.get(W + "w")) / TWIPS_PER_MM if w is not None and w.get(W + "type", "dxa") == "dxa" else None
    except (TypeError, ValueError):
        return None


def _wrapped(text: str, width_mm: float, size: float, bold: bool) -> list[str]:
    """The lines a word processor makes of ``text`` (its own breaks kept, then greedy filling)."""
    lines: list[str] = []
    width = pt(width_mm)
    for piece in text.split("\n"):
        cur: list[str] = []
        for word in piece.split():
            trial = " ".join([*cur, word])
            if cur and text_width(trial, size, bold=bold) > width:
                lines.append(" ".join(cur))
                cur = [word]
            else:
                cur.append(word)
        lines.append(" ".join(cur))
    return [x for x in lines if x]


def _split_seams(lines: list[str]) -> list[str]:
    """The breaks between ``lines`` that fall inside a word or a name (``KHU CÔNG / NGHỆ CAO``)."""
    text = " ".join(lines)
    tokens, costs = break_costs(text)
    out, k = [], 0
    for line in lines[:-1]:
        k += len(line.split())
        if 0 < k < len(tokens) and costs[k - 1] >= NEVER:
            out.append(f"{tokens[k - 1]} / {tokens[k]}")
    return out


def _page_break_between(first, last) -> bool:
    """A page break (w:br w:type="page", w:pageBreakBefore) after paragraph ``first`` up to and
    including paragraph ``last`` (siblings in one cell or body)."""
    el = first.getnext()
    while el is not None:
        if el.tag == W + "p" and (el.find(f"{W}pPr/{W}pageBreakBefore") is not None or any(
                br.get(W + "type") == "page" for br in el.iter(W + "br"))):
            return True
        if el is last:
            return False
        el = el.getnext()
    return False


def _broken_names(ctx: Context) -> Iterator[tuple[Paragraph, str, float]]:
    lay = ctx.layout
    for p in lay.agency:
        yield p, "Tên cơ quan", _cell_width_mm(p) or 165.0  # outside a table: the text width
    if lay.summary is not None:
        yield lay.summary, "Trích yếu", 165.0


@rule("ND30-HEADER-BREAK", "Ngắt dòng tên cơ quan, trích yếu",
      "Tên cơ quan ở tiêu đề và trích yếu xuống dòng giữa các từ, không tách đôi một từ hay một tên riêng "
      "(«KHU CÔNG / NGHỆ CAO»), dù do gõ xuống dòng hay do chữ tự tràn sang dòng dưới. «--fix» ngắt dòng lại "
      "giữa các từ (chữ giữ nguyên).", fixable=True)
def check_header_break(ctx: Context):
    for p, what, width in _broken_names(ctx):
        runs = p.text_runs()
        if not runs:
            continue
        size, bold = runs[0].props.size, runs[0].props.bold
        text = "\n".join(" ".join(x.split()) for x in p.text.split("\n") if x.strip())
        lines = _wrapped(text, width, size, bold)
        seams = _split_seams(lines)
        if not seams:
            continue
        better = break_lines(" ".join(lines), width, size, bold=bold)
        yield Finding("ND30-HEADER-BREAK", f"{what} xuống dòng giữa một từ: {', '.join('«' + s + '»' for s in seams)}.",
                      at(p), " / ".join(lines), " / ".join(better.lines), severity=WARNING, fixable=True,
                      repair=_rebreak_repair(ctx, p, width, size, bool(bold)))


def _rebreak_repair(ctx: Context, p: Paragraph, width: float, size: float, bold: bool) -> Repair:
    """Break the paragraph's lines again with the same breaker (docgen.layout.breaking), as
    ``w:br`` (docgen.ooxml.lines), from its text at the time of the repair; a paragraph of
    mixed formats, fields or other content, or one holding more than this name, is left alone.
    The change is reported (``Repair.change``)."""
    el = p.el

    def fn() -> bool:
        runs = plain_runs(el)
        if runs is None:
            return False
        before = text_of(runs)
        lines = _wrapped("\n".join(" ".join(x.split()) for x in before.split("\n") if x.strip()), width, size, bold)
        if not _split_seams(lines):
            return False
        after = break_lines(" ".join(lines), width, size, bold=bold).lines
        if list(after) == lines or not set_lines(el, list(after)):
            return False
        new = "\n".join(after)
        repair.change = Change(0, len(before), before, new, "ND30-HEADER-BREAK", 1.0, True, Kind.LINT_TEXT,
                               Location(p.index, "", p.where))
        return True

    repair = part_repair(ctx.model, ctx.model.main, fn, Kind.LINT_TEXT)
    return repair


@rule("ND30-SIGNER-PAGE", "Chữ ký không tách trang",
      "Họ tên người ký cùng trang với chức vụ, và khối chữ ký không đứng một mình trên một trang "
      "(cần «docgen lint --trang»: xuất PDF bằng LibreOffice để xem cách chia trang).")
def check_signer_page(ctx: Context):
    if not ctx.layout.signers:
        return
    pages = ctx.pages
    if not pages:  # not laid out: only a page break typed between the title and the name
        for block in ctx.layout.signers:
            if block.name is not None and block.lines and _page_break_between(block.lines[-1].el, block.name.el):
                yield Finding("ND30-SIGNER-PAGE", "Có ngắt trang giữa chức vụ và họ tên người ký.", at(block.name),
                              "ngắt trang trước họ tên", "chức vụ và họ tên cùng một trang")
        return
    folded = [fold(x) for x in pages]
    lines = [{fold(x) for x in page.splitlines() if x.strip()} for page in pages]
    for k, block in enumerate(ctx.layout.signers):
        if block.name is None or not block.lines:
            continue
        name, title = fold(block.name.clean), fold(block.lines[-1].clean)
        # the page where the name stands on a line of its own (not a mention in the text)
        on_name = [i for i, page in enumerate(lines) if name in page]
        if not on_name:
            continue
        n = on_name[0]
        if not any(title in x for x in lines[n]):
            before = [i for i in range(n) if any(title in x for x in lines[i])]
            t = before[-1] if before else None
            yield Finding("ND30-SIGNER-PAGE", f"Họ tên người ký ở trang {n + 1}, tách khỏi chức vụ"
                          + (f" ở trang {t + 1}." if t is not None else "."), at(block.name),
                          f"chức vụ trang {t + 1 if t is not None else '?'}, họ tên trang {n + 1}",
                          "chức vụ và họ tên cùng một trang")
            continue
        end = ctx.layout.end
        if k == 0 and end is not None and n > 0:  # the main signature: with the end of the text
            tail = fold(end.clean)[-40:]
            if tail and tail not in folded[n] and tail in " ".join(folded[:n]):
                yield Finding("ND30-SIGNER-PAGE", f"Khối chữ ký đứng một mình ở trang {n + 1}, không có đoạn cuối "
                              "của nội dung đi kèm.", at(block.name), f"trang {n + 1} chỉ có chữ ký",
                              "đoạn cuối của nội dung cùng trang với chữ ký", severity=WARNING)


# Inside a sentence (after a comma or a lower-case word): "thứ Sáu", "các phòng" (Appendix II).
_MID_SENTENCE = re.compile(r"\b(?P<word>Thứ|Các|Những)\s(?P<next>\w+)")
_WEEKDAYS = ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy")


def _mid_sentence_capitals(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _MID_SENTENCE.finditer(text):
        before = text[:m.start()].rstrip()
        if not before or before.endswith((".", ":", "!", "?", "-", "–", "(", "\"", "“")):
            continue  # a sentence, a list item or a quotation starts here
        prev = before.split()[-1]
        if m["word"] == "Thứ" and m["next"] in _WEEKDAYS:
            out.append((f"{m['word']} {m['next']}", f"thứ {m['next']}"))
        elif m["word"] in ("Các", "Những") and m["next"][:1].islower() and prev[:1].islower():
            out.append((f"{m['word']} {m['next']}", f"{m['word'].lower()} {m['next']}"))
    return out


@rule("ND30-SENTENCE-CASE", "Chữ thường giữa câu",
      "Giữa câu, thứ trong tuần viết «thứ Sáu» (chỉ viết hoa chữ chỉ ngày), «các», «những» viết thường "
      "(«Đại diện lãnh đạo các phòng») — Phụ lục II.")
def check_sentence_case(ctx: Context):
    lay = ctx.layout
    for p in lay.body or ctx.model.paragraphs:
        if not p.clean or p.clean == p.clean.upper():
            continue
        for found, expected in _mid_sentence_capitals(p.clean):
            yield Finding("ND30-SENTENCE-CASE", f"Giữa câu viết thường: «{expected}».", at(p), f"«{found}»",
                          f"«{expected}»", severity=WARNING)
