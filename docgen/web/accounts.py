"""Accounts: users with a role, argon2 password hashes, login, permissions and the audit log.

With no user in the database the app is the single clerk's tool it always was: no login, every
page open (and it only listens on this machine). Once a user exists, every page but ``/login``
and ``/static/…`` asks for a login; what a user may do follows from the role:

- ``van-thu`` (văn thư): soạn, lưu hồ sơ, cấp số văn bản đi;
- ``lanh-dao`` (lãnh đạo): xem, duyệt hồ sơ;
- ``quan-tri`` (quản trị): mọi việc, cùng quản lý người dùng và xem nhật ký.

Passwords are hashed with Argon2id (argon2-cffi, the reference implementation's binding).
"""
from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..errors import DocgenError
from . import db

ROLES = {"van-thu": "Văn thư", "lanh-dao": "Lãnh đạo", "quan-tri": "Quản trị"}
PERMISSIONS = {
    "edit": {"van-thu", "quan-tri"},          # save records, produce, regenerate
    "issue": {"van-thu", "quan-tri"},         # take numbers from the register
    "approve": {"lanh-dao", "quan-tri"},      # approve a record
    "users": {"quan-tri"},                    # manage users, read the audit log
}
PERMISSION_TEXTS = {
    "edit": "soạn và lưu hồ sơ",
    "issue": "cấp số văn bản đi",
    "approve": "duyệt hồ sơ",
    "users": "quản lý người dùng và xem nhật ký",
}
ANONYMOUS = ""
"""The user name of the single clerk of an app with no accounts."""

_hasher = PasswordHasher()


class AccountError(DocgenError):
    pass


def check_name(name: str) -> str:
    name = name.strip()
    if not (2 <= len(name) <= 64) or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError(f"Tên đăng nhập «{name}» không hợp lệ: cần 2–64 ký tự, không có dấu cách.")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"Vai trò «{role}» không có; chọn một trong: {', '.join(ROLES)}.")
    return role


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise AccountError("Mật khẩu cần ít nhất 8 ký tự.")
    return _hasher.hash(password)


def has_users(conn: db.Conn) -> bool:
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def add_user(conn: db.Conn, name: str, role: str, password: str, by: str = "") -> None:
    name, role = check_name(name), check_role(role)
    hashed = hash_password(password)
    with conn.transaction():
        if conn.execute("SELECT 1 FROM users WHERE name=?", (name,)).fetchone() is not None:
            raise AccountError(f"Người dùng «{name}» đã có.")
        conn.execute("INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                     (name, role, hashed, db.now()))
        db.audit(conn, by or "(dòng lệnh)", "thêm người dùng", f"{name} ({ROLES[role]})")


def remove_user(conn: db.Conn, name: str, by: str = "") -> None:
    with conn.transaction():
        if conn.execute("DELETE FROM users WHERE name=?", (name,)).rowcount == 0:
            raise AccountError(f"Không có người dùng «{name}».")
        db.audit(conn, by or "(dòng lệnh)", "xóa người dùng", name)


def list_users(conn: db.Conn) -> list[dict]:
    return [{"name": r["name"], "role": r["role"], "role_label": ROLES.get(r["role"], r["role"]),
             "created": r["created"]}
            for r in conn.execute("SELECT name, role, created FROM users ORDER BY name").fetchall()]


def authenticate(conn: db.Conn, name: str, password: str) -> dict | None:
    """The user ``name`` if ``password`` is right (rehashing an outdated hash), else None."""
    row = conn.execute("SELECT name, role, password_hash FROM users WHERE name=?", (name.strip(),)).fetchone()
    if row is None:
        _hasher.hash(password or "x")  # same time whether or not the name exists
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):
        conn.execute("UPDATE users SET password_hash=? WHERE name=?", (_hasher.hash(password), row["name"]))
    return {"name": row["name"], "role": row["role"]}


def role_of(conn: db.Conn, name: str) -> str | None:
    row = conn.execute("SELECT role FROM users WHERE name=?", (name,)).fetchone()
    return None if row is None else row[0]


def may(role: str | None, permission: str) -> bool:
    """Whether ``role`` may do ``permission``; None (no accounts at all) may do everything."""
    return role is None or role in PERMISSIONS[permission]


def new_password() -> str:
    return secrets.token_urlsafe(12)


def requires(permission: str) -> Callable:
    """A view decorator: 403 with a Vietnamese page unless the current user may ``permission``."""
    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def inner(*args: Any, **kwargs: Any):
            from flask import abort, g

            if not may(g.get("role"), permission):
                abort(403, description=f"Tài khoản của bạn ({ROLES.get(g.get('role') or '', '')}) không "
                                       f"được {PERMISSION_TEXTS[permission]}. Hãy nhờ người quản trị.")
            return view(*args, **kwargs)
        return inner
    return wrap
