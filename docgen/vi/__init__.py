"""Vietnamese language facts: dates, numbers, case, sorting, document numbers.

Pure functions on NFC strings; nothing here knows about DOCX, YAML or templates.
This module holds the one fact the others share: how a tone mark sits on a letter.
"""
from __future__ import annotations

import functools
import unicodedata

# The five tone marks as Unicode combining characters (NFD), in dictionary order
# (no mark first): huyền, hỏi, ngã, sắc, nặng.
HUYEN, HOI, NGA, SAC, NANG = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONE_MARKS = (HUYEN, HOI, NGA, SAC, NANG)


@functools.lru_cache(maxsize=4096)
def split_tone(ch: str) -> tuple[str, str]:
    """Split one letter into (letter without tone mark, tone mark or "").

    >>> split_tone("ộ")
    ('ô', '\u0323')
    >>> split_tone("đ")
    ('đ', '')
    """
    decomposed = unicodedata.normalize("NFD", ch)
    tone = next((c for c in decomposed if c in TONE_MARKS), "")
    if not tone:
        return unicodedata.normalize("NFC", ch), ""
    rest = decomposed.replace(tone, "")
    return unicodedata.normalize("NFC", rest), tone


@functools.lru_cache(maxsize=4096)
def add_tone(ch: str, tone: str) -> str:
    """Put a tone mark (one of TONE_MARKS, or "" for none) on a letter without one.

    >>> add_tone("ô", NANG)
    'ộ'
    """
    return unicodedata.normalize("NFC", ch + tone)
