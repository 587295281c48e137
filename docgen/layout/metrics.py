"""Text widths with Times New Roman's advance widths, from the packaged table.

The table (data/widths.json) is built by scripts/build_layout_data.py from Liberation Serif 2,
which has Times New Roman's advance widths; nothing reads a system font at run time. Widths
ignore kerning (Word and LibreOffice do not kern DOCX text unless asked to).

>>> round(text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True), 1)
271.2
"""
from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "widths.json"
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Face:
    """One face of the font: advance widths (font units) by character, and vertical metrics."""

    widths: dict[str, int]
    units_per_em: int
    ascent: int
    descent: int
    line_gap: int
    fallback: int

    def advance(self, ch: str) -> int:
        w = self.widths.get(ch)
        if w is not None:
            return w
        # a letter outside the table: its base letter (combining marks take no room)
        base = [c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)]
        return sum(self.widths.get(c, self.fallback) for c in base) if base else 0

    def line_height(self, size: float) -> float:
        """Single line spacing in points (ascent + descent + line gap)."""
        return (self.ascent + self.descent + self.line_gap) * size / self.units_per_em


@functools.lru_cache(maxsize=1)
def _faces() -> dict[str, Face]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    chars = data["chars"]
    faces = {}
    for name, f in data["faces"].items():
        widths = {c: w for c, w in zip(chars, f["widths"]) if w >= 0}
        faces[name] = Face(widths, f["unitsPerEm"], f["ascent"], f["descent"], f["lineGap"], widths["n"])
    return faces


_FACE_NAMES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}


@functools.lru_cache(maxsize=1)
def _styles() -> dict[tuple[bool, bool], Face]:
    faces = _faces()
    return {style: faces[name] for style, name in _FACE_NAMES.items()}


def face(bold: bool = False, italic: bool = False) -> Face:
    return _styles()[bool(bold), bool(italic)]


def text_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` on one line, in points, at ``size`` points."""
    return _units(text, bold, italic) * size


@functools.lru_cache(maxsize=65536)
def _units(text: str, bold: bool, italic: bool) -> float:
    """Width of ``text`` in ems (cached: the same words recur across lines and documents)."""
    return int_units(text, bold, italic) / face(bold, italic).units_per_em


@functools.lru_cache(maxsize=65536)
def int_units(text: str, bold: bool = False, italic: bool = False) -> int:
    """Width of ``text`` in font units (an integer: the widths of pieces add up exactly to the
    width of the whole, so a line can be measured from its words)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    f = _styles()[bool(bold), bool(italic)]
    try:
        return sum(map(f.widths.__getitem__, text))
    except KeyError:  # a character outside the table: measured through its base letter
        return sum(map(f.advance, text))


def word_units(words: list[str], bold: bool = False, italic: bool = False) -> list[int]:
    """:func:`int_units` of each of ``words`` (NFC text), without a cache: one pass over the
    characters, faster than a cache for text seen once."""
    f = _styles()[bool(bold), bool(italic)]
    get = f.widths.__getitem__
    try:
        return [sum(map(get, w)) for w in words]
    except KeyError:
        return [int_units(w, bold, italic) for w in words]


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def mm(points: float) -> float:
    return points / PT_PER_MM


def pt(millimetres: float) -> float:
    return millimetres * PT_PER_MM
