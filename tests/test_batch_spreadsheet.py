"""`docgen batch` from spreadsheets: XLSX and CSV with Vietnamese headers, cell types, bad rows."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from docgen.batch import STAT, paragraph_texts, run_batch
from docgen.cli import cli
from docgen.errors import InputError
from docgen.io.spreadsheet import header_key, read_sheet

BASE = """\
agency:
  name: Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  code: BQL
  place: Lâm Đồng
signer:
  title: Trưởng ban
  name: Võ Văn Phụng
meeting:
  title: Hội nghị tổng kết công tác thi đua năm 2023
  start: 2024-01-14T08:00:00
  place: Hội trường Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  chair:
    name: Võ Văn Phụng
    title: Trưởng ban
invitation:
  number: 5
  date: 2024-01-05
  invitees:
    - unit: Các phòng, đơn vị thuộc Ban
"""


@pytest.fixture
def base(tmp_path) -> Path:
    p = tmp_path / "base.yaml"
    p.write_text(BASE, encoding="utf-8")
    return p


def xlsx(path: Path, rows: list[list], sheet: str = "Khách mời") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_header_matching_ignores_case_tone_marks_and_spacing():
    assert header_key("  HỌ  VÀ   Tên ") == "ho va ten" and header_key("Đơn_vị") == "don vi"


def test_xlsx_invitee_rows_one_invitation_each(tmp_path, base):
    src = xlsx(tmp_path / "khach-moi.xlsx", [
        ["HỌ VÀ TÊN", "chức  vụ", "Đơn vị"],
        ["Trần Văn Biên", "Phó Trưởng ban", "Ban Quản lý Khu công nghệ cao Đà Nẵng"],
        [None, None, None],                                   # empty row: skipped
        [None, None, "Ban Quản lý Khu kinh tế tỉnh Phú Yên"],
        ["Lê Thị Mai", "Chuyên viên", None],
    ])
    res = run_batch(src, tmp_path / "out", base=base, per_invitee=True, jobs=1)
    assert not res.failed
    names = sorted(o.path for o in res.written)
    assert names == ["giay-moi-05-gm-bql-001-tran-van-bien.docx",
                     "giay-moi-05-gm-bql-002-ban-quan-ly-khu-kinh-te-tinh-phu-yen.docx",
                     "giay-moi-05-gm-bql-003-le-thi-mai.docx"]
    text = paragraph_texts((tmp_path / "out" / names[0]).read_bytes())
    assert any("Đồng chí Trần Văn Biên, Phó Trưởng ban Ban Quản lý Khu công nghệ cao Đà Nẵng" in t for t in text)
    assert not any("Lê Thị Mai" in t for t in text)


def test_bad_invitee_row_is_reported_and_the_others_rendered(tmp_path, base):
    src = xlsx(tmp_path / "khach-moi.xlsx", [
        ["Họ và tên", "Chức vụ", "Đơn vị"],
        ["Trần Văn Biên", "Phó Trưởng ban", None],
        [dt.datetime(2024, 1, 2), "Chuyên viên", "Văn phòng"],
        [None, "Chuyên viên", None],
        ["Lê Thị Mai", "Chuyên viên", None],
    ])
    result = CliRunner().invoke(cli, ["batch", str(src), "--base", str(base), "-o", str(tmp_path / "out"),
                                      "--per-invitee", "--jobs", "1"])
    assert result.exit_code == 1
    assert 'khach-moi.xlsx, dòng 3, cột "Họ và tên": cần văn bản, nhận được ngày 02/01/2024' in result.stdout
    assert "khach-moi.xlsx, dòng 4: khách mời cần ít nhất họ tên" in result.stdout
    assert "Đã soạn 2 văn bản, 0 văn bản không đổi, 2 hồ sơ lỗi" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "giay-moi-05-gm-bql-001-tran-van-bien.docx", "giay-moi-05-gm-bql-002-le-thi-mai.docx"]


def test_csv_with_bom_and_semicolons_lists_every_invitee(tmp_path, base):
    src = tmp_path / "ds.csv"
    src.write_bytes("\ufeffSTT;Họ và tên;Chức vụ;Đơn vị;Ghi chú\n"
                    "1;Trần Văn Bien;Phó Trưởng ban;\"Ban Quản lý; Đà Nẵng\";\n"
                    ";;;;\n"
                    "2;Nguyễn Thị Hoa;Chánh Văn phòng;Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng;dự cả ngày\n"
                    .encode("utf-8"))
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text('- find: "Trần Văn Bien"\n  replace: "Trần Văn Biên"\n  field: invitation.invitees[].name\n',
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(src), "--base", str(base), "-o", str(tmp_path / "out"),
                                      "--corrections", str(fixes), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Sửa lỗi «Trần Văn Bien» → «Trần Văn Biên» (trường invitation.invitees[].name): 1 chỗ." in result.stdout
    (doc,) = (tmp_path / "out").glob("*.docx")
    text = "\n".join(paragraph_texts(doc.read_bytes()))
    assert "Đồng chí Trần Văn Biên, Phó Trưởng ban Ban Quản lý; Đà Nẵng" in text
    assert "Đồng chí Nguyễn Thị Hoa, Chánh Văn phòng" in text


def test_record_rows_with_dotted_headers_and_typed_cells(tmp_path, base):
    src = xlsx(tmp_path / "lich-hop.xlsx", [
        ["invitation.number", "Ngày", "meeting.start", "meeting.title"],
        [11, dt.datetime(2024, 3, 1), "10/03/2024 08:30", "Họp giao ban tháng 3"],
        [12, "01/04/2024", dt.datetime(2024, 4, 10, 14, 0), "Họp giao ban tháng 4"],
        [13, "ngày mai", "10/05/2024 08:00", "Họp giao ban tháng 5"],
        ["mười bốn", "01/06/2024", "10/06/2024 08:00", "Họp giao ban tháng 6"],
    ])
    res = run_batch(src, tmp_path / "out", base=base, kinds=["giay-moi"], jobs=1)
    assert sorted(o.path for o in res.written) == ["dong-002/giay-moi-11-gm-bql.docx",
                                                   "dong-003/giay-moi-12-gm-bql.docx"]
    errors = {r.id: r.errors for r in res.failed}
    assert errors == {
        "dong-004": ['lich-hop.xlsx, dòng 4, cột "Ngày": cần ngày dạng dd/mm/yyyy, nhận được \'ngày mai\''],
        "dong-005": ['lich-hop.xlsx, dòng 5, cột "invitation.number": cần một số nguyên, nhận được \'mười bốn\''],
    }
    text = "\n".join(paragraph_texts((tmp_path / "out/dong-003/giay-moi-12-gm-bql.docx").read_bytes()))
    assert "Số: 12/GM-BQL" in text and "Lâm Đồng, ngày 01 tháng 4 năm 2024" in text
    assert "Thời gian: 14 giờ 00, thứ Tư, ngày 10 tháng 4 năm 2024." in text


def test_named_sheet_and_unknown_header(tmp_path, base):
    book = openpyxl.Workbook()
    book.active.append(["Điện thoại"])
    ws = book.create_sheet("Danh sách")
    ws.append(["Tên", "Cơ quan"])
    ws.append(["Phạm Quốc Bảo", "Ban Quản lý Khu kinh tế tỉnh Gia Lai"])
    book.save(tmp_path / "wb.xlsx")
    assert read_sheet(tmp_path / "wb.xlsx", "Danh sách").rows[0].values == {
        "name": "Phạm Quốc Bảo", "unit": "Ban Quản lý Khu kinh tế tỉnh Gia Lai"}
    with pytest.raises(InputError, match=r"wb.xlsx: không tìm thấy dòng tiêu đề .* dòng 1 có cột không hiểu: «Điện thoại»"):
        read_sheet(tmp_path / "wb.xlsx")
    with pytest.raises(InputError, match="không có trang tính 'Khác'"):
        read_sheet(tmp_path / "wb.xlsx", "Khác")
    with pytest.raises(InputError, match="--base"):
        run_batch(tmp_path / "wb.xlsx", tmp_path / "out", sheet="Danh sách", jobs=1)


def test_large_invitee_sheet_is_shared_among_processes(tmp_path, base):
    names = ["An", "Bình", "Châu", "Dũng", "Giang", "Hải", "Khoa", "Long", "Nam", "Phúc", "Sơn", "Tâm"]
    rows = [["Họ và tên", "Đơn vị"]] + [[f"Nguyễn Văn {n}", "Văn phòng Ban"] for n in names]
    src = xlsx(tmp_path / "ds.xlsx", rows)
    serial = run_batch(src, tmp_path / "a", base=base, per_invitee=True, jobs=1)
    parallel = run_batch(src, tmp_path / "b", base=base, per_invitee=True, jobs=2)
    assert [o.path for o in parallel.written] == [o.path for o in serial.written]
    assert len(serial.written) == 12 and serial.written[11].path.endswith("-012-nguyen-van-tam.docx")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for rel in files:  # documents, manifest and cache: the same bytes (the stat file holds file times)
        if rel.name != STAT:
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    again = run_batch(src, tmp_path / "b", base=base, per_invitee=True, jobs=2)
    assert not again.written and len(again.outputs("skipped")) == 12
