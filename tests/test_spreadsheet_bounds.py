"""Hostile spreadsheets: bounded rows, columns and unzipped size, no DTD in any XLSX part, a
Vietnamese message for a broken file — all before openpyxl builds anything large."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from docgen.errors import InputError, UnsafeFileError
from docgen.io import spreadsheet
from docgen.io.spreadsheet import MAX_COLUMNS, MAX_ROWS, read_sheet, read_table

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
      'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
      '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
      'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="http://schemas.openxmlformats.org/'
      'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
      '</workbook>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
          'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
          'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row>'


def cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def raw_xlsx(path: Path, rows: str | bytes, prolog: bytes = b'<?xml version="1.0" encoding="UTF-8"?>',
             repeat: int = 1) -> Path:
    """An XLSX whose sheet is ``prolog`` + ``<sheetData>`` + ``rows`` × ``repeat``: built
    directly so that a hostile sheet takes no time to write."""
    body = rows.encode() if isinstance(rows, str) else rows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(prolog + f"<worksheet {NS}><sheetData>".encode() + HEADER.encode())
            block = body * 10_000
            for _ in range(repeat // 10_000):
                fh.write(block)
            fh.write(body * (repeat % 10_000))
            fh.write(b"</sheetData></worksheet>")
    return path


def refused(path: Path, kind: type[Exception] = InputError) -> str:
    with pytest.raises(kind) as info:
        read_sheet(path)
    return str(info.value)


def test_hostile_million_rows_refused_before_reading(tmp_path):
    # 1.2 million one-cell rows: ~60 MB of XML in a ~170 KB file (the 3,000,000-row case of
    # bench/hostile_inputs.py is the same, larger).
    path = raw_xlsx(tmp_path / "lon.xlsx", "<row>" + cell("x") + "</row>", repeat=1_200_000)
    assert path.stat().st_size < 1_000_000
    msg = refused(path)
    assert msg.startswith(f"{path}: bảng tính quá lớn (giải nén ra 56 MB, tối đa 64 MB, mỗi trang tối đa 32 MB)")
    assert "mỗi lần chỉ đọc tối đa 10.000 dòng. Hãy tách thành nhiều tệp nhỏ hơn." in msg


def test_too_many_data_rows(tmp_path):
    path = raw_xlsx(tmp_path / "dai.xlsx", "<row>" + cell("Nguyễn Văn An") + "</row>", repeat=MAX_ROWS + 1)
    assert refused(path) == (f"{path}: bảng tính có hơn 10.000 dòng số liệu; mỗi lần chỉ đọc tối đa "
                             "10.000 dòng. Hãy tách thành nhiều tệp nhỏ hơn.")


def test_exactly_the_row_limit_is_read(tmp_path):
    path = raw_xlsx(tmp_path / "du.xlsx", "<row>" + cell("Nguyễn Văn An") + "</row>", repeat=MAX_ROWS)
    assert len(read_sheet(path).rows) == MAX_ROWS


def test_far_away_row_is_refused_without_building_the_rows_before_it(tmp_path):
    path = raw_xlsx(tmp_path / "xa.xlsx", '<row r="1048576">' + cell("x") + "</row>")
    assert refused(path) == (f"{path}: bảng tính có hơn 200.000 dòng (kể cả dòng trống); tối đa 10.000 "
                             "dòng số liệu. Hãy xoá các dòng thừa hoặc tách thành nhiều tệp nhỏ hơn.")


def test_too_many_columns(tmp_path):
    far = '<row r="2"><c r="A2" t="inlineStr"><is><t>An</t></is></c><c r="EZ2" t="inlineStr"><is><t>x</t></is></c></row>'
    path = raw_xlsx(tmp_path / "rong.xlsx", far)
    assert refused(path) == (f"{path}, dòng 2: bảng tính có hơn {MAX_COLUMNS} cột; bảng khách mời hoặc hồ sơ "
                             "chỉ cần vài cột. Hãy xoá các cột thừa.")


def test_huge_dimension_does_not_pad_rows(tmp_path):
    # A lying <dimension ref="A1:XFD1048576"/> would make openpyxl pad every row to 16,384 cells.
    rows = '<row r="2"><c r="A2" t="inlineStr"><is><t>Nguyễn Văn An</t></is></c></row>'
    path = raw_xlsx(tmp_path / "dim.xlsx", rows)
    data = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    with zipfile.ZipFile(path, "w") as z:
        for k, v in parts.items():
            z.writestr(k, v)
    assert data != path.read_bytes()
    sheet = read_sheet(path)
    assert [r.values for r in sheet.rows] == [{"name": "Nguyễn Văn An"}]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_doctype_in_a_sheet_is_refused(tmp_path, encoding):
    prolog = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE worksheet [<!ENTITY xxe "boom">]>'
    body = "<row>" + cell("x") + "</row>"
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        z.writestr("xl/worksheets/sheet1.xml", (prolog + f"<worksheet {NS}><sheetData>{HEADER}{body}"
                                                "</sheetData></worksheet>").encode(encoding))
    assert "DOCTYPE/ENTITY (DTD), bị từ chối" in refused(path, UnsafeFileError)


def test_doctype_after_a_long_comment_in_a_large_sheet(tmp_path):
    # Larger than the whole-part check: streamed until the root element starts.
    prolog = b'<?xml version="1.0" encoding="UTF-8"?><!--' + b"a" * 70_000 + b'--><!DOCTYPE w [<!ENTITY x "y">]>'
    path = raw_xlsx(tmp_path / "dtd2.xlsx", "<row>" + cell("x") + "</row>", prolog=prolog, repeat=120_000)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size > spreadsheet.FULL_CHECK_BYTES
    assert refused(path, UnsafeFileError) == (f"Tệp {path}, thành phần xl/worksheets/sheet1.xml chứa khai báo "
                                              "DOCTYPE/ENTITY (DTD), bị từ chối vì lý do an toàn.")


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"hello", b""])
def test_not_an_xlsx(tmp_path, content):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    assert refused(path) == (f"{path}: không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không phải bảng "
                             "tính Excel. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx.")


def test_broken_sheet_xml(tmp_path):
    path = raw_xlsx(tmp_path / "hong.xlsx", "<row><c><v>1</v></row>")
    msg = refused(path, InputError)
    assert msg.startswith(f"Tệp {path}, thành phần xl/worksheets/sheet1.xml không phải XML hợp lệ")


def test_openpyxl_uses_defused_xml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_bytes_source_with_name(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Chức vụ"])
    wb.active.append(["Lê Văn Cường", "Chánh Văn phòng"])
    buf = io.BytesIO()
    wb.save(buf)
    sheet = read_sheet(buf.getvalue(), name="tai-len.xlsx")
    assert [r.values for r in sheet.rows] == [{"name": "Lê Văn Cường", "title": "Chánh Văn phòng"}]
    table = read_table("Họ và tên\nAn\n".encode(), name="a.csv")
    assert table.rows == [(2, ["An"])]
    with pytest.raises(InputError) as info:
        read_table(b"x", name="a.txt")
    assert str(info.value) == "a.txt: chỉ đọc được bảng tính .csv hoặc .xlsx."


def test_csv_bounds(tmp_path):
    path = tmp_path / "dai.csv"
    path.write_text("Họ và tên\n" + "An\n" * (MAX_ROWS + 1), encoding="utf-8")
    assert refused(path).startswith(f"{path}: bảng tính có hơn 10.000 dòng số liệu")
    path.write_text('Họ và tên\n"An\n', encoding="utf-8")
    read_table(path)  # an unclosed quote at the end is read by csv as text, not an error
