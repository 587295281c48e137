"""`docgen new KIND`: write a commented starter record."""
from __future__ import annotations

from pathlib import Path

import click

from ..starters import STARTER_KINDS, starter, write_starter
from .group import Command

HELP = """Tạo hồ sơ cuộc họp mẫu (YAML, có chú thích tiếng Việt cho từng trường) để sửa lại
cho đúng cuộc họp của cơ quan. Hồ sơ mẫu hợp lệ ngay khi vừa tạo.

\b
Loại hồ sơ:
  giay-moi          giấy mời dự họp
  bien-ban          biên bản cuộc họp
  quyet-dinh        quyết định
  giao-uoc-thi-dua  bản giao ước thi đua của Khối thi đua
  tat-ca            cả bốn văn bản trong một hồ sơ

\b
Ví dụ:
  docgen new giay-moi -o hop-giao-ban.yaml
  docgen validate hop-giao-ban.yaml
  docgen new tat-ca > hoi-nghi.yaml

Không có -o: in hồ sơ mẫu ra màn hình. Không bao giờ ghi đè tệp đã có.
"""


@click.command("new", cls=Command, help=HELP)
@click.argument("kind", type=click.Choice(STARTER_KINDS), metavar="LOẠI")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp sẽ tạo (.yaml); tệp đã có thì không ghi đè.")
def new_command(kind: str, output: Path | None) -> None:
    if output is None:
        click.echo(starter(kind), nl=False)
        return
    write_starter(kind, output)
    click.echo(f"Đã tạo {output}. Sửa các giá trị cho đúng cuộc họp, rồi kiểm tra: "
               f"docgen validate {output}")
