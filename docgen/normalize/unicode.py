"""Unicode composition (NFC) and one placement style for tone marks.

``UnicodeNormalizer`` proposes one edit per decomposed span ("Hoa" + U+0300 → "Hoà"),
so a report lists each changed word rather than the whole text.

``ToneStyleNormalizer`` moves the tone mark in the open syllables ``oa``, ``oe``, ``uy``
(no final consonant) to the style chosen. "old" is the style of the decree's templates
(``hòa``, ``khỏe``, ``thủy``, ``Khánh Hòa``); "new" puts the mark on the second vowel
(``hoà``, ``khoẻ``, ``thuỷ``). Syllables with a final consonant or a third vowel
(``hoàng``, ``thuyền``, ``ngoài``) are written the same in both styles and never
touched, nor are ``qu`` + vowel (``quý``, ``quà``: the ``u`` belongs to the consonant).
The normalizer reads composed text: run UnicodeNormalizer first.
"""
from __future__ import annotations

import unicodedata

from docgen.normalize.base import Edit, apply_edits
from docgen.vi.case import tone_respellings


def _clusters(text: str):
    """(start, end) of each base character with the combining marks that follow it."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            yield start, i
            start = i


class UnicodeNormalizer:
    """Compose text to NFC, one edit per changed span (adjacent changed letters merge)."""

    name = "unicode.nfc"

    def propose(self, text: str) -> list[Edit]:
        if unicodedata.is_normalized("NFC", text):
            return []
        spans: list[list] = []  # [start, end, new text]
        for start, end in _clusters(text):
            new = unicodedata.normalize("NFC", text[start:end])
            if new == text[start:end]:
                continue
            if spans and spans[-1][1] == start:
                spans[-1][1:] = [end, spans[-1][2] + new]
            else:
                spans.append([start, end, new])
        edits = [Edit(s, e, text[s:e], n, self.name, 1.0) for s, e, n in spans]
        if apply_edits(text, edits) != unicodedata.normalize("NFC", text):
            # Composition across base characters (Hangul jamo and the like): one edit.
            return [_whole_edit(text, self.name)]
        return edits


def _whole_edit(text: str, rule: str) -> Edit:
    """One edit from the first to the last character NFC changes."""
    new = unicodedata.normalize("NFC", text)
    head = 0
    while head < min(len(text), len(new)) and text[head] == new[head]:
        head += 1
    tail = 0
    while (tail < min(len(text), len(new)) - head
           and text[len(text) - 1 - tail] == new[len(new) - 1 - tail]):
        tail += 1
    return Edit(head, len(text) - tail, text[head:len(text) - tail],
                new[head:len(new) - tail], rule, 1.0)


class ToneStyleNormalizer:
    """Place tone marks of ``oa``/``oe``/``uy`` in one style: "old" (hòa) or "new" (hoà)."""

    def __init__(self, style: str = "old"):
        if style not in ("old", "new"):
            raise ValueError(f"Kiểu đặt dấu «{style}» không có: chọn old (hòa) hoặc new (hoà).")
        self.style = style
        self.name = f"unicode.tone_{style}"

    def propose(self, text: str) -> list[Edit]:
        return [Edit(start, end, old, new, self.name, 1.0)
                for start, end, old, new in tone_respellings(text, self.style)]
