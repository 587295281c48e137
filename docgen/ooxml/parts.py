"""Finding parts in a WordprocessingML package: the main document and its related parts."""
from __future__ import annotations

import posixpath

from ..errors import InputError
from ..io.xmlsafe import parse_xml
from .ns import CT, REL

_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def main_part(parts: dict[str, bytes], name: str = "") -> str:
    """The name of the main document part (normally ``word/document.xml``)."""
    types = parse_xml(parts["[Content_Types].xml"], "[Content_Types].xml", name or None)
    for o in types.iter(CT + "Override"):
        if o.get("ContentType") in _MAIN_TYPES:
            part = (o.get("PartName") or "").lstrip("/")
            if part in parts:
                return part
    raise InputError(f"{name or 'Tệp'}: không phải văn bản Word (.docx): thiếu phần nội dung chính word/document.xml.")


def related_part(parts: dict[str, bytes], source: str, type_suffix: str, name: str = "") -> str | None:
    """The part that ``source`` relates to with a relationship type ending in ``type_suffix``."""
    folder, base = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in parts:
        return None
    for r in parse_xml(parts[rels], rels, name or None).iter(REL + "Relationship"):
        if (r.get("Type") or "").endswith(type_suffix) and r.get("TargetMode") != "External":
            target = r.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            return name if name in parts else None
    return None
