"""XML surgery used by the linter's fixes: set run formatting, page setup (text edits go
through docgen.ooxml.edit). Children are inserted in schema order so Word accepts them."""
from __future__ import annotations

from lxml import etree

from ..ooxml.ns import W

RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
             "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
             "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
             "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
             "specVanish", "oMath"]
SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
              "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
              "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
              "sectPrChange"]


def child(parent: etree._Element, name: str, order: list[str]) -> etree._Element:
    """Return ``parent``'s w:<name> child, creating it at its schema position if missing."""
    el = parent.find(W + name)
    if el is not None:
        return el
    el = etree.Element(W + name)
    rank = order.index(name)
    for i, ch in enumerate(parent):
        local = etree.QName(ch).localname if isinstance(ch.tag, str) else ""
        if local in order and order.index(local) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def run_rpr(r: etree._Element) -> etree._Element:
    rpr = r.find(W + "rPr")
    if rpr is None:
        rpr = etree.Element(W + "rPr")
        r.insert(0, rpr)
    return rpr


def set_run_size(r: etree._Element, pt: float) -> None:
    rpr = run_rpr(r)
    for name in ("sz", "szCs"):
        child(rpr, name, RPR_ORDER).set(W + "val", str(round(pt * 2)))


def set_run_font(r: etree._Element, font: str) -> None:
    f = child(run_rpr(r), "rFonts", RPR_ORDER)
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        f.attrib.pop(W + attr, None)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        f.set(W + attr, font)


def set_run_color(r: etree._Element, color: str) -> None:
    c = child(run_rpr(r), "color", RPR_ORDER)
    c.set(W + "val", color)
    for attr in ("themeColor", "themeShade", "themeTint"):
        c.attrib.pop(W + attr, None)
