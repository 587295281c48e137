"""Repair OCR damage in Vietnamese text: "Khi thi đua" -> "Khối thi đua", "ng chí" -> "Đồng chí".

The damage (modelled in /work/shared/noise/garble.py and seen in real reports) has two stages:
letters that carry a Vietnamese mark are lost from a syllable ("Khối" -> "Khi", "Đồng" -> "ng"),
then a naive autocorrect may replace a residue that is not a syllable by the commonest syllable
within one edit ("trưởng" -> "trng" -> "trung", or "trong" for an engine that ranks by text
frequency).

Repair is a noisy-channel decoder:

* :class:`Channel` is the damage model P(garbled | original). scripts/build_lm.py inverts it over
  a syllable inventory (underthesea's Viet74K, the training corpus, the lexicon) into an index
  garbled form -> the originals that could have produced it (data/channel.tsv.gz).
* A syllable trigram model with interpolated Kneser-Ney smoothing (lm.py, data/lm.tsv.gz)
  scores the candidates in context.
* The case of a word inside a sentence is evidence too: "Nông" there is more likely "Nông"
  (Đắk Nông) than "những" (P(capitalised | original), counted in the corpus).
* Each sentence is decoded with a Viterbi beam over the lattice of candidates. Only tokens
  that are implausible as they stand, or that the damage often produces from another
  syllable, get more than one candidate, and only the alternatives that fit their
  neighbours a priori; so clean text is decoded quickly and left alone. Abbreviations
  (UBND, KT., QĐ-) and syllables a good OCR engine split ("Ph òng") are left as they are.

Terms of the lexicon (docgen.vi.lexicon) and an office's ``extra_terms`` are restored with their
canonical spelling and are never "corrected" away.
"""
from __future__ import annotations

import functools
import gc
import gzip
import hashlib
import marshal
import math
import os
import re
import sys
import unicodedata
from itertools import combinations
from pathlib import Path
from collections.abc import Iterable

from docgen.normalize import ocr_gate
from docgen.normalize.base import Edit, apply_edits
from docgen.normalize.lm import BOS, EOS, TrigramLM
from docgen.normalize.unicode import ToneStyleNormalizer
from docgen.vi.case import strip_marks
from docgen.vi.lexicon import Lexicon, builtin_lexicon

DATA_DIR = Path(__file__).parent / "data"

# Damage parameters: garble.py's defaults, which match the seed report.
HIT, DROP, FIX = 0.25, 0.7, 0.35
FREQ_FIX = 0.2   # share of autocorrects that pick the neighbour commonest in running text
OTHER_FIX = 0.1  # share that pick any neighbour

BASE_MARKED = frozenset("đăâêôơư")
VOWELS = frozenset("aeiouy")
TOKEN_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+|\d+|\n|[^\w\s]")
SENTENCE_END = frozenset(".!?\n")
ABBREVIATION_MARKS = (".", "-", "/", "&")  # an all-caps token touching one of these is an abbreviation
CASE_START = frozenset(".!?\n(\"“:")

BEAM = 6           # lattice states kept per position ...
BEAM_DELTA = 6.0   # ... if within this many nats of the best
COLUMN_CACHE = 200_000  # lattice columns (and posteriors) remembered per normalizer
PRIOR_KEEP = 6      # alternatives scored in context even without a seen bigram
PRESELECT = 60      # alternatives scored in context per word
NEIGHBOUR_READINGS = 1  # alternatives of a neighbour tried when scoring a word's alternatives
MAX_ALTS = 4        # candidates per damaged token besides the token itself
PLAUSIBLE = 6.0     # alternatives of a known syllable must be within this many nats a priori ...
CONTEXT_MARGIN = 5.0  # ... and within this many nats with its neighbours' bigrams
CASE_PRIOR, CASE_PRIOR_WEIGHT = 0.1, 2.0  # share of capitalised words inside a sentence, its weight
DROPPED_CAP = math.log(0.02)  # a capital inside a word whose first letter was lost
PROTECT_MIN_SYLLABLES = 2  # built-in lexicon phrases of this length are taken as right
SPLIT_MIN_FREQ = 3  # training-text frequency that makes a piece of a split word count as a syllable
NEG_INF = -math.inf


def is_marked(ch: str) -> bool:
    """True for a letter with a Vietnamese mark (đ, breve, circumflex, horn or tone)."""
    low = ch.lower()
    if low in BASE_MARKED:
        return True
    decomposed = unicodedata.normalize("NFD", low)
    return len(decomposed) > 1 and decomposed[0].isalpha()


fold = strip_marks  # the damage index is keyed by syllables without marks: "trưởng" -> "truong"


def lm_token(tok: str) -> str:
    """The language-model token of a text token: lower-case syllable, ``<num>`` or the mark itself."""
    if tok[0].isdigit():
        return "<num>"
    return unicodedata.normalize("NFC", tok).lower()


def lm_sentences(text: str) -> Iterable[list[str]]:
    """Split text into sentences of language-model tokens (used for training and decoding alike)."""
    sent: list[str] = []
    for m in TOKEN_RE.finditer(text):
        tok = m.group(0)
        if tok != "\n":
            sent.append(lm_token(tok))
        if tok in SENTENCE_END:
            if sent:
                yield sent
            sent = []
    if sent:
        yield sent


class Channel:
    """P(garbled | original) for the two-stage damage, over an inventory of syllables with counts."""

    def __init__(self, counts: dict[str, int], freq: dict[str, int] | None = None):
        self.counts = counts
        self.freq = freq or {}
        self.by_fold: dict[str, list[str]] = {}
        for syl in counts:
            self.by_fold.setdefault(fold(syl), []).append(syl)
        self.alphabet = sorted({c for f in self.by_fold for c in f})

    def is_syllable(self, s: str) -> bool:
        return s in self.counts

    def neighbours(self, residue: str) -> list[str]:
        """Syllables within one edit of the residue, marks ignored."""
        f = fold(residue)
        near = {f}
        for i in range(len(f) + 1):
            for c in self.alphabet:
                near.add(f[:i] + c + f[i:])
                if i < len(f):
                    near.add(f[:i] + c + f[i + 1:])
            if i < len(f):
                near.add(f[:i] + f[i + 1:])
        return [s for n in near for s in self.by_fold.get(n, ())]

    @functools.lru_cache(maxsize=65536)  # noqa: B019 -- one model per process, kept for its life
    def autocorrect(self, residue: str) -> str | None:
        """garble.py's autocorrect: the commonest neighbour (ties: the larger string)."""
        hits = self.neighbours(residue)
        return max(hits, key=lambda s: (self.counts[s], s)) if hits else None

    def corrections(self, residue: str) -> dict[str, float]:
        """P(autocorrect result | residue). Mostly garble.py's choice (commonest in the word list);
        real engines also pick the neighbour commonest in running text, or another neighbour."""
        hits = self.neighbours(residue)
        if not hits:
            return {residue: 1.0}
        out = {s: OTHER_FIX / len(hits) for s in hits}
        best = max(hits, key=lambda s: (self.counts[s], s))
        out[best] += 1.0 - OTHER_FIX - FREQ_FIX
        frequent = max(hits, key=lambda s: (self.freq.get(s, 0), s))
        out[frequent] += FREQ_FIX
        return out

    def damage(self, orig: str) -> dict[str, float]:
        """Every form the damage can turn the lower-case syllable ``orig`` into, with its probability."""
        marked = [i for i, ch in enumerate(orig) if is_marked(ch)]
        out = {orig: 1.0}
        if not marked:
            return out
        out[orig] = 1.0 - HIT
        m = len(marked)
        for k in range(1, m + 1):
            for dropped in combinations(marked, k):
                p = DROP**k * (1 - DROP) ** (m - k)
                if k == 1:
                    p += (1 - DROP) ** m / m
                p *= HIT
                residue = "".join(ch for i, ch in enumerate(orig) if i not in dropped)
                if not residue or self.is_syllable(residue):
                    key = residue or orig
                    out[key] = out.get(key, 0.0) + p
                    continue
                out[residue] = out.get(residue, 0.0) + p * (1 - FIX)
                for fixed, q in self.corrections(residue).items():
                    out[fixed] = out.get(fixed, 0.0) + p * FIX * q
        return out


def read_tsv_gz(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


class Model:
    """The shipped model files: syllable inventory, channel index, language model.

    Parsing the gzip'd tables takes about a second; the parsed tables are kept in a per-user
    cache (marshal, keyed by the files' contents and the Python version) so that later
    processes load them in a fraction of that. The cache is derived data: it is rebuilt when
    missing, unreadable or stale, and never shipped or required.
    """

    FILES = ("syllables.tsv.gz", "lm.tsv.gz", "channel.tsv.gz")

    def __init__(self, data_dir: Path):
        cache = _cache_path(data_dir, self.FILES)
        tables = _read_cache(cache)
        if tables is None:
            tables = self._parse(data_dir)
            _write_cache(cache, tables)
        self.channel = Channel(tables["counts"], tables["freq"])
        self.case: dict[str, tuple[int, int]] = tables["case"]
        self.lm = TrigramLM(tables=tables["lm"])
        # garbled form -> [(original, log P(garbled | original), that + log P(original))], best first
        self.index: dict[str, list[tuple[str, float, float]]] = tables["index"]

    @staticmethod
    def _parse(data_dir: Path) -> dict:
        rows = read_tsv_gz(data_dir / "syllables.tsv.gz")
        index = {}
        for row in read_tsv_gz(data_dir / "channel.tsv.gz"):
            fields = " ".join(row[1:]).split(" ")  # original, log P, log P + prior; repeated
            index[row[0]] = list(zip(map(sys.intern, fields[0::3]), map(float, fields[1::3]),
                                     map(float, fields[2::3])))
        return {
            "counts": {r[0]: int(r[1]) for r in rows if r[1] != "0"},
            "freq": {r[0]: int(r[2]) for r in rows},
            "case": {r[0]: (int(r[3]), int(r[4])) for r in rows if r[3] != "0"},
            "lm": TrigramLM(data_dir / "lm.tsv.gz").tables(),
            "index": index,
        }


_CACHE_FORMAT = 1


def _cache_path(data_dir: Path, files: Iterable[str]) -> Path | None:
    """Where the parsed model is cached: DOCGEN_CACHE_DIR ("off": no cache), else the user's
    cache folder; the name carries a hash of the model files and of the Python version."""
    folder = os.environ.get("DOCGEN_CACHE_DIR")
    if folder == "off":
        return None
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "docgen")
    digest = hashlib.sha256(f"{_CACHE_FORMAT} {sys.version_info[:2]} {marshal.version}".encode())
    for name in files:
        try:
            digest.update((data_dir / name).read_bytes())
        except OSError:
            return None
    return Path(folder) / f"ocr-model-{digest.hexdigest()[:20]}.marshal"


def _read_cache(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        tables = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None  # missing or unreadable: parse the files again
    return tables if isinstance(tables, dict) and tables.get("format") == _CACHE_FORMAT else None


def _write_cache(path: Path | None, tables: dict) -> None:
    if path is None:
        return
    from ..io.atomic import atomic_write

    try:
        atomic_write(path, marshal.dumps({**tables, "format": _CACHE_FORMAT}), durable=False)
    except OSError:
        pass  # a read-only home folder: the model still works, it is only parsed every time


@functools.lru_cache(maxsize=2)
def load_model(data_dir: Path | None = None) -> Model:
    """The model, loaded once per process (``data_dir``: another build, for experiments).

    Its millions of small tables live as long as the process: once loaded they are moved out
    of the garbage collector's sight (gc.freeze), so that later collections do not walk them.
    """
    gc.disable()
    try:
        model = Model(data_dir or DATA_DIR)
    finally:
        gc.enable()
    gc.freeze()
    return model


def _has_marks(s: str) -> bool:
    return any(is_marked(c) for c in s)


@functools.lru_cache(maxsize=65536)
def _token_info(text: str) -> tuple[str, bool]:
    """A text token's language-model token (interned, like the model's) and whether it is a word
    (cached: text repeats its words)."""
    return sys.intern(lm_token(text)), not (text[0].isdigit() or (len(text) == 1 and not text.isalpha()))


_TONE_STYLES = {"old": ToneStyleNormalizer("old"), "new": ToneStyleNormalizer("new")}


def _document_style(text: str) -> str:
    """The tone-mark style the text itself uses most ("new": hoà, thuỷ; else "old": hòa, thủy)."""
    new_style = len(_TONE_STYLES["old"].propose(text))  # words an old-style pass would change
    old_style = len(_TONE_STYLES["new"].propose(text))
    return "new" if new_style > old_style else "old"


def _house_style(word: str, style: str = "old") -> str:
    """The inventory holds words in both tone-mark styles ("Thuỷ", "Thủy"); a repair is
    written in the style of the document it goes into (docgen's own, hòa/thủy, when it has none)."""
    return apply_edits(word, _TONE_STYLES[style].propose(word))


class _Token:
    __slots__ = ("end", "is_word", "lm", "start", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.lm, self.is_word = _token_info(text)


class OcrRepairNormalizer:
    """Proposes token edits that undo OCR glyph loss and autocorrect damage."""

    name = "ocr"

    def __init__(self, extra_terms: Iterable[str] = (), data_dir: Path | None = None):
        self.model = load_model(data_dir)
        self.lm = self.model.lm
        from docgen.normalize.legacy import is_syllable  # legacy reads this module's data folder

        self._well_formed = is_syllable
        self.gate_log: list[tuple] | None = None  # (start, written, proposal, posterior, plausibility)
        base = builtin_lexicon()
        self._alt_cache: dict[tuple[str, bool | None], tuple[float, list[tuple[str, float]]]] = {}
        self._column_cache: dict[tuple, list[tuple[str, float]]] = {}
        self._reading_cache: dict[tuple[str, bool | None], tuple[str, ...]] = {}
        self._posterior_cache: dict[tuple, float] = {}
        self.extra = Lexicon.from_terms(extra_terms)
        self.lexicon = base.extended(self.extra.terms) if self.extra.terms else base
        self._builtin_keys = self._phrase_table(base.terms)
        self._extra_keys = self._phrase_table(self.extra.terms)
        lengths: dict[str, set[int]] = {}
        for key in (*self._builtin_keys, *self._extra_keys):
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {w: sorted(ls, reverse=True) for w, ls in lengths.items()}
        # Extra terms: their syllables become candidates, their inner bigrams likely.
        self.extra_alts: dict[str, list[tuple[str, float]]] = {}
        self.boost: dict[tuple[str, str], float] = {}
        for key in self._extra_keys:
            for syl in key:
                if not syl.isalpha():
                    continue
                for garbled, p in self.model.channel.damage(syl).items():
                    if garbled != syl:
                        self.extra_alts.setdefault(garbled, []).append((syl, math.log(p)))
            for a, b in zip(key, key[1:]):
                self.boost[(a, b)] = math.log(0.5)

    @staticmethod
    def _phrase_table(terms: Iterable[str]) -> dict[tuple[str, ...], str]:
        table = {}
        for term in terms:
            key = tuple(lm_token(m.group(0)) for m in TOKEN_RE.finditer(term))
            if key:
                table.setdefault(key, term)
        return table

    # -- language model with the office's terms boosted --------------------------------------
    def _logp(self, u: str, v: str, w: str) -> float:
        lp = self.lm.logp(u, v, w)
        b = self.boost.get((v, w)) if self.boost else None
        return lp if b is None or b < lp else b

    # -- candidates ----------------------------------------------------------------------------
    def _alternatives(self, word: str, cap: bool | None) -> tuple[float, list[tuple[str, float]]]:
        """Channel log-probability of the word as it stands, and the originals that could have
        produced it with theirs (best prior first), without context; cached per word and case
        (``cap``: whether it is capitalised inside a sentence; None: no evidence)."""
        key = (word, cap)
        hit = self._alt_cache.get(key)
        if hit is not None:
            return hit
        ident = math.log(1.0 - HIT) if _has_marks(word) else 0.0
        unigram = self.lm.unigram
        rows = self.model.index.get(word, ())
        if self.extra_alts and word in self.extra_alts:
            rows = sorted([*rows, *((w, lp, lp + unigram(w)) for w, lp in self.extra_alts[word])],
                          key=lambda r: -r[2])
        if cap is not None:
            ident += self._case_logp(word, word, cap)
            rows = sorted(((w, lp + c, prior + c) for w, lp, prior in rows
                           for c in (self._case_logp(word, w, cap),)), key=lambda r: -r[2])
        known = word in self.lm or self.model.channel.is_syllable(word)
        floor = ident + unigram(word) - PLAUSIBLE if known else -math.inf
        hit = (ident, [(w, lp) for w, lp, prior in rows if prior >= floor and w != word][:PRESELECT])
        self._alt_cache[key] = hit
        return hit

    def _bigram(self, v: str, w: str) -> float:
        lp = self.lm.p2.get((v, w))
        if lp is None:
            lp = self.lm.b1.get(v, 0.0) + self.lm.p1.get(w, self.lm.unk)
        b = self.boost.get((v, w)) if self.boost else None
        return lp if b is None or b < lp else b

    def _case_logp(self, word: str, cand: str, cap: bool) -> float:
        """log P(the word's first letter is capitalised (``cap``) or not | original ``cand``),
        for a word inside a sentence: from how often ``cand`` is capitalised there in the corpus."""
        if cand[0] != word[0]:  # the first letter was lost: a capital would be an inner one
            return DROPPED_CAP if cap else 0.0
        mid, ncap = self.model.case.get(cand, (0, 0))
        p = (ncap + CASE_PRIOR_WEIGHT * CASE_PRIOR) / (mid + CASE_PRIOR_WEIGHT)
        return math.log(p if cap else 1.0 - p)

    def _candidates(
        self, prevs: tuple[str, ...], word: str, nexts: tuple[str, ...], cap: bool | None
    ) -> list[tuple[str, float]]:
        """The lattice column of a word: the word itself first, then the alternatives that fit
        some reading of its neighbours (``prevs``/``nexts``: each neighbour and its likeliest
        alternatives) within CONTEXT_MARGIN of the word as it stands. ``cap``: whether the word
        is capitalised inside a sentence (None: at a sentence start or in an all-caps line)."""
        ident, alts = self._alternatives(word, cap)
        if not alts:
            return [(word, 0.0)]
        succ, pred = self.lm.succ, self.lm.pred
        # Score in context only the likeliest alternatives a priori and those that form a
        # bigram seen in training with some reading of a neighbour.
        names = [w for w, _ in alts]
        keep = set(names[:PRIOR_KEEP])
        for p in prevs:
            if p in succ:
                keep.update(filter(succ[p].__contains__, names))
        for n in nexts:
            if n in pred:
                keep.update(filter(pred[n].__contains__, names))
        if self.extra_alts:
            keep.update(w for w, _ in self.extra_alts.get(word, ()))
        if self.boost:
            big = self._bigram

            def fit(w: str) -> float:
                return max(big(p, w) for p in prevs) + max(big(w, n) for n in nexts)
        else:  # the same lookups inlined: this is the hot loop
            b1, p1, unk, empty = self.lm.b1.get, self.lm.p1.get, self.lm.unk, {}
            left = [(succ.get(p, empty), b1(p, 0.0)) for p in prevs]
            right = [(pred.get(n, empty), p1(n, unk)) for n in nexts]

            def fit(w: str) -> float:
                pw = p1(w, unk)
                best_l = -math.inf
                for seen, bp in left:
                    lp = seen.get(w, bp + pw)
                    if lp > best_l:
                        best_l = lp
                bw = b1(w, 0.0)
                best_r = -math.inf
                for seen, pn in right:
                    lp = seen.get(w, bw + pn)
                    if lp > best_r:
                        best_r = lp
                return best_l + best_r

        floor = ident + fit(word) - CONTEXT_MARGIN
        local = sorted(((lp + fit(w), w, lp) for w, lp in alts if w in keep and lp > floor), reverse=True)
        kept = [(w, lp) for sc, w, lp in local[:MAX_ALTS] if sc >= floor]
        return [(word, ident), *kept] if kept else [(word, 0.0)]

    def _readings(self, word: str, fixed: bool, cap: bool | None) -> tuple[str, ...]:
        """A token as it stands and, unless fixed, its likeliest alternatives."""
        if fixed:
            return (word,)
        key = (word, cap)
        hit = self._reading_cache.get(key)
        if hit is None:
            hit = self._reading_cache[key] = (
                word, *(w for w, _ in self._alternatives(word, cap)[1][:NEIGHBOUR_READINGS]))
        return hit

    def _column(self, prevs: tuple[str, ...], word: str, nexts: tuple[str, ...], cap: bool | None):
        """:meth:`_candidates`, cached: administrative text repeats its phrases."""
        key = (prevs, word, nexts, cap)
        col = self._column_cache.get(key)
        if col is None:
            if len(self._column_cache) > COLUMN_CACHE:
                self._column_cache.clear()
            col = self._column_cache[key] = self._candidates(prevs, word, nexts, cap)
        return col

    def _protected(self, words: list[str]) -> set[int]:
        """Positions inside an office term, or inside a multi-syllable built-in term."""
        out: set[int] = set()
        n = len(words)
        for i in range(n):
            for L in self._lengths.get(words[i], ()):
                if i + L > n:
                    continue
                key = tuple(words[i:i + L])
                if key in self._extra_keys or (L >= PROTECT_MIN_SYLLABLES and key in self._builtin_keys):
                    out.update(range(i, i + L))
                    break
        return out

    # -- decoding --------------------------------------------------------------------------------
    def _decode(self, lattice: list[list[tuple[str, float]]], words: list[str]) -> list[int]:
        """Viterbi beam over the lattice; returns the chosen candidate index per position.
        ``words``: the words as they stand, the history before the first ambiguous position."""
        amb = [i for i, cands in enumerate(lattice) if len(cands) > 1]
        # Outside [first ambiguous - 2, last ambiguous + 2] every word is fixed and no trigram
        # there involves a choice: decode only the window.
        lo, hi = max(0, amb[0] - 2), amb[-1] + 3
        window = self._decode_window(lattice[lo:hi], tuple(([BOS, BOS, *words])[lo:lo + 2]), hi >= len(lattice))
        return [0] * lo + window + [0] * max(0, len(lattice) - hi)

    def _decode_window(self, lattice, history: tuple[str, str], final: bool) -> list[int]:
        boost = bool(self.boost)
        logp = self._logp if boost else self.lm.logp
        lm = self.lm
        p3, p2, b2, b1, p1, unk = lm.p3.get, lm.p2.get, lm.b2.get, lm.b1.get, lm.p1.get, lm.unk
        states: dict[tuple[str, str], float] = {history: 0.0}
        trail: list[dict[tuple[str, str], tuple[tuple[str, str], int]]] = []
        for cands in lattice:
            if len(cands) == 1 and len(states) == 1:
                # One path so far and one word here: its probability is the same for every
                # completion, so it cannot change the argmax.
                (h2, h1), sc = next(iter(states.items()))
                states = {(h1, cands[0][0]): sc}
                trail.append({(h1, cands[0][0]): ((h2, h1), 0)})
                continue
            new: dict[tuple[str, str], float] = {}
            back: dict[tuple[str, str], tuple[tuple[str, str], int]] = {}
            for hist, sc in states.items():
                h2, h1 = hist
                if not boost:  # the backoff weights of the history, looked up once
                    bow2, bow1 = b2(hist, 0.0), b1(h1, 0.0)
                for ci, (w, ch) in enumerate(cands):
                    if boost:
                        lp = logp(h2, h1, w)
                    else:  # TrigramLM.logp inlined: this is the hot loop
                        lp = p3((h2, h1, w))
                        if lp is None:
                            lp = p2((h1, w))
                            lp = bow2 + (lp if lp is not None else bow1 + p1(w, unk))
                    s = sc + lp + ch
                    key = (h1, w)
                    if s > new.get(key, NEG_INF):
                        new[key] = s
                        back[key] = (hist, ci)
            if len(new) > 1:
                top = max(new.values()) - BEAM_DELTA
                new = {k: v for k, v in new.items() if v >= top}
                if len(new) > BEAM:
                    new = dict(sorted(new.items(), key=lambda kv: -kv[1])[:BEAM])
            states = new
            trail.append(back)
        best = max(states, key=lambda k: states[k] + (logp(k[0], k[1], EOS) if final else 0.0))
        choice = []
        key = best
        for back in reversed(trail):
            prev, ci = back[key]
            choice.append(ci)
            key = prev
        return choice[::-1]

    def _posterior(self, column: list[tuple[str, float]], ctx: list[str], i: int, chosen: int) -> float:
        """Posterior of the chosen candidate of the column at i with its neighbours fixed to the
        best path (``ctx``: that path with two BOS before and two EOS after)."""
        j = i + 2
        u, v, x, y = ctx[j - 2], ctx[j - 1], ctx[j + 1], ctx[j + 2]
        key = (tuple(column), u, v, x, y, chosen)  # administrative text repeats its phrases
        post = self._posterior_cache.get(key)
        if post is None:
            if len(self._posterior_cache) > COLUMN_CACHE:
                self._posterior_cache.clear()
            logp = self._logp if self.boost else self.lm.logp
            scores = [ch + logp(u, v, w) + logp(v, w, x) + logp(w, x, y) for w, ch in column]
            top = max(scores)
            z = sum(math.exp(s - top) for s in scores)
            post = self._posterior_cache[key] = math.exp(scores[chosen] - top) / z
        return post

    def _split_pieces(self, text: str, sent: list[_Token]) -> set[int]:
        """Positions of the first halves of syllables a good OCR engine split: two words one
        space apart that join into a known syllable: a syllable and a piece that is none
        ("ki nh"), or an onset of two letters or more and a lower-case piece starting with a
        vowel ("Ph òng", "nh ân"). The damage leaves whole words, so a garbled pair rarely
        looks like this ("d án" is "dự án" garbled, not "dán" split)."""
        out: set[int] = set()
        freq = self.model.channel.freq

        def known(w: str) -> bool:  # a syllable of running text, not a stray word-list entry
            return freq.get(w, 0) >= SPLIT_MIN_FREQ

        for i in range(len(sent) - 1):
            a, b = sent[i], sent[i + 1]
            if not (a.is_word and b.is_word and b.start == a.end + 1 and text[a.end] == " "):
                continue
            if i - 1 not in out and known(a.lm + b.lm) and (
                (known(a.lm) and not known(b.lm))
                or (not known(a.lm) and len(a.lm) > 1 and b.text[0].islower() and fold(b.lm[0]) in VOWELS)
            ):
                out.add(i)
        return out

    # -- case -----------------------------------------------------------------------------------
    def _styled(self, word: str) -> str:
        return _house_style(word, getattr(self, "_style", "old"))

    @staticmethod
    def _cased(tok: str, cand: str, at_start: bool, upper_line: bool, canonical: str | None) -> str:
        if (len(tok) > 1 and tok.isupper()) or (tok.isupper() and upper_line):
            return cand.upper()
        first_kept = not is_marked(cand[0]) or tok[0].lower() == cand[0]
        if first_kept:
            cap = tok[0].isupper()
        elif canonical is not None:
            cap = at_start or canonical[:1].isupper()
        else:
            cap = at_start or tok[0].isupper()
        return cand[:1].upper() + cand[1:] if cap else cand

    def _canonical_case(self, words: list[str]) -> dict[int, str]:
        """For positions covered by a lexicon phrase (after repair), the canonical spelling there."""
        out: dict[int, str] = {}
        n = len(words)
        i = 0
        while i < n:
            for L in self._lengths.get(words[i], ()):
                if L < 2 or i + L > n:
                    continue
                key = tuple(words[i:i + L])
                term = self._extra_keys.get(key) or self._builtin_keys.get(key)
                if term:
                    spelled = [m.group(0) for m in TOKEN_RE.finditer(term)]
                    for k, s in enumerate(spelled):
                        out[i + k] = s
                    i += L - 1
                    break
            i += 1
        return out

    # -- public ---------------------------------------------------------------------------------
    def propose(self, text: str) -> list[Edit]:
        self._style = _document_style(text)
        edits: list[Edit] = []
        toks = [_Token(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]
        sentence: list[_Token] = []
        prev_end_tok = "\n"
        for tok in [*toks, None]:
            if tok is not None and tok.text not in SENTENCE_END:
                sentence.append(tok)
                continue
            if sentence:
                edits.extend(self._repair_sentence(text, sentence, prev_end_tok))
            sentence = []
            if tok is not None:
                prev_end_tok = tok.text
        return edits

    def _repair_sentence(self, text: str, sent: list[_Token], prev_end: str) -> list[Edit]:
        split = self._split_pieces(text, sent)
        if split:  # read a split syllable as one word, and take it as right
            joined: list[_Token] = []
            kept: set[int] = set()
            for i, t in enumerate(sent):
                if i in split:
                    kept.add(len(joined))
                    joined.append(_Token(t.start, sent[i + 1].end, t.text + sent[i + 1].text))
                elif i - 1 not in split:
                    joined.append(t)
            sent, split = joined, kept
        words = [t.lm for t in sent]
        protected = self._protected(words)
        letters = [t.text for t in sent if t.is_word]
        upper_line = sum(1 for w in letters if w.isupper() and len(w) > 1) * 2 > len(letters)
        fixed = [
            i in protected or i in split or not t.is_word
            or "/" in (text[t.start - 1:t.start], text[t.end:t.end + 1])  # b/c, V/v, đ/c: abbreviations
            or text[t.start - 1:t.start].isdigit() or text[t.end:t.end + 1].isdigit()  # km2, 20m, B1: units, codes
            or (t.text.isupper() and (
                (not upper_line and len(t.text) > 1)  # an abbreviation: UBND, KCN
                or text[t.end:t.end + 1] in ABBREVIATION_MARKS[len(t.text) < 2:]  # KT. CHỦ TỊCH, QĐ-UBND
                or text[t.start - 1:t.start] in ABBREVIATION_MARKS[1:]  # TĐKT&TT, 125/GM-BQL
            ))
            for i, t in enumerate(sent)
        ]
        starts = [(prev_end if i == 0 else sent[i - 1].text) in CASE_START for i in range(len(sent))]
        caps = [None if starts[i] or upper_line else t.text[0].isupper() for i, t in enumerate(sent)]
        readings = [(BOS,), *(self._readings(t.lm, f, c) for t, f, c in zip(sent, fixed, caps)), (EOS,)]
        # A token read only as itself (fixed, or without alternatives) has a column of one.
        lattice = [
            [(t.lm, 0.0)] if len(readings[i + 1]) == 1 else self._column(readings[i], t.lm, readings[i + 2], caps[i])
            for i, t in enumerate(sent)
        ]
        if all(len(c) == 1 for c in lattice):
            return []
        choice = self._decode(lattice, words)
        if not any(choice):  # every word read as it stands
            return []
        best = [lattice[i][c][0] for i, c in enumerate(choice)]
        canon = self._canonical_case(best)
        ctx = [BOS, BOS, *best, EOS, EOS]
        edits = []
        for i, (t, ci) in enumerate(zip(sent, choice)):
            if ci == 0:
                continue
            new = self._styled(self._cased(t.text, best[i], starts[i], upper_line, canon.get(i)))
            if new == t.text:
                continue
            conf = self._posterior(lattice[i], ctx, i, ci)
            syllable = self.is_syllable(t.lm)
            plaus = self._vouched(sent, i, caps, upper_line) if syllable else ocr_gate.NOT_SYLLABLE
            gated = ocr_gate.gate(conf, written=t.text, proposal=new, plausibility=plaus)
            if self.gate_log is not None:
                self.gate_log.append((t.start, t.text, new, conf, plaus))
            if gated is None:
                continue
            rule = "ocr.lexicon" if i in canon else "ocr.lm"
            edits.append(Edit(t.start, t.end, t.text, new, rule, round(gated, 3)))
        return edits

    def is_syllable(self, word: str) -> bool:
        """Whether a lower-case token is a Vietnamese syllable: in the word list's inventory or
        common in the training text."""
        return self._well_formed(word) and (
            self.model.channel.is_syllable(word) or self.model.channel.freq.get(word, 0) >= SPLIT_MIN_FREQ)

    def _vouched(self, sent: list[_Token], i: int, caps: list[bool | None], upper_line: bool) -> str:
        """How the written token at i, a syllable, is vouched for by its neighbours: NAME, a
        capitalised syllable inside a run of capitalised words ("Công ty TNHH Trong Nam", "Phạm
        Thuỵ Khuê"); WORD, it forms a known word with one of them in the same case ("dân số",
        "Công trình"); else FREE."""
        t = sent[i]
        prev = sent[i - 1] if i > 0 and sent[i - 1].is_word else None
        nxt = sent[i + 1] if i + 1 < len(sent) and sent[i + 1].is_word else None
        up = t.text[0].isupper()

        def same_case(o: _Token | None) -> str | None:
            return o.lm if o is not None and (o.text[0].isupper() == up or upper_line) else None

        if caps[i] and not upper_line and any(o is not None and o.text[0].isupper() for o in (prev, nxt)):
            return ocr_gate.NAME
        if up and not upper_line and t.lm in ocr_gate.family_names() and nxt is not None and nxt.text[0].isupper():
            return ocr_gate.NAME
        if ocr_gate.in_word(same_case(prev), t.lm, same_case(nxt)):
            return ocr_gate.WORD
        return ocr_gate.FREE


def is_syllable(word: str) -> bool:
    """Whether ``word`` (any case) is a Vietnamese syllable: well formed and known."""
    return _normalizer().is_syllable(lm_token(word)) if word and word.isalpha() else False


@functools.lru_cache(maxsize=4)
def _normalizer(extra_terms: tuple[str, ...] = ()) -> OcrRepairNormalizer:
    return OcrRepairNormalizer(extra_terms=extra_terms)


def repair_text(text: str, channel: str | None = None, threshold: float = 0.8,
                extra_terms: tuple[str, ...] = ()) -> str:
    """The text with the OCR repairs at or above ``threshold`` applied."""
    edits = _normalizer(tuple(extra_terms)).propose(text)
    return apply_edits(text, [e for e in edits if e.confidence >= threshold])
