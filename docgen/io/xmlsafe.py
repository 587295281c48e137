"""The one XML-safety layer: every XML part that enters docgen (DOCX parts, XLSX parts,
templates) is parsed here and nowhere else.

The parser never resolves entities, never loads a DTD, never touches the network and keeps
libxml2's own bounds (``huge_tree=False``: nesting depth 256, one text node at most 10 MB).
After parsing, any document type declaration is refused, whatever the encoding and wherever
it stands (UTF-16 parts, a DOCTYPE after a long comment): the check reads the parsed
document's ``docinfo``, not raw bytes. Then the number of nodes and the amount of text are
bounded. Every refusal is one Vietnamese message naming the file and the part; libxml2's own
English text never reaches a clerk.
"""
from __future__ import annotations

from lxml import etree

from ..errors import UnsafeFileError

MAX_DEPTH = 256  # libxml2's limit without XML_PARSE_HUGE; enforced by the parser
MAX_TEXT_NODE = 10_000_000  # bytes in one text node, libxml2's limit without XML_PARSE_HUGE
MAX_NODES = 3_000_000  # nodes (elements, text, comments …) in one part
MAX_TEXT_CHARS = 32_000_000  # characters of text in one part

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       dtd_validation=False, remove_blank_text=False)


def _parser() -> etree.XMLParser:
    # One parser per call: an lxml parser is not safe to share between threads (web server).
    return etree.XMLParser(**_PARSER_OPTIONS)


def _where(part: str, file: str | None) -> str:
    name = f"thành phần {part}" if part else "thành phần XML"
    return f"Tệp {file}, {name}" if file else name[0].upper() + name[1:]


def _syntax_message(exc: etree.XMLSyntaxError, where: str) -> str:
    text = str(exc)
    line, col = (exc.position if exc.position else (exc.lineno or 0, 0))
    at = f" (dòng {line}, cột {col})" if line else ""
    if "Excessive depth" in text or ("depth" in text.lower() and "exceed" in text.lower()):
        return (f"{where} lồng nhau quá sâu (quá {MAX_DEPTH} cấp){at}, bị từ chối vì lý do an toàn. "
                "Hãy lưu lại tệp bằng Word rồi thử lại.")
    if "Text node too long" in text or "Resource limit" in text or "huge" in text.lower():
        return (f"{where} có một đoạn chữ quá dài (quá {MAX_TEXT_NODE // 1_000_000} triệu ký tự liền)"
                f"{at}, bị từ chối vì lý do an toàn. Hãy chia văn bản thành nhiều tệp nhỏ hơn.")
    if "Entity" in text and ("not defined" in text or "undefined" in text.lower()):
        return (f"{where} dùng thực thể XML không được khai báo{at} (nghi là tệp bị sửa thủ công hoặc tệp độc), "
                "bị từ chối.")
    if "Document is empty" in text or ("Start tag expected" in text and line <= 1 and col <= 1):
        return f"{where} rỗng hoặc không phải XML."
    return f"{where} không phải XML hợp lệ{at}. Hãy mở và lưu lại tệp bằng Word hoặc LibreOffice rồi thử lại."


def _n(value: int) -> str:
    """A count the Vietnamese way: 3.000.000."""
    return f"{value:,}".replace(",", ".")


def check_tree(root: etree._Element, part: str = "", file: str | None = None) -> None:
    """Refuse a parsed part with a document type declaration or beyond the node/text bounds."""
    where = _where(part, file)
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None \
            or info.system_url or info.public_id:
        raise UnsafeFileError(f"{where} chứa khai báo DOCTYPE/ENTITY (DTD), bị từ chối vì lý do an toàn. "
                              "Văn bản Word thật không bao giờ có khai báo này.")
    nodes = int(root.xpath("count(//node())"))
    if nodes > MAX_NODES:
        raise UnsafeFileError(f"{where} có {_n(nodes)} nút XML, vượt giới hạn an toàn {_n(MAX_NODES)}. "
                              "Hãy chia văn bản thành nhiều tệp nhỏ hơn.")
    chars = int(root.xpath("string-length(/)"))
    if chars > MAX_TEXT_CHARS:
        raise UnsafeFileError(f"{where} có {_n(chars)} ký tự, vượt giới hạn an toàn {_n(MAX_TEXT_CHARS)}. "
                              "Hãy chia văn bản thành nhiều tệp nhỏ hơn.")


def parse_xml(data: bytes, part: str = "", file: str | None = None) -> etree._Element:
    """Parse one untrusted XML part and return its root element; see the module docstring.
    Raises UnsafeFileError (a Vietnamese message naming ``file`` and ``part``)."""
    where = _where(part, file)
    if isinstance(data, str):  # a str would bypass the encoding declaration; parts are bytes
        data = data.encode("utf-8")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeFileError(_syntax_message(exc, where)) from None
    except ValueError:  # e.g. a str with an encoding declaration
        raise UnsafeFileError(f"{where} không phải XML hợp lệ.") from None
    if root is None:
        raise UnsafeFileError(f"{where} rỗng hoặc không phải XML.")
    check_tree(root, part, file)
    return root


def check_xml(data: bytes, part: str = "", file: str | None = None) -> None:
    """Parse and discard: for callers that hand the bytes to another reader (openpyxl)."""
    parse_xml(data, part, file)


def check_parts(parts: dict[str, bytes], file: str | None = None, skip: tuple[str, ...] | set[str] = ()) -> None:
    """Check every XML part of a package (``.xml``, ``.rels``) but those in ``skip`` (already
    parsed): a writer that copies the parts it does not read must not copy a DTD or a broken
    part into its output."""
    for name, data in parts.items():
        if name.lower().endswith((".xml", ".rels")) and name not in skip:
            check_xml(data, name, file)


def serialize_xml(root: etree._Element) -> bytes:
    """Serialise a part the way Word writes it: UTF-8, standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
