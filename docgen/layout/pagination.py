"""How tall a run of paragraphs is, measured the way a word processor lays it out — enough to
know whether a one-page document (a Giấy mời) fits its page, before rendering it.

Lines are filled greedily between spaces (a justified or flush-left paragraph), at the real
widths (:mod:`.metrics`); a line is 1.15 em high at single spacing (Times New Roman's ascent,
descent and line gap). The estimate leans towards "too tall" (a safety margin), so what it
calls one page is one page in Word and in LibreOffice.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .metrics import face, int_units, nfc, pt, word_units

SAFETY = 1.03  # the estimate is taken 3 % taller than measured (LibreOffice: about 3 % over the raw sum)


@dataclass(frozen=True)
class Block:
    """A paragraph: its text (``\\n`` for a line break), font, the width it fills, its
    first-line indent and the spacing around it (points)."""

    text: str
    size: float
    width_mm: float
    bold: bool = False
    italic: bool = False
    indent_mm: float = 0.0
    before: float = 0.0
    after: float = 0.0


def line_height(size: float) -> float:
    return face().line_height(size)


def count_lines(text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False,
                indent_mm: float = 0.0) -> int:
    """Lines a paragraph takes when filled greedily (each ``\\n`` starts a new line)."""
    width = pt(width_mm)
    upem, space_u = _style_units(bold, italic)
    space = space_u / upem * size  # as text_width measures: ems times the size
    total = 0
    first = width - pt(indent_mm)
    for piece in text.split("\n"):
        units = _piece_units(piece, bold, italic)
        # the whole piece on its first line, with room to spare: greedy filling makes one line
        # (the margin covers the rounding of the running sum below)
        if (sum(units) + space_u * max(len(units) - 1, 0)) / upem * size < first - 1e-6:
            total += 1
            continue
        lines, cur, room = 1, 0.0, first
        for u in units:
            w = u / upem * size
            if cur and cur + space + w > room:
                lines, cur, room = lines + 1, w, width
            else:
                cur = cur + space + w if cur else w
        total += lines
    return total


@functools.lru_cache(maxsize=8)
def _style_units(bold: bool, italic: bool) -> tuple[int, int]:
    """Units per em and the width of a space, in font units."""
    return face(bold, italic).units_per_em, int_units(" ", bold, italic)


@functools.lru_cache(maxsize=4096)
def _piece_units(piece: str, bold: bool, italic: bool) -> tuple[int, ...]:
    """The widths of a paragraph's words in font units (the same at every size: a page measured
    at 14 pt and again at 13 pt measures its words once)."""
    return tuple(word_units(nfc(piece).split(), bold, italic))


def height(blocks: list[Block]) -> float:
    """Height of ``blocks`` one under the other, in points (the spacing after one paragraph and
    before the next both count, as LibreOffice lays out a DOCX)."""
    h = 0.0
    for b in blocks:
        n = count_lines(b.text, b.width_mm, b.size, bold=b.bold, italic=b.italic, indent_mm=b.indent_mm)
        h += b.before + n * line_height(b.size) + b.after
    return h * SAFETY


def side_by_side(*columns: list[Block]) -> float:
    """Height of a table row holding ``columns`` (the tallest)."""
    return max(height(c) for c in columns)
