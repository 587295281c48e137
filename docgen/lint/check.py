"""Run the Decree 30 rules over a DOCX."""
from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import InputError
from .layout import analyse
from .model import DocxModel
from .rules import RULES, Context, Finding

RULE_IDS = tuple(r.id for r in RULES)


def check_ignore(ignore: Iterable[str]) -> tuple[str, ...]:
    ids = tuple(i.strip().upper() for i in ignore)
    unknown = [i for i in ids if i not in RULE_IDS]
    if unknown:
        raise InputError(f"Không có quy tắc {', '.join(unknown)}. Các quy tắc: {', '.join(RULE_IDS)} "
                         "(xem «docgen lint --rules»).")
    return ids


def findings_for(model: DocxModel, ignore: Iterable[str] = ()) -> list[Finding]:
    skip = check_ignore(ignore)
    ctx = Context(model, analyse(model))
    out: list[Finding] = []
    for rule in RULES:
        if rule.id not in skip:
            out.extend(rule.check(ctx) or ())
    return out


def lint_docx(source: str | os.PathLike | bytes, ignore: Iterable[str] = (), name: str | None = None) -> list[Finding]:
    """The findings of every rule not in ``ignore`` for one DOCX (path or bytes)."""
    return findings_for(DocxModel(source, name), ignore)
