"""Capitalization of the names the built-in lexicon knows (agencies, places, titles, terms),
Decree 30 Appendix II. Pure text: spans of a string whose case differs from the canonical form.

To keep false alarms down, a difference is reported only when it cannot be ordinary usage:
an all-lower-case occurrence of a one- or two-word phrase may be a common word ("hòa bình",
"thống nhất"); an upper-case first letter may start a sentence or a proper name; titles are
lower case when tied to no one ("các trưởng ban"); an all-upper-case phrase is a heading.
"""
from __future__ import annotations

import functools
import re

from ..vi.lexicon import DATA_DIR, load_lexicon, phrase_key, read_terms

_WORD = re.compile(r"[^\W_]+")
_GAP = re.compile(r"\s+|\s*[-–]\s*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\"“'‘]|^\s*[-+•])\s*$")
_UNIT_WORDS = {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"}
_UNIT_FIRST = {u.split()[0] for u in _UNIT_WORDS}
_SPECIAL = {"thành phố hồ chí minh": "Thành phố Hồ Chí Minh", "thủ đô hà nội": "Thủ đô Hà Nội"}


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[tuple[str, ...], str], int, frozenset[str]]:
    lex = load_lexicon()
    index: dict[tuple[str, ...], str] = {}
    for term in lex.terms:
        words = tuple(w.lower() for w in _WORD.findall(term))
        if len(words) >= 2:
            index.setdefault(words, term)
    for key, term in _SPECIAL.items():
        index[tuple(key.split())] = term
    titles_file = DATA_DIR / "titles.txt"
    titles = frozenset(phrase_key(t) for t in read_terms(titles_file)) if titles_file.exists() else frozenset()
    return index, max((len(k) for k in index), default=0), titles


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def miscapitalized(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, found, expected) for each known phrase written in the wrong case."""
    index, longest, titles = _index()
    words = list(_WORD.finditer(text))
    out = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 1, -1):
            span = words[i:i + n]
            if any(not _GAP.fullmatch(text[a.end():b.start()]) for a, b in zip(span, span[1:])):
                continue
            canon = index.get(tuple(w.group().lower() for w in span))
            if canon is None:
                continue
            start, end = span[0].start(), span[-1].end()
            found = text[start:end]
            if _reportable(found, canon, n, _SENTENCE_START.search(text[:start]) is not None, titles):
                out.append((start, end, found, canon))
            i += n
            break
        else:
            i += 1
    return out


def _reportable(found: str, canon: str, n: int, sentence_start: bool, titles: frozenset[str]) -> bool:
    fw, cw = _words(found), _words(canon)
    if found == canon or found == found.upper():
        return False
    if found == found.lower() and n <= 2:
        return False  # may be a common word
    rest_differs = fw[0][1:] != cw[0][1:] or fw[1:] != cw[1:]
    if rest_differs:
        return not (phrase_key(canon) in titles and found == found.lower())
    # only the first letter differs
    if cw[0][0].islower():  # canonical lower case: a capital is fine at a sentence start only
        return not sentence_start and cw[0].lower() in _UNIT_FIRST
    return phrase_key(canon) not in titles
