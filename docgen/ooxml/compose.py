"""A new DOCX from paragraphs, in Decree 30 body style: what a PDF, a scan or a photo becomes.

The package is built here, part by part, deterministically (fixed order, no dates): A4, margins
20/20/30/15 mm, Times New Roman 14, justified, first-line indent 12.7 mm, 6 pt after each
paragraph, single-and-a-fifth line spacing; headings centred and bold; page numbers centred in
the top margin from page 2 (Decree 30, Appendix I); running header and footer lines kept in the
header and footer parts, apart from the text. A paragraph whose text is in a legacy font keeps
that font name on its runs, so that cleaning converts it the same way as in a typed DOCX.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from ..io.package import write_package
from ..io.xmlsafe import serialize_xml
from ..textsafe import FORBIDDEN
from .ns import W, W_NS

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
BODY_FONT = "Times New Roman"


@dataclass
class Block:
    """One paragraph to write: ``kind`` body | heading | list; ``align`` both | center | left."""

    text: str
    kind: str = "body"
    align: str = "both"
    bold: bool = False
    font: str | None = None  # a font other than the body font (a legacy font to convert)


def _el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    e = etree.Element(W + tag) if parent is None else etree.SubElement(parent, W + tag)
    for k, v in attrs.items():
        e.set(W + k, v)
    return e


def _run(p: etree._Element, text: str, bold: bool = False, font: str | None = None) -> None:
    r = _el("r", p)
    if bold or font:
        rpr = _el("rPr", r)
        if font:
            _el("rFonts", rpr, ascii=font, hAnsi=font, cs=font)
        if bold:
            _el("b", rpr)
    t = _el("t", r)
    t.text = FORBIDDEN.sub(" ", text)  # a control character in a PDF text layer separates words
    if t.text != t.text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _paragraph(body: etree._Element, block: Block) -> None:
    p = _el("p", body)
    ppr = _el("pPr", p)
    if block.kind == "heading":
        _el("pStyle", ppr, val="Heading")
    if block.align != "both":
        _el("jc", ppr, val=block.align)
    _run(p, block.text, bold=block.bold, font=block.font)


def _page_field(p: etree._Element) -> None:
    for kind in ("begin", None, "separate", "end"):
        r = _el("r", p)
        if kind is None:
            _el("instrText", r).text = " PAGE "
        else:
            _el("fldChar", r, fldCharType=kind)
        if kind == "separate":
            _el("t", _el("r", p)).text = "2"


def _hdr(tag: str, lines: Iterable[str], page_number: bool) -> bytes:
    root = etree.Element(W + tag, nsmap={"w": W_NS})
    for text in lines:
        p = _el("p", root)
        _el("jc", _el("pPr", p), val="center")
        _run(p, text)
    if page_number:
        p = _el("p", root)
        _el("jc", _el("pPr", p), val="center")
        _page_field(p)
    if not len(root):
        _el("p", root)
    return serialize_xml(root)


_STYLES = f"""<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}" w:eastAsia="{BODY_FONT}"/>
<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Heading"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="120"/><w:ind w:firstLine="0"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>
<w:pPr><w:spacing w:after="0"/><w:ind w:firstLine="0"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
</w:styles>"""


def compose_docx(blocks: Iterable[Block], headers: Iterable[str] = (), footers: Iterable[str] = (),
                 page_numbers: bool = True) -> bytes:
    """The DOCX bytes of ``blocks``; same blocks → same bytes."""
    root = etree.Element(W + "document", nsmap={"w": W_NS, "r": R_NS})
    body = _el("body", root)
    for block in blocks:
        _paragraph(body, block)
    headers, footers = list(headers), list(footers)
    sect = _el("sectPr", body)
    rels = [("rId1", "styles", "styles.xml"), ("rId2", "settings", "settings.xml")]
    parts: dict[str, bytes] = {}
    if headers or page_numbers:
        parts["word/header1.xml"] = _hdr("hdr", headers, page_numbers)
        parts["word/header2.xml"] = _hdr("hdr", headers, False)  # page 1: no number (Decree 30)
        rels += [("rId3", "header", "header1.xml"), ("rId4", "header", "header2.xml")]
        sect.append(etree.fromstring(f'<w:headerReference xmlns:w="{W_NS}" xmlns:r="{R_NS}" w:type="default" r:id="rId3"/>'))
        sect.append(etree.fromstring(f'<w:headerReference xmlns:w="{W_NS}" xmlns:r="{R_NS}" w:type="first" r:id="rId4"/>'))
    if footers:
        parts["word/footer1.xml"] = _hdr("ftr", footers, False)
        rels.append(("rId5", "footer", "footer1.xml"))
        sect.append(etree.fromstring(f'<w:footerReference xmlns:w="{W_NS}" xmlns:r="{R_NS}" w:type="default" r:id="rId5"/>'))
    _el("pgSz", sect, w="11906", h="16838")
    _el("pgMar", sect, top="1134", right="851", bottom="1134", left="1701", header="567", footer="567", gutter="0")
    if headers or page_numbers:
        _el("titlePg", sect)
    overrides = [("/word/document.xml", _WML + "document.main+xml"), ("/word/styles.xml", _WML + "styles+xml"),
                 ("/word/settings.xml", _WML + "settings+xml")]
    overrides += [("/" + n, _WML + ("header+xml" if "header" in n else "footer+xml")) for n in parts]
    types = (f'<Types xmlns="{_CT_NS}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides) + "</Types>")
    doc_rels = (f'<Relationships xmlns="{_PKG_REL}">'
                + "".join(f'<Relationship Id="{i}" Type="{_DOC_TYPE}{t}" Target="{target}"/>' for i, t, target in rels)
                + "</Relationships>")
    settings = f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/><w:compat/></w:settings>'
    decl = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    out = {
        "[Content_Types].xml": decl + types.encode(),
        "_rels/.rels": decl + (f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                               f'Type="{_DOC_TYPE}officeDocument" Target="word/document.xml"/></Relationships>').encode(),
        "word/document.xml": serialize_xml(root),
        "word/_rels/document.xml.rels": decl + doc_rels.encode(),
        "word/styles.xml": decl + _STYLES.encode(),
        "word/settings.xml": decl + settings.encode(),
        **parts,
    }
    return write_package(out)
