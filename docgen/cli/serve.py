"""`docgen serve`: the local web app for clerks (same engine as the command line)."""
from __future__ import annotations

from pathlib import Path

import click

from .group import Command


@click.command("serve", cls=Command,
    help="""Mở ứng dụng web trên máy này để soạn, tạo lại và làm sạch văn bản bằng trình duyệt.

\b
Hồ sơ, tên cơ quan, người ký được lưu trong một tệp SQLite ở thư mục dữ liệu của người dùng
($XDG_DATA_HOME/docgen/docgen.sqlite3, thường là ~/.local/share/docgen/docgen.sqlite3),
hoặc ở tệp chỉ định bằng --db hay biến môi trường DOCGEN_DB.
Mặc định chỉ máy này truy cập được (127.0.0.1). Dừng bằng Ctrl+C.
\b
Ví dụ:
  docgen serve
  docgen serve --port 8080 --db ~/van-thu/docgen.sqlite3
""",
)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; chỉ đổi khi muốn máy khác trong mạng nội bộ truy cập.")
@click.option("-p", "--port", default=8030, show_default=True, type=click.IntRange(0, 65535),
              help="Cổng (0: chọn một cổng còn trống).")
@click.option("--db", "database", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp cơ sở dữ liệu SQLite (tạo mới nếu chưa có).")
def serve_cmd(host: str, port: int, database: Path | None) -> None:
    from ..errors import DocgenError
    from ..web import create_app
    from ..web.server import address, start

    app = create_app({"DATABASE": str(database)} if database else None)
    try:
        server = start(app, host, port)
    except OSError as exc:
        raise DocgenError(f"Không mở được cổng {port} trên {host} ({exc.strerror or exc}); "
                          "hãy chọn cổng khác bằng --port.") from None
    click.echo(f"docgen đang chạy tại {address(server)}  (cơ sở dữ liệu: {app.config['DATABASE']})")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("Cảnh báo: máy khác trong mạng cũng mở được ứng dụng này (không có đăng nhập); "
                   "chỉ dùng trong mạng nội bộ tin cậy.", err=True)
    click.echo("Mở địa chỉ trên bằng trình duyệt. Nhấn Ctrl+C để dừng.")
    try:
        server.serve_forever()
    finally:
        server.server_close()
