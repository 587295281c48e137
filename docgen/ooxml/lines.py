"""Where a paragraph's lines break: rewrite a paragraph of plain runs as given lines, a
``w:br`` between each two (the lint fix of a header name broken inside a word).

Only the line structure changes: the words stay as they are, in their order and formatting.
A paragraph whose runs are not all alike (two formats, a field, a hyperlink, a tracked
change, a tab, a drawing) is left alone: :func:`set_lines` returns False.
"""
from __future__ import annotations

import copy

from lxml import etree

from .ns import XML_SPACE, W

_PLAIN = {W + "rPr", W + "t", W + "br", W + "lastRenderedPageBreak"}
_PARA_KEEP = {W + "pPr", W + "bookmarkStart", W + "bookmarkEnd", W + "proofErr"}


def plain_runs(p: etree._Element) -> list[etree._Element] | None:
    """The runs of ``p`` when it holds nothing else and each holds only text, line breaks and
    one format shared by all; else None."""
    runs = []
    for child in p:
        if child.tag == W + "r":
            if any(c.tag not in _PLAIN or (c.tag == W + "br" and c.get(W + "type") not in (None, "textWrapping"))
                   for c in child):
                return None
            runs.append(child)
        elif child.tag not in _PARA_KEEP:
            return None
    if not runs:
        return None
    formats = {etree.tostring(r.find(W + "rPr")) if r.find(W + "rPr") is not None else b"" for r in runs}
    return runs if len(formats) == 1 else None


def text_of(runs: list[etree._Element]) -> str:
    """The runs' text, a line break as ``\\n``."""
    out = []
    for r in runs:
        for c in r:
            if c.tag == W + "t":
                out.append(c.text or "")
            elif c.tag == W + "br":
                out.append("\n")
    return "".join(out)


def set_lines(p: etree._Element, lines: list[str]) -> bool:
    """Rewrite ``p`` (a paragraph of plain, alike runs) as ``lines``, a ``w:br`` between each two.
    Refused (False, nothing changed) unless the lines hold exactly the paragraph's words."""
    runs = plain_runs(p)
    if runs is None or not lines:
        return False
    if " ".join(lines).split() != text_of(runs).split():
        return False
    first = runs[0]
    rpr = first.find(W + "rPr")
    new = etree.Element(W + "r", attrib=dict(first.attrib), nsmap=first.nsmap)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    for k, line in enumerate(lines):
        if k:
            etree.SubElement(new, W + "br")
        t = etree.SubElement(new, W + "t")
        t.text = line
        if line != line.strip():
            t.set(XML_SPACE, "preserve")
    first.addprevious(new)
    for r in runs:
        p.remove(r)
    return True
