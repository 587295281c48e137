"""Apply text edits to a paragraph's runs, in place or as Word tracked changes.

An edit is first trimmed to the characters that really change ("Khi" → "Khối" becomes the
insertion of "ố"), so a word split across a bold and a plain run keeps both. The new text goes
into the run where the edit starts (keeping its ``w:rPr``); removed text is cut from the
following runs, which keep their own formatting. In tracked mode the affected runs are split
at the edit's boundaries, the removed pieces are wrapped in ``w:del`` (text in ``w:delText``)
and the new text is a ``w:ins`` run carrying a copy of the start run's ``w:rPr``.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from collections.abc import Iterable

from lxml import etree

from .ns import XML_SPACE, W
from ..normalize.base import Edit
from .text import ParagraphText

_ID_RE = re.compile(rb'\bw:id="(-?\d+)"')
_TEXT_ONLY = {W + n for n in ("rPr", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen",
                              "lastRenderedPageBreak")}


@dataclass
class Revision:
    """Author, date and the id counter of the tracked changes written in one run of docgen,
    and the insertions it wrote (text inside them is docgen's own, edited in place)."""

    author: str
    date: str
    next_id: int = 1
    own: list[etree._Element] = field(default_factory=list)

    @classmethod
    def for_parts(cls, parts: Iterable[bytes], author: str, date: str) -> Revision:
        """Ids start above every ``w:id`` already used in the package's parts."""
        top = 0
        for data in parts:
            for m in _ID_RE.finditer(data):
                top = max(top, int(m.group(1)))
        return cls(author, date, top + 1)

    def element(self, tag: str) -> etree._Element:
        """A new ``w:ins`` or ``w:del`` with the next free id."""
        el = etree.Element(W + tag)
        el.set(W + "id", str(self.next_id))
        self.next_id += 1
        el.set(W + "author", self.author)
        el.set(W + "date", self.date)
        if tag == "ins":
            self.own.append(el)
        return el


def trim(edit: Edit) -> Edit:
    """The smallest edit with the same effect: common prefix and suffix removed."""
    old, new = edit.old, edit.new
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    q = 0
    while q < n - p and old[-1 - q] == new[-1 - q]:
        q += 1
    return Edit(edit.start + p, edit.end - q, old[p:len(old) - q], new[p:len(new) - q], edit.rule, edit.confidence)


def _mode(pieces: list, rev: Revision | None) -> str | None:
    """How a trimmed edit covering ``pieces`` (ParagraphText.pieces) can be applied: "inplace",
    "tracked", or None when it touches fixed text (tab, field result …: no pieces) or, when
    tracking, a pending insertion that is not docgen's own."""
    if not pieces:
        return None
    if rev is None:
        return "inplace"
    owners = {id(s.insertion) for s, _, _ in pieces}
    if owners == {id(None)}:
        return "tracked"
    own = {id(el) for el in rev.own}
    return "inplace" if owners <= own else None


def track_replacement(run: etree._Element, original: etree._Element, rev: Revision) -> None:
    """Record that ``run`` replaced ``original`` (a copy of it before the change): the original
    goes in a ``w:del`` before it, and ``run`` into a ``w:ins``. The change stays untracked
    inside a pending insertion (insertions do not nest) and for a run holding more than text
    (field characters, drawings …, which must not appear twice)."""
    if next(run.iterancestors(W + "ins", W + "moveTo"), None) is not None:
        return
    if any(c.tag not in _TEXT_ONLY for c in run):
        return
    gone = rev.element("del")
    for t in original.iter(W + "t"):
        t.tag = W + "delText"
    gone.append(original)
    run.addprevious(gone)
    ins = rev.element("ins")
    run.addprevious(ins)
    ins.append(run)


def _set_text(t: etree._Element, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def _content(r: etree._Element) -> list[etree._Element]:
    return [c for c in r if c.tag != W + "rPr"]


def _rpr_copy(r: etree._Element) -> etree._Element | None:
    rpr = r.find(W + "rPr")
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for change in rpr.findall(W + "rPrChange"):
        rpr.remove(change)
    return rpr


class _Prefixes:
    """The text of ``w:t`` elements being split, kept lazily. Tracked edits go last first, and
    a split keeps the text before the cut in ``t``: so ``t``'s text is always a prefix of its
    original text, held as a length and written once by :meth:`flush`. Cutting a long text
    once per edit would make a paragraph's cost quadratic."""

    def __init__(self) -> None:
        self.texts: dict[etree._Element, list] = {}  # t -> [original text, current length, index of "  "]

    def _entry(self, t: etree._Element) -> list:
        entry = self.texts.get(t)
        if entry is None:
            text = t.text or ""
            entry = self.texts[t] = [text, len(text), text.find("  ")]
        return entry

    def length(self, t: etree._Element) -> int:
        return self._entry(t)[1]

    def tail(self, t: etree._Element, off: int) -> str:
        orig, n, _ = self._entry(t)
        return orig[off:n]

    def truncate(self, t: etree._Element, off: int) -> None:
        """``t``'s text becomes its first ``off`` characters; xml:space as :func:`_set_text` sets it."""
        entry = self._entry(t)
        orig, double = entry[0], entry[2]
        entry[1] = off
        if off and (orig[0].isspace() or orig[off - 1].isspace() or (double != -1 and double + 2 <= off)):
            t.set(XML_SPACE, "preserve")

    def flush(self) -> None:
        for t, (orig, n, _) in self.texts.items():
            if n != len(orig):
                t.text = orig[:n]
        self.texts.clear()


def _split(t: etree._Element, off: int, texts: _Prefixes) -> tuple[etree._Element | None, etree._Element | None]:
    """Split the run holding ``t`` before character ``off`` of ``t``: (left run, right run),
    either None when that side is empty. ``t`` keeps its identity and the text before ``off``
    (or moves whole to the right run when ``off`` is 0)."""
    r = t.getparent()
    content = _content(r)
    idx = content.index(t)
    length = texts.length(t)
    if off == 0 and idx == 0:
        return None, r
    if off == length and idx == len(content) - 1:
        return r, None
    right = etree.Element(r.tag, dict(r.attrib))
    rpr = r.find(W + "rPr")
    if rpr is not None:
        right.append(copy.deepcopy(rpr))
    if off == 0:
        right.append(t)
    elif off < length:
        t2 = etree.SubElement(right, W + "t", dict(t.attrib))
        _set_text(t2, texts.tail(t, off))
        texts.truncate(t, off)
    for c in content[idx + 1:]:
        right.append(c)
    r.addnext(right)
    return r, right


def _isolate(t: etree._Element, a: int, b: int, texts: _Prefixes) -> etree._Element:
    """Split runs so that one run holds exactly ``t.text[a:b]``; return that run."""
    _split(t, b, texts)
    _, mid = _split(t, a, texts)
    return mid


def _new_run(rpr: etree._Element | None, text: str) -> etree._Element:
    r = etree.Element(W + "r")
    if rpr is not None:
        r.append(rpr)
    _set_text(etree.SubElement(r, W + "t"), text)
    return r


def _apply_inplace(pieces: list, e: Edit, texts: dict[etree._Element, list[tuple[int, int, str]]]) -> None:
    """Record an edit on the text of its ``w:t`` elements: ``texts`` maps each element to its
    replacements (local start, end, new text), last first, and :func:`_rebuild` writes each
    element once — rewriting a long text per edit would make a paragraph's cost quadratic."""
    for i, (seg, a, b) in enumerate(pieces):
        texts.setdefault(seg.elem, []).append((a, b, e.new if i == 0 else ""))


def _rebuild(orig: str, replacements: list[tuple[int, int, str]]) -> tuple[str, bool]:
    """The text after the replacements (non-overlapping, last first, as applied one by one) and
    whether some intermediate version needed xml:space="preserve" (leading or trailing white
    space, or two spaces), as :func:`_set_text` called after each replacement would have set.
    One pass: the versions are orig[:a_j] + S_j where S_j, the text from replacement j on,
    grows by one piece per step; only its first and last characters and whether it holds two
    spaces are kept."""
    ups = replacements[::-1]
    double = orig.find("  ")
    s_first = s_last = ""
    s_double = spaced = False
    pieces: list[str] = []
    for j in range(len(ups) - 1, -1, -1):
        a, b, new = ups[j]
        nxt = ups[j + 1][0] if j + 1 < len(ups) else len(orig)
        piece = new + orig[b:nxt]
        if piece:
            pieces.append(piece)
            s_double = s_double or "  " in piece or (piece[-1] == " " and s_first == " ")
            s_last = s_last or piece[-1]
            s_first = piece[0]
        first = orig[0] if a > 0 else s_first
        last = s_last or (orig[a - 1] if a > 0 else "")
        has_double = (s_double or (double != -1 and double + 2 <= a)
                      or (a > 0 and orig[a - 1] == " " and s_first == " "))
        spaced = spaced or has_double or first.isspace() or last.isspace()
    pieces.append(orig[:ups[0][0]] if ups else orig)
    return "".join(reversed(pieces)), spaced


def _apply_tracked(para: ParagraphText, e: Edit, rev: Revision, texts: _Prefixes) -> None:
    pieces = para.pieces(e.start, e.end)
    first_seg = pieces[0][0]
    rpr = _rpr_copy(first_seg.run)
    ins = None
    if e.new:
        ins = rev.element("ins")
        ins.append(_new_run(rpr, e.new))
    if e.start == e.end:
        left, right = _split(first_seg.elem, pieces[0][1], texts)
        if left is not None:
            left.addnext(ins)
        else:
            assert right is not None  # a split leaves a piece on at least one side
            right.addprevious(ins)
        return
    dels = []
    for seg, a, b in reversed(pieces):
        run = _isolate(seg.elem, a, b, texts)
        wrapper = rev.element("del")
        run.addprevious(wrapper)
        wrapper.append(run)
        for t in run.iter(W + "t"):
            t.tag = W + "delText"
        dels.append(wrapper)
    if ins is not None:
        dels[-1].addnext(ins)


def apply(para: ParagraphText, edits: Iterable[Edit], rev: Revision | None = None) -> list[Edit]:
    """Apply non-overlapping edits (original offsets of ``para.text``); return those applied.
    With ``rev`` they become tracked changes, otherwise the runs are changed in place."""
    done: list[Edit] = []
    texts: dict[etree._Element, list[tuple[int, int, str]]] = {}  # the w:t changed in place, in order
    prefixes = _Prefixes()  # the w:t split by tracked edits
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        e = trim(edit)
        pieces = para.pieces(e.start, e.end) if e.old != e.new else []
        how = _mode(pieces, rev)
        if how == "inplace":
            _apply_inplace(pieces, e, texts)
        elif how == "tracked":
            assert rev is not None
            _apply_tracked(para, e, rev, prefixes)
        else:
            continue
        done.append(edit)
    prefixes.flush()
    rebuilt = {t: _rebuild(t.text or "", ups) for t, ups in texts.items()}
    for t, (text, spaced) in rebuilt.items():
        t.text = text
        if spaced:
            t.set(XML_SPACE, "preserve")
    for t, (text, _) in rebuilt.items():
        r = t.getparent()
        if r is not None and not text:
            r.remove(t)
            _remove_if_empty(r)
    return done[::-1]


def _remove_if_empty(r: etree._Element) -> None:
    """Drop a run left with no content, and a docgen insertion left with no run."""
    parent = r.getparent()
    if _content(r) or parent is None:
        return
    parent.remove(r)
    if parent.tag == W + "ins" and len(parent) == 0 and parent.getparent() is not None:
        parent.getparent().remove(parent)
