"""`docgen convert` through click's CliRunner and through main()."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.cli import cli, main

UNICODE = "Khối thi đua các khu công nghiệp\r\nĐồng chí Trưởng ban chủ trì hội nghị.\r\n"
TCVN3_BYTES = "Khèi thi ®ua c¸c khu c«ng nghiÖp\r\n§ång chÝ Tr\xadëng ban chñ tr× héi nghÞ.\r\n".encode("cp1252")
VNI_BYTES = "Khoái thi ñua caùc khu coâng nghieäp\r\nÑoàng chí Tröôûng ban chuû trì hoäi nghò.\r\n".encode("cp1252")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_tcvn3_file_to_unicode(tmp_path):
    src, dst = tmp_path / "cu.txt", tmp_path / "moi.txt"
    src.write_bytes(TCVN3_BYTES)
    result = run("convert", str(src), "-o", str(dst))
    assert result.exit_code == 0, result.output
    assert dst.read_bytes() == UNICODE.encode("utf-8")
    assert "TCVN3 (ABC) → Unicode" in result.output and "2 đoạn" in result.output
    assert src.read_bytes() == TCVN3_BYTES


def test_forced_vni_and_vni_output(tmp_path):
    src, dst, back = tmp_path / "vni.txt", tmp_path / "u.txt", tmp_path / "vni2.txt"
    src.write_bytes(VNI_BYTES)
    assert run("convert", str(src), "-o", str(dst), "--from", "vni").exit_code == 0
    assert dst.read_bytes() == UNICODE.encode("utf-8")
    result = run("convert", str(dst), "-o", str(back), "--to", "vni")
    assert result.exit_code == 0, result.output
    assert back.read_bytes() == VNI_BYTES
    assert "Unicode → VNI Windows" in result.output


def test_unicode_to_tcvn3_and_viqr(tmp_path):
    src = tmp_path / "u.txt"
    src.write_text(UNICODE, encoding="utf-8", newline="")
    assert run("convert", str(src), "-o", str(tmp_path / "t.txt"), "--to", "tcvn3").exit_code == 0
    assert (tmp_path / "t.txt").read_bytes() == TCVN3_BYTES
    assert run("convert", str(src), "-o", str(tmp_path / "q.txt"), "--to", "viqr").exit_code == 0
    assert (tmp_path / "q.txt").read_text(encoding="utf-8").startswith("Kho^'i thi ddua ca'c khu co^ng nghie^.p")


def test_unicode_input_is_copied_unchanged(tmp_path):
    src, dst = tmp_path / "u.txt", tmp_path / "out.txt"
    src.write_text(UNICODE, encoding="utf-8", newline="")
    result = run("convert", str(src), "-o", str(dst))
    assert result.exit_code == 0
    assert dst.read_bytes() == src.read_bytes()
    assert "Không thấy chữ mã cũ" in result.output


def test_upper_flag_for_h_fonts(tmp_path):
    src, dst = tmp_path / "h.txt", tmp_path / "u.txt"
    src.write_bytes("céng hßa x· héi chñ nghÜa viÖt nam".encode("cp1252"))
    assert run("convert", str(src), "-o", str(dst), "--from", "tcvn3", "--upper").exit_code == 0
    assert dst.read_text(encoding="utf-8") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_refuses_to_overwrite_the_input(tmp_path):
    src = tmp_path / "cu.txt"
    src.write_bytes(TCVN3_BYTES)
    result = run("convert", str(src), "-o", str(src))
    assert result.exit_code == 2  # an InputError, shown by click as one line
    assert "Lỗi: " in result.stderr and "Không ghi đè lên tệp đầu vào" in result.stderr
    assert src.read_bytes() == TCVN3_BYTES


def test_errors_reach_the_clerk_as_one_line(tmp_path, capsys):
    src = tmp_path / "u.txt"
    src.write_text("Ủy ban nhân dân tỉnh", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["convert", str(src), "-o", str(tmp_path / "t.txt"), "--to", "tcvn3"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "“Ủ”" in err and "dòng 1, cột 1" in err and "--upper" in err
    assert not (tmp_path / "t.txt").exists()

    with pytest.raises(SystemExit) as exit_:
        main(["convert", str(src), "-o", str(src)])
    assert exit_.value.code == 2
    assert "Không ghi đè" in capsys.readouterr().err

    with pytest.raises(SystemExit) as exit_:
        main(["convert", str(src)])
    assert exit_.value.code == 2
    assert "Thiếu tệp kết quả" in capsys.readouterr().err


def test_rejects_docx_and_unknown_encodings(tmp_path):
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK\x03\x04" + b"\0" * 30)
    result = run("convert", str(docx), "-o", str(tmp_path / "b.docx"))
    assert result.exit_code == 2 and "Lỗi: " in result.stderr and "docgen clean" in result.stderr
    result = run("convert", str(docx), "-o", str(tmp_path / "b.txt"), "--to", "viscii")
    assert result.exit_code == 2 and "viscii" in result.output
    result = run("convert", str(tmp_path / "khong-co.txt"), "-o", str(tmp_path / "b.txt"))
    assert result.exit_code == 2 and "Không đọc được tệp" in result.stderr


def test_help_is_vietnamese_with_examples():
    result = run("convert", "--help")
    assert result.exit_code == 0
    assert "docgen convert bao-cao-cu.txt -o bao-cao.txt" in result.output and "Chuyển bảng mã" in result.output
