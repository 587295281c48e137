"""Dates before validation: ISO or Vietnamese day-first text, YAML dates; the messages of a bad
date (a month-first date is rejected, never swapped)."""
from __future__ import annotations

import datetime as dt
import re
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

    def walk(value: Any, ann: Any, loc: Loc) -> Any:
        ann = unwrap_optional(ann)
        if is_model(ann) and isinstance(value, dict):
            return {k: walk(v, ann.model_fields[k].annotation, (*loc, k))
                    if isinstance(k, str) and k in ann.model_fields else v
                    for k, v in value.items()}
        if get_origin(ann) is list and isinstance(value, list):
            (item,) = get_args(ann)
            return [walk(v, item, (*loc, i)) for i, v in enumerate(value)]
        if ann in (dt.date, dt.datetime):
            return _coerce_date(value, ann, loc, issues)
        return value

    return walk(data, model, ()), issues


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
