"""`docgen convert`: convert a text file between Unicode and TCVN3 (ABC), VNI or VIQR."""
from __future__ import annotations

from pathlib import Path

import click

from ..clean import decode_text
from ..errors import InputError
from ..io.atomic import atomic_write
from ..normalize import legacy
from .group import Command

HELP = """Chuyển bảng mã một tệp văn bản (.txt): Unicode ⇄ TCVN3 (ABC), VNI Windows, VIQR.

\b
Ví dụ:
  docgen convert bao-cao-cu.txt -o bao-cao.txt
  docgen convert bao-cao-cu.txt -o bao-cao.txt --from vni
  docgen convert giay-moi.txt -o giay-moi-tcvn3.txt --to tcvn3
  docgen convert tieu-de.txt -o tieu-de-vnh.txt --to tcvn3 --upper

\b
Mặc định bảng mã của tệp vào được tự nhận biết; đoạn nào đã là Unicode thì giữ nguyên.
Tệp ra TCVN3/VNI được ghi theo mã Windows-1252 (như các phông .VnTime, VNI-Times đọc);
tệp ra Unicode/VIQR được ghi UTF-8. Với tệp .docx, dùng: docgen clean.
"""

_SOURCES = ("auto", "unicode", *legacy.ENCODINGS)
_TARGETS = ("unicode", *legacy.ENCODINGS)


@click.command("convert", cls=Command, help=HELP)
@click.argument("input_path", metavar="TỆP_VÀO", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", metavar="TỆP_RA", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp kết quả (khác tệp vào).")
@click.option("--to", "target", type=click.Choice(_TARGETS), default="unicode", show_default=True,
              help="Bảng mã của tệp ra.")
@click.option("--from", "source", type=click.Choice(_SOURCES), default="auto", show_default=True,
              help="Bảng mã của tệp vào; auto = tự nhận biết.")
@click.option("--upper", is_flag=True,
              help="Văn bản TCVN3 dùng phông chữ hoa (.VnTimeH, .VnArialH …): mã chữ thường là chữ in hoa.")
def convert_command(input_path: Path, output: Path | None, target: str, source: str, upper: bool) -> None:
    if not output:
        raise InputError("Thiếu tệp kết quả: hãy ghi -o TỆP_RA, ví dụ: docgen convert bao-cao-cu.txt -o bao-cao.txt")
    try:
        data = input_path.read_bytes()
    except OSError as exc:
        raise InputError(f"Không đọc được tệp {input_path}: {exc.strerror}.") from exc
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{input_path} là tệp .docx/.zip; lệnh convert chỉ nhận văn bản thuần (.txt). "
                         f"Với .docx hãy dùng: docgen clean {input_path} -o TỆP_RA")
    text = decode_text(data)
    result = legacy.convert_text(text, target, source=None if source == "auto" else source, upper=upper)
    atomic_write(output, legacy.encode_text(result.text, target), inputs=[input_path])
    if result.source == "unicode" and target == "unicode":
        click.echo(f"Không thấy chữ mã cũ (TCVN3, VNI, VIQR) trong {input_path}; đã ghi nguyên văn vào {output}.")
        return
    changed = f", {result.changed} đoạn chữ mã cũ được đổi" if result.source != "unicode" else ""
    click.echo(f"Đã chuyển {input_path} ({legacy.NAMES[result.source]} → {legacy.NAMES[target]}){changed}: {output}")
