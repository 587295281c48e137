"""What one render of one document adds to the package: relationships, media, drawing ids.

Values that need a part of their own (an InlineImage's picture, a RichText hyperlink, a
Subdoc's styles) ask :func:`current` for the render in progress and the part being rendered.
Names and ids are derived from content and order only, so the same input gives the same bytes.
"""
from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass
class Rel:
    rid: str
    type: str
    target: str
    external: bool = False


@dataclass
class RenderState:
    part: str = "word/document.xml"
    rels: dict[str, list[Rel]] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)  # extension -> content type
    overrides: dict[str, str] = field(default_factory=dict)  # new part -> content type
    part_edits: dict[str, list[Callable[[bytes | None], bytes]]] = field(default_factory=dict)
    merged: set[str] = field(default_factory=set)  # sub-documents already merged (by content hash)
    next_docpr: int = 5000
    fix_tables: bool = False

    def relate(self, rel_type: str, target: str, external: bool = False, part: str | None = None) -> str:
        """The id of a relationship from ``part`` (default: the part being rendered)."""
        part = part or self.part
        rels = self.rels.setdefault(part, [])
        for r in rels:
            if r.type == rel_type and r.target == target and r.external == external:
                return r.rid
        rid = f"rIdDg{len(rels) + 1}"
        rels.append(Rel(rid, rel_type, target, external))
        return rid

    def add_media(self, blob: bytes, ext: str, content_type: str) -> str:
        """Store a picture once (named by its content) and return its part name."""
        name = f"word/media/dg_{hashlib.sha256(blob).hexdigest()[:16]}.{ext}"
        self.media[name] = blob
        self.extensions[ext] = content_type
        return name

    def docpr_id(self) -> int:
        self.next_docpr += 1
        return self.next_docpr


_state: contextvars.ContextVar[RenderState | None] = contextvars.ContextVar("docgen_render_state", default=None)


def current() -> RenderState:
    st = _state.get()
    if st is None:
        raise RuntimeError("no render in progress")
    return st


def begin() -> tuple[RenderState, contextvars.Token]:
    st = RenderState()
    return st, _state.set(st)


def end(token: contextvars.Token) -> None:
    _state.reset(token)


def relative_target(from_part: str, target: str) -> str:
    """``word/media/x.png`` as seen from ``word/header1.xml``: ``media/x.png``."""
    base = from_part.rsplit("/", 1)[0] + "/" if "/" in from_part else ""
    if target.startswith(base):
        return target[len(base):]
    return "/" + target
