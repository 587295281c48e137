"""Outputs never land on inputs: one check (docgen.io.outputs) behind every write path."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.batch import paragraph_texts
from docgen.cli import cli
from docgen.clean import CleanOptions, clean_file
from docgen.errors import InputError
from docgen.io.atomic import atomic_write
from docgen.io.outputs import check_not_input, distinct_targets, open_append

from test_batch import write_records

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"


def test_distinct_targets_keep_the_first_name_and_never_take_another_inputs_name(tmp_path):
    got = distinct_targets(["a/x.docx", "b/x.docx", "c/x-2.docx", "d/X.docx", "e/y.docx"], "fixed")
    assert [p.as_posix() for p in got] == ["fixed/x.docx", "fixed/x-3.docx", "fixed/x-2.docx",
                                           "fixed/X-4.docx", "fixed/y.docx"]
    assert distinct_targets(["only/x.docx"], tmp_path) == [tmp_path / "x.docx"]


def test_same_file_by_any_name_is_refused(tmp_path):
    src = tmp_path / "hs.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    hard = tmp_path / "cung-inode.yaml"
    os.link(src, hard)
    soft = tmp_path / "lien-ket.yaml"
    soft.symlink_to(src)
    for target in (src, tmp_path / "sub" / ".." / "hs.yaml", hard, soft):
        with pytest.raises(InputError, match="Không ghi đè lên tệp đầu vào"):
            check_not_input(target, [src])
        with pytest.raises(InputError, match="Không ghi đè lên tệp đầu vào"):
            atomic_write(target, b"x", inputs=[src])
        with pytest.raises(InputError, match="tệp nhật ký"):
            open_append(target, [src])
    assert src.read_text(encoding="utf-8") == "a: 1\n"
    check_not_input(tmp_path / "khac.yaml", [src])  # another file is fine


def test_clean_refuses_a_hard_link_to_its_input(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Khối thi đua", encoding="utf-8")
    os.link(src, tmp_path / "b.txt")
    with pytest.raises(InputError, match="Không ghi đè"):
        clean_file(src, tmp_path / "b.txt", CleanOptions(ocr=False))
    assert src.read_text(encoding="utf-8") == "Khối thi đua"


def test_batch_log_onto_an_input_record_is_refused(tmp_path):
    files = write_records(tmp_path / "in", 2)
    before = {p: p.read_bytes() for p in files}
    res = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1",
                                   "--log", str(files[0])])
    assert res.exit_code != 0
    assert "Không ghi đè lên tệp đầu vào" in str(res.exception or "") + res.output
    assert {p: p.read_bytes() for p in files} == before
    assert not (tmp_path / "out").exists()  # refused before anything was rendered


def test_batch_log_that_would_become_a_record_is_refused(tmp_path):
    write_records(tmp_path / "in", 1)
    res = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1",
                                   "--log", str(tmp_path / "in" / "nhat-ky.yaml")])
    assert res.exit_code != 0
    assert "sẽ bị đọc như một hồ sơ" in str(res.exception or "") + res.output
    assert not (tmp_path / "in" / "nhat-ky.yaml").exists()


def test_batch_log_onto_the_corrections_file_is_refused(tmp_path):
    write_records(tmp_path / "in", 1)
    fixes = tmp_path / "sua-loi.yaml"
    fixes.write_text('- find: "Lê Văn Tam"\n  replace: "Lê Văn Tâm"\n', encoding="utf-8")
    before = fixes.read_bytes()
    res = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1",
                                   "--corrections", str(fixes), "--log", str(fixes)])
    assert res.exit_code != 0 and fixes.read_bytes() == before


@pytest.fixture
def two_same_named(tmp_path) -> tuple[Path, Path]:
    res = CliRunner().invoke(cli, ["render", str(FIXTURE), "-o", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    made = {p.name.split("-")[0]: p for p in (tmp_path / "r").glob("*.docx")}
    a, b = tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx"
    a.parent.mkdir()
    b.parent.mkdir()
    a.write_bytes(made["giay"].read_bytes())
    b.write_bytes(made["quyet"].read_bytes())
    return a, b


def test_lint_fix_of_same_named_inputs_keeps_both(tmp_path, two_same_named):
    a, b = two_same_named
    before = a.read_bytes(), b.read_bytes()
    res = CliRunner().invoke(cli, ["lint", str(a), str(b), "--fix", "-o", str(tmp_path / "fixed")])
    assert res.exit_code in (0, 1), res.output
    out = sorted(p.name for p in (tmp_path / "fixed").iterdir())
    assert out == ["x-2.docx", "x.docx"]
    assert paragraph_texts((tmp_path / "fixed" / "x.docx").read_bytes()) == paragraph_texts(a.read_bytes())
    assert paragraph_texts((tmp_path / "fixed" / "x-2.docx").read_bytes()) == paragraph_texts(b.read_bytes())
    assert "GIẤY MỜI" in paragraph_texts(a.read_bytes()) and "QUYẾT ĐỊNH" in paragraph_texts(b.read_bytes())
    assert (a.read_bytes(), b.read_bytes()) == before
    assert f"ghi ra {tmp_path / 'fixed' / 'x-2.docx'}" in res.output


def test_lint_fix_into_the_folder_of_an_input_is_refused_before_writing(tmp_path, two_same_named):
    a, b = two_same_named
    before = a.read_bytes(), b.read_bytes()
    # b/x.docx is an input: the fix of a/x.docx into b/ would land on it
    res = CliRunner().invoke(cli, ["lint", str(a), str(b), "--fix", "-o", str(b.parent)])
    assert res.exit_code != 0
    assert "Không ghi đè lên tệp đầu vào" in str(res.exception or "") + res.output
    assert (a.read_bytes(), b.read_bytes()) == before
    assert sorted(p.name for p in b.parent.iterdir()) == ["x.docx"]
