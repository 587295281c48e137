"""The precision gate of OCR repair: a correct word is never changed.

The decoder proposes a reading for every token; the gate decides how much evidence a change
needs, from how plausible the token already is as written:

* a spelling variant of the proposal (uỷ/ủy, khoá/khóa, sỹ/sĩ, lí/lý) is the writer's choice:
  no change at all, not even a suggestion;
* a token touching a digit (km2, 20m, B1) is a unit or a code: left alone (the decoder fixes it);
* a capitalised syllable inside a name (a family name and its given names, a place, an agency
  name such as "Công ty TNHH Trong Nam") is kept: a change becomes a suggestion — except on a
  text that shows heavy glyph loss, where a written syllable that is no known name part and no
  place with its neighbour, read as one that is ("Hong" -> "Hoàng", "Bu Bàng" -> "Bàu Bàng"),
  needs what a syllable in a known word needs (:func:`name_evidence`);
* a valid syllable that forms a known word with a neighbour ("dân số", "công trình") changes
  only on overwhelming evidence;
* any other valid syllable changes only with a high posterior (:data:`NEEDED`);
* on a page read well (the ``ocr`` channel) a syllable whose mark alone would change needs
  more (FREE_READ, WORD_READ) — unless the text was read by an engine (hard line wraps, words
  one common slip from a syllable) and the change undoes a slip the engine makes all the time
  ("đế" for "để", learnt in ocr_channel.tsv.gz); a syllable that the language model vouches
  for where it stands (seen after the word before and before the word after, or preferred
  clearly by one side while only the other prefers the reading: "11 tháng qua") needs what a
  syllable in a known word needs; an office term the reading completes ("Tống Giám đốc" ->
  "Tổng Giám đốc") lifts a capitalised syllable out of a name; a real word that would change
  by more than its marks there ("về" -> "để") needs what a syllable in a known word needs,
  unless the reading completes an office term ("Khi thi đua"); on a text that shows heavy
  glyph loss (enough words no syllable, at least DAMAGED_MIN) less (:data:`NEEDED_DAMAGED`);
* a token that is no Vietnamese syllable ("Vn", "Khii", "Quln") needs only the caller's threshold.

Suggestions carry a confidence below :data:`GATED`, so that no threshold a caller uses for
applying (0.5 and up) applies them; they are still listed, shown and reviewed.

The word list is Viet74K's multi-syllable entries (underthesea, Apache-2.0) and the lexicon's
terms, built into data/words.tsv.gz by scripts/build_lm.py; people's names and places are
docgen.vi.names' and docgen.vi.places' (:func:`name_evidence`).
"""
from __future__ import annotations

import functools
import gzip
import unicodedata
from pathlib import Path


DATA_DIR = Path(__file__).parent / "data"

GATED = 0.45    # confidence cap of a gated change: a suggestion under any applying threshold

# How plausible the written token is, and the posterior a change of it needs at least.
NOT_SYLLABLE, FREE, FREE_READ, WORD, WORD_READ, NAME = (
    "not-syllable", "free", "free-read", "word", "word-read", "name")
NEEDED = {
    NOT_SYLLABLE: 0.0,  # "Vn", "Khii": the caller's threshold decides
    FREE: 0.95,         # a valid syllable on its own: "Khi" in "Khi thi đua"
    FREE_READ: 0.99,    # the same on a page read well, where only a mark can be wrong
    WORD: 0.999,        # a syllable in a known word with its neighbour: "dân số", "công trình"
    WORD_READ: 0.999,   # the same on a page read well, its mark read as another ("tỉnh" / "tinh")
    NAME: 2.0,          # inside a name: never applied, a suggestion at most
}

# On a text that shows heavy glyph loss (at least DAMAGED_SHARE of its words are no syllable;
# clean text of ours has under 3 %, garble.py's damage 9 % and more), a real word is far more
# often a damaged one, and context settles it with less (tuned on bench/devset, bench/testset
# and our own texts held out of the LM, never on ../shared/realtext).
DAMAGED_SHARE = 0.06
DAMAGED_MIN = 3  # and at least this many such words: one foreign word in a sentence is no damage
NEEDED_DAMAGED = {
    NOT_SYLLABLE: 0.0,
    FREE: 0.8,
    FREE_READ: 0.99,
    WORD: 0.85,
    WORD_READ: 0.999,
    NAME: 0.99,
}

_TONES = "\u0300\u0301\u0303\u0309\u0323"


class WordPairs:
    """A set of syllable pairs (a, b), held as a -> the frozenset of its b's: the model's cache
    loads 5,700 sets in a quarter of the time that 73,000 tuples took."""

    __slots__ = ("after",)

    def __init__(self, after: dict[str, frozenset[str]]):
        self.after = after

    def __contains__(self, pair: tuple[str, str]) -> bool:
        return pair[1] in self.after.get(pair[0], ())


def read_word_pairs(path: Path) -> dict[str, frozenset[str]]:
    """The pairs of data/words.tsv.gz, each syllable as its :func:`variant_key`, as
    :class:`WordPairs` holds them."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    except OSError:
        return {}
    after: dict[str, set[str]] = {}
    for r in rows:
        if len(r) >= 2:
            after.setdefault(variant_key(r[0]), set()).add(variant_key(r[1]))
    return {a: frozenset(bs) for a, bs in after.items()}


@functools.lru_cache(maxsize=1)
def word_pairs() -> WordPairs:
    """Adjacent syllable pairs inside known words ("dân số", "công trình"), each syllable as its
    :func:`variant_key`: "khoá học" is the word "khóa học" (parsed with the OCR model and kept
    in its cache)."""
    from docgen.normalize.ocr_model import load_model

    return load_model().word_pairs


@functools.lru_cache(maxsize=65536)
def is_family_name(word: str) -> bool:
    """``word`` (any case, any tone placement) is a family name in docgen.vi.names."""
    from docgen.vi import names

    return names.is_family_name(word)


@functools.lru_cache(maxsize=65536)
def is_name_part(word: str) -> bool:
    """``word`` is a family, middle or given name in docgen.vi.names' statistics."""
    from docgen.vi import names

    return names.is_family_name(word) or names.is_middle_name(word) or names.is_given_name(word)


@functools.lru_cache(maxsize=65536)
def _place_pair(a: str, b: str) -> bool:
    from docgen.vi import places

    return places.is_place([a, b])


def name_evidence(prev: str | None, word: str, nxt: str | None) -> bool:
    """Whether ``word`` is vouched for as (part of) a proper name by what docgen knows: a family,
    middle or given name (docgen.vi.names), or a place with a neighbour (docgen.vi.places:
    "Lâm Đồng", "Ea Tiêu")."""
    return (is_name_part(word)
            or (prev is not None and _place_pair(prev, word))
            or (nxt is not None and _place_pair(word, nxt)))


def _tone_free(s: str) -> tuple[str, str]:
    """(the syllable without its tone mark, the tone mark or "")."""
    d = unicodedata.normalize("NFD", s)
    tones = "".join(c for c in d if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES)), tones


@functools.lru_cache(maxsize=65536)
def variant_key(s: str) -> str:
    """A key equal for spellings of one syllable that differ only by convention: the tone's
    place (uỷ/ủy, khoá/khóa) and final i/y after a consonant (sỹ/sĩ, lí/lý, kỹ/kĩ)."""
    base, tone = _tone_free(s.lower())
    if len(base) >= 2 and base[-1] == "y" and base[-2] not in "aâuo":
        base = base[:-1] + "i"
    return base + "|" + tone


def is_variant(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are spellings of the same syllable (see :func:`variant_key`)."""
    return a.lower() != b.lower() and variant_key(a) == variant_key(b)


def in_word(prev: str | None, word: str, nxt: str | None) -> bool:
    """Whether the lower-case ``word`` forms a known word with the one before or after it."""
    pairs, key = word_pairs(), variant_key(word)
    return ((prev is not None and (variant_key(prev), key) in pairs)
            or (nxt is not None and (key, variant_key(nxt)) in pairs))


def gate(conf: float, *, written: str, proposal: str, plausibility: str, damaged: bool = False) -> float | None:
    """The confidence an OCR change gets after the gate, or None: no change at all.

    ``written``/``proposal``: the token as it stands and the decoder's reading;
    ``plausibility``: NOT_SYLLABLE, FREE, WORD or NAME (see the module text); ``damaged``: the
    text shows heavy glyph loss (:data:`NEEDED_DAMAGED` applies)."""
    if is_variant(written, proposal):
        return None
    need = (NEEDED_DAMAGED if damaged else NEEDED)[plausibility]
    return conf if conf >= need else min(conf, GATED)
