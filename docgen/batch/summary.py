"""What a batch tells the clerk: a line per source as results arrive, the end-of-batch report,
and the paragraphs that changed in a rewritten document."""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from ..errors import DocgenError

if TYPE_CHECKING:
    from .run import BatchResult, SourceResult

STATUS_LABELS = {"new": "tạo mới", "changed": "đã thay đổi", "restored": "tạo lại", "unchanged": "không đổi",
                 "skipped": "không đổi"}


def paragraph_texts(docx: bytes) -> list[str]:
    """The text of every non-empty paragraph of a DOCX's main document, in order."""
    from ..ooxml.text import document_texts  # lxml: only when a document was rewritten

    return [t for t in (t.strip() for t in document_texts(docx)) if t]


def text_diff(old: bytes, new: bytes) -> list[str]:
    """Changed paragraphs as ``- old`` / ``+ new`` lines (unified diff without context)."""
    try:
        a = paragraph_texts(old)
    except DocgenError:
        a = []
    b = paragraph_texts(new)
    return [f"{line[0]} {line[1:]}" for line in difflib.unified_diff(a, b, n=0, lineterm="")
            if not line.startswith(("---", "+++", "@@"))]


def progress_line(res: SourceResult, done: int, total: int) -> str:
    """One line of the running log: ``[3/50] hop-03.yaml: …``."""
    if not res.ok:
        return f"[{done}/{total}] {res.display}: LỖI — " + " | ".join(res.errors).replace("\n", " | ")
    if res.fresh:
        return f"[{done}/{total}] {res.display}: {len(res.outputs)} văn bản không đổi (bỏ qua)"
    return f"[{done}/{total}] {res.display}: " + ", ".join(f"{o.path}: {STATUS_LABELS[o.status]}" for o in res.outputs)


def summary(result: BatchResult, *, changes: bool = False) -> list[str]:
    """The Vietnamese end-of-batch report: counts, failures, unused corrections, stale files, changes."""
    written = result.written
    unchanged = result.outputs("unchanged", "skipped")
    failed = result.failed
    lines = [f"Đã soạn {len(written)} văn bản, {len(unchanged)} văn bản không đổi, "
             f"{len(failed)} hồ sơ lỗi (tổng {len(result.results)} hồ sơ) — thư mục {result.out_dir}."]
    for o in written:
        if o.status == "restored":
            lines.append(f"Đã tạo lại {o.path} ({o.note}).")
    for c, n in zip(result.corrections, result.counts):
        if n:
            lines.append(f"Sửa lỗi {c.describe()}: {n} chỗ.")
    for c in result.unused_corrections:
        lines.append(f"Cảnh báo: sửa lỗi {c.describe()} (dòng {c.line}) không khớp chỗ nào — "
                     "kiểm tra lại chính tả trong tệp sửa lỗi.")
    if result.stale:
        lines.append(f"{len(result.stale)} tệp cũ không còn được tạo ra (giữ nguyên, không xóa):")
        lines += [f"  {rel}" for rel in result.stale]
    seen: dict[str, list[str]] = {}
    for r in result.results:
        for w in r.warnings:
            seen.setdefault(w, []).append(r.display)
    for w, where in seen.items():
        lines.append(f"{where[0]}: {w}" if len(where) == 1 else f"{w} — ở {len(where)} hồ sơ, ví dụ {where[0]}")
    for r in failed:
        lines.append(f"Lỗi hồ sơ {r.display}:")
        lines += [f"  {e}" for err in r.errors for e in err.splitlines()]
    if changes:
        changed = [o for o in written if o.status in ("changed", "restored")]
        new = [o for o in written if o.status == "new"]
        if changed or new:
            lines.append("Các văn bản thay đổi:")
        for o in changed:
            lines.append(f"* {o.path}")
            lines += [f"    {d}" for d in o.diff] or ["    (chỉ thay đổi định dạng, nội dung chữ giữ nguyên)"]
        for o in new:
            lines.append(f"* {o.path} (văn bản mới)")
    return lines
