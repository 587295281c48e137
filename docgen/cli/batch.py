"""`docgen batch`: many records (a folder or a spreadsheet) → their documents, regenerating only
what changed."""
from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import click

from ..kinds import SLUGS
from ..errors import EXIT_FINDINGS
from .group import Command


@click.command("batch", cls=Command,
    help="""Soạn hàng loạt văn bản từ một thư mục hồ sơ hoặc một bảng tính; chạy lại chỉ soạn
những văn bản có thay đổi, các tệp khác giữ nguyên từng byte.

\b
ĐẦU VÀO là một thư mục hồ sơ (.yaml/.json; mỗi hồ sơ một thư mục con trong -o),
hoặc một bảng tính .xlsx/.csv kèm --base (hồ sơ gốc: cơ quan, người ký, cuộc họp):
  - cột "Họ và tên", "Chức vụ", "Đơn vị": mỗi dòng một khách mời;
  - cột là đường dẫn trường (invitation.number, meeting.start…): mỗi dòng một hồ sơ.
\b
Tệp sửa lỗi (--corrections) là danh sách YAML, áp dụng cho mọi hồ sơ mỗi lần chạy:
  - find: "Trần Văn Bien"
    replace: "Trần Văn Biên"
  - find: "Phó trưởng ban"
    replace: "Phó Trưởng ban"
    field: signer.title          # tùy chọn: chỉ trường này (danh sách: invitees[].name)
    records: [hop-thang-3]       # tùy chọn: chỉ các hồ sơ này
\b
Ví dụ:
  docgen batch hoso/ -o out/ --corrections sua-loi.yaml --changes
  docgen batch khach-moi.xlsx --base hop.yaml -o out/ --per-invitee
  docgen batch danh-sach.csv --base hop.yaml -o out/ --jobs 2 --log batch.log
""",
)
@click.argument("input_path", metavar="ĐẦU_VÀO", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Thư mục ghi văn bản (và tệp .docgen-manifest.json).")
@click.option("--base", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Hồ sơ gốc cho phần dùng chung của các dòng bảng tính.")
@click.option("--sheet", help="Tên trang tính (mặc định: trang đầu tiên).")
@click.option("--corrections", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Tệp YAML các sửa lỗi find/replace áp dụng cho mọi hồ sơ.")
@click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(SLUGS),
              help="Chỉ soạn loại văn bản này (lặp lại để chọn nhiều loại).")
@click.option("--per-invitee", is_flag=True, help="Mỗi khách mời một giấy mời riêng.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Thư mục mẫu DOCX riêng của cơ quan (mặc định: templates_docx/).")
@click.option("--no-repair", is_flag=True, help="Không tự sửa lỗi chính tả/OCR trong dữ liệu hồ sơ.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Số tiến trình soạn song song (mặc định: số lõi CPU).")
@click.option("--changes", is_flag=True, help="Liệt kê văn bản thay đổi và đoạn văn bản thay đổi trong mỗi văn bản.")
@click.option("--log", "log_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi nhật ký từng hồ sơ vào tệp này.")
def batch_cmd(input_path: Path, out_dir: Path, base: Path | None, sheet: str | None, corrections: Path | None,
              kinds: tuple[str, ...], per_invitee: bool, templates: Path | None, no_repair: bool,
              jobs: int | None, changes: bool, log_path: Path | None) -> None:
    from ..batch import progress_line, run_batch, summary
    from ..batch.sources import check_not_a_future_record, input_files
    from ..corrections import load_corrections
    from ..io.outputs import check_outputs, open_append

    fixes = load_corrections(corrections) if corrections else []
    tty = sys.stderr.isatty()
    with ExitStack() as files:
        log = None
        if log_path:
            inputs = [*input_files(input_path, base, corrections), *(templates.glob("*.docx") if templates else [])]
            check_outputs([log_path], inputs, what="tệp nhật ký (--log)")
            check_not_a_future_record(log_path, input_path, "Tệp nhật ký (--log)")
            log = files.enter_context(open_append(log_path, inputs, what="tệp nhật ký (--log)"))

        def line(text: str) -> None:
            if log:
                log.write(text + "\n")
                log.flush()
            if not tty:
                click.echo(text, err=True)

        with ExitStack() as bars:
            bar = None

            def progress(res, done: int, total: int) -> None:
                nonlocal bar
                if tty and bar is None:
                    bar = bars.enter_context(click.progressbar(length=total, label="Đang soạn", file=sys.stderr,
                                                               show_pos=True))
                if bar is not None:
                    bar.update(done - bar.pos)
                line(progress_line(res, done, total))

            result = run_batch(input_path, out_dir, base=base, sheet=sheet, corrections=fixes,
                               kinds=kinds or None, per_invitee=per_invitee, templates_dir=templates,
                               repair=not no_repair, jobs=jobs, changes=changes, progress=progress)
        text = summary(result, changes=changes)
        for t in text:
            click.echo(t)
        if log:
            log.write("\n".join(text) + "\n")
    if result.failed:
        click.get_current_context().exit(EXIT_FINDINGS)
