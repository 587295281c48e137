"""Dates before validation: ISO or Vietnamese day-first text, YAML dates; the messages of a bad
date (a month-first date is rejected, never swapped)."""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ..model import Record, is_model, unwrap_optional
from ..vi.dates import parse_date, parse_time
from .problems import Loc
from .show import show

_DATE_HELP = "cần dạng YYYY-MM-DD hoặc DD/MM/YYYY"
_DATETIME_HELP = "cần dạng DD/MM/YYYY HH:MM (ví dụ 05/01/2024 08:00) hoặc YYYY-MM-DD HH:MM"

_DATE_TOKEN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([/.-])\d{1,2}\1\d{4}")
_DATETIME_FILLER = re.compile(r"\b(?:lúc|ngày)\b", re.IGNORECASE)


def _parse_datetime(text: str) -> dt.datetime | dt.date | None:
    """``05/01/2024 08:00``, ``08:00 ngày 05/01/2024``, ``2024-01-05 8h30`` → datetime;
    a date alone → date; anything else → None (left for the model to reject)."""
    m = _DATE_TOKEN.search(text)
    if not m:
        return None
    try:
        day = parse_date(m[0])
    except ValueError:
        return None
    rest = _DATETIME_FILLER.sub(" ", text[:m.start()] + " " + text[m.end():]).strip(" ,T\t")
    if not rest:
        return day
    try:
        return dt.datetime.combine(day, parse_time(rest))
    except ValueError:
        pass
    try:  # full ISO 8601 with seconds or a UTC offset
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


_WANT_TIME = "thiếu giờ; cần cả ngày và giờ, ví dụ 05/01/2024 08:00."
_NOT_NUMBER = "ngày phải viết dạng 05/01/2024 (ngày/tháng/năm) hoặc 2024-01-05, không phải một số."


def _coerce_date(value: Any, want: type, loc: Loc, issues: list[tuple[Loc, str]]) -> Any:
    """One date (``want`` is dt.date) or datetime field: a date object, or None with an issue.
    Other types (lists, groups, yes/no) are left for the model to report."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        return value
    if isinstance(value, (int, float)):
        issues.append((loc, _NOT_NUMBER))
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # documents print the wall-clock time written
    if isinstance(value, dt.date):
        if want is dt.datetime:
            issues.append((loc, _WANT_TIME))
            return None
        return value
    parsed = _parse_datetime(value.strip())
    if want is dt.datetime and parsed is not None and not isinstance(parsed, dt.datetime):
        issues.append((loc, _WANT_TIME))
        return None
    if parsed is None or (want is dt.date and isinstance(parsed, dt.datetime)):
        if want is dt.date:
            issues.append((loc, _date_message(value, _DATE_HELP, "ngày") + "."))
        else:
            issues.append((loc, _date_message(value, _DATETIME_HELP, "ngày giờ") + "."))
        return None
    return parsed


def coerce_dates(data: Any, model: type[BaseModel] = Record) -> tuple[Any, list[tuple[Loc, str]]]:
    """Read every date and datetime field of ``model`` in ``data``: ISO or day-first text, YAML
    dates; datetimes keep the wall-clock time written and drop any UTC offset.

    Returns the converted data (a copy) and the issues found, each with its location: text that
    is no date (a month-first date is never swapped), a datetime without a time, a bare number.
    A field with an issue is set to None so that the model does not report it a second time.
    """
    issues: list[tuple[Loc, str]] = []
    walk = _walker(model)
    return (data if walk is None else walk(data, (), issues)), issues


Walk = Callable[[Any, Loc, list], Any]


@functools.cache
def _walker(ann: Any) -> Walk | None:
    """What :func:`coerce_dates` does to a value annotated ``ann`` (None: nothing, the value
    is kept): worked out once per annotation, as the same models are read for every record."""
    ann = unwrap_optional(ann)
    if is_model(ann):
        fields: dict[str, Walk | None] = {}

        def walk_model(value: Any, loc: Loc, issues: list) -> Any:
            if not isinstance(value, dict):
                return value
            if not fields:  # on first use: a model may (in principle) contain itself
                fields.update((k, _walker(f.annotation)) for k, f in ann.model_fields.items())
            out = {}
            for k, v in value.items():
                walk = fields.get(k) if isinstance(k, str) else None
                out[k] = v if walk is None else walk(v, (*loc, k), issues)
            return out
        return walk_model
    if get_origin(ann) is list:
        (item_ann,) = get_args(ann)
        item = _walker(item_ann)

        def walk_list(value: Any, loc: Loc, issues: list) -> Any:
            if not isinstance(value, list):
                return value
            if item is None:
                return list(value)
            return [item(v, (*loc, i), issues) for i, v in enumerate(value)]
        return walk_list
    if ann in (dt.date, dt.datetime):
        want = ann
        return lambda value, loc, issues: _coerce_date(value, want, loc, issues)
    return None


def _date_message(value: Any, help_text: str, noun: str) -> str:
    """A bad date or datetime, with the likely cause when the text shows it."""
    msg = f"{noun} không hợp lệ {show(value)} — {help_text}"
    m = _DATE_TOKEN.search(value) if isinstance(value, str) else None
    if m is None:
        return msg
    try:
        parse_date(m[0])
    except ValueError:
        nums = [int(x) for x in re.findall(r"\d+", m[0])]
        if m[1] and nums[1] > 12 >= nums[0]:  # day-first form whose "month" is above 12
            return msg + (f" (docgen đọc ngày trước, tháng sau; nếu ý bạn là ngày {nums[1]} "
                          f"tháng {nums[0]}, hãy viết {nums[1]:02d}/{nums[0]:02d}/{nums[2]})")
        return msg + " (không có ngày này trong lịch)"
    rest = value[:m.start()] + value[m.end():]
    if rest.strip() and noun == "ngày":
        return msg + " (chỉ ghi ngày, không kèm giờ)"
    return msg + (" (giờ không hợp lệ)" if rest.strip() else "")
