"""docgen lint on the command line: lines, JSON, exit codes, --rules, --ignore, --fix -o."""
from __future__ import annotations

import json

from types import SimpleNamespace

import pytest
from docx.shared import Mm

from docgen.cli import main
from docgen.lint import RULE_IDS, lint_docx
from test_lint import base_document, save, set_text


@pytest.fixture
def run(capsys):
    """Run ``docgen lint ARGS`` through the real entry point; exit code and everything printed."""
    def invoke(*args):
        with pytest.raises(SystemExit) as exc:
            main(["lint", *map(str, args)])
        out = capsys.readouterr()
        return SimpleNamespace(exit_code=exc.value.code, output=out.out + out.err, stdout=out.out)
    return invoke


def write(path, mutate=None):
    d = base_document()
    if mutate:
        mutate(d)
    path.write_bytes(save(d))
    return path


def broken(d):
    set_text(d, "Số:", "Số: 5/GM-BQL")
    set_text(d, "Đề nghị", "Đề nghị các đơn vị cử người tham dự.")
    d.sections[0].right_margin = Mm(25)


def test_clean_file_exits_0(run, tmp_path):
    res = run(write(tmp_path / "ok.docx"))
    assert res.exit_code == 0, res.output
    assert "ok.docx: đạt, không có lỗi" in res.output


def test_findings_one_line_each_exit_1(run, tmp_path):
    f = write(tmp_path / "gm.docx", broken)
    res = run(f)
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if "[ND30-" in line]
    assert len(lines) == 3
    number = next(line for line in lines if "[ND30-NUMBER]" in line)
    assert number == (f"{f}: đoạn 3 (bảng 1, hàng 1, cột 1) «Số: 5/GM-BQL»: [ND30-NUMBER] Số văn bản nhỏ hơn 10 "
                      "phải có số 0 phía trước. Hiện có: «5». Quy định: «05». (sửa được bằng --fix)")
    assert any("[ND30-MARGINS] Lề phải" in line and "25 mm" in line and "15–20 mm" in line for line in lines)
    assert any("[ND30-END-MARK]" in line and "đoạn 13" in line for line in lines)
    assert res.output.splitlines()[-1] == f"{f}: 3 lỗi, 0 cảnh báo; 2 sửa được bằng --fix."


def test_json(run, tmp_path):
    f = write(tmp_path / "gm.docx", broken)
    res = run(f, "--format", "json")
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert sorted(x["rule"] for x in data) == ["ND30-END-MARK", "ND30-MARGINS", "ND30-NUMBER"]
    num = next(x for x in data if x["rule"] == "ND30-NUMBER")
    assert num["location"] == {"paragraph": 3, "where": "bảng 1, hàng 1, cột 1", "snippet": "Số: 5/GM-BQL"}
    assert num["file"] == str(f) and num["fixable"] is True and num["expected"] == "«05»"


def test_ignore(run, tmp_path):
    f = write(tmp_path / "gm.docx", broken)
    res = run(f, "--ignore", "ND30-NUMBER", "--ignore", "nd30-margins")
    assert res.exit_code == 1 and "[ND30-END-MARK]" in res.output and "ND30-NUMBER]" not in res.output
    res = run(f, "--ignore", "ND30-NUMBER", "--ignore", "ND30-MARGINS", "--ignore", "ND30-END-MARK")
    assert res.exit_code == 0
    res = run(f, "--ignore", "ND30-KHONG-CO")
    assert res.exit_code != 0 and "ND30-KHONG-CO" in res.output


def test_rules_lists_every_rule(run):
    res = run("--rules")
    assert res.exit_code == 0
    for rid in RULE_IDS:
        assert rid in res.output
    assert "ND30-MARGINS — Lề trang (sửa được bằng --fix)" in res.output
    assert "ND30-END-MARK — Dấu kết thúc văn bản\n" in res.output


def test_fix_writes_output_and_lists_the_rest(run, tmp_path):
    f = write(tmp_path / "gm.docx", broken)
    before = f.read_bytes()
    out = tmp_path / "gm-sua.docx"
    res = run(f, "--fix", "-o", out)
    assert res.exit_code == 1  # the end mark is not repaired
    assert f"{f}: đã sửa 2 lỗi, ghi ra {out}." in res.output
    fixes = res.output.split(f"ghi ra {out}.\n", 1)[1].splitlines()[:2]
    assert all(line.startswith("  ND30-") and "» → «" in line for line in fixes), fixes
    assert [x.rule for x in lint_docx(out)] == ["ND30-END-MARK"]
    assert f.read_bytes() == before


def test_fix_never_overwrites_input(run, tmp_path):
    f = write(tmp_path / "gm.docx", broken)
    before = f.read_bytes()
    res = run(f, "--fix", "-o", f)
    assert res.exit_code == 2 and "Không ghi đè lên tệp đầu vào" in res.output
    assert f.read_bytes() == before


def test_fix_needs_output(run, tmp_path):
    res = run(write(tmp_path / "gm.docx"), "--fix")
    assert res.exit_code != 0 and "-o" in res.output


def test_fix_several_files_into_a_folder(run, tmp_path):
    a = write(tmp_path / "a.docx", broken)
    b = write(tmp_path / "b.docx", lambda d: setattr(d.sections[0], "left_margin", Mm(20)))
    res = run(a, b, "--fix", "-o", tmp_path / "sua")
    assert res.exit_code == 1
    assert [x.rule for x in lint_docx(tmp_path / "sua" / "a.docx")] == ["ND30-END-MARK"]
    assert lint_docx(tmp_path / "sua" / "b.docx") == []


def test_unreadable_file_is_reported_and_others_still_checked(run, tmp_path):
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"not a zip at all")
    ok = write(tmp_path / "ok.docx")
    res = run(bad, ok)
    assert res.exit_code == 2
    assert "hong.docx: không phải tệp DOCX hợp lệ" in res.output
    assert "Traceback" not in res.output
    assert "ok.docx: đạt" in res.output


def test_missing_file(run, tmp_path):
    res = run(tmp_path / "khong-co.docx")
    assert res.exit_code == 2 and "Không tìm thấy tệp" in res.output


def test_hostile_xml_names_the_file(run, tmp_path):
    from test_lint import CT, _zip
    doc = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    f = tmp_path / "doc-hai.docx"
    f.write_bytes(_zip({"[Content_Types].xml": CT, "word/document.xml": doc}))
    res = run(f)
    assert res.exit_code == 2
    assert str(f) in res.output and "DOCTYPE" in res.output and "Traceback" not in res.output


def test_fixes_are_change_records(tmp_path):
    """lint --fix reports its repairs as the one change type, with a lint kind."""
    from docgen.lint.fix import fix_docx
    from docgen.normalize.base import Change, Kind

    result = fix_docx(write(tmp_path / "gm.docx", broken).read_bytes())
    assert len(result.changes) == len(result.fixed) == 2
    for finding, change in zip(result.fixed, result.changes):
        assert isinstance(change, Change) and change.applied
        assert change.kind in (Kind.LINT_TEXT, Kind.LINT_FORMAT)
        assert change.rule.startswith(finding.rule.split(":")[0]) and change.after
