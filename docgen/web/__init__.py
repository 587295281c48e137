"""``docgen serve``: a web app for clerks, on the same engine as the command line.

Areas, one blueprint each: Produce (a form generated from the record model → DOCX/PDF),
Records (saved meetings, names offered again, YAML export/import), Regenerate (a spreadsheet or
saved meetings + a correction → ZIP and summary), Clean (a TXT/DOCX report → every proposed
edit to accept or reject → the result), the register of outgoing documents, the HTTP API for
scripts, and accounts (login, users, audit log).

The app keeps no state of its own: records, results, the session key, users and the register
live in the database (SQLite file or PostgreSQL), so a restart loses nothing and several
servers can share one PostgreSQL. Pages are rendered on the server (Jinja2); a few lines of
plain JavaScript add and remove table rows. Every POST form carries a per-session CSRF token;
uploads are size-limited and their names never used; errors are Vietnamese pages, never a
traceback.
"""
from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from ..errors import DocgenError
from . import accounts, db
from .store import ResultStore

MAX_UPLOAD = 8 * 1024 * 1024
"""Largest request accepted (an upload of a report or a spreadsheet)."""

REQUEST_TIMEOUT = 120.0
"""Seconds a heavy request (regenerate, clean) may work before it is stopped."""

ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền",
    404: "Không tìm thấy trang",
    405: "Thao tác không được phép",
    409: "Hồ sơ đã được người khác sửa",
    412: "Hồ sơ đã được người khác sửa",
    413: "Tệp tải lên quá lớn",
    500: "Lỗi không mong đợi",
    503: "Yêu cầu chạy quá lâu",
}
ERROR_TEXTS = {
    400: "Dữ liệu gửi lên không đọc được. Hãy quay lại trang trước và thử lại.",
    403: "Tài khoản của bạn không được làm việc này. Hãy nhờ người quản trị.",
    404: "Địa chỉ này không có trong ứng dụng, hoặc kết quả đã quá cũ và không còn được lưu. "
         "Hãy soạn lại văn bản.",
    405: "Trang này không nhận thao tác đó. Hãy dùng các nút trên trang.",
    413: f"Tệp tải lên vượt quá giới hạn {MAX_UPLOAD // (1024 * 1024)} MB. Hãy chọn tệp nhỏ hơn.",
    500: "Ứng dụng gặp lỗi khi xử lý yêu cầu. Dữ liệu đã lưu không bị ảnh hưởng; hãy thử lại.",
    503: "Yêu cầu chạy quá thời gian cho phép và đã được dừng. Hãy chia nhỏ dữ liệu (ít dòng hơn, "
         "tệp nhỏ hơn) rồi thử lại.",
}
OPEN_PATHS = ("/login", "/static/")


def get_db() -> db.Conn:
    """The request's database connection (taken from the pool on first use, returned after)."""
    if "db" not in g:
        g.db = current_app.extensions["docgen_db"].acquire()
    return g.db


def results() -> ResultStore:
    return current_app.extensions["docgen_results"]


def current_user() -> str:
    """The logged-in user's name ("" for the single clerk of an app without accounts)."""
    return g.get("user") or accounts.ANONYMOUS


def audit(action: str, detail: str = "") -> None:
    db.audit(get_db(), current_user() or "(văn thư)", action, detail)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def error_page(status: int, message: str | None = None):
    return render_template("error.html", status=status, title=ERROR_TITLES.get(status, "Lỗi"),
                           message=message or ERROR_TEXTS.get(status, "")), status


def _is_api() -> bool:
    return request.path.startswith("/api/")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; ``config`` overrides the defaults (``DATABASE``, ``SECRET_KEY``, ``TESTING``,
    ``RESULT_DAYS``, ``REQUEST_TIMEOUT`` …). ``DATABASE`` is a SQLite path or a PostgreSQL URL."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        DATABASE=db.default_url(),
        JSON_AS_ASCII=False,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        RESULT_DAYS=7.0,
        REQUEST_TIMEOUT=REQUEST_TIMEOUT,
    )
    app.config.update(config or {})
    database = db.Database(app.config["DATABASE"])  # creates and migrates
    app.extensions["docgen_db"] = database
    app.extensions["docgen_results"] = ResultStore(float(app.config["RESULT_DAYS"]))
    if not app.config.get("SECRET_KEY"):  # kept in the database: sessions survive a restart
        with database.connection() as conn:
            app.config["SECRET_KEY"] = db.setting(conn, "session_key", lambda: secrets.token_hex(32))

    @app.teardown_appcontext
    def _close_db(_exc) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            database.release(conn)

    @app.before_request
    def _login_and_csrf():
        conn = get_db()
        g.user, g.role = accounts.ANONYMOUS, None
        if not accounts.has_users(conn):
            g.accounts = False
        else:
            g.accounts = True
            name = session.get("user")
            role = accounts.role_of(conn, name) if name else None
            if role is None and _is_api() and request.authorization is not None:
                auth = request.authorization
                user = accounts.authenticate(conn, auth.username or "", auth.password or "")
                if user is not None:
                    name, role = user["name"], user["role"]
            if role is not None:
                g.user, g.role = name, role
            elif not request.path.startswith(OPEN_PATHS):
                if _is_api():
                    return ({"error": "Cần đăng nhập (HTTP Basic: tên và mật khẩu người dùng docgen)."},
                            401, {"WWW-Authenticate": 'Basic realm="docgen"'})
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if request.method == "POST" and not _is_api():
            sent = request.form.get("csrf_token", "")
            if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
                abort(400, description="Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ "
                                       "(thiếu mã bảo vệ). Hãy tải lại trang rồi gửi lại.")
        return None

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["may"] = lambda permission: accounts.may(g.get("role"), permission)
    app.jinja_env.globals["ROLES"] = accounts.ROLES
    from .forms import clerk_message, path_label, rule_label

    app.jinja_env.filters["field_label"] = path_label
    app.jinja_env.filters["rule_label"] = rule_label
    app.jinja_env.filters["clerk"] = clerk_message
    app.jinja_env.tests["prefixed"] = lambda name, prefix: name == prefix or name.startswith(prefix + ".")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        custom = exc.description if exc.description and exc.description != type(exc).description else None
        if _is_api():
            return {"error": custom or ERROR_TEXTS.get(exc.code or 500, ERROR_TITLES.get(exc.code or 500, ""))}, \
                exc.code or 500
        return error_page(exc.code or 500, custom)

    @app.errorhandler(DocgenError)
    def _docgen_error(exc: DocgenError):
        if _is_api():
            return {"error": str(exc)}, 400
        return error_page(400, str(exc))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unexpected error")
        if _is_api():
            return {"error": ERROR_TEXTS[500]}, 500
        return error_page(500)

    from . import account_pages, api, clean, produce, records, regenerate, register

    for module in (produce, records, regenerate, clean, register, api, account_pages):
        app.register_blueprint(module.bp)
    return app
