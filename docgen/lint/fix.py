"""Apply the safe repairs of the Decree 30 rules and write the result.

Repairs are XML surgery on the parsed parts (document.xml, and a header for the page number);
every part no repair touched is written back byte-identical."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable

from ..io.atomic import atomic_write
from ..io.package import write_package
from ..io.xmlsafe import check_parts, serialize_xml
from .check import findings_for, lint_docx
from .model import DocxModel
from ..normalize.base import Change, Kind
from .rules import Finding, Repair


@dataclass
class FixResult:
    data: bytes  # the repaired DOCX
    fixed: list[Finding]  # findings a repair resolved or attempted
    remaining: list[Finding]  # findings of the repaired document
    changes: list[Change] = field(default_factory=list)  # one per fixed finding (see fix_docx)


def fix_docx(source: str | os.PathLike | bytes, ignore: Iterable[str] = (), name: str | None = None) -> FixResult:
    """Repair what is safe to repair and lint the result again."""
    ignore = tuple(ignore)
    model = DocxModel(source, name)
    repairable = [f for f in findings_for(model, ignore) if f.repair is not None]
    repairable.sort(key=lambda f: isinstance(f.repair, Repair) and f.repair.kind is Kind.LINT_TEXT)
    fixed = [f for f in repairable if f.repair is not None and f.repair()]
    parts = dict(model.parts)
    check_parts(parts, model.name, set(model.roots))  # the parts copied as they are, too
    for part in sorted(model.dirty):
        parts[part] = serialize_xml(model.roots[part])
    data = write_package(parts)
    # what the repair reports it changed, else the finding's found → expected (Finding.change)
    changes = [f.repair.change if isinstance(f.repair, Repair) and f.repair.change is not None else f.change()
               for f in fixed]
    return FixResult(data, fixed, lint_docx(data, ignore, name=model.name), changes)


def fix_file(src: str | os.PathLike, dst: str | os.PathLike, ignore: Iterable[str] = ()) -> FixResult:
    """Repair ``src`` into ``dst`` (never ``src`` itself), written atomically."""
    result = fix_docx(src, ignore, name=str(src))
    atomic_write(Path(dst), result.data, inputs=[src])
    return result
