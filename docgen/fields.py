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

Repairing a field needs the OCR model (a third of a second to load) even when the field is
right, since a real-word garble («Khi thi đua») is made of valid words. The outcome of each
field is therefore kept in the per-user cache (docgen.io.usercache), keyed by the text, the
options and a fingerprint of docgen's code and data: a record whose fields were all seen before
(the same record rendered again, an agency's name, its signers) is rendered without loading the
model, with exactly the changes the repair gave — the value IS the repair's earlier result.
``DOCGEN_FIELD_CACHE=off`` (or ``DOCGEN_CACHE_DIR=off``) switches it off.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .io import usercache
from .io.loaders import format_path
from .model import Record, as_data
from .normalize import pipeline
from .normalize.base import Change, Edit, Location, apply_edits, rule_kind
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


FIELD_CACHE_MAX = 20_000  # fields remembered across processes (oldest forgotten first)


class _FieldCache:
    """The field outcomes of earlier processes: (text, repair, threshold, person) -> (new text,
    applied edits, suggestions), as plain tuples in one marshal file per code fingerprint."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.entries: dict | None = None
        self.dirty = False

    def _load(self) -> dict:
        if self.entries is None:
            folder = usercache.cache_dir("DOCGEN_FIELD_CACHE")
            if folder is not None:
                code = usercache.fingerprint(Path(__file__).resolve().parent)
                self.path = folder / f"fields-{code}.marshal"
            found = usercache.read(self.path)
            self.entries = found if isinstance(found, dict) else {}
        return self.entries

    def get(self, key: tuple) -> tuple[str, list[Edit], list[Edit]] | None:
        hit = self._load().get(key)
        if hit is None:
            return None
        new, applied, suggestions = hit
        return new, [Edit(*e) for e in applied], [Edit(*e) for e in suggestions]

    def put(self, key: tuple, value: tuple[str, list[Edit], list[Edit]]) -> None:
        entries = self._load()
        if self.path is None:
            return
        new, applied, suggestions = value
        entries[key] = (new, tuple(_edit_tuple(e) for e in applied), tuple(_edit_tuple(e) for e in suggestions))
        while len(entries) > FIELD_CACHE_MAX:
            del entries[next(iter(entries))]
        self.dirty = True

    def save(self) -> None:
        if self.dirty and self.entries is not None:
            usercache.write(self.path, self.entries, stale="fields-*.marshal")
            self.dirty = False


def _edit_tuple(e: Edit) -> tuple:
    return (e.start, e.end, e.old, e.new, e.rule, e.confidence)


_field_cache = _FieldCache()


def save_cache() -> None:
    """Remember this process's new field outcomes for the next (the command line calls it once,
    at the end of a render; a no-op when nothing new was repaired or the cache is off)."""
    _field_cache.save()


@lru_cache(maxsize=65536)
def _repair(text: str, repair: bool, threshold: float, person: bool = False):
    key = (text, repair, threshold, person)
    hit = _field_cache.get(key)
    if hit is not None:
        return hit
    result = _repair_now(text, repair, threshold, person)
    _field_cache.put(key, result)
    return result


def _repair_now(text: str, repair: bool, threshold: float, person: bool) -> tuple[str, list[Edit], list[Edit]]:
    """The repair itself (loads the normalizers, and the OCR model, on first use)."""
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

    data = walk(as_data(record), ())
    if not changes:
        return record, []
    from .validation.fast import build

    return build(Record, data) or Record.model_validate(data), changes
