"""`docgen validate` and `docgen new`: output, exit codes, starters that validate as written."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli import cli, main
from docgen.starters import STARTER_KINDS, starter, write_starter
from docgen.validate import validate_file

from test_loaders import BASE, FIXTURE, write

EXPECTED_KINDS = {
    "giay-moi": ["giay-moi"],
    "bien-ban": ["bien-ban"],
    "quyet-dinh": ["quyet-dinh"],
    "giao-uoc-thi-dua": ["giao-uoc-thi-dua"],
    "tat-ca": ["giay-moi", "bien-ban", "giao-uoc-thi-dua", "quyet-dinh"],
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


# ------------------------------------------------------------------ validate

def test_validate_valid_record(tmp_path):
    path = write(tmp_path, BASE)
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == f"✓ {path}: hợp lệ (giấy mời)\n"


def test_validate_fixture():
    result = run("validate", str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"✓ {FIXTURE}: hợp lệ (giấy mời, biên bản, bản giao ước thi đua, quyết định)")


def test_validate_lists_every_problem(tmp_path):
    path = write(tmp_path, BASE.replace("code: BQL", "code: 12").replace("02/01/2024", "2024-13-05"))
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"✗ {path}: 2 lỗi",
        f"  {path}:3: agency.code: cần văn bản, nhận được 12; nếu đây là chữ, hãy đặt trong dấu nháy kép.",
        f'  {path}:18: invitation.date: ngày không hợp lệ "2024-13-05" — cần dạng YYYY-MM-DD hoặc '
        "DD/MM/YYYY (không có ngày này trong lịch).",
    ]
    assert "Traceback" not in result.output


def test_validate_several_files_exit_1_if_any_bad(tmp_path):
    good = write(tmp_path, BASE, "tot.yaml")
    missing = tmp_path / "khong-co.yaml"
    result = run("validate", str(good), str(missing))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"✓ {good}: hợp lệ (giấy mời)"
    assert lines[1] == f"✗ {missing}: 1 lỗi"
    assert lines[2] == f"  {missing}: không tìm thấy tệp; hãy kiểm tra tên và thư mục."
    assert lines[-1] == "Tổng cộng: 1/2 tệp hợp lệ."


@pytest.mark.parametrize("content", ["", "a: [\n"])
def test_validate_bad_files_via_main_have_no_traceback(tmp_path, capsys, content):
    path = write(tmp_path, content)
    code, out, err = run_main(capsys, "validate", str(path))
    assert code == 1
    assert f"✗ {path}: 1 lỗi" in out
    assert "Traceback" not in out + err


def test_validate_json_format(tmp_path):
    good = write(tmp_path, BASE, "tot.yaml")
    bad = write(tmp_path, BASE.replace("authority: KT.", "authority: KT"), "loi.yaml")
    result = run("validate", "--format", "json", str(good), str(bad))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data[0] == {"file": str(good), "valid": True, "kinds": ["giay-moi"],
                       "problems": [], "warnings": []}
    assert data[1]["valid"] is False
    assert data[1]["problems"] == [{
        "file": str(bad), "line": 6, "path": "signer.authority",
        "message": 'giá trị "KT" không được phép — chọn một trong: TM., KT., Q., TL., TUQ. '
                   "(có phải ý bạn là KT.?).",
    }]


def test_validate_requires_a_file():
    result = run("validate")
    assert result.exit_code == 2


def test_warning_for_invitation_dated_after_meeting(tmp_path):
    path = write(tmp_path, BASE.replace("02/01/2024", "06/01/2024"))
    report = validate_file(path)
    assert report.ok
    assert [(w.path, w.line) for w in report.warnings] == [("invitation.date", 18)]
    assert report.text().splitlines() == [
        f"✓ {path}: hợp lệ (giấy mời)",
        f"  cảnh báo: {path}:18: invitation.date: giấy mời ghi ngày 06/01/2024, sau ngày họp 05/01/2024.",
    ]


def test_warning_when_nothing_can_be_produced(tmp_path):
    path = write(tmp_path, BASE[:BASE.index("meeting:")])
    report = validate_file(path)
    assert report.ok and report.kinds == []
    assert report.warnings[0].message.startswith("hồ sơ hợp lệ nhưng chưa tạo được văn bản nào")
    assert report.text().splitlines()[0] == f"✓ {path}: hợp lệ (chưa có văn bản nào)"


def test_minutes_without_secretary_is_a_problem(tmp_path):
    text = BASE.replace("    name: Nguyễn Văn An\n", "    name: Nguyễn Văn An\n  proceedings:\n    - Khai mạc.\n")
    path = write(tmp_path, text)
    report = validate_file(path)
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        f"{path}:10: meeting.secretary: biên bản cần thư ký (người ghi biên bản): thêm secretary "
        "với name và title."]
    with_secretary = text.replace("  proceedings:", "  secretary:\n    name: Lê Văn Cường\n  proceedings:")
    fixed = write(tmp_path, with_secretary, "ok.yaml")
    assert validate_file(fixed).kinds == ["giay-moi", "bien-ban"]


# ------------------------------------------------------------------ new

@pytest.mark.parametrize("kind", STARTER_KINDS)
def test_new_prints_a_starter_that_validates(tmp_path, kind):
    result = run("new", kind)
    assert result.exit_code == 0, result.output
    assert result.output == starter(kind)
    assert result.output.startswith("# ") and f"docgen new {kind}" in result.output.splitlines()[0]
    path = write(tmp_path, result.output, f"{kind}.yaml")
    report = validate_file(path)
    assert report.problems == [] and report.warnings == []
    assert report.kinds == EXPECTED_KINDS[kind]


@pytest.mark.parametrize("kind", STARTER_KINDS)
def test_starters_comment_every_field(kind):
    """Every top-level key and every field directly under it has a comment line above it."""
    lines = starter(kind).splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r" {0,2}[a-z_]+:", line)]
    assert len(keys) >= 8
    for i in keys:
        assert lines[i - 1].lstrip().startswith("# "), f"{kind}: no comment above {lines[i]!r}"


def test_new_starters_parse_as_plain_yaml():
    data = yaml.safe_load(starter("tat-ca"))
    assert set(data) == {"agency", "signer", "meeting", "minutes", "invitation", "decision", "pledge"}
    assert data["meeting"]["start"] == "15/07/2025 08:00"


def test_new_writes_file_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "hop.yaml"
    result = run("new", "bien-ban", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == starter("bien-ban")
    assert f"docgen validate {target}" in result.output

    target.write_text("# của tôi\n", encoding="utf-8")
    code, out, err = run_main(capsys, "new", "giay-moi", "-o", str(target))
    assert code == 2
    assert err == f"Lỗi: tệp đã có, docgen không ghi đè: {target}. Hãy chọn tên khác hoặc xóa tệp cũ.\n"
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    assert [p.name for p in tmp_path.iterdir()] == ["hop.yaml"]


def test_write_starter_creates_folders(tmp_path):
    target = write_starter("quyet-dinh", tmp_path / "ho-so" / "qd.yaml")
    assert validate_file(target).kinds == ["quyet-dinh"]


def test_new_rejects_unknown_kind():
    result = run("new", "cong-van")
    assert result.exit_code == 2
    assert "giay-moi" in result.output


# ------------------------------------------------------------------ help

@pytest.mark.parametrize("command, example", [
    ("validate", "docgen validate fixtures/khoi-thi-dua-2022.yaml"),
    ("new", "docgen new giay-moi -o hop-giao-ban.yaml"),
])
def test_help_shows_a_real_example(command, example):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Ví dụ:" in result.output
    assert example in result.output
