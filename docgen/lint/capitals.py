"""Capitalization of the names the built-in lexicon knows (agencies, places, titles, terms),
Decree 30 Appendix II. Pure text: spans of a string whose case differs from the canonical form.

To keep false alarms down, a difference is reported only when it cannot be ordinary usage:
an all-lower-case occurrence of a one- or two-word phrase may be a common word ("hòa bình",
"thống nhất"); an upper-case first letter may start a sentence or a proper name; titles are
lower case when tied to no one ("các trưởng ban"); an all-upper-case phrase is a heading; a
common lower-case term may be capitalised inside a proper name ("Vụ Thi đua - Khen thưởng").
"""
from __future__ import annotations

import functools
import re

from ..vi.decree30 import SPECIAL_SPELLINGS, UNIT_WORDS
from ..vi.lexicon import DATA_DIR, load_lexicon, phrase_key, read_terms

_WORD = re.compile(r"[^\W_]+")
_GAP = re.compile(r"\s+|\s*[-–]\s*")
_SENTENCE_OPENERS = frozenset(".!?:;\n(\"“'‘")
_UNIT_FIRST = {u.split()[0] for u in UNIT_WORDS}
_SPECIAL = {s.lower(): s for s in SPECIAL_SPELLINGS}


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]], frozenset[str]]:
    """Phrases of two words or more by their lower-case words, every prefix of them, the titles."""
    lex = load_lexicon()
    index: dict[tuple[str, ...], str] = {}
    for term in lex.terms:
        words = tuple(w.lower() for w in _WORD.findall(term))
        if len(words) >= 2:
            index.setdefault(words, term)
    for key, term in _SPECIAL.items():
        index[tuple(key.split())] = term
    prefixes = frozenset(k[:n] for k in index for n in range(1, len(k) + 1))
    titles_file = DATA_DIR / "titles.txt"
    titles = frozenset(phrase_key(t) for t in read_terms(titles_file)) if titles_file.exists() else frozenset()
    return index, prefixes, titles


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def miscapitalized(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, found, expected) for each known phrase written in the wrong case; the longest
    known phrase at a position wins."""
    index, prefixes, titles = _index()
    words = list(_WORD.finditer(text))
    first_char = len(text) - len(text.lstrip())
    lower = [w.group().lower() for w in words]
    out = []
    i = 0
    while i < len(words):
        best = None
        j = i + 1
        while j <= len(words) and tuple(lower[i:j]) in prefixes:
            if j - i >= 2 and tuple(lower[i:j]) in index:
                best = j
            if j == len(words) or not _GAP.fullmatch(text[words[j - 1].end():words[j].start()]):
                break
            j += 1
        if best is None:
            i += 1
            continue
        canon = index[tuple(lower[i:best])]
        start, end = words[i].start(), words[best - 1].end()
        found = text[start:end]
        # "Trưởng Ban Quản lý …": the head of the body "Ban Quản lý …", not the title "Trưởng ban"
        heads_a_body = (best < len(words) and words[best].group()[:1].isupper()
                        and _words(found)[-1][:1].isupper() and _words(canon)[-1][:1].islower())
        if not heads_a_body and _reportable(found, canon, best - i, _sentence_start(text, start, first_char), titles):
            out.append((start, end, found, canon))
        i = best
    return out


def _sentence_start(text: str, start: int, first_char: int) -> bool:
    """Whether ``text[start:]`` starts a sentence: only white space before it, or a sentence
    mark or opening bracket/quote (then white space), or a line break, or a list bullet that
    opens the text. Looks back over the white space only (``first_char``: index of the
    text's first non-space character), so a long paragraph is scanned once, not once per name."""
    k = start
    while k > 0 and text[k - 1].isspace():
        if text[k - 1] == "\n":
            return True
        k -= 1
    if k == 0 or text[k - 1] in _SENTENCE_OPENERS:
        return True
    return text[k - 1] in "-+•" and k - 1 == first_char


def _reportable(found: str, canon: str, n: int, sentence_start: bool, titles: frozenset[str]) -> bool:
    fw, cw = _words(found), _words(canon)
    if fw == cw or found == found.upper():
        return False
    if n <= 2 and found[1:] == found[1:].lower():
        return False  # may be a common word, perhaps starting a sentence ("thống nhất", "Hòa bình")
    if canon == canon.lower():  # a common term: capitals may start a proper name ("Vụ Thi đua - Khen thưởng")
        return found[0].islower()
    rest_differs = fw[0][1:] != cw[0][1:] or fw[1:] != cw[1:]
    if rest_differs:
        return not (phrase_key(canon) in titles and found == found.lower())
    # only the first letter differs
    if cw[0][0].islower():  # canonical lower case: a capital is fine at a sentence start only
        return not sentence_start and cw[0].lower() in _UNIT_FIRST
    return phrase_key(canon) not in titles
