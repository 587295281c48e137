"""Letter case for Vietnamese text.

Every function first composes the text (NFC), so a letter with a combining tone mark
counts as one letter and ``đ``/``Đ`` map to each other. Python's own case mappings
are right for every Vietnamese letter once the text is composed.
"""
from __future__ import annotations

import re
import unicodedata

# A syllable: a run of letters and digits. An apostrophe separates, as in "H'Mông".
_WORD = re.compile(r"[^\W_]+")


def nfc(text: str) -> str:
    """Compose the text (Unicode NFC)."""
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """Every Vietnamese mark removed, case kept: "Trưởng Đoàn" -> "Truong Doan"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def upper(text: str) -> str:
    """UPPER CASE: ``"Cộng hòa xã hội chủ nghĩa"`` → ``"CỘNG HÒA XÃ HỘI CHỦ NGHĨA"``."""
    return nfc(text).upper()


def lower(text: str) -> str:
    """lower case: ``"ĐỒNG CHÍ"`` → ``"đồng chí"``."""
    return nfc(text).lower()


def _capitalize_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def title_case(text: str) -> str:
    """Every syllable capitalised, the rest lower case (person names, regions).

    >>> title_case("trần văn biên")
    'Trần Văn Biên'
    >>> title_case("ĐẶNG THỊ ÁNH")
    'Đặng Thị Ánh'
    >>> title_case("h'mông")
    "H'Mông"
    """
    return _WORD.sub(lambda m: _capitalize_word(m.group()), nfc(text))


def capitalize_first(text: str) -> str:
    """Upper-case the first letter and leave everything else as it is.

    >>> capitalize_first("một trăm đồng")
    'Một trăm đồng'
    >>> capitalize_first("(đã ký)")
    '(Đã ký)'
    """
    text = nfc(text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


# Words that open a common-noun phrase ("Các phòng", "Những đơn vị"): capitalised only at the
# start of a sentence (Decree 30, Appendix II), so lower case once the phrase is inside one.
SENTENCE_OPENERS = ("các", "những", "mọi", "toàn thể", "tất cả")


def in_sentence(phrase: str) -> str:
    """``phrase`` as it reads inside a sentence: a leading ``Các``/``Những``/``Mọi``/``Toàn thể``/
    ``Tất cả`` in lower case; anything else (a name, ``Ban Quản lý …``) as written.

    >>> in_sentence("Các phòng, đơn vị có liên quan")
    'các phòng, đơn vị có liên quan'
    >>> in_sentence("Ban Quản lý Khu kinh tế tỉnh Gia Lai")
    'Ban Quản lý Khu kinh tế tỉnh Gia Lai'
    """
    text = nfc(phrase)
    low = text.lower()
    for w in SENTENCE_OPENERS:
        if low.startswith(w + " ") and text[:len(w)] == capitalize_first(w):
            return w + text[len(w):]
    return text
