"""Jinja filters: small pure functions over docgen.vi, registered in one place.

Templates use them as ``{{ invitation.date|ngay }}``, ``{{ agency.name|hoa }}``,
``{{ invitation.number|so_ky_hieu("GM", agency.code) }}``. Each filter has a Vietnamese
name (what an office editing a template reads) and an English alias.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..vi.case import name_case
from ..vi import case, dates, docnum, numbers


class FilterError(ValueError):
    """A filter got a value it cannot format; the engine reports it with the template name."""


def _need(value: Any, kind: type | tuple, what: str) -> Any:
    if not isinstance(value, kind):
        raise FilterError(f"bộ lọc {what} cần {getattr(kind, '__name__', kind)}, nhận được {value!r}")
    return value


def ngay(value: dt.date) -> str:
    """``ngày 05 tháng 01 năm 2024``."""
    return dates.format_date(_need(value, dt.date, "ngay"))


def dia_danh_ngay(value: dt.date, place: str) -> str:
    """``Lâm Đồng, ngày 05 tháng 01 năm 2024``."""
    return dates.place_date(place, _need(value, dt.date, "dia_danh_ngay"))


def thu(value: dt.date) -> str:
    """``Thứ Năm``."""
    return dates.weekday(_need(value, dt.date, "thu"))


def gio(value: dt.datetime | dt.time) -> str:
    """``08 giờ 00``."""
    return dates.format_time(_need(value, (dt.datetime, dt.time), "gio"))


def thoi_gian(value: dt.datetime) -> str:
    """``08 giờ 00, thứ Năm, ngày 05 tháng 01 năm 2024``."""
    return dates.format_datetime_phrase(_need(value, dt.datetime, "thoi_gian"))


def so(value: float | int) -> str:
    """``1.234.567,5``."""
    return numbers.format_number(value)  # type: ignore[arg-type]


def bang_chu(value: int) -> str:
    """``một trăm hai mươi lăm``."""
    return numbers.number_to_words(value)


def tien_bang_chu(value: int) -> str:
    """``Một trăm hai mươi lăm triệu đồng``."""
    return numbers.money_to_words(value)


def hoa(value: str) -> str:
    """Vietnamese upper case."""
    return case.upper(value)


def ten_nguoi(value: str) -> str:
    """Each syllable of a person's name capitalised, spaces collapsed."""
    return name_case(value)


def so_ky_hieu(number: int, type_code: str, agency_code: str) -> str:
    """``Số: 05/QĐ-BQL``."""
    return docnum.doc_number(number, type_code, agency_code)


def ket_thuc(value: str) -> str:
    """End the last paragraph of a text with ``./.`` (Decree 30 samples)."""
    text = value.rstrip()
    while text.endswith((".", ";", ",")):
        text = text[:-1].rstrip()
    return text + "./."


def dong_noi_nhan(value: str, last: bool) -> str:
    """A recipient line: ``- Như trên;`` and, for the last, ``- Lưu: VT, VP.`` (also any dashed
    list inside the body: ``dong_liet_ke``)."""
    text = value.strip().lstrip("-").strip().rstrip(";.").rstrip()
    return f"- {text}{'.' if last else ';'}"


FILTERS = {
    "ngay": ngay, "date_vn": ngay,
    "dia_danh_ngay": dia_danh_ngay, "place_date": dia_danh_ngay,
    "thu": thu, "weekday": thu,
    "gio": gio, "time_vn": gio,
    "thoi_gian": thoi_gian, "datetime_vn": thoi_gian,
    "so": so, "number": so,
    "bang_chu": bang_chu, "words": bang_chu,
    "tien_bang_chu": tien_bang_chu, "money_words": tien_bang_chu,
    "hoa": hoa, "upper_vn": hoa,
    "ten_nguoi": ten_nguoi, "name_case": ten_nguoi,
    "so_ky_hieu": so_ky_hieu, "doc_number": so_ky_hieu,
    "ket_thuc": ket_thuc, "end_mark": ket_thuc,
    "dong_noi_nhan": dong_noi_nhan, "recipient": dong_noi_nhan,
    "dong_liet_ke": dong_noi_nhan, "list_item": dong_noi_nhan,
}


def register(env) -> None:
    env.filters.update(FILTERS)
