"""XML surgery used by the linter's fixes: set run formatting, page setup (text edits go
through docgen.ooxml.edit). Children are placed by the ooxml layer's declared child order."""
from __future__ import annotations

from lxml import etree

from ..ooxml import order
from ..ooxml.ns import W


def run_rpr(r: etree._Element) -> etree._Element:
    return order.child(r, "rPr")


def set_run_size(r: etree._Element, pt: float) -> None:
    rpr = run_rpr(r)
    for name in ("sz", "szCs"):
        order.child(rpr, name).set(W + "val", str(round(pt * 2)))


def set_run_font(r: etree._Element, font: str) -> None:
    f = order.child(run_rpr(r), "rFonts")
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        f.attrib.pop(W + attr, None)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        f.set(W + attr, font)


def set_run_color(r: etree._Element, color: str) -> None:
    c = order.child(run_rpr(r), "color")
    c.set(W + "val", color)
    for attr in ("themeColor", "themeShade", "themeTint"):
        c.attrib.pop(W + attr, None)


def section_child(sect: etree._Element, name: str) -> etree._Element:
    """``w:sectPr``'s ``w:<name>`` (pgSz, pgMar …), created in schema order if missing."""
    return order.child(sect, name)
