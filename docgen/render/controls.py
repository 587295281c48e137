r"""Control characters in printed values: mapped the way docxtpl users expect, or refused.

XML 1.0 forbids most C0 control characters, so a value holding one, written raw, makes a DOCX
that Word and LibreOffice refuse. Every value a template prints goes through :func:`map_text`:

========================  ===========================================================
in the value              in the document
========================  ===========================================================
``\n`` (also ``\r\n``,    a line break inside the paragraph (``<w:br/>``); ``\x0b`` is
``\r``, ``\x0b``)         what Word itself types for Shift+Enter
``\t``                    a tab (``<w:tab/>``)
``\a``                    a new paragraph with the same paragraph and run formatting
``\f``                    a page break (a new paragraph after it)
any other character       refused: the render stops with a message naming the character
XML forbids (``\x00``,    (U+0000 …) and where it was printed; nothing is written
``\x1b``, ``\uffff`` …)
========================  ===========================================================

The mapping happens in two steps so that it costs nothing when no value holds such a
character: :func:`map_text` turns the four kinds into *sentinels* (the characters
``\x01``–``\x04``, which cannot otherwise reach the output: they are refused in values and
cannot be in a parsed template), and :func:`resolve` turns sentinels into WordprocessingML
once a part is rendered (in ``docProps`` parts into plain ``\n`` / ``\t``).
"""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml only where a part must be parsed (a new paragraph or page break)
    from lxml import etree

from .. import textsafe

LINE, TAB, PARA, PAGE = "\x01", "\x02", "\x03", "\x04"
_ANY_CONTROL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_SENTINEL = re.compile("[\x01-\x04]")


class ControlCharacterError(ValueError):
    """A printed value holds a character XML 1.0 forbids and that has no meaning in a document."""


def map_text(value: str) -> str:
    """``value`` with line breaks, tabs, paragraph and page marks as sentinels; raises
    :class:`ControlCharacterError` for any other character XML forbids."""
    if not _ANY_CONTROL.search(value):
        return value
    # the mapped characters stand aside (as spaces, keeping positions) while the one text-safety
    # rule (docgen.textsafe) looks for the others (str.replace, not str.translate: translate
    # takes its slow path on Vietnamese text)
    i = textsafe.first_forbidden(value.replace("\a", " ").replace("\x0b", " ").replace("\f", " "))
    if i is not None:
        start = max(i - 20, 0)
        around = textsafe.FORBIDDEN.sub("\ufffd", value[start:i + 20])
        raise ControlCharacterError(
            f"giá trị in ra chứa ký tự điều khiển {textsafe.describe(value[i])}, không được phép trong văn bản Word "
            f"(gần: “{around}”); hãy xóa ký tự này khỏi dữ liệu. Xuống dòng (\\n), tab (\\t), đoạn mới (\\a) "
            "và ngắt trang (\\f) thì được phép"
        )
    return (value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", LINE).replace("\x0b", LINE)
            .replace("\t", TAB).replace("\a", PARA).replace("\f", PAGE))


def has_controls(value: str) -> bool:
    """Whether ``value`` holds any C0 control, surrogate or non-character (the slow path)."""
    return _ANY_CONTROL.search(value) is not None


def has_sentinels(xml: str) -> bool:
    # four str.find scans: several times faster than one regex search on non-ASCII text
    return LINE in xml or TAB in xml or PARA in xml or PAGE in xml


def _next_inline(xml: str, start: int) -> int:
    """Index of the next line-break or tab sentinel at or after ``start`` (-1 if none)."""
    a = xml.find(LINE, start)
    b = xml.find(TAB, start)
    if a < 0:
        return b
    return a if b < 0 or a < b else b


# ---------------------------------------------------------------- resolving sentinels

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % _W_NS
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# XML-legal stand-ins while the part is parsed: Unicode noncharacters, reserved for internal use;
# four the part does not already hold (a value may carry noncharacters of its own).
_NONCHARS = [chr(c) for c in range(0xFDD0, 0xFDF0)]
_HOLD = {LINE: "\ufdd0", TAB: "\ufdd1", PARA: "\ufdd2", PAGE: "\ufdd3"}
_HOLD_BACK = {v: k for k, v in _HOLD.items()}
_HOLD_RE = re.compile("[\ufdd0-\ufdd3]")


def _holds(xml: str) -> tuple[dict[str, str], dict[str, str], re.Pattern[str]] | None:
    """Four noncharacters absent from ``xml`` to stand in for the sentinels (None if it holds
    nearly all of them)."""
    free = [c for c in _NONCHARS if c not in xml][:4]
    if len(free) < 4:
        return None
    hold = dict(zip((LINE, TAB, PARA, PAGE), free))
    return hold, {v: k for k, v in hold.items()}, re.compile("[" + "".join(free) + "]")


@functools.lru_cache(maxsize=1)
def _parser() -> etree.XMLParser:
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


_PLAIN = {ord(LINE): "\n", ord(TAB): "\t", ord(PARA): "\n", ord(PAGE): "\n"}
# inside the text of a w:t: close the text, the break or tab, reopen a text (same run, same format)
_BR = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def resolve(xml: str, kind: str = "word") -> str:
    """Turn sentinels in a rendered part into WordprocessingML (``kind="word"``) or plain text.

    Line breaks and tabs inside a ``w:t``'s text (the usual case: a value printed in a
    paragraph) are resolved in the text itself, without parsing the part; the part is parsed
    only when it holds a new paragraph or page break (the paragraph must be split) or a
    sentinel somewhere other than a ``w:t``'s text (an attribute: it becomes a space)."""
    if not has_sentinels(xml):
        return xml
    if kind != "word":
        return xml.translate(_PLAIN)
    if PARA not in xml and PAGE not in xml:
        out = _resolve_inline(xml)
        if out is not None:
            return out
    return _resolve_tree(xml)


def _resolve_inline(xml: str) -> str | None:
    """Line breaks and tabs resolved textually; None if a sentinel is not in a ``w:t``'s text."""
    out: list[str] = []
    pos = 0
    at = _next_inline(xml, 0)
    while at >= 0:
        start = xml.rfind("<", pos, at)
        if start < 0 or not xml.startswith("<w:t", start) or xml[start + 4] not in " >":
            return None
        head_end = xml.find(">", start, at)
        close = xml.find("<", at)
        if head_end < 0 or not xml.startswith("</w:t>", close):
            return None
        head = xml[start:head_end + 1]
        if 'xml:space="preserve"' not in head:
            if "xml:space" in head:
                return None
            head = head[:-1] + ' xml:space="preserve">'
        out.append(xml[pos:start])
        out.append(head)
        out.append(xml[head_end + 1:close].replace(LINE, _BR).replace(TAB, _TAB))
        pos = close
        at = _next_inline(xml, close)
    out.append(xml[pos:])
    return "".join(out)


def _resolve_tree(xml: str) -> str:
    """The general case: the part parsed, paragraphs split where a value starts a new one."""
    from lxml import etree
    holds = _holds(xml)
    if holds is None:
        xml = _HOLD_RE.sub("\ufffd", xml)
        holds = _HOLD, _HOLD_BACK, _HOLD_RE
    hold, back, hold_re = holds
    xml = _SENTINEL.sub(lambda m: hold[m.group()], xml)
    decl = ""
    if xml.startswith("<?xml"):
        end = xml.index("?>") + 2
        decl, xml = xml[:end], xml[end:]
    root = etree.fromstring(xml.encode("utf-8"), _parser())
    for t in list(root.iter(_W + "t")):
        if t.text and hold_re.search(t.text):
            _expand(t, back, hold_re)
    out = etree.tostring(root, encoding="unicode")
    # a sentinel printed outside text (an attribute, say) has no meaning there: a space
    return decl + hold_re.sub(" ", out)


def _new_t(text: str) -> etree._Element:
    from lxml import etree
    t = etree.Element(_W + "t")
    t.set(_XML_SPACE, "preserve")
    t.text = text
    return t


def _shallow(el: etree._Element) -> etree._Element:
    from lxml import etree
    new = etree.Element(el.tag, attrib=dict(el.attrib))
    props = {_W + "p": _W + "pPr", _W + "r": _W + "rPr"}.get(el.tag)
    if props is not None:
        pr = el.find(props)
        if pr is not None:
            copy = etree.fromstring(etree.tostring(pr))
            for sect in copy.findall(_W + "sectPr"):
                copy.remove(sect)
            new.append(copy)
    return new


def _split_after(node: etree._Element, stop: etree._Element) -> dict[str, etree._Element]:
    """Move everything after ``node`` inside ``stop`` into a new sibling of ``stop``; return the
    clones by tag. A section break in the paragraph's properties moves to the second half."""
    from lxml import etree
    clones: dict[str, etree._Element] = {}
    cur, lower = node, None
    while True:
        parent = cur.getparent()
        new = _shallow(parent)
        clones[parent.tag] = new
        if lower is not None:
            new.append(lower)
        for sib in list(cur.itersiblings()):
            new.append(sib)
        if parent is stop:
            ppr = stop.find(_W + "pPr")
            sect = ppr.find(_W + "sectPr") if ppr is not None else None
            if sect is not None:
                new_ppr = new.find(_W + "pPr")
                if new_ppr is None:
                    new_ppr = etree.SubElement(new, _W + "pPr")
                    new.insert(0, new_ppr)
                new_ppr.append(sect)
            stop.addnext(new)
            return clones
        lower, cur = new, parent


def _expand(t: etree._Element, back: dict[str, str] = _HOLD_BACK, hold_re: re.Pattern[str] = _HOLD_RE) -> None:
    from lxml import etree
    pieces = hold_re.split(t.text or "")
    marks = hold_re.findall(t.text or "")
    t.text = pieces[0]
    t.set(_XML_SPACE, "preserve")
    cur = t
    for mark, piece in zip(marks, pieces[1:]):
        kind = back[mark]
        para = next(cur.iterancestors(_W + "p"), None)
        run = next(cur.iterancestors(_W + "r"), None)
        if kind in (PARA, PAGE) and para is not None and run is not None:
            clones = _split_after(cur, para)
            new_p, new_r = clones[_W + "p"], clones[_W + "r"]
            if kind == PAGE:
                brk = etree.Element(_W + "p")
                etree.SubElement(etree.SubElement(brk, _W + "r"), _W + "br").set(_W + "type", "page")
                para.addnext(brk)
            nt = _new_t(piece)
            new_r.insert(1 if new_r.find(_W + "rPr") is not None else 0, nt)
            del new_p  # kept in the tree by _split_after
            cur = nt
            continue
        el = etree.Element(_W + ("tab" if kind == TAB else "br"))
        cur.addnext(el)
        nt = _new_t(piece)
        el.addnext(nt)
        cur = nt
