"""Spreadsheets (CSV, XLSX) of invitees or records → record data.

The header is the first row, among the first :data:`HEADER_SCAN_ROWS` non-empty ones, whose
cells are all known column headers (so title rows above it — "DANH SÁCH KHÁCH MỜI …", a merged
title cell, the agency's name, blank rows — are read past); failing that, the first non-empty
row. Each header is matched, ignoring case, tone marks and
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
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from lxml import etree
from pydantic import BaseModel

from ..errors import InputError, UnsafeFileError
from ..oserrors import os_error
from .xmlsafe import check_xml
from ..model import Invitee, Record, unwrap_optional
from ..vi.case import fold

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


def header_key(text: object) -> str:
    """A column header as the tables above spell it: folded without marks, ``_`` as a space."""
    return fold(str(text).replace("_", " "), marks=False)


@dataclass
class Table:
    """The header and the non-empty data rows of a sheet, each with its 1-based row number."""

    file: str
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]]


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


HEADER_SCAN_ROWS = 15
"""Non-empty rows looked at for the header row (title rows above it are read past)."""
MAX_ROWS = 10_000
"""Most data rows read from one sheet (a list of invitees is a few hundred rows)."""
MAX_SCAN_ROWS = 200_000
"""Most rows looked at, empty ones included, before a sheet is refused."""
MAX_COLUMNS = 100
"""Most columns read (a sheet of invitees or records has a dozen)."""
MAX_XLSX_PART_BYTES = 32 * 1024 * 1024
"""Largest XML part of an XLSX once unzipped (10,000 rows of 20 columns are about 8 MB)."""
MAX_XLSX_TOTAL_BYTES = 64 * 1024 * 1024
"""Largest XLSX once unzipped, all parts together."""
MAX_XLSX_PARTS = 1_000
MAX_CSV_BYTES = 16 * 1024 * 1024
"""Largest CSV read."""
FULL_CHECK_BYTES = 4 * 1024 * 1024
"""XML parts up to this size go through the XML-safety layer whole (DTD, node and text
bounds); larger ones (big sheets) are streamed: DTD refused from their prolog, entities
refused by defusedxml inside openpyxl, rows and columns bounded here."""

Source = str | os.PathLike | bytes


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB" if n >= 1048576 else f"{max(n // 1024, 1)} KB"


def _n(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def _too_many_rows(file: str) -> InputError:
    return InputError(f"{file}: bảng tính có hơn {_n(MAX_ROWS)} dòng số liệu; mỗi lần chỉ đọc tối đa "
                      f"{_n(MAX_ROWS)} dòng. Hãy tách thành nhiều tệp nhỏ hơn.")


def _bounded_rows(rows: Iterable[tuple[int, Sequence[Any]]], file: str) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of a sheet with their numbers, refused past MAX_ROWS data rows,
    MAX_SCAN_ROWS rows or MAX_COLUMNS columns (read lazily: nothing past a bound is parsed)."""
    out: list[tuple[int, list[Any]]] = []
    data = 0
    for n, row in rows:
        if n > MAX_SCAN_ROWS:
            raise InputError(f"{file}: bảng tính có hơn {_n(MAX_SCAN_ROWS)} dòng (kể cả dòng trống); "
                             f"tối đa {_n(MAX_ROWS)} dòng số liệu. Hãy xoá các dòng thừa hoặc tách "
                             "thành nhiều tệp nhỏ hơn.")
        if len(row) > MAX_COLUMNS:
            beyond = row[MAX_COLUMNS:]
            if beyond.count(None) != len(beyond) and any(not _is_empty(v) for v in beyond):
                raise InputError(f"{file}, dòng {n}: bảng tính có hơn {MAX_COLUMNS} cột; bảng khách mời "
                                 "hoặc hồ sơ chỉ cần vài cột. Hãy xoá các cột thừa.")
            row = row[:MAX_COLUMNS]
        cells = list(row)
        if all(_is_empty(v) for v in cells):
            continue
        data += 1
        if data > MAX_ROWS + 1:  # the header row is not data
            raise _too_many_rows(file)
        out.append((n, cells))
    return out


def _read_csv(raw: bytes, file: str) -> list[tuple[int, list[Any]]]:
    if len(raw) > MAX_CSV_BYTES:
        raise InputError(f"{file}: tệp CSV quá lớn (hơn {_mb(MAX_CSV_BYTES)}); tối đa {_n(MAX_ROWS)} dòng "
                         "số liệu. Hãy tách thành nhiều tệp nhỏ hơn.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{file}: tệp CSV cần mã hóa UTF-8 (khi lưu từ Excel chọn \"CSV UTF-8\").") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded_rows(((reader.line_num, row) for row in reader), file)
    except csv.Error:
        raise InputError(f"{file}, dòng {reader.line_num}: tệp CSV sai cú pháp (dấu nháy kép chưa đóng "
                         "hoặc ký tự lạ). Hãy mở bằng Excel và lưu lại dạng \"CSV UTF-8\".") from None


_XLSX_BROKEN = ("không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không phải bảng tính Excel. "
                "Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx.")


def _has_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a (large) XML part declares a DTD: streamed until its root element starts, so
    the answer does not depend on the encoding or on a long comment before it."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False)
    with zf.open(info) as fh:
        while chunk := fh.read(65536):
            parser.feed(chunk)
            for _, el in parser.read_events():
                docinfo = el.getroottree().docinfo
                return bool(docinfo.doctype) or docinfo.internalDTD is not None
    return False


def _check_xlsx_package(source: Source, file: str) -> None:
    """Bounds of the ZIP (parts, unzipped sizes) and the XML safety of every XML part, before
    openpyxl reads anything."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except zipfile.BadZipFile:
        raise InputError(f"{file}: {_XLSX_BROKEN}") from None
    except OSError as exc:
        raise os_error(exc, file) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_XLSX_PARTS:
            raise UnsafeFileError(f"{file}: tệp Excel có {_n(len(infos))} thành phần, vượt giới hạn an toàn "
                                  f"{_n(MAX_XLSX_PARTS)}.")
        total = sum(i.file_size for i in infos)
        big = max(infos, key=lambda i: i.file_size, default=None)
        if (big is not None and big.file_size > MAX_XLSX_PART_BYTES) or total > MAX_XLSX_TOTAL_BYTES:
            raise InputError(f"{file}: bảng tính quá lớn (giải nén ra {_mb(total)}, tối đa "
                             f"{_mb(MAX_XLSX_TOTAL_BYTES)}, mỗi trang tối đa {_mb(MAX_XLSX_PART_BYTES)}); "
                             f"mỗi lần chỉ đọc tối đa {_n(MAX_ROWS)} dòng. Hãy tách thành nhiều tệp "
                             "nhỏ hơn.")
        for info in infos:
            name = info.filename
            if not name.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                if info.file_size <= FULL_CHECK_BYTES:
                    with zf.open(info) as fh:
                        check_xml(fh.read(FULL_CHECK_BYTES + 1), name, file)
                elif _has_doctype(zf, info):
                    raise UnsafeFileError(f"Tệp {file}, thành phần {name} chứa khai báo DOCTYPE/ENTITY "
                                          "(DTD), bị từ chối vì lý do an toàn.")
            except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, ValueError,
                    etree.LxmlError):
                raise InputError(f"{file}: {_XLSX_BROKEN}") from None


def _read_xlsx(source: Source, file: str, sheet: str | None) -> list[tuple[int, list[Any]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_xlsx_package(source, file)
    broken = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError,
              AttributeError, EOFError, SyntaxError, etree.LxmlError, DefusedXmlException)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source,
                                    read_only=True, data_only=True)
    except OSError as exc:
        raise os_error(exc, file) from None
    except broken:  # SyntaxError: ElementTree's ParseError
        raise InputError(f"{file}: {_XLSX_BROKEN}") from None
    try:
        if not wb.worksheets:
            raise InputError(f"{file}: tệp Excel không có trang tính nào.")
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise InputError(f"{file}: không có trang tính {sheet!r}; các trang có: {', '.join(wb.sheetnames)}.")
        # The <dimension> a file declares is not trusted (A1:XFD1048576 would pad every row to
        # 16,384 cells): each row is as wide as its last cell, empty rows are empty.
        ws.reset_dimensions()
        try:
            return _bounded_rows(enumerate(ws.iter_rows(values_only=True), 1), file)
        except broken:
            raise InputError(f"{file}: {_XLSX_BROKEN}") from None
    finally:
        wb.close()


def read_table(source: Source, sheet: str | None = None, name: str | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, ``;`` or ``,``) or an XLSX sheet (first or ``sheet``).

    ``source`` is a path or the bytes of an upload; ``name`` is the name shown in messages (for
    bytes it is required to tell CSV from XLSX by its extension). Rows, columns and the unzipped
    size are bounded (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`, :data:`MAX_XLSX_TOTAL_BYTES`)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = bytes(source)
        file = name or "bảng tính"
    else:
        file = name or str(source)
        p = Path(source)
        if not p.exists():
            raise InputError(f"Không tìm thấy tệp: {file}")
        if p.is_dir():
            raise InputError(f"{file}: đây là một thư mục; cần một bảng tính .csv hoặc .xlsx.")
    suffix = Path(file).suffix.lower()
    if suffix == ".csv":
        if isinstance(source, bytes):
            raw = source
        else:
            try:
                with open(source, "rb") as fh:
                    raw = fh.read(MAX_CSV_BYTES + 1)
            except OSError as exc:
                raise os_error(exc, file) from None
        rows = _read_csv(raw, file)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(source, file, sheet)
    else:
        raise InputError(f"{file}: chỉ đọc được bảng tính .csv hoặc .xlsx.")
    if not rows:
        raise InputError(f"{file}: bảng tính không có dữ liệu (cần một dòng tiêu đề và các dòng số liệu).")
    at = next((i for i, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]) if is_header_row(cells)), 0)
    (hn, header), data = rows[at], rows[at + 1:]
    headers = ["" if h is None else str(h).strip() for h in header]
    return Table(file, headers, hn, data)


def _known_header(text: str) -> bool:
    key = header_key(text)
    return (key in INVITEE_HEADERS or key in RECORD_HEADERS or key in IGNORED_HEADERS
            or ("." in text and field_type(re.sub(r"\s+", "", text)) is not None))


def is_header_row(cells: Sequence[Any]) -> bool:
    """Whether a row is a header row: every non-empty cell a known column header, and at least
    one of them a data column (not only "STT" or "Ghi chú"). A title row ("DANH SÁCH KHÁCH MỜI
    HỘI NGHỊ …", the agency's name in a merged cell) is not."""
    texts = [str(c).strip() for c in cells if not _is_empty(c)]
    if not texts or not all(isinstance(c, str) for c in cells if not _is_empty(c)):
        return False
    return all(_known_header(t) for t in texts) and any(header_key(t) not in IGNORED_HEADERS for t in texts)


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
        key = header_key(h)
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
        shown = ", ".join(f"«{u}»" for u in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise InputError(
            f"{table.file}: không tìm thấy dòng tiêu đề của bảng (đã xem {HEADER_SCAN_ROWS} dòng đầu); "
            f"dòng {table.header_row} có cột không hiểu: {shown}. Bảng khách mời cần một dòng tiêu đề "
            "với các cột «Họ và tên», «Chức vụ», «Đơn vị» (có thể thêm «STT», «Ghi chú»), mỗi dòng dưới "
            "đó một khách mời; bảng hồ sơ dùng thêm các cột như «Số giấy mời», «Ngày giấy mời», "
            "«Tên cuộc họp», «Thời gian», «Địa điểm».")
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


def read_sheet(source: Source, sheet: str | None = None, name: str | None = None) -> Sheet:
    """Read a spreadsheet (a path, or bytes with their ``name``) into typed rows: invitee dicts
    or partial record dicts (nested)."""
    table = read_table(source, sheet, name)
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
