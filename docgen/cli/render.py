"""`docgen render`: one meeting record → its Decree 30 documents."""
from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..kinds import SLUGS
from ..errors import EXIT_FINDINGS
from .group import Command


@click.command("render", cls=Command,
    help="""Soạn các văn bản của một hồ sơ cuộc họp (YAML/JSON) thành tệp DOCX.

\b
Mỗi loại văn bản một tệp, tên tệp bắt đầu bằng loại: giay-moi…, bien-ban…,
giao-uoc-thi-dua…, quyet-dinh…
\b
Ví dụ:
  docgen render fixtures/khoi-thi-dua-2022.yaml -o out/
  docgen render hop.yaml -o out/ --kind giay-moi --per-invitee
  docgen render hop.yaml -o out/ --pdf
""",
)
@click.argument("record", metavar="HỒ_SƠ", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Thư mục ghi văn bản.")
@click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(SLUGS),
              help="Chỉ soạn loại văn bản này (lặp lại để chọn nhiều loại).")
@click.option("--per-invitee", is_flag=True, help="Mỗi khách mời một giấy mời riêng.")
@click.option("--pdf", is_flag=True, help="Xuất thêm PDF bằng LibreOffice (nếu đã cài).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Thư mục mẫu DOCX riêng của cơ quan (mặc định: templates_docx/).")
@click.option("--no-repair", is_flag=True, help="Không tự sửa lỗi chính tả/OCR trong dữ liệu hồ sơ.")
def render_cmd(record: Path, out_dir: Path, kinds: tuple[str, ...], per_invitee: bool, pdf: bool,
               templates: Path | None, no_repair: bool) -> None:
    render_to_dir = _import_render()
    result = render_to_dir(record, out_dir, kinds=kinds or None, per_invitee=per_invitee,
                           templates_dir=templates, repair=not no_repair, pdf=pdf)
    for change in result.changes:
        click.echo(change.describe(), err=True)
    for path in result.written:
        click.echo(f"Đã ghi {path}")
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    if result.warnings:
        click.get_current_context().exit(EXIT_FINDINGS)


def _import_render() -> Callable[..., Any]:
    """docgen.produce.render_to_dir, imported with the cyclic garbage collector paused.

    Importing the library (pydantic, Jinja, PyYAML, the model) creates tens of thousands of
    objects that live until the process ends; the collector would traverse them again and again
    while they load, and once more at exit — about 5 % of a warm render. So it is paused while
    they load, and they are then frozen (``gc.freeze``: left out of every later collection); the
    render's own garbage is collected as usual. Only the first import in a process does this (a
    process that runs many commands, such as the tests, freezes once)."""
    if "docgen.produce" in sys.modules:
        from ..produce import render_to_dir
        return render_to_dir
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from ..produce import render_to_dir
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return render_to_dir
