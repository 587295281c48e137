"""The kinds of document docgen produces, in one registry.

Each :class:`DocKind` says what a kind is called (slug, Vietnamese label), which template
prints it, which fields of a record it prints and the symbol of its type in the document
number (Decree 30, Appendix III: ``Số: 05/GM-BQL``). The command line, the starters, batch,
produce and the web forms read it; nothing else lists the kinds. Light on purpose (no
pydantic), so that ``docgen render --help`` can list the kinds cheaply.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DocKind:
    slug: str
    """Name on the command line, in URLs and at the start of output file names: ``giay-moi``."""
    label: str
    """Vietnamese name in running text, lower case: ``giấy mời``."""
    long_label: str
    """The name a starter record or a heading gives it: ``biên bản cuộc họp``."""
    template: str
    """File name of its template in ``templates_docx/``."""
    fields: tuple[str, ...]
    """Record fields it prints, in form order: a whole section (``invitation``) or one field of a
    section (``meeting.title``). Fields the record model requires are listed even when not
    printed (``signer`` of a biên bản), since no record exists without them."""
    symbol: str | None
    """Abbreviation of its type in the number (``GM``, ``BB``, ``QĐ``); None: it has no number."""
    number: str | None = None
    """Record field holding its number (``invitation.number``); None: it has none."""
    dated: str | None = None
    """Record field that names its file when it has no number (``meeting.start``, ``pledge.year``)."""

    @property
    def title(self) -> str:
        """The label as a title: ``Giấy mời``."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def sections(self) -> tuple[str, ...]:
        """The record sections it reads, in form order."""
        return tuple(dict.fromkeys(f.split(".", 1)[0] for f in self.fields))

    def prints(self, path: str) -> bool:
        """Whether the field at ``path`` (``meeting.chair.name``, ``invitation.invitees[2].unit``)
        is printed by this kind, or holds a field that is."""
        path = re.sub(r"\[[^\]]*\]", "", path)
        return any(path == f or path.startswith(f + ".") or f.startswith(path + ".") for f in self.fields)

    def keep_unprinted(self, saved: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
        """``saved`` record data updated with ``typed`` (the sections of this kind), keeping the
        saved fields of a partly printed section that this kind does not print (a giấy mời does
        not touch the agenda of the meeting its biên bản records)."""
        data = {**saved, **typed}
        for section in self.sections:
            if section in self.fields or not isinstance(saved.get(section), dict) or section not in typed:
                continue
            kept = {k: v for k, v in saved[section].items() if not self.prints(f"{section}.{k}")}
            data[section] = {**kept, **typed[section]}
        return data


_MEETING_NOTICE = ("meeting.title", "meeting.start", "meeting.place", "meeting.chair")

DOC_KINDS: tuple[DocKind, ...] = (
    DocKind("giay-moi", "giấy mời", "giấy mời", "giay-moi.docx",
            ("agency", "signer", *_MEETING_NOTICE, "invitation"), "GM", "invitation.number"),
    DocKind("bien-ban", "biên bản", "biên bản cuộc họp", "bien-ban.docx",
            ("agency", "signer", "meeting", "minutes"), "BB", "minutes.number", "meeting.start"),
    DocKind("giao-uoc-thi-dua", "bản giao ước thi đua", "bản giao ước thi đua", "giao-uoc-thi-dua.docx",
            ("agency", "signer", "pledge"), None, None, "pledge.year"),
    DocKind("quyet-dinh", "quyết định", "quyết định", "quyet-dinh.docx",
            ("agency", "signer", "decision"), "QĐ", "decision.number"),
)
"""Every kind, in the order a record's documents are rendered."""

BY_SLUG: dict[str, DocKind] = {k.slug: k for k in DOC_KINDS}
SLUGS: tuple[str, ...] = tuple(BY_SLUG)


def _templates_dir() -> Path:
    """docgen/templates_docx (a link to the top-level templates_docx/ in a checkout, a copy in a
    wheel); the top-level folder itself where links are not checked out (Windows)."""
    here = Path(__file__).resolve().parent
    inside = here / "templates_docx"
    return inside if inside.is_dir() else here.parent / "templates_docx"


TEMPLATES_DIR = _templates_dir()
"""The folder of the built-in templates."""


def template_path(slug: str, templates_dir: str | os.PathLike | None = None) -> Path:
    """The template file of kind ``slug`` in ``templates_dir`` (default: the built-in ones)."""
    return Path(templates_dir or TEMPLATES_DIR) / kind(slug).template


def kind(slug: str) -> DocKind:
    """The kind called ``slug`` (KeyError if there is none: check with ``slug in SLUGS``)."""
    return BY_SLUG[slug]
