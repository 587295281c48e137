"""The declared child order of the WordprocessingML elements docgen adds children to.

Word refuses a part whose children are out of schema order, so a child is never appended:
:func:`child` finds ``parent``'s ``w:<name>`` or creates it before the first existing child
that the schema puts after it — the way python-docx declares ``ZeroOrOne(tag, successors=…)``.
One table per parent element (ECMA-376 Part 1, CT_RPr, CT_PPrBase, CT_SectPr), here only.
"""
from __future__ import annotations

from lxml import etree

from .ns import W

RPR = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
       "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
       "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
       "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
       "specVanish", "oMath", "rPrChange")
PPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
       "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
       "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
       "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
       "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
       "sectPr", "pPrChange")
SECT_PR = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
           "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
           "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
           "sectPrChange")
R = ("rPr",)  # w:r: its properties come first, then the content in document order

ORDERS: dict[str, tuple[str, ...]] = {W + "rPr": RPR, W + "pPr": PPR, W + "sectPr": SECT_PR, W + "r": R}


def successors(parent_tag: str, name: str) -> frozenset[str]:
    """The children the schema puts after ``w:<name>`` inside ``parent_tag`` (Clark names)."""
    order = ORDERS[parent_tag]
    return frozenset(W + n for n in order[order.index(name) + 1:])


def child(parent: etree._Element, name: str) -> etree._Element:
    """Return ``parent``'s ``w:<name>`` child, creating it at its schema position if missing.
    For ``w:r``, only ``rPr`` is declared: it goes first."""
    el = parent.find(W + name)
    if el is not None:
        return el
    el = etree.Element(W + name)
    after = successors(parent.tag, name) if parent.tag != W + "r" else None
    for i, ch in enumerate(parent):
        if after is None or ch.tag in after:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el
