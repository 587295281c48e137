"""Safe XML parsing for untrusted parts: no entities, no DTD loading, no network."""
from __future__ import annotations

from lxml import etree

from ..errors import UnsafeFileError

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
NSMAP = {"w": W_NS}


def parse_xml(data: bytes, part: str = "") -> etree._Element:
    """Parse one package part; refuse DOCTYPE declarations (entity bombs, external entities)."""
    head = data[:4096].lstrip()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data[:65536]:
        raise UnsafeFileError(f"Thành phần {part or 'XML'} chứa khai báo DOCTYPE/ENTITY, bị từ chối vì lý do an toàn.")
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnsafeFileError(f"Thành phần {part or 'XML'} không phải XML hợp lệ: {exc}") from None


def serialize_xml(root: etree._Element) -> bytes:
    """Serialise a part the way Word writes it: UTF-8, standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
