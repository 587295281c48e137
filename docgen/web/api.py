"""The HTTP API for scripts and the agency's document-management system.

- ``POST /api/records`` (a YAML or JSON record) → 201 ``{"id": …, "version": …}``;
- ``GET /api/records/<id>`` → the record as JSON, with ``ETag: "<version>"``;
- ``PUT /api/records/<id>`` with ``If-Match: "<version>"`` → 200, or 412 when someone saved a
  newer version (which is kept; the answer carries it), 428 without ``If-Match``;
- ``POST /api/documents`` ``{"record": id, "kind": "giay-moi"}`` → 201 with the register's next
  number and symbol (200 with the same entry when the document already has one).

Bodies must be sent as ``application/json`` or ``application/yaml``: a browser page of another
site cannot send those without asking first, so the API needs no CSRF token. With accounts, a
script logs in with HTTP Basic authentication (a docgen user name and password).
"""
from __future__ import annotations

from flask import Blueprint, abort, request

from ..io.loaders import RecordError, validate_data
from . import accounts, current_user, db, get_db
from .records import problem_lines, read_upload
from .register import RegisterError, issue

bp = Blueprint("api", __name__, url_prefix="/api")

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


def _body_record() -> tuple[dict, list[str]]:
    """(record data, kinds) of the request body, or abort with the problems (422)."""
    mimetype = request.mimetype
    if mimetype not in JSON_TYPES + YAML_TYPES:
        abort(415, description="Gửi hồ sơ với Content-Type application/json hoặc application/yaml.")
    try:
        data, lines = read_upload(request.get_data(), ".json" if mimetype in JSON_TYPES else ".yaml")
        record = validate_data(data, "nội dung gửi lên", lines)
    except RecordError as exc:
        abort(_problems(exc))
    return data, list(record.kinds())


def _problems(exc: RecordError):
    from flask import jsonify

    resp = jsonify({"error": "Hồ sơ không hợp lệ.", "problems": problem_lines(exc.problems)})
    resp.status_code = 422
    return resp


def _etag(version: int) -> str:
    return f'"{version}"'


def _record_json(saved: dict) -> dict:
    return {"id": saved["id"], "version": saved["version"], "title": saved["title"], "kinds": saved["kinds"],
            "updated": saved["updated"], "updated_by": saved["updated_by"], "data": saved["data"]}


def _need(permission: str) -> None:
    from flask import g

    if not accounts.may(g.get("role"), permission):
        abort(403, description=f"Tài khoản không được {accounts.PERMISSION_TEXTS[permission]}.")


@bp.post("/records")
def create():
    _need("edit")
    data, kinds = _body_record()
    conn = get_db()
    meeting_id = db.save_meeting(conn, data, kinds, user=current_user())
    db.audit(conn, current_user() or "(văn thư)", "tạo hồ sơ (API)", f"hồ sơ {meeting_id}")
    saved = db.get_meeting(conn, meeting_id)
    assert saved is not None
    return ({"id": meeting_id, "version": saved["version"]}, 201,
            {"ETag": _etag(saved["version"]), "Location": f"/api/records/{meeting_id}"})


@bp.get("/records/<int:meeting_id>")
def read(meeting_id: int):
    saved = db.get_meeting(get_db(), meeting_id)
    if saved is None:
        abort(404, description=f"Không có hồ sơ số {meeting_id}.")
    etag = _etag(saved["version"])
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        return "", 304, {"ETag": etag}
    return _record_json(saved), 200, {"ETag": etag}


@bp.put("/records/<int:meeting_id>")
def replace(meeting_id: int):
    _need("edit")
    conn = get_db()
    saved = db.get_meeting(conn, meeting_id)
    if saved is None:
        abort(404, description=f"Không có hồ sơ số {meeting_id}.")
    match = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if not match.isdigit():
        return ({"error": 'Cần tiêu đề If-Match với phiên bản đã đọc (ETag), ví dụ If-Match: "3".'}, 428)
    data, kinds = _body_record()
    try:
        db.save_meeting(conn, data, kinds, meeting_id, version=int(match), user=current_user())
    except db.StaleVersion as stale:
        cur = stale.current
        who = cur["updated_by"] or "người khác"
        return ({"error": f"Hồ sơ đã được {who} sửa lúc {cur['updated']} (phiên bản {cur['version']}); "
                          "đọc lại rồi gửi lại.", "current": _record_json(cur)},
                412, {"ETag": _etag(cur["version"])})
    db.audit(conn, current_user() or "(văn thư)", "sửa hồ sơ (API)", f"hồ sơ {meeting_id}")
    new = db.get_meeting(conn, meeting_id)
    assert new is not None
    return {"id": meeting_id, "version": new["version"]}, 200, {"ETag": _etag(new["version"])}


@bp.post("/documents")
def issue_document():
    _need("issue")
    body = request.get_json(silent=True)
    if request.mimetype not in JSON_TYPES or not isinstance(body, dict):
        abort(415, description='Gửi JSON (Content-Type application/json): {"record": 1, "kind": "giay-moi"}.')
    record_id, kind = body.get("record"), body.get("kind")
    if not isinstance(record_id, int) or isinstance(record_id, bool) or not isinstance(kind, str):
        abort(400, description='Cần "record" (số hồ sơ) và "kind" (giay-moi, bien-ban hoặc quyet-dinh).')
    try:
        entry, new = issue(get_db(), record_id, kind, current_user())
    except RegisterError as exc:
        status = 404 if "Không có hồ sơ" in str(exc) else 400
        return {"error": str(exc)}, status
    return entry, 201 if new else 200
