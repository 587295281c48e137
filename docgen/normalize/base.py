"""Edits: what every normalizer proposes, and how a caller applies them.

A normalizer never changes a string in place. It returns a list of :class:`Edit`
(span in the input string, old text, new text, rule, confidence); the caller applies
them, shows them as tracked changes, or only reports them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
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
