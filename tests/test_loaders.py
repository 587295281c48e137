"""Loading meeting records: YAML/JSON parity, day-first dates, and one clear Vietnamese
message per problem with its field path and line."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docgen.io import loaders
from docgen.io.loaders import Problem, RecordError, load_data, load_record

from conftest import FIXTURE


# Line numbers are referred to in the tests below; keep the layout.
BASE = """\
agency:
  name: Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  code: BQL
  place: Lâm Đồng
signer:
  authority: KT.
  on_behalf_of: Trưởng ban
  title: Phó Trưởng ban
  name: Trần Thị Bình
meeting:
  title: Họp giao ban tháng 01
  start: 05/01/2024 08:00
  place: Phòng họp số 1
  chair:
    name: Nguyễn Văn An
invitation:
  number: 3
  date: 02/01/2024
  invitees:
    - unit: Sở Công Thương
    - name: Lê Văn Cường
      title: Chánh Văn phòng
    - name: Phạm Thị Dung
"""

BASE_JSON = """\
{
  "agency": {
    "name": "Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng",
    "code": "BQL",
    "place": "Lâm Đồng"
  },
  "signer": {"authority": "KT.", "on_behalf_of": "Trưởng ban",
             "title": "Phó Trưởng ban", "name": "Trần Thị Bình"},
  "meeting": {
    "title": "Họp giao ban tháng 01",
    "start": "2024-01-05T08:00:00",
    "place": "Phòng họp số 1",
    "chair": {"name": "Nguyễn Văn An"}
  },
  "invitation": {
    "number": 3,
    "date": "02/01/2024",
    "invitees": [
      {"unit": "Sở Công Thương"},
      {"name": "Lê Văn Cường", "title": "Chánh Văn phòng"},
      {"name": "Phạm Thị Dung"}
    ]
  }
}
"""


def write(tmp_path: Path, text: str | bytes, name: str = "hop.yaml") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def problems(path: Path) -> list[Problem]:
    with pytest.raises(RecordError) as info:
        load_record(path)
    return info.value.problems


def only_problem(path: Path) -> Problem:
    (p,) = problems(path)
    return p


# ------------------------------------------------------------------ valid records

def test_base_record_loads_with_day_first_dates(tmp_path):
    rec = load_record(write(tmp_path, BASE))
    assert rec.meeting.start == dt.datetime(2024, 1, 5, 8, 0)
    assert rec.invitation.date == dt.date(2024, 1, 2)
    assert rec.invitation.invitees[1].title == "Chánh Văn phòng"
    assert rec.kinds() == ["giay-moi"]


def test_yaml_and_json_give_the_same_record(tmp_path):
    from_yaml = load_record(write(tmp_path, BASE))
    from_json = load_record(write(tmp_path, BASE_JSON, "hop.json"))
    assert from_yaml == from_json
    assert from_json.model_dump() == from_yaml.model_dump()


def test_fixture_round_trips_through_json(tmp_path):
    data, _ = load_data(FIXTURE)
    as_json = json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat(), indent=1)
    from_yaml = load_record(FIXTURE)
    from_json = load_record(write(tmp_path, as_json, "khoi.json"))
    assert from_yaml == from_json
    assert from_yaml.kinds() == ["giay-moi", "bien-ban", "giao-uoc-thi-dua", "quyet-dinh"]


@pytest.mark.parametrize("text, expected", [
    ("05/01/2024 08:00", dt.datetime(2024, 1, 5, 8, 0)),
    ("5/1/2024 8:30", dt.datetime(2024, 1, 5, 8, 30)),
    ("05.01.2024 14 giờ 30", dt.datetime(2024, 1, 5, 14, 30)),
    ("08:00 ngày 05/01/2024", dt.datetime(2024, 1, 5, 8, 0)),
    ("2024-01-05 8h30", dt.datetime(2024, 1, 5, 8, 30)),
    ("2024-01-05T08:00", dt.datetime(2024, 1, 5, 8, 0)),
    ("13/02/2024 07:45", dt.datetime(2024, 2, 13, 7, 45)),
    ("2024-01-05 08:00:00", dt.datetime(2024, 1, 5, 8, 0)),
    ("2024-01-05 08:00:00+07:00", dt.datetime(2024, 1, 5, 8, 0)),
    ("'2024-01-05T08:00:00+07:00'", dt.datetime(2024, 1, 5, 8, 0)),
])
def test_datetime_forms(tmp_path, text, expected):
    rec = load_record(write(tmp_path, BASE.replace("05/01/2024 08:00", text)))
    assert rec.meeting.start == expected


@pytest.mark.parametrize("text, expected", [
    ("02/01/2024", dt.date(2024, 1, 2)),
    ("2/1/2024", dt.date(2024, 1, 2)),
    ("02-01-2024", dt.date(2024, 1, 2)),
    ("2024-01-02", dt.date(2024, 1, 2)),
    ("'2024-01-02'", dt.date(2024, 1, 2)),
    ("31/12/2023", dt.date(2023, 12, 31)),
])
def test_date_forms_are_day_first(tmp_path, text, expected):
    rec = load_record(write(tmp_path, BASE.replace("02/01/2024", text)))
    assert rec.invitation.date == expected


def test_offsets_do_not_break_start_end_comparison(tmp_path):
    text = BASE.replace("  start: 05/01/2024 08:00\n",
                        "  start: 2024-01-05 08:00:00+07:00\n  end: 05/01/2024 11:30\n")
    rec = load_record(write(tmp_path, text))
    assert rec.meeting.start == dt.datetime(2024, 1, 5, 8)
    assert rec.meeting.end == dt.datetime(2024, 1, 5, 11, 30)
    text = text.replace("end: 05/01/2024 11:30", "end: 05/01/2024 07:30")
    p = only_problem(write(tmp_path, text))
    assert (p.path, p.line) == ("meeting", 10)
    assert p.message == "thời gian kết thúc (end) phải sau thời gian bắt đầu (start)."


def test_alias_and_merge_keys_are_followed(tmp_path):
    text = BASE.replace("signer:\n", "signer: &ky\n") + "  signer:\n    <<: *ky\n    name: Lê Văn Cường\n"
    rec = load_record(write(tmp_path, text))
    assert rec.invitation.signer.title == "Phó Trưởng ban"
    assert rec.invitation.signer.name == "Lê Văn Cường"
    assert rec.signer.name == "Trần Thị Bình"


def test_unknown_extension_is_sniffed(tmp_path):
    assert load_record(write(tmp_path, BASE_JSON, "hop.txt")).invitation.number == 3
    assert load_record(write(tmp_path, BASE, "hop.txt")).invitation.number == 3


def test_utf8_bom_is_accepted(tmp_path):
    assert load_record(write(tmp_path, b"\xef\xbb\xbf" + BASE.encode())).agency.code == "BQL"


# ------------------------------------------------------------------ field problems with path and line

def test_bad_date_message_path_and_line(tmp_path):
    path = write(tmp_path, BASE.replace("02/01/2024", "2024-13-05"))
    p = only_problem(path)
    assert (p.path, p.line) == ("invitation.date", 18)
    assert str(p) == (f'{path}:18: invitation.date: ngày không hợp lệ "2024-13-05" — cần dạng '
                      "YYYY-MM-DD hoặc DD/MM/YYYY (không có ngày này trong lịch).")


def test_month_first_date_is_rejected_not_swapped(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("02/01/2024", "01/13/2024")))
    assert (p.path, p.line) == ("invitation.date", 18)
    assert 'ngày không hợp lệ "01/13/2024"' in p.message
    assert "hãy viết 13/01/2024" in p.message


def test_impossible_day_first_date(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("02/01/2024", "30/02/2024")))
    assert p.path == "invitation.date"
    assert p.message.endswith("(không có ngày này trong lịch).")


def test_datetime_without_time_is_a_problem(tmp_path):
    for start in ("05/01/2024", "2024-01-05"):
        p = only_problem(write(tmp_path, BASE.replace("05/01/2024 08:00", start)))
        assert (p.path, p.line) == ("meeting.start", 12)
        assert p.message == "thiếu giờ; cần cả ngày và giờ, ví dụ 05/01/2024 08:00."


def test_bad_time(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("05/01/2024 08:00", "05/01/2024 25:00")))
    assert (p.path, p.line) == ("meeting.start", 12)
    assert p.message.startswith('ngày giờ không hợp lệ "05/01/2024 25:00" — cần dạng DD/MM/YYYY HH:MM')
    assert "(giờ không hợp lệ)" in p.message


def test_date_written_as_number(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("02/01/2024", "20240102")))
    assert (p.path, p.line) == ("invitation.date", 18)
    assert p.message.startswith("ngày phải viết dạng 05/01/2024")


def test_date_with_time_in_a_date_field(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("date: 02/01/2024", "date: 02/01/2024 08:00")))
    assert p.path == "invitation.date"
    assert "(chỉ ghi ngày, không kèm giờ)" in p.message


def test_wrong_type_number_for_text(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("code: BQL", "code: 2022")))
    assert (p.path, p.line) == ("agency.code", 3)
    assert p.message == "cần văn bản, nhận được 2022; nếu đây là chữ, hãy đặt trong dấu nháy kép."


def test_yes_no_become_booleans_and_are_explained(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("code: BQL", "code: yes")))
    assert p.message.startswith("cần văn bản, nhận được giá trị đúng/sai (true)")


def test_empty_value(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("place: Phòng họp số 1", "place:")))
    assert (p.path, p.line) == ("meeting.place", 13)
    assert p.message == "chưa điền (đang để trống); cần văn bản."


def test_int_parsing(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("number: 3", "number: ba")))
    assert (p.path, p.line) == ("invitation.number", 17)
    assert p.message == 'cần số nguyên (ví dụ 12), nhận được "ba".'


def test_number_bounds(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("number: 3", "number: 0")))
    assert (p.path, p.message) == ("invitation.number", "cần số ≥ 1, nhận được 0.")


def test_missing_field_points_at_parent(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  code: BQL\n", "")))
    assert (p.path, p.line) == ("agency.code", 1)
    assert p.message.startswith("thiếu trường bắt buộc (Chữ viết tắt tên cơ quan")


def test_missing_top_level_field_has_no_line(tmp_path):
    text = BASE.split("signer:")[0] + BASE[BASE.index("meeting:"):]
    path = write(tmp_path, text)
    p = only_problem(path)
    assert (p.path, p.line) == ("signer", None)
    assert str(p) == f"{path}: signer: thiếu trường bắt buộc."


def test_extra_field_suggests_nearest_name(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("    - name: Phạm Thị Dung", "    - nam: Phạm Thị Dung")))
    assert (p.path, p.line) == ("invitation.invitees[2].nam", 23)
    assert p.message == "trường không được hỗ trợ: nam (có phải ý bạn là name?)."


def test_extra_field_without_near_name_lists_fields(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  code: BQL\n", "  code: BQL\n  xyz: 1\n")))
    assert (p.path, p.line) == ("agency.xyz", 4)
    assert "các trường hợp lệ ở đây: name, parent, code, place, drafting_unit, header_name" in p.message


def test_literal_lists_allowed_values(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("authority: KT.", "authority: KT")))
    assert (p.path, p.line) == ("signer.authority", 6)
    assert p.message == ('giá trị "KT" không được phép — chọn một trong: TM., KT., Q., TL., TUQ. '
                         "(có phải ý bạn là KT.?).")


def test_empty_list(tmp_path):
    text = BASE[:BASE.index("  invitees:")] + "  invitees: []\n"
    p = only_problem(write(tmp_path, text))
    assert (p.path, p.line) == ("invitation.invitees", 19)
    assert p.message == "cần ít nhất 1 mục (hiện có 0)."


def test_text_where_a_list_is_expected(tmp_path):
    p = only_problem(write(tmp_path, BASE + "  notes: Mang theo tài liệu\n"))
    assert (p.path, p.line) == ("invitation.notes", 24)
    assert p.message.startswith("cần một danh sách, mỗi mục một dòng bắt đầu bằng «- »")


def test_text_where_a_group_is_expected(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("    - unit: Sở Công Thương", "    - Sở Công Thương")))
    assert (p.path, p.line) == ("invitation.invitees[0]", 20)
    assert p.message == 'cần một nhóm trường con (name:, title:, unit:); nhận được "Sở Công Thương".'


def test_model_validator_message_is_ours(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  on_behalf_of: Trưởng ban\n", "")))
    assert (p.path, p.line) == ("signer", 5)
    assert p.message == "quyền hạn ký KT. cần ghi rõ thay mặt/ký thay ai (on_behalf_of)."


def test_record_level_rule(tmp_path):
    text = BASE[:BASE.index("meeting:")] + BASE[BASE.index("invitation:"):]
    p = only_problem(write(tmp_path, text))
    assert (p.path, p.line) == ("", None)
    assert p.message == "giấy mời (invitation) cần thông tin cuộc họp (meeting)."


def test_duplicate_key_is_reported(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  place: Lâm Đồng\n", "  place: Lâm Đồng\n  code: KCN\n")))
    assert (p.path, p.line) == ("agency.code", 5)
    assert p.message == "trường bị ghi hai lần (lần đầu ở dòng 3); hãy giữ một lần."


def test_every_problem_at_once_sorted_by_line(tmp_path):
    text = (BASE.replace("code: BQL", "code: 12").replace("authority: KT.", "authority: XYZ")
            .replace("02/01/2024", "2024-02-30").replace("- name: Phạm Thị Dung", "- title: x"))
    path = write(tmp_path, text)
    with pytest.raises(RecordError) as info:
        load_record(path)
    got = [(p.path, p.line) for p in info.value.problems]
    assert got == [("agency.code", 3), ("signer.authority", 6), ("invitation.date", 18),
                   ("invitation.invitees[2]", 23)]
    lines = str(info.value).splitlines()
    assert len(lines) == 4
    assert lines[3] == f"{path}:23: invitation.invitees[2]: cần ít nhất họ tên (name) hoặc đơn vị (unit)."


# ------------------------------------------------------------------ JSON paths and lines

def test_json_problem_lines(tmp_path):
    text = BASE_JSON.replace('{"name": "Phạm Thị Dung"}', '{"nam": "Phạm Thị Dung"}')
    text = text.replace('"number": 3', '"number": "3a"')
    got = [(p.path, p.line) for p in problems(write(tmp_path, text, "hop.json"))]
    assert got == [("invitation.number", 16), ("invitation.invitees[2].nam", 21)]


def test_json_duplicate_key(tmp_path):
    text = BASE_JSON.replace('"code": "BQL",', '"code": "BQL",\n    "code": "KCN",')
    p = only_problem(write(tmp_path, text, "hop.json"))
    assert (p.path, p.line) == ("agency.code", 5)


def test_json_missing_field_line(tmp_path):
    p = only_problem(write(tmp_path, BASE_JSON.replace('"code": "BQL",', ""), "hop.json"))
    assert (p.path, p.line) == ("agency.code", 2)


# ------------------------------------------------------------------ file-level problems

def test_missing_file(tmp_path):
    path = tmp_path / "khong-co.yaml"
    p = only_problem(path)
    assert str(p) == f"{path}: không tìm thấy tệp; hãy kiểm tra tên và thư mục."


def test_directory(tmp_path):
    assert "đây là một thư mục" in only_problem(tmp_path).message


@pytest.mark.parametrize("text", ["", "  \n\n", "\ufeff"])
def test_empty_file(tmp_path, text):
    assert only_problem(write(tmp_path, text)).message.startswith("tệp rỗng")


def test_only_comments(tmp_path):
    p = only_problem(write(tmp_path, "# chỉ có chú thích\n"))
    assert p.message.startswith("tệp không có dữ liệu (chỉ có chú thích)")


def test_not_utf8(tmp_path):
    data = BASE.encode("utf-8").replace("Phòng họp".encode(), b"Ph\xf2ng h\xf2p")  # Windows-1252 bytes
    p = only_problem(write(tmp_path, data))
    assert p.line == 13
    assert p.message.startswith("tệp không phải UTF-8")


def test_utf16(tmp_path):
    p = only_problem(write(tmp_path, BASE.encode("utf-16")))
    assert "UTF-16" in p.message


def test_top_level_list(tmp_path):
    p = only_problem(write(tmp_path, "- agency: x\n"))
    assert p.line == 1
    assert "nhưng tệp chứa một danh sách" in p.message


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(loaders, "MAX_BYTES", 100)
    assert only_problem(write(tmp_path, BASE)).message.startswith("tệp quá lớn")


def test_yaml_syntax_error_line_and_column(tmp_path):
    text = BASE.replace("  place: Phòng họp số 1", "  place: Phòng họp: số 1")
    path = write(tmp_path, text)
    p = only_problem(path)
    assert p.line == 13
    assert p.message.startswith("lỗi cú pháp YAML ở cột 19: dấu hai chấm không được phép ở đây")
    assert str(p).startswith(f"{path}:13: lỗi cú pháp YAML")


def test_yaml_bad_indentation(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  code: BQL", " code: BQL")))
    assert p.line == 3
    assert "lỗi cú pháp YAML" in p.message


def test_yaml_tab(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  code: BQL", "\tcode: BQL")))
    assert p.line == 3
    assert "Tab" in p.message


def test_json_syntax_error_line_and_column(tmp_path):
    text = BASE_JSON.replace('"code": "BQL",', '"code": "BQL"')
    p = only_problem(write(tmp_path, text, "hop.json"))
    assert p.line == 5
    assert p.message == "lỗi cú pháp JSON ở cột 5: thiếu dấu phẩy giữa hai mục."


def test_json_trailing_comma(tmp_path):
    # Same message and column on every Python (3.13 words this error differently and points at
    # the comma; older versions point at the closer).
    p = only_problem(write(tmp_path, '{"agency": {"code": "BQL",}}', "hop.json"))
    assert (p.line, p.message) == (1, "lỗi cú pháp JSON ở cột 27: có dấu phẩy thừa trước dấu đóng }; "
                                      "hãy xoá dấu phẩy sau mục cuối cùng.")


def test_json_trailing_comma_in_list(tmp_path):
    p = only_problem(write(tmp_path, '{"agency": [1,\n  2,\n ]}', "hop.json"))
    assert (p.line, p.message) == (3, "lỗi cú pháp JSON ở cột 2: có dấu phẩy thừa trước dấu đóng ]; "
                                      "hãy xoá dấu phẩy sau mục cuối cùng.")


def test_json_error_without_known_wording_stays_vietnamese(tmp_path):
    err = json.JSONDecodeError("Some future wording", '{"a": 1}', 2)
    p = loaders._json_error(err, '{"a": 1}', "hop.json").problems[0]
    assert p.message.startswith("lỗi cú pháp JSON ở cột 3: văn bản không đúng cú pháp JSON")
    assert "future" not in p.message


def test_python_tag_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    text = BASE + f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    p = only_problem(write(tmp_path, text))
    assert p.line == 24
    assert "thẻ YAML không được phép" in p.message
    assert not marker.exists()


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    p = only_problem(write(tmp_path, "\n".join(lines) + "\n"))
    assert "bí danh YAML (*tên) mở rộng quá lớn" in p.message
    assert p.line is not None


def test_recursive_alias_is_refused(tmp_path):
    p = only_problem(write(tmp_path, "agency: &a\n  name: x\n  self: *a\n"))
    assert "tự tham chiếu" in p.message


@pytest.mark.parametrize("name, depth", [("sau.yaml", 51), ("sau.yaml", 200000),
                                         ("sau.json", 51), ("sau.json", 900), ("sau.json", 100000)])
@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_deep_nesting_is_refused(tmp_path, monkeypatch, name, depth, loader):
    # Whatever libyaml does (0.2.5 stops at 1,000 levels itself, with its own error) and with
    # the pure-Python parser, the clerk reads the same message.
    if loader == "python":
        monkeypatch.setattr(loaders, "_Loader", loaders._PyLoader)
    text = '{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
    p = only_problem(write(tmp_path, text, name))
    assert p.message == "tệp lồng nhau quá sâu; hồ sơ cuộc họp chỉ cần vài cấp."


@pytest.mark.parametrize("block", [True, False])
def test_libyaml_depth_error_reads_as_too_deep(tmp_path, block):
    # libyaml's own limit (1,000 levels) in block style too: "while increasing indent level".
    if block:
        text = "".join("  " * i + f"k{i}:\n" for i in range(1200)) + "  " * 1200 + "x: 1\n"
    else:
        text = "a: " + "[" * 1200 + "]" * 1200 + "\n"
    p = only_problem(write(tmp_path, text, "sau.yaml"))
    assert p.message == "tệp lồng nhau quá sâu; hồ sơ cuộc họp chỉ cần vài cấp."


@pytest.mark.parametrize("name", ["vua.yaml", "vua.json"])
def test_nesting_up_to_the_limit_is_read(tmp_path, name):
    text = '{"a": ' + "[" * 49 + "]" * 49 + "}"
    data, _ = load_data(write(tmp_path, text, name))
    inner = data["a"]
    for _ in range(48):
        (inner,) = inner
    assert inner == []


def test_several_yaml_documents(tmp_path):
    p = only_problem(write(tmp_path, BASE + "---\n" + BASE))
    assert "mỗi tệp chỉ một hồ sơ" in p.message


def test_record_error_is_an_input_error(tmp_path):
    from docgen.errors import InputError

    with pytest.raises(InputError):
        load_record(tmp_path / "khong-co.json")


def test_format_path():
    assert loaders.format_path(("invitation", "invitees", 2, "name")) == "invitation.invitees[2].name"
    assert loaders.format_path(()) == ""


def test_key_that_yaml_reads_as_a_boolean(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  code: BQL\n", "  code: BQL\n  yes: 1\n")))
    assert (p.path, p.line) == ("agency", 4)
    assert p.message == ("tên trường «yes» không phải chữ (YAML đọc thành giá trị đúng/sai); "
                         "hãy dùng tên trường hợp lệ.")


def test_yaml_unclosed_quote_points_at_the_opening_quote(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("  name: Nguyễn Văn An", '  name: "Nguyễn Văn An')))
    assert (p.line, p.message) == (15, "lỗi cú pháp YAML ở cột 11: dấu nháy mở ở đây chưa được đóng.")
    p = only_problem(write(tmp_path, BASE + '  notes:\n    - "Mang theo tài liệu\n'))
    assert (p.line, p.message) == (25, "lỗi cú pháp YAML ở cột 7: dấu nháy mở ở đây chưa được đóng.")


def test_yaml_text_after_a_quoted_value(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("code: BQL", 'code: "BQL" KCN')))
    assert p.line == 3
    assert "có chữ thừa sau một giá trị trong dấu nháy" in p.message


def test_yaml_flow_list_not_closed(tmp_path):
    p = only_problem(write(tmp_path, BASE + "  notes: [một, hai\n  recipients: []\n"))
    assert p.line == 25
    assert "thiếu dấu phẩy, hoặc thiếu dấu đóng ]" in p.message


def test_yaml_value_starting_with_reserved_character(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("code: BQL", "code: @BQL")))
    assert (p.line, p.message) == (3, "lỗi cú pháp YAML ở cột 9: ký tự «@» không được đứng đầu một "
                                      "giá trị; hãy đặt giá trị trong dấu nháy.")


def test_validate_data_without_lines():
    data = {"agency": {"name": "Ban Quản lý", "code": "BQL", "place": "Lâm Đồng"},
            "signer": {"title": "Trưởng ban", "name": "Nguyễn Văn An"},
            "decision": {"number": 1, "date": "31/12/2024", "subject": "Về việc thử",
                         "authority": "Trưởng ban", "bases": ["Căn cứ"], "articles": [{}]}}
    with pytest.raises(RecordError) as info:
        loaders.validate_data(data, "bang.xlsx")
    assert [str(p) for p in info.value.problems] == [
        "bang.xlsx: decision.articles[0]: mỗi điều cần có nội dung (title, text hoặc clauses)."]
    data["decision"]["articles"] = [{"text": "Nội dung."}]
    assert loaders.validate_data(data, "bang.xlsx").decision.date == dt.date(2024, 12, 31)


def test_empty_date(tmp_path):
    p = only_problem(write(tmp_path, BASE.replace("date: 02/01/2024", "date:")))
    assert (p.path, p.line, p.message) == ("invitation.date", 18,
                                           "chưa điền (đang để trống); cần ngày, ví dụ 05/01/2024.")


def test_timestamps_are_not_dates(tmp_path):
    text = BASE_JSON.replace('"2024-01-05T08:00:00"', '"1704412800"')
    p = only_problem(write(tmp_path, text, "hop.json"))
    assert (p.path, p.line) == ("meeting.start", 11)
    assert p.message.startswith('ngày giờ không hợp lệ "1704412800" — cần dạng DD/MM/YYYY HH:MM')
