"""Turn a DOCX part that holds Jinja tags into Jinja source, once, at compile time.

Word splits what a person types into several runs ("{{ agency." + "name }}") and turns
quotes into curly quotes. Before compiling we:

1. join every tag that is split across the ``w:t`` elements of one paragraph back into the
   first of them, and straighten curly quotes inside tags;
2. replace a paragraph holding a ``{%p … %}`` tag by the bare ``{% … %}`` tag, and a table row
   holding a ``{%tr … %}`` tag by the bare tag, so that loops and conditions can repeat or
   drop whole paragraphs and rows (the convention docxtpl users know).

Everything else in the part is left as it is.
"""
from __future__ import annotations

import html
import re

from lxml import etree

from ..io.xmlsafe import parse_xml
from ..ooxml.ns import XML_SPACE, W

TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LEVEL_RE = re.compile(r"\{%(p|tr)\s+(.*?)\s*%\}", re.S)
_MARK_NS = "urn:docgen:tag"
_MARK = "{%s}tag" % _MARK_NS
_MARK_RE = re.compile(r'<dgt:tag xmlns:dgt="urn:docgen:tag">(.*?)</dgt:tag>', re.S)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def has_tags(xml: bytes) -> bool:
    return b"{{" in xml or b"{%" in xml


def _join_split_tags(paragraph: etree._Element) -> None:
    texts = [t for t in paragraph.iter(W + "t")]
    if not texts:
        return
    spans = []
    pos = 0
    for t in texts:
        s = t.text or ""
        spans.append((pos, pos + len(s)))
        pos += len(s)
    full = "".join(t.text or "" for t in texts)
    if "{" not in full:
        return
    for m in reversed(list(TAG_RE.finditer(full))):
        start, end = m.span()
        first = next(i for i, (a, b) in enumerate(spans) if a <= start < b)
        last = next(i for i, (a, b) in enumerate(spans) if a < end <= b)
        tag = m.group(0).translate(_QUOTES)
        a0 = spans[first][0]
        if first == last:
            s = texts[first].text
            texts[first].text = s[: start - a0] + tag + s[end - a0:]
            continue
        texts[first].text = texts[first].text[: start - a0] + tag
        for i in range(first + 1, last):
            texts[i].text = ""
        texts[last].text = texts[last].text[end - spans[last][0]:]
    for t in texts:
        t.set(XML_SPACE, "preserve")


def _level_tag(el: etree._Element) -> tuple[str, str] | None:
    text = "".join(t.text or "" for t in el.iter(W + "t"))
    m = _LEVEL_RE.search(text)
    return (m.group(1), m.group(2)) if m else None


def _replace_with_marker(el: etree._Element, statement: str) -> None:
    marker = etree.Element(_MARK, nsmap={"dgt": _MARK_NS})
    marker.text = "{% " + statement + " %}"
    el.getparent().replace(el, marker)


def to_jinja_source(xml: bytes, part: str) -> str:
    """The Jinja source of a template part (see the module docstring)."""
    root = parse_xml(xml, part)
    for p in list(root.iter(W + "p")):
        _join_split_tags(p)
    for p in list(root.iter(W + "p")):
        found = _level_tag(p)
        if not found:
            continue
        level, statement = found
        target = p
        if level == "tr":
            target = next((a for a in p.iterancestors(W + "tr")), None)
            if target is None:
                raise ValueError(f"{part}: thẻ {{%tr … %}} phải nằm trong một hàng của bảng")
        if target.getparent() is not None:
            _replace_with_marker(target, statement)
    source = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")
    source = _MARK_RE.sub(lambda m: html.unescape(m.group(1)), source)
    # lxml escaped "<", ">" and "&" inside tags that sat in w:t text; Jinja needs them raw.
    return TAG_RE.sub(lambda m: html.unescape(m.group(0)), source)
