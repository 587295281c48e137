"""`docgen lint`: check DOCX files against Decree 30/2020/NĐ-CP and repair what is safe."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, DocgenError, InputError
from ..io.outputs import check_outputs, distinct_targets
from ..lint import fix_file, lint_docx
from ..lint.check import check_ignore
from ..lint.report import finding_line, findings_json, rules_text, summary_line
from .group import Command

HELP = """Kiểm tra văn bản .docx theo thể thức của Nghị định 30/2020/NĐ-CP: khổ giấy, lề, phông chữ,
Quốc hiệu và Tiêu ngữ, tên cơ quan, số và ký hiệu, địa danh và ngày tháng, tên loại, nội dung,
chữ ký, nơi nhận, số trang, viết hoa.

\b
Ví dụ:
  docgen lint giay-moi.docx
  docgen lint out/*.docx --format json --ignore ND30-PAGE-NUMBER
  docgen lint giay-moi.docx --fix -o giay-moi-da-sua.docx
  docgen lint quyet-dinh.docx --trang         # cả cách chia trang (cần LibreOffice)
  docgen lint out/*.docx --fix -o da-sua/
  docgen lint --rules

\b
Mỗi lỗi một dòng: vị trí (đoạn số mấy, đoạn văn), mã quy tắc, điều đã thấy và điều Nghị định
yêu cầu. --fix sửa những gì sửa an toàn được (lề, khổ giấy, phông, cỡ chữ, số 0 ở ngày tháng và
số văn bản, chữ của Tiêu ngữ, dấu ở nơi nhận) và ghi ra tệp khác; phần còn lại được liệt kê.
Mã thoát: 0 đạt, 1 có lỗi, 2 không đọc được tệp.
"""


@click.command("lint", cls=Command, help=HELP)
@click.argument("files", nargs=-1, metavar="TỆP.docx…")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Dạng kết quả.")
@click.option("--ignore", "ignore", multiple=True, metavar="QUY_TẮC", help="Bỏ qua một quy tắc; dùng nhiều lần được.")
@click.option("--rules", "show_rules", is_flag=True, help="Liệt kê các quy tắc rồi thoát.")
@click.option("--fix", is_flag=True, help="Sửa những gì sửa an toàn được, ghi ra -o.")
@click.option("--trang", "pages", is_flag=True,
              help="Kiểm tra cả cách chia trang (họ tên người ký không tách khỏi chức vụ): xuất PDF bằng LibreOffice.")
@click.option("-o", "--output", "output", metavar="ĐÍCH",
              help="Với --fix: tệp kết quả; khi có nhiều tệp vào: thư mục kết quả (tệp vào cùng tên: x.docx, x-2.docx …).")
@click.pass_context
def lint_command(ctx, files, fmt, ignore, show_rules, fix, pages, output) -> None:
    if show_rules:
        click.echo(rules_text())
        return
    if not files:
        raise InputError("Thiếu tệp cần kiểm tra, ví dụ: docgen lint giay-moi.docx")
    ignore = check_ignore(ignore)
    if fix and not output:
        raise InputError("--fix cần -o ĐÍCH (tệp kết quả, hoặc thư mục khi có nhiều tệp); tệp gốc không bị ghi đè.")
    if output and not fix:
        raise InputError("-o chỉ dùng cùng --fix.")
    results, status = {}, EXIT_OK
    targets: list[Path] = []
    if fix:
        if len(files) > 1 and Path(output).is_file():
            raise InputError(f"Khi sửa nhiều tệp, -o phải là thư mục: {output}")
        # same-named inputs (a/x.docx, b/x.docx) get x.docx, x-2.docx …; no target is an input
        targets = distinct_targets(files, output) if len(files) > 1 else [Path(output)]
        check_outputs(targets, files)
    for i, file in enumerate(files):
        try:
            if fix:
                dst = targets[i]
                result = fix_file(file, dst, ignore)
                if fmt == "text":
                    click.echo(f"{file}: đã sửa {len(result.fixed)} lỗi, ghi ra {dst}.")
                    for c in result.changes:
                        where = f"đoạn {c.paragraph}" if c.paragraph else c.where
                        click.echo(f"  {c.rule} ({where}): «{c.before}» → «{c.after}»")
                findings = result.remaining
            else:
                findings = lint_docx(file, ignore, name=file, pages=pages)
        except DocgenError as exc:  # this file cannot be read: say so, check the others
            exc.show()
            status = EXIT_INPUT
            continue
        label = str(dst) if fix else file  # after --fix the findings are those of the output
        results[label] = findings
        if findings:
            status = max(status, EXIT_FINDINGS)
        if fmt == "text":
            for f in findings:
                click.echo(finding_line(label, f))
            click.echo(summary_line(label, findings))
    if fmt == "json":
        click.echo(findings_json(results))
    ctx.exit(status)
