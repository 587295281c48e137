"""The ordered normalizer pipeline and the composition of its stages' edits.

Stages run in sequence: legacy encodings → Unicode NFC → tone style (only when asked) → spacing → OCR repair
Each stage proposes edits on the text as left by the
previous stages' *applied* edits (confidence at or above the threshold); its edits are mapped
back to the ORIGINAL text, so a report or a DOCX run always sees original offsets. An edit
that touches the output of an earlier edit is merged with it into one edit over the union of
their original spans (rules joined with "+", confidence the lowest). Edits below the threshold
are suggestions: mapped the same way, never applied, never seen by later stages.

Every stage's module is required: a missing module or class is an ImportError, never a
pipeline that silently skips a stage.
"""
from __future__ import annotations

import bisect
import contextlib
import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Iterable, Iterator, Sequence

from .base import Edit, Normalizer, apply_edits

DEFAULT_THRESHOLD = 0.8


def optional_module(module: str):
    """``docgen.normalize.<module>``, or None when that module does not exist (yet)."""
    full = f"{__package__}.{module}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name == full:
            return None
        raise


def _stage(module: str, attr: str):
    """The normalizer class ``attr`` of ``docgen.normalize.<module>``; loud when missing."""
    mod = optional_module(module)
    if mod is None:
        raise ImportError(f"docgen.normalize.{module} is missing: the pipeline needs its {attr}")
    return getattr(mod, attr)  # AttributeError when the module lacks the class


def build_pipeline(
    *,
    legacy: str | bool | None = None,
    legacy_forced: bool = True,
    extra_terms: Iterable[str] = (),
    ocr: bool = True,
    tone_style: str | None = None,
) -> list[Normalizer]:
    """The ordered normalizers (every stage asked for, or ImportError).

    ``legacy``: False/None = no legacy stage; "auto" = detect the encoding of each text;
    "tcvn3"/"vni"/"viqr" = that encoding, converting every stretch (``legacy_forced``) or only
    stretches that hold legacy words (for an encoding detected on a whole document).
    ``tone_style``: "old" (hòa, thủy) or "new" (hoà, thuỷ) places every tone mark of oa/oe/uy in
    that style; None (the default) keeps the writer's choice.
    """
    stages: list[Normalizer] = []
    if legacy:
        cls = _stage("legacy", "LegacyNormalizer")
        stages.append(cls(None) if legacy == "auto" else cls(legacy, forced=legacy_forced))
    for module, attr in (("unicode", "UnicodeNormalizer"), ("unicode", "ToneStyleNormalizer"),
                         ("spacing", "SpacingNormalizer")):
        if attr == "ToneStyleNormalizer" and not tone_style:
            continue
        cls = _stage(module, attr)
        stages.append(cls(tone_style) if attr == "ToneStyleNormalizer" else cls())
    if ocr:
        cls = _stage("ocr", "OcrRepairNormalizer")
        stages.append(cls(extra_terms=tuple(extra_terms)))
    return stages


def _overlaps(a: Edit, b: Edit) -> bool:
    """Two spans conflict when they share characters, or an insertion lies inside the other span,
    or both insert at the same point."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def select_non_overlapping(edits: Iterable[Edit]) -> list[Edit]:
    """Resolve conflicts deterministically: higher confidence first, then the longer span, then
    the earlier start, then the text; the result is sorted by position."""
    by_pos = sorted(set(edits), key=lambda e: (e.start, e.end))
    if all(not _overlaps(a, b) for a, b in zip(by_pos, by_pos[1:])):
        return by_pos  # the usual case: nothing to resolve
    # Greedy by priority; the kept edits are held sorted by (start, end). Kept edits do not
    # overlap, so their ends never decrease: the only ones that can conflict with a candidate
    # are the kept edit just before its position (and, before that, those ending exactly at
    # its start) and those starting inside it or at its end — a few, found by bisection.
    # O(n log n) instead of comparing with every kept edit.
    keys: list[tuple[int, int]] = []
    kept: list[Edit] = []
    for e in sorted(by_pos, key=lambda e: (-e.confidence, -(e.end - e.start), e.start, e.end, e.new, e.rule)):
        i = bisect.bisect_left(keys, (e.start, e.end))
        if not _conflicts(e, kept, keys, i):
            keys.insert(i, (e.start, e.end))
            kept.insert(i, e)
    return kept


def _conflicts(e: Edit, kept: list[Edit], keys: list[tuple[int, int]], i: int) -> bool:
    """Whether ``e`` overlaps a kept edit; ``i`` is its insertion point in ``keys``."""
    j = i - 1
    while j >= 0 and keys[j][1] >= e.start:
        if _overlaps(e, kept[j]):
            return True
        j -= 1
    j = i
    while j < len(keys) and keys[j][0] <= e.end:
        if _overlaps(e, kept[j]):
            return True
        j += 1
    return False


def _join_rules(*rules: str) -> str:
    seen: list[str] = []
    for r in rules:
        for part in r.split("+"):
            if part not in seen:
                seen.append(part)
    return "+".join(seen)


@dataclass
class _State:
    """Applied edits in original coordinates (sorted, non-overlapping) and the current text."""

    original: str
    applied: list[Edit] = field(default_factory=list)
    _index: tuple[list[tuple[int, int, Edit]], list[int], list[int]] | None = None

    def current(self) -> str:
        return apply_edits(self.original, self.applied)

    def _spans(self) -> tuple[list[tuple[int, int, Edit]], list[int], list[int]]:
        """(current start, current end, edit) for each applied edit, with the lists of current
        starts and ends for bisection (both non-decreasing: the edits do not overlap). Built
        once per set of applied edits."""
        if self._index is None:
            out, delta = [], 0
            for e in self.applied:
                cs = e.start + delta
                out.append((cs, cs + len(e.new), e))
                delta += len(e.new) - (e.end - e.start)
            self._index = (out, [s[0] for s in out], [s[1] for s in out])
        return self._index

    def to_original(self, e: Edit, current: str) -> tuple[Edit, list[Edit]]:
        """Map an edit on the current text to the original text; return it and the applied
        edits it absorbed (those whose output it touches)."""
        if not self.applied:  # the current text is the original
            return e, []
        spans, starts, ends = self._spans()
        lo = bisect.bisect_left(ends, e.start)
        hi = bisect.bisect_right(starts, e.end)
        hit = [(cs, ce, a) for cs, ce, a in spans[lo:hi] if _overlaps(e, Edit(cs, ce, "", "", ""))]

        def orig_pos(p: int) -> int:
            k = bisect.bisect_right(ends, p) - 1  # the last span ending at or before p
            return p if k < 0 else p + spans[k][2].end - spans[k][1]

        if not hit:
            s, t = orig_pos(e.start), orig_pos(e.end)
            return Edit(s, t, self.original[s:t], e.new, e.rule, e.confidence), []
        first, last = hit[0], hit[-1]
        cur_start, cur_end = min(e.start, first[0]), max(e.end, last[1])
        o_start = first[2].start - (first[0] - cur_start)
        o_end = last[2].end + (cur_end - last[1])
        new = current[cur_start:e.start] + e.new + current[e.end:cur_end]
        rule = _join_rules(*(a.rule for _, _, a in hit), e.rule)
        conf = min([e.confidence] + [a.confidence for _, _, a in hit])
        merged = Edit(o_start, o_end, self.original[o_start:o_end], new, rule, conf)
        return merged, [a for _, _, a in hit]

    def apply(self, edits: Sequence[Edit]) -> None:
        if not edits:
            return
        if not self.applied:  # the current text is the original: nothing to map or merge
            self.applied = select_non_overlapping(edits)
            self._index = None
            return
        current = self.current()
        mapped = [self.to_original(e, current) for e in edits]
        absorbed = {id(a) for _, hit in mapped for a in hit}
        keep = [a for a in self.applied if id(a) not in absorbed]
        for m, _ in mapped:
            if m.old != m.new:
                keep.append(m)
        self.applied = select_non_overlapping(keep)
        self._index = None


@contextlib.contextmanager
def document_scope(stages: Sequence[Normalizer], text: str) -> Iterator[None]:
    """Let the stages that read a whole document first (the OCR repair: which damage channel
    the document shows, its tone-mark style) see ``text``, the document's whole text, while its
    paragraphs are proposed one by one; a stage without a ``document`` method is unaffected."""
    with contextlib.ExitStack() as stack:
        for stage in stages:
            scope = getattr(stage, "document", None)
            if scope is not None:
                stack.enter_context(scope(text))
        yield


def propose_all(text: str, stages: Sequence[Normalizer] | None = None,
                threshold: float = DEFAULT_THRESHOLD) -> list[Edit]:
    """Run the stages in order and return every edit in original coordinates, sorted by
    position: applied ones (confidence >= threshold, non-overlapping) and suggestions."""
    if stages is None:
        stages = default_pipeline()
    state = _State(text)
    suggestions: list[Edit] = []
    for stage in stages:
        current = state.current()
        proposed = [e for e in select_non_overlapping(stage.propose(current)) if e.old != e.new]
        for e in proposed:
            if current[e.start:e.end] != e.old:
                raise ValueError(f"{getattr(stage, 'name', stage)}: edit {e} does not match the text")
        low = [e for e in proposed if e.confidence < threshold]
        for e in low:
            m, _ = state.to_original(e, current)
            if m.old != m.new:
                suggestions.append(m)
        state.apply([e for e in proposed if e.confidence >= threshold])
    seen = set(state.applied)
    extra = sorted({s for s in suggestions if s not in seen}, key=lambda e: (e.start, e.end, e.new, e.rule))
    return sorted(state.applied + extra, key=lambda e: (e.start, e.end, e.confidence < threshold, e.new))


def split_edits(edits: Iterable[Edit], threshold: float) -> tuple[list[Edit], list[Edit]]:
    """(applied, suggestions) by confidence; applied ones are made non-overlapping."""
    edits = list(edits)
    applied = select_non_overlapping(e for e in edits if e.confidence >= threshold)
    return applied, [e for e in edits if e.confidence < threshold]


@lru_cache(maxsize=1)
def _default_stages() -> tuple[Normalizer, ...]:
    return tuple(build_pipeline(legacy="auto"))


def default_pipeline() -> list[Normalizer]:
    """The pipeline for record fields: legacy detection, Unicode, spacing, OCR (no lexicon)."""
    return list(_default_stages())


def repair_field(text: str, threshold: float = DEFAULT_THRESHOLD,
                 stages: Sequence[Normalizer] | None = None) -> tuple[str, list[Edit], list[Edit]]:
    """Clean one record field: (new text, applied edits, suggestions), offsets in ``text``."""
    applied, suggestions = split_edits(propose_all(text, stages, threshold), threshold)
    return apply_edits(text, applied), applied, suggestions
