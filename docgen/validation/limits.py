"""Bounds and text safety of a record's values, checked before the model sees them.

Whatever the source (YAML, JSON, a spreadsheet row, a web form), every text value must be
writable into a DOCX (:mod:`docgen.textsafe`) and every value must fit a real meeting record:
a field of at most :data:`MAX_TEXT_CHARS` characters, a list of at most :data:`MAX_LIST_ITEMS`
items, a number of at most :data:`MAX_NUMBER_DIGITS` digits, :data:`MAX_TOTAL_CHARS` characters
in all. Each problem names the field's path and line, the limit and what to do.
"""
from __future__ import annotations

from typing import Any

from ..textsafe import forbidden_message
from .problems import LineMap, Loc, Problem, format_path

MAX_TEXT_CHARS = 20_000
"""Longest text field (about eight printed pages; a meeting's longest field is a paragraph)."""
MAX_LIST_ITEMS = 2_000
"""Most items in one list (invitees, recipients, articles…)."""
MAX_NUMBER_DIGITS = 30
"""Most digits in a number (document numbers stop at 99999; a longer number is a typing slip)."""
MAX_TOTAL_CHARS = 2_000_000
"""Most characters of text in one record, all fields together."""


class LongNumber(str):
    """A number written with more than :data:`MAX_NUMBER_DIGITS` digits, kept as its text by the
    readers (Python refuses to convert more than 4,300 digits, and no field needs so many), and
    reported by :func:`check_values`."""


def read_int(text: str) -> int | LongNumber:
    """``int(text)`` for a number a record may hold; a :class:`LongNumber` when it is too long."""
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_NUMBER_DIGITS:
        return LongNumber(text)
    return int(text)


def _n(count: int) -> str:
    """A count the Vietnamese way: 20.000."""
    return f"{count:,}".replace(",", ".")


def _problem(file: str, loc: Loc, lines: LineMap, message: str) -> Problem:
    return Problem(file, format_path(loc), lines.line(loc), message)


def check_values(data: Any, file: str, lines: LineMap) -> list[Problem]:
    """Problems of ``data``'s values: forbidden characters, over-long texts, lists and numbers,
    a record too large in all. Reads ``data`` only."""
    unsafe, oversized = split_check(data, file, lines)
    return sorted(unsafe + oversized, key=lambda p: (p.line or 0, p.path))


def split_check(data: Any, file: str, lines: LineMap) -> tuple[list[Problem], list[Problem]]:
    """:func:`check_values` as (forbidden characters, values over a bound): with the latter the
    model must not even see the data."""
    problems: list[Problem] = []
    unsafe: list[Problem] = []
    total = 0
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, LongNumber):
            digits = sum(ch.isdigit() for ch in value)
            problems.append(_problem(file, loc, lines,
                                     f"số quá dài ({digits} chữ số); một số trong hồ sơ có tối đa "
                                     f"{MAX_NUMBER_DIGITS} chữ số (số văn bản chỉ tới 99999). "
                                     "Hãy kiểm tra lại số đã gõ."))
        elif isinstance(value, str):
            total += len(value)
            msg = forbidden_message(value)
            if msg is not None:
                unsafe.append(_problem(file, loc, lines, msg))
            if len(value) > MAX_TEXT_CHARS:
                problems.append(_problem(file, loc, lines,
                                         f"văn bản quá dài ({_n(len(value))} ký tự); mỗi trường tối đa "
                                         f"{_n(MAX_TEXT_CHARS)} ký tự. Hãy rút gọn, hoặc chia thành "
                                         "nhiều mục của danh sách."))
        elif isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str):
                    total += len(key)
                    msg = forbidden_message(key)
                    if msg is not None:
                        problems.append(_problem(file, loc, lines, "tên trường có " + msg))
                        continue
                    stack.append(((*loc, key), child))
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                problems.append(_problem(file, loc, lines,
                                         f"danh sách quá dài ({_n(len(value))} mục); tối đa "
                                         f"{_n(MAX_LIST_ITEMS)} mục. Hãy tách thành nhiều hồ sơ."
                                         ))
                continue
            stack.extend(((*loc, i), child) for i, child in enumerate(value))
        if total > MAX_TOTAL_CHARS:
            problems.append(Problem(file, "", None,
                                    f"hồ sơ quá lớn (hơn {_n(MAX_TOTAL_CHARS)} ký tự văn bản); một hồ sơ "
                                    "cuộc họp chỉ vài chục nghìn ký tự. Hãy tách thành nhiều hồ sơ."
                                    ))
            break
    return unsafe, problems
