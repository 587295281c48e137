"""Turn a DOCX part that holds Jinja tags into Jinja source, once, at compile time.

Word splits what a person types into several runs ("{{ agency." + "name }}") and turns
quotes into curly quotes. Before compiling we (the conventions docxtpl users know):

1. join every tag (and every literal-brace mark ``{_{ }_} {_% %_}``) that is split across the
   ``w:t`` elements of one paragraph back into the first of them, and straighten curly quotes
   inside tags;
2. drop the paragraph, row or cell holding a ``{#p … #}``, ``{#tr … #}`` or ``{#tc … #}``
   comment;
3. replace the run holding ``{{r x }}`` / ``{%r … %}``, and the paragraph, row or cell holding
   ``{{p x }}``, ``{%p … %}``, ``{%tr … %}``, ``{%tc … %}``, by the bare tag, so that loops and
   conditions repeat or drop whole runs, paragraphs, rows and columns, and rich values replace
   whole runs and paragraphs;
4. turn the cell tags ``{% colspan n %}``, ``{% cellbg "hex" %}``, ``{% vm %}`` and ``{% hm %}``
   into the cell's properties (span, shading, vertical and horizontal merge in loops);
5. merge ``{%- … %}`` with the text before it and ``{% … -%}`` with the text after it, across
   paragraphs, and write ``{_{ }_} {_% %_}`` as literal ``{{ }} {% %}``.

Each paragraph and row starts a new line of the source, so that an error's line number names
the paragraph a clerk sees in Word (:class:`SourceMap`).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # lxml only for compiling a part (a cached template is not compiled)
    from lxml import etree

from ..ooxml.ns import XML_SPACE, W

TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LEVEL_RE = re.compile(r"\{(%|\{|#)(p|tr|tc|r)\s+(.*?)\s*(?:%|\}|#)\}", re.S)
_CELL_RE = re.compile(r"\{%\s*(colspan|cellbg|vm|hm)\b\s*(.*?)\s*%\}", re.S)
# what is joined when Word splits it across runs: tags, and the literal-brace marks on their own
_JOIN_RE = re.compile(r"\{_\{|\}_\}|\{_%|%_\}|" + TAG_RE.pattern, re.S)
_MARK_NS = "urn:docgen:tag"
_MARK = "{%s}tag" % _MARK_NS
_MARK_RE = re.compile(r'<dgt:tag xmlns:dgt="urn:docgen:tag">(.*?)</dgt:tag>', re.S)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})
_TC_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"]
_LITERALS = (("{_{", "{{ '{{' }}"), ("}_}", "{{ '}}' }}"), ("{_%", "{{ '{%' }}"), ("%_}", "{{ '%}' }}"))
_MERGE_BEFORE = re.compile(r"</w:t>(?:(?!</w:t>).)*?\{%-", re.S)
_MERGE_AFTER = re.compile(r"-%\}(?:(?!<w:t[ >]|\{%|\{\{).)*?<w:t[^>]*?>", re.S)
_NEWLINE_BEFORE = re.compile(r"(?=<w:(?:p|tr)[ >])")
_WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_PROP_PARTS = {"docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"}


def has_tags(xml: bytes) -> bool:
    # "{_" / "_}": a literal-brace mark, possibly split by Word ("{_" in one run, "{" in the next)
    return b"{{" in xml or b"{%" in xml or b"{#" in xml or b"{_" in xml or b"_}" in xml


def part_kind(name: str) -> str | None:
    """``"word"`` for parts of WordprocessingML text, ``"props"`` for document properties,
    None for parts that are never templated."""
    if _WORD_PARTS.match(name):
        return "word"
    if name in _PROP_PARTS:
        return "props"
    return None


@dataclass
class Compiled:
    """The Jinja source of one part and what the engine needs to render it."""

    source: str
    props: list[tuple[str, str]] = field(default_factory=list)  # (pPr, rPr) of {{p}} / {{r}} tags
    fix_tables: bool = False


# ---------------------------------------------------------------- joining split tags

def _join_split_tags(paragraph: etree._Element) -> None:
    texts = [t for t in paragraph.iter(W + "t")]
    if not texts:
        return
    full = "".join(t.text or "" for t in texts)
    if "{" not in full and "_}" not in full:
        return
    spans = []
    pos = 0
    for t in texts:
        n = len(t.text or "")
        spans.append((pos, pos + n))
        pos += n
    for m in reversed(list(_JOIN_RE.finditer(full))):
        start, end = m.span()
        first = next(i for i, (a, b) in enumerate(spans) if a <= start < b)
        last = next(i for i, (a, b) in enumerate(spans) if a < end <= b)
        tag = m.group(0).translate(_QUOTES)
        a0 = spans[first][0]
        if first == last:
            s = texts[first].text or ""
            texts[first].text = s[: start - a0] + tag + s[end - a0:]
            continue
        texts[first].text = (texts[first].text or "")[: start - a0] + tag
        for i in range(first + 1, last):
            texts[i].text = ""
        texts[last].text = (texts[last].text or "")[end - spans[last][0]:]
    for t in texts:
        t.set(XML_SPACE, "preserve")


def _marker(text: str) -> etree._Element:
    from lxml import etree
    m = etree.Element(_MARK, nsmap={"dgt": _MARK_NS})
    m.text = text
    return m


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def _props_xml(el: etree._Element | None, tag: str) -> str:
    from lxml import etree
    if el is None:
        return ""
    pr = el.find(W + tag)
    if pr is None:
        return ""
    xml = etree.tostring(pr, encoding="unicode")
    return re.sub(r'\sxmlns:\w+="[^"]*"', "", xml)


# ---------------------------------------------------------------- run-level tags

def _isolate_run_tags(paragraph: etree._Element) -> None:
    """Give every ``{{r …}}`` / ``{%r …%}`` tag a run of its own (formatting kept on both sides)."""
    from lxml import etree
    for t in list(paragraph.iter(W + "t")):
        cur = t
        while cur.text and ("{{r" in cur.text or "{%r" in cur.text):
            m = next((m for m in TAG_RE.finditer(cur.text) if re.match(r"\{[{%]r\s", m.group(0))), None)
            run = cur.getparent()
            if m is None or run is None or run.tag != W + "r":
                break
            before, tag, after = cur.text[:m.start()], m.group(0), cur.text[m.end():]
            # the tag's own run: a copy of the run's properties and just the tag
            tag_run = etree.Element(W + "r")
            rpr = run.find(W + "rPr")
            if rpr is not None:
                tag_run.append(etree.fromstring(etree.tostring(rpr)))
            tag_t = etree.SubElement(tag_run, W + "t")
            tag_t.text = tag
            rest = etree.Element(W + "r")
            if rpr is not None:
                rest.append(etree.fromstring(etree.tostring(rpr)))
            new_t = etree.SubElement(rest, W + "t")
            new_t.set(XML_SPACE, "preserve")
            new_t.text = after
            for sib in list(cur.itersiblings()):
                rest.append(sib)
            cur.text = before
            run.addnext(tag_run)
            tag_run.addnext(rest)
            cur = new_t


# ---------------------------------------------------------------- cell tags

def _tc_pr(tc: etree._Element) -> etree._Element:
    from lxml import etree
    pr = tc.find(W + "tcPr")
    if pr is None:
        pr = etree.Element(W + "tcPr")
        tc.insert(0, pr)
    return pr


def _set_tc_prop(tc: etree._Element, name: str, attrs: dict[str, str]) -> etree._Element:
    from lxml import etree
    pr = _tc_pr(tc)
    old = pr.find(W + name)
    if old is not None:
        pr.remove(old)
    el = etree.Element(W + name)
    for k, v in attrs.items():
        el.set(W + k, v)
    rank = _TC_ORDER.index(name)
    pos = 0
    for i, child in enumerate(pr):
        local = etree.QName(child).localname
        if local in _TC_ORDER and _TC_ORDER.index(local) < rank:
            pos = i + 1
    pr.insert(pos, el)
    return el


def _drop_empty(t: etree._Element) -> None:
    if t.text:
        return
    run = t.getparent()
    run.remove(t)
    if run.tag == W + "r" and all(c.tag == W + "rPr" for c in run):
        run.getparent().remove(run)


def _cell_tags(root: etree._Element, out: Compiled) -> None:
    for t in list(root.iter(W + "t")):
        if not t.text or "{%" not in t.text:
            continue
        while True:
            m = _CELL_RE.search(t.text or "")
            if m is None:
                break
            tc = next(t.iterancestors(W + "tc"), None)
            if tc is None:
                raise ValueError(f"thẻ {m.group(0)} phải nằm trong một ô của bảng")
            kind, arg = m.group(1), m.group(2).translate(_QUOTES)
            before, after = t.text[:m.start()], t.text[m.end():]
            if kind == "colspan":
                _set_tc_prop(tc, "gridSpan", {"val": "{{ %s }}" % arg})
                out.fix_tables = True
                t.text = before + after
            elif kind == "cellbg":
                _set_tc_prop(tc, "shd", {"val": "clear", "color": "auto", "fill": "{{ %s }}" % arg})
                t.text = before + after
            elif kind == "vm":
                _set_tc_prop(tc, "vMerge", {"val": "{% if loop.first %}restart{% else %}continue{% endif %}"})
                t.text = "{% if loop.first %}" + before + after + "{% endif %}"
            else:  # hm
                pr = _tc_pr(tc)
                span = pr.find(W + "gridSpan")
                n = span.get(W + "val") if span is not None else "1"
                _set_tc_prop(tc, "gridSpan", {"val": "{{ %s * loop.length }}" % n})
                t.text = before + after
                tc.addprevious(_marker("{% if loop.first %}"))
                tc.addnext(_marker("{% endif %}"))
                out.fix_tables = True
        _drop_empty(t)


# ---------------------------------------------------------------- element-level tags

def _level_tags(root: etree._Element, part: str, out: Compiled) -> None:
    for p in list(root.iter(W + "p")):
        while not _detached(p, root):
            m = _LEVEL_RE.search(_text(p))
            if not m or not _level_tag(p, m, part, out):
                break


def _level_tag(p: etree._Element, m: re.Match, part: str, out: Compiled) -> bool:
    """Apply one level tag found in paragraph ``p``; True when ``p`` is still there to scan."""
    kind, level, body = m.groups()
    target: etree._Element | None = p
    if level == "r":
        target = next((t.getparent() for t in p.iter(W + "t") if t.text and m.group(0) in t.text), None)
        if target is None or target.tag != W + "r":
            raise ValueError(f"{part}: thẻ {m.group(0)} phải nằm trong một đoạn văn")
    elif level in ("tr", "tc"):
        target = next(p.iterancestors(W + level), None)
        if target is None:
            where = "một hàng" if level == "tr" else "một ô"
            raise ValueError(f"{part}: thẻ {m.group(0)} phải nằm trong {where} của bảng")
        if level == "tc":
            out.fix_tables = True
    parent = target.getparent() if target is not None else None
    if parent is None or target is None:
        return False
    if kind == "#":
        parent.remove(target)
    elif kind == "%":
        parent.replace(target, _marker("{% " + body + " %}"))
    else:
        # {{p x }} / {{r x }} (and {{tr}} / {{tc}}): a rich value replaces the element
        if level == "p":
            run = next(p.iter(W + "r"), None)
            out.props.append((_props_xml(p, "pPr"), _props_xml(run, "rPr")))
            call = f"_dg_p({body}, {len(out.props) - 1})"
        elif level == "r":
            out.props.append(("", _props_xml(target, "rPr")))
            call = f"_dg_r({body}, {len(out.props) - 1})"
        else:
            call = f"_dg_raw({body})"
        parent.replace(target, _marker("{{ " + call + " }}"))
    return level == "r"


def _detached(el: etree._Element, root: etree._Element) -> bool:
    for a in el.iterancestors():
        if a is root:
            return False
    return el is not root


# ---------------------------------------------------------------- the whole part

def _finish(source: str) -> str:
    source = _MARK_RE.sub(lambda m: html.unescape(m.group(1)), source)
    # lxml escaped "<", ">", "&" and quotes inside tags that sat in w:t text; Jinja needs them raw.
    source = TAG_RE.sub(lambda m: html.unescape(m.group(0)).translate(_QUOTES), source)
    source = _MERGE_BEFORE.sub("{%", source)
    source = _MERGE_AFTER.sub("%}", source)
    for literal, expr in _LITERALS:
        source = source.replace(literal, expr)
    return source


def to_jinja_source(xml: bytes, part: str, name: str | None = None) -> Compiled:
    """The Jinja source of a template part (see the module docstring)."""
    from lxml import etree
    kind = part_kind(part) or "word"
    if kind == "props":
        text = xml.decode("utf-8")
        return Compiled(_finish(text))
    from ..io.xmlsafe import parse_xml

    root = parse_xml(xml, part, name)
    out = Compiled("")
    for p in list(root.iter(W + "p")):
        _join_split_tags(p)
    for p in list(root.iter(W + "p")):
        _isolate_run_tags(p)
    _level_tags(root, part, out)
    _cell_tags(root, out)
    source = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")
    source = _NEWLINE_BEFORE.sub("\n", source)
    out.source = _finish(source)
    return out


def paragraph_texts_by_line(source: str) -> list[str]:
    """For each line of a compiled source, the text of the paragraph it belongs to (for errors)."""
    out = []
    for line in source.split("\n"):
        out.append("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", line)))
    return out
