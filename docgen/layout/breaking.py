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
from .metrics import pt, text_width

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
    args = (text, source or text, round(width_mm, 2), float(size), bold, italic, align)
    natural = _break(*args, 1)
    return natural if min_lines <= len(natural.lines) else _break(*args, min_lines)


def fits(text: str, width_mm: float, size: float, *, bold: bool = False, italic: bool = False) -> bool:
    """Whether ``text`` fits on one line of ``width_mm``."""
    return text_width(text, size, bold=bold, italic=italic) <= pt(width_mm) * SAFETY


@functools.lru_cache(maxsize=8192)
def _break(text: str, source: str, width_mm: float, size: float, bold: bool, italic: bool, align: str,
           min_lines: int) -> Lines:
    pieces = text.split("\n")
    sources = source.split("\n")
    if len(sources) != len(pieces):
        sources = pieces
    lines: list[str] = []
    widths: list[float] = []
    split: list[str] = []
    for piece, src in zip(pieces, sources):
        got = _break_piece(piece, src, pt(width_mm) * SAFETY, size, bold, italic, align,
                           min_lines if len(pieces) == 1 else 1)
        lines.extend(got.lines)
        widths.extend(got.widths)
        split.extend(got.split)
    return Lines(tuple(lines), tuple(split), tuple(widths))


def _break_piece(text: str, source: str, width: float, size: float, bold: bool, italic: bool, align: str,
                 min_lines: int) -> Lines:
    tokens = text.split()
    if not tokens:
        return Lines(("",), (), (0.0,))

    def measure(s: str) -> float:
        return text_width(s, size, bold=bold, italic=italic)

    whole = " ".join(tokens)
    whole_w = measure(whole)
    if whole_w <= width and min_lines <= 1:
        return Lines((whole,), (), (whole_w,))
    src_tokens = source.split()
    _, costs = break_costs(" ".join(src_tokens) if len(src_tokens) == len(tokens) else whole)
    space = measure(" ")
    # units: the pieces between allowed breaks; a unit wider than the line is cut into tokens
    units: list[tuple[int, int]] = []
    start = 0
    for k in range(len(tokens)):
        if k == len(tokens) - 1 or costs[k] < NEVER:
            units.append((start, k + 1))
            start = k + 1
    prefix = [0.0]
    for t in tokens:
        prefix.append(prefix[-1] + measure(t))

    def span_w(i: int, j: int) -> float:  # tokens[i:j]
        return prefix[j] - prefix[i] + space * (j - i - 1)

    cut: list[tuple[int, int]] = []
    split: list[str] = []
    for i, j in units:
        if span_w(i, j) > width and j - i > 1:
            split.append(" ".join(tokens[i:j]))
            cut.extend((k, k + 1) for k in range(i, j))
        else:
            cut.append((i, j))
    units = cut
    bounds = [i for i, _ in units] + [len(tokens)]  # token index where each unit starts (+ end)
    m = len(units)
    # the fewest lines: greedy filling is optimal for the count
    k_min, cur = 1, 0.0
    for i, j in units:
        w = span_w(i, j)
        if cur and cur + space + w > width:
            k_min, cur = k_min + 1, w
        else:
            cur = cur + space + w if cur else w
    k = min(max(k_min, min_lines), m)
    total = span_w(0, len(tokens))
    mean = (total - space * (k - 1)) / k
    inf = float("inf")
    # best[l][u]: least cost of units[:u] in l lines
    best = [[inf] * (m + 1) for _ in range(k + 1)]
    back = [[-1] * (m + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for line in range(1, k + 1):
        last = line == k
        for u in range(line, m + 1 if last else m - (k - line) + 1):
            if last and u != m:
                continue
            end = bounds[u]
            brk = costs[end - 1] if end < len(tokens) else 0.0
            for s in range(u - 1, line - 2, -1):
                prev = best[line - 1][s]
                w = span_w(bounds[s], end)
                if w > width and u - s > 1:
                    break
                if prev == inf:
                    continue
                c = prev + brk + (NEVER if w > width else 0.0)
                if align == "center":
                    c += BALANCE * ((w - mean) / width) ** 2
                elif not last:
                    c += FILL * ((width - w) / width) ** 2
                if last and k > 1:
                    if end - bounds[s] == 1:
                        c += LONE_SYLLABLE
                    if w < 0.25 * mean:
                        c += SHORT_LAST
                if c < best[line][u]:
                    best[line][u] = c
                    back[line][u] = s
    spans = []
    u = m
    for line in range(k, 0, -1):
        s = back[line][u]
        spans.append((bounds[s], bounds[u]))
        u = s
    spans.reverse()
    lines = tuple(" ".join(tokens[i:j]) for i, j in spans)
    return Lines(lines, tuple(split), tuple(span_w(i, j) for i, j in spans))
