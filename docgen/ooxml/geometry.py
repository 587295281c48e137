"""Page geometry written into a rendered document part: the header table's column widths and
the length of the three short rules (under the agency name, the motto and the summary).

The templates (scripts/build_templates.py) hold the decree samples' widths; the renderer
(docgen.produce) works out the widths a record needs and this module writes them into the
rendered ``word/document.xml`` text, before it is zipped. It edits attribute values only
and leaves a part it does not recognise (an office's own template) as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

TWIPS_PER_MM = 1440 / 25.4

_GRID = re.compile(r'(<w:gridCol w:w=")(\d+)(")')
_TCW = re.compile(r'(<w:tcW w:type="dxa" w:w=")(\d+)(")|(<w:tcW w:w=")(\d+)(" w:type="dxa")')
_IND = re.compile(r'<w:ind w:left="\d+" w:right="\d+"/>')


@dataclass(frozen=True)
class Geometry:
    """Widths in millimetres: header columns; each rule as (width of its column, its length)."""

    header_left: float
    header_right: float
    rules: tuple[tuple[float, float], ...] = ()


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def apply(xml: str, geo: Geometry) -> str:
    """``xml`` (a rendered document.xml) with the header columns and rule lengths of ``geo``."""
    start = xml.find("<w:tbl>")
    end = xml.find("</w:tbl>", start)
    if start >= 0 and end > start:
        table = xml[start:end]
        cols = iter([twips(geo.header_left), twips(geo.header_right)])
        table, n = _GRID.subn(lambda m: f"{m[1]}{next(cols, m[2])}{m[3]}", table, count=2)
        if n == 2:
            widths = [twips(geo.header_left), twips(geo.header_right)]
            counter = iter(range(1000))

            def tcw(m: re.Match) -> str:
                w = widths[next(counter) % 2]
                return f"{m[1]}{w}{m[3]}" if m[1] else f"{m[4]}{w}{m[6]}"

            table = _TCW.sub(tcw, table)
            xml = xml[:start] + table + xml[end:]
    pos = 0
    for col, length in geo.rules:
        b = xml.find("<w:pBdr>", pos)
        if b < 0:
            break
        m = _IND.search(xml, b, xml.find("</w:pPr>", b))
        if m is None:
            break
        side = twips(max((col - length) / 2, 0))
        new = f'<w:ind w:left="{side}" w:right="{side}"/>'
        xml = xml[:m.start()] + new + xml[m.end():]
        pos = m.start() + len(new)
    return xml


def tighten(xml: str, size: float, smaller: float) -> str:
    """Every run and paragraph mark of ``size`` points set at ``smaller`` (a one-page Giấy mời:
    the decree allows 13 pt for every element docgen sets at 14)."""
    a, b = str(round(size * 2)), str(round(smaller * 2))
    for tag in ("w:sz", "w:szCs"):
        xml = xml.replace(f'<{tag} w:val="{a}"/>', f'<{tag} w:val="{b}"/>')
    return xml


_BR = '</w:t><w:br/><w:t xml:space="preserve">'


def with_breaks(text: str) -> str:
    """``text`` whose new lines are line breaks, as run content ready for a ``w:t`` (the lines
    escaped, a ``w:br`` between them), so the renderer prints it without re-parsing the part;
    text without a new line, or holding another control character, is returned as it is (the
    renderer maps those itself)."""
    if "\n" not in text or any(c < " " and c != "\n" for c in text):
        return text
    return Markup(_BR.join(str(escape(line)) for line in text.split("\n")))
