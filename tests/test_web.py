"""The web app through Flask's test client: Produce and Records, error pages, CSRF, database."""
from __future__ import annotations

import html
import io
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from docgen.batch import paragraph_texts
from docgen.io.loaders import coerce_dates, load_data
from docgen.web import create_app, db
from docgen.web.forms import KIND_SECTIONS, build_form, form_values, parse_form, place_problems

from conftest import FIXTURE


@pytest.fixture
def app(tmp_path):
    return create_app({"DATABASE": str(tmp_path / "web.sqlite3"), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(client, url: str = "/produce/giay-moi") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def fixture_values(kind: str) -> dict[str, str]:
    data, _ = coerce_dates(load_data(FIXTURE)[0])
    return {k: v for k, v in form_values(data).items() if k.split(".")[0] in KIND_SECTIONS[kind]}


def submit(client, kind: str, values: dict, **extra):
    return client.post(f"/produce/{kind}", data={**values, **extra, "csrf_token": csrf(client, f"/produce/{kind}")})


def problem_at(page: str, name: str) -> list[str]:
    found = re.findall(rf'<p class="problem" data-for="{re.escape(name)}" role="alert">([^<]*)</p>', page)
    return [html.unescape(m) for m in found]


# ---------------------------------------------------------------- database

def test_database_is_created_and_migrated_in_order(tmp_path):
    path = tmp_path / "sub" / "d.sqlite3"
    conn = db.connect(path)
    assert db.schema_version(conn) == len(db.MIGRATIONS) == 4
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"schema_version", "meetings", "agencies", "people", "signers", "places", "users", "audit",
            "results", "register", "counters", "uploads"} <= tables
    conn.close()
    assert db.schema_version(db.connect(path)) == 4  # reopening runs nothing twice


def test_database_upgrades_from_an_older_version(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("CREATE TABLE schema_version (version INTEGER NOT NULL);"
                      "INSERT INTO schema_version VALUES (1);" + ";".join(db._statements(db.MIGRATIONS[0], "sqlite")))
    old.execute("INSERT INTO meetings (title, kinds, data, created, updated) VALUES ('Họp cũ', '', '{}', 'x', 'x')")
    old.commit()
    old.close()
    conn = db.connect(path)
    assert db.schema_version(conn) == 4
    assert tuple(conn.execute("SELECT title, version FROM meetings").fetchone()) == ("Họp cũ", 1)
    conn.execute("INSERT INTO places VALUES ('Đà Nẵng')")


def test_database_location_from_environment(tmp_path):
    assert db.default_path({"DOCGEN_DB": str(tmp_path / "x.db")}) == tmp_path / "x.db"
    assert db.default_path({"XDG_DATA_HOME": "/data"}) == Path("/data/docgen/docgen.sqlite3")


def test_names_are_remembered_and_suggested(tmp_path):
    conn = db.connect(tmp_path / "n.sqlite3")
    data = load_data(FIXTURE)[0]
    db.save_meeting(conn, data, ["giay-moi"])
    s = db.suggestions(conn)
    assert "Võ Văn Phụng" in s["names"] and "Trần Văn Biên" in s["names"]
    assert "Ban Quản lý Khu kinh tế Vân Phong tỉnh Khánh Hòa" in s["units"]
    assert s["agencies"] == ["Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng"]
    assert "Đà Nẵng" in s["places"]
    db.save_meeting(conn, data, ["giay-moi"])
    assert s == db.suggestions(conn)  # no duplicates


# ---------------------------------------------------------------- model → form → data

def test_form_is_generated_from_the_model():
    fields = {f.name: f for f in build_form("giay-moi", {})}
    assert list(fields) == ["agency", "signer", "meeting", "invitation"]
    sub = {c.name: c for c in fields["meeting"].children}
    # a giấy mời prints only these of the meeting (docgen.kinds); its biên bản prints the rest
    assert list(sub) == ["meeting.title", "meeting.start", "meeting.place", "meeting.chair"]
    assert sub["meeting.start"].kind == "datetime" and sub["meeting.chair"].kind == "group"
    minutes = {c.name: c for c in build_form("bien-ban", {})[2].children}
    assert minutes["meeting.agenda"].kind == "lines" and minutes["meeting.attendees"].kind == "rows"
    signer = {c.name: c for c in fields["signer"].children}
    assert signer["signer.authority"].kind == "select"
    assert signer["signer.authority"].choices == ("TM.", "KT.", "Q.", "TL.", "TUQ.")
    inv = {c.name: c for c in fields["invitation"].children}
    assert inv["invitation.date"].kind == "date" and inv["invitation.number"].kind == "number"
    assert inv["invitation.invitees"].blank.name == "invitation.invitees[__i__]"
    pledge = {c.name: c for c in build_form("giao-uoc-thi-dua", {})[2].children}
    members = pledge["pledge.members"]
    assert len(members.children) == 2  # at least two members required
    assert [leaf.label for leaf in members.blank.leaves()] == [
        "Đơn vị", "Tên đơn vị in ở ô ký", "Quyền hạn ký", "Thay mặt / ký thay",
        "Người ký: Họ tên", "Người ký: Chức vụ", "Người ký: Đơn vị"]


def test_form_values_round_trip_to_the_record_data():
    data, _ = coerce_dates(load_data(FIXTURE)[0])
    values = fixture_values("giay-moi")
    assert values["meeting.start"] == "14/01/2022 08:00" and values["invitation.date"] == "05/01/2022"
    assert values["invitation.invitees[2].unit"] == "Ban Quản lý Khu kinh tế Vân Phong tỉnh Khánh Hòa"
    parsed = parse_form(values, "giay-moi")
    assert parsed.data["invitation"]["invitees"] == data["invitation"]["invitees"]
    assert "agenda" not in parsed.data["meeting"]  # not printed on a giấy mời (docgen.kinds)
    assert parse_form(values, "bien-ban").data["meeting"]["agenda"] == data["meeting"]["agenda"]


def test_removed_and_empty_rows_keep_problems_beside_their_inputs():
    values = fixture_values("giay-moi")
    for k in [k for k in values if k.startswith("invitation.invitees[1].")]:
        values[k] = ""  # an emptied row is dropped
    for k in [k for k in values if k.startswith("invitation.invitees[2].")]:
        del values[k]  # a row removed in the browser leaves a gap
    values["invitation.invitees[4].unit"] = ""
    values["invitation.invitees[4].title"] = "Chuyên viên"
    parsed = parse_form(values, "giay-moi")
    assert len(parsed.data["invitation"]["invitees"]) == 9
    assert parsed.input_name("invitation.invitees[1].name") == "invitation.invitees[3].name"
    from docgen.web.produce import check_data

    record, problems = check_data(parsed.data)
    assert record is None
    at, top = place_problems(problems, parsed, build_form("giay-moi", values))
    assert at == {"invitation.invitees[4]": ["cần ít nhất họ tên hoặc đơn vị."]} and top == []  # no English


# ---------------------------------------------------------------- pages

def test_home_and_form_pages(client):
    home = client.get("/").get_data(as_text=True)
    assert "Soạn văn bản hành chính" in home and 'href="/produce/giao-uoc-thi-dua"' in home
    page = client.get("/produce/giay-moi").get_data(as_text=True)
    assert 'name="invitation.invitees[0].name"' in page and 'placeholder="dd/mm/yyyy hh:mm"' in page
    assert 'type="date' not in page  # no locale-dependent date inputs
    assert "<template>" in page and 'name="invitation.invitees[__i__].unit"' in page
    assert 'src="/static/app.js"' in page and "cdn" not in page.lower()


def test_static_files_are_served_and_nothing_outside(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../__init__.py").status_code == 404
    assert client.get("/static/%2e%2e/db.py").status_code == 404


def test_produce_giay_moi_from_the_fixture(client):
    resp = submit(client, "giay-moi", fixture_values("giay-moi"))
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "giay-moi-03-gm-bql.docx" in page and "Số: 03/GM-BQL" in page
    link = re.search(r'href="(/produce/file/[^"]+/0)"', page)[1]
    doc = client.get(link)
    assert doc.status_code == 200 and doc.mimetype.endswith("wordprocessingml.document")
    assert 'filename=giay-moi-03-gm-bql.docx' in doc.headers["Content-Disposition"]
    from docgen.fields import normalize_record
    from docgen.io.loaders import load_record
    from docgen.produce import render_record

    cli_doc = render_record(normalize_record(load_record(FIXTURE))[0], ["giay-moi"])[0]
    assert doc.data == cli_doc.data  # the same bytes as `docgen render`
    # lines, not paragraphs: the one-page Giấy mời lists its invitees in one paragraph
    text = [line for t in paragraph_texts(doc.data) for line in t.split("\n")]
    assert "Số: 03/GM-BQL" in text
    assert "- Đồng chí Võ Văn Phụng, Trưởng ban Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng;" in text
    records = client.get("/records").get_data(as_text=True)
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021" in records
    again = client.get("/produce/giay-moi").get_data(as_text=True)
    assert '<option value="Võ Văn Phụng">' in again  # names typed once are offered again


def test_missing_field_is_shown_beside_it(client):
    values = fixture_values("giay-moi")
    values["agency.code"] = ""
    values["meeting.chair.name"] = ""
    resp = submit(client, "giay-moi", values)
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert problem_at(page, "agency.code") == ["thiếu trường bắt buộc (Chữ viết tắt tên cơ quan trong số, ký hiệu: BQL)."]
    assert problem_at(page, "meeting.chair.name") == ["thiếu trường bắt buộc."]
    assert 'name="agency.code" value="" class=" invalid"' in page
    assert "Biểu mẫu còn 2 lỗi." in page
    assert 'value="Ban Quản lý Khu kinh tế Vân Phong tỉnh Khánh Hòa"' in page  # the rest is kept


def test_wrong_values_get_vietnamese_messages(client):
    values = fixture_values("giay-moi")
    values["invitation.number"] = "ba"
    page = submit(client, "giay-moi", values).get_data(as_text=True)
    assert problem_at(page, "invitation.number") == ['cần số nguyên (ví dụ 12), nhận được "ba".']
    values = fixture_values("bien-ban")  # the end of the meeting is printed by its biên bản
    values["meeting.end"] = "2022-01-14T07:00"
    page = submit(client, "bien-ban", values).get_data(as_text=True)
    assert problem_at(page, "meeting") == ["thời gian kết thúc phải sau thời gian bắt đầu."]  # no English


def test_minutes_need_a_secretary(client):
    values = fixture_values("bien-ban")
    for k in [k for k in values if k.startswith("meeting.secretary.")]:
        del values[k]
    page = submit(client, "bien-ban", values).get_data(as_text=True)
    assert problem_at(page, "meeting.secretary") == [
        "biên bản cần thư ký (người ghi biên bản): thêm «Thư ký» với «Họ tên» và «Chức vụ»."]


def test_per_invitee_gives_a_zip(client):
    resp = submit(client, "giay-moi", fixture_values("giay-moi"), per_invitee="1")
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="download-zip" href="([^"]+)"', page)[1]
    z = zipfile.ZipFile(io.BytesIO(client.get(link).data))
    names = z.namelist()
    assert len(names) == 11 and names[1] == "giay-moi-03-gm-bql-002-vo-van-phung.docx"
    assert ("Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng trân trọng kính mời: Đồng chí "
            "Võ Văn Phụng, Trưởng ban Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng.") in paragraph_texts(z.read(names[1]))


@pytest.mark.parametrize("kind", ["bien-ban", "quyet-dinh", "giao-uoc-thi-dua"])
def test_other_kinds_from_the_fixture(client, kind):
    resp = submit(client, kind, fixture_values(kind))
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    expected = {"bien-ban": "Số: 01/BB-BQL", "quyet-dinh": "Số: 08/QĐ-BQL",
                "giao-uoc-thi-dua": "Hoàn thành và hoàn thành vượt mức"}[kind]
    assert expected in page


def test_saved_meeting_reopens_and_last_years_pledge_starts_next_year(client):
    submit(client, "giao-uoc-thi-dua", fixture_values("giao-uoc-thi-dua"))
    page = client.get("/produce/giao-uoc-thi-dua?meeting=1").get_data(as_text=True)
    assert 'name="pledge.year" value="2022"' in page and 'name="meeting_id" value="1"' in page
    page = client.get("/produce/giao-uoc-thi-dua?meeting=1&next_year=1").get_data(as_text=True)
    assert 'name="pledge.year" value="2023"' in page and 'name="pledge.date" value="14/01/2023"' in page
    assert 'name="meeting_id"' not in page  # a new record, last year's stays
    assert 'value="Ban Quản lý Khu kinh tế tỉnh Bình Định"' in page
    assert client.get("/produce/giay-moi?meeting=99").status_code == 404
    assert client.get("/records/99.yaml").status_code == 404


def test_starter_prefills_the_form(client):
    page = client.get("/produce/giao-uoc-thi-dua?starter=1").get_data(as_text=True)
    assert "Đã điền sẵn hồ sơ mẫu" in page and 'name="pledge.year" value="2025"' in page
    assert 'name="pledge.date" value="10/01/2025"' in page  # day-first 10/01/2025 read by the loader


def test_export_and_import_yaml(client):
    submit(client, "quyet-dinh", fixture_values("quyet-dinh"))
    resp = client.get("/records/1.yaml")
    assert resp.status_code == 200 and resp.headers["Content-Disposition"].startswith('attachment; filename="ho-so-1-')
    text = resp.get_data(as_text=True)
    assert text.startswith("agency:\n  name: Ban Quản lý Khu công nghệ cao") and "date: '2022-01-06'" in text
    token = csrf(client, "/records")
    back = client.post("/records/import", data={"csrf_token": token, "file": (io.BytesIO(resp.data), "x.yaml")})
    assert back.status_code == 303
    assert [m["title"] for m in db.list_meetings(db.connect(client.application.config["DATABASE"]))] == \
        [db.meeting_title(load_data(FIXTURE)[0] | {"meeting": None})] * 2


def test_bad_uploads_get_a_message(client):
    token = csrf(client, "/records")
    bad = client.post("/records/import", data={"csrf_token": token,
                                               "file": (io.BytesIO(b"agency: [\n"), "../../etc/passwd")})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "Không nhập được hồ sơ" in page and "dòng" in page and "Traceback" not in page
    assert "/tmp" not in page and "passwd" not in page
    binary = client.post("/records/import", data={"csrf_token": token, "file": (io.BytesIO(b"\xff\xfe\x00"), "a.yaml")})
    assert binary.status_code == 422 and "UTF-16" in binary.get_data(as_text=True)
    wrong = client.post("/records/import", data={"csrf_token": token,
                                                 "file": (io.BytesIO(b"agency: {name: X}\n"), "a.yaml")})
    assert wrong.status_code == 422 and "Người ký: thiếu trường bắt buộc." in wrong.get_data(as_text=True)
    assert "signer" not in wrong.get_data(as_text=True)  # the form's labels, not field paths
    none = client.post("/records/import", data={"csrf_token": token}, follow_redirects=True)
    assert "Chưa chọn tệp hồ sơ" in none.get_data(as_text=True)


def test_delete_meeting(client):
    submit(client, "quyet-dinh", fixture_values("quyet-dinh"))
    token = csrf(client, "/records")
    assert client.post("/records/1/delete", data={"csrf_token": token}).status_code == 303
    assert client.post("/records/1/delete", data={"csrf_token": token}).status_code == 404
    assert "Chưa có hồ sơ nào." in client.get("/records").get_data(as_text=True)


# ---------------------------------------------------------------- protection and errors

def test_post_without_csrf_token_is_refused(client):
    resp = client.post("/produce/giay-moi", data=fixture_values("giay-moi"))
    assert resp.status_code == 400
    assert "thiếu mã bảo vệ" in resp.get_data(as_text=True)
    assert client.post("/records/1/delete", data={"csrf_token": "sai"}).status_code == 400


def test_error_pages_are_vietnamese(client, app, monkeypatch):
    missing = client.get("/khong-co")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.get_data(as_text=True)
    assert client.get("/produce/to-trinh").status_code == 404
    assert client.get("/produce/result/khong-co-ket-qua-nay").status_code == 404
    assert client.get("/produce/file/../../etc/passwd/0").status_code == 404
    assert client.put("/").status_code == 405
    monkeypatch.setattr(db, "list_meetings", lambda conn: 1 / 0)
    broken = client.get("/")
    assert broken.status_code == 500
    assert "Lỗi không mong đợi" in broken.get_data(as_text=True) and "ZeroDivision" not in broken.get_data(as_text=True)


def test_upload_too_large_is_413(tmp_path):
    app = create_app({"DATABASE": str(tmp_path / "w.sqlite3"), "MAX_CONTENT_LENGTH": 1000})
    client = app.test_client()
    resp = client.post("/records/import", data={"csrf_token": csrf(client, "/records"),
                                                "file": (io.BytesIO(b"x" * 5000), "big.yaml")})
    assert resp.status_code == 413 and "Tệp tải lên quá lớn" in resp.get_data(as_text=True)


def test_result_downloads_out_of_range(client):
    loc = submit(client, "quyet-dinh", fixture_values("quyet-dinh")).headers["Location"]
    token = loc.rsplit("/", 1)[1]
    assert client.get(f"/produce/file/{token}/0").status_code == 200
    assert client.get(f"/produce/file/{token}/1").status_code == 404


def test_pdf_and_page_preview(client):
    from docgen.io.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    loc = submit(client, "quyet-dinh", fixture_values("quyet-dinh")).headers["Location"]
    token = loc.rsplit("/", 1)[1]
    pdf = client.get(f"/produce/pdf/{token}/0")
    assert pdf.data.startswith(b"%PDF-") and "quyet-dinh-08-qd-bql.pdf" in pdf.headers["Content-Disposition"]
    import shutil

    if shutil.which("pdftoppm"):
        png = client.get(f"/produce/png/{token}/0")
        assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")


def test_every_page_is_previewed_at_a_readable_resolution(client):
    import shutil
    import struct
    import subprocess

    from docgen.io.pdf import soffice

    if soffice() is None or not shutil.which("pdftoppm") or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice and poppler-utils are needed for page previews")
    loc = submit(client, "giao-uoc-thi-dua", fixture_values("giao-uoc-thi-dua")).headers["Location"]
    token = loc.rsplit("/", 1)[1]
    page = client.get(loc).get_data(as_text=True)
    assert f'data-pages="/produce/pages/{token}/0"' in page and 'loading="lazy"' in page
    info = client.get(f"/produce/pages/{token}/0").get_json()
    pdf = client.get(f"/produce/pdf/{token}/0").data
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True,
                                                            check=True).stdout.decode())[1])
    assert pages >= 2 and info["pages"] == pages
    assert info["images"] == [f"/produce/png/{token}/0/{p}" for p in range(1, pages + 1)]
    for url in info["images"]:
        png = client.get(url).data
        width, height = struct.unpack(">II", png[16:24])  # IHDR
        assert abs(width - 992) <= 1 and abs(height - 1403) <= 1  # A4 at 120 dpi
    assert client.get(f"/produce/png/{token}/0/{pages + 1}").status_code == 404


def test_serve_command_help():
    from click.testing import CliRunner

    from docgen.cli import cli

    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--port" in out and "--db" in out and "127.0.0.1" in out and "docgen serve --port 8080" in out


def test_serve_command_prints_the_address_and_serves(tmp_path):
    import subprocess
    import sys
    import urllib.request

    database = tmp_path / "serve.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", "0", "--db", str(database)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"docgen đang chạy tại (http://127\.0\.0\.1:\d+/)", line)[1]
        assert str(database) in line and database.is_file()
        with urllib.request.urlopen(url + "produce/giay-moi", timeout=30) as resp:
            assert resp.status == 200 and "Soạn giấy mời" in resp.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(10)


def test_result_page_shows_validate_warnings(client):
    values = fixture_values("giay-moi")
    values["invitation.date"] = "2022-01-20"  # after the meeting (14/01/2022)
    page = client.get(submit(client, "giay-moi", values).headers["Location"]).get_data(as_text=True)
    assert "Giấy mời › Ngày ban hành: giấy mời ghi ngày 20/01/2022, sau ngày họp 14/01/2022." in page
    assert "invitation.date" not in page.split("id=\"warnings\"", 1)[1].split("</section>", 1)[0]


def test_a_kind_saves_only_what_it_prints_and_keeps_the_rest(client, app):
    resp = submit(client, "bien-ban", fixture_values("bien-ban"))
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    meeting_id = int(re.search(r"meeting=(\d+)", page)[1])
    values = {k: v for k, v in fixture_values("giay-moi").items() if not k.startswith("meeting.agenda")}
    assert "meeting.agenda" not in build_form("giay-moi", values)[2].names()
    values["meeting.title"] = "Hội nghị tổng kết (sửa)"
    submit(client, "giay-moi", {**values, "meeting_id": str(meeting_id)})
    with app.app_context():
        saved = db.get_meeting(db.connect(app.config["DATABASE"]), meeting_id)["data"]["meeting"]
    assert saved["title"] == "Hội nghị tổng kết (sửa)" and saved["agenda"] and saved["proceedings"]


def test_a_long_agency_name_is_refused_with_the_decrees_reason(client):
    values = fixture_values("giay-moi")
    values.pop("agency.header_name", None)
    values["agency.name"] = ("Ban Quản lý các khu công nghiệp, khu chế xuất, khu kinh tế cửa khẩu và khu công "
                             "nghệ cao cùng các cụm công nghiệp của tỉnh Lâm Đồng thuộc Ủy ban nhân dân tỉnh "
                             "Lâm Đồng, kiêm nhiệm quản lý các khu du lịch quốc gia trên địa bàn tỉnh")
    assert len(values["agency.name"]) > 200
    resp = submit(client, "giay-moi", values)
    assert resp.status_code == 422
    [message] = problem_at(resp.get_data(as_text=True), "agency.name")
    assert message.startswith(f"quá dài ({len(values['agency.name'])} ký tự): tên cơ quan ban hành in chữ in hoa, "
                              "đậm, cỡ 13 ở cột trái phần tiêu đề, rộng tối đa 68 mm (Nghị định 30/2020/NĐ-CP, "
                              "Phụ lục I), nên tên này chiếm ")
    assert "chỉ có chỗ cho 5 dòng" in message and "«Tên in ở tiêu đề»" in message
    values["agency.header_name"] = "Ban Quản lý các khu công nghiệp\ntỉnh Lâm Đồng"  # a short printed name
    assert submit(client, "giay-moi", values).status_code == 303
    values["meeting.place"] = "Hội trường " * 40
    [place] = problem_at(submit(client, "giay-moi", values).get_data(as_text=True), "meeting.place")
    assert place.startswith("quá dài (439 ký tự, tối đa 300): một dòng của trang A4 (rộng 165 mm")


def test_result_page_shows_labels_and_no_rule_ids(client):
    values = fixture_values("giay-moi")
    values["signer.name"] = "trần văn biên"
    page = html.unescape(client.get(submit(client, "giay-moi", values).headers["Location"]).get_data(as_text=True))
    changes = page.split('<section class="changes">', 1)[1].split("</section>", 1)[0]
    assert "Người ký › Họ tên người ký: «trần văn biên» → «Trần Văn Biên»" in changes
    assert "(viết hoa họ tên, độ tin cậy 1.00)" in changes
    visible = re.sub(r"<[^>]+>", "", changes)
    assert "signer." not in visible and "capitalization" not in visible
