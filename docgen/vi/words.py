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
['Ban', 'Quản', 'khu', 'công', 'tỉnh', 'Lâm']
"""
from __future__ import annotations

import bisect
import functools
import gzip
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .case import tone_style
from .lexicon import builtin_lexicon

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
_STRIP = _PUNCT_END + "(\"'“”"
_ENDS = tuple(_PUNCT_END)


class SortedWords:
    """A sorted word list, one word a line, searched where it lies: no set of 61,000 strings is
    built (that took a fifth of a warm ``docgen render``). A sparse index (the first word after
    every :data:`STRIDE` bytes) narrows a look-up to a few kilobytes, where one ``bytes.find`` of
    ``\\nword\\n`` settles it; UTF-8 bytes sort as the code points the file was sorted by."""

    STRIDE = 4096

    def __init__(self, text: bytes):
        blob = b"\n" + text if text.endswith(b"\n") else b"\n" + text + b"\n"
        starts, keys = [0], [b""]
        pos = self.STRIDE
        while pos < len(blob):
            nl = blob.find(b"\n", pos)
            if nl < 0 or nl == len(blob) - 1:
                break
            starts.append(nl)
            keys.append(blob[nl + 1:blob.find(b"\n", nl + 1)])
            pos = nl + self.STRIDE
        self._blob, self._starts, self._keys = blob, starts, keys

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        w = word.encode("utf-8")
        i = bisect.bisect_right(self._keys, w) - 1
        end = self._starts[i + 1] + len(w) + 2 if i + 1 < len(self._starts) else len(self._blob)
        return self._blob.find(b"\n" + w + b"\n", self._starts[i], end) >= 0

    def __iter__(self) -> Iterator[str]:
        return iter(self._blob[1:-1].decode("utf-8").split("\n"))


@functools.lru_cache(maxsize=1)
def dictionary() -> SortedWords:
    """The multi-syllable words of the packaged dictionary, lower case (a container: ``in``)."""
    return SortedWords(gzip.decompress(WORDS_FILE.read_bytes()))  # sorted (scripts/build_layout_data.py)


@functools.lru_cache(maxsize=1)
def _terms() -> tuple[frozenset[str], frozenset[str]]:
    """Lexicon terms by length: (2–4 syllables: never split; 5–6: split only if need be)."""
    short, long_ = set(), set()
    for key in builtin_lexicon().lookup_keys():  # phrase_key of each term: single spaces
        n = key.count(" ") + 1
        if 2 <= n <= MAX_WORD:
            short.add(tone_style(key, "new"))
        elif n <= MAX_TERM:
            long_.add(tone_style(key, "new"))
    return frozenset(short), frozenset(long_)


def _key(token: str) -> str:
    """A token's lookup key: lower case, the oa/oe/uy tone mark placed as Viet74K writes it
    ("văn hoá", "uỷ ban"), so "Văn hóa" and "Văn hoá" are the same word."""
    return tone_style(token.strip(_STRIP).lower(), "new")


def _closes(token: str) -> bool:
    """A token after which no word or name continues (it ends with punctuation)."""
    return token.endswith(_ENDS)


def break_costs(text: str) -> tuple[list[str], list[float]]:
    """The tokens of ``text`` (split at spaces) and, for each space between token ``i`` and
    ``i + 1``, the cost of a line break there (``costs[i]``; ``NEVER`` inside a word or name)."""
    return _break_costs(unicodedata.normalize("NFC", " ".join(text.split())))


_NOUNS_BEFORE_NUMBER = frozenset(("năm", "số", "ngày", "tháng"))
_UNIT_WORDS = frozenset(UNIT_WORDS)


@functools.lru_cache(maxsize=1)
def _long_by_first() -> dict[str, tuple[tuple[int, str], ...]]:
    """The longer lexicon terms (5–6 syllables) by their first syllable, longest first."""
    by_first: dict[str, list[tuple[int, str]]] = {}
    for term in sorted(_terms()[1], key=lambda t: (-t.count(" "), t)):
        by_first.setdefault(term.split(" ", 1)[0], []).append((term.count(" ") + 1, term))
    return {k: tuple(v) for k, v in by_first.items()}


@functools.lru_cache(maxsize=16384)
def _token_facts(token: str) -> tuple[str, bool, bool]:
    """A token's look-up key (:func:`_key`), whether punctuation ends it (:func:`_closes`) and
    whether it is a capitalised syllable (:func:`_is_name_part`): tokens recur across texts."""
    return _key(token), _closes(token), _is_name_part(token)


@functools.lru_cache(maxsize=4096)
def _break_costs_cached(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    tokens = text.split()
    n = len(tokens)
    if n < 2:
        return tuple(tokens), ()
    facts = [_token_facts(t) for t in tokens]
    keys = [f[0] for f in facts]
    ends = [f[1] for f in facts]
    costs = [BASE] * (n - 1)
    short_terms, words = _terms()[0], dictionary()

    def is_word(phrase: str) -> bool:
        return phrase in short_terms or phrase in words
    # sep[k]: no word or name runs from token k into token k + 1 (punctuation between)
    sep = [ends[k] or tokens[k + 1][0] == "(" for k in range(n - 1)]

    # longer lexicon terms: a break inside costs more
    floor = [0.0] * (n - 1)
    if n > MAX_WORD:
        by_first = _long_by_first()
        for i in range(n - MAX_WORD):
            for length, term in by_first.get(keys[i], ()):
                if length <= n - i and not any(sep[i:i + length - 1]) and " ".join(keys[i:i + length]) == term:
                    for k in range(i, i + length - 1):
                        floor[k] = TERM_INSIDE
    # words, names and short terms, every match (overlapping ones too: "cựu chiến" and
    # "chiến binh" keep "cựu chiến binh" whole): never inside
    pairs = [keys[k] + " " + keys[k + 1] for k in range(n - 1)]
    for i in range(n - 1):
        if sep[i]:
            continue
        phrase = pairs[i]
        if is_word(phrase):
            costs[i] = NEVER
        for length in range(3, min(MAX_WORD, n - i) + 1):
            if sep[i + length - 2]:
                break
            phrase = phrase + " " + keys[i + length - 1]
            if is_word(phrase):
                for k in range(i, i + length - 1):
                    costs[k] = NEVER
    # proper names: runs of capitalised syllables (not in all-capitals text)
    if text.upper() != text:
        name = [f[2] for f in facts]
        for k in range(n - 1):
            if name[k] and name[k + 1] and not ends[k]:
                costs[k] = NEVER
    # where a clerk breaks, and where not
    before, after_cost, units = BEFORE_COST, AFTER_COST, _UNIT_WORDS
    for k in range(n - 1):
        if costs[k] >= NEVER:
            continue
        b = tokens[k + 1]
        c = BASE
        if ends[k] and not tokens[k].endswith(")"):
            c = GOOD_AFTER_PUNCT
        nxt = keys[k + 1]
        nxt2 = pairs[k + 1] if k + 2 < n else nxt
        if c > 1.0 and (nxt in units or nxt2 in units):
            c = 1.0
        got = before.get(nxt)
        if got is None:
            got = before.get(nxt2)
        if got is not None and got < c:
            c = got
        if b[0] == "(" and c > 3.0:
            c = 3.0
        prev = keys[k]
        after = after_cost.get(prev, 0.0)
        if k:
            after = max(after, after_cost.get(pairs[k - 1], 0.0))
        if prev in _NOUNS_BEFORE_NUMBER and not nxt[:1].isdigit():
            after = 0.0  # "năm" as a noun ("trong năm"), not before its number
        if b == "-" and c < 30.0:
            c = 30.0  # a line starting with a dash reads as a list item
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
