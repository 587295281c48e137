"""Login, logout, the user's own page (their stored results), users and the audit log."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from . import accounts, audit, current_user, db, get_db, results

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path of this app (never another site) to go back to after login."""
    target = target or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("produce.index")
    return target


@bp.get("/login")
def login():
    if not g.get("accounts"):
        return redirect(url_for("produce.index"))
    return render_template("login.html", next=_safe_next(request.args.get("next")), error=None)


@bp.post("/login")
def login_post():
    conn = get_db()
    name, password = request.form.get("username", ""), request.form.get("password", "")
    user = accounts.authenticate(conn, name, password)
    target = _safe_next(request.form.get("next"))
    if user is None:
        db.audit(conn, name.strip()[:64] or "(trống)", "đăng nhập sai")
        return render_template("login.html", next=target, username=name,
                               error="Tên đăng nhập hoặc mật khẩu không đúng."), 401
    csrf = session.get("csrf")
    session.clear()
    session["user"] = user["name"]
    if csrf:
        session["csrf"] = csrf
    session.permanent = True
    db.audit(conn, user["name"], "đăng nhập")
    return redirect(target, code=303)


@bp.post("/logout")
def logout():
    if current_user():
        audit("đăng xuất")
    session.pop("user", None)
    return redirect(url_for("accounts.login") if g.get("accounts") else url_for("produce.index"), code=303)


@bp.get("/me")
def me():
    items = results().list(get_db(), current_user())
    return render_template("me.html", items=items, days=results().days)


@bp.get("/users")
@accounts.requires("users")
def users():
    conn = get_db()
    return render_template("users.html", users=accounts.list_users(conn), roles=accounts.ROLES, error=None)


@bp.post("/users")
@accounts.requires("users")
def users_post():
    conn = get_db()
    action = request.form.get("action")
    name = request.form.get("name", "")
    try:
        if action == "add":
            accounts.add_user(conn, name, request.form.get("role", ""), request.form.get("password", ""),
                              by=current_user())
            flash(f"Đã thêm người dùng «{name.strip()}».", "ok")
        elif action == "remove":
            if name == current_user():
                raise accounts.AccountError("Không thể tự xóa tài khoản đang đăng nhập.")
            accounts.remove_user(conn, name, by=current_user())
            flash(f"Đã xóa người dùng «{name}».", "ok")
        else:
            abort(400)
    except accounts.AccountError as exc:
        return render_template("users.html", users=accounts.list_users(conn), roles=accounts.ROLES,
                               error=str(exc)), 400
    return redirect(url_for("accounts.users"), code=303)


@bp.get("/audit")
@accounts.requires("users")
def audit_page():
    return render_template("audit.html", entries=db.audit_log(get_db()))
