"""The `docgen` command line: one click group; each command lives in its own module and
only parses, calls the library and prints."""
from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import DocgenError

HELP = """docgen — soạn, tạo lại và sửa văn bản hành chính theo Nghị định 30/2020/NĐ-CP.

\b
Ví dụ:
  docgen render fixtures/khoi-thi-dua-2022.yaml -o out/
  docgen validate fixtures/khoi-thi-dua-2022.yaml
  docgen clean bao-cao.txt -o bao-cao-da-sua.txt --report thay-doi.html
"""


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="docgen")
def cli() -> None:
    pass


# click's own messages for a mistyped command line, in the words a clerk reads.
_USAGE_MESSAGES = [
    (r"Invalid value for (.+?): Path (.+?) does not exist\.", r"\1: không tìm thấy \2."),
    (r"Invalid value for (.+?): Path (.+?) is a directory\.", r"\1: \2 là một thư mục, cần một tệp."),
    (r"Invalid value for (.+?): Path (.+?) is a file\.", r"\1: \2 là một tệp, cần một thư mục."),
    (r"Invalid value for (.+?): (.+?) is not one of (.+)\.", r"\1: \2 không hợp lệ; chọn một trong: \3."),
    (r"Invalid value for (.+?): (.+?) is not a valid (float|integer)( range)?\.", r"\1: \2 không phải là số."),
    (r"Invalid value for (.+?): (.*)", r"giá trị không hợp lệ cho \1: \2"),
    (r"Missing argument (.+?)\.", r"thiếu \1."),
    (r"Missing option (.+?)\.", r"thiếu tùy chọn \1."),
    (r"No such option:? (.+?)(?: Did you mean (.+?)\?)?\.?$", r"không có tùy chọn \1."),
    (r"No such command (.+?)\.", r"không có lệnh \1."),
    (r"Option (.+?) requires an argument\.", r"tùy chọn \1 cần một giá trị."),
    (r"Got unexpected extra arguments? \((.+)\)", r"thừa tham số: \1."),
]


def vietnamese_usage_error(message: str) -> str:
    """click's usage message in Vietnamese (the original where no pattern fits)."""
    import re

    for pattern, replacement in _USAGE_MESSAGES:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    return message


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group and turn every docgen error into one clear line, no traceback."""
    try:
        rv = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Đã hủy.", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = f" Xem hướng dẫn: {exc.ctx.command_path} --help" if exc.ctx is not None else ""
        click.echo(f"Lỗi: {vietnamese_usage_error(exc.format_message())}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DocgenError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu; không có tệp nào bị ghi dở.", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: a clerk never sees a traceback
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        click.echo(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}. "
                   "Chạy lại với DOCGEN_DEBUG=1 để xem chi tiết kỹ thuật.", err=True)
        sys.exit(70)
    sys.exit(rv if isinstance(rv, int) else 0)


# Command modules register themselves on `cli` when imported (one module per command).
from . import commands  # noqa: E402,F401
