"""Line breaks the way a clerk makes them: between words, balanced, no word left alone.

:func:`break_lines` takes the text as it will be printed (``BAN QUẢN LÝ …``), optionally the
same text in its own case (``Ban Quản lý …``, better for finding names), the font (size,
bold, italic) and the width of the column, and returns the lines. It

1. keeps a break a clerk typed (``\\n``) and breaks each piece only if it is too wide;
2. never breaks inside a word or a name (:mod:`docgen.vi.words`) unless a single word is
   wider than the column (then :attr:`Lines.split` names it);
3. uses the fewest lines, then, for that many lines, minimises the cost of the break places
   (a clerk prefers after a comma, before ``và``, before ``tỉnh``) plus the imbalance of the
   lines (centred text: even lengths; flush-left text: full lines), with a penalty for a lone
   syllable or a very short last line.

Results are cached per (text, font, width): a header that repeats across documents is
broken once per process.

>>> break_lines("BAN QUẢN LÝ KHU CÔNG NGHỆ CAO VÀ CÁC KHU CÔNG NGHIỆP", 68, 13, bold=True,
...             source="Ban Quản lý Khu công nghệ cao và các khu công nghiệp").lines
('BAN QUẢN LÝ', 'KHU CÔNG NGHỆ CAO', 'VÀ CÁC KHU CÔNG NGHIỆP')
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..vi.words import NEVER, break_costs
from .metrics import _units, face, int_units, nfc, pt, text_width, word_units

LONE_SYLLABLE = 400.0  # a last line of one syllable ("TRUNG")
SHORT_LAST = 40.0  # a last line under a quarter of the others' mean length
BALANCE = 300.0  # weight of the squared, width-relative imbalance of each centred line
FILL = 60.0  # weight of the squared, width-relative room left on each flush-left line but the last
SAFETY = 0.985  # room for rounding in the layout engines


@dataclass(frozen=True)
class Lines:
    lines: tuple[str, ...]
    split: tuple[str, ...] = ()  # words broken inside because they are wider than the column
    widths: tuple[float, ...] = ()  # of each line, in points

    @property
    def text(self) -> str:
        """The lines joined by ``\\n`` (the renderer writes a ``w:br`` for each)."""
        return "\n".join(self.lines)


def break_lines(text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False,
                source: str | None = None, align: str = "center", min_lines: int = 1) -> Lines:
    """Break ``text`` into lines no wider than ``width_mm`` at ``size`` points (see module doc)."""
    args = (text, source or text, round(width_mm, 2), float(size), bold, italic)
    if min_lines > 1 and _count(*args) < min_lines:
        return _break(*args, align, min_lines)
    return _break(*args, align, 1)


def line_count(text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False,
               source: str | None = None) -> int:
    """How many lines :func:`break_lines` makes of ``text`` (without choosing where they break:
    the fewest lines is what greedy filling gives)."""
    return _count(text, source or text, round(width_mm, 2), float(size), bold, italic)


def fits(text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False) -> bool:
    """Whether ``text`` fits on one line of ``width_mm``."""
    return text_width(text, size, bold=bold, italic=italic) <= pt(width_mm) * SAFETY


def clear_caches() -> None:
    """Forget every text measured and broken in this process (the word lists stay loaded)."""
    from ..vi.words import _break_costs_cached, _token_facts
    from .pagination import _piece_units
    for cached in (_break, _count, _prepare, _units_of, int_units, _units, _break_costs_cached, _token_facts,
                   _piece_units):
        cached.cache_clear()


def _pieces(text: str, source: str) -> list[tuple[str, str]]:
    """The pieces between the breaks a clerk typed, each with its own-case source."""
    pieces = text.split("\n")
    sources = source.split("\n")
    if len(sources) != len(pieces):
        sources = pieces
    return list(zip(pieces, sources))


@functools.lru_cache(maxsize=8192)
def _break(text: str, source: str, width_mm: float, size: float, bold: bool, italic: bool, align: str,
           min_lines: int) -> Lines:
    pieces = _pieces(text, source)
    lines: list[str] = []
    widths: list[float] = []
    split: list[str] = []
    for piece, src in pieces:
        got = _break_piece(piece, src, pt(width_mm) * SAFETY, size, bold, italic, align,
                           min_lines if len(pieces) == 1 else 1)
        lines.extend(got.lines)
        widths.extend(got.widths)
        split.extend(got.split)
    return Lines(tuple(lines), tuple(split), tuple(widths))


@functools.lru_cache(maxsize=8192)
def _count(text: str, source: str, width_mm: float, size: float, bold: bool, italic: bool) -> int:
    width = pt(width_mm) * SAFETY
    total = 0
    for piece, src in _pieces(text, source):
        prep = _prepare(piece, src, size, bold, italic)
        if prep is None or prep.whole_w <= width:
            total += 1
        else:
            total += _fewest(prep, _cut(prep, width)[0], width)
    return total


@dataclass(frozen=True)
class _Prepared:
    """What breaking a piece needs whatever the width: its tokens, the running sum of their
    widths, the space's width and (computed when the piece does not fit one line) the cost of a
    break after each token and the units: runs of tokens between allowed breaks, as (first, end)
    token indices."""

    text: str
    source: str
    tokens: tuple[str, ...]
    prefix: tuple[float, ...]
    space: float
    whole_w: float

    def span_w(self, i: int, j: int) -> float:  # tokens[i:j]
        return self.prefix[j] - self.prefix[i] + self.space * (j - i - 1)

    @property
    def costs(self) -> tuple[float, ...]:
        return _units_of(self.text, self.source)[0]

    @property
    def units(self) -> tuple[tuple[int, int], ...]:
        return _units_of(self.text, self.source)[1]


@functools.lru_cache(maxsize=8192)
def _prepare(text: str, source: str, size: float, bold: bool, italic: bool) -> _Prepared | None:
    tokens = text.split()
    if not tokens:
        return None
    upem = face(bold, italic).units_per_em
    space_u = int_units(" ", bold, italic)
    normal = nfc(text).split()
    token_u = (word_units(normal, bold, italic) if len(normal) == len(tokens)
               else [int_units(t, bold, italic) for t in tokens])
    # the whole line measured from its words: font units are integers, so the sum is exact
    whole_w = (sum(token_u) + space_u * (len(tokens) - 1)) / upem * size
    prefix = [0.0]
    for u in token_u:
        prefix.append(prefix[-1] + u / upem * size)
    return _Prepared(text, source, tuple(tokens), tuple(prefix), space_u / upem * size, whole_w)


@functools.lru_cache(maxsize=8192)
def _units_of(text: str, source: str) -> tuple[tuple[float, ...], tuple[tuple[int, int], ...]]:
    tokens = text.split()
    if len(tokens) < 2:
        return (), ((0, len(tokens)),)
    src_tokens = source.split()
    _, costs = break_costs(" ".join(src_tokens) if len(src_tokens) == len(tokens) else " ".join(tokens))
    units: list[tuple[int, int]] = []
    start = 0
    last = len(tokens) - 1
    for k in range(len(tokens)):
        if k == last or costs[k] < NEVER:
            units.append((start, k + 1))
            start = k + 1
    return tuple(costs), tuple(units)


def _cut(prep: _Prepared, width: float) -> tuple[list[tuple[int, int]], list[str]]:
    """The units, each wider than the line cut into its tokens (those are named)."""
    cut: list[tuple[int, int]] = []
    split: list[str] = []
    for i, j in prep.units:
        if j - i > 1 and prep.span_w(i, j) > width:
            split.append(" ".join(prep.tokens[i:j]))
            cut.extend((k, k + 1) for k in range(i, j))
        else:
            cut.append((i, j))
    return cut, split


def _fewest(prep: _Prepared, units: list[tuple[int, int]], width: float) -> int:
    """The fewest lines: greedy filling is optimal for the count."""
    k_min, cur = 1, 0.0
    space, span_w = prep.space, prep.span_w
    for i, j in units:
        w = span_w(i, j)
        if cur and cur + space + w > width:
            k_min, cur = k_min + 1, w
        else:
            cur = cur + space + w if cur else w
    return k_min


def _break_piece(text: str, source: str, width: float, size: float, bold: bool, italic: bool, align: str,
                 min_lines: int) -> Lines:
    prep = _prepare(text, source, size, bold, italic)
    if prep is None:
        return Lines(("",), (), (0.0,))
    tokens = prep.tokens
    if prep.whole_w <= width and min_lines <= 1:
        return Lines((" ".join(tokens),), (), (prep.whole_w,))
    costs, space, span_w, prefix = prep.costs, prep.space, prep.span_w, prep.prefix
    units, split = _cut(prep, width)
    n = len(tokens)
    bounds = [i for i, _ in units] + [n]  # token index where each unit starts (+ end)
    m = len(units)
    k = min(max(_fewest(prep, units, width), min_lines), m)
    total = span_w(0, n)
    mean = (total - space * (k - 1)) / k
    centred = align == "center"
    inf = float("inf")
    # best[l][u]: least cost of units[:u] in l lines
    best = [[inf] * (m + 1) for _ in range(k + 1)]
    back = [[-1] * (m + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for line in range(1, k + 1):
        last = line == k
        row, prev_row, back_row = best[line], best[line - 1], back[line]
        for u in (range(m, m + 1) if last else range(line, m - (k - line) + 1)):
            end = bounds[u]
            brk = costs[end - 1] if end < n else 0.0
            end_w = prefix[end]
            for s in range(u - 1, line - 2, -1):
                prev = prev_row[s]
                start = bounds[s]
                w = end_w - prefix[start] + space * (end - start - 1)  # span_w(start, end)
                if w > width and u - s > 1:
                    break
                if prev == inf:
                    continue
                c = prev + brk + (NEVER if w > width else 0.0)
                if centred:
                    c += BALANCE * ((w - mean) / width) ** 2
                elif not last:
                    c += FILL * ((width - w) / width) ** 2
                if last and k > 1:
                    if end - start == 1:
                        c += LONE_SYLLABLE
                    if w < 0.25 * mean:
                        c += SHORT_LAST
                if c < row[u]:
                    row[u] = c
                    back_row[u] = s
    spans = []
    u = m
    for line in range(k, 0, -1):
        s = back[line][u]
        spans.append((bounds[s], bounds[u]))
        u = s
    spans.reverse()
    lines = tuple(" ".join(tokens[i:j]) for i, j in spans)
    return Lines(lines, tuple(split), tuple(span_w(i, j) for i, j in spans))
