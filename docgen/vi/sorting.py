"""Vietnamese collation: dictionary order and the order of person names.

Dictionary order (as in Hoàng Phê's Từ điển tiếng Việt): syllable by syllable; within
a syllable first its letters in the Vietnamese alphabet
``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`` (foreign ``f j w z`` in
their Latin places), then its tone: none, huyền, hỏi, ngã, sắc, nặng. So
``ba < bà < bả < bã < bá < bạ < bác`` and ``ba ba < bà``. Case only breaks ties.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from docgen.vi import TONE_MARKS, split_tone

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: 10 + i for i, ch in enumerate(ALPHABET)}  # digits rank 0–9
_SYLLABLE = re.compile(r"[^\W_]+")

SyllableKey = tuple[tuple[int, ...], int]


def _syllable_key(syllable: str) -> SyllableKey:
    letters: list[int] = []
    tone = 0
    for ch in syllable.lower():
        base, mark = split_tone(ch)
        if mark and not tone:
            tone = 1 + TONE_MARKS.index(mark)
        if base.isdigit():
            letters.append(int(base) if base.isascii() else ord(base))
        else:
            letters.append(_LETTER_RANK.get(base, 100 + ord(base)))
    return tuple(letters), tone


def _syllables(text: str) -> list[str]:
    return _SYLLABLE.findall(unicodedata.normalize("NFC", text))


def collation_key(text: str) -> tuple:
    """A sort key putting Vietnamese text in dictionary order.

    >>> sorted(["bác", "Bà", "ba", "bạ"], key=collation_key)
    ['ba', 'Bà', 'bạ', 'bác']
    """
    nfc = unicodedata.normalize("NFC", text)
    return tuple(_syllable_key(s) for s in _syllables(nfc)), nfc.swapcase()


def sort_key_name(full_name: str) -> tuple:
    """A sort key for a person's full name: the given name (last syllable) first, then
    the rest left to right (family name, middle names), as class and staff lists do.

    >>> sorted(["Trần Văn Biên", "Nguyễn Thị An", "Lê Văn An"], key=sort_key_name)
    ['Lê Văn An', 'Nguyễn Thị An', 'Trần Văn Biên']
    """
    nfc = unicodedata.normalize("NFC", full_name)
    syllables = _syllables(nfc)
    ordered = syllables[-1:] + syllables[:-1]
    return tuple(_syllable_key(s) for s in ordered), nfc.swapcase()


def sort_names(items: Iterable, attribute: str | None = None) -> list:
    """Person names in Vietnamese order (see :func:`sort_key_name`); with ``attribute``,
    items (objects or dicts) ordered by that field, as in a template:
    ``{% for p in participants|sort_names(attribute="name") %}``.
    """
    if attribute is None:
        return sorted(items, key=sort_key_name)
    return sorted(items, key=lambda item: sort_key_name(_field(item, attribute)))


def _field(item, attribute: str) -> str:
    return item[attribute] if isinstance(item, Mapping) else getattr(item, attribute)


def sort_texts(texts: Iterable[str]) -> list[str]:
    """Texts in Vietnamese dictionary order (see :func:`collation_key`)."""
    return sorted(texts, key=collation_key)
