"""Hostile record values: characters XML 1.0 forbids, numbers, texts and lists past their bounds.

Each is refused at validation with the field's path and line and one Vietnamese message saying
the limit and what to do — from YAML, JSON, bytes of an upload and the web app alike — and
nothing is rendered from it.
"""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from lxml import etree

from docgen import textsafe
from docgen.cli import cli
from docgen.io.loaders import RecordError, load_data, load_record
from docgen.validate import validate_file
from docgen.validation import MAX_LIST_ITEMS, MAX_TEXT_CHARS, validate_data

from test_loaders import BASE, BASE_JSON, write
from test_validate_cli import run_main

# YAML double-quoted escapes and the code point each one gives.
HOSTILE = [("\\0", 0x00), ("\\a", 0x07), ("\\b", 0x08), ("\\v", 0x0B), ("\\f", 0x0C), ("\\e", 0x1B),
           ("\\x1f", 0x1F), ("\\uFFFE", 0xFFFE), ("\\uFFFF", 0xFFFF)]


def only(path, name=None):
    with pytest.raises(RecordError) as info:
        load_record(path, name)
    (p,) = info.value.problems
    return p


# ------------------------------------------------------------------ the character rule

def test_rule_matches_what_lxml_accepts_for_every_code_point():
    # The one rule (textsafe) says exactly which characters an XML part can hold: checked
    # against lxml for every code point of the BMP and a sample of the astral planes.
    el = etree.Element("t")
    points = [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]
    for cp in points:
        ch = chr(cp)
        try:
            el.text = "a" + ch
            accepted = True
        except ValueError:
            accepted = False
        assert textsafe.is_xml_safe(ch) == accepted, hex(cp)
    assert textsafe.is_xml_safe("\x7f\x85\t\n\r")  # DEL, C1 and Tab/LF/CR are legal XML 1.0


def test_describe_names_the_code_point():
    assert textsafe.describe("\x0b") == "U+000B (tab dọc (\\v))"
    assert textsafe.describe("\ud800") == "U+D800 (nửa cặp thay thế UTF-16 đứng lẻ)"
    assert textsafe.first_forbidden("ab\x0cc") == 2


# ------------------------------------------------------------------ refused at validation

@pytest.mark.parametrize("escape, code", HOSTILE)
def test_yaml_field_with_control_character_is_refused(tmp_path, escape, code):
    text = BASE.replace("  name: Trần Thị Bình", f'  name: "Trần Thị{escape} Bình"')
    p = only(write(tmp_path, text))
    assert (p.path, p.line) == ("signer.name", 9)
    assert p.message.startswith(f"ký tự điều khiển không hợp lệ U+{code:04X} (")
    assert "ở ký tự thứ 9" in p.message and "hãy xoá ký tự này" in p.message
    assert str(p).startswith(f"{tmp_path / 'hop.yaml'}:9: signer.name: ký tự điều khiển không hợp lệ")


def test_yaml_lone_surrogate_escape(tmp_path):
    # PyYAML refuses a lone surrogate escape itself; the clerk reads why, in Vietnamese.
    p = only(write(tmp_path, BASE.replace("  name: Trần Thị Bình", '  name: "Trần\\uD800 Bình"')))
    assert p.line == 9
    assert p.message == ("lỗi cú pháp YAML ở cột 16: mã ký tự sau \\u không viết được vào văn bản Word "
                         "(nửa cặp thay thế UTF-16 đứng lẻ); hãy xoá mã này.")


@pytest.mark.parametrize("code", [0x00, 0x0B, 0x0C, 0x1B, 0xFFFE, 0xFFFF, 0xDFFF])
def test_json_field_with_control_character_is_refused(tmp_path, code):
    text = BASE_JSON.replace('"name": "Phạm Thị Dung"', f'"name": "Phạm\\u{code:04x} Thị Dung"')
    p = only(write(tmp_path, text, "hop.json"))
    assert (p.path, p.line) == ("invitation.invitees[2].name", 21)
    assert p.message.startswith(f"ký tự điều khiển không hợp lệ U+{code:04X}")


def test_every_problem_is_listed_with_the_control_character(tmp_path):
    text = BASE.replace("  name: Trần Thị Bình", '  name: "Trần\\vBình"').replace("code: BQL", "code: ")
    with pytest.raises(RecordError) as info:
        load_record(write(tmp_path, text))
    found = {(p.path, p.line): p.message for p in info.value.problems}
    assert found[("signer.name", 9)].startswith("ký tự điều khiển không hợp lệ U+000B")
    assert ("agency.code", 3) in found


def test_raw_control_character_in_yaml_text(tmp_path):
    text = BASE.replace("  title: Phó Trưởng ban", "  title: Phó\x0bTrưởng ban")
    p = only(write(tmp_path, text))
    assert p.line == 8
    assert p.message == ("tệp chứa ký tự điều khiển không hợp lệ U+000B (tab dọc (\\v)) ở cột 13; hãy xoá "
                         "ký tự này (thường dính vào khi sao chép từ Word, PDF hay trang web).")


def test_key_with_control_character(tmp_path):
    p = only(write(tmp_path, BASE + '"ghi\\x01chu": x\n'))
    assert p.message.startswith("tên trường có ký tự điều khiển không hợp lệ U+0001")


def test_line_break_and_tab_are_kept(tmp_path):
    # \n and \t are legal XML and docxtpl users expect them (line break, tab): not refused.
    text = BASE.replace("  title: Họp giao ban tháng 01", '  title: "Họp giao ban\\ttháng 01\\nlần 2"')
    record = load_record(write(tmp_path, text))
    assert record.meeting.title == "Họp giao ban\ttháng 01\nlần 2"


def test_validate_does_not_say_valid_and_render_writes_nothing(tmp_path, capsys):
    path = write(tmp_path, BASE.replace("  name: Trần Thị Bình", '  name: "Trần\\x00Bình"'))
    report = validate_file(path)
    assert not report.ok and "hợp lệ (" not in report.text()
    res = CliRunner().invoke(cli, ["validate", str(path)])
    assert res.exit_code != 0 and "ký tự điều khiển không hợp lệ U+0000" in res.output
    out = tmp_path / "out"
    code, stdout, stderr = run_main(capsys, "render", str(path), "-o", str(out))
    assert code not in (0, 70) and "ký tự điều khiển không hợp lệ U+0000" in stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert not out.exists() or not list(out.iterdir())


def test_web_import_refuses_control_characters(tmp_path):
    from docgen.web import create_app
    from docgen.web import db

    app = create_app({"DATABASE": str(tmp_path / "w.sqlite3"), "TESTING": True})
    client = app.test_client()
    page = client.get("/records").get_data(as_text=True)
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    data = BASE.replace("  name: Trần Thị Bình", '  name: "Trần\\uFFFEBình"').encode()
    resp = client.post("/records/import", data={"csrf_token": token, "file": (io.BytesIO(data), "a.yaml")})
    assert resp.status_code == 422
    assert "ký tự điều khiển không hợp lệ U+FFFE" in resp.get_data(as_text=True)
    assert db.list_meetings(db.connect(app.config["DATABASE"])) == []


# ------------------------------------------------------------------ bounds

@pytest.mark.parametrize("name", ["hop.yaml", "hop.json"])
def test_five_thousand_digit_integer(tmp_path, name):
    digits = "7" * 5000
    if name.endswith(".json"):
        text = BASE_JSON.replace('"number": 3', f'"number": {digits}')
        line = 16
    else:
        text = BASE.replace("  number: 3", f"  number: {digits}")
        line = 17
    p = only(write(tmp_path, text, name))
    assert (p.path, p.line) == ("invitation.number", line)
    assert p.message == ("số quá dài (5000 chữ số); một số trong hồ sơ có tối đa 30 chữ số (số văn bản "
                         "chỉ tới 99999). Hãy kiểm tra lại số đã gõ.")


def test_long_text_field(tmp_path):
    text = BASE.replace("  place: Phòng họp số 1", "  place: " + "Phòng họp " * 3000)
    p = only(write(tmp_path, text))
    assert (p.path, p.line) == ("meeting.place", 13)
    assert p.message == (f"văn bản quá dài (29.999 ký tự); mỗi trường tối đa {MAX_TEXT_CHARS:_} ký tự. "
                         "Hãy rút gọn, hoặc chia thành nhiều mục của danh sách.".replace("_", "."))


def test_long_list(tmp_path):
    items = "".join(f"    - unit: Đơn vị {i}\n" for i in range(MAX_LIST_ITEMS + 500))
    text = BASE.split("  invitees:\n")[0] + "  invitees:\n" + items
    p = only(write(tmp_path, text))
    assert (p.path, p.line) == ("invitation.invitees", 19)
    assert p.message == "danh sách quá dài (2.500 mục); tối đa 2.000 mục. Hãy tách thành nhiều hồ sơ."


def test_record_too_large_in_all():
    # Not reachable from a 2 MB file; a spreadsheet row or a web form goes through the same check.
    data = {"meeting": {"agenda": ["x" * 19_000] * 120}}
    with pytest.raises(RecordError) as info:
        validate_data(data, "form")
    assert [p.message for p in info.value.problems] == [
        "hồ sơ quá lớn (hơn 2.000.000 ký tự văn bản); một hồ sơ cuộc họp chỉ vài chục nghìn ký tự. "
        "Hãy tách thành nhiều hồ sơ."]


# ------------------------------------------------------------------ bytes and text sources

def test_bytes_source_with_display_name():
    data, lines = load_data(BASE_JSON.encode(), name="tai-len.json")
    assert data["invitation"]["number"] == 3 and lines.line(("invitation", "number")) == 16
    record = load_record(BASE.encode(), name="tai-len.yaml")
    assert record.signer.name == "Trần Thị Bình"
    with pytest.raises(RecordError) as info:
        load_record(b"agency: [\n", name="tai-len.yaml")
    assert str(info.value).startswith("tai-len.yaml:")


def test_bytes_source_default_name():
    with pytest.raises(RecordError) as info:
        load_data(b"\xff\xfe\x00a")
    assert str(info.value) == "hồ sơ: tệp lưu bằng bảng mã UTF-16; hãy lưu lại với bảng mã UTF-8."


def test_json_big_number_in_line_pass_does_not_crash():
    # The second (line-numbering) JSON pass reads numbers too.
    data, _ = load_data(json.dumps({"a": [1, 2, {"b": 3}]}).encode(), name="x.json")
    assert data == {"a": [1, 2, {"b": 3}]}
