"""Dates and times as Decree 30/2020/NĐ-CP writes them.

Day below 10 and months 1 and 2 get a leading zero; other months none
(``ngày 05 tháng 01 năm 2024``, ``ngày 15 tháng 3 năm 2024``). Times are written
``08 giờ 00``. Functions accept ``date``/``datetime``/``time`` objects or the strings
:func:`parse_date` and :func:`parse_time` accept.
"""
from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_TIME = re.compile(r"(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})?(?:\s*(?:phút|p))?", re.IGNORECASE)


def parse_date(text: str | dt.date) -> dt.date:
    """A date from ISO ``2024-01-05`` or Vietnamese ``05/01/2024`` (also ``5/1/2024``,
    ``05-01-2024``, ``05.01.2024``: day first). Raises ValueError, in Vietnamese.

    >>> parse_date("05/01/2024")
    datetime.date(2024, 1, 5)
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    s = str(text).strip()
    if m := _ISO.fullmatch(s):
        year, month, day = (int(g) for g in m.groups())
    elif m := _VN.fullmatch(s):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    else:
        raise ValueError(f"Ngày «{text}» không đúng dạng: cần 2024-01-05 hoặc 05/01/2024 "
                         "(ngày/tháng/năm).")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày «{text}» không có thật (ngày {day}, tháng {month}, "
                         f"năm {year}).") from None


def parse_time(text: str | dt.time | dt.datetime) -> dt.time:
    """A time from ``08:00``, ``8:30``, ``8h30``, ``14 giờ 30``, ``14 giờ``.

    >>> parse_time("8h30")
    datetime.time(8, 30)
    """
    if isinstance(text, dt.datetime):
        return text.time()
    if isinstance(text, dt.time):
        return text
    m = _TIME.fullmatch(str(text).strip())
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise ValueError(f"Giờ «{text}» không đúng dạng: cần 08:00 hoặc 14 giờ 30.")
    return dt.time(int(m[1]), int(m[2] or 0))


def format_date(d: dt.date | str) -> str:
    """``ngày 05 tháng 01 năm 2024`` (Decree 30 leading zeros).

    >>> format_date(dt.date(2024, 3, 15))
    'ngày 15 tháng 3 năm 2024'
    """
    d = parse_date(d)
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_date(place: str, d: dt.date | str) -> str:
    """The place-and-date line: ``Lâm Đồng, ngày 05 tháng 01 năm 2024``."""
    return f"{place.strip()}, {format_date(d)}"


def weekday(d: dt.date | str, sentence_case: bool = False) -> str:
    """The day of the week: ``Thứ Hai`` … ``Thứ Bảy``, ``Chủ nhật``.

    ``sentence_case=True`` writes ``thứ Hai`` (Decree 30, Appendix II, inside a
    sentence); ``Chủ nhật`` is the same either way.
    """
    name = WEEKDAYS[parse_date(d).weekday()]
    return "t" + name[1:] if sentence_case and name.startswith("Thứ") else name


def format_time(t: dt.time | dt.datetime | str) -> str:
    """``08 giờ 00``, ``14 giờ 30``."""
    t = parse_time(t)
    return f"{t.hour:02d} giờ {t.minute:02d}"


def format_datetime_phrase(d: dt.date | str, t: dt.time | str | None = None) -> str:
    """The invitation phrase ``08 giờ 00, thứ Năm, ngày 05 tháng 01 năm 2024`` (the weekday in
    lower case inside a sentence: Decree 30, Appendix II).

    With a ``datetime`` the time may be omitted; with a date only, ``t`` is required.
    """
    if t is None:
        if not isinstance(d, dt.datetime):
            raise ValueError(f"Thiếu giờ cho ngày «{d}»: cần cả giờ và ngày.")
        t = d.time()
    return f"{format_time(t)}, {weekday(d, sentence_case=True)}, {format_date(d)}"
