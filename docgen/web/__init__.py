"""``docgen serve``: a local web app for clerks, on the same engine as the command line.

Four areas, one blueprint each: Produce (a form generated from the record model → DOCX/PDF),
Records (saved meetings, names offered again, YAML export/import), Regenerate (a spreadsheet or
saved meetings + a correction → ZIP and summary) and Clean (a TXT/DOCX report → every proposed
edit to accept or reject → the result, applied or as tracked changes).

Pages are rendered on the server (Jinja2); a few lines of plain JavaScript add and remove table
rows. Every POST form carries a per-session CSRF token; uploads are size-limited and their
names never used; errors are Vietnamese pages, never a traceback.
"""
from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from flask import Flask, abort, g, render_template, request, session
from werkzeug.exceptions import HTTPException

from ..errors import DocgenError
from . import db
from .store import ResultStore

MAX_UPLOAD = 8 * 1024 * 1024
"""Largest request accepted (an upload of a report or a spreadsheet)."""

ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy trang",
    405: "Thao tác không được phép",
    413: "Tệp tải lên quá lớn",
    500: "Lỗi không mong đợi",
}
ERROR_TEXTS = {
    400: "Dữ liệu gửi lên không đọc được. Hãy quay lại trang trước và thử lại.",
    404: "Địa chỉ này không có trong ứng dụng, hoặc kết quả đã quá cũ và không còn được lưu. "
         "Hãy soạn lại văn bản.",
    405: "Trang này không nhận thao tác đó. Hãy dùng các nút trên trang.",
    413: f"Tệp tải lên vượt quá giới hạn {MAX_UPLOAD // (1024 * 1024)} MB. Hãy chọn tệp nhỏ hơn.",
    500: "Ứng dụng gặp lỗi khi xử lý yêu cầu. Dữ liệu đã lưu không bị ảnh hưởng; hãy thử lại.",
}


def get_db() -> sqlite3.Connection:
    """The request's database connection (opened on first use, closed after the request)."""
    from flask import current_app

    if "db" not in g:
        g.db = db.connect(current_app.config["DATABASE"])
    return g.db


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def error_page(status: int, message: str | None = None):
    return render_template("error.html", status=status, title=ERROR_TITLES.get(status, "Lỗi"),
                           message=message or ERROR_TEXTS.get(status, "")), status


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; ``config`` overrides the defaults (``DATABASE``, ``SECRET_KEY``, ``TESTING`` …)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        DATABASE=str(db.default_path()),
        JSON_AS_ASCII=False,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    app.config.update(config or {})
    app.extensions["docgen_results"] = ResultStore()
    db.connect(app.config["DATABASE"]).close()  # create and migrate on start

    @app.teardown_appcontext
    def _close_db(_exc) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()

    @app.before_request
    def _check_csrf() -> None:
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
                abort(400, description="Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ "
                                       "(thiếu mã bảo vệ). Hãy tải lại trang rồi gửi lại.")

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.tests["prefixed"] = lambda name, prefix: name == prefix or name.startswith(prefix + ".")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        custom = exc.description if exc.description and exc.description != type(exc).description else None
        return error_page(exc.code or 500, custom)

    @app.errorhandler(DocgenError)
    def _docgen_error(exc: DocgenError):
        return error_page(400, str(exc))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unexpected error")
        return error_page(500)

    from . import clean, produce, records, regenerate

    for module in (produce, records, regenerate, clean):
        app.register_blueprint(module.bp)
    return app
