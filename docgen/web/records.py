"""Records: saved meetings, the agencies, signers and people they mention, YAML export/import."""
from __future__ import annotations

import json

import yaml
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for

from ..io.loaders import RecordError, load_data, validate_data
from ..model import Record
from ..produce import slug
from . import accounts, audit, current_user, db, get_db
from .forms import clerk_message, path_label
from .produce import KIND_TITLES
from .uploads import display_name

bp = Blueprint("records", __name__)

def problem_lines(problems, clerk: bool = False) -> list[str]:
    """Problems of an uploaded file: line and field path (for scripts), or with ``clerk`` line
    and the form's labels (``Giấy mời › Kính gửi (khách mời), dòng 2 › Họ tên``)."""
    out = []
    for p in problems:
        field = (path_label(p.path) if clerk else p.path) if p.path else ""
        message = clerk_message(p.message) if clerk else p.message
        where = ", ".join(x for x in (f"dòng {p.line}" if p.line else "", field) if x)
        out.append(f"{where}: {message}" if where else message)
    return out


def read_upload(data: bytes, suffix: str, name: str = "hồ sơ"):
    """Record data and line map of uploaded bytes, read by the loader from the bytes (``name``,
    whose extension is replaced by ``suffix``, is only shown in messages)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return load_data(data, stem + suffix)


def export_yaml(data: dict) -> str:
    ordered = {k: data[k] for k in Record.model_fields if k in data}
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)


@bp.get("/records")
def index():
    conn = get_db()
    undo = session.get("undo")
    if undo is not None and conn.execute("SELECT 1 FROM settings WHERE key=?",
                                         (_trash_key(undo),)).fetchone() is None:
        undo = None
    return render_template("records.html", meetings=db.list_meetings(conn), titles=KIND_TITLES, undo=undo,
                           agencies=db.list_agencies(conn), signers=db.list_signers(conn),
                           suggestions=db.suggestions(conn))


@bp.get("/records/<int:meeting_id>.yaml")
def export(meeting_id: int):
    saved = db.get_meeting(get_db(), meeting_id)
    if saved is None:
        abort(404)
    name = f"ho-so-{meeting_id}-{slug(saved['title'])[:60]}.yaml"
    return Response(export_yaml(saved["data"]), mimetype="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/records/import")
@accounts.requires("edit")
def import_yaml():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Chưa chọn tệp hồ sơ (.yaml hoặc .json) để nhập.", "error")
        return redirect(url_for("records.index"), code=303)
    suffix = ".json" if upload.filename.lower().endswith(".json") else ".yaml"
    name = display_name(upload.filename)
    try:
        data, lines = read_upload(upload.read(), suffix, name)
        record = validate_data(data, name, lines)
    except RecordError as exc:
        return render_template("records_import_error.html", problems=problem_lines(exc.problems, clerk=True),
                               ), 422
    meeting_id = db.save_meeting(get_db(), data, record.kinds(), user=current_user())
    audit("nhập hồ sơ", f"hồ sơ {meeting_id}: {db.meeting_title(data)}")
    flash(f"Đã nhập hồ sơ «{db.meeting_title(data)}».", "ok")
    return redirect(url_for("records.index", _anchor=f"meeting-{meeting_id}"), code=303)


def _trash_key(meeting_id: int) -> str:
    return f"trash:{current_user()}:{meeting_id}"


@bp.post("/records/<int:meeting_id>/delete")
@accounts.requires("edit")
def delete(meeting_id: int):
    conn = get_db()
    saved = db.get_meeting(conn, meeting_id)
    if saved is None:
        abort(404)
    with conn.transaction():  # kept aside so that «Hoàn tác» can put it back
        conn.execute("DELETE FROM settings WHERE key=?", (_trash_key(meeting_id),))
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                     (_trash_key(meeting_id), json.dumps(saved, ensure_ascii=False)))
        db.delete_meeting(conn, meeting_id)
        audit("xóa hồ sơ", f"hồ sơ {meeting_id}: {saved['title']}")
    session["undo"] = meeting_id
    flash(f"Đã xóa hồ sơ «{saved['title']}».", "ok")
    return redirect(url_for("records.index"), code=303)


@bp.post("/records/<int:meeting_id>/restore")
@accounts.requires("edit")
def restore(meeting_id: int):
    conn = get_db()
    row = conn.execute("SELECT value FROM settings WHERE key=?", (_trash_key(meeting_id),)).fetchone()
    if row is None:
        abort(404)
    saved = json.loads(row[0])
    with conn.transaction():
        db.restore_meeting(conn, saved)
        conn.execute("DELETE FROM settings WHERE key=?", (_trash_key(meeting_id),))
        audit("hoàn tác xóa hồ sơ", f"hồ sơ {meeting_id}: {saved['title']}")
    session.pop("undo", None)
    flash(f"Đã khôi phục hồ sơ «{saved['title']}».", "ok")
    return redirect(url_for("records.index", _anchor=f"meeting-{meeting_id}"), code=303)


@bp.post("/records/<int:meeting_id>/approve")
@accounts.requires("approve")
def approve(meeting_id: int):
    conn = get_db()
    saved = db.get_meeting(conn, meeting_id)
    if saved is None:
        abort(404)
    with conn.transaction():
        conn.execute("UPDATE meetings SET approved_by=?, approved_at=? WHERE id=?",
                     (current_user() or "(lãnh đạo)", db.now(), meeting_id))
        audit("duyệt hồ sơ", f"hồ sơ {meeting_id}: {saved['title']}")
    flash(f"Đã duyệt hồ sơ «{saved['title']}».", "ok")
    return redirect(url_for("records.index", _anchor=f"meeting-{meeting_id}"), code=303)
