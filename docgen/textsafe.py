"""Which characters may reach OOXML: the one text-safety rule of docgen.

XML 1.0 (§2.2, ``Char``) allows Tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF.
Everything else — C0 controls other than Tab/LF/CR (``\\x00``–``\\x08``, ``\\x0b``, ``\\x0c``,
``\\x0e``–``\\x1f``), lone surrogates (U+D800–U+DFFF) and the non-characters U+FFFE and U+FFFF —
makes a part that Word and LibreOffice refuse to open. U+007F (DEL) and the C1 controls are legal
XML, so they are not refused here (a part containing them parses).

Record fields (validation) refuse forbidden characters with the field's path and line. In
templates, docxtpl users expect ``\\n`` as a line break, ``\\t`` as a tab, ``\\a`` as a new
paragraph and ``\\f`` as a page break (:data:`DOCXTPL_BREAKS`); the renderer maps those and
refuses the rest through :func:`first_forbidden`. Record fields keep ``\\n`` and ``\\t`` (legal
XML, printed as a line break and a tab); ``\\a`` and ``\\f`` in a record field are refused.
"""
from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Every character XML 1.0 forbids in a document (outside surrogate pairs, which Python strings
hold as one code point above U+FFFF and are allowed)."""

DOCXTPL_BREAKS = {"\n": "line break", "\t": "tab", "\a": "paragraph", "\f": "page break"}
"""How docxtpl maps control characters in template output (``w:br``, ``w:tab``, a new ``w:p``,
``w:br w:type="page"``). ``\\a`` and ``\\f`` are forbidden XML: they must be mapped, not written."""

_NAMES = {
    "\x00": "ký tự rỗng NUL", "\x07": "ký tự chuông (\\a)", "\x08": "ký tự xoá lùi (backspace)",
    "\x0b": "tab dọc (\\v)", "\x0c": "ngắt trang (\\f)", "\x1b": "ký tự ESC",
    "\ufffe": "ký tự không hợp lệ U+FFFE", "\uffff": "ký tự không hợp lệ U+FFFF",
}


def first_forbidden(text: str) -> int | None:
    """Index of the first character XML 1.0 forbids in ``text``, or None if it is safe."""
    m = FORBIDDEN.search(text)
    return m.start() if m else None


def is_xml_safe(text: str) -> bool:
    """Whether ``text`` may be written into an XML part as it is."""
    return FORBIDDEN.search(text) is None


def describe(char: str) -> str:
    """Vietnamese name of a forbidden character with its code point: ``U+000B (tab dọc (\\v))``."""
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"{code} (nửa cặp thay thế UTF-16 đứng lẻ)"
    name = _NAMES.get(char, "ký tự điều khiển")
    return f"{code} ({name})"


def forbidden_message(text: str) -> str | None:
    """The Vietnamese problem for a field holding a forbidden character (None if the text is
    safe): which character, where in the field, and what to do."""
    i = first_forbidden(text)
    if i is None:
        return None
    count = len(FORBIDDEN.findall(text))
    more = f" (cả thảy {count} ký tự như vậy)" if count > 1 else ""
    return (f"ký tự điều khiển không hợp lệ {describe(text[i])} ở ký tự thứ {i + 1}{more}; "
            "hãy xoá ký tự này (thường dính vào khi sao chép từ Word, PDF hay trang web), "
            "văn bản Word không chứa được nó.")


def strip_forbidden(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (for text shown back to a user, never
    for a clerk's field, which is refused instead)."""
    return FORBIDDEN.sub("", text)
