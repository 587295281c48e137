"""Normalizing a record's text fields before rendering, with every change reported.

Record text is often pasted from old reports: it goes through the same normalizer pipeline
as Clean (Unicode NFC, spacing, and — unless switched off — legacy-encoding and OCR repair).
A field holds the clerk's own words, so the gate is stricter than on a report:

* the tone-mark style and spelling the clerk chose are kept (no tone-style stage);
* a person's name is never repaired: only NFC, spacing and the decree's capitalization;
* an OCR edit is applied only where the written token is no Vietnamese syllable ("Vn", "ng
  chí") or the lexicon settles it ("Khi thi đua" -> "Khối thi đua"); every other OCR edit
  ("Công ty TNHH Trong Nam") is a suggestion, shown by validate, render and the web form.

Nothing is changed silently: each change is a :class:`FieldChange`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .io.loaders import format_path
from .model import Record
from .normalize import pipeline
from .normalize.base import Change, Location, apply_edits, rule_kind
from .vi.case import name_case

# Fields that hold codes or fixed vocabularies, not prose.
_SKIP_KEYS = {"code", "authority", "drafting_unit"}
# Containers whose "name" is a person's name.
_PERSON_PARENTS = {"signer", "chair", "secretary"}
_PERSON_LISTS = {"attendees", "absentees", "invitees"}


FieldChange = Change  # a record field's change: the one change type, located by its path


def _field_change(path: str, loc: tuple, span: tuple[int, int], before: str, after: str, rule: str,
                  confidence: float, applied: bool) -> Change:
    return Change(span[0], span[1], before, after, rule, confidence, applied, rule_kind(rule),
                  Location(path=path, loc=loc))


@lru_cache(maxsize=4)
def _stages(repair: bool) -> tuple:
    return tuple(pipeline.build_pipeline(legacy="auto" if repair else None, ocr=repair))


@lru_cache(maxsize=2)
def _name_stages(repair: bool) -> tuple:
    """A person's name: legacy decoding, NFC and spacing; no OCR repair."""
    return tuple(pipeline.build_pipeline(legacy="auto" if repair else None, ocr=False))


def _field_gate(text: str, applied: list, suggestions: list) -> tuple[str, list, list]:
    """Demote the OCR edits a field's stricter gate does not accept to suggestions."""
    from .normalize.ocr import is_syllable  # the model's syllables; loaded only when OCR edited

    keep, demoted = [], []
    for e in applied:
        if e.rule.startswith("ocr") or "+ocr" in e.rule:
            word = text[e.start:e.end]
            settled = e.rule.endswith("ocr.lexicon") and e.confidence >= LEXICON_SETTLES
            if not settled and all(is_syllable(w) for w in word.split()):
                demoted.append(e)
                continue
        keep.append(e)
    if not demoted:
        return apply_edits(text, applied), applied, suggestions
    return apply_edits(text, keep), keep, sorted([*suggestions, *demoted], key=lambda e: (e.start, e.end))


LEXICON_SETTLES = 0.99  # a lexicon repair on a field is applied at or above this confidence


def warm_up(repair: bool = True) -> None:
    """Load the normalizers (and the OCR model) now: a batch does it before forking its
    workers, which then share the loaded model instead of each loading its own."""
    _stages(repair)


@lru_cache(maxsize=65536)
def _repair(text: str, repair: bool, threshold: float, person: bool = False):
    if person:
        return pipeline.repair_field(text, threshold, _name_stages(repair))
    _new, applied, suggestions = pipeline.repair_field(text, threshold, _stages(repair))
    return _field_gate(text, applied, suggestions)


def _is_person_name(loc: tuple) -> bool:
    if not loc or loc[-1] != "name":
        return False
    parent = loc[-2] if len(loc) > 1 else ""
    grand = loc[-3] if len(loc) > 2 else ""
    return parent in _PERSON_PARENTS or (isinstance(parent, int) and grand in _PERSON_LISTS)


def _whole_words(text: str, e) -> tuple[str, str]:
    """Before and after of an edit widened to whole words, so a clerk sees «Hoà» → «Hòa»."""
    start, end = e.start, e.end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end], text[start:e.start] + e.new + text[e.end:end]


def normalize_record(record: Record, *, repair: bool = True,
                     threshold: float = pipeline.DEFAULT_THRESHOLD) -> tuple[Record, list[FieldChange]]:
    """Return the normalized record and the list of changes (applied and suggested)."""
    changes: list[FieldChange] = []

    def walk(value: Any, loc: tuple) -> Any:
        if isinstance(value, dict):
            return {k: (v if k in _SKIP_KEYS else walk(v, (*loc, k))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*loc, i)) for i, v in enumerate(value)]
        if not isinstance(value, str) or not value:
            return value
        new, applied, suggestions = _repair(value, repair, threshold, _is_person_name(loc))
        label = format_path(loc)
        for e, ok in [(e, True) for e in applied] + [(e, False) for e in suggestions]:
            changes.append(_field_change(label, loc, (e.start, e.end), *_whole_words(value, e), e.rule,
                                         e.confidence, ok))
        if _is_person_name(loc):
            cased = name_case(new)
            if cased != new:
                changes.append(_field_change(label, loc, (0, len(new)), new, cased, "capitalization.name", 1.0, True))
                new = cased
        return new

    data = walk(record.model_dump(), ())
    if not changes:
        return record, []
    return Record.model_validate(data), changes
