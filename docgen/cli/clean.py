"""`docgen clean`: repair an existing report (TXT, DOCX, PDF, scan, old .doc) and list every change."""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import click

from ..clean import ENCODINGS, CleanOptions, clean_file, revision_date
from ..intake import MAX_PAGES, Progress
from ..vi.lexicon import read_terms
from ..errors import InputError
from ..normalize.base import Kind
from ..normalize.pipeline import DEFAULT_THRESHOLD
from ..report import check_report_path, write_report
from .group import Command

HELP = f"""Sửa văn bản có sẵn: khôi phục chữ bị lỗi nhận dạng (OCR), chuyển chữ TCVN3/VNI
sang Unicode, chuẩn hóa dấu cách, và liệt kê mọi thay đổi.

\b
Đọc được: .txt, .docx; .pdf (có lớp chữ, hoặc bản quét: nhận dạng bằng Tesseract);
ảnh chụp, ảnh quét .png .jpg .tif .bmp; tệp Word cũ .doc, .odt, .rtf (qua LibreOffice).
Tệp .pdf, ảnh, .doc được ghi ra thành .docx (kiểu chữ Nghị định 30) hoặc .txt.

\b
Ví dụ:
  docgen clean bao-cao.txt -o bao-cao-da-sua.txt --report thay-doi.html
  docgen clean bao-cao.docx -o bao-cao-da-sua.docx --track-changes --lexicon ten-rieng.txt
  docgen clean ban-quet.pdf -o bao-cao.docx
  docgen clean anh-chup.jpg -o bao-cao.txt

\b
Sửa có độ tin cậy dưới ngưỡng (--threshold, mặc định {DEFAULT_THRESHOLD}) không được áp dụng,
chỉ ghi trong báo cáo là gợi ý. Với .docx, thân văn bản, đầu/chân trang, chú thích cuối trang,
chú thích cuối văn bản và nhận xét đều được sửa; định dạng và mọi phần khác của tệp (kiểu, đánh
số, hình ảnh …) được giữ nguyên từng byte.
"""


@contextlib.contextmanager
def _progress() -> Iterator[Progress | None]:
    """A "trang i/n" bar on a terminal while pages are recognised; nothing when not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = None

    def step(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Đang nhận dạng", file=sys.stderr,
                                    show_pos=True, show_percent=False)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield step
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@click.command("clean", cls=Command, help=HELP)
@click.argument("input_path", metavar="TỆP_VÀO")
@click.option("-o", "--output", "output", metavar="TỆP_RA", help="Tệp kết quả: cùng loại với tệp .txt/.docx vào; .docx hoặc .txt cho tệp .pdf, ảnh, .doc.")
@click.option("--report", "report", metavar="TỆP", help="Báo cáo thay đổi: .html hoặc .json.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=DEFAULT_THRESHOLD, show_default=True,
              help="Ngưỡng độ tin cậy để áp dụng một sửa.")
@click.option("--track-changes", is_flag=True, help="(.docx) Ghi các sửa dưới dạng theo dõi thay đổi của Word.")
@click.option("--lexicon", "lexicons", multiple=True, metavar="TỆP",
              help="Danh sách tên riêng, thuật ngữ của cơ quan (mỗi dòng một mục); dùng nhiều lần được.")
@click.option("--from", "encoding", type=click.Choice(ENCODINGS), default=None,
              help="(.txt) Bảng mã cũ của tệp; mặc định tự nhận biết.")
@click.option("--no-ocr", is_flag=True, help="Không sửa lỗi nhận dạng chữ (chỉ chuyển mã, chuẩn hóa).")
@click.option("--kieu-dau", "tone_style", type=click.Choice(("old", "new")), default=None,
              help="Đặt dấu thanh của oa, oe, uy thống nhất: old (hòa, thủy) hoặc new (hoà, thuỷ); "
                   "mặc định giữ như người viết.")
@click.option("--max-pages", type=click.IntRange(1, 2000), default=MAX_PAGES, show_default=True,
              help="(.pdf, ảnh) Số trang đọc tối đa một lần.")
@click.option("--date", "date", metavar="NGÀY",
              help="Ngày ghi cho các thay đổi được theo dõi (2024-01-05 hoặc 2024-01-05T08:30:00Z); "
                   "mặc định SOURCE_DATE_EPOCH nếu có, không thì 00:00 UTC hôm nay.")
def clean_command(input_path, output, report, threshold, track_changes, lexicons, encoding, no_ocr, tone_style,
                  max_pages, date) -> None:
    if not output:
        raise InputError("Thiếu tệp kết quả: hãy ghi -o TỆP_RA, ví dụ: docgen clean bao-cao.txt -o bao-cao-da-sua.txt")
    terms: tuple[str, ...] = ()
    for path in lexicons:
        terms += tuple(read_terms(path))
    options = CleanOptions(threshold=threshold, track_changes=track_changes, lexicon=terms, encoding=encoding,
                           ocr=not no_ocr, tone_style=tone_style, date=revision_date(date) if track_changes else None)
    if report:
        check_report_path(report, [input_path, output])
    with _progress() as progress:
        result = clean_file(input_path, output, options, max_pages=max_pages, progress=progress)
    for note in result.notes:
        click.echo(f"Lưu ý: {note}", err=True)
    converted = sum(c.applied and c.kind in (Kind.CONVERSION, Kind.ENCODING) for c in result.changes)
    note = f" (trong đó {converted} chỗ chuyển mã cũ sang Unicode)" if converted else ""
    click.echo(f"Đã ghi {output}: {len(result.applied)} sửa đã áp dụng{note}, {len(result.suggestions)} gợi ý.")
    if report:
        write_report(result, report, inputs=[input_path, output])
        click.echo(f"Báo cáo thay đổi: {report}")
