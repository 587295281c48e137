"""The OCR channels learned from real Tesseract output, and the detection of which one a text shows.

A text that comes back from OCR shows one kind of damage, a *channel*, and each is its own
P(read | original):

* ``glyph``  marked letters lost and a naive autocorrect ("Khối" -> "Khi", "trưởng" -> "trung"):
             the damage of ../shared/noise/garble.py and of the seed report
             (:class:`docgen.normalize.ocr_model.Channel`, inverted into the shipped index);
* ``tofu``   Tesseract reading a page whose font lacks the Vietnamese letters: each missing
             letter comes back as junk ("Quản" -> "Quln" / "QuíIn", "Khối" -> "Khii"),
             :class:`TofuChannel`;
* ``ocr``    Tesseract reading real glyphs, clean or scanned: a mark read as another ("để" ->
             "đế", "tổng" -> "tống", "năm" -> "nằm"), :class:`ConfusionChannel`.

Both learned channels come from data/ocr_channel.tsv.gz, which scripts/build_channel.py builds
by rendering our own texts, reading them back with Tesseract and aligning the output with the
truth. :func:`detect` tells the channels apart from the text itself.
"""
from __future__ import annotations

import gzip
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

GLYPH, TOFU, OCR = "glyph", "tofu", "ocr"
CHANNELS = (GLYPH, TOFU, OCR)

KEEP = math.log(0.97)     # a letter the font has, read as itself ...
SLIP = math.log(0.004)    # ... or as another letter, or lost
JUNK_MIN = 2              # junk strings seen fewer times are not modelled
MAX_JUNK = 3              # longest junk string modelled
CACHE_LIMIT = 200_000     # candidate lists remembered per channel (the model lives as long as a server)
JUNK_SHARE = 0.01         # share of the junk a letter must make to be a junk letter
JUNK_PAIR = math.log(0.1)  # two junk strings seen apart, written for one letter
CONFUSION_FLOOR = 2e-4    # P(one mark read as another) never seen in training
# A mark the engine misreads systematically: in the learnt table ể->ế 0.28, ổ->ố 0.37, ẩ->ấ 0.16,
# then a gap down to i->ỉ 0.008 and a->á 0.002 (scripts/build_channel.py on our own renders).
COMMON_SLIP = 0.05
TOFU_ALTS = 80            # candidates kept per junk token (the LM ranks them)

_WORD = re.compile(r"[^\W\d_]+")
# Tokens of a page read without the glyphs: junk Tesseract writes for a missing letter stays in
# its word ("c[la", "tí]", "phí!"); otherwise as docgen.normalize.ocr_model.TOKEN_RE.
TOFU_TOKEN_RE = re.compile(
    r"(?:[^\W\d_]|[\u0300-\u036f]|[\[\]|{}!])*(?:[^\W\d_]|[\u0300-\u036f])(?:[^\W\d_]|[\u0300-\u036f]|[\[\]|{}!])*"
    r"|\d+|\n|[^\w\s]")
_JUNK_MARKS = re.compile(r"[\[\]|!{}]|[a-zà-ỹ][IÍÌĨ]|[IÍÌĨ][a-zà-ỹ]|ll|íl|fl|ĩl|ïl")


def read_table(path: Path) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if cols and cols[0]:
                    out.setdefault(cols[0], []).append(cols[1:])
    except OSError:
        return {}
    return out


class TofuChannel:
    """P(read | original) for a font without the Vietnamese letters: every letter the font
    lacks is read as a junk string (learned), the others mostly as themselves."""

    def __init__(self, table: dict[str, list[list[str]]], inventory: Iterable[str]):
        self.missing = frozenset(r[0] for r in table.get("missing", ()))
        junk = Counter({r[0]: int(r[1]) for r in table.get("junk", ()) if len(r) == 2})
        junk = Counter({s: n for s, n in junk.items() if n >= JUNK_MIN and len(s) <= MAX_JUNK})
        # The junk alphabet: letters that make at least JUNK_SHARE of what was written for a
        # missing letter ("l", "i", "í", "[" ...); junk of other letters is not modelled.
        mass: Counter = Counter()
        for s, n in junk.items():
            for c in s.lower():
                mass[c] += n
        total_mass = sum(mass.values()) or 1
        self.junk_chars = frozenset(c for c, n in mass.items() if n >= JUNK_SHARE * total_mass)
        junk = Counter({s: n for s, n in junk.items() if all(c in self.junk_chars for c in s.lower())})
        total = sum(junk.values()) or 1
        self.junk: dict[str, float] = {}
        for s, n in junk.items():
            self.junk[s.lower()] = math.log(math.exp(self.junk.get(s.lower(), -math.inf)) + n / total)
        # Two junk pieces for one letter ("ĩ" + "i"), rarer than either.
        for a, la in list(self.junk.items()):
            for b, lb in list(self.junk.items()):
                if a and b and len(a) + len(b) <= MAX_JUNK and a + b not in self.junk:
                    self.junk[a + b] = la + lb + JUNK_PAIR
        self.by_key: dict[str, list[str]] = {}
        for syl in inventory:
            if any(c in self.missing for c in syl):
                self.by_key.setdefault(self._key(syl), []).append(syl)
        self._cache: dict[str, list[tuple[str, float]]] = {}

    def __bool__(self) -> bool:
        return bool(self.missing and self.junk)

    def _key(self, s: str) -> str:
        return "".join(c for c in s.lower() if c not in self.missing and c not in self.junk_chars)

    def logp(self, read: str, orig: str) -> float:
        """log P(read | orig), both lower case: a small alignment over the original's letters."""
        n, m = len(orig), len(read)
        dp = [[-math.inf] * (m + 1) for _ in range(n + 1)]
        dp[0][0] = 0.0
        for i in range(n):
            c = orig[i]
            row, nxt = dp[i], dp[i + 1]
            for j in range(m + 1):
                base = row[j]
                if base == -math.inf:
                    continue
                if c in self.missing:
                    for s, lp in self.junk.items():
                        if read.startswith(s, j) and base + lp > nxt[j + len(s)]:
                            nxt[j + len(s)] = base + lp
                else:
                    if j < m:
                        lp = KEEP if read[j] == c else SLIP
                        if base + lp > nxt[j + 1]:
                            nxt[j + 1] = base + lp
                    if base + SLIP > nxt[j]:
                        nxt[j] = base + SLIP
        return dp[n][m]

    def candidates(self, read: str) -> list[tuple[str, float]]:
        """The originals that could have been read as ``read`` (lower case), best first."""
        hit = self._cache.get(read)
        if hit is None:
            scored = [(o, self.logp(read, o)) for o in self.by_key.get(self._key(read), ())]
            scored = [(o, lp) for o, lp in scored if lp > -math.inf]
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[read] = sorted(scored, key=lambda r: -r[1])[:TOFU_ALTS]
        return hit


def _base(c: str) -> str:
    """A letter without any mark: the letter Tesseract found, whatever it made of its marks."""
    d = unicodedata.normalize("NFD", c)[0]
    return "d" if c == "đ" else d


class ConfusionChannel:
    """P(read | original) on real glyphs: a letter's marks read as other marks (learned per
    letter from clean and scanned pages); the letters themselves are right."""

    def __init__(self, table: dict[str, list[list[str]]], by_fold: dict[str, list[str]],
                 fold: Callable[[str], str]):
        letters = Counter({r[0].lower(): int(r[1]) for r in table.get("letter", ()) if len(r) == 2})
        self.p: dict[tuple[str, str], float] = {}
        wrong: Counter = Counter()
        for t, r, n in ((r[0], r[1], int(r[2])) for r in table.get("mark", ()) if len(r) == 3):
            if _base(t) == _base(r) and t != r:
                self.p[(t, r)] = int(n) / max(letters.get(t, 0), int(n))
                wrong[t] += int(n)
        self.right = {t: math.log(max(1e-6, 1.0 - wrong[t] / n)) for t, n in letters.items() if n}
        self.by_fold = by_fold
        self.fold = fold
        self._cache: dict[str, list[tuple[str, float]]] = {}

    def __bool__(self) -> bool:
        return bool(self.p)

    def identity(self, word: str) -> float:
        return sum(self.right.get(c, 0.0) for c in word)

    def logp(self, read: str, orig: str) -> float:
        if len(read) != len(orig):
            return -math.inf
        lp = 0.0
        for r, o in zip(read, orig):
            if r == o:
                lp += self.right.get(o, 0.0)
            elif _base(r) == _base(o):
                lp += math.log(self.p.get((o, r), CONFUSION_FLOOR))
            else:
                return -math.inf
        return lp

    def common_slip(self, read: str, orig: str) -> bool:
        """Whether ``orig`` read as ``read`` is one mark misread the way the engine often misreads
        it (P(read letter | original letter) >= COMMON_SLIP: the hỏi read as sắc, "để" -> "đế",
        "tổng" -> "tống"), not a rare slip ("khoa" -> "khoá")."""
        if len(read) != len(orig):
            return False
        slips = [(o, r) for r, o in zip(read, orig) if r != o]
        return len(slips) == 1 and self.p.get(slips[0], 0.0) >= COMMON_SLIP

    def candidates(self, read: str) -> list[tuple[str, float]]:
        """Syllables that differ from ``read`` only in their marks, with log P(read | them)."""
        hit = self._cache.get(read)
        if hit is None:
            out = []
            for o in self.by_fold.get(self.fold(read), ()):
                if o != read:
                    lp = self.logp(read, o)
                    if lp > -math.inf:
                        out.append((o, lp))
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[read] = sorted(out, key=lambda r: -r[1])
        return hit


def residues(text: str, is_syllable: Callable[[str], bool],
             explained: Callable[[str], bool] | None = None) -> tuple[int, int]:
    """(words of the text that are no syllable, abbreviations aside — with ``explained``, only
    those it explains: residues the damage can leave, not a foreign name; words)."""
    words = _WORD.findall(text)
    bad = sum(1 for w in words if not (len(w) > 1 and w.isupper()) and not is_syllable(w)
              and (explained is None or explained(w)))
    return bad, len(words)


_WRAP = re.compile(r"[^\W\d_],?[ \t]*\n[ \t]*[^\W\d_]")


def wrapped_lines(text: str) -> int:
    """Lines broken inside a sentence (a word or a comma, then a line starting with a lower-case
    word): what a page read by an engine shows and typed text, one line a paragraph, does not."""
    return sum(1 for m in _WRAP.finditer(text) if m.group(0)[-1].islower())


def slip_count(text: str, is_syllable: Callable[[str], bool], confusion: ConfusionChannel, enough: int) -> int:
    """How many words of the text (up to ``enough``) are no syllable but one common mark slip
    away from one (:meth:`ConfusionChannel.common_slip`: "triến" for "triển")."""
    found = 0
    seen: set[str] = set()
    for w in _WORD.findall(text):
        low = w.lower()
        if low in seen or (len(w) > 1 and w.isupper()):
            continue
        seen.add(low)
        if is_syllable(low):
            continue
        if any(confusion.common_slip(low, o) for o, _ in confusion.candidates(low)):
            found += 1
            if found >= enough:
                break
    return found


def detect(text: str, counts: tuple[int, int]) -> str:
    """The channel a text shows: TOFU when many words carry junk where a letter should be
    ("Quln", "QuíIn", "c[la"), GLYPH when many are residues of lost letters ("Khi thi đua",
    "Vn phòng"), else OCR (real glyphs read well, or text that was never OCR'd). ``counts``:
    :func:`residues` of the text (counting only the residues the damage can leave, not foreign
    names), which the caller counts once for this and for its damage test."""
    bad, n = counts
    if not n:
        return OCR
    junky = sum(1 for m in _JUNK_MARKS.finditer(text))
    if junky >= max(3, 0.02 * n):
        return TOFU
    return GLYPH if bad >= max(3, 0.03 * n) else OCR
