"""Edits: what every normalizer proposes, and how a caller applies them.

A normalizer never changes a string in place. It returns a list of :class:`Edit`
(span in the input string, old text, new text, rule, confidence); the caller applies
them, shows them as tracked changes, or only reports them — each as one :class:`Change`
(the edit, whether applied, its :class:`Kind` and its :class:`Location`), the one change type
of Produce, Clean, lint --fix, the reports and the web review.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Protocol
from collections.abc import Iterable


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    old: str
    new: str
    rule: str
    confidence: float = 1.0

    def to_dict(self) -> dict:
        return asdict(self)


class Normalizer(Protocol):
    """Anything with a ``name`` and ``propose(text) -> list[Edit]``."""

    name: str

    def propose(self, text: str) -> list[Edit]: ...


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (overlapping later ones are skipped) and return the new text."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            continue
        if text[e.start:e.end] != e.old:
            raise ValueError(f"edit {e} does not match the text at its span")
        out.append(text[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


class Kind(str, Enum):
    """What a change does; a rule's kind comes from the registry below, never from parsing its
    text at the point of use."""

    CONVERSION = "conversion"  # runs in a legacy font converted to Unicode (DOCX, always applied)
    ENCODING = "encoding"  # legacy-encoded text converted (TXT, record fields)
    UNICODE = "unicode"  # NFC, tone-mark style
    SPACING = "spacing"
    OCR = "ocr"
    CAPITALIZATION = "capitalization"
    LINT_TEXT = "lint.text"  # a Decree 30 text repair (lint --fix)
    LINT_FORMAT = "lint.format"  # a Decree 30 formatting / page-setup repair (lint --fix)
    OTHER = "other"


# Rule families (the part of a rule id before the first "." or ":") → kind.
RULES: dict[str, Kind] = {
    "legacy": Kind.ENCODING, "unicode": Kind.UNICODE, "spacing": Kind.SPACING, "ocr": Kind.OCR,
    "capitalization": Kind.CAPITALIZATION,
}


def rule_kind(rule: str) -> Kind:
    """The kind of a rule id ("ocr.lexicon", "spacing+ocr.lm" → the first family's)."""
    family = re.split(r"[.:+]", rule, maxsplit=1)[0]
    if family.startswith("ND30-"):
        return Kind.LINT_TEXT
    return RULES.get(family, Kind.OTHER)


@dataclass(frozen=True)
class Location:
    """Where a change is: a paragraph (1-based) of a part of a DOCX or a line of a TXT
    (``part`` "" is the body or the text), or a record field (``path`` as a clerk reads it,
    ``loc`` the keys and indexes)."""

    paragraph: int = 0
    part: str = ""
    where: str = ""  # the part in Vietnamese ("đầu trang" …)
    path: str = ""
    loc: tuple = ()


@dataclass(frozen=True)
class Change:
    """The one change type: an edit, applied or suggested, located in its input. Produce (record
    fields), Clean, the reports and the web review all use it."""

    start: int  # span in the located text (the paragraph's, the field's)
    end: int
    before: str
    after: str
    rule: str
    confidence: float
    applied: bool
    kind: Kind = Kind.OTHER
    location: Location = Location()
    context_before: str = ""
    context_after: str = ""

    @classmethod
    def of(cls, e: Edit, applied: bool, location: Location, text: str | None = None,
           kind: Kind | None = None, context: int = 30) -> Change:
        """A change from a normalizer's edit; ``text`` (the located text) gives the context."""
        before = after = ""
        if text is not None:
            before, after = text[max(0, e.start - context):e.start], text[e.end:e.end + context]
        return cls(e.start, e.end, e.old, e.new, e.rule, e.confidence, applied,
                   kind or rule_kind(e.rule), location, before, after)

    # the location's fields, as the callers name them
    @property
    def paragraph(self) -> int:
        return self.location.paragraph

    @property
    def offset(self) -> int:
        return self.start

    @property
    def part(self) -> str:
        return self.location.part

    @property
    def where(self) -> str:
        return self.location.where

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def loc(self) -> tuple:
        return self.location.loc

    @property
    def is_conversion(self) -> bool:
        return self.kind is Kind.CONVERSION

    def edit(self) -> Edit:
        return Edit(self.start, self.end, self.before, self.after, self.rule, self.confidence)

    def describe(self) -> str:
        what = "Đã sửa" if self.applied else "Gợi ý (chưa áp dụng)"
        return (f"{what} {self.path}: «{self.before}» → «{self.after}» "
                f"({self.rule}, độ tin cậy {self.confidence:.2f})")

    def to_dict(self) -> dict:
        """Report form: a record field's change, or a document's (paragraph, offset …; part and
        where only outside the body)."""
        if self.location.path:
            return {"path": self.path, "before": self.before, "after": self.after, "rule": self.rule,
                    "confidence": round(self.confidence, 3), "applied": self.applied}
        out = {
            "paragraph": self.paragraph, "offset": self.offset, "before": self.before,
            "after": self.after, "rule": self.rule, "confidence": round(self.confidence, 4),
            "status": "applied" if self.applied else "suggestion",
            "context_before": self.context_before, "context_after": self.context_after,
        }
        if self.part:  # paragraph numbers count within that part
            out.update(part=self.part, where=self.where)
        return out
