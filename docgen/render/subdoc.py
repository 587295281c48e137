"""Subdoc: another DOCX (a standard clause an office keeps in Word) or a document built in
code, inserted where ``{{p x }}`` stands.

    dieu_khoan = tpl.new_subdoc("dieu-khoan-chung.docx")      # a file (path or bytes)
    bang = tpl.new_subdoc()                                    # or built with python-docx:
    bang.add_paragraph("Danh sách đính kèm", style="Heading 2")
    tpl.render({"dieu_khoan": dieu_khoan, "bang": bang})

The inserted body keeps its formatting: the styles it uses that the template does not have are
copied into the template's styles (the template's own win when both have one), its numbered
and bulleted lists get numbering definitions of their own, its pictures and hyperlinks come
along. Section properties, headers and footers of the inserted document are not taken; nor are
its charts, embedded objects (OLE), diagrams, footnotes, endnotes and comments: they are left
out (the text around them stays), so the output never refers to a part it does not hold.
"""
from __future__ import annotations

import copy
import hashlib
import io
import os
from collections.abc import Mapping
from typing import Any

from lxml import etree

from ..errors import TemplateError
from ..io.package import read_package
from ..io.xmlsafe import check_xml
from . import package
from . import state as render_state

W = package.W
R_NS = package.R_NS
_NUMBERING_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
_REL_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_IMAGE_CT = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp",
             "tif": "image/tiff", "tiff": "image/tiff", "emf": "image/x-emf", "wmf": "image/x-wmf"}


class Subdoc:
    """A document to insert; attribute access reaches the python-docx ``Document`` being built."""

    def __init__(self, tpl: Any, docpath: str | os.PathLike | bytes | Any | None = None) -> None:
        self.tpl = tpl
        self._blob: bytes | None = None
        self.subdocx: Any = None
        if docpath is None:
            from docx import Document
            self.subdocx = Document()
        elif isinstance(docpath, (bytes, bytearray, str, os.PathLike)):
            self._blob = package.read_source(bytes(docpath) if isinstance(docpath, bytearray) else docpath)
        else:  # a python-docx Document
            self.subdocx = docpath

    def __getattr__(self, name: str) -> Any:
        sub = self.__dict__.get("subdocx")
        if sub is None:
            raise AttributeError(name)
        return getattr(sub, name)

    def _bytes(self) -> bytes:
        if self.subdocx is not None:
            buf = io.BytesIO()
            self.subdocx.save(buf)
            return buf.getvalue()
        assert self._blob is not None
        return self._blob

    def body_xml(self) -> str:
        st = render_state.current()
        parts = read_package(self._bytes())
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                check_xml(data, name, "văn bản con (Subdoc)")  # untrusted: no DTD, bounded
        try:
            body = package._parse(parts["word/document.xml"]).find(W + "body")
        except (KeyError, etree.XMLSyntaxError):
            raise TemplateError("Văn bản con (Subdoc) không phải tệp DOCX hợp lệ.") from None
        if body is None:
            return ""
        elements = [copy.deepcopy(el) for el in body if el.tag != W + "sectPr"]
        _merge_styles(st, parts, elements)
        _merge_numbering(st, self.tpl.parts, parts, elements)
        _bring_rels(st, parts, elements)
        for el in elements:
            for docpr in el.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
                docpr.set("id", str(st.docpr_id()))
        return "".join(_strip_ns(etree.tostring(el, encoding="unicode")) for el in elements)

    def __html__(self) -> str:
        # printed inside a run by {{ x }} rather than {{p x }}: close the paragraph around it
        return '</w:t></w:r></w:p>' + self.body_xml() + '<w:p><w:r><w:t xml:space="preserve">'

    def __str__(self) -> str:
        return "[văn bản con]"


def _strip_ns(xml: str) -> str:
    # the namespaces the part root declares are not repeated on each inserted element
    return xml.replace(f' xmlns:w="{package.W_NS}"', "")


# ---------------------------------------------------------------- styles

def _style_ids(elements: list[etree._Element]) -> set[str]:
    ids = set()
    for el in elements:
        for tag in ("pStyle", "rStyle", "tblStyle"):
            for s in el.iter(W + tag):
                if s.get(W + "val"):
                    ids.add(s.get(W + "val"))
    return ids


def _merge_styles(st: render_state.RenderState, parts: dict[str, bytes], elements: list[etree._Element]) -> None:
    if "word/styles.xml" not in parts:
        return
    sub = package._parse(parts["word/styles.xml"])
    by_id = {s.get(W + "styleId"): s for s in sub.iter(W + "style")}
    wanted: list[etree._Element] = []
    todo = list(_style_ids(elements))
    seen: set[str] = set()
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in by_id:
            continue
        seen.add(sid)
        style = by_id[sid]
        wanted.append(style)
        for ref in ("basedOn", "link", "next"):
            r = style.find(W + ref)
            if r is not None and r.get(W + "val"):
                todo.append(r.get(W + "val"))
    if not wanted:
        return
    blobs = [etree.tostring(s) for s in sorted(wanted, key=lambda s: s.get(W + "styleId") or "")]

    def edit(data: bytes | None, blobs: list[bytes] = blobs) -> bytes:
        if data is None:
            root = etree.Element(W + "styles", nsmap={"w": package.W_NS})
        else:
            root = package._parse(data)
        have = {s.get(W + "styleId") for s in root.iter(W + "style")}
        for b in blobs:
            s = etree.fromstring(b)
            if s.get(W + "styleId") not in have:
                root.append(s)
                have.add(s.get(W + "styleId"))
        return package._serialize(root)

    st.part_edits.setdefault("word/styles.xml", []).append(edit)


# ---------------------------------------------------------------- numbering

def _merge_numbering(st: render_state.RenderState, main_parts: Mapping[str, bytes], parts: dict[str, bytes],
                     elements: list[etree._Element]) -> None:
    used = sorted({n.get(W + "val") for el in elements for n in el.iter(W + "numId")} - {None, "0"})
    if not used or "word/numbering.xml" not in parts:
        return
    sub = package._parse(parts["word/numbering.xml"])
    nums = {n.get(W + "numId"): n for n in sub.iter(W + "num")}
    abstracts = {a.get(W + "abstractNumId"): a for a in sub.iter(W + "abstractNum")}
    counters = st.__dict__.setdefault("_numbering_next", None)
    if counters is None:
        top_num, top_abs = 0, 0
        if "word/numbering.xml" in main_parts:
            main = package._parse(main_parts["word/numbering.xml"])
            top_num = max([int(n.get(W + "numId") or 0) for n in main.iter(W + "num")] + [0])
            top_abs = max([int(a.get(W + "abstractNumId") or 0) for a in main.iter(W + "abstractNum")] + [0])
        counters = st.__dict__["_numbering_next"] = [top_num + 1000, top_abs + 1000]
    new_abs: list[bytes] = []
    new_nums: list[bytes] = []
    mapping: dict[str, str] = {}
    abs_map: dict[str, str] = {}
    for old in used:
        num = nums.get(old)
        if num is None:
            continue
        aid_el = num.find(W + "abstractNumId")
        aid = aid_el.get(W + "val") if aid_el is not None else None
        if aid is not None and aid in abstracts and aid not in abs_map:
            a = copy.deepcopy(abstracts[aid])
            abs_map[aid] = str(counters[1])
            counters[1] += 1
            a.set(W + "abstractNumId", abs_map[aid])
            nsid = a.find(W + "nsid")
            if nsid is not None:
                a.remove(nsid)
            new_abs.append(etree.tostring(a))
        n = copy.deepcopy(num)
        mapping[old] = str(counters[0])
        counters[0] += 1
        n.set(W + "numId", mapping[old])
        if aid is not None and aid in abs_map:
            n.find(W + "abstractNumId").set(W + "val", abs_map[aid])
        new_nums.append(etree.tostring(n))
    for el in elements:
        for n in el.iter(W + "numId"):
            if n.get(W + "val") in mapping:
                n.set(W + "val", mapping[n.get(W + "val")])

    def edit(data: bytes | None, new_abs: list[bytes] = new_abs, new_nums: list[bytes] = new_nums) -> bytes:
        root = package._parse(data) if data else etree.Element(W + "numbering", nsmap={"w": package.W_NS})
        last_abs = None
        for a in root.findall(W + "abstractNum"):
            last_abs = a
        for b in new_abs:
            a = etree.fromstring(b)
            if last_abs is not None:
                last_abs.addnext(a)
            else:
                root.insert(0, a)
            last_abs = a
        for b in new_nums:
            root.append(etree.fromstring(b))
        return package._serialize(root)

    st.part_edits.setdefault("word/numbering.xml", []).append(edit)
    if "word/numbering.xml" not in main_parts:
        st.overrides["word/numbering.xml"] = _NUMBERING_CT
        st.relate(_REL_NUMBERING, "word/numbering.xml", part="word/document.xml")


# ---------------------------------------------------------------- pictures and links

_CARRIERS = (W + "drawing", W + "object", W + "pict")
# references to parts of the inserted document that are not brought along (its notes, comments)
_NOT_CARRIED = (W + "footnoteReference", W + "endnoteReference", W + "commentReference",
                W + "commentRangeStart", W + "commentRangeEnd")


def _bring_rels(st: render_state.RenderState, parts: dict[str, bytes], elements: list[etree._Element]) -> None:
    """Pictures and hyperlinks come along; a chart, an embedded object, a diagram (whatever
    needs a part docgen does not copy) is left out with its drawing, and so are references to
    the inserted document's footnotes, endnotes and comments — never a dangling reference that
    Word would refuse. The text around them stays."""
    rels = package.part_rels(parts, "word/document.xml")
    dropped: list[etree._Element] = []
    for el in elements:
        dropped.extend(el.iter(*_NOT_CARRIED))
        for node in el.iter():
            for attr, rid in list(node.attrib.items()):
                if not attr.startswith(f"{{{R_NS}}}"):
                    continue
                rtype, target = rels.get(rid, ("", ""))
                if rtype.endswith("/image") and target in parts:
                    ext = target.rsplit(".", 1)[-1].lower()
                    media = st.add_media(parts[target], ext, _IMAGE_CT.get(ext, "application/octet-stream"))
                    node.set(attr, st.relate(rtype, media))
                elif rtype.endswith("/hyperlink"):
                    node.set(attr, st.relate(rtype, target, external=True))
                else:
                    holder = next((a for a in node.iterancestors(*_CARRIERS)), None)
                    if holder is not None:
                        dropped.append(holder)
                    else:
                        del node.attrib[attr]
    for node in dropped:
        parent = node.getparent()
        if parent is not None:
            parent.remove(node)


def content_key(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()
