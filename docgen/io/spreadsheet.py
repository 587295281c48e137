"""Spreadsheets (CSV, XLSX) of invitees or records → record data.

The first non-empty row is the header. Each header is matched, ignoring case, tone marks and
spacing, to a field: ``Họ và tên`` → ``name``, ``Chức vụ`` → ``title``, ``Đơn vị`` → ``unit``
(a sheet of invitees, one per row), or a dotted field path such as ``invitation.number`` or
``meeting.start`` (one record per row, completing a base record; invitee columns beside them give
each row's record its one invitee). Cells are converted to the
type the field needs: dates from date cells or ``dd/mm/yyyy`` text, times from ``dd/mm/yyyy hh:mm``,
numbers from number cells or digits. A cell of the wrong type is reported as
``tệp.xlsx, dòng 7, cột "Ngày": …``; the row's other problems are reported with it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import InputError
from ..model import Invitee, Record, unwrap_optional
from ..vi.case import strip_marks

SPREADSHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm")

# Header (folded: no tone marks, lower case, single spaces) → invitee field.
INVITEE_HEADERS = {
    "ho va ten": "name", "ho ten": "name", "ten": "name", "nguoi duoc moi": "name", "name": "name",
    "chuc vu": "title", "chuc danh": "title", "title": "title",
    "don vi": "unit", "co quan": "unit", "co quan, don vi": "unit", "co quan don vi": "unit", "unit": "unit",
}
# Headers of columns that are not data (row numbers, remarks): read past.
IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "ghi chu"}
# Header → record field path, for sheets with one record per row.
RECORD_HEADERS = {
    "so giay moi": "invitation.number", "ngay giay moi": "invitation.date", "ngay": "invitation.date",
    "trich yeu": "invitation.subject", "ten cuoc hop": "meeting.title", "cuoc hop": "meeting.title",
    "hoi nghi": "meeting.title", "thoi gian": "meeting.start", "bat dau": "meeting.start",
    "ket thuc": "meeting.end", "dia diem": "meeting.place",
}


def fold(text: str) -> str:
    """Header key: no tone marks, ``đ`` → ``d``, lower case, single spaces."""
    return re.sub(r"[\s_]+", " ", strip_marks(str(text)).casefold()).strip()


@dataclass
class Table:
    """The header and the non-empty data rows of a sheet, each with its 1-based row number."""

    file: str
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]]


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_csv(p: Path) -> list[tuple[int, list[Any]]]:
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: tệp CSV cần mã hóa UTF-8 (khi lưu từ Excel chọn \"CSV UTF-8\").") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(reader.line_num, row) for row in reader]


def _read_xlsx(p: Path, sheet: str | None) -> list[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"{p}: không đọc được tệp Excel (.xlsx): {exc}") from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise InputError(f"{p}: không có trang tính {sheet!r}; các trang có: {', '.join(wb.sheetnames)}.")
        return [(i, list(row)) for i, row in enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        wb.close()


def read_table(path: str | os.PathLike, sheet: str | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, ``;`` or ``,``) or an XLSX sheet (first or ``sheet``)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"Không tìm thấy tệp: {p}")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        rows = _read_csv(p)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(p, sheet)
    else:
        raise InputError(f"{p}: chỉ đọc được bảng tính .csv hoặc .xlsx.")
    rows = [(n, r) for n, r in rows if not all(_is_empty(v) for v in r)]
    if not rows:
        raise InputError(f"{p}: bảng tính không có dữ liệu (cần một dòng tiêu đề và các dòng số liệu).")
    (hn, header), data = rows[0], rows[1:]
    headers = ["" if h is None else str(h).strip() for h in header]
    return Table(str(p), headers, hn, data)


# ---------------------------------------------------------------- field types from the model

def field_type(path: str) -> Any:
    """The Python type the record expects at a dotted ``path`` (None if there is no such field)."""
    model: Any = Record
    tp: Any = None
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        tp = unwrap_optional(model.model_fields[part].annotation)
        model = tp
    return tp


_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:hg](\d{2})?)?\s*$")


def _convert(value: Any, tp: Any) -> Any:
    """Convert one cell to ``tp``; raise ValueError with a Vietnamese explanation."""
    if tp is dt.datetime or tp is dt.date:
        if isinstance(value, dt.datetime):
            return value if tp is dt.datetime else value.date()
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time()) if tp is dt.datetime else value
        text = str(value).strip()
        m = _DATE.match(text)
        try:
            if m:
                d, mo, y, hh, mm = m.groups()
                if tp is dt.date and hh:
                    raise ValueError
                return (dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0)) if tp is dt.datetime
                        else dt.date(int(y), int(mo), int(d)))
            return dt.datetime.fromisoformat(text) if tp is dt.datetime else dt.date.fromisoformat(text)
        except ValueError:
            pattern = "dd/mm/yyyy hh:mm" if tp is dt.datetime else "dd/mm/yyyy"
            raise ValueError(f"cần ngày dạng {pattern}, nhận được {text!r}") from None
    if tp is int:
        if isinstance(value, bool):
            raise ValueError(f"cần một số nguyên, nhận được {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        if re.fullmatch(r"\d+", text):
            return int(text)
        raise ValueError(f"cần một số nguyên, nhận được {text!r}")
    if typing.get_origin(tp) is list and typing.get_args(tp) == (str,):
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    if isinstance(value, (dt.date, dt.datetime)):
        raise ValueError(f"cần văn bản, nhận được ngày {value:%d/%m/%Y}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---------------------------------------------------------------- rows → records

@dataclass
class Row:
    """One data row turned into field values, or the problems that stop it."""

    number: int
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    """A sheet read as invitees (``mode == "invitees"``) or as records (``mode == "records"``)."""

    file: str
    mode: str
    rows: list[Row]


def _set_path(target: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = target[part] = {}
        target = nxt
    target[parts[-1]] = value


def map_headers(table: Table) -> tuple[str, dict[int, str]]:
    """Decide the sheet's mode and map column indexes to fields; unknown headers are an error."""
    invitee: dict[int, str] = {}
    record: dict[int, str] = {}
    unknown: list[str] = []
    for i, h in enumerate(table.headers):
        if not h:
            continue
        key = fold(h)
        if key in IGNORED_HEADERS:
            continue
        if key in INVITEE_HEADERS:
            invitee[i] = INVITEE_HEADERS[key]
        elif "." in h and field_type(re.sub(r"\s+", "", h)) is not None:
            record[i] = re.sub(r"\s+", "", h)
        elif key in RECORD_HEADERS:
            record[i] = RECORD_HEADERS[key]
        else:
            unknown.append(h)
    if unknown:
        raise InputError(
            f"{table.file}, dòng {table.header_row}: không hiểu cột {', '.join(repr(u) for u in unknown)}. "
            "Dùng 'Họ và tên', 'Chức vụ', 'Đơn vị' (mỗi dòng một khách mời) hoặc đường dẫn trường như "
            "'invitation.number', 'meeting.start' (mỗi dòng một hồ sơ).")
    if invitee and record:
        # Invitee columns beside record columns: the invitee columns fill the row's one invitee.
        for i, f in invitee.items():
            record[i] = f"invitation.invitees.{f}"
        return "records", record
    if invitee:
        return "invitees", invitee
    if record:
        return "records", record
    raise InputError(f"{table.file}: bảng tính không có cột nào (dòng tiêu đề {table.header_row} trống).")


def read_sheet(path: str | os.PathLike, sheet: str | None = None) -> Sheet:
    """Read a spreadsheet into typed rows: invitee dicts or partial record dicts (nested)."""
    table = read_table(path, sheet)
    mode, columns = map_headers(table)
    name = Path(table.file).name
    rows = []
    for number, cells in table.rows:
        row = Row(number, {})
        for i, path_ in columns.items():
            value = cells[i] if i < len(cells) else None
            if _is_empty(value):
                continue
            if path_.startswith("invitation.invitees."):
                tp: Any = str
            else:
                tp = str if mode == "invitees" else field_type(path_)
            try:
                converted = _convert(value, tp)
            except ValueError as exc:
                row.problems.append(f"{name}, dòng {number}, cột \"{table.headers[i]}\": {exc}")
                continue
            if mode == "invitees":
                row.values[path_] = converted
            elif path_.startswith("invitation.invitees."):
                _set_path(row.values, "invitation.invitee." + path_.rsplit(".", 1)[1], converted)
            else:
                _set_path(row.values, path_, converted)
        if mode == "invitees" and not row.problems:
            try:
                Invitee.model_validate(row.values)
            except ValueError:
                row.problems.append(f"{name}, dòng {number}: khách mời cần ít nhất họ tên (cột \"Họ và tên\") "
                                    "hoặc đơn vị (cột \"Đơn vị\").")
        inv = row.values.get("invitation", {}) if mode == "records" else {}
        if isinstance(inv, dict) and "invitee" in inv:
            inv["invitees"] = [inv.pop("invitee")]
        rows.append(row)
    return Sheet(table.file, mode, rows)
