"""A syllable trigram language model with interpolated Kneser-Ney smoothing.

Training (scripts/build_lm.py) turns sentences of tokens into an ARPA-like backoff table:
for every seen n-gram its interpolated probability, for every seen context its backoff
weight; the table is stored as gzip'd TSV (``order<TAB>n-gram<TAB>log p<TAB>log bow``) and
loaded into plain dicts. Natural logarithms throughout. Tokens are lower-case syllables,
``<num>``, punctuation marks, ``<s>`` and ``</s>``.
"""
from __future__ import annotations

import gzip
import math
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

# Interned, like every token of the loaded table (see TrigramLM), so that n-gram keys built
# from them compare by identity.
BOS, EOS = sys.intern("<s>"), sys.intern("</s>")
BOW = ""  # the key of a trigram context's back-off weight in its row (see TrigramLM)
_EMPTY: dict = {}


def _discount(counts: Iterable[int]) -> float:
    n = Counter(c for c in counts if c <= 2)
    n1, n2 = n[1], n[2]
    return n1 / (n1 + 2 * n2) if n1 and n2 else 0.5


def train_kn(sentences: Iterable[list[str]], min_trigram: int = 1) -> dict[str, dict]:
    """Interpolated Kneser-Ney over (<s> <s> tokens </s>); returns {"p1","b1","p2","b2","p3"}."""
    c3: Counter = Counter()
    for sent in sentences:
        toks = [BOS, BOS, *sent, EOS]
        for i in range(2, len(toks)):
            c3[(toks[i - 2], toks[i - 1], toks[i])] += 1
    # Continuation counts for the lower orders.
    cc2: Counter = Counter((v, w) for (_, v, w) in c3)
    cc1: Counter = Counter(w for (_, w) in cc2)
    d3, d2, d1 = _discount(c3.values()), _discount(cc2.values()), _discount(cc1.values())

    ctx3_total: Counter = Counter()
    ctx3_types: Counter = Counter()
    for (u, v, _), c in c3.items():
        ctx3_total[(u, v)] += c
        ctx3_types[(u, v)] += 1
    ctx2_total: Counter = Counter()
    ctx2_types: Counter = Counter()
    for (v, _), c in cc2.items():
        ctx2_total[v] += c
        ctx2_types[v] += 1

    vocab = set(cc1) | {EOS}
    total1 = sum(cc1.values())
    uniform = 1.0 / (len(vocab) + 1)  # + 1: room for an unknown token
    p1 = {w: max(cc1[w] - d1, 0) / total1 + d1 * len(cc1) / total1 * uniform for w in vocab}
    p1["<unk>"] = d1 * len(cc1) / total1 * uniform
    b1 = {v: d2 * ctx2_types[v] / ctx2_total[v] for v in ctx2_total}
    p2 = {
        (v, w): max(c - d2, 0) / ctx2_total[v] + b1[v] * p1[w]
        for (v, w), c in cc2.items()
    }
    b2 = {ctx: d3 * ctx3_types[ctx] / ctx3_total[ctx] for ctx in ctx3_total}
    p3 = {}
    for (u, v, w), c in c3.items():
        if c < min_trigram:
            continue
        lower = p2.get((v, w)) or b1.get(v, 1.0) * p1[w]
        p3[(u, v, w)] = max(c - d3, 0) / ctx3_total[(u, v)] + b2[(u, v)] * lower
    return {"p1": p1, "b1": b1, "p2": p2, "b2": b2, "p3": p3}


def save_table(model: dict[str, dict], path: Path) -> None:
    """Write the model as the table docgen ships (gzip'd TSV, natural logarithms, see the module
    text) in a stable order (mtime 0: same model, same bytes)."""
    lines = []
    for w in sorted(model["p1"]):
        lines.append(f"1\t{w}\t{math.log(model['p1'][w]):.4f}\t{math.log(model['b1'][w]) if w in model['b1'] else 0:.4f}")
    for w in sorted(model["b1"]):  # contexts never predicted (<s>): their back-off weight only
        if w not in model["p1"]:
            lines.append(f"1\t{w}\t-99\t{math.log(model['b1'][w]):.4f}")
    for k in sorted(model["p2"]):
        b = model["b2"].get(k)
        lines.append(f"2\t{' '.join(k)}\t{math.log(model['p2'][k]):.4f}\t{math.log(b) if b else 0:.4f}")
    for k in sorted(model["b2"]):  # contexts like (<s>, <s>) that are not themselves bigrams
        if k not in model["p2"]:
            lines.append(f"2\t{' '.join(k)}\t-99\t{math.log(model['b2'][k]):.4f}")
    for k in sorted(model["p3"]):
        lines.append(f"3\t{' '.join(k)}\t{math.log(model['p3'][k]):.4f}\t0")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


def save_arpa(model: dict[str, dict], path: Path) -> None:
    """Write the model in the ARPA back-off format (plain text, log10), which SRILM, KenLM and
    other tools read. Contexts that are not n-grams themselves (``<s> <s>``) are listed with
    probability -99, as SRILM lists ``<s>``."""
    ln10 = math.log(10)

    def lg(p: float) -> str:
        return f"{math.log(p) / ln10:.6f}"

    ones = sorted(set(model["p1"]) | set(model["b1"]))
    twos = sorted(set(model["p2"]) | set(model["b2"]))
    threes = sorted(model["p3"])
    out = ["", "\\data\\", f"ngram 1={len(ones)}", f"ngram 2={len(twos)}", f"ngram 3={len(threes)}", "",
           "\\1-grams:"]
    for w in ones:
        b = model["b1"].get(w)
        p = model["p1"].get(w)
        out.append(f"{lg(p) if p else '-99'}\t{w}" + (f"\t{lg(b)}" if b else ""))
    out += ["", "\\2-grams:"]
    for k in twos:
        p, b = model["p2"].get(k), model["b2"].get(k)
        out.append(f"{lg(p) if p else '-99'}\t{' '.join(k)}" + (f"\t{lg(b)}" if b else ""))
    out += ["", "\\3-grams:"]
    out += [f"{lg(model['p3'][k])}\t{' '.join(k)}" for k in threes]
    out += ["", "\\end\\", ""]
    Path(path).write_text("\n".join(out), encoding="utf-8")


class TrigramLM:
    """Backoff lookups over a table written by :func:`save_table`.

    The tables are held by context, as the decoder asks for them: ``tri[u][v][w]`` and
    ``succ[v][w]`` are log P(w | u v) and log P(w | v) of the seen n-grams, ``pred[w][v]`` the
    bigrams again by their second word, ``b1`` the words' back-off weights, ``p1`` the unigrams.
    The back-off weight of a trigram context (u, v) is kept in its own row, ``tri[u][v][BOW]``
    (BOW is the empty string, which no token is), so that one lookup fetches a context's
    trigrams and its weight, and the tables hold no n-gram tuples. A scorer fetches a history's
    row once and then looks a word up by itself.

    ``tri`` may be frozen, as :meth:`tables` gives it to the model's cache (:meth:`_freeze`):
    ``tri[u]`` is then the number of u's block in flat arrays of token numbers and
    log-probabilities. A text reads a few percent of the 191,000 rows (100 pages: 17,000), so
    the cache loads 7,000 small ints and a few flat arrays instead of building 200,000 dicts;
    :meth:`_rows_of` thaws u's block (v -> its row's number) and :meth:`_row` a row when first
    looked up, in place, with no string decoded (the tokens are the vocabulary's very objects).
    """

    TABLES = ("p1", "b1", "succ", "pred", "tri")

    def __init__(self, path: Path | None = None, *, tables: dict[str, dict] | None = None):
        """Load the table file at ``path``, or take already parsed ``tables`` (see TABLES)."""
        self.p1: dict[str, float] = {}
        self.b1: dict[str, float] = {}
        self.succ: dict[str, dict[str, float]] = {}
        self.pred: dict[str, dict[str, float]] = {}
        # u -> v -> w -> log P(w | u v), either level possibly frozen (see the class text)
        self.tri: dict[str, Any] = {}
        # the flat arrays of a frozen ``tri`` (see _freeze)
        self._token: Callable[[int], str] = [].__getitem__
        self._heads = self._seconds = self._starts = self._words = self._logps = memoryview(b"")
        if tables is not None:
            for name in self.TABLES:
                setattr(self, name, tables[name])
            if isinstance(self.tri, tuple):  # frozen (see _freeze)
                self.tri, vocab, *flat = self.tri
                self._token = vocab.__getitem__
                self._heads, self._seconds, self._starts, self._words = (memoryview(b).cast("I") for b in flat[:4])
                self._logps = memoryview(flat[4]).cast("d")
        elif path is not None:
            self._parse(path)
        else:
            raise ValueError("TrigramLM needs a table file or parsed tables")
        self.unk = self.p1.get("<unk>", -20.0)
        self._b1, self._p1 = self.b1.get, self.p1.get
        self._tri, self._succ = self.tri.get, self.succ.get

    def tables(self) -> dict[str, Any]:
        """The tables (see TABLES) as the model's cache keeps them: ``tri`` frozen (:meth:`_freeze`)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in self.TABLES}
        out["tri"] = self._freeze()
        return out

    def _freeze(self) -> tuple:
        """``tri`` as flat arrays: (u -> its block's number, the vocabulary: every token of the
        table, numbered; then as bytes of native unsigned ints: each block's first row and, last,
        one past the final row; each row's second token; each row's first entry and, last, one
        past the final entry; each entry's token; and of doubles: each entry's log P)."""
        vocab = sorted({t for u, v, row in self._rows() for t in (u, v, *row)})
        number = {t: i for i, t in enumerate(vocab)}
        blocks: dict[str, int] = {}
        heads, seconds, starts, words, logps = array("I"), array("I"), array("I"), array("I"), array("d")
        for u, v, row in self._rows():  # u by u
            if u not in blocks:
                blocks[u] = len(heads)
                heads.append(len(seconds))
            seconds.append(number[v])
            starts.append(len(words))
            words.extend(map(number.__getitem__, row))
            logps.extend(row.values())
        heads.append(len(seconds))
        starts.append(len(words))
        return blocks, vocab, heads.tobytes(), seconds.tobytes(), starts.tobytes(), words.tobytes(), logps.tobytes()

    def _rows_of(self, u: str) -> dict[str, Any]:
        """``tri[u]``, the trigram rows after the first word u (v -> its row, frozen or not;
        empty when never seen), thawed on first use: it replaces its block number in ``tri``."""
        rows = self._tri(u, _EMPTY)
        if rows.__class__ is int:
            a, b = self._heads[rows], self._heads[rows + 1]
            rows = self.tri[u] = dict(zip(map(self._token, self._seconds[a:b]), range(a, b)))
        return rows

    def _row(self, u: str, v: str) -> dict[str, float]:
        """The trigram row of the history (u, v), ``tri[u][v]`` (empty when never seen), thawed
        on first use (:meth:`_rows_of`, then the row replaces its number in ``tri[u]``)."""
        rows = self._tri(u, _EMPTY)
        if rows.__class__ is int:
            rows = self._rows_of(u)
        row = rows.get(v, _EMPTY)
        if row.__class__ is int:
            a, b = self._starts[row], self._starts[row + 1]
            row = rows[v] = dict(zip(map(self._token, self._words[a:b]), self._logps[a:b]))
        return row

    def _rows(self) -> Iterator[tuple[str, str, dict[str, float]]]:
        """(u, v, row) of every trigram row, u by u, each thawed."""
        for u in list(self.tri):
            for v in list(self._rows_of(u)):
                yield u, v, self._row(u, v)

    @property
    def p2(self) -> dict[tuple[str, str], float]:
        """The seen bigrams, (v, w) -> log P(w | v) (built on demand: the decoder uses ``succ``)."""
        return {(v, w): lp for v, row in self.succ.items() for w, lp in row.items()}

    @property
    def b2(self) -> dict[tuple[str, str], float]:
        """The trigram contexts' back-off weights, (u, v) -> log bow (built on demand)."""
        return {(u, v): row[BOW] for u, v, row in self._rows() if BOW in row}

    @property
    def p3(self) -> dict[tuple[str, str, str], float]:
        """The seen trigrams, (u, v, w) -> log P(w | u v) (built on demand)."""
        return {(u, v, w): lp for u, v, row in self._rows() for w, lp in row.items() if w != BOW}

    def _parse(self, path: Path) -> None:
        lines = gzip.decompress(Path(path).read_bytes()).decode("utf-8").splitlines()
        tri: dict[str, dict[str, dict[str, float]]] = self.tri  # parsed rows: none frozen
        succ, pred = self.succ, self.pred
        # Tokens are interned: a lookup with interned tokens (ocr.py interns its own) then
        # compares the keys' strings by identity, which is markedly faster in the decoder.
        intern = sys.intern
        for line in lines:
            if line[0] == "3":  # the bulk: parsed without the general case's checks
                _, gram, lp, _ = line.split("\t")
                u, v, w = gram.split(" ")
                rows = tri.get(u)
                if rows is None:
                    rows = tri[intern(u)] = {}
                row = rows.get(v)
                if row is None:
                    row = rows[intern(v)] = {}
                row[intern(w)] = float(lp)
                continue
            order, gram, lp, lb = line.split("\t")
            if order == "2":
                v, w = gram.split(" ")
                v, w = intern(v), intern(w)
                if lp != "-99":
                    succ.setdefault(v, {})[w] = pred.setdefault(w, {})[v] = float(lp)
                if lb != "0.0000":  # a trigram context's back-off weight, kept in its row
                    tri.setdefault(v, {}).setdefault(w, {})[BOW] = float(lb)
            else:
                gram = intern(gram)
                if lp != "-99":
                    self.p1[gram] = float(lp)
                if lb != "0.0000":
                    self.b1[gram] = float(lb)

    def __contains__(self, word: str) -> bool:
        return word in self.p1

    def bigram(self, v: str, w: str) -> float:
        """log P(w | v), backing off to the unigram."""
        lp = self._succ(v, _EMPTY).get(w)
        return lp if lp is not None else self._b1(v, 0.0) + self._p1(w, self.unk)

    def successors(self, v: str) -> dict[str, float]:
        """The words seen after ``v``, with log P(w | v) (do not modify)."""
        return self.succ.get(v, _EMPTY)

    def predecessors(self, w: str) -> dict[str, float]:
        """The words seen before ``w``, with log P(w | v) (do not modify)."""
        return self.pred.get(w, _EMPTY)

    def scorer(self, u: str, v: str) -> Callable[[str], float]:
        """w -> log P(w | u v): :meth:`logp` with the history's tables and back-off weights
        looked up once (the decoder's inner loop)."""
        row = self._row(u, v)
        p3, p2, p1, unk = row.get, self._succ(v, _EMPTY).get, self._p1, self.unk
        bow2 = row.get(BOW, 0.0)
        bow21 = bow2 + self._b1(v, 0.0)  # summed in logp's order: the very same floats

        def score(w: str) -> float:
            lp = p3(w)
            if lp is not None:
                return lp
            lp = p2(w)
            return bow2 + lp if lp is not None else bow21 + p1(w, unk)
        return score

    def context(self, u: str, v: str) -> tuple[Callable[[str], float | None], Callable[[str], float | None],
                                                float, float]:
        """The parts of :meth:`scorer` (u, v), for a loop that scores inline: the trigram row's
        and the bigram row's look-ups and the two back-off weights, so that log P(w | u v) is
        ``p3(w)``, else ``bow2 + p2(w)``, else ``bow21 + unigram(w)``."""
        row = self._row(u, v)
        bow2 = row.get(BOW, 0.0)
        return row.get, self._succ(v, _EMPTY).get, bow2, bow2 + self._b1(v, 0.0)

    def island_scores(self, u: str, v: str, cands: Iterable[tuple[str, float]],
                      after: tuple[str, ...] | list[str]) -> list[float]:
        """For each candidate (w, channel score) between the history ``u v`` and the fixed words
        ``after`` (none, one or two): ``ch + logp(u, v, w) + logp(v, w, x) + logp(w, x, y)``,
        the very floats of :meth:`logp` summed in that order, with every table row that does
        not depend on w looked up once (the decoder's islands of one position, and posteriors)."""
        succ, p1, b1, unk, row_of = self.succ, self.p1, self.b1, self.unk, self._row
        row = row_of(u, v)
        p3, p2 = row.get, succ.get(v, _EMPTY).get
        bow2 = row.get(BOW, 0.0)
        bow21 = bow2 + b1.get(v, 0.0)
        n = len(after)
        if n:
            x = after[0]
            rows_v, px = self._rows_of(v), p1.get(x, unk)
        if n > 1:
            y = after[1]
            py, sxy = p1.get(y, unk), succ.get(x, _EMPTY).get(y)
            bx = b1.get(x, 0.0)
        out = []
        for w, ch in cands:
            lp = p3(w)
            if lp is None:
                lp = p2(w)
                lp = bow2 + lp if lp is not None else bow21 + p1.get(w, unk)
            s = ch + lp
            if n:
                rvw = rows_v.get(w, _EMPTY)  # log P(x | v w)
                if rvw.__class__ is int:  # frozen: thawed once (see the class text)
                    rvw = row_of(v, w)
                lp = rvw.get(x)
                if lp is None:
                    lp = succ.get(w, _EMPTY).get(x)
                    lp = rvw.get(BOW, 0.0) + lp if lp is not None else rvw.get(BOW, 0.0) + b1.get(w, 0.0) + px
                s += lp
                if n > 1:
                    rwx = row_of(w, x)  # log P(y | w x)
                    lp = rwx.get(y)
                    if lp is None:
                        lp = rwx.get(BOW, 0.0) + sxy if sxy is not None else rwx.get(BOW, 0.0) + bx + py
                    s += lp
            out.append(s)
        return out

    def logp(self, u: str, v: str, w: str) -> float:
        """log P(w | u v)."""
        rows = self._tri(u, _EMPTY)  # :meth:`_row`, inline when thawed: the decoder's commonest call
        row = rows.get(v, _EMPTY) if rows.__class__ is dict else self._row(u, v)
        if row.__class__ is int:
            row = self._row(u, v)
        lp = row.get(w)
        if lp is not None:
            return lp
        lp = self._succ(v, _EMPTY).get(w)
        if lp is not None:
            return row.get(BOW, 0.0) + lp
        return row.get(BOW, 0.0) + self._b1(v, 0.0) + self._p1(w, self.unk)

    def unigram(self, w: str) -> float:
        return self.p1.get(w, self.unk)

    def neighbour(self, readings: tuple[str, ...]) -> Neighbour:
        """A lattice neighbour's ``readings`` looked up for :class:`WordFits`."""
        succ, pred = self.succ, self.pred
        return Neighbour(max(map(self.b1.get, readings, repeat(0.0))), max(map(self.p1.get, readings, repeat(self.unk))),
                         [succ[r] for r in readings if r in succ], [pred[r] for r in readings if r in pred])


class Neighbour(NamedTuple):
    """A lattice neighbour's readings (a token and its likeliest alternatives) as
    :class:`WordFits` reads them, looked up once (see :meth:`TrigramLM.neighbour`)."""

    backoff: float  # the best back-off weight of a reading
    unigram: float  # the best log unigram of a reading
    successors: list[dict[str, float]]  # each reading's seen successors (the readings that have some)
    predecessors: list[dict[str, float]]  # each reading's seen predecessors (the same)


class WordFits:
    """A lattice column's words (a token and its alternatives) ready to be fitted to the readings
    of a neighbour: for each word the best bigram log-probability with some previous reading
    (:meth:`after`) or some next one (:meth:`before`), and which words form a bigram seen in
    training with one. The words' unigrams and back-off weights are looked up once, here.

    Exact: an unseen bigram scores the neighbour's back-off weight plus the unigram, which a seen
    one never falls below (interpolated Kneser-Ney; tests/test_lm.py checks the shipped table),
    so the best over the readings is the best back-off or the best seen bigram, and only the seen
    bigrams are looked up, a reading at a time: the same floats as :meth:`TrigramLM.bigram`'s
    best over the readings.
    """

    __slots__ = ("_backoffs", "_unigrams", "index", "words")

    def __init__(self, lm: TrigramLM, words: Iterable[str]):
        self.words = list(dict.fromkeys(words))  # each once, in their order
        self.index = {w: k for k, w in enumerate(self.words)}
        self._unigrams = list(map(lm.p1.get, self.words, repeat(lm.unk)))
        self._backoffs = list(map(lm.b1.get, self.words, repeat(0.0)))

    def after(self, prev: Neighbour) -> tuple[list[float], int]:
        """For each word (in :attr:`words`' order) the best log P(w | p) over the readings p of
        ``prev``, and the bit mask of the words seen after some p (bit k: ``words[k]``)."""
        bow = prev.backoff
        return self._raised([bow + u for u in self._unigrams], prev.successors)

    def before(self, next_: Neighbour) -> tuple[list[float], int]:
        """For each word the best log P(n | w) over the readings n of ``next_``, and the bit mask
        of the words seen before some n."""
        unigram = next_.unigram
        return self._raised([b + unigram for b in self._backoffs], next_.predecessors)

    def _raised(self, fits: list[float], rows: list[dict[str, float]]) -> tuple[list[float], int]:
        """``fits`` (each word's best back-off score) raised to the seen bigrams of the readings'
        ``rows`` (each reading's, keyed by the words that follow or precede it), and their mask."""
        index, words = self.index, self.index.keys()
        seen = 0
        for row in rows:
            for w in row.keys() & words:  # the smaller of the two is walked
                k = index[w]
                seen |= 1 << k
                lp = row[w]
                if lp > fits[k]:
                    fits[k] = lp
        return fits, seen
