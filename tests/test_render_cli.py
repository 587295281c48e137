"""`docgen render` end to end: files, options, messages, exit codes, field normalization."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli import cli
from docgen.io.package import read_package
from docgen.io.xmlsafe import parse_xml
from docgen.ooxml.ns import W

from conftest import FIXTURE



def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def texts(path: Path) -> list[str]:
    root = parse_xml(read_package(path)["word/document.xml"])
    return ["".join((el.text or "") if el.tag == W + "t" else "\n" for el in p.iter(W + "t", W + "br"))
            for p in root.iter(W + "p")]


def test_render_fixture_writes_four_documents(tmp_path):
    res = run("render", str(FIXTURE), "-o", str(tmp_path))
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["bien-ban-01-bb-bql.docx", "giao-uoc-thi-dua-2022.docx",
                     "giay-moi-03-gm-bql.docx", "quyet-dinh-08-qd-bql.docx"]
    assert "Đã ghi" in res.output
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_render_twice_same_sha256(tmp_path):
    run("render", str(FIXTURE), "-o", str(tmp_path / "a"))
    run("render", str(FIXTURE), "-o", str(tmp_path / "b"))
    for a in (tmp_path / "a").iterdir():
        b = tmp_path / "b" / a.name
        assert hashlib.sha256(a.read_bytes()).hexdigest() == hashlib.sha256(b.read_bytes()).hexdigest()


def test_kind_and_per_invitee(tmp_path):
    res = run("render", str(FIXTURE), "-o", str(tmp_path), "--kind", "giay-moi", "--per-invitee")
    assert res.exit_code == 0, res.output
    files = sorted(tmp_path.iterdir())
    assert len(files) == 11 and all(f.name.startswith("giay-moi-03-gm-bql-") for f in files)
    assert any("Đồng chí Võ Văn Phụng" in t for t in texts(files[1]))


def test_pdf_without_libreoffice_is_a_clear_warning(tmp_path, monkeypatch):
    import docgen.io.pdf as pdf
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    res = CliRunner().invoke(cli, ["render", str(FIXTURE), "-o", str(tmp_path), "--kind", "quyet-dinh", "--pdf"])
    assert res.exit_code == 1
    assert "LibreOffice" in res.output and "DOCX vẫn được ghi" in res.output
    assert (tmp_path / "quyet-dinh-08-qd-bql.docx").exists()


def test_field_normalization_is_reported_and_applied(tmp_path):
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["invitation"]["invitees"][2]["unit"] = "Ban Quản lý Khu kinh tế Vân Phong tỉnh Khánh Hoà"
    data["signer"]["name"] = "trần  văn biên"
    src = tmp_path / "hop.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    res = run("render", str(src), "-o", str(tmp_path / "out"), "--kind", "giay-moi")
    assert res.exit_code == 0, res.output
    # The clerk's tone style is kept ("Hoà" is not rewritten "Hòa"); spacing and case are reported.
    assert "invitation.invitees[2].unit" not in res.output and "«Hoà» → «Hòa»" not in res.output
    assert "signer.name" in res.output
    body = [line for t in texts(tmp_path / "out" / "giay-moi-03-gm-bql.docx") for line in t.split("\n")]
    assert "- Đại diện lãnh đạo Ban Quản lý Khu kinh tế Vân Phong tỉnh Khánh Hoà;" in body
    assert "Trần Văn Biên" in body


def test_no_repair_still_reports_deterministic_normalizers(tmp_path):
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["meeting"]["place"] = "Hội trường  tầng 3 ,Đà Nẵng"
    src = tmp_path / "hop.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    res = run("render", str(src), "-o", str(tmp_path / "out"), "--kind", "bien-ban", "--no-repair")
    assert res.exit_code == 0, res.output
    assert "meeting.place" in res.output
    assert "Địa điểm: Hội trường tầng 3, Đà Nẵng." in texts(tmp_path / "out" / "bien-ban-01-bb-bql.docx")


@pytest.mark.parametrize("content, expected", [
    ("", "rỗng"),
    ("agency: [\n", "dòng"),
    ("agency:\n  name: Ban\n  code: BQL\n  place: Lâm Đồng\nsigner:\n  title: Trưởng ban\n  name: Võ Văn Phụng\n"
     "invitation:\n  number: 1\n  date: 2024-13-05\n  invitees: [{unit: Ban A}]\n", "invitation.date"),
])
def test_bad_input_one_clear_message(tmp_path, content, expected):
    src = tmp_path / "hop.yaml"
    src.write_text(content, encoding="utf-8")
    from docgen.cli import main
    with pytest.raises(SystemExit) as ex:
        main(["render", str(src), "-o", str(tmp_path / "out")])
    assert ex.value.code != 0
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_bad_input_message_text(tmp_path, capsys):
    src = tmp_path / "hop.yaml"
    src.write_text("agency:\n  name: Ban\n", encoding="utf-8")
    from docgen.cli import main
    with pytest.raises(SystemExit) as ex:
        main(["render", str(src), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert ex.value.code == 2
    assert "Traceback" not in err
    assert str(src) in err and "agency.code" in err and "thiếu trường bắt buộc" in err


def test_never_writes_over_its_input(tmp_path):
    from docgen.errors import InputError
    from docgen.io.atomic import atomic_write
    src = tmp_path / "a.docx"
    src.write_bytes(b"x")
    with pytest.raises(InputError, match="Không ghi đè"):
        atomic_write(src, b"y", inputs=[src])
    assert src.read_bytes() == b"x"


def test_validate_lists_field_repairs_with_lines(tmp_path):
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["pledge"]["bloc"] = "Khi thi đua các Ban Quản lý khu công nghiệp tỉnh Khánh Hoà"
    src = tmp_path / "hop.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = next(i for i, ln in enumerate(src.read_text(encoding="utf-8").splitlines(), 1) if "Khi thi đua" in ln)
    res = run("validate", str(src))
    assert res.exit_code == 0, res.output
    assert f"{src}:{line}: pledge.bloc: sẽ sửa «Khi» → «Khối»" in res.output
    assert "«Hoà» → «Hòa»" not in res.output  # the clerk's tone style is kept
    res = run("validate", "--no-repair", str(src))
    assert "«Khi» → «Khối»" not in res.output and "«Hoà» → «Hòa»" not in res.output


def test_outputs_get_the_usual_file_mode(tmp_path):
    import os
    from docgen.io.atomic import atomic_write
    mask = os.umask(0o022)
    try:
        p = atomic_write(tmp_path / "a.docx", b"x")
    finally:
        os.umask(mask)
    assert p.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("argv, expected", [
    (["render"], "Lỗi: thiếu 'HỒ_SƠ'. Xem hướng dẫn: docgen render --help"),
    (["render", "a.yaml", "--bogus"], "Lỗi: không có tùy chọn '--bogus'."),
    (["render", "a.yaml", "--kind", "cong-van"], "'cong-van' không hợp lệ; chọn một trong: 'giay-moi'"),
    (["batch", "/khong/co/thu-muc", "-o", "out"], "không tìm thấy '/khong/co/thu-muc'"),
    (["khong-co-lenh"], "Lỗi: không có lệnh 'khong-co-lenh'."),
])
def test_command_line_mistakes_are_explained_in_vietnamese(argv, expected, capsys):
    from docgen.cli import main
    with pytest.raises(SystemExit) as ex:
        main(argv)
    err = capsys.readouterr().err
    assert ex.value.code == 2
    assert expected in err and "Usage:" not in err and "Error:" not in err
