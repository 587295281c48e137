"""Regenerate: a spreadsheet of invitees (or saved meetings) + corrections → ZIP and summary.

The batch engine (:func:`docgen.batch.run_batch`) runs twice in a private temporary folder:
once as the records stand, then with the corrections, so the summary says exactly which
documents the corrections changed (and how, paragraph by paragraph) and which stayed the same.
The uploads are read from their bytes by the loaders first (so a bad sheet or corrections file
is reported under the clerk's own file name, before anything is written); the batch engine, which
keeps a manifest of its input files, then gets the sheet written there under a name made from a
slug, never from the upload's name. Chosen files are kept under the form's token
(:mod:`.uploads`): after an error the clerk does not pick them again.
"""
from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for

from ..batch import run_batch, summary
from ..corrections import Correction, apply_corrections, load_corrections, parse_field
from ..errors import DocgenError, InputError
from ..io.loaders import RecordError, validate_data
from ..io.package import write_package
from ..io.spreadsheet import read_sheet
from ..model import KINDS
from ..produce import slug
from . import accounts, audit, current_user, db, get_db, results, uploads
from .forms import path_label
from .limits import run_limited
from .produce import KIND_TITLES
from .records import export_yaml
from .review import DOCX_MAGIC
from .store import Result, StoredFile

bp = Blueprint("regenerate", __name__)

CORRECTION_ROWS = 3
CORRECTION_FIELDS: dict[str, tuple[str, str]] = {
    "khach-moi-ho-ten": ("invitation.invitees[].name", "Khách mời › Họ tên"),
    "khach-moi-chuc-vu": ("invitation.invitees[].title", "Khách mời › Chức vụ"),
    "khach-moi-don-vi": ("invitation.invitees[].unit", "Khách mời › Đơn vị"),
    "nguoi-ky-ho-ten": ("signer.name", "Người ký › Họ tên"),
    "nguoi-ky-chuc-vu": ("signer.title", "Người ký › Chức vụ"),
    "co-quan": ("agency.name", "Tên cơ quan ban hành"),
    "co-quan-chu-quan": ("agency.parent", "Cơ quan chủ quản"),
    "cuoc-hop": ("meeting.title", "Tên cuộc họp, hội nghị"),
    "dia-diem": ("meeting.place", "Địa điểm cuộc họp"),
    "chu-tri": ("meeting.chair.name", "Chủ trì › Họ tên"),
    "trich-yeu": ("invitation.subject", "Giấy mời › Trích yếu"),
}
"""The fields a typed correction can be limited to: form value → (record field, label shown)."""


def _hide(tmp: Path, text: str) -> str:
    """A message without the private temporary folder's path."""
    return text.replace(str(tmp) + "/", "").replace(str(tmp), "thư mục tạm")


def form_corrections(form, token: str) -> list[Correction]:
    """Corrections typed into the form's rows, then those of an uploaded (or kept) corrections file."""
    out = []
    for i in range(CORRECTION_ROWS):
        find = form.get(f"find{i}", "")
        replace, choice = form.get(f"replace{i}", ""), form.get(f"field{i}", "").strip()
        if not find and not replace:
            continue
        if not find:
            raise InputError(f"Sửa lỗi dòng {i + 1}: cần điền chữ cần tìm.")
        if choice and choice not in CORRECTION_FIELDS:
            raise InputError(f"Sửa lỗi dòng {i + 1}: hãy chọn trường trong danh sách (hoặc «mọi trường»).")
        field = CORRECTION_FIELDS[choice][0] if choice else None
        assert field is None or parse_field(field)
        out.append(Correction(find, replace, field, (), i + 1))
    upload = uploads.take(token, "corrections")
    if upload is not None:
        out += load_corrections(upload.data, upload.filename)
    return out


def _sheet_name(filename: str, data: bytes) -> str:
    """The name the sheet is read under: the clerk's name, with the suffix its bytes call for."""
    suffix = ".xlsx" if data.startswith(DOCX_MAGIC) else ".csv"
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return stem + suffix


def _input(tmp: Path, token: str) -> tuple[Path, Path | None, list[tuple[int, tuple[str, ...]]]]:
    """Write the chosen source into ``tmp``: (input path, base record path or None, and the saved
    records it reads with the names the batch knows them by)."""
    conn = get_db()
    if request.form.get("source") == "sheet":
        upload = uploads.take(token, "sheet")
        if upload is None:
            raise InputError("Chưa chọn bảng tính khách mời (.xlsx hoặc .csv).")
        data = upload.data
        name = _sheet_name(upload.filename, data)
        read_sheet(data, name=name)  # headers and cells checked from the bytes, under the clerk's name
        base = db.get_meeting(conn, request.form.get("base", type=int) or 0)
        if base is None:
            raise InputError("Chọn hồ sơ gốc (cơ quan, người ký, cuộc họp, số và ngày giấy mời) "
                             "cho bảng tính khách mời.")
        sheet = tmp / ((slug(name.rsplit(".", 1)[0])[:60] or "danh-sach") + Path(name).suffix)
        sheet.write_bytes(data)
        base_path = tmp / "ho-so-goc.yaml"
        base_path.write_text(export_yaml(base["data"]), encoding="utf-8")
        return sheet, base_path, [(base["id"], (sheet.stem, sheet.name))]
    ids = [int(v) for v in request.form.getlist("meeting") if v.isdigit()]
    folder = tmp / "ho-so"
    folder.mkdir()
    for meeting_id in ids:
        saved = db.get_meeting(conn, meeting_id)
        if saved is not None:
            (folder / f"ho-so-{meeting_id}.yaml").write_text(export_yaml(saved["data"]), encoding="utf-8")
    if not any(folder.iterdir()):
        raise InputError("Chưa chọn hồ sơ đã lưu nào (hoặc hãy chọn nguồn là bảng tính khách mời).")
    saved_ids = [int(f.stem.rsplit("-", 1)[1]) for f in sorted(folder.iterdir())]
    return folder, None, [(i, (f"ho-so-{i}", f"ho-so-{i}.yaml")) for i in saved_ids]


def regenerate(tmp: Path, token: str) -> Result:
    """Run the batch twice (as is, then corrected) and collect the ZIP and the summary; the
    batch runs in a child process stopped after the app's ``REQUEST_TIMEOUT``."""
    corrections = form_corrections(request.form, token)
    if not corrections:
        raise InputError("Chưa có sửa lỗi nào: điền chữ cần tìm và chữ thay thế, hoặc tải lên tệp sửa lỗi.")
    source, base, saved = _input(tmp, token)
    kinds = [k for k in request.form.getlist("kind") if k in KINDS] or None
    per_invitee = bool(request.form.get("per_invitee"))
    result = run_limited(_run_batches, tmp, source, base, kinds, per_invitee, corrections,
                         seconds=float(current_app.config["REQUEST_TIMEOUT"]))
    result.extra["corrections"] = [c.identity() for c in corrections]
    result.extra["touched"] = touched_records(saved, corrections)
    return result


def _diff(old: Any, new: Any, path: str = "") -> list[tuple[str, str, str]]:
    """(field path, before, after) of every string a correction changed."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [d for k in old for d in _diff(old[k], new.get(k), f"{path}.{k}" if path else k)]
    if isinstance(old, list) and isinstance(new, list):
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in _diff(a, b, f"{path}[{i}]")]
    return [(path, old, new)] if isinstance(old, str) and old != new else []


def touched_records(saved: list[tuple[int, tuple[str, ...]]], corrections: list[Correction]) -> list[dict]:
    """The saved records the corrections would change: id, title, version and what changes."""
    conn = get_db()
    out = []
    for meeting_id, names in saved:
        current = db.get_meeting(conn, meeting_id)
        if current is None:
            continue
        new, counts = apply_corrections(current["data"], corrections, names)
        if new == current["data"]:
            continue
        out.append({"id": meeting_id, "title": current["title"], "version": current["version"],
                    "names": list(names), "places": sum(counts),
                    "changes": [{"field": path_label(p), "before": a, "after": b}
                                for p, a, b in _diff(current["data"], new)]})
    return out


def _run_batches(tmp: Path, source: Path, base: Path | None, kinds: list[str] | None, per_invitee: bool,
                 corrections: list[Correction]) -> Result:
    out = tmp / "van-ban"
    options: dict[str, Any] = {"base": base, "kinds": kinds, "per_invitee": per_invitee, "jobs": 1}
    run_batch(source, out, **options)
    result = run_batch(source, out, corrections=corrections, changes=True, **options)
    lines = [_hide(tmp, line).replace("thư mục van-ban", "tệp ZIP") for line in summary(result, changes=True)]
    docs = sorted(p for p in out.rglob("*.docx") if p.is_file())
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in docs}
    files["tom-tat-thay-doi.txt"] = ("\n".join(lines) + "\n").encode("utf-8")
    changed = {o.path for o in result.outputs("changed", "restored")}
    return Result([StoredFile("van-ban-tao-lai.zip", write_package(files), "application/zip")],
                  {"regenerate": True, "summary": lines, "documents": len(docs), "changed": sorted(changed),
                   "failed": len(result.failed)})


def _page(error: str | None = None, status: int = 200, token: str | None = None):
    meetings = db.list_meetings(get_db())
    token = token or uploads.new_token()
    return render_template("regenerate.html", meetings=meetings, kinds=KINDS, titles=KIND_TITLES,
                           rows=range(CORRECTION_ROWS), error=error, form=request.form,
                           fields={k: label for k, (_, label) in CORRECTION_FIELDS.items()},
                           form_token=token, kept=uploads.kept_names(token)), status


@bp.get("/regenerate")
def index():
    return _page()[0]


@bp.post("/regenerate")
@accounts.requires("edit")
def run():
    token = uploads.form_token()
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        try:
            res = regenerate(Path(tmp), token)
        except DocgenError as exc:
            return _page(_hide(Path(tmp), str(exc)), 400, token)
    uploads.forget(token)
    token = results().put(get_db(), res, current_user(), "regenerate",
                          f"Tạo lại {res.extra['documents']} văn bản")
    audit("tạo lại hàng loạt", f"{res.extra['documents']} văn bản, {len(res.extra['changed'])} đổi")
    return redirect(url_for("regenerate.result", token=token), code=303)


def _result(token: str) -> Result:
    res = results().get(get_db(), token, current_user(), "regenerate")
    if res is None:
        abort(404)
    return res


@bp.get("/regenerate/<token>")
def result(token: str):
    res = _result(token)
    extra = {"touched": [], "updated": [], **res.extra}
    return render_template("regenerate_result.html", token=token, **extra)


@bp.post("/regenerate/<token>/records")
@accounts.requires("edit")
def update_records(token: str):
    """The clerk confirmed: apply the corrections to the chosen saved records (each only if
    nobody saved it since the run; versions bumped, audit logged; never twice)."""
    res = _result(token)
    conn = get_db()
    corrections = [Correction(c["find"], c["replace"], c.get("field"), tuple(c.get("records", ())))
                   for c in res.extra.get("corrections", [])]
    chosen = {int(v) for v in request.form.getlist("record") if v.isdigit()}
    done, stale = list(res.extra.get("updated", [])), []
    for t in res.extra.get("touched", []):
        if t["id"] not in chosen or t["id"] in done:
            continue
        current = db.get_meeting(conn, t["id"])
        if current is None or current["version"] != t["version"]:
            who = (current or {}).get("updated_by") or "người khác"
            stale.append(f"«{t['title']}» đã được {who} sửa lúc {(current or {}).get('updated', '')} sau lần "
                         "tạo lại này nên chưa được cập nhật; hãy tạo lại lần nữa." if current else
                         f"«{t['title']}» đã bị xóa.")
            continue
        new, _ = apply_corrections(current["data"], corrections, t["names"])
        try:
            kinds = validate_data(new, "hồ sơ đã lưu", None).kinds()
        except RecordError:
            stale.append(f"«{t['title']}»: sau khi sửa, hồ sơ không còn hợp lệ nên chưa được cập nhật.")
            continue
        try:
            with conn.transaction():
                db.save_meeting(conn, new, kinds, t["id"], version=t["version"], user=current_user())
                audit("sửa hồ sơ theo tạo lại hàng loạt",
                      f"hồ sơ {t['id']}: {t['title']} — " + "; ".join(
                          f"«{c.find}» → «{c.replace}»" for c in corrections))
        except db.StaleVersion:
            stale.append(f"«{t['title']}» vừa được người khác sửa nên chưa được cập nhật; hãy tạo lại lần nữa.")
            continue
        done.append(t["id"])
    with conn.transaction():
        conn.execute("UPDATE results SET extra=? WHERE token=?",
                     (json.dumps({**res.extra, "updated": done}, ensure_ascii=False), token))
    fresh = [i for i in done if i not in res.extra.get("updated", [])]
    if fresh:
        flash(f"Đã cập nhật {len(fresh)} hồ sơ đã lưu theo sửa lỗi (phiên bản mới của mỗi hồ sơ đã được lưu).", "ok")
    for line in stale:
        flash(line, "error")
    if not fresh and not stale:
        flash("Chưa chọn hồ sơ nào để cập nhật (hoặc các hồ sơ đã được cập nhật rồi).", "error")
    return redirect(url_for("regenerate.result", token=token), code=303)


@bp.get("/regenerate/<token>/zip")
def download(token: str):
    f = _result(token).files[0]
    return send_file(io.BytesIO(f.data), mimetype=f.mimetype, as_attachment=True, download_name=f.filename)
