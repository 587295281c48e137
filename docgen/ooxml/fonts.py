"""Effective run fonts and the conversion of runs set in legacy (TCVN3/VNI) fonts.

A run's font is its own ``w:rFonts``, else that of its character style, else of its
paragraph style (or the default paragraph style), else ``w:docDefaults`` — following
``w:basedOn`` chains. A legacy run is converted to Unicode and given explicit Unicode fonts in
its own ``w:rPr``; everything else in that ``w:rPr`` (size, bold, italic, colour …) stays.
``styles.xml`` is never changed: headers, footers and footnotes (not cleaned) may still use a
legacy style, and would turn to gibberish if the style's font became a Unicode one.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from lxml import etree

from . import order
from .ns import XML_SPACE, W
from .styles import Styles

_FONT_ATTRS = ("hAnsi", "ascii", "cs", "eastAsia")
_SKIP_ANCESTORS = {W + "del", W + "moveFrom"}
FontEncoding = Callable[[str], "tuple[str, str, bool] | None"]


class StyleSheet(Styles):
    """``styles.xml`` read by the one style reader (:class:`docgen.ooxml.styles.Styles`), asked
    for a run's effective font."""

    def __init__(self, root: etree._Element | None):
        super().__init__(root, {})

    def _chain(self, sid: str | None):
        """rPr of the style and its basedOn ancestors, nearest first."""
        for st in reversed(self.chain(sid)):
            yield st.find(W + "rPr")

    def run_font(self, run: etree._Element, paragraph: etree._Element, attr: str) -> str | None:
        """The effective font name of ``attr`` (ascii, hAnsi …) for a run; None for a theme font
        or when nothing sets it."""
        rstyle = run.find(f"{W}rPr/{W}rStyle")
        pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
        sources = [run.find(W + "rPr")]
        sources += self._chain(None if rstyle is None else rstyle.get(W + "val"))
        sources += self._chain(self.default_para if pstyle is None else pstyle.get(W + "val"))
        sources.append(self.rpr_default)
        for rpr in sources:
            fonts = None if rpr is None else rpr.find(W + "rFonts")
            if fonts is None:
                continue
            if fonts.get(W + attr + "Theme") is not None:
                return None
            if fonts.get(W + attr) is not None:
                return fonts.get(W + attr)
        return None


@dataclass(frozen=True)
class Conversion:
    """Runs of one paragraph converted from one legacy font."""

    encoding: str
    legacy_font: str
    unicode_font: str
    runs: int


def names_legacy_font(roots: Iterable[etree._Element | None], font_encoding: FontEncoding) -> bool:
    """Whether any ``w:rFonts`` in these parts names a legacy font (else nothing to convert)."""
    return any(font_encoding(value) is not None
               for root in roots if root is not None
               for fonts in root.iter(W + "rFonts")
               for attr, value in fonts.attrib.items() if attr[len(W):] in _FONT_ATTRS)


def _own_runs(p: etree._Element) -> list[etree._Element]:
    """Runs of this paragraph (not of nested text-box paragraphs, not deleted)."""
    out = []
    for r in p.iter(W + "r"):
        anc = r.getparent()
        while anc is not None and anc is not p and anc.tag != W + "p" and anc.tag not in _SKIP_ANCESTORS:
            anc = anc.getparent()
        if anc is p:
            out.append(r)
    return out


def _set_fonts(run: etree._Element, legacy_attrs: list[str], unicode_font: str) -> None:
    fonts = order.child(order.child(run, "rPr"), "rFonts")
    for attr in legacy_attrs:
        fonts.set(W + attr, unicode_font)


def convert_legacy_runs(p: etree._Element, sheet: StyleSheet, font_encoding: FontEncoding,
                        to_unicode: Callable[..., str], pairs: frozenset[str] = frozenset(),
                        ) -> tuple[list[Conversion], list[tuple[etree._Element, etree._Element]]]:
    """Convert every run of ``p`` that has text and whose effective font is a legacy font.
    Returns one Conversion per (encoding, font), in order of first appearance, and each
    converted run with a copy of it as it was.

    Two things Word does to legacy text are undone first: a TCVN3 "ư" is byte 0xAD, the soft
    hyphen, which Word may store as ``<w:softHyphen/>``; and a two-character letter (VNI
    ``pairs``, e.g. "o" + "á" = "ố") may be split between two runs or two ``w:t``: its mark
    code is moved back beside its base letter before converting.
    """
    found: dict[tuple[str, str, str], int] = {}
    replaced = []
    legacy_runs = []
    runs = _own_runs(p)
    for run in runs:
        legacy_attrs, info, font = [], None, None
        for attr in _FONT_ATTRS:
            name = sheet.run_font(run, p, attr)
            enc = font_encoding(name) if name else None
            if enc is not None:
                legacy_attrs.append(attr)
                if info is None and attr in ("hAnsi", "ascii"):
                    info, font = enc, name
        if info is None:
            continue
        if info[0] == "tcvn3":
            for hyphen in run.findall(W + "softHyphen"):
                t = etree.Element(W + "t")
                t.text = "\xad"
                hyphen.addprevious(t)
                run.remove(hyphen)
        if any(t.tag == W + "t" and t.text for t in run):
            legacy_runs.append((run, info, font or "", legacy_attrs))  # font is set with info
    continued = _continued_words(runs, legacy_runs)
    if pairs:
        _rejoin_pairs([t for run, info, _, _ in legacy_runs if info[0] == "vni"
                       for t in run if t.tag == W + "t" and t.text], pairs)
        for prev_t, t, info in continued:
            if info[0] == "vni":
                _rejoin_pairs([prev_t, t], pairs)
    for run, t, (encoding, _font, upper) in [(t.getparent(), t, info) for _, t, info in continued]:
        word = re.split(r"\s", t.text or "", maxsplit=1)[0]
        if word and not word.isascii():  # the rest of a word begun in a legacy run: "Hµ N" + "éi"
            replaced.append((run, copy.deepcopy(run)))
            t.text = to_unicode(word, encoding, upper=upper) + t.text[len(word):]
    for run, (encoding, unicode_font, upper), font, legacy_attrs in legacy_runs:
        texts = [t for t in run if t.tag == W + "t" and t.text]
        replaced.append((run, copy.deepcopy(run)))
        for t in texts:
            t.text = to_unicode(t.text, encoding, upper=upper)
            t.set(XML_SPACE, "preserve")
        _set_fonts(run, legacy_attrs, unicode_font)
        key = (encoding, font, unicode_font)
        found[key] = found.get(key, 0) + 1
    return [Conversion(enc, font, ufont, n) for (enc, font, ufont), n in found.items()], replaced


def _texts(run: etree._Element) -> list[etree._Element]:
    return [t for t in run if t.tag == W + "t" and t.text]


def _continued_words(runs: list[etree._Element], legacy_runs: list) -> list[tuple[etree._Element, etree._Element, tuple]]:
    """A run in no legacy font right after a legacy run, with no space between them, holds the end
    of that run's last word (Word split the word when the font of its end was lost): (the legacy
    run's last ``w:t``, the next run's first ``w:t``, the legacy run's encoding)."""
    info_of = {id(run): info for run, info, _, _ in legacy_runs}
    out = []
    for run, nxt in zip(runs, runs[1:]):
        if id(run) not in info_of or id(nxt) in info_of:
            continue
        a, b = _texts(run), _texts(nxt)
        if a and b and not a[-1].text[-1].isspace() and not b[0].text[0].isspace():
            out.append((a[-1], b[0], info_of[id(run)]))
    return out


def _rejoin_pairs(texts: list[etree._Element], pairs: frozenset[str]) -> None:
    """Move a mark code that starts a ``w:t`` back to the end of the previous one when the two
    characters form one letter."""
    for prev, cur in zip(texts, texts[1:]):
        if prev.text and cur.text and prev.text[-1] + cur.text[0] in pairs:
            prev.text += cur.text[0]
            cur.text = cur.text[1:]
