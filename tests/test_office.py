"""docgen for a whole office, on SQLite and on PostgreSQL: accounts and roles, versioned records
(no lost update), the HTTP API, the register of outgoing documents under concurrency, state that
survives a restart, idempotent submits, undo, the per-request time limit."""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import threading
import time
from pathlib import Path

import pytest
import yaml

from click.testing import CliRunner

from docgen.cli import cli
from docgen.io.loaders import coerce_dates, load_data
from docgen.web import accounts, create_app, db, register
from docgen.web.forms import KIND_SECTIONS, form_values
from docgen.web.limits import RequestTimeout, run_limited

from pgserver import fresh_database

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "khoi-thi-dua-2022.yaml"
PASSWORD = "mat-khau-du-dai"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    url, drop = fresh_database(tmp_path, request.param)
    yield url
    drop()


@pytest.fixture
def app(database):
    application = create_app({"DATABASE": database, "TESTING": True})
    yield application
    application.extensions["docgen_db"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(client, url: str = "/produce/giay-moi") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def fixture_data() -> dict:
    return load_data(FIXTURE)[0]


def fixture_values(kind: str) -> dict[str, str]:
    data, _ = coerce_dates(fixture_data())
    return {k: v for k, v in form_values(data).items() if k.split(".")[0] in KIND_SECTIONS[kind]}


def form_of(page: str) -> dict[str, str]:
    """The hidden inputs of the record form on ``page``."""
    form = page.split('id="record-form"', 1)[1].split("</form>", 1)[0]
    return {html.unescape(n): html.unescape(v)
            for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def add_user(app, name: str, role: str) -> None:
    with app.extensions["docgen_db"].connection() as conn:
        accounts.add_user(conn, name, role, PASSWORD)


def login(client, name: str, password: str = PASSWORD):
    token = csrf(client, "/login")
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token})


def save(app, data=None) -> int:
    with app.extensions["docgen_db"].connection() as conn:
        return db.save_meeting(conn, data or fixture_data(), ["giay-moi", "bien-ban", "quyet-dinh"])


# ---------------------------------------------------------------- database layer

def test_schema_and_versioned_save(database):
    conn = db.connect(database)
    try:
        assert db.schema_version(conn) == len(db.MIGRATIONS)
        meeting_id = db.save_meeting(conn, fixture_data(), ["giay-moi"], user="lan")
        saved = db.get_meeting(conn, meeting_id)
        assert (saved["version"], saved["updated_by"]) == (1, "lan")
        db.save_meeting(conn, saved["data"], ["giay-moi"], meeting_id, version=1, user="minh")
        with pytest.raises(db.StaleVersion) as stale:
            db.save_meeting(conn, saved["data"], ["giay-moi"], meeting_id, version=1, user="lan")
        assert (stale.value.current["version"], stale.value.current["updated_by"]) == (2, "minh")
        assert db.get_meeting(conn, meeting_id)["version"] == 2  # the stale save wrote nothing
        assert "Võ Văn Phụng" in db.suggestions(conn)["names"]
        assert db.setting(conn, "k", lambda: "một") == db.setting(conn, "k", lambda: "hai") == "một"
    finally:
        conn.close()
    again = db.connect(database)  # reopening migrates nothing twice
    assert db.schema_version(again) == len(db.MIGRATIONS)
    again.close()


def test_unreachable_postgresql_is_one_vietnamese_message():
    with pytest.raises(db.DatabaseError) as err:
        db.connect("postgresql://ai:bimat@127.0.0.1:1/khong")
    text = str(err.value)
    assert text.startswith("Không kết nối được cơ sở dữ liệu PostgreSQL postgresql://ai:***@127.0.0.1:1/khong")
    assert "bimat" not in text


# ---------------------------------------------------------------- register

def test_register_numbers_are_consecutive_under_concurrency(app, database):
    ids = [save(app) for _ in range(20)]
    got: list[dict] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def take(record_id: int) -> None:
        conn = db.connect(database)
        try:
            barrier.wait(30)
            got.append(register.issue(conn, record_id, "giay-moi", "lan")[0])
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=take, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted(e["number"] for e in got) == list(range(1, 21))
    assert {e["symbol"] for e in got} == {f"{n:02d}/GM-BQL" for n in range(1, 21)}
    with app.extensions["docgen_db"].connection() as conn:
        for e in got:  # each record now carries its number, one version later
            saved = db.get_meeting(conn, e["record_id"])
            assert (saved["data"]["invitation"]["number"], saved["version"]) == (e["number"], 2)
        again, new = register.issue(conn, ids[0], "giay-moi")
        assert not new and again["number"] == next(e["number"] for e in got if e["record_id"] == ids[0])
        decision, _ = register.issue(conn, ids[0], "quyet-dinh")
        assert decision["symbol"] == "21/QĐ-BQL"  # one sequence for the agency, whatever the kind


def test_register_restarts_at_01_each_year(app, monkeypatch):
    a, b = save(app), save(app)
    with app.extensions["docgen_db"].connection() as conn:
        monkeypatch.setattr(register, "_today", lambda: dt.date(2025, 12, 31))
        assert register.issue(conn, a, "giay-moi")[0]["symbol"] == "01/GM-BQL"
        assert register.issue(conn, b, "giay-moi")[0]["symbol"] == "02/GM-BQL"
        monkeypatch.setattr(register, "_today", lambda: dt.date(2026, 1, 1))
        first = register.issue(conn, a, "giay-moi")[0]
        assert (first["year"], first["number"], first["issued"]) == (2026, 1, "2026-01-01")
        assert [e["number"] for e in register.entries(conn, 2025)] == [1, 2]


def test_hand_typed_number_is_checked_against_the_register(client, app):
    other = save(app)
    with app.extensions["docgen_db"].connection() as conn:
        entry, _ = register.issue(conn, other, "giay-moi")
    values = fixture_values("giay-moi")
    values["invitation.number"] = str(entry["number"])
    values["invitation.date"] = dt.date.today().isoformat()
    values["meeting.start"] = f"{dt.date.today().isoformat()}T08:00"
    values["meeting.end"] = f"{dt.date.today().isoformat()}T11:00"
    resp = client.post("/produce/giay-moi", data={**values, "csrf_token": csrf(client)})
    page = html.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 422
    assert f"Số {entry['number']:02d} năm {dt.date.today().year} đã cấp trong sổ văn bản đi cho " \
           f"{entry['symbol']}" in page
    assert "Điều 15 Nghị định 30/2020/NĐ-CP" in page
    values["invitation.number"] = "9"  # not reached yet: saved, with a warning
    resp = client.post("/produce/giay-moi", data={**values, "csrf_token": csrf(client)})
    page = html.unescape(client.get(resp.headers["Location"]).get_data(as_text=True))
    assert "Số 09 chưa được cấp trong sổ văn bản đi" in page and "số cuối đã cấp: 01" in page


def test_register_page_and_xlsx_export(client, app):
    from openpyxl import load_workbook

    meeting_id = save(app)
    token = csrf(client, "/register")
    resp = client.post("/register/issue", data={"csrf_token": token, "record": meeting_id, "kind": "giay-moi"})
    assert resp.status_code == 303
    page = html.unescape(client.get(resp.headers["Location"]).get_data(as_text=True))
    year = dt.date.today().year
    assert f"Sổ đăng ký văn bản đi năm {year}" in page and "01/GM-BQL" in page
    assert "Đã cấp số 01/GM-BQL cho giấy mời" in page
    xlsx = client.get(f"/register/{year}.xlsx")
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(ws.values)
    assert rows[0][:5] == ("Số", "Số, ký hiệu", "Ngày cấp số", "Loại văn bản", "Trích yếu nội dung")
    assert rows[1][:4] == (1, "01/GM-BQL", dt.date.today().strftime("%d/%m/%Y"), "giấy mời")
    assert "Hội nghị" in rows[1][4] and "Trần Văn Biên" in (rows[1][5] or "") + (rows[1][6] or "")


# ---------------------------------------------------------------- HTTP API

def test_api_records_with_etag_and_if_match(client):
    body = FIXTURE.read_text(encoding="utf-8")
    resp = client.post("/api/records", data=body.encode(), content_type="application/yaml")
    assert resp.status_code == 201
    meeting_id = resp.get_json()["id"]
    got = client.get(f"/api/records/{meeting_id}")
    assert got.headers["ETag"] == '"1"' and got.get_json()["data"]["agency"]["code"] == "BQL"
    assert client.get(f"/api/records/{meeting_id}", headers={"If-None-Match": '"1"'}).status_code == 304
    data = got.get_json()["data"]
    data["meeting"]["place"] = "Hội trường B"
    put = client.put(f"/api/records/{meeting_id}", data=json.dumps(data), content_type="application/json",
                     headers={"If-Match": '"1"'})
    assert put.status_code == 200 and put.headers["ETag"] == '"2"'
    data["meeting"]["place"] = "Hội trường C"
    stale = client.put(f"/api/records/{meeting_id}", data=json.dumps(data), content_type="application/json",
                       headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.get_json()["error"].startswith("Hồ sơ đã được người khác sửa lúc ")
    assert stale.get_json()["current"]["data"]["meeting"]["place"] == "Hội trường B"  # the newer kept
    assert client.get(f"/api/records/{meeting_id}").get_json()["data"]["meeting"]["place"] == "Hội trường B"
    assert client.put(f"/api/records/{meeting_id}", data=json.dumps(data),
                      content_type="application/json").status_code == 428
    assert client.post("/api/records", data=body.encode(), content_type="text/plain").status_code == 415
    bad = client.post("/api/records", data=b'{"agency": {"name": "A"}}', content_type="application/json")
    assert bad.status_code == 422 and any("agency.code" in p or "signer" in p for p in bad.get_json()["problems"])


def test_api_documents_takes_the_next_number(client):
    body = json.dumps(fixture_data(), default=str)
    meeting_id = client.post("/api/records", data=body, content_type="application/json").get_json()["id"]
    resp = client.post("/api/documents", json={"record": meeting_id, "kind": "giay-moi"})
    assert resp.status_code == 201
    out = resp.get_json()
    assert (out["number"], out["symbol"], out["kind"]) == (1, "01/GM-BQL", "giay-moi")
    assert client.post("/api/documents", json={"record": meeting_id, "kind": "giay-moi"}).status_code == 200
    assert client.get(f"/api/records/{meeting_id}").get_json()["data"]["invitation"]["number"] == 1
    wrong = client.post("/api/documents", json={"record": meeting_id, "kind": "giao-uoc-thi-dua"})
    assert wrong.status_code == 400 and "không lấy số" in wrong.get_json()["error"]
    assert client.post("/api/documents", json={"record": 999, "kind": "giay-moi"}).status_code == 404


def test_api_needs_a_login_once_users_exist(client, app):
    add_user(app, "lan", "van-thu")
    add_user(app, "sep", "lanh-dao")
    assert client.get("/api/records/1").status_code == 401
    body = json.dumps(fixture_data(), default=str)
    ok = client.post("/api/records", data=body, content_type="application/json", auth=("lan", PASSWORD))
    assert ok.status_code == 201
    denied = client.post("/api/documents", json={"record": ok.get_json()["id"], "kind": "giay-moi"},
                         auth=("sep", PASSWORD))
    assert denied.status_code == 403 and "cấp số văn bản đi" in denied.get_json()["error"]
    assert client.get("/api/records/1", auth=("lan", "sai-mat-khau")).status_code == 401


# ---------------------------------------------------------------- accounts

def test_users_command_adds_lists_and_removes(database, tmp_path):
    pw = tmp_path / "mk.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(cli, ["users", "add", "lan", "--role", "van-thu", "--password-file", str(pw), "--db", database])
    assert out.exit_code == 0 and "Đã thêm người dùng «lan» (Văn thư)." in out.output
    runner.invoke(cli, ["users", "add", "admin", "--role", "quan-tri", "--db", database], input=PASSWORD + "\n")
    listed = runner.invoke(cli, ["users", "list", "--db", database]).output
    assert re.search(r"^admin\tquan-tri\tQuản trị\t", listed, re.M) and re.search(r"^lan\tvan-thu\tVăn thư", listed, re.M)
    conn = db.connect(database)
    stored = conn.execute("SELECT password_hash FROM users WHERE name='lan'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.authenticate(conn, "lan", PASSWORD) == {"name": "lan", "role": "van-thu"}
    assert accounts.authenticate(conn, "lan", "sai") is None
    conn.close()
    assert runner.invoke(cli, ["users", "remove", "lan", "--db", database]).exit_code == 0
    assert "lan\t" not in runner.invoke(cli, ["users", "list", "--db", database]).output
    short = tmp_path / "ngan.txt"
    short.write_text("123", encoding="utf-8")
    bad = runner.invoke(cli, ["users", "add", "x1", "--role", "van-thu", "--password-file", str(short), "--db", database])
    assert bad.exit_code != 0 and "Mật khẩu cần ít nhất 8 ký tự." in bad.output + str(bad.exception)


def test_every_page_needs_a_login_once_a_user_exists(client, app):
    assert client.get("/records").status_code == 200  # no users: the single clerk's app, open
    add_user(app, "lan", "van-thu")
    resp = client.get("/records")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login?next=/records")
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/login").status_code == 200
    bad = login(client, "lan", "sai-mat-khau")
    assert bad.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in bad.get_data(as_text=True)
    ok = login(client, "lan")
    assert ok.status_code == 303
    page = client.get("/records").get_data(as_text=True)
    assert "lan (Văn thư)" in page and "Đăng xuất" in page
    token = csrf(client, "/records")
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/records").status_code == 302


def test_login_does_not_redirect_to_another_site(client, app):
    add_user(app, "lan", "van-thu")
    token = csrf(client, "/login")
    resp = client.post("/login", data={"username": "lan", "password": PASSWORD, "csrf_token": token,
                                       "next": "//evil.example/x"})
    assert resp.headers["Location"] == "/"


def test_roles_limit_issuing_approving_and_users(client, app):
    add_user(app, "sep", "lanh-dao")
    add_user(app, "lan", "van-thu")
    add_user(app, "admin", "quan-tri")
    meeting_id = save(app)
    login(client, "sep")
    token = csrf(client, "/register")
    denied = client.post("/register/issue", data={"csrf_token": token, "record": meeting_id, "kind": "giay-moi"})
    assert denied.status_code == 403 and "không được cấp số văn bản đi" in html.unescape(denied.get_data(as_text=True))
    assert client.get("/users").status_code == 403
    assert client.post(f"/records/{meeting_id}/approve", data={"csrf_token": token}).status_code == 303
    assert "Đã duyệt (sep)" in client.get("/records").get_data(as_text=True)
    login(client, "lan")
    token = csrf(client, "/register")
    assert client.post(f"/records/{meeting_id}/approve", data={"csrf_token": token}).status_code == 403
    assert client.post("/register/issue", data={"csrf_token": token, "record": meeting_id,
                                                "kind": "giay-moi"}).status_code == 303
    login(client, "admin")
    token = csrf(client, "/users")
    client.post("/users", data={"csrf_token": token, "action": "add", "name": "hoa", "role": "van-thu",
                                "password": PASSWORD})
    assert "hoa" in client.get("/users").get_data(as_text=True)
    log = html.unescape(client.get("/audit").get_data(as_text=True))
    for line in ("cấp số văn bản đi", "01/GM-BQL", "duyệt hồ sơ", "thêm người dùng", "hoa (Văn thư)",
                 "đăng nhập"):
        assert line in log
    assert re.search(r"<td>lan</td><td>cấp số văn bản đi</td>", log)


def test_serving_beyond_loopback_requires_users(database):
    out = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "0", "--db", database])
    assert out.exit_code != 0
    assert "Không mở ứng dụng cho máy khác (0.0.0.0) khi chưa có người dùng nào" in out.output + str(out.exception)


# ---------------------------------------------------------------- no lost update, idempotent, undo

def test_two_clerks_edit_one_record_and_the_second_is_told(client, app):
    meeting_id = save(app)
    other = app.test_client()
    page_a = client.get(f"/produce/giay-moi?meeting={meeting_id}").get_data(as_text=True)
    page_b = other.get(f"/produce/giay-moi?meeting={meeting_id}").get_data(as_text=True)
    values = fixture_values("giay-moi")
    a = {**values, **form_of(page_a), "meeting.place": "Hội trường tầng 5"}
    assert client.post("/produce/giay-moi", data=a).status_code == 303
    b = {**values, **form_of(page_b), "invitation.invitees[9].name": "Nguyễn Văn Mới"}
    resp = other.post("/produce/giay-moi", data=b)
    page = html.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 409
    assert re.search(r"Hồ sơ đã được người khác sửa lúc \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", page)
    theirs = page.split('id="theirs">', 1)[1].split("</pre>", 1)[0]
    mine = page.split('id="mine">', 1)[1].split("</pre>", 1)[0]
    assert "Hội trường tầng 5" in theirs and "Nguyễn Văn Mới" not in theirs
    assert "Nguyễn Văn Mới" in mine
    assert 'value="Nguyễn Văn Mới"' in page  # the clerk's input is kept in the form
    with app.extensions["docgen_db"].connection() as conn:
        assert db.get_meeting(conn, meeting_id)["data"]["meeting"]["place"] == "Hội trường tầng 5"
    again = {**b, **form_of(resp.get_data(as_text=True))}  # now on the newer version: saved
    assert other.post("/produce/giay-moi", data=again).status_code == 303
    with app.extensions["docgen_db"].connection() as conn:
        names = [p.get("name") for p in db.get_meeting(conn, meeting_id)["data"]["invitation"]["invitees"]]
    assert "Nguyễn Văn Mới" in names


def test_a_form_submitted_twice_is_saved_once(client, app):
    page = client.get("/produce/giay-moi").get_data(as_text=True)
    data = {**fixture_values("giay-moi"), **form_of(page)}
    first = client.post("/produce/giay-moi", data=data)
    second = client.post("/produce/giay-moi", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    with app.extensions["docgen_db"].connection() as conn:
        assert len(db.list_meetings(conn)) == 1


def test_delete_can_be_undone(client, app):
    meeting_id = save(app)
    token = csrf(client, "/records")
    client.post(f"/records/{meeting_id}/delete", data={"csrf_token": token})
    page = client.get("/records").get_data(as_text=True)
    assert 'id="undo"' in page and f'id="meeting-{meeting_id}"' not in page
    client.post(f"/records/{meeting_id}/restore", data={"csrf_token": token})
    page = client.get("/records").get_data(as_text=True)
    assert f'id="meeting-{meeting_id}"' in page and 'id="undo"' not in page
    assert save(app) > meeting_id  # new ids still come after the restored one


# ---------------------------------------------------------------- state that survives

def test_sessions_and_results_survive_a_restart(database):
    first = create_app({"DATABASE": database})
    client = first.test_client()
    page = client.get("/produce/giay-moi").get_data(as_text=True)
    data = {**fixture_values("giay-moi"), **form_of(page), "csrf_token": csrf(client)}
    first.extensions["docgen_db"].close()
    second = create_app({"DATABASE": database})  # "restart": a new app, same database
    client2 = second.test_client()
    client2.set_cookie("session", client.get_cookie("session").value)
    resp = client2.post("/produce/giay-moi", data=data)
    assert resp.status_code == 303  # the open form's CSRF token is still valid
    location = resp.headers["Location"]
    second.extensions["docgen_db"].close()
    third = create_app({"DATABASE": database})
    client3 = third.test_client()
    page = html.unescape(client3.get(location).get_data(as_text=True))
    assert "Đã soạn giấy mời" in page
    link = re.search(r'class="button primary download-docx" href="([^"]+)"', page)[1]
    assert client3.get(link).data.startswith(b"PK")
    assert "Giấy mời: Hội nghị" in html.unescape(client3.get("/me").get_data(as_text=True))
    third.extensions["docgen_db"].close()


def test_results_belong_to_their_user_and_expire(client, app):
    add_user(app, "lan", "van-thu")
    add_user(app, "hoa", "van-thu")
    login(client, "lan")
    page = client.get("/produce/giay-moi").get_data(as_text=True)
    resp = client.post("/produce/giay-moi", data={**fixture_values("giay-moi"), **form_of(page)})
    location = resp.headers["Location"]
    assert client.get(location).status_code == 200
    login(client, "hoa")
    assert client.get(location).status_code == 404
    assert "Chưa có kết quả nào." in client.get("/me").get_data(as_text=True)
    with app.extensions["docgen_db"].connection() as conn:
        conn.execute("UPDATE results SET expires='2000-01-01 00:00:00'")
    login(client, "lan")
    assert client.get(location).status_code == 404


def test_clean_threshold_button_only_adds(client):
    text = ("Hội nghị do ông chí Trần Văn Biên chủ trì.\n"
            "Tham dự có đại diện B K học và u t  và các Khi thi đua .\n"
            "Bộ Kê hoạch và Đầu tư đánh giá cao kết quả của Khi thi đua năm 2021.\n").encode()
    token = csrf(client, "/clean")
    resp = client.post("/clean", data={"csrf_token": token, "file": (io.BytesIO(text), "bai.txt")})
    review = resp.headers["Location"]
    page = client.get(review).get_data(as_text=True)
    boxes = re.findall(r'name="accept" value="(\d+)" data-confidence="([\d.]+)"[^>]*?( checked)?>', page)
    ticked = [i for i, _, on in boxes if on]
    shown = re.search(r'name="shown" value="([^"]*)"', page)[1]
    assert shown == ",".join(ticked) and len(ticked) >= 2
    unticked, kept = ticked[0], ticked[1:]
    # the clerk unticks one proposed edit, then asks for every edit from confidence 0
    out = client.post(review, data={"csrf_token": token, "accept": kept, "shown": shown, "rejected": "",
                                    "action": "threshold", "limit": "0"}).get_data(as_text=True)
    now = re.findall(r'name="accept" value="(\d+)"[^>]*?( checked)?( data-touched="1")?>', out)
    assert {i for i, on, _ in now if on} == {i for i, _, _ in boxes} - {unticked}
    assert [i for i, _, touched in now if touched] == [unticked]
    # a second round keeps the clerk's untick (carried in "rejected") …
    shown2 = re.search(r'name="shown" value="([^"]*)"', out)[1]
    rejected = re.search(r'name="rejected" value="([^"]*)"', out)[1]
    assert rejected == unticked
    again = client.post(review, data={"csrf_token": token, "accept": shown2.split(","), "shown": shown2,
                                      "rejected": rejected, "action": "threshold", "limit": "0"})
    assert f'value="{unticked}" data-confidence' in again.get_data(as_text=True)
    assert not re.search(rf'name="accept" value="{unticked}"[^>]*checked', again.get_data(as_text=True))
    # … until the clerk ticks it again by hand
    back = client.post(review, data={"csrf_token": token, "accept": [*shown2.split(","), unticked],
                                     "shown": shown2, "rejected": rejected, "action": "threshold", "limit": "0"})
    assert re.search(rf'name="accept" value="{unticked}"[^>]*checked', back.get_data(as_text=True))


# ---------------------------------------------------------------- time limit

def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "xong"


def test_heavy_work_is_stopped_at_the_time_limit():
    assert run_limited(_sleep, 0.01, seconds=10) == "xong"
    start = time.monotonic()
    with pytest.raises(RequestTimeout) as err:
        run_limited(_sleep, 30, seconds=0.5)
    assert time.monotonic() - start < 5
    assert "Việc này chạy quá 0.5 giây" in err.value.description


def test_regenerate_over_the_time_limit_answers_503(database, tmp_path):
    app = create_app({"DATABASE": database, "REQUEST_TIMEOUT": 0.2})
    client = app.test_client()
    meeting_id = save(app)
    rows = "\n".join(f"Người {i};Chuyên viên;Sở {i}" for i in range(400))
    sheet = ("Họ và tên;Chức vụ;Đơn vị\n" + rows + "\n").encode()
    resp = client.post("/regenerate", data={
        "csrf_token": csrf(client, "/regenerate"), "source": "sheet", "base": str(meeting_id), "per_invitee": "1",
        "sheet": (io.BytesIO(sheet), "khach.csv"), "find0": "Người", "replace0": "Ông"})
    assert resp.status_code == 503
    assert "Việc này chạy quá 0.2 giây" in html.unescape(resp.get_data(as_text=True))
    app.extensions["docgen_db"].close()


def test_yaml_export_of_a_record_saved_through_the_api(client):
    body = FIXTURE.read_text(encoding="utf-8")
    meeting_id = client.post("/api/records", data=body.encode(), content_type="application/x-yaml").get_json()["id"]
    exported = yaml.safe_load(client.get(f"/records/{meeting_id}.yaml").get_data(as_text=True))
    assert exported["agency"]["code"] == "BQL"


def test_form_messages_use_the_form_labels_not_field_paths(client):
    values = fixture_values("giay-moi")
    values["invitation.invitees[1].name"] = ""
    values["invitation.invitees[1].title"] = "Chuyên viên"
    values["invitation.invitees[1].unit"] = ""
    values["signer.authority"] = "TM."
    values["signer.on_behalf_of"] = ""
    resp = client.post("/produce/giay-moi", data={**values, "csrf_token": csrf(client)})
    page = html.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 422
    problems = re.findall(r'<p class="problem"[^>]*>([^<]*)</p>', page)
    assert "cần ít nhất họ tên hoặc đơn vị." in problems
    assert "quyền hạn ký TM. cần ghi rõ thay mặt/ký thay ai." in problems
    for english in ("(name)", "(unit)", "(on_behalf_of)", "invitation.invitees", "signer."):
        assert not [p for p in problems if english in p]


# ---------------------------------------------------------------- corrections reach the saved records

def _typo(app, name: str = "Trần Văn Bien") -> int:
    data = fixture_data()
    data["signer"]["name"] = name
    return save(app, data)


def _regenerate(client, ids: list[int]) -> str:
    resp = client.post("/regenerate", data={
        "csrf_token": csrf(client, "/regenerate"), "source": "saved", "meeting": [str(i) for i in ids],
        "kind": ["giay-moi"], "find0": "Trần Văn Bien", "replace0": "Trần Văn Biên", "field0": "nguoi-ky-ho-ten"})
    assert resp.status_code == 303, html.unescape(resp.get_data(as_text=True))
    return resp.headers["Location"]


def test_corrections_in_regenerate_can_update_the_saved_records(client, app):
    typo, clean = _typo(app), save(app)
    result = _regenerate(client, [typo, clean])
    page = html.unescape(client.get(result).get_data(as_text=True))
    touched = page.split('id="touched"', 1)[1].split("</section>", 1)[0]
    assert f'id="touched-{typo}"' in touched and f'id="touched-{clean}"' not in touched  # only what it changes
    assert "Người ký › Họ tên người ký: «Trần Văn Bien» → «Trần Văn Biên»" in touched
    assert "(phiên bản 1, 1 chỗ)" in touched and "Cập nhật 1 hồ sơ đã lưu" in touched
    with app.extensions["docgen_db"].connection() as conn:  # nothing saved before the clerk confirms
        assert db.get_meeting(conn, typo)["data"]["signer"]["name"] == "Trần Văn Bien"
    token = csrf(client, "/regenerate")
    done = client.post(result + "/records", data={"csrf_token": token, "record": [str(typo)]}, follow_redirects=True)
    text = html.unescape(done.get_data(as_text=True))
    assert "Đã cập nhật 1 hồ sơ đã lưu theo sửa lỗi" in text and 'id="updated-records"' in text
    with app.extensions["docgen_db"].connection() as conn:
        after = db.get_meeting(conn, typo)
        assert after["data"]["signer"]["name"] == "Trần Văn Biên" and after["version"] == 2
        assert db.get_meeting(conn, clean)["version"] == 1
        log = db.audit_log(conn)
        assert log[0]["action"] == "sửa hồ sơ theo tạo lại hàng loạt"
        assert log[0]["detail"].startswith(f"hồ sơ {typo}: ") and "«Trần Văn Bien» → «Trần Văn Biên»" in log[0]["detail"]
    again = client.post(result + "/records", data={"csrf_token": token, "record": [str(typo)]}, follow_redirects=True)
    assert "Chưa chọn hồ sơ nào để cập nhật" in html.unescape(again.get_data(as_text=True))
    with app.extensions["docgen_db"].connection() as conn:
        assert db.get_meeting(conn, typo)["version"] == 2  # never applied twice


def test_a_record_saved_since_the_regenerate_is_not_overwritten(client, app):
    typo = _typo(app)
    result = _regenerate(client, [typo])
    with app.extensions["docgen_db"].connection() as conn:  # a colleague saves the record meanwhile
        data = db.get_meeting(conn, typo)["data"]
        data["meeting"]["place"] = "Phòng họp số 2"
        db.save_meeting(conn, data, ["giay-moi"], typo, version=1, user="hoa")
    done = client.post(result + "/records", data={"csrf_token": csrf(client, "/regenerate"), "record": [str(typo)]},
                       follow_redirects=True)
    text = html.unescape(done.get_data(as_text=True))
    assert "đã được hoa sửa lúc" in text and "chưa được cập nhật; hãy tạo lại lần nữa." in text
    with app.extensions["docgen_db"].connection() as conn:
        now = db.get_meeting(conn, typo)
        assert now["version"] == 2 and now["data"]["meeting"]["place"] == "Phòng họp số 2"
        assert now["data"]["signer"]["name"] == "Trần Văn Bien"
