"""Records: saved meetings, the agencies, signers and people they mention, YAML export/import."""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from ..io.loaders import RecordError, load_data, validate_data
from ..model import Record
from ..produce import slug
from . import db, get_db
from .produce import KIND_TITLES

bp = Blueprint("records", __name__)

UPLOAD_NAME = "tệp tải lên"


def problem_lines(problems) -> list[str]:
    """Problems of an uploaded file, without the server-side path of its temporary copy."""
    out = []
    for p in problems:
        where = ", ".join(x for x in (f"dòng {p.line}" if p.line else "", p.path) if x)
        out.append(f"{where}: {p.message}" if where else p.message)
    return out


def read_upload(data: bytes, suffix: str):
    """Record data and line map of uploaded bytes, read by the loader (the name is never used)."""
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        path = Path(tmp, "ho-so" + suffix)
        path.write_bytes(data)
        return load_data(path)


def export_yaml(data: dict) -> str:
    ordered = {k: data[k] for k in Record.model_fields if k in data}
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)


@bp.get("/records")
def index():
    conn = get_db()
    return render_template("records.html", meetings=db.list_meetings(conn), titles=KIND_TITLES,
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
def import_yaml():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Chưa chọn tệp hồ sơ (.yaml hoặc .json) để nhập.", "error")
        return redirect(url_for("records.index"), code=303)
    suffix = ".json" if upload.filename.lower().endswith(".json") else ".yaml"
    try:
        data, lines = read_upload(upload.read(), suffix)
        record = validate_data(data, UPLOAD_NAME, lines)
    except RecordError as exc:
        return render_template("records_import_error.html", problems=problem_lines(exc.problems)), 422
    meeting_id = db.save_meeting(get_db(), data, record.kinds())
    flash(f"Đã nhập hồ sơ «{db.meeting_title(data)}».", "ok")
    return redirect(url_for("records.index", _anchor=f"meeting-{meeting_id}"), code=303)


@bp.post("/records/<int:meeting_id>/delete")
def delete(meeting_id: int):
    if not db.delete_meeting(get_db(), meeting_id):
        abort(404)
    flash("Đã xóa hồ sơ.", "ok")
    return redirect(url_for("records.index"), code=303)
