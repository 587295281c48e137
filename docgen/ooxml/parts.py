"""Finding parts in a WordprocessingML package: the main document and its related parts.

The main part is found the way Word finds it, and the same way by every reader (clean, lint,
batch diffs, the web review): the package relationship of type officeDocument
(``_rels/.rels``); when the package has no such relationship, the part that
``[Content_Types].xml`` declares as a WordprocessingML main part. Either way the part must be
present and declared with a main content type, else the file is refused.
"""
from __future__ import annotations

import posixpath

from ..errors import InputError
from ..io.xmlsafe import parse_xml
from .ns import CT, REL, RT_COMMENTS, RT_ENDNOTES, RT_FOOTER, RT_FOOTNOTES, RT_HEADER, RT_OFFICE_DOCUMENT

# The parts holding text besides the body, by relationship type of the main part, with the name
# a clerk reads.
STORY_TYPES = ((RT_HEADER, "đầu trang"), (RT_FOOTER, "chân trang"), (RT_FOOTNOTES, "chú thích cuối trang"),
               (RT_ENDNOTES, "chú thích cuối văn bản"), (RT_COMMENTS, "nhận xét"))

_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def resolve_part(base: str, target: str) -> str:
    """The part name a relationship of ``base`` targets (absolute or relative)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("" is the package itself)."""
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def relationships(parts: dict[str, bytes], part: str, name: str = "") -> dict[str, tuple[str, str]]:
    """rId → (type, part name) for the internal relationships of ``part``, in document order."""
    rels = rels_name(part)
    if rels not in parts:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for r in parse_xml(parts[rels], rels, name or None).iter(REL + "Relationship"):
        target = r.get("Target")
        if r.get("TargetMode") == "External" or not target:
            continue
        out[r.get("Id") or ""] = (r.get("Type") or "", resolve_part(part, target))
    return out


def _declared_main(parts: dict[str, bytes], name: str) -> set[str]:
    types = parse_xml(parts["[Content_Types].xml"], "[Content_Types].xml", name or None)
    out = {(o.get("PartName") or "").lstrip("/") for o in types.iter(CT + "Override")
           if o.get("ContentType") in _MAIN_TYPES}
    overridden = {(o.get("PartName") or "").lstrip("/") for o in types.iter(CT + "Override")}
    for d in types.iter(CT + "Default"):  # a main type given to every part of an extension
        ext = "." + (d.get("Extension") or "").lower()
        if d.get("ContentType") in _MAIN_TYPES and ext != ".":
            out |= {p for p in parts if p.lower().endswith(ext) and p not in overridden}
    return out


def main_part(parts: dict[str, bytes], name: str = "") -> str:
    """The name of the main document part (normally ``word/document.xml``); see the module."""
    declared = _declared_main(parts, name)
    by_rel = [t for ty, t in relationships(parts, "", name).values() if ty.endswith(RT_OFFICE_DOCUMENT)]
    for part in by_rel or sorted(declared):
        if part in parts and part in declared:
            return part
    raise InputError(f"{name or 'Tệp'}: không phải văn bản Word (.docx): thiếu phần nội dung chính word/document.xml.")


def related_part(parts: dict[str, bytes], source: str, type_suffix: str, name: str = "") -> str | None:
    """The part that ``source`` relates to with a relationship type ending in ``type_suffix``."""
    for ty, target in relationships(parts, source, name).values():
        if ty.endswith(type_suffix):
            return target if target in parts else None
    return None


def related_parts(parts: dict[str, bytes], source: str, type_suffixes: tuple[str, ...], name: str = "") -> list[str]:
    """Every present part ``source`` relates to with one of these types, each once, in order."""
    out: list[str] = []
    for ty, target in relationships(parts, source, name).values():
        if ty.endswith(type_suffixes) and target in parts and target not in out:
            out.append(target)
    return out


def story_parts(parts: dict[str, bytes], main: str, name: str = "") -> list[tuple[str, str]]:
    """(part, Vietnamese label) of the headers, footers, footnotes, endnotes and comments of the
    main part, each once, in relationship order: the parts cleaned besides the body."""
    out: list[tuple[str, str]] = []
    for ty, target in relationships(parts, main, name).values():
        for suffix, label in STORY_TYPES:
            if ty.endswith(suffix) and target in parts and target != main and target not in {p for p, _ in out}:
                out.append((target, label))
    return out
