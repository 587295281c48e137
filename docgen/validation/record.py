"""Loaded data → a validated :class:`~docgen.model.Record`, or every problem at once."""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..model import Record
from .dates import coerce_dates
from .fast import build
from .limits import split_check
from .problems import LineMap, Problem, RecordError, format_path


def validate_data(data: Any, file: str, lines: LineMap | None = None) -> Record:
    """Validate loaded data (values bounded and XML-safe, dates coerced, model checked) into a
    Record, or raise :class:`RecordError` with every problem, its field path and (given
    ``lines``) its line."""
    lines = lines or LineMap()
    problems = list(lines.problems)
    unsafe, oversized = split_check(data, file, lines)
    if oversized:  # numbers, texts or lists past a bound: the model must not work on them
        raise RecordError(problems + unsafe + oversized)
    problems += unsafe
    data, issues = coerce_dates(data)
    problems += [Problem(file, format_path(loc), lines.line(loc), msg) for loc, msg in issues]
    if not problems and (fast := build(Record, data)) is not None:  # the common case, no schema built
        return fast
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        from .messages import problems_from_validation  # (difflib) only for a record with errors

        flagged = {format_path(loc) for loc, _ in issues} | {p.path for p in unsafe}
        problems += [p for p in problems_from_validation(exc, file, lines) if p.path not in flagged]
    if problems:
        raise RecordError(problems)
    return record
