"""`docgen users`: add, list and remove the web app's users (văn thư, lãnh đạo, quản trị)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .group import Command, LazyGroup

DB_HELP = "Tệp SQLite hoặc địa chỉ postgresql://… (mặc định: như docgen serve, hoặc DOCGEN_DB)."


def _connect(database: str | None):
    from ..web import db

    return db.connect(database or db.default_url())


@click.group("users", cls=LazyGroup, help="""Quản lý người dùng của ứng dụng web (docgen serve).

\b
Khi đã có ít nhất một người dùng, mọi trang của ứng dụng đều cần đăng nhập.
Vai trò: van-thu (soạn, lưu hồ sơ, cấp số văn bản đi), lanh-dao (xem, duyệt hồ sơ),
quan-tri (mọi việc, quản lý người dùng, xem nhật ký).
\b
Ví dụ:
  docgen users add lan --role van-thu --password-file mat-khau.txt
  docgen users list
  docgen users remove lan
""")
def users_group() -> None:
    pass


@users_group.command("add", cls=Command, help="Thêm người dùng. Mật khẩu đọc từ --password-file (dòng đầu), "
                                 "hoặc được hỏi (gõ hai lần) khi không có tệp.")
@click.argument("name", metavar="TÊN")
@click.option("--role", required=True, type=click.Choice(["van-thu", "lanh-dao", "quan-tri"]), help="Vai trò.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp chứa mật khẩu (dòng đầu tiên; ít nhất 8 ký tự).")
@click.option("--db", "database", metavar="TỆP|URL", help=DB_HELP)
def add_cmd(name: str, role: str, password_file: Path | None, database: str | None) -> None:
    from ..errors import DocgenError
    from ..web import accounts

    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DocgenError(f"Không đọc được tệp mật khẩu {password_file} ({exc}).") from None
        password = lines[0] if lines else ""
    elif sys.stdin.isatty():
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Gõ lại mật khẩu")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    conn = _connect(database)
    try:
        accounts.add_user(conn, name, role, password)
    finally:
        conn.close()
    click.echo(f"Đã thêm người dùng «{name}» ({accounts.ROLES[role]}).")


@users_group.command("list", cls=Command, help="Liệt kê người dùng và vai trò.")
@click.option("--db", "database", metavar="TỆP|URL", help=DB_HELP)
def list_cmd(database: str | None) -> None:
    from ..web import accounts

    conn = _connect(database)
    try:
        users = accounts.list_users(conn)
    finally:
        conn.close()
    if not users:
        click.echo("Chưa có người dùng nào (ứng dụng web mở không cần đăng nhập, chỉ trên máy này).")
    for u in users:
        click.echo(f"{u['name']}\t{u['role']}\t{u['role_label']}\t{u['created']}")


@users_group.command("remove", cls=Command, help="Xóa người dùng.")
@click.argument("name", metavar="TÊN")
@click.option("--db", "database", metavar="TỆP|URL", help=DB_HELP)
def remove_cmd(name: str, database: str | None) -> None:
    from ..web import accounts

    conn = _connect(database)
    try:
        accounts.remove_user(conn, name)
    finally:
        conn.close()
    click.echo(f"Đã xóa người dùng «{name}».")
