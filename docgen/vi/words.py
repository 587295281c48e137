"""Where a Vietnamese line may break: between words, never inside a compound or a name.

Vietnamese writes a space between syllables, so a space is not a word boundary:
``khu công nghiệp`` is one word, ``Lâm Đồng`` one name. :func:`break_costs` gives, for each
space of a phrase, the cost of ending a line there — :data:`NEVER` inside a word or a
proper name, a small cost where a clerk breaks (after a comma, before ``và``, before
``tỉnh``/``thành phố`` and the other unit words), a larger one after a word that leads into
the next (``các``, ``của``, ``và``) or between ``năm`` and its number.

The words are the multi-syllable entries of underthesea's Viet74K dictionary
(data/words.txt.gz, built by scripts/build_layout_data.py) every match, overlapping ones too, the
lexicon's places, agencies, titles and terms (:mod:`docgen.vi.lexicon`), and runs of
capitalised syllables (proper names: ``Trần Văn Biên``, ``Vân Phong``). Pure text, nothing
here knows about fonts or DOCX.

>>> words, costs = break_costs("Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng")
>>> [w for w, c in zip(words, costs) if c >= NEVER]
['Quản', 'khu', 'công', 'Lâm']
"""
from __future__ import annotations

import functools
import gzip
import unicodedata
from pathlib import Path

from .case import tone_style
from .lexicon import builtin_lexicon, phrase_key

NEVER = 1_000_000.0
"""The cost of breaking inside a word or a name (still finite: a word wider than the line
must break somewhere, and the caller is told)."""

WORDS_FILE = Path(__file__).parent / "data" / "words.txt.gz"
MAX_WORD = 4  # syllables of the longest dictionary word matched
MAX_TERM = 6  # syllables of the longest lexicon term matched

BASE = 10.0
GOOD_AFTER_PUNCT = 0.0  # after , ; :
UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
BEFORE_COST = {"và": 3.0, "của": 4.0, "tại": 4.0, "thuộc": 4.0, "trực thuộc": 4.0, "về": 6.0, "với": 6.0,
               "các": 6.0, "khu": 7.0, "cho": 6.0}
AFTER_COST = {"và": 60.0, "các": 60.0, "của": 60.0, "những": 60.0, "cho": 40.0, "tại": 40.0, "về": 40.0,
              "với": 40.0, "thuộc": 40.0, "số": 80.0, "ngày": 80.0, "tháng": 80.0, "năm": 80.0, "-": 15.0,
              "đồng chí": 80.0, "ông": 80.0, "bà": 80.0}
TERM_INSIDE = 12.0  # inside a longer lexicon term (5–6 syllables): "Bộ Kế hoạch và Đầu tư", a mild preference
_PUNCT_END = ",;:.)!?"


@functools.lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The multi-syllable words of the packaged dictionary, lower case."""
    with gzip.open(WORDS_FILE, "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f if line.strip())


@functools.lru_cache(maxsize=1)
def _terms() -> tuple[frozenset[str], frozenset[str]]:
    """Lexicon terms by length: (2–4 syllables: never split; 5–6: split only if need be)."""
    short, long_ = set(), set()
    for term in builtin_lexicon().terms:
        n = len(term.split())
        if 2 <= n <= MAX_WORD:
            short.add(tone_style(phrase_key(term), "new"))
        elif n <= MAX_TERM:
            long_.add(tone_style(phrase_key(term), "new"))
    return frozenset(short), frozenset(long_)


def _key(token: str) -> str:
    """A token's lookup key: lower case, the oa/oe/uy tone mark placed as Viet74K writes it
    ("văn hoá", "uỷ ban"), so "Văn hóa" and "Văn hoá" are the same word."""
    return tone_style(token.strip(_PUNCT_END + "(\"'“”").lower(), "new")




def _closes(token: str) -> bool:
    """A token after which no word or name continues (it ends with punctuation)."""
    return token.endswith(tuple(_PUNCT_END))


def break_costs(text: str) -> tuple[list[str], list[float]]:
    """The tokens of ``text`` (split at spaces) and, for each space between token ``i`` and
    ``i + 1``, the cost of a line break there (``costs[i]``; ``NEVER`` inside a word or name)."""
    return _break_costs(unicodedata.normalize("NFC", " ".join(text.split())))


@functools.lru_cache(maxsize=4096)
def _break_costs_cached(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    tokens = text.split()
    n = len(tokens)
    if n < 2:
        return tuple(tokens), ()
    keys = [_key(t) for t in tokens]
    costs = [BASE] * (n - 1)
    words = dictionary_words()
    short_terms, long_terms = _terms()
    all_upper = text.upper() == text

    # closes[k]: no word or name runs from token k into token k + 1 (punctuation between)
    closed = [0]
    for k in range(n - 1):
        closed.append(closed[-1] + (_closes(tokens[k]) or tokens[k + 1].startswith("(")))

    def joins(i: int, length: int) -> bool:
        """tokens[i:i+length] form one unit (no punctuation inside)."""
        return closed[i + length - 1] == closed[i]

    # longer lexicon terms: a break inside costs more
    floor = [0.0] * (n - 1)
    if long_terms:
        for i in range(n - MAX_WORD):
            for length in range(min(MAX_TERM, n - i), MAX_WORD, -1):
                if joins(i, length) and " ".join(keys[i:i + length]) in long_terms:
                    for k in range(i, i + length - 1):
                        floor[k] = TERM_INSIDE
                    break
    # words, names and short terms, every match (overlapping ones too: "cựu chiến" and
    # "chiến binh" keep "cựu chiến binh" whole): never inside
    for i in range(n - 1):
        for length in range(2, min(MAX_WORD, n - i) + 1):
            if not joins(i, length):
                break
            phrase = " ".join(keys[i:i + length])
            if phrase in words or phrase in short_terms:
                for k in range(i, i + length - 1):
                    costs[k] = NEVER
    # proper names: runs of capitalised syllables (not in all-capitals text)
    if not all_upper:
        for k in range(n - 1):
            a, b = tokens[k], tokens[k + 1]
            if _is_name_part(a) and _is_name_part(b) and not _closes(a):
                costs[k] = NEVER
    # where a clerk breaks, and where not
    for k in range(n - 1):
        if costs[k] >= NEVER:
            continue
        a, b = tokens[k], tokens[k + 1]
        c = costs[k]
        if _closes(a) and not a.endswith(")"):
            c = min(c, GOOD_AFTER_PUNCT)
        nxt = keys[k + 1]
        nxt2 = " ".join(keys[k + 1:k + 3])
        if nxt in UNIT_WORDS or nxt2 in UNIT_WORDS:
            c = min(c, 1.0)
        c = min(c, BEFORE_COST.get(nxt, BEFORE_COST.get(nxt2, c)))
        if b.startswith("("):
            c = min(c, 3.0)
        prev = keys[k]
        prev2 = " ".join(keys[max(0, k - 1):k + 1])
        after = max(AFTER_COST.get(prev, 0.0), AFTER_COST.get(prev2, 0.0) if k else 0.0)
        if prev in ("năm", "số", "ngày", "tháng") and not nxt[:1].isdigit():
            after = 0.0  # "năm" as a noun ("trong năm"), not before its number
        if b == "-":
            c = max(c, 30.0)  # a line starting with a dash reads as a list item
        costs[k] = max(c, after, floor[k])
    return tuple(tokens), tuple(costs)


def _break_costs(text: str) -> tuple[list[str], list[float]]:
    tokens, costs = _break_costs_cached(text)
    return list(tokens), list(costs)


def _is_name_part(token: str) -> bool:
    """A capitalised syllable (``Lâm``, ``Đồng``), not an all-capitals abbreviation (``UBND``)."""
    t = token.lstrip("(\"'“")
    return len(t) > 0 and t[0].isupper() and t[1:] == t[1:].lower() and t[:1].isalpha()


def split_words(text: str) -> list[str]:
    """``text`` cut where a line may break: each piece a word, a name or a run of them.

    >>> split_words("Ban Quản lý Khu kinh tế Vân Phong tỉnh Khánh Hòa")
    ['Ban Quản lý', 'Khu kinh tế', 'Vân Phong', 'tỉnh Khánh Hòa']
    """
    tokens, costs = break_costs(text)
    out: list[str] = []
    cur: list[str] = []
    for i, tok in enumerate(tokens):
        cur.append(tok)
        if i == len(tokens) - 1 or costs[i] < NEVER:
            out.append(" ".join(cur))
            cur = []
    return out
