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

import re
import unicodedata

from docgen.normalize.base import Edit, apply_edits
from docgen.vi import add_tone, split_tone


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


# Second vowel that may follow a first one in an open syllable whose mark moves.
_PAIRS = {"o": "ae", "u": "y"}
_VOWELS = "aăâeêioôơuưy"


def _toned(letters: str) -> str:
    return "".join(unicodedata.normalize("NFC", c + m) for c in letters for m in "\u0300\u0301\u0309\u0303\u0323")


# A word ending in a toned oa/oe/uy pair, in either style: the only words the style can change.
# (Anchored at a word start, so the scan does not restart at every letter inside a word.)
_CANDIDATE = re.compile(
    "(?<![^\\W\\d_])[^\\W\\d_]*(?:[oO][{a}]|[{o}][aAeE]|[uU][{y}]|[{u}][yY])(?![^\\W\\d_])".format(
        a=_toned("aAeE"), o=_toned("oO"), y=_toned("yY"), u=_toned("uU")))


class ToneStyleNormalizer:
    """Place tone marks of ``oa``/``oe``/``uy`` in one style: "old" (hòa) or "new" (hoà)."""

    def __init__(self, style: str = "old"):
        if style not in ("old", "new"):
            raise ValueError(f"Kiểu đặt dấu «{style}» không có: chọn old (hòa) hoặc new (hoà).")
        self.style = style
        self.name = f"unicode.tone_{style}"

    def propose(self, text: str) -> list[Edit]:
        edits = []
        for m in _CANDIDATE.finditer(text):
            edit = self._syllable_edit(m.group(), m.start())
            if edit:
                edits.append(edit)
        return edits

    def _syllable_edit(self, word: str, offset: int) -> Edit | None:
        if len(word) < 2:
            return None
        v1, t1 = split_tone(word[-2])
        v2, t2 = split_tone(word[-1])
        if v2.lower() not in _PAIRS.get(v1.lower(), "") or not (t1 or t2) or (t1 and t2):
            return None
        before = word[:-2]
        if before and (split_tone(before[-1].lower())[0] in _VOWELS or before[-1] in "qQ"):
            return None  # a third vowel before the pair, or qu + vowel (quý, quà)
        tone = t1 or t2
        new = (add_tone(v1, tone) + v2) if self.style == "old" else (v1 + add_tone(v2, tone))
        old = word[-2:]
        if new == old:
            return None
        start = offset + len(word) - 2
        return Edit(start, start + 2, old, new, self.name, 1.0)
