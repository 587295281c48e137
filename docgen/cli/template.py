"""`docgen template check`: look at an office's templates before they are used."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_FINDINGS, EXIT_OK, InputError
from .group import Command, LazyGroup

HELP = """Kiểm tra mẫu văn bản .docx của cơ quan (thư mục --templates, hoặc từng tệp) trước khi dùng.

\b
Ví dụ:
  docgen template check mau-cua-so/
  docgen template check mau-cua-so/giay-moi.docx --kind giay-moi

\b
Với mỗi mẫu: từng thẻ {{ … }} / {% … %} và nơi nó nằm (phần, trang, đoạn); các trường mẫu đọc,
so với hồ sơ (gõ sai tên trường: "có phải ý bạn là …?"); thẻ bị Word tách thành nhiều mảnh hoặc
chưa đóng; lỗi cú pháp Jinja; và thể thức của chính mẫu theo Nghị định 30/2020/NĐ-CP.
Mã thoát: 0 đạt, 1 có lỗi, 2 không đọc được tệp.
"""


@click.group("template", cls=LazyGroup, help="Làm việc với mẫu văn bản .docx của cơ quan.")
def template_group() -> None:
    pass


@template_group.command("check", cls=Command, help=HELP)
@click.argument("target", metavar="THƯ_MỤC_HOẶC_TỆP")
@click.option("--kind", "kind", default=None, metavar="LOẠI",
              help="Loại văn bản của mẫu (giay-moi, bien-ban, quyet-dinh, giao-uoc-thi-dua); mặc định: theo tên tệp.")
@click.pass_context
def check_command(ctx: click.Context, target: str, kind: str | None) -> None:
    from ..template_check import check_template, report_lines
    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.docx") if not p.name.startswith("~$"))
        if not files:
            raise InputError(f"Thư mục {path} không có mẫu .docx nào.")
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"Không tìm thấy thư mục hoặc tệp mẫu: {path}")
    status = EXIT_OK
    for f in files:
        report = check_template(f, kind)
        for line in report_lines(report):
            click.echo(line)
        if report.errors:
            status = EXIT_FINDINGS
    ctx.exit(status)
