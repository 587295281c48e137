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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group and turn every docgen error into one clear line, no traceback."""
    try:
        rv = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Đã hủy.", err=True)
        sys.exit(130)
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
