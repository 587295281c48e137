"""`docgen validate FILE …`: check meeting records and list every problem."""
from __future__ import annotations

import json
import click

from ..errors import EXIT_FINDINGS
from ..validate import validate_file
from .group import Command

HELP = """Kiểm tra hồ sơ cuộc họp (YAML hoặc JSON): liệt kê mọi lỗi cùng lúc, kèm dòng và
tên trường, và cho biết hồ sơ tạo được những văn bản nào.

\b
Ví dụ:
  docgen validate fixtures/khoi-thi-dua-2022.yaml
  docgen validate hop-giao-ban.yaml hop-tong-ket.json
  docgen validate --format json hop-giao-ban.yaml

\b
Kết quả:
  ✓ hop-giao-ban.yaml: hợp lệ (giấy mời, biên bản)
  ✗ hop-tong-ket.json: 1 lỗi
    hop-tong-ket.json:12: invitation.date: ngày không hợp lệ "2024-13-05" — ...

Chỉ số danh sách đếm từ 0: invitation.invitees[2] là người được mời thứ ba.
Mã thoát: 0 khi mọi tệp hợp lệ, 1 khi có tệp bị lỗi.
"""


@click.command("validate", cls=Command, help=HELP)
@click.argument("files", nargs=-1, required=True, metavar="TỆP...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Dạng kết quả: văn bản cho người đọc, hoặc JSON cho máy.")
@click.option("--no-repair", is_flag=True,
              help="Không đề xuất sửa lỗi OCR/bảng mã cũ trong dữ liệu (vẫn chuẩn hóa Unicode, dấu, khoảng trắng).")
def validate_command(files: tuple[str, ...], fmt: str, no_repair: bool) -> None:
    reports = [validate_file(f, repair=not no_repair) for f in files]
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            click.echo(r.text())
        if len(reports) > 1:
            good = sum(r.ok for r in reports)
            click.echo(f"Tổng cộng: {good}/{len(reports)} tệp hợp lệ.")
    if not all(r.ok for r in reports):
        click.get_current_context().exit(EXIT_FINDINGS)
