"""Putting a rendered document together: new relationships and media, replaced pictures, media,
embedded files and parts (docxtpl's ``replace_*``), table grids fixed after column loops."""
from __future__ import annotations

import functools
import os
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml only where a part is edited (rels, content types, tables)
    from lxml import etree

from ..errors import TemplateError
from ..io.zipwriter import FAST_LEVEL, Entry, build_zip
from . import state as render_state

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {
    "w": W_NS, "r": R_NS,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}


@functools.lru_cache(maxsize=1)
def _parser() -> etree.XMLParser:
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


_LABELS = [
    (re.compile(r"word/document\.xml$"), "phần thân văn bản"),
    (re.compile(r"word/header\d*\.xml$"), "phần đầu trang"),
    (re.compile(r"word/footer\d*\.xml$"), "phần chân trang"),
    (re.compile(r"word/footnotes\.xml$"), "phần chú thích cuối trang"),
    (re.compile(r"word/endnotes\.xml$"), "phần chú thích cuối văn bản"),
    (re.compile(r"docProps/"), "phần thuộc tính tài liệu (File > Info)"),
]


def part_label(name: str) -> str:
    for pat, label in _LABELS:
        if pat.match(name):
            return f"{label} ({name})"
    return f"phần {name}"


@dataclass
class Replacements:
    pics: dict[str, bytes] = field(default_factory=dict)
    media: dict[int, bytes] = field(default_factory=dict)
    embedded: dict[int, bytes] = field(default_factory=dict)
    zipnames: dict[str, bytes] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.pics or self.media or self.embedded or self.zipnames)


def read_source(src: str | os.PathLike | IO[bytes] | bytes) -> bytes:
    if isinstance(src, (bytes, bytearray)):
        return bytes(src)
    if hasattr(src, "read"):
        data = src.read()
        return data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        with open(src, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise TemplateError(f"Không đọc được tệp thay thế {src}: {exc.strerror or exc}") from None


def rels_name(part: str) -> str:
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / (p.name + ".rels")).lstrip("./")


def resolve_target(part: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    base = PurePosixPath(part).parent
    parts: list[str] = []
    for seg in (base / target).parts:
        if seg == "..":
            if parts:
                parts.pop()
        elif seg != ".":
            parts.append(seg)
    return "/".join(parts)


def _parse(data: bytes) -> etree._Element:
    from lxml import etree
    return etree.fromstring(data, _parser())


def _serialize(root: etree._Element) -> bytes:
    from lxml import etree
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def part_rels(parts: Mapping[str, bytes], part: str) -> dict[str, tuple[str, str]]:
    """``{rId: (type, resolved target)}`` of a part's relationships."""
    data = parts.get(rels_name(part))
    if not data:
        return {}
    out = {}
    for rel in _parse(data):
        if rel.get("TargetMode") == "External":
            out[rel.get("Id")] = (rel.get("Type"), rel.get("Target"))
        else:
            out[rel.get("Id")] = (rel.get("Type"), resolve_target(part, rel.get("Target") or ""))
    return out


# ---------------------------------------------------------------- assembling

def _add_rels(data: bytes | None, rels: list[render_state.Rel], part: str) -> bytes:
    from lxml import etree
    root = _parse(data) if data else etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    have = {r.get("Id") for r in root}
    for rel in rels:
        if rel.rid in have:
            continue
        el = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship")
        el.set("Id", rel.rid)
        el.set("Type", rel.type)
        if rel.external:
            el.set("Target", rel.target)
            el.set("TargetMode", "External")
        else:
            el.set("Target", render_state.relative_target(part, rel.target))
    return _serialize(root)


def _content_types(data: bytes, extensions: dict[str, str], overrides: dict[str, str]) -> bytes:
    from lxml import etree
    root = _parse(data)
    defaults = {(d.get("Extension") or "").lower() for d in root.findall(f"{{{CT_NS}}}Default")}
    names = {d.get("PartName") for d in root.findall(f"{{{CT_NS}}}Override")}
    for ext, ctype in sorted(extensions.items()):
        if ext.lower() not in defaults:
            el = etree.Element(f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
            root.insert(0, el)
    for name, ctype in sorted(overrides.items()):
        if "/" + name not in names:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=ctype)
    return _serialize(root)


def assemble(entries: list[tuple[str, Entry | bytes]], st: render_state.RenderState, repl: Replacements,
             template_parts: Mapping[str, bytes]) -> bytes:
    """The DOCX bytes: ``entries`` in template order, what the render added, the replacements."""
    changed: dict[str, bytes] = {}
    if repl:
        changed.update(_replacement_parts(repl, template_parts))
    for part, edits in st.part_edits.items():
        data = changed.get(part, template_parts.get(part))
        for edit in edits:
            data = edit(data)
        if data is not None:
            changed[part] = data
    for part, rels in st.rels.items():
        if rels:
            name = rels_name(part)
            changed[name] = _add_rels(changed.get(name, template_parts.get(name)), rels, part)
    for name, blob in st.media.items():
        changed[name] = blob
    if st.extensions or st.overrides:
        changed["[Content_Types].xml"] = _content_types(
            changed.get("[Content_Types].xml", template_parts["[Content_Types].xml"]), st.extensions, st.overrides)
    out: list[Entry] = []
    seen = set()
    for part, slot in entries:
        seen.add(part)
        if part in changed and (not isinstance(slot, bytes) or part in repl.zipnames):
            out.append(Entry.make(part, changed[part]))
        elif isinstance(slot, bytes):
            out.append(Entry.make(part, slot, FAST_LEVEL))  # a rendered part: deflated on every render
        else:
            out.append(slot)
    for part in sorted(set(changed) - seen):
        out.append(Entry.make(part, changed[part]))
    return build_zip(out)


def _replacement_parts(repl: Replacements, parts: Mapping[str, bytes]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if repl.pics:
        found = {key: False for key in repl.pics}
        for part in parts:
            if not re.match(r"word/(document|header\d*|footer\d*)\.xml$", part):
                continue
            rels = part_rels(parts, part)
            root = _parse(parts[part])
            for gd in root.iterfind(".//a:graphic/a:graphicData", NS):
                blip = gd.find("pic:pic/pic:blipFill/a:blip", NS)
                nv = gd.find("pic:pic/pic:nvPicPr/pic:cNvPr", NS)
                if blip is None or nv is None:
                    continue
                rid = blip.get(f"{{{R_NS}}}embed")
                if rid not in rels:
                    continue
                for key, blob in repl.pics.items():
                    if key in (nv.get("name"), nv.get("title"), nv.get("descr")):
                        out[rels[rid][1]] = blob
                        found[key] = True
        missing = [k for k, ok in found.items() if not ok]
        if missing:
            raise TemplateError(
                f"Không tìm thấy ảnh «{missing[0]}» trong mẫu để thay (replace_pic): tên ảnh là tên, tiêu đề "
                "hoặc mô tả của ảnh trong Word (chuột phải vào ảnh > Xem văn bản thay thế)")
    for name, data in parts.items():
        if name in repl.zipnames:
            out[name] = repl.zipnames[name]
        elif name.startswith("word/media/") and repl.media and (zlib.crc32(data) & 0xFFFFFFFF) in repl.media:
            out[name] = repl.media[zlib.crc32(data) & 0xFFFFFFFF]
        elif name.startswith("word/embeddings/") and repl.embedded and \
                (zlib.crc32(data) & 0xFFFFFFFF) in repl.embedded:
            out[name] = repl.embedded[zlib.crc32(data) & 0xFFFFFFFF]
    return out


# ---------------------------------------------------------------- tables after column loops

def fix_tables(xml: str) -> str:
    """Make each table's grid match its widest row after ``{%tc for %}`` / ``{% hm %}`` /
    ``{% colspan %}`` (the total width is kept), as docxtpl does."""
    from lxml import etree
    decl = ""
    if xml.startswith("<?xml"):
        end = xml.index("?>") + 2
        decl, xml = xml[:end], xml[end:]
    root = _parse(xml.encode("utf-8"))
    for tbl in root.iter(W + "tbl"):
        grid = tbl.find(W + "tblGrid")
        if grid is None:
            continue
        cols = grid.findall(W + "gridCol")
        widest = 0
        for tr in tbl.iterfind(W + "tr"):
            n = 0
            for tc in tr.iterfind(W + "tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                try:
                    n += int(span.get(W + "val")) if span is not None else 1
                except (TypeError, ValueError):
                    n += 1
            widest = max(widest, n)
        if widest == len(cols) or widest == 0:
            continue
        total = sum(_width(c) for c in cols)
        for c in cols:
            grid.remove(c)
        each = int(total / widest) if total else 0
        for _ in range(widest):
            c = etree.SubElement(grid, W + "gridCol")
            if each:
                c.set(W + "w", str(each))
        if each:
            for tr in tbl.iterfind(W + "tr"):
                for tc in tr.iterfind(W + "tc"):
                    tcw = tc.find(f"{W}tcPr/{W}tcW")
                    span = tc.find(f"{W}tcPr/{W}gridSpan")
                    if tcw is not None and tcw.get(W + "type") in (None, "dxa"):
                        k = int(span.get(W + "val")) if span is not None and (span.get(W + "val") or "").isdigit() else 1
                        tcw.set(W + "w", str(each * k))
    return decl + etree.tostring(root, encoding="unicode")


def _width(col: Any) -> float:
    try:
        return float(col.get(W + "w") or 0)
    except ValueError:
        return 0.0
