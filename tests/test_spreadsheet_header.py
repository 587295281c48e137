"""Spreadsheets with title rows above the header ("DANH SÁCH KHÁCH MỜI …", a merged title cell,
the agency's name, blank rows) are read from their header row — by the library, `docgen batch`
and the web's Regenerate alike; a sheet without a header row is refused in the clerk's words."""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from docgen.batch import paragraph_texts
from docgen.cli import cli
from docgen.errors import InputError
from docgen.io.loaders import load_data
from docgen.io.spreadsheet import is_header_row, read_sheet
from docgen.web import create_app, db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "khoi-thi-dua-2022.yaml"
INVITEES = [("Nguyễn Thị Lan", "Giám đốc", "Sở Nội vụ tỉnh Lâm Đồng"),
            ("Trần Quốc Huy", "Phó Giám đốc", "Sở Tài chính tỉnh Lâm Đồng")]


def titled_xlsx(path: Path | None = None) -> bytes:
    """A sheet as offices make them: agency and title in merged cells, a blank row, then the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH LÂM ĐỒNG"])
    ws.merge_cells("A1:D1")
    ws.append(["DANH SÁCH KHÁCH MỜI HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA NĂM 2023"])
    ws.merge_cells("A2:D2")
    ws.append([])
    ws.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị"])
    for n, (name, title, unit) in enumerate(INVITEES, 1):
        ws.append([n, name, title, unit])
    buf = io.BytesIO()
    wb.save(buf)
    if path is not None:
        path.write_bytes(buf.getvalue())
    return buf.getvalue()


TITLED_CSV = ("DANH SÁCH KHÁCH MỜI;;;\n;;;\nSTT;Họ và tên;Chức vụ;Đơn vị\n"
              + "".join(f"{n};{a};{b};{c}\n" for n, (a, b, c) in enumerate(INVITEES, 1))).encode()


def test_header_row_is_told_from_title_rows():
    assert is_header_row(["STT", "Họ và tên", "Chức vụ", "Đơn vị"])
    assert is_header_row(["Họ tên", None, "Cơ quan, đơn vị", "Ghi chú"])
    assert not is_header_row(["DANH SÁCH KHÁCH MỜI HỘI NGHỊ TỔNG KẾT", None, None])
    assert not is_header_row(["STT", "Ghi chú"])  # no data column
    assert not is_header_row([1, "Nguyễn Thị Lan", "Giám đốc", "Sở Nội vụ"])


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_title_rows_are_read_past(kind, tmp_path):
    data = titled_xlsx() if kind == "xlsx" else TITLED_CSV
    sheet = read_sheet(data, name=f"khach-moi.{kind}")
    assert sheet.mode == "invitees"
    assert [r.values for r in sheet.rows] == [{"name": a, "title": b, "unit": c} for a, b, c in INVITEES]
    assert [r.number for r in sheet.rows] == [5, 6] if kind == "xlsx" else [4, 5]


def test_no_header_row_is_one_message_in_the_clerks_words():
    data = "DANH SÁCH KHÁCH MỜI\nNguyễn Thị Lan;Giám đốc\n".encode()
    with pytest.raises(InputError) as err:
        read_sheet(data, name="ds.csv")
    message = str(err.value)
    assert message.startswith("ds.csv: không tìm thấy dòng tiêu đề của bảng")
    assert "«Họ và tên», «Chức vụ», «Đơn vị»" in message
    assert "invitation." not in message and "meeting." not in message


def test_batch_command_reads_a_titled_sheet(tmp_path):
    src = tmp_path / "khach-moi.xlsx"
    titled_xlsx(src)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(src), "--base", str(FIXTURE), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    docs = sorted(out.rglob("*.docx"))
    assert len(docs) == 1
    text = "\n".join(paragraph_texts(docs[0].read_bytes()))
    assert "Đồng chí Nguyễn Thị Lan, Giám đốc Sở Nội vụ tỉnh Lâm Đồng" in text
    assert "Đồng chí Trần Quốc Huy, Phó Giám đốc Sở Tài chính tỉnh Lâm Đồng" in text
    assert "DANH SÁCH" not in text


def test_regenerate_reads_a_titled_sheet(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "w.sqlite3"), "TESTING": True})
    client = app.test_client()
    with app.extensions["docgen_db"].connection() as conn:
        base = db.save_meeting(conn, load_data(FIXTURE)[0], ["giay-moi"])
    page = client.get("/regenerate").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    resp = client.post("/regenerate", data={
        "csrf_token": token, "source": "sheet", "base": str(base),
        "sheet": (io.BytesIO(titled_xlsx()), "Danh sách khách mời.xlsx"),
        "find0": "Trần Quốc Huy", "replace0": "Trần Quốc Hùng"})
    assert resp.status_code == 303, html.unescape(resp.get_data(as_text=True))
    result = html.unescape(client.get(resp.headers["Location"]).get_data(as_text=True))
    assert "Sửa lỗi «Trần Quốc Huy» → «Trần Quốc Hùng»: 1 chỗ." in result
    app.extensions["docgen_db"].close()
