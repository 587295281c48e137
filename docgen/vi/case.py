"""Letter case for Vietnamese text.

Every function first composes the text (NFC), so a letter with a combining tone mark
counts as one letter and ``đ``/``Đ`` map to each other. Python's own case mappings
are right for every Vietnamese letter once the text is composed.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

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


def name_case(text: str) -> str:
    """A person's name as Decree 30 writes it: single spaces, every syllable capitalised.

    >>> name_case("  trần  văn BIÊN ")
    'Trần Văn Biên'
    """
    return title_case(" ".join(text.split()))


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


# -- where the tone mark sits in oa, oe, uy ---------------------------------------------------------

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


def tone_respellings(text: str, style: str) -> list[tuple[int, int, str, str]]:
    """(start, end, old, new) of each open ``oa``/``oe``/``uy`` syllable whose tone mark sits
    otherwise than ``style`` puts it: "old" (hòa, khỏe, thủy) or "new" (hoà, khoẻ, thuỷ).
    Syllables with a final consonant or a third vowel (hoàng, ngoài) and ``qu`` + vowel (quý)
    are the same in both styles. ``text`` is composed (NFC)."""
    from . import add_tone

    out = []
    for start, v1, t1, v2, t2 in _tone_pairs(text):
        tone = t1 or t2
        new = (add_tone(v1, tone) + v2) if style == "old" else (v1 + add_tone(v2, tone))
        old = text[start:start + 2]
        if new != old:
            out.append((start, start + 2, old, new))
    return out


def tone_style_counts(text: str) -> tuple[int, int]:
    """How many open ``oa``/``oe``/``uy`` syllables of ``text`` (NFC) carry their tone mark in the
    old style (hòa) and how many in the new (hoà): the lengths of :func:`tone_respellings` for
    "new" and for "old", in one pass."""
    old = new = 0
    for _start, _v1, t1, _v2, _t2 in _tone_pairs(text):
        if t1:
            old += 1
        else:
            new += 1
    return old, new


def _tone_pairs(text: str) -> Iterator[tuple[int, str, str, str, str]]:
    """(start, first vowel, its tone, second vowel, its tone) of the vowel pair of each open
    oa/oe/uy syllable of ``text`` with one tone mark (on one of the two)."""
    from . import split_tone

    for m in _CANDIDATE.finditer(text):
        word = m.group()
        if len(word) < 2:
            continue
        v1, t1 = split_tone(word[-2])
        v2, t2 = split_tone(word[-1])
        if v2.lower() not in _PAIRS.get(v1.lower(), "") or not (t1 or t2) or (t1 and t2):
            continue
        before = word[:-2]
        if before and (split_tone(before[-1].lower())[0] in _VOWELS or before[-1] in "qQ"):
            continue  # a third vowel before the pair, or qu + vowel (quý, quà)
        yield m.start() + len(word) - 2, v1, t1, v2, t2


def tone_style(text: str, style: str = "old") -> str:
    """``text`` with every oa/oe/uy tone mark placed in ``style``.

    >>> tone_style("Khánh Hoà, thuỷ lợi, hoàng hôn")
    'Khánh Hòa, thủy lợi, hoàng hôn'
    """
    if _CANDIDATE.search(text) is None:  # most texts: no toned oa/oe/uy pair to look at
        return text
    out, pos = [], 0
    for start, end, _, new in tone_respellings(text, style):
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:]


def fold(text: str, *, marks: bool = True) -> str:
    """The key two texts are compared by: composed, lower case, single spaces, and the tone
    marks of oa/oe/uy in one place (``Hòa`` = ``hoà``). ``marks=False`` also drops every
    mark (``đ`` → ``d``), for keys typed without them (spreadsheet headers).

    >>> fold("  Nơi   NHẬN: Khánh Hoà")
    'nơi nhận: khánh hòa'
    >>> fold("Họ và  tên", marks=False)
    'ho va ten'
    """
    if not marks:
        return " ".join(strip_marks(nfc(text)).casefold().split())
    return tone_style(" ".join(nfc(text).casefold().split()))


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
