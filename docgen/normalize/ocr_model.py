"""The OCR-repair model: its damage channel and shipped tables, loaded once per process.

* :class:`Channel` is the glyph-loss damage P(garbled | original) of ../shared/noise/garble.py
  (marked letters lost, then a naive autocorrect). scripts/build_lm.py inverts it over a
  syllable inventory into data/channel.tsv.gz: garbled form -> the originals that could have
  produced it.
* :class:`Model` reads the shipped files (syllable inventory, channel index, language model,
  the channels learned from real OCR, docgen.normalize.ocr_channels) and keeps the parsed
  tables in a per-user cache.
* :func:`load_model` loads it once per process, out of the garbage collector's sight.

The decoder that uses it is docgen.normalize.ocr; the tokenisation both share is here.
"""
from __future__ import annotations

import functools
import gc
import gzip
import re
import sys
import unicodedata
from itertools import combinations
from pathlib import Path
from collections.abc import Iterable

from docgen.io import usercache
from docgen.normalize.lm import TrigramLM
from docgen.normalize.ocr_channels import ConfusionChannel, TofuChannel, read_table
from docgen.vi.case import strip_marks

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

    def __init__(self, counts: dict[str, int], freq: dict[str, int] | None = None,
                 by_fold: dict[str, list[str]] | None = None):
        """``by_fold``: the syllables of ``counts`` by their :func:`fold`, when already built
        (the model's cache keeps it: folding 9,000 syllables took 40 ms of every start)."""
        self.counts = counts
        self.freq = freq or {}
        if by_fold is None:
            by_fold = {}
            for syl in counts:
                by_fold.setdefault(fold(syl), []).append(syl)
        self.by_fold = by_fold
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
    cache (marshal, keyed by the files' sizes and times and the Python version) so that later
    processes load them in a fraction of that. The cache is derived data: it is rebuilt when
    missing, unreadable or stale, and never shipped or required.
    """

    FILES = ("syllables.tsv.gz", "lm.tsv.gz", "channel.tsv.gz", "ocr_channel.tsv.gz", "words.tsv.gz")

    def __init__(self, data_dir: Path):
        cache = _cache_path(data_dir, self.FILES)
        tables = _read_cache(cache)
        if tables is None:
            tables = self._parse(data_dir)
            _write_cache(cache, tables)
        self.channel = Channel(tables["counts"], tables["freq"], tables["by_fold"])
        self.case: dict[str, tuple[int, int]] = tables["case"]
        self.lm = TrigramLM(tables=tables["lm"])
        self.index = DamageIndex(tables["index"])
        self.learned: dict[str, list[list[str]]] = tables["learned"]
        from docgen.normalize.ocr_gate import WordPairs
        from docgen.vi import places

        # adjacent syllables inside known words, as ocr_gate.variant_key pairs (ocr_gate.word_pairs)
        self.word_pairs = WordPairs(tables["pairs"])

        places.use_index(tables["places"])  # the gate's place names, built with the model's cache

    @functools.cached_property
    def tofu(self) -> TofuChannel:
        """The channel of a font without the Vietnamese letters, learned from Tesseract."""
        inventory = set(self.channel.counts) | {w for w, n in self.channel.freq.items() if n >= 3 and w.isalpha()}
        return TofuChannel(self.learned, sorted(inventory))

    @functools.cached_property
    def confusion(self) -> ConfusionChannel:
        """The channel of real glyphs read with a wrong mark, learned from Tesseract."""
        return ConfusionChannel(self.learned, self.channel.by_fold, fold)

    @staticmethod
    def _parse(data_dir: Path) -> dict:
        rows = read_tsv_gz(data_dir / "syllables.tsv.gz")
        # garbled form -> its row as written ("original log-P score original ..."), parsed
        # when the decoder first asks for it (a text asks for a few thousand of them)
        index = {row[0]: " ".join(row[1:]) for row in read_tsv_gz(data_dir / "channel.tsv.gz")}
        from docgen.normalize.ocr_gate import read_word_pairs
        from docgen.vi import places

        counts = {r[0]: int(r[1]) for r in rows if r[1] != "0"}
        return {
            "counts": counts,
            "by_fold": Channel(counts).by_fold,
            "freq": {r[0]: int(r[2]) for r in rows},
            "case": {r[0]: (int(r[3]), int(r[4])) for r in rows if r[3] != "0"},
            "lm": TrigramLM(data_dir / "lm.tsv.gz").tables(),
            "index": index,
            "learned": read_table(data_dir / "ocr_channel.tsv.gz"),
            "pairs": read_word_pairs(data_dir / "words.tsv.gz"),
            "places": places.index_table(),
        }


class DamageIndex:
    """The shipped damage index, garbled form -> [(original, log P(garbled | original), that +
    log P(original))], best first; each row is parsed when first asked for."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, raw: dict[str, str]):
        self.raw = raw
        self._rows: dict[str, list[tuple[str, float, float]]] = {}

    def get(self, garbled: str, default: list | None = None) -> list[tuple[str, float, float]]:
        hit = self._rows.get(garbled)
        if hit is None:
            text = self.raw.get(garbled)
            if text is None:
                return default if default is not None else []
            fields = text.split(" ")
            hit = self._rows[garbled] = list(zip(map(sys.intern, fields[0::3]), map(float, fields[1::3]),
                                                 map(float, fields[2::3])))
        return hit

    def __contains__(self, garbled: object) -> bool:
        return garbled in self.raw

    def __len__(self) -> int:
        return len(self.raw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DamageIndex) and self.raw == other.raw


_CACHE_FORMAT = 8  # 6: with the place-name index; 7: the trigrams frozen (TrigramLM.tables),
# the word pairs by first syllable, the inventory by fold; 8: the trigrams frozen in flat arrays


def _cache_path(data_dir: Path, files: Iterable[str]) -> Path | None:
    """Where the parsed model is cached: the user's cache folder (docgen.io.usercache; None when
    caching is off), under a name that carries a fingerprint of the model files and of docgen.vi
    (the place-name index is cached with the model) and the Python version: sizes and
    modification times, as the other caches (hashing the 5 MB of model files took 10-20 ms of
    every start)."""
    from docgen.vi import places

    folder = usercache.cache_dir()
    if folder is None:
        return None
    paths = [data_dir / name for name in files]
    if not all(p.is_file() for p in paths):
        return None
    digest = usercache.fingerprint(*paths, Path(places.__file__).parent, extra=f"ocr-model {_CACHE_FORMAT}")
    return folder / f"ocr-model-{digest}.marshal"


def _read_cache(path: Path | None) -> dict | None:
    tables = usercache.read(path)  # None when missing or unreadable: the files are parsed again
    return tables if isinstance(tables, dict) and tables.get("format") == _CACHE_FORMAT else None


def _write_cache(path: Path | None, tables: dict) -> None:
    # a read-only home folder only means the model is parsed every time; the tables of an older
    # model (another hash) are removed
    usercache.write(path, {**tables, "format": _CACHE_FORMAT}, stale="ocr-model-*.marshal")


def load_model(data_dir: Path | None = None) -> Model:
    """The model, loaded once per process (``data_dir``: another build, for experiments).

    Its millions of small tables live as long as the process: once loaded they are moved out
    of the garbage collector's sight (gc.freeze), so that later collections do not walk them.
    """
    return _load_model(Path(data_dir or DATA_DIR))


@functools.lru_cache(maxsize=2)
def _load_model(data_dir: Path) -> Model:
    gc.disable()
    try:
        model = Model(data_dir)
    finally:
        gc.enable()
    gc.freeze()
    return model
