"""Clean with a clerk's choices: apply exactly the proposed changes that were accepted.

:func:`docgen.clean.clean_text` / :func:`~docgen.clean.clean_docx` propose every change
(applied at or above the threshold, suggested below it). After review, the accepted ones are
applied by running the same function again with one stage, :class:`ChosenEdits`, which
proposes for each paragraph exactly its accepted edits — so the DOCX keeps its formatting and
can get the edits as tracked changes, as ``docgen clean`` does. Legacy-font conversions of a
DOCX happen before any edit and are always applied.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..clean import CleanOptions, CleanResult, clean_docx, clean_text, decode_text
from ..normalize.base import Change, Edit
from ..errors import InputError
from ..ooxml.text import story_texts

DOCX_MAGIC = b"PK\x03\x04"


def sniff_kind(data: bytes) -> str:
    """``docx`` for a ZIP package, ``txt`` for anything else (the upload's name is not trusted)."""
    if not data:
        raise InputError("Tệp tải lên rỗng; hãy chọn một báo cáo .txt hoặc .docx có nội dung.")
    return "docx" if data.startswith(DOCX_MAGIC) else "txt"


def propose(data: bytes, kind: str, threshold: float) -> CleanResult:
    """Every change ``docgen clean`` proposes for the uploaded file."""
    options = CleanOptions(threshold=threshold)
    return clean_docx(data, options) if kind == "docx" else clean_text(decode_text(data), options)


def is_fixed(change: Change) -> bool:
    """A DOCX legacy-font conversion: always applied, not offered for rejection."""
    return change.is_conversion and change.applied


def paragraph_texts(data: bytes, kind: str, changes: list[Change]) -> dict[tuple[str, int], str]:
    """The text of every paragraph, by (part, 1-based number), as the cleaner saw it when
    proposing edits, in the order it reads them (body, then headers, footers, notes, comments)."""
    if kind == "txt":
        lines = decode_text(data).split("\n")
        return {("", n): line[:-1] if line.endswith("\r") else line for n, line in enumerate(lines, 1)}
    texts = {(part, n): t for part, ts in story_texts(data).items() for n, t in enumerate(ts, 1)}
    texts.update({(c.part, c.paragraph): c.after for c in changes if is_fixed(c)})
    return texts


class ChosenEdits:
    """A normalizer proposing, for each paragraph text in document order, its accepted edits."""

    name = "web.chosen"

    def __init__(self, queues: dict[str, list[list[Edit]]]):
        self._queues = {text: list(q) for text, q in queues.items()}

    def propose(self, text: str) -> list[Edit]:
        queue = self._queues.get(text)
        return queue.pop(0) if queue else []


def chosen_stage(texts: dict[tuple[str, int], str], changes: list[Change], accepted: set[int]) -> ChosenEdits:
    by_paragraph: dict[tuple[str, int], list[Edit]] = defaultdict(list)
    for i, c in enumerate(changes):
        if i in accepted and not is_fixed(c):
            by_paragraph[(c.part, c.paragraph)].append(c.edit())
    wanted = {texts[n] for n in by_paragraph if n in texts}
    queues: dict[str, list[list[Edit]]] = defaultdict(list)
    for n in texts:  # in reading order; every paragraph with such a text, so identical ones stay apart
        if texts[n] in wanted:
            queues[texts[n]].append(sorted(by_paragraph.get(n, [])))
    return ChosenEdits(queues)


@dataclass
class Applied:
    result: CleanResult
    accepted: int
    not_applied: int  # accepted but overlapping another accepted edit, or not editable in the DOCX


def apply_chosen(data: bytes, kind: str, proposed: CleanResult, accepted: set[int],
                 track_changes: bool = False) -> Applied:
    """The document with exactly the ``accepted`` changes (indexes into ``proposed.changes``)."""
    if track_changes and kind != "docx":
        raise InputError("Chỉ tệp Word (.docx) mới ghi được thay đổi dạng theo dõi (track changes).")
    changes = proposed.changes
    stage = chosen_stage(paragraph_texts(data, kind, changes), changes, accepted)
    options = CleanOptions(threshold=0.0, track_changes=track_changes)
    if kind == "docx":
        result = clean_docx(data, options, stages=[stage])
    else:
        result = clean_text(decode_text(data), options, stages=[stage])
    wanted = sum(1 for i in accepted if 0 <= i < len(changes) and not is_fixed(changes[i]))
    done = sum(1 for c in result.applied if not is_fixed(c))
    return Applied(result, wanted, wanted - done)
