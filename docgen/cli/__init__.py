"""The `docgen` command line: one click group; each command lives in its own module and
only parses, calls the library and prints.

Commands are registered here, explicitly, and imported only when run (see :mod:`.group`).
Errors have one path: a :class:`~docgen.errors.DocgenError` is a ``click.ClickException`` and
is shown as ``Lỗi: …``; the exit codes are listed in :mod:`docgen.errors` and the README.
"""
from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import EXIT_BUG, EXIT_INTERRUPTED
from . import messages
from .group import LazyCommand, LazyGroup

messages.install()

HELP = """docgen — soạn, tạo lại và sửa văn bản hành chính theo Nghị định 30/2020/NĐ-CP.

\b
Ví dụ:
  docgen render fixtures/khoi-thi-dua-2022.yaml -o out/
  docgen validate fixtures/khoi-thi-dua-2022.yaml
  docgen clean bao-cao.txt -o bao-cao-da-sua.txt --report thay-doi.html
"""


@click.group(cls=LazyGroup, help=HELP,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="docgen")
def cli() -> None:
    pass


# One line per command, sorted: name, where its click command lives, its line in `docgen --help`.
cli.add_command(LazyCommand("batch", "docgen.cli.batch:batch_cmd",
                            "Soạn hàng loạt; chạy lại chỉ soạn văn bản có thay đổi."))
cli.add_command(LazyCommand("clean", "docgen.cli.clean:clean_command",
                            "Sửa lỗi OCR, bảng mã cũ, dấu cách: .txt, .docx, .pdf, ảnh quét, .doc."))
cli.add_command(LazyCommand("convert", "docgen.cli.convert:convert_command",
                            "Chuyển bảng mã tệp .txt: Unicode ⇄ TCVN3, VNI, VIQR."))
cli.add_command(LazyCommand("lint", "docgen.cli.lint:lint_command",
                            "Kiểm tra thể thức văn bản .docx theo Nghị định 30."))
cli.add_command(LazyCommand("new", "docgen.cli.new:new_command",
                            "Tạo hồ sơ cuộc họp mẫu có chú thích."))
cli.add_command(LazyCommand("render", "docgen.cli.render:render_cmd",
                            "Soạn văn bản DOCX (và PDF) từ một hồ sơ cuộc họp."))
cli.add_command(LazyCommand("serve", "docgen.cli.serve:serve_cmd",
                            "Mở ứng dụng web để soạn, tạo lại và làm sạch văn bản."))
cli.add_command(LazyCommand("template", "docgen.cli.template:template_group",
                            "Kiểm tra mẫu văn bản .docx của cơ quan: thẻ, trường, thể thức."))
cli.add_command(LazyCommand("users", "docgen.cli.users:users_group",
                            "Quản lý người dùng của ứng dụng web (văn thư, lãnh đạo, quản trị)."))
cli.add_command(LazyCommand("validate", "docgen.cli.validate:validate_command",
                            "Kiểm tra hồ sơ cuộc họp, liệt kê mọi lỗi."))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the group and turn every docgen error into one clear line, no traceback."""
    # docgen uses no pydantic plugin: without this, building the record model scans the
    # entry points of every installed distribution for one (a start-up cost of `docgen render`).
    # A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        rv = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(messages.gettext("Aborted!"), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.exceptions.NoArgsIsHelpError as exc:  # `docgen` alone: the help, as click shows it
        exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # a mistyped command line: one line, and where to read more
        hint = ""
        if exc.ctx is not None:
            hint = " " + messages.gettext("Try '{command} {option}' for help.").format(
                command=exc.ctx.command_path, option="--help")
        click.echo(messages.gettext("Error: {message}").format(message=exc.format_message()) + hint, err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # every DocgenError
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu; không có tệp nào bị ghi dở.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:  # a file or folder the OS refused: a clerk's problem, not a bug
        from ..oserrors import os_error

        err = os_error(exc)
        err.show()
        sys.exit(err.exit_code)
    except Exception as exc:  # last resort: a clerk never sees a traceback
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        click.echo(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}. "
                   "Chạy lại với DOCGEN_DEBUG=1 để xem chi tiết kỹ thuật.", err=True)
        sys.exit(EXIT_BUG)
    sys.exit(rv if isinstance(rv, int) else 0)
