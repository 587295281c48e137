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

import contextlib
import functools
import math
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from docgen.normalize import ocr_channels, ocr_gate
from docgen.normalize.base import Edit, apply_edits
from docgen.normalize.lm import BOS, EOS, Neighbour, WordFits
from docgen.normalize.ocr_model import (  # noqa: F401 -- re-exported: the decoder's vocabulary
    CASE_START,
    DATA_DIR,
    HIT,
    SENTENCE_END,
    TOKEN_RE,
    VOWELS,
    ABBREVIATION_MARKS,
    Channel,
    Model,
    fold,
    is_marked,
    lm_sentences,
    lm_token,
    load_model,
    read_tsv_gz,
)
from docgen.normalize.unicode import ToneStyleNormalizer
from docgen.vi.case import tone_style_counts
from docgen.vi.lexicon import Lexicon, builtin_lexicon
from docgen.vi.syllable import is_syllable as well_formed

BEAM = 6           # lattice states kept per position ...
BEAM_DELTA = 6.0   # ... if within this many nats of the best
COLUMN_CACHE = 200_000  # entries of each memo table of a normalizer (columns, posteriors, words):
# a server keeps its normalizer for months, so each table is emptied when it grows past this
PRIOR_KEEP = 6      # alternatives scored in context even without a seen bigram
PRESELECT = 60      # alternatives scored in context per word
# Alternatives of a neighbour tried when choosing a word's alternatives: of a neighbour that is
# no syllable (reading "c ph" as "cà phê" needs "phê", 8th of "ph", to keep "cà" for "c") and of
# one that is ("có" for "cấp"). Tuned on our held-out texts: 12 for both cost 21 % more
# instructions of a `docgen clean` than 1 for both, for +0.003 over 3 for a syllable (+9 %).
NEIGHBOUR_READINGS, SYLLABLE_READINGS = 12, 8
MAX_ALTS = 4        # candidates per damaged token besides the token itself
PLAUSIBLE = 7.0     # alternatives of a known syllable must be within this many nats a priori ...
CONTEXT_MARGIN = 5.0  # ... and within this many nats with its neighbours' bigrams
CASE_PRIOR, CASE_PRIOR_WEIGHT = 0.1, 2.0  # share of capitalised words inside a sentence, its weight
DROPPED_CAP = math.log(0.02)  # a capital inside a word whose first letter was lost
SLIPS_SEEN = 2  # words showing a common slip that make a text one read by an engine
WRAPS_SEEN = 3  # lines wrapped inside a sentence that do
# On a page read well, a real syllable that lost letters (the glyph channel's damage, an
# earlier OCR or a machine without the marks) is far rarer than garble.py makes it ("đi" for
# "dự", "về" for "để"): its rows count this much less there.
OCR_GLYPH_SYLLABLE = math.log(0.01)
# Weight of the document's own words on the glyph channel (see _doc_bonus; 0.05: held-out
# removal 0.856 -> 0.861, 0.5: 0.869, 1: 0.870 with one more clean word changed, 3: 0.866; on
# our Tesseract renders, tofu and scans, it cost 0.01-0.03, so it is not used there)
DOC_CACHE = 0.5
CONSISTENT = 0.999  # a change this certain vouches for the same change of the same phrase in the text
SIDE_MARGIN = 2.0  # nats: one side of a word preferring it as written (see _vouched_by_context)
PROTECT_MIN_SYLLABLES = 2  # built-in lexicon phrases of this length are taken as right
SPLIT_MIN_FREQ = 3  # training-text frequency that makes a piece of a split word count as a syllable
UNITS = frozenset({"km", "kg", "ha", "cm", "mm", "m", "g", "mg", "ml", "l", "kw", "kwh", "mw", "t", "tr", "đ",
                   "ct", "km2", "m2", "m3", "gb", "mb", "ha."})  # after a number: a unit, as written
# Units that glyph loss also leaves of a common word after a number ("50 t đồng" is "50 tỷ
# đồng" that lost its "ỷ"; "t" for tấn is rare in running text): on a text that shows heavy
# glyph loss the decoder reads them (tuned on our held-out corpus texts).
UNITS_DAMAGED = frozenset({"t"})
# Units that are a unit wherever they stand ("những km đầu") on a text without heavy glyph
# loss (which leaves "km" of "kém", "cm" of "cấm").
UNITS_ALONE = frozenset({"km", "kg", "cm", "mm", "mg", "ml", "kw", "kwh", "mw", "km2", "m2", "m3", "gb", "mb"})
MERGED_MIN = 4      # shortest token taken for two syllables run together ("côngviệc")
MERGED_MIN_LOGP = math.log(0.01)  # ... whose bigram has at least this probability in the LM
MERGE_SEEN, MERGE_UNSEEN = 0.9, 0.6  # confidence of a join/split its context supports, or not
NEG_INF = -math.inf
TOFU_SELF_FLOOR = math.log(0.05)  # a syllable on a page without the glyphs, read as itself at least
_ONE: list[int] = [1]  # the term lengths tried at a position no longer term can start at (_protected)
_NONE: list[int] = []



def _has_marks(s: str) -> bool:
    return any(is_marked(c) for c in s)


@functools.lru_cache(maxsize=65536)
def _token_info(text: str) -> tuple[str, bool]:
    """A text token's language-model token (interned, like the model's) and whether it is a word
    (cached: text repeats its words)."""
    return sys.intern(lm_token(text)), not (text[0].isdigit() or (len(text) == 1 and not text.isalpha()))


@functools.lru_cache(maxsize=4096)
def _term_tokens(term: str) -> tuple[str, ...]:
    """The tokens of a lexicon term as spelled there (cached: a text repeats its terms)."""
    return tuple(m.group(0) for m in TOKEN_RE.finditer(term))


def _share(scores: list[float], k: int) -> float:
    """The share of candidate k in the softmax of the candidates' log scores."""
    top = max(scores)
    return math.exp(scores[k] - top) / sum(math.exp(s - top) for s in scores)


_TONE_STYLES = {"old": ToneStyleNormalizer("old"), "new": ToneStyleNormalizer("new")}


def _document_style(text: str) -> str:
    """The tone-mark style the text itself uses most ("new": hoà, thuỷ; else "old": hòa, thủy)."""
    old_style, new_style = tone_style_counts(text)  # what a new-style pass, an old-style one would change
    return "new" if new_style > old_style else "old"


@functools.lru_cache(maxsize=65536)
def _house_style(word: str, style: str = "old") -> str:
    """The inventory holds words in both tone-mark styles ("Thuỷ", "Thủy"); a repair is
    written in the style of the document it goes into (docgen's own, hòa/thủy, when it has none).
    Cached: a text repeats its repairs."""
    return apply_edits(word, _TONE_STYLES[style].propose(word))


def _wrapped(toks: list[_Token], k: int) -> bool:
    """Whether the newline token at k is a line wrapped inside a sentence: a word or a comma
    before it, a lower-case word after it."""
    if k == 0 or k + 1 >= len(toks):
        return False
    before, after = toks[k - 1], toks[k + 1]
    return (before.is_word or before.text == ",") and after.is_word and after.text[0].islower()


class _Token:
    __slots__ = ("end", "is_word", "lm", "start", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.lm, self.is_word = _token_info(text)


class OcrRepairNormalizer:
    """Proposes token edits that undo OCR glyph loss and autocorrect damage."""

    name = "ocr"

    def __init__(self, extra_terms: Iterable[str] = (), data_dir: Path | None = None, channel: str | None = None):
        self.model = load_model(data_dir)
        self.lm = self.model.lm
        self._well_formed = well_formed
        self.gate_log: list[tuple] | None = None  # (start, written, proposal, posterior, plausibility)
        # the document's channel, whether it shows heavy glyph loss, its text (see document)
        self._doc: tuple[str | None, bool, str | None, bool] = (None, False, None, False)
        self._damaged = False
        self._slipped = False  # the text shows the engine's common mark slips (see _shows_slips)
        self._keyed: list[tuple[Edit, tuple[str, str, str], float, bool]] = []  # see _consistent
        self._style: str | None = "old"
        self._style_of = ""
        self._styled_docs: dict[str, str] = {}
        self._merge_cache: dict[str, int | None] = {}
        self._doc_counts: dict[str, int] = {}
        self._doc_n = 1
        self._doc_counts_of: str | None = None
        self._doc_memo: dict[tuple[str, int], float] = {}
        self._pairs: frozenset[tuple[str, str]] | None = None  # see _term_pairs
        self._syllable_words: dict[str, bool] = {}
        self._residues_of: tuple[str | None, tuple[int, int]] = (None, (0, 0))  # see _residues
        base = builtin_lexicon()
        self.channel = channel  # None: detected for each text
        self._channel = channel or ocr_channels.GLYPH
        # Per channel: alternatives, lattice columns, readings, posteriors (see propose).
        self._caches: dict[str, tuple[dict, dict, dict, dict]] = {}
        self._alt_cache: dict[tuple[str, bool | None], tuple[float, list[tuple[str, float]]]] = {}
        self._column_cache: dict[tuple, list[tuple[str, float]]] = {}
        self._reading_cache: dict[tuple[str, bool | None], tuple[str, ...]] = {}
        self._posterior_cache: dict[tuple, float] = {}
        self._neighbours: dict[tuple[str, ...], Neighbour] = {}  # see _neighbour
        # Per channel: the columns' words and the halves of their fits (see _sides).
        self._side_caches: dict[str, tuple[dict[tuple[str, bool | None], tuple[WordFits, list[int], int]],
                                           dict[tuple, tuple[list[float], int]],
                                           dict[tuple, tuple[list[float], int]]]] = {}
        self.extra = Lexicon.from_terms(extra_terms)
        self.lexicon = base.extended(self.extra.terms) if self.extra.terms else base
        self._builtin_keys = self._phrase_table(base.terms)
        self._extra_keys = self._phrase_table(self.extra.terms)
        lengths: dict[str, set[int]] = {}
        for key in (*self._builtin_keys, *self._extra_keys):
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {w: sorted(ls, reverse=True) for w, ls in lengths.items()}
        # the first two syllables of every term of two or more: a position whose pair is not
        # among them can start only a one-syllable term (most positions, looked up once)
        self._heads = frozenset(key[:2] for key in (*self._builtin_keys, *self._extra_keys) if len(key) > 1)
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
        table: dict[tuple[str, ...], str] = {}
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

    def _scorer(self, u: str, v: str):
        """w -> :meth:`_logp` (u, v, w): the LM's scorer with the office's terms boosted."""
        base, boost = self.lm.scorer(u, v), self.boost

        def score(w: str) -> float:
            lp = base(w)
            b = boost.get((v, w))
            return lp if b is None or b < lp else b
        return score

    def path_logp(self, words: list[str]) -> float:
        """log P of a sentence of LM tokens as the decoder scores it (<s> <s> words </s>)."""
        scorer = self._scorer if self.boost else self.lm.scorer
        toks = [BOS, BOS, *words, EOS]
        return sum(scorer(toks[i - 2], toks[i - 1])(toks[i]) for i in range(2, len(toks)))

    # -- candidates ----------------------------------------------------------------------------
    def _alternatives(self, word: str, cap: bool | None) -> tuple[float, list[tuple[str, float]]]:
        """Channel log-probability of the word as it stands, and the originals that could have
        produced it with theirs (best prior first), without context; cached per word and case
        (``cap``: whether it is capitalised inside a sentence; None: no evidence)."""
        key = (word, cap)
        hit = self._alt_cache.get(key)
        if hit is not None:
            return hit
        unigram = self.lm.unigram
        ident, rows = self._channel_rows(word)
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
        if len(self._alt_cache) > COLUMN_CACHE:
            self._alt_cache.clear()
        self._alt_cache[key] = hit
        return hit

    def _channel_rows(self, word: str) -> tuple[float, list[tuple[str, float, float]]]:
        """The active channel's log P(word | word), and its rows (original, log P(word |
        original), that + the original's log unigram), best first."""
        glyph_ident = math.log(1.0 - HIT) if _has_marks(word) else 0.0
        glyph_rows = self.model.index.get(word, [])
        if self._channel == ocr_channels.GLYPH:
            return glyph_ident, glyph_rows
        unigram = self.lm.unigram
        syllable = self.is_syllable(word)
        if self._channel == ocr_channels.TOFU:
            tofu = self.model.tofu
            ident = max(tofu.logp(word, word), TOFU_SELF_FLOOR) if syllable else 0.0
            rows = [(o, lp, lp + unigram(o)) for o, lp in tofu.candidates(word)]
        else:
            # Real glyphs read well: a mark read as another, and (OCR'd earlier, or typed on a
            # machine that lost them) marked letters lost; the better of the two per original.
            confusion = self.model.confusion
            ident = confusion.identity(word) if syllable else glyph_ident
            best = {o: (o, lp, prior) for o, lp, prior in glyph_rows}
            for o, lp in confusion.candidates(word):
                if o not in best or best[o][1] < lp:
                    best[o] = (o, lp, lp + unigram(o))
            rows = list(best.values())
        return ident, sorted(rows, key=lambda r: -r[2])

    def _is_damaged(self, text: str, channel: str) -> bool:
        """Whether the text shows heavy glyph loss: a real word there is more often a damaged
        one, and the gate asks less (ocr_gate.NEEDED_DAMAGED)."""
        if channel != ocr_channels.GLYPH:
            return False
        bad, n = self._residues(text)
        # only residues glyph loss leaves count ("Vn", "nghip", not "Smith"), and a share of a
        # few words is no evidence
        return bad >= ocr_gate.DAMAGED_MIN and bad >= ocr_gate.DAMAGED_SHARE * max(1, n)

    def _shows_slips(self, text: str, channel: str) -> bool:
        """Whether a text of the ``ocr`` channel was read by an engine, which makes the common
        mark slips: its lines are wrapped inside sentences (at least WRAPS_SEEN), or at least
        SLIPS_SEEN words are no syllable but become one by undoing such a slip ("triến",
        "biếu"). Typed text shows neither; there a real syllable read as another ("đế" for
        "để") needs the evidence of a rare slip."""
        if channel != ocr_channels.OCR:
            return False
        if ocr_channels.wrapped_lines(text) >= WRAPS_SEEN:
            return True
        return ocr_channels.slip_count(
            text, self._written_syllable, self.model.confusion, SLIPS_SEEN) >= SLIPS_SEEN

    def channel_of(self, text: str) -> str:
        """The damage channel the text shows (see docgen.normalize.ocr_channels.detect)."""
        return self.channel or ocr_channels.detect(text, self._residues(text))

    def _residues(self, text: str) -> tuple[int, int]:
        """ocr_channels.residues of the text, residues being those the damage index explains,
        remembered for the last text: the channel's detection and :meth:`_is_damaged` both
        count them over the whole document."""
        if self._residues_of[0] != text:
            index = self.model.index
            counts = ocr_channels.residues(text, self._written_syllable, lambda w: lm_token(w) in index)
            self._residues_of = (text, counts)
        return self._residues_of[1]

    def _written_syllable(self, word: str) -> bool:
        """:meth:`is_syllable` of a written word (any case), remembered: the channel's detection
        asks it of every word of a document, and a text repeats its words."""
        hit = self._syllable_words.get(word)
        if hit is None:
            if len(self._syllable_words) > COLUMN_CACHE:
                self._syllable_words.clear()
            hit = self._syllable_words[word] = self.is_syllable(lm_token(word))
        return hit

    def _bigram(self, v: str, w: str) -> float:
        lp = self.lm.bigram(v, w)
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
        is capitalised inside a sentence (None: at a sentence start or in an all-caps line).

        Scored in context are the likeliest alternatives a priori, an office's terms and those
        that form a bigram seen in training with some reading of a neighbour; their fit is the
        best bigram with a previous reading plus the best with a next one (see :meth:`_sides`)."""
        ident, alts = self._alternatives(word, cap)
        if not alts:
            return [(word, 0.0)]
        if self._channel == ocr_channels.OCR and self.is_syllable(word):
            alts = self._read_well(word, alts, prevs, nexts)
        at, left, right, keep = self._sides(prevs, word, nexts, cap)
        if self.boost:  # the office's terms raise their bigrams: each pair is scored by itself
            big = self._bigram

            def fit(w: str) -> float:
                return max(big(p, w) for p in prevs) + max(big(w, n) for n in nexts)

            floor = ident + fit(word) - CONTEXT_MARGIN
            local = sorted([(lp + fit(w), w, lp) for (w, lp), k in zip(alts, at) if keep >> k & 1 and lp > floor],
                           reverse=True)
        else:  # the hot loop: the word is words[0] of the fits
            floor = ident + (left[0] + right[0]) - CONTEXT_MARGIN
            local = [(lp + (left[k] + right[k]), w, lp) for (w, lp), k in zip(alts, at) if keep >> k & 1 and lp > floor]
            local.sort(reverse=True)
        kept = [(w, lp) for sc, w, lp in local[:MAX_ALTS] if sc >= floor]
        return [(word, ident), *kept] if kept else [(word, 0.0)]

    def _sides(self, prevs: tuple[str, ...], word: str, nexts: tuple[str, ...], cap: bool | None
               ) -> tuple[list[int], list[float], list[float], int]:
        """The two halves of a column's fit, each cached apart (a word's previous readings repeat
        with other next ones, and the other way round), over the words of the column's
        :class:`WordFits` (the word, then its alternatives, each once): the position there of
        each alternative; each word's best log P(w | p) over ``prevs``; its best log P(n | w)
        over ``nexts``; the bit mask of the alternatives scored in context (the PRIOR_KEEP
        likeliest a priori, an office's terms, those seen after some p or before some n)."""
        tables, after, before = self._side_caches.setdefault(self._channel, ({}, {}, {}))
        table = tables.get((word, cap))
        if table is None:
            alts = self._alternatives(word, cap)[1]
            fits = WordFits(self.lm, [word, *(w for w, _ in alts)])
            likely = 0  # the bits of the PRIOR_KEEP likeliest alternatives and of an office's terms
            for w, _ in (*alts[:PRIOR_KEEP], *self.extra_alts.get(word, ())):
                if w in fits.index:
                    likely |= 1 << fits.index[w]
            if len(tables) > COLUMN_CACHE:
                tables.clear()
            table = tables[(word, cap)] = (fits, [fits.index[w] for w, _ in alts], likely)
        fits, at, likely = table
        left = after.get((prevs, word, cap))
        if left is None:
            if len(after) > COLUMN_CACHE:
                after.clear()
            left = after[(prevs, word, cap)] = fits.after(self._neighbour(prevs))
        right = before.get((word, nexts, cap))
        if right is None:
            if len(before) > COLUMN_CACHE:
                before.clear()
            right = before[(word, nexts, cap)] = fits.before(self._neighbour(nexts))
        return at, left[0], right[0], likely | left[1] | right[1]

    def _neighbour(self, readings: tuple[str, ...]) -> Neighbour:
        """TrigramLM.neighbour, cached: a token's readings are the previous ones of the next
        token's column and the next ones of the previous token's."""
        hit = self._neighbours.get(readings)
        if hit is None:
            if len(self._neighbours) > COLUMN_CACHE:
                self._neighbours.clear()
            hit = self._neighbours[readings] = self.lm.neighbour(readings)
        return hit

    def _read_well(self, word: str, alts: list[tuple[str, float]], prevs: tuple[str, ...],
                   nexts: tuple[str, ...]) -> list[tuple[str, float]]:
        """The alternatives of a syllable on a page read well: one that differs from it by more
        than its marks (a letter lost: "đi" for "dự") counts OCR_GLYPH_SYLLABLE less, unless it
        completes an office term with a reading of a neighbour ("Khi thi đua" -> "Khối")."""
        pairs = self._term_pairs()
        base = fold(word)
        return [(w, lp if fold(w) == base or any((p, w) in pairs for p in prevs)
                 or any((w, n) in pairs for n in nexts) else lp + OCR_GLYPH_SYLLABLE)
                for w, lp in alts]

    def _term_pairs(self) -> frozenset[tuple[str, str]]:
        """Adjacent syllables inside the lexicon's multi-syllable terms."""
        if self._pairs is None:
            self._pairs = frozenset((a, b) for key in (*self._builtin_keys, *self._extra_keys)
                                    for a, b in zip(key, key[1:]))
        return self._pairs

    def _readings(self, word: str, fixed: bool, cap: bool | None) -> tuple[str, ...]:
        """A token as it stands and, unless fixed, its likeliest alternatives."""
        if fixed:
            return (word,)
        key = (word, cap)
        hit = self._reading_cache.get(key)
        if hit is None:
            if len(self._reading_cache) > COLUMN_CACHE:
                self._reading_cache.clear()
            hit = self._reading_cache[key] = (
                word, *(w for w, _ in self._alternatives(word, cap)[1][
                    :NEIGHBOUR_READINGS if not self.is_syllable(word) else SYLLABLE_READINGS]))
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
        lengths, heads = self._lengths, self._heads
        for i in range(n):
            ls = lengths.get(words[i])
            if ls is None:
                continue
            if i + 1 >= n or (words[i], words[i + 1]) not in heads:
                ls = _ONE if ls[-1] == 1 else _NONE
            for L in ls:
                if i + L > n:
                    continue
                key = tuple(words[i:i + L])
                if key in self._extra_keys or (L >= PROTECT_MIN_SYLLABLES and key in self._builtin_keys):
                    out.update(range(i, i + L))
                    break
        return out

    # -- decoding --------------------------------------------------------------------------------
    def _decode(self, lattice: list[list[tuple[str, float]]],
                words: list[str]) -> tuple[list[int], dict[int, list[float]]]:
        """The chosen candidate index per position, and the candidates' scores of the positions
        settled alone between two fixed words on each side (those :meth:`_posterior` needs
        again). ``words``: the words as they stand.

        In a trigram model two fixed words in a row cut the lattice into independent pieces:
        each island of ambiguous positions (with fewer than two fixed words between them) is
        decoded alone with the two words before it as history. An island of one position, the
        usual case, is settled exactly by scoring its few candidates with their three trigrams;
        longer ones by a Viterbi beam."""
        n = len(lattice)
        amb = [i for i, cands in enumerate(lattice) if len(cands) > 1]
        choice = [0] * n
        scored: dict[int, list[float]] = {}
        padded = [BOS, BOS, *words, EOS]
        k = 0
        while k < len(amb):
            j = k
            while j + 1 < len(amb) and amb[j + 1] - amb[j] <= 2:
                j += 1
            first, last = amb[k], amb[j]
            if first == last:
                # its candidates scored with their three trigrams (the words after it: the
                # next two, or the one before the end); the first best wins
                after = padded[first + 3:first + 5]
                scores = self._island_scores(lattice[first], padded[first], padded[first + 1], after)
                choice[first] = scores.index(max(scores))
                if len(after) == 2:  # the very scores of its posterior (see _posterior)
                    scored[first] = scores
            else:
                hi = min(n, last + 3)
                window = self._decode_window(lattice[first:hi], (padded[first], padded[first + 1]), hi >= n)
                choice[first:hi] = window
            k = j + 1
        return choice, scored

    def _island_scores(self, cands: list[tuple[str, float]], u: str, v: str, after: list[str]) -> list[float]:
        """Each candidate's channel score plus its trigram after ``u v`` and the trigrams of the
        fixed words ``after`` (none, one or two) that follow it (TrigramLM.island_scores, with
        the office's terms boosted)."""
        if not self.boost:
            return self.lm.island_scores(u, v, cands, after)
        logp, out = self._logp, []
        for w, ch in cands:
            s = ch + logp(u, v, w)
            if after:
                s += logp(v, w, after[0])
                if len(after) > 1:
                    s += logp(w, after[0], after[1])
            out.append(s)
        return out

    def _decode_window(self, lattice, history: tuple[str, str], final: bool) -> list[int]:
        logp = self._logp if self.boost else self.lm.logp
        scorer = self._scorer  # with the office's terms boosted; else the LM's scorer, inline
        boosted, context, unigram, unk = bool(self.boost), self.lm.context, self.lm.p1.get, self.lm.unk
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
                if boosted:
                    score = scorer(h2, h1)  # the history's back-off weights looked up once
                    for ci, (w, ch) in enumerate(cands):
                        s = sc + score(w) + ch
                        key = (h1, w)
                        if s > new.get(key, NEG_INF):
                            new[key] = s
                            back[key] = (hist, ci)
                    continue
                p3, p2, bow2, bow21 = context(h2, h1)  # the LM's scorer, inline: the hot loop
                for ci, (w, ch) in enumerate(cands):
                    lp = p3(w)
                    if lp is None:
                        lp = p2(w)
                        lp = bow2 + lp if lp is not None else bow21 + unigram(w, unk)
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

    def _posterior(self, column: list[tuple[str, float]], ctx: list[str], i: int, chosen: int,
                   scores: list[float] | None = None) -> float:
        """Posterior of the chosen candidate of the column at i with its neighbours fixed to the
        best path (``ctx``: that path with two BOS before and two EOS after); ``scores``: the
        candidates' scores in that very context, when the decoder has them already."""
        if scores is not None:
            return _share(scores, chosen)
        j = i + 2
        u, v, x, y = ctx[j - 2], ctx[j - 1], ctx[j + 1], ctx[j + 2]
        key = (tuple(column), u, v, x, y, chosen)  # administrative text repeats its phrases
        post = self._posterior_cache.get(key)
        if post is None:
            if len(self._posterior_cache) > COLUMN_CACHE:
                self._posterior_cache.clear()
            post = self._posterior_cache[key] = _share(self._island_scores(column, u, v, [x, y]), chosen)
        return post

    def _split_pieces(self, text: str, sent: list[_Token]) -> set[int]:
        """Positions of the first halves of syllables a good OCR engine split: two words one
        space apart that join into a known syllable: a syllable and a piece that is none
        ("ki nh"), or an onset of two letters or more and a lower-case piece starting with a
        vowel ("Ph òng", "nh ân"). The damage leaves whole words, so a garbled pair rarely
        looks like this ("d án" is "dự án" garbled, not "dán" split)."""
        out: set[int] = set()
        freq = self.model.channel.freq

        well_formed = self._well_formed

        def known(w: str) -> bool:  # a syllable of running text, not a stray word-list entry or "kh"
            return freq.get(w, 0) >= SPLIT_MIN_FREQ and well_formed(w)

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
        if self._style is None:  # read from the text only when a repair is written into it
            style = self._styled_docs.get(self._style_of)
            if style is None:
                if len(self._styled_docs) > 64:
                    self._styled_docs.clear()
                style = self._styled_docs[self._style_of] = _document_style(self._style_of)
            self._style = style
        return _house_style(word, self._style)

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
        """For positions covered by a lexicon phrase (after repair), the canonical spelling there:
        the longest term at the first position that starts one, then on after it."""
        out: dict[int, str] = {}
        n, lengths, heads = len(words), self._lengths, self._heads
        free = 0  # the first position that no term found so far covers
        # only a pair that starts a term of two or more can start one
        for i in [i for i, pair in enumerate(zip(words, words[1:])) if pair in heads]:
            if i < free:
                continue
            for L in lengths[words[i]]:
                if L < 2 or i + L > n:
                    continue
                key = tuple(words[i:i + L])
                term = self._extra_keys.get(key) or self._builtin_keys.get(key)
                if term:
                    for k, s in enumerate(_term_tokens(term)):
                        out[i + k] = s
                    free = i + L
                    break
        return out

    # -- public ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def document(self, text: str) -> Iterator[None]:
        """Within it, :meth:`propose` reads each paragraph of the document ``text`` with the damage
        channel and tone-mark style of the whole document (see pipeline.document_scope)."""
        before = self._doc
        channel = self.channel or self.channel_of(text)
        self._doc = (channel, self._is_damaged(text, channel), text, self._shows_slips(text, channel))
        try:
            yield
        finally:
            self._doc = before

    def propose(self, text: str, channel: str | None = None) -> list[Edit]:
        """The repairs of ``text``; ``channel``: the damage it shows (GLYPH, TOFU or OCR of
        docgen.normalize.ocr_channels), detected from the text (or the document, see
        :meth:`document`) when not given."""
        doc_channel, doc_damaged, doc_text, doc_slipped = self._doc
        self._style_of = doc_text if doc_text is not None else text
        self._style = None
        self._channel = channel or doc_channel or self.channel_of(text)
        self._damaged = doc_damaged if doc_text is not None else self._is_damaged(text, self._channel)
        self._slipped = doc_slipped if doc_text is not None else self._shows_slips(text, self._channel)
        (self._alt_cache, self._column_cache, self._reading_cache,
         self._posterior_cache) = self._caches.setdefault(self._channel, ({}, {}, {}, {}))
        edits: list[Edit] = []
        self._keyed = []
        self._set_doc_counts(self._style_of)
        token_re = ocr_channels.TOFU_TOKEN_RE if self._channel == ocr_channels.TOFU else TOKEN_RE
        toks = [_Token(m.start(), m.end(), m.group(0)) for m in token_re.finditer(text)]
        sentence: list[_Token] = []
        prev_end_tok = "\n"
        for k, tok in enumerate([*toks, None]):
            if tok is not None and tok.text == "\n" and _wrapped(toks, k):
                continue  # a hard line wrap inside a sentence: the sentence goes on
            if tok is not None and tok.text not in SENTENCE_END:
                sentence.append(tok)
                continue
            if sentence:
                edits.extend(self._repair_sentence(text, sentence, prev_end_tok))
            sentence = []
            if tok is not None:
                prev_end_tok = tok.text
        return self._consistent(edits)

    def _repair_sentence(self, text: str, sent: list[_Token], prev_end: str) -> list[Edit]:
        # Split and merged words are real OCR's slips on real glyphs; on a text with lost
        # glyphs a residue next to a word ("Bà ng", "có t") is a damaged word, not a piece.
        split = self._split_pieces(text, sent) if self._channel == ocr_channels.OCR else set()
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
        starts: list[bool] = []
        caps: list[bool | None] = []
        readings: list[tuple[str, ...]] = [(BOS,)]
        reading_cache, read = self._reading_cache, self._readings
        prev_text = prev_end
        for i, t in enumerate(sent):
            tok = t.text
            start = prev_text in CASE_START
            prev_text = tok
            cap = None if start or upper_line else tok[0].isupper()
            starts.append(start)
            caps.append(cap)
            if not t.is_word or i in protected or i in split:
                readings.append((t.lm,))
                continue
            hit = reading_cache.get((t.lm, cap))
            if hit is not None and len(hit) == 1:  # no other reading: read as it stands anyway
                readings.append(hit)
                continue
            before, after = text[t.start - 1:t.start], text[t.end:t.end + 1]
            if (t.lm in UNITS and i > 0 and sent[i - 1].lm == "<num>"  # 50 km, 3 ha: a unit
                    and not (self._damaged and t.lm in UNITS_DAMAGED)) or (
                    t.lm in UNITS_ALONE and not self._damaged):
                readings.append((t.lm,))
                continue
            if (before == "/" or after == "/"  # b/c, V/v, đ/c: abbreviations
                    or before.isdigit() or after.isdigit()  # km2, 20m, B1: units, codes
                    or (tok.isupper() and (
                        (not upper_line and len(tok) > 1)  # an abbreviation: UBND, KCN
                        or after in ABBREVIATION_MARKS[len(tok) < 2:]  # KT. CHỦ TỊCH, QĐ-UBND
                        or before in ABBREVIATION_MARKS[1:]))):  # TĐKT&TT, 125/GM-BQL
                readings.append((t.lm,))
                continue
            readings.append(hit if hit is not None else read(t.lm, False, cap))
        readings.append((EOS,))
        # A token read only as itself (fixed, or without alternatives) has a column of one.
        lattice = [
            [(t.lm, 0.0)] if len(readings[i + 1]) == 1 else self._column(readings[i], t.lm, readings[i + 2], caps[i])
            for i, t in enumerate(sent)
        ]
        if DOC_CACHE and self._channel == ocr_channels.GLYPH:
            bonus = self._doc_bonus
            lattice = [col if len(col) == 1 else [(w, ch + bonus(w, w == t.lm)) for w, ch in col]
                       for col, t in zip(lattice, sent)]
        edits = self._layout_edits(text, sent, split, readings)
        if all(len(c) == 1 for c in lattice):
            return edits
        choice, scored = self._decode(lattice, words)
        if not any(choice):  # every word read as it stands
            return edits
        best = [lattice[i][c][0] for i, c in enumerate(choice)]
        canon = self._canonical_case(best)
        written: dict[int, str] | None = None  # the terms the words as written form, when first asked

        def restored_at(k: int) -> bool:
            """Whether the reading at k completes an office term (a title, an agency) that the
            words as written do not form: the lexicon settles the syllable, not the capitals
            around it."""
            nonlocal written
            if k not in canon:
                return False
            if written is None:
                written = self._canonical_case(words)
            return k not in written

        ctx = [BOS, BOS, *best, EOS, EOS]
        for i, (t, ci) in enumerate(zip(sent, choice)):
            if ci == 0:
                continue
            new = self._styled(self._cased(t.text, best[i], starts[i], upper_line, canon.get(i)))
            if new == t.text:
                continue
            conf = self._posterior(lattice[i], ctx, i, ci, scored.get(i))
            syllable = self.is_syllable(t.lm)
            plaus = self._vouched(sent, i, caps, upper_line) if syllable else ocr_gate.NOT_SYLLABLE
            if (plaus == ocr_gate.NOT_SYLLABLE and not self._damaged and caps[i]
                    and self._channel != ocr_channels.TOFU and self._in_person_name(sent, i)):
                plaus = ocr_gate.NAME  # "Bà Vàng Thị Sy": a given name we do not list is kept
            if (self._channel == ocr_channels.OCR and plaus in (ocr_gate.FREE, ocr_gate.WORD)
                    and fold(t.lm) == fold(best[i])):
                # On a well-read page a syllable misread as another ("để" -> "đế") needs more
                # evidence, and a known word misread as another known word ("tỉnh" / "tinh",
                # "khoá học" / "khoa học") all but certainty.
                # When the reading forms a known word with the same neighbours as well ("khoá
                # học" / "khoa học"), context cannot settle it: a suggestion only.
                if plaus == ocr_gate.FREE:
                    # a slip the engine makes all the time ("đế" for "để") needs what a free
                    # syllable needs; a rare one ("khoá" for "khoa") more
                    slip = self._slipped and self.model.confusion.common_slip(t.lm, best[i])
                    plaus = ocr_gate.FREE if slip else ocr_gate.FREE_READ
                elif self._in_word_at(sent, i, best[i]):
                    plaus = ocr_gate.NAME
                else:
                    plaus = ocr_gate.WORD_READ
            if plaus == ocr_gate.NAME and ((self._damaged and self._name_restored(sent, best, i))
                                           or restored_at(i)):
                # a name restored, or an office term ("Tống Giám đốc" -> "Tổng Giám đốc")
                plaus = ocr_gate.WORD_READ if self._channel == ocr_channels.OCR else ocr_gate.WORD
            if (self._channel == ocr_channels.OCR and plaus in (ocr_gate.FREE, ocr_gate.FREE_READ)
                    and not restored_at(i)
                    and (self._vouched_by_context(best, i, t.lm) or fold(t.lm) != fold(best[i]))):
                # On real glyphs read well (or typed text) a real word the language model vouches
                # for where it stands, or that would change by more than its marks ("về" -> "để",
                # "tháng" -> "thông"), needs what a syllable in a known word needs, unless the
                # reading completes an office term ("Khi thi đua").
                plaus = ocr_gate.WORD
            gated = ocr_gate.gate(conf, written=t.text, proposal=new, plausibility=plaus, damaged=self._damaged)
            if self.gate_log is not None:
                self.gate_log.append((t.start, t.text, new, conf, plaus))
            if gated is None:
                continue
            rule = "ocr.lexicon" if i in canon else "ocr.lm"
            edits.append(Edit(t.start, t.end, t.text, new, rule, round(gated, 3)))
            nxt = sent[i + 1].lm if i + 1 < len(sent) else EOS
            # kept for _consistent: held back by the gate (not in a name), or applied
            self._keyed.append((edits[-1], (t.text, new, nxt), conf, gated < conf and plaus != ocr_gate.NAME))
        return edits

    def _set_doc_counts(self, doc: str) -> None:
        """The document's own words as written (syllables only: a residue is no evidence), for
        :meth:`_doc_bonus`; counted once per document."""
        if not DOC_CACHE or self._channel != ocr_channels.GLYPH or self._doc_counts_of is doc:
            return
        counts: dict[str, int] = {}
        n = 0
        for tok, k in Counter(TOKEN_RE.findall(doc)).items():  # each distinct token once
            if tok.isalpha() and self._written_syllable(tok):
                w = _token_info(tok)[0]
                counts[w] = counts.get(w, 0) + k
                n += k
        self._doc_counts, self._doc_n, self._doc_counts_of = counts, max(n, 1), doc
        self._doc_memo = {}

    def _doc_bonus(self, w: str, written: bool) -> float:
        """log of how much likelier ``w`` is in this document than the language model's unigram
        makes it (a unigram cache interpolated with the LM, leave-one-out for the written word):
        a document about coffee repeats "phê" intact elsewhere."""
        c = self._doc_counts.get(w, 0) - written
        if c <= 0:
            return 0.0
        hit = self._doc_memo.get((w, c))
        if hit is None:
            hit = self._doc_memo[(w, c)] = math.log1p(DOC_CACHE * c / (self._doc_n * math.exp(self.lm.unigram(w))))
        return hit

    def _consistent(self, edits: list[Edit]) -> list[Edit]:
        """One reading per phrase in a text: a change the gate held back gets its own posterior
        back when the same written word before the same next word is changed to the same
        reading elsewhere in the text with near certainty (CONSISTENT): "(Ảnh: Khi thi đua"
        where twenty other "Khi thi đua" became "Khối thi đua"."""
        keyed, self._keyed = self._keyed, []
        sure = {key for e, key, _c, held in keyed if not held and e.confidence >= CONSISTENT}
        lifted = {id(e): c for e, key, c, held in keyed if held and key in sure}
        if not lifted:
            return edits
        return [Edit(e.start, e.end, e.old, e.new, e.rule, round(lifted[id(e)], 3)) if id(e) in lifted else e
                for e in edits]

    def _layout_edits(self, text: str, sent: list[_Token], split: set[int],
                      readings: list[tuple[str, ...]]) -> list[Edit]:
        """Split and merged words of real OCR, undone: a syllable split in two ("Ph òng",
        "kh en", found by :meth:`_split_pieces`) is joined, and a token that is no syllable and
        has no other reading but is two syllables run together ("côngviệc") is split, where the
        language model and the word list agree (see :meth:`_merged_at`)."""
        if self._channel != ocr_channels.OCR:
            return []
        lm, edits = self.lm, []
        for i, t in enumerate(sent):
            prev = sent[i - 1].lm if i > 0 else BOS
            nxt = sent[i + 1].lm if i + 1 < len(sent) else EOS
            if i in split:
                seen = t.lm in lm.successors(prev) or t.lm in lm.predecessors(nxt)
                edits.append(Edit(t.start, t.end, text[t.start:t.end], t.text, "ocr.split",
                                  MERGE_SEEN if seen else MERGE_UNSEEN))
                continue
            if len(readings[i + 1]) != 1 or not t.is_word or len(t.lm) < MERGED_MIN or t.lm in lm:
                continue
            at = self._merged_at(t.lm)
            if at is None or (t.text.isupper() and len(t.text) > 1) or t.text[at:at + 1].isupper():
                continue
            a, b = t.lm[:at], t.lm[at:]
            known = (a, b) in ocr_gate.word_pairs() or ocr_gate.in_word(None, a, b)
            fits = a in lm.successors(prev) or b in lm.predecessors(nxt)
            if not (known and fits):
                continue
            conf = MERGE_SEEN
            edits.append(Edit(t.start, t.end, t.text, t.text[:at] + " " + t.text[at:], "ocr.merge", conf))
        return edits

    def _merged_at(self, word: str) -> int | None:
        """Where the lower-case ``word``, no syllable, splits into two common syllables whose
        bigram the language model has seen often enough (the likeliest such split), or None."""
        hit = self._merge_cache.get(word, -1)
        if hit != -1:
            return hit
        freq, best, best_lp = self.model.channel.freq, None, MERGED_MIN_LOGP
        for k in range(1, len(word)):
            a, b = word[:k], word[k:]
            if freq.get(a, 0) < SPLIT_MIN_FREQ or freq.get(b, 0) < SPLIT_MIN_FREQ:
                continue
            if not (self.is_syllable(a) and self.is_syllable(b)):
                continue
            lp = self.lm.successors(a).get(b)
            if lp is not None and lp > best_lp:
                best, best_lp = k, lp
        if len(self._merge_cache) > COLUMN_CACHE:
            self._merge_cache.clear()
        self._merge_cache[word] = best
        return best

    def is_syllable(self, word: str) -> bool:
        """Whether a lower-case token is a Vietnamese syllable: in the word list's inventory or
        common in the training text."""
        return self._well_formed(word) and (
            self.model.channel.is_syllable(word) or self.model.channel.freq.get(word, 0) >= SPLIT_MIN_FREQ)

    def _vouched_by_context(self, best: list[str], i: int, written: str) -> bool:
        """Whether the language model vouches for the written syllable where it stands, as a
        word list vouches for a compound: it was seen after the word before AND before the word
        after ("sinh và gây"), or one side prefers it by SIDE_MARGIN while only the other side
        prefers the reading ("11 tháng qua": "11 tháng" against "thông qua")."""
        lm, read = self.lm, best[i]
        prev = best[i - 1] if i > 0 else BOS
        nxt = best[i + 1] if i + 1 < len(best) else EOS
        if written in lm.successors(prev) and nxt in lm.successors(written):
            return True
        left = lm.bigram(prev, written) - lm.bigram(prev, read)
        right = lm.bigram(written, nxt) - lm.bigram(read, nxt)
        return (left >= SIDE_MARGIN and right < 0) or (right >= SIDE_MARGIN and left < 0)

    @staticmethod
    def _in_person_name(sent: list[_Token], i: int) -> bool:
        """Whether the token at i lies in a person's name (docgen.vi.names.person_name_spans:
        known family and middle names, and after an honorific any well-formed given name)."""
        from docgen.vi import names

        toks: list[str] = []
        at = -1
        for k, t in enumerate(sent):
            if t.is_word or not toks:
                if k == i:
                    at = len(toks)
                toks.append(t.text)
            else:
                toks[-1] += t.text  # punctuation sticks to the word before: a name ends there
        return at >= 0 and any(a <= at < b for a, b in names.person_name_spans(toks))

    @staticmethod
    def _name_restored(sent: list[_Token], best: list[str], i: int) -> bool:
        """Whether the reading at i restores a name: the written syllable is no known name part
        and no place with its written neighbours, the reading is one with the read neighbours."""
        def word(k: int, read: bool) -> str | None:
            return (best[k] if read else sent[k].lm) if 0 <= k < len(sent) and sent[k].is_word else None

        return (not ocr_gate.name_evidence(word(i - 1, False), sent[i].lm, word(i + 1, False))
                and ocr_gate.name_evidence(word(i - 1, True), best[i], word(i + 1, True)))

    @staticmethod
    def _in_word_at(sent: list[_Token], i: int, word: str) -> bool:
        """Whether ``word`` at position i forms a known word with a neighbouring word."""
        prev = sent[i - 1].lm if i > 0 and sent[i - 1].is_word else None
        nxt = sent[i + 1].lm if i + 1 < len(sent) and sent[i + 1].is_word else None
        return ocr_gate.in_word(prev, word, nxt)

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
        if up and not upper_line and nxt is not None and nxt.text[0].isupper() and ocr_gate.is_family_name(t.lm):
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
    """The text with the OCR repairs at or above ``threshold`` applied; ``channel``: the damage
    the text shows ("glyph", "tofu" or "ocr", see docgen.normalize.ocr_channels), detected
    from the text when None."""
    edits = _normalizer(tuple(extra_terms)).propose(text, channel)
    return apply_edits(text, [e for e in edits if e.confidence >= threshold])
