"""Run the Decree 30 rules over a DOCX."""
from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Iterable

from ..errors import InputError
from .layout import analyse
from .model import DocxModel
from .rules import RULES, Context, Finding
from . import typography  # noqa: F401 - registers the typography rules

RULE_IDS = tuple(r.id for r in RULES)


def check_ignore(ignore: Iterable[str]) -> tuple[str, ...]:
    ids = tuple(i.strip().upper() for i in ignore)
    unknown = [i for i in ids if i not in RULE_IDS]
    if unknown:
        raise InputError(f"Không có quy tắc {', '.join(unknown)}. Các quy tắc: {', '.join(RULE_IDS)} "
                         "(xem «docgen lint --rules»).")
    return ids


def findings_for(model: DocxModel, ignore: Iterable[str] = (), pages: list[str] | None = None) -> list[Finding]:
    skip = check_ignore(ignore)
    ctx = Context(model, analyse(model), pages)
    out: list[Finding] = []
    for rule in RULES:
        if rule.id not in skip:
            out.extend(rule.check(ctx) or ())
    return out


def lint_docx(source: str | os.PathLike | bytes, ignore: Iterable[str] = (), name: str | None = None,
              pages: bool = False) -> list[Finding]:
    """The findings of every rule not in ``ignore`` for one DOCX (path or bytes); ``pages``: lay it
    out with LibreOffice too, for the rules that need the page breaks (docgen.io.pdf.page_texts)."""
    model = DocxModel(source, name)
    texts = None
    if pages:
        from ..io.pdf import page_texts
        data = source if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
        texts = page_texts(bytes(data), model.name)
    return findings_for(model, ignore, texts)
