"""The register of outgoing documents (sổ đăng ký văn bản đi, Decree 30/2020/NĐ-CP art. 15).

Issuing a document takes the next number of the agency's register for the calendar year: numbers
start at 01 each 1 January and run on without gaps or repeats, whatever the kind (giấy mời, biên
bản, quyết định share the agency's one sequence). The number is taken in one statement inside
one transaction — an upsert of the ``counters`` row that returns the new value (``INSERT … ON
CONFLICT DO UPDATE SET last = last + 1 RETURNING last``), under ``BEGIN IMMEDIATE`` on SQLite
and the row lock PostgreSQL takes for the update — never a read followed by a write, so twenty
clerks pressing the button together get twenty consecutive numbers. The entry is written and
the number put into the saved record in the same transaction.

A number typed by hand is checked against the register: one already given to another document
is refused beside its field.
"""
from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from ..errors import DocgenError
from ..kinds import DOC_KINDS
from ..vi import docnum
from . import accounts, current_user, db, get_db

bp = Blueprint("register", __name__)

KIND_LABELS = {k.slug: k.label for k in DOC_KINDS}
TYPE_CODES = {k.slug: k.symbol for k in DOC_KINDS if k.symbol}
NUMBER_FIELD = {"giay-moi": ("invitation", "number"), "bien-ban": ("minutes", "number"),
                "quyet-dinh": ("decision", "number")}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegisterError(DocgenError):
    pass


def _today() -> dt.date:
    return dt.date.today()


def _signer(data: dict, kind: str) -> str:
    section = NUMBER_FIELD[kind][0]
    s = (data.get(section) or {}).get("signer") or data.get("signer") or {}
    return " ".join(x for x in (s.get("authority"), s.get("on_behalf_of")) if x) + \
        (" — " if s.get("authority") else "") + " ".join(x for x in (s.get("title"), s.get("name")) if x)


def _summary(data: dict, kind: str) -> str:
    meeting = data.get("meeting") or {}
    if kind == "giay-moi":
        return str((data.get("invitation") or {}).get("subject") or meeting.get("title") or "")
    if kind == "quyet-dinh":
        return str((data.get("decision") or {}).get("subject") or "")
    return f"Biên bản {meeting.get('title', '')}".strip()


def _recipients(data: dict, kind: str) -> str:
    section = data.get(NUMBER_FIELD[kind][0]) or {}
    listed = [str(r) for r in section.get("recipients") or []]
    if kind == "giay-moi" and not listed:
        listed = [str(p.get("name") or p.get("unit") or "") for p in section.get("invitees") or []]
    return "; ".join(x for x in listed if x)


def _entry(row) -> dict:
    return {k: row[k] for k in ("id", "agency", "year", "number", "symbol", "kind", "issued", "summary",
                                "signer", "recipients", "record_id", "username")}


def issue(conn: db.Conn, record_id: int, kind: str, user: str = "") -> tuple[dict, bool]:
    """Give record ``record_id``'s ``kind`` the register's next number: (entry, newly issued).

    A document already in the register keeps its number (pressing twice issues once). A record
    saved by someone else meanwhile is read again (the whole transaction is retried)."""
    for _ in range(5):
        try:
            return _issue(conn, record_id, kind, user)
        except db.StaleVersion:
            continue
    return _issue(conn, record_id, kind, user)


def _issue(conn: db.Conn, record_id: int, kind: str, user: str) -> tuple[dict, bool]:
    if kind not in NUMBER_FIELD:
        raise RegisterError(f"Loại văn bản «{kind}» không lấy số trong sổ văn bản đi; chọn giấy mời, "
                            "biên bản hoặc quyết định.")
    today = _today()
    with conn.transaction():
        saved = db.get_meeting(conn, record_id)
        if saved is None:
            raise RegisterError(f"Không có hồ sơ số {record_id}.")
        data = saved["data"]
        section, key = NUMBER_FIELD[kind]
        if not isinstance(data.get(section), dict) and kind != "bien-ban":
            raise RegisterError(f"Hồ sơ «{saved['title']}» chưa có {KIND_LABELS[kind]} để cấp số.")
        agency = str((data.get("agency") or {}).get("code") or "").strip()
        if not agency:
            raise RegisterError(f"Hồ sơ «{saved['title']}» chưa có chữ viết tắt tên cơ quan (agency.code).")
        old = conn.execute("SELECT * FROM register WHERE record_id=? AND kind=? AND year=?",
                           (record_id, kind, today.year)).fetchone()
        if old is not None:
            return _entry(old), False
        number = conn.execute(
            "INSERT INTO counters (agency, year, last) VALUES (?, ?, 1) "
            "ON CONFLICT (agency, year) DO UPDATE SET last = counters.last + 1 RETURNING last",
            (agency, today.year)).fetchone()[0]
        symbol = docnum.doc_number(number, TYPE_CODES[kind], agency).removeprefix("Số: ")
        row = conn.execute(
            "INSERT INTO register (agency, year, number, symbol, kind, issued, summary, signer, recipients, "
            "record_id, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (agency, today.year, number, symbol, kind, today.isoformat(), _summary(data, kind),
             _signer(data, kind), _recipients(data, kind), record_id, user)).fetchone()
        entry = _entry(row)
        data = {**data, section: {**(data.get(section) or {}), key: number}}
        db.save_meeting(conn, data, saved["kinds"], record_id, version=saved["version"], user=user)
        db.audit(conn, user or "(văn thư)", "cấp số văn bản đi",
                 f"{symbol} — {KIND_LABELS[kind]} — hồ sơ {record_id}")
    return entry, True


def _doc_year(data: dict, kind: str) -> int | None:
    section = data.get(NUMBER_FIELD[kind][0]) or {}
    when = section.get("date") if kind != "bien-ban" else (data.get("meeting") or {}).get("start")
    if isinstance(when, (dt.date, dt.datetime)):
        return when.year
    if isinstance(when, str) and when[:4].isdigit():
        return int(when[:4])
    return None


def check_number(conn: db.Conn, kind: str, data: dict, record_id: int | None) -> tuple[str | None, str | None]:
    """A typed number against the register: (error, warning), each a Vietnamese sentence or None.

    Error: the number is already given to another document of the year. Warning: the register
    has not reached it yet (it should be taken with «Cấp số»)."""
    if kind not in NUMBER_FIELD:
        return None, None
    section, key = NUMBER_FIELD[kind]
    number = (data.get(section) or {}).get(key)
    agency = str((data.get("agency") or {}).get("code") or "").strip()
    year = _doc_year(data, kind)
    if not isinstance(number, int) or not agency or year is None:
        return None, None
    row = conn.execute("SELECT * FROM register WHERE agency=? AND year=? AND number=?",
                       (agency, year, number)).fetchone()
    if row is not None and not (row["record_id"] == record_id and row["kind"] == kind):
        issued = dt.date.fromisoformat(row["issued"]).strftime("%d/%m/%Y")
        return (f"Số {number:02d} năm {year} đã cấp trong sổ văn bản đi cho {row['symbol']} "
                f"({KIND_LABELS[row['kind']]} «{row['summary']}», ngày {issued}); mỗi số chỉ dùng một lần "
                "(Điều 15 Nghị định 30/2020/NĐ-CP). Hãy dùng nút «Cấp số» để lấy số tiếp theo."), None
    last = conn.execute("SELECT last FROM counters WHERE agency=? AND year=?", (agency, year)).fetchone()
    if row is None and last is not None and number > last[0]:
        return None, (f"Số {number:02d} chưa được cấp trong sổ văn bản đi năm {year} (số cuối đã cấp: "
                      f"{last[0]:02d}); hãy lấy số bằng nút «Cấp số» để sổ không bị nhảy số.")
    return None, None


def entries(conn: db.Conn, year: int) -> list[dict]:
    return [_entry(r) for r in conn.execute("SELECT * FROM register WHERE year=? ORDER BY agency, number",
                                            (year,)).fetchall()]


def years(conn: db.Conn) -> list[int]:
    return [r[0] for r in conn.execute("SELECT DISTINCT year FROM register ORDER BY year DESC").fetchall()]


def to_xlsx(rows: list[dict], year: int) -> bytes:
    """The register of ``year`` as a spreadsheet (one row per document, headed in Vietnamese)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"So van ban di {year}"
    ws.append(["Số", "Số, ký hiệu", "Ngày cấp số", "Loại văn bản", "Trích yếu nội dung", "Người ký",
               "Nơi nhận", "Người cấp số"])
    for e in rows:
        ws.append([e["number"], e["symbol"], dt.date.fromisoformat(e["issued"]).strftime("%d/%m/%Y"),
                   KIND_LABELS[e["kind"]], e["summary"], e["signer"], e["recipients"], e["username"]])
    for col, width in zip("ABCDEFGH", (6, 16, 12, 14, 60, 36, 50, 14)):
        ws.column_dimensions[col].width = width
    wb.properties.created = wb.properties.modified = dt.datetime(year, 1, 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- pages

def _year_arg() -> int:
    year = request.args.get("year", type=int) or _today().year
    return year if 2000 <= year <= 2100 else _today().year


@bp.get("/register")
def index():
    conn = get_db()
    year = _year_arg()
    return render_template("register.html", year=year, entries=entries(conn, year),
                           years=sorted(set(years(conn)) | {_today().year}, reverse=True),
                           labels=KIND_LABELS, meetings=db.list_meetings(conn),
                           numbered=[k for k in NUMBER_FIELD])


@bp.get("/register/<int:year>.xlsx")
def export(year: int):
    data = to_xlsx(entries(get_db(), year), year)
    return send_file(io.BytesIO(data), mimetype=XLSX_TYPE, as_attachment=True,
                     download_name=f"so-van-ban-di-{year}.xlsx")


@bp.post("/register/issue")
@accounts.requires("issue")
def issue_post():
    record_id = request.form.get("record", type=int)
    kind = request.form.get("kind", "")
    if record_id is None:
        abort(400, description="Chưa chọn hồ sơ để cấp số.")
    try:
        entry, new = issue(get_db(), record_id, kind, current_user())
    except db.StaleVersion:
        flash("Hồ sơ vừa được người khác sửa; hãy bấm «Cấp số» lại.", "error")
        return redirect(url_for("register.index"), code=303)
    except RegisterError as exc:
        flash(str(exc), "error")
        return redirect(url_for("register.index"), code=303)
    flash(f"Đã cấp số {entry['symbol']} cho {KIND_LABELS[kind]} «{entry['summary']}»." if new else
          f"{KIND_LABELS[kind].capitalize()} này đã có số {entry['symbol']} trong sổ.", "ok")
    target = request.form.get("back")
    if target == "form":
        return redirect(url_for("produce.form", kind=kind, meeting=record_id), code=303)
    return redirect(url_for("register.index", year=entry["year"], _anchor=f"so-{entry['number']}"), code=303)
