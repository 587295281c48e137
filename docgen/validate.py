"""Check a meeting record file: every problem at once, the documents it can produce, warnings.

Used by ``docgen validate`` (and by the tests that check ``docgen new``'s starters).
Problems make a record unusable; warnings do not (they are things a clerk should look at).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

from .io.loaders import load_record_located
from .validation import LineMap, Problem, RecordError, format_path
from .model import Record
from .kinds import kind as doc_kind

Check = Callable[[Record, LineMap, str], list[Problem]]


def _minutes_need_secretary(record: Record, lines: LineMap, file: str) -> list[Problem]:
    meeting = record.meeting
    if meeting is None or meeting.secretary is not None or "bien-ban" not in record.kinds():
        return []
    return [Problem(file, "meeting.secretary", lines.line(("meeting",)),
                    "biên bản cần thư ký (người ghi biên bản): thêm secretary với name và title.")]


RECORD_CHECKS: list[Check] = [_minutes_need_secretary]
"""Checks whose findings stop a document from being produced but that the model cannot see
on its own (they depend on which documents the record produces)."""


def _nothing_to_produce(record: Record, lines: LineMap, file: str) -> list[Problem]:
    if record.kinds():
        return []
    return [Problem(file, "", None, "hồ sơ hợp lệ nhưng chưa tạo được văn bản nào: cần ít nhất "
                                    "invitation (giấy mời), meeting.proceedings hoặc minutes "
                                    "(biên bản), decision (quyết định) hoặc pledge (giao ước).")]


def _invitation_after_meeting(record: Record, lines: LineMap, file: str) -> list[Problem]:
    inv, meeting = record.invitation, record.meeting
    if inv is None or meeting is None or inv.date <= meeting.start.date():
        return []
    loc = ("invitation", "date")
    return [Problem(file, format_path(loc), lines.line(loc),
                    f"giấy mời ghi ngày {inv.date:%d/%m/%Y}, sau ngày họp "
                    f"{meeting.start:%d/%m/%Y}.")]


WARNING_CHECKS: list[Check] = [_nothing_to_produce, _invitation_after_meeting]
"""Checks that warn without rejecting the record; each gets the record, the line map and the
file name. Field repairs proposed by the normalizers are added by ``field_repairs``."""


@dataclass
class ValidationReport:
    """The outcome of checking one file."""

    file: str
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.record is not None

    @property
    def kinds(self) -> list[str]:
        return self.record.kinds() if self.record is not None else []

    def text(self) -> str:
        """What ``docgen validate`` prints for this file."""
        if self.ok:
            labels = ", ".join(doc_kind(k).label for k in self.kinds) or "chưa có văn bản nào"
            out = [f"✓ {self.file}: hợp lệ ({labels})"]
        else:
            out = [f"✗ {self.file}: {len(self.problems)} lỗi"]
            out += [f"  {p}" for p in self.problems]
        out += [f"  cảnh báo: {w}" for w in self.warnings]
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "valid": self.ok, "kinds": self.kinds,
                "problems": [p.to_dict() for p in self.problems],
                "warnings": [w.to_dict() for w in self.warnings]}


def field_repairs(record: Record, lines: LineMap, file: str, *, repair: bool = True) -> list[Problem]:
    """What the normalizers would change in the record's fields (as ``render`` applies them):
    one warning per change, applied ones and suggestions alike."""
    from .fields import normalize_record

    _, changes = normalize_record(record, repair=repair)
    return [Problem(file, c.path, lines.line(c.loc),
                    ("sẽ sửa" if c.applied else "gợi ý, không tự sửa") +
                    f" «{c.before}» → «{c.after}» ({c.rule}, độ tin cậy {c.confidence:.2f})")
            for c in changes]


def validate_file(path: str | os.PathLike, *, repair: bool = True) -> ValidationReport:
    """Load and check one record file; never raises for a problem in the file itself.
    ``repair``: include OCR/legacy repairs among the field warnings (as ``render`` does)."""
    file = str(path)
    try:
        record, lines = load_record_located(path)
    except RecordError as exc:
        return ValidationReport(file, problems=exc.problems)
    problems = [p for check in RECORD_CHECKS for p in check(record, lines, file)]
    if problems:
        return ValidationReport(file, problems=problems)
    warnings = [w for check in WARNING_CHECKS for w in check(record, lines, file)]
    warnings += field_repairs(record, lines, file, repair=repair)
    return ValidationReport(file, record=record, warnings=warnings)
