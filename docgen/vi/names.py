"""People's names: family names (họ), middle names (tên đệm), given names (tên) and whether a run
of tokens reads as a person's name.

The statistics live in docgen/vi/data/ (written for docgen, tab-separated, ``#`` comments):

* names_family.tsv — family name, estimated share of the population in %, group (``kinh`` or
  ``dtts``: ethnic-minority names such as Lò, Cầm, Giàng, Ksor, Rơ Châm, Niê Kdăm);
* names_middle.tsv — middle name, frequency class (1 very common … 3 rare), usual sex;
* names_given.tsv — given name, frequency class, usual sex (several hundred names);
* names_prefix.tsv — the sex prefixes written before a Central Highlands name (Y, H', A, K', Ka).

Every lookup is case-insensitive, NFC, and blind to where the tone mark of ``oa``/``oe``/``uy``
sits: the clerk's spelling is kept, so "Hoà" and "Hòa", "Thuỵ" and "Thụy" are the same name
here (:func:`name_key`). Nothing is downloaded; everything is cached after the first call.

>>> is_family_name("Nguyễn"), is_middle_name("thị"), is_given_name("Hoà"), is_given_name("Hòa")
(True, True, True, True)
>>> looks_like_person_name(["Nguyễn", "Văn", "An"]), looks_like_person_name(["Hà", "Nội"])
(True, False)
>>> person_name_spans("Ông Nguyễn Văn An, Phó Trưởng phòng và bà H'Hen Niê".split())
[(1, 4), (9, 11)]
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .case import tone_style

DATA_DIR = Path(__file__).parent / "data"
MAX_NAME = 6  # tokens of the longest name recognised ("Công Tằng Tôn Nữ Thị Lan" and the like)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_STRIP = ".,;:!?()[]\"“”«»…"
HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "cô", "chú", "cụ", "em", "cháu", "đồng chí", "đ/c",
                        "thầy", "bác", "ngài"})
"""Words before a name that make a run of capitals a person's name even if its given name is
not in the list ("ông Nguyễn Văn Xoa")."""


@functools.lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """The key a name is looked up by: NFC, lower case, single spaces, one apostrophe, and the
    oa/oe/uy tone mark in one place (``Hoà`` and ``Hòa`` have the same key)."""
    s = " ".join(unicodedata.normalize("NFC", s).translate(_APOSTROPHES).lower().split())
    return tone_style(s, "old")


@dataclass(frozen=True)
class NameEntry:
    """One row of a names table: the spelling as written in the data, and its statistics."""

    name: str
    share: float | None  # family names: estimated % of the population
    freq_class: int | None  # middle and given names: 1 very common, 2 common, 3 rare
    info: str  # family names: group (kinh/dtts); others: usual sex (m/f/u)


def _rows(filename: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / filename).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([unicodedata.normalize("NFC", c.strip()) for c in line.split("\t")])
    return rows


@functools.cache
def _table(kind: str) -> dict[str, NameEntry]:
    out: dict[str, NameEntry] = {}
    if kind == "family":
        for name, share, group in _rows("names_family.tsv"):
            out.setdefault(name_key(name), NameEntry(name, float(share), None, group))
    elif kind == "prefix":
        for name, sex, *_ in _rows("names_prefix.tsv"):
            out.setdefault(name_key(name), NameEntry(name, None, None, sex))
    else:
        for name, cls, sex in _rows(f"names_{kind}.tsv"):
            out.setdefault(name_key(name), NameEntry(name, None, int(cls), sex))
    return out


@functools.cache
def _longest(kind: str) -> int:
    return max(len(k.split()) for k in _table(kind))


def family_names() -> list[NameEntry]:
    """Every family name, most frequent first."""
    return sorted(_table("family").values(), key=lambda e: -(e.share or 0.0))


def middle_names() -> list[NameEntry]:
    return list(_table("middle").values())


def given_names() -> list[NameEntry]:
    return list(_table("given").values())


def family_entry(s: str) -> NameEntry | None:
    """The family-name row of ``s`` ("Nguyễn", "rơ châm"), or None."""
    return _table("family").get(name_key(s))


def family_share(s: str) -> float | None:
    """The estimated share (%) of the population with family name ``s``; None if unknown."""
    entry = family_entry(s)
    return entry.share if entry else None


def is_family_name(s: str) -> bool:
    """``s`` is a family name (one or more syllables: "Trần", "Ksor", "Rơ Châm")."""
    return name_key(s) in _table("family")


def is_middle_name(s: str) -> bool:
    """``s`` is a middle name ("Văn", "Thị", "Thị Thanh")."""
    return name_key(s) in _table("middle")


def is_given_name(s: str) -> bool:
    """``s`` is a given name in the list ("An", "Hoà", "Thụy")."""
    return name_key(s) in _table("given")


def given_class(s: str) -> int | None:
    """The frequency class of given name ``s`` (1 very common … 3 rare), None if not listed."""
    entry = _table("given").get(name_key(s))
    return entry.freq_class if entry else None


def name_sex(s: str) -> str | None:
    """The usual sex of a given or middle name: "m", "f", "u" (either), or None if not listed."""
    entry = _table("given").get(name_key(s)) or _table("middle").get(name_key(s))
    return entry.info if entry else None


def is_name_prefix(s: str) -> bool:
    """``s`` is a sex prefix before a Central Highlands name ("Y", "H'", "A", "K'", "Ka")."""
    return name_key(s) in _table("prefix")


def _attached_prefix(token: str) -> bool:
    """``H'Hen``, ``K'Biêng``: a prefix written together with the name."""
    t = token.translate(_APOSTROPHES)
    return len(t) > 2 and t[1] == "'" and t[2:3].isupper() and is_name_prefix(t[:2])


def _is_cap(token: str) -> bool:
    """A name part: a capitalised word ("An", "H'Hen", "Kdăm") or all capitals ("AN")."""
    t = token.translate(_APOSTROPHES).replace("'", "")
    return bool(t) and t.isalpha() and t[0].isupper()


def _match(tokens: Sequence[str], i: int, kind: str) -> int:
    """Length of the longest ``kind`` name starting at ``tokens[i]`` (0 if none)."""
    table = _table(kind)
    for n in range(min(_longest(kind), len(tokens) - i), 0, -1):
        if name_key(" ".join(tokens[i:i + n])) in table:
            return n
    return 0


@functools.lru_cache(maxsize=8192)
def _looks(tokens: tuple[str, ...], strict: bool) -> bool:
    n = len(tokens)
    if not (2 <= n <= MAX_NAME or (n == 1 and _attached_prefix(tokens[0]))) or not all(_is_cap(t) for t in tokens):
        return False
    upper = [t.isupper() for t in tokens if len(t) > 1]
    if any(upper) and not all(upper):
        return False  # "UBND Nguyễn": an abbreviation is no name part
    # Central Highlands: a sex prefix, then the name ("Y Ngông Niê Kdăm", "H'Hen Niê", "A Pớt")
    if _attached_prefix(tokens[0]) or name_key(tokens[0]) in ("h'", "k'"):
        return True
    if is_name_prefix(tokens[0]):
        # an ambiguous prefix (Y, A, Ka, Ma, Chau: "Bộ Y Tế", "Phụ lục A"): strictly, a family
        # name must close the name ("Y Ngông Niê Kdăm")
        return not strict or any(is_family_name(" ".join(tokens[j:])) for j in range(2, n))
    fam = _match(tokens, 0, "family")
    if not fam or fam >= n:
        return False
    rest = list(tokens[fam:])
    last = rest[-1]
    # a second family name (mother's: "Trần Nguyễn Minh Châu", "Tôn Nữ") is a middle part
    middles = rest[:-1]
    k = 0
    known_middle = True
    while k < len(middles):
        m = max(_match(middles, k, "middle"), _match(middles, k, "given"), _match(middles, k, "family"))
        if not m:
            known_middle = False
            k += 1
        else:
            k += m
    if is_given_name(last):
        if len(rest) == 1:  # family + given only ("Lê Lợi", "Cao Bằng"): a place often reads so,
            # and "Nguyễn Văn", "Trần Thị" are names cut short
            return not strict or not (_is_place(tokens) or name_key(last) in ("văn", "thị"))
        return known_middle or not strict
    # unknown given name: the middle names must all be known, and it must be a syllable
    from .syllable import is_syllable

    return bool(middles) and known_middle and is_syllable(last) and not strict


def looks_like_person_name(tokens: Sequence[str], *, strict: bool = True) -> bool:
    """``tokens`` (2–6 words, each capitalised or all capitals, no punctuation) read as one
    person's name: a family name, middle names, a given name ("Nguyễn Văn An", "Trần Thị Thuỳ
    Dương", "Ksor Phước", "Rơ Mah Tuấn"), or a Central Highlands name after its sex prefix
    ("Y Ngông Niê Kdăm", "H'Hen Niê").

    ``strict`` (the default) wants every middle part and the given name in the lists and
    refuses a two-word run that is also a place ("Cao Bằng", "Lâm Đồng"); with ``strict=False``
    (after "ông", "bà", "đồng chí"…) an unlisted given name that is a valid syllable is enough.
    """
    return _looks(tuple(t for tok in tokens for t in tok.split()), strict)


def _is_place(tokens: tuple[str, ...]) -> bool:
    try:
        from . import places
    except ImportError:  # pragma: no cover - places ships with names
        return False
    return places.is_place(list(tokens))


def _core(token: str) -> str:
    return token.strip(_STRIP)


def _closes(token: str) -> bool:
    """Punctuation after the word: no name runs on past it."""
    return token != token.rstrip(_STRIP)


def person_name_spans(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """The (start, end) token spans of ``tokens`` (a sentence split at spaces; punctuation may
    stick to a word: "An,") that are people's names, longest first, left to right, not
    overlapping. A name ends at a token carrying punctuation. After an honorific ("ông", "bà",
    "đồng chí"…) the looser rule of ``looks_like_person_name(strict=False)`` applies."""
    cores = [_core(t) for t in tokens]
    spans: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not cores[i] or not _is_cap(cores[i]):
            i += 1
            continue
        if cores[i].lower() in HONORIFICS and i + 1 < n and not _closes(tokens[i]):
            # "Ông Nguyễn Văn An": the honorific is not the family name Ông
            nxt = person_name_spans(tokens[i + 1:i + 1 + MAX_NAME])
            if nxt and nxt[0][0] == 0:
                i += 1
                continue
        prev = cores[i - 1].lower() if i else ""
        prev2 = f"{cores[i - 2].lower()} {prev}" if i > 1 else ""
        strict = not (prev in HONORIFICS or prev2 in HONORIFICS)
        end = i + 1
        while end < n and end - i < MAX_NAME and _is_cap(cores[end]) and not _closes(tokens[end - 1]) \
                and not tokens[end].startswith(tuple(_STRIP)):
            end += 1
        found = next((j for j in range(end, i, -1) if _looks(tuple(cores[i:j]), strict)), 0)
        if found:
            spans.append((i, found))
            i = found
        else:
            i += 1
    return spans
