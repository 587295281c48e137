"""`docgen serve`: the web app for clerks (same engine as the command line)."""
from __future__ import annotations

import click

from .group import Command


@click.command(
    "serve", cls=Command,
    help="""Mở ứng dụng web để soạn, tạo lại và làm sạch văn bản bằng trình duyệt.

\b
Hồ sơ, tên cơ quan, người ký, người dùng và sổ văn bản đi được lưu trong cơ sở dữ liệu:
một tệp SQLite ở thư mục dữ liệu của người dùng ($XDG_DATA_HOME/docgen/docgen.sqlite3,
thường là ~/.local/share/docgen/docgen.sqlite3), hoặc tệp/địa chỉ PostgreSQL chỉ định bằng
--db hay biến môi trường DOCGEN_DB.
Mặc định chỉ máy này truy cập được (127.0.0.1). Cho máy khác trong mạng vào (--host 0.0.0.0)
cần có người dùng (docgen users add). Dừng bằng Ctrl+C.
\b
Ví dụ:
  docgen serve
  docgen serve --port 8080 --db ~/van-thu/docgen.sqlite3
  docgen serve --host 0.0.0.0 --threads 16 --db postgresql://docgen:matkhau@127.0.0.1:5432/docgen
""",
)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe; chỉ đổi khi muốn máy khác trong mạng nội bộ truy cập (cần người dùng).")
@click.option("-p", "--port", default=8030, show_default=True, type=click.IntRange(0, 65535),
              help="Cổng (0: chọn một cổng còn trống).")
@click.option("--db", "database", metavar="TỆP|URL",
              help="Tệp SQLite (tạo mới nếu chưa có) hoặc địa chỉ postgresql://người-dùng:mật-khẩu@máy:cổng/tên.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Số yêu cầu phục vụ cùng lúc.")
@click.option("--keep-days", default=7.0, show_default=True, type=click.FloatRange(0.01, 3650),
              help="Số ngày giữ văn bản đã soạn và bản làm sạch của mỗi người dùng.")
@click.option("--timeout", "timeout", default=120.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Số giây tối đa cho một việc nặng (tạo lại hàng loạt, làm sạch).")
def serve_cmd(host: str, port: int, database: str | None, threads: int, keep_days: float, timeout: float) -> None:
    from ..errors import DocgenError
    from ..web import accounts, create_app, db
    from ..web.server import LOOPBACK, address, start

    config: dict = {"RESULT_DAYS": keep_days, "REQUEST_TIMEOUT": timeout}
    if database:
        config["DATABASE"] = database
    app = create_app(config)
    with app.extensions["docgen_db"].connection() as conn:
        users = accounts.has_users(conn)
    if host not in LOOPBACK and not users:
        raise DocgenError(f"Không mở ứng dụng cho máy khác ({host}) khi chưa có người dùng nào: ai trong mạng "
                          "cũng sẽ xem và sửa được hồ sơ. Hãy thêm người dùng trước, ví dụ: "
                          "docgen users add van-thu-1 --role van-thu --db …, hoặc chạy với --host 127.0.0.1.")
    try:
        server = start(app, host, port, threads)
    except OSError as exc:
        raise DocgenError(f"Không mở được cổng {port} trên {host} ({exc.strerror or exc}); "
                          "hãy chọn cổng khác bằng --port.") from None
    click.echo(f"docgen đang chạy tại {address(server)}  (cơ sở dữ liệu: {db.display_url(app.config['DATABASE'])})",
               nl=True)
    click.echo("Mở địa chỉ trên bằng trình duyệt. Nhấn Ctrl+C để dừng.")
    import sys

    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        server.server_close()
