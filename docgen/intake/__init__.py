"""Reports that do not arrive as TXT or DOCX: PDFs, scans and photos, old .doc/.odt/.rtf.

Every such source becomes a DOCX first, then is cleaned like any DOCX (same pipeline, same report,
same tracked changes):

- a PDF with a text layer: lines and fonts read by pdfminer.six (:mod:`.pdf`), paragraphs rebuilt
  (:mod:`.layout`), running headers/footers and page numbers kept apart, legacy-font text kept in
  its font so cleaning converts it;
- a PDF page that is a picture, or an image file (PNG, JPEG, TIFF, BMP): prepared and read by
  Tesseract's Vietnamese model (:mod:`.scan`), then the same layout rebuilding;
- .doc, .odt, .rtf: converted by LibreOffice headless (:mod:`.office`).

Work is bounded: pages (``max_pages``), pixels per page, seconds per page. A page that gives no
text is reported in ``notes``, never dropped silently.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..lazy import exports
from ..normalize import legacy

if TYPE_CHECKING:  # the readers are imported when a source needs them: a TXT or DOCX clean does not
    from ..ooxml.compose import Block
    from . import scan
    from .layout import Layout

PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
OFFICE_SUFFIXES = (".doc", ".odt", ".rtf")
SUFFIXES = PDF_SUFFIXES + IMAGE_SUFFIXES + OFFICE_SUFFIXES
#: pages read at most in one run (a 300-page scan is refused with this number in the message)
MAX_PAGES = 100
#: the font a paragraph recognised as legacy text (by its letters, not its font) is marked with
_LEGACY_FONT = {"tcvn3": ".VnTime", "vni": "VNI-Times"}

Progress = Callable[[int, int], None]


@dataclass
class Intake:
    docx: bytes
    kind: str  # pdf | scan | image | office
    pages: int = 0
    ocr_pages: int = 0
    notes: list[str] = field(default_factory=list)


def kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in OFFICE_SUFFIXES:
        return "office"
    return None


_MAGIC = ((b"%PDF-", ".pdf"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"II*\x00", ".tif"),
          (b"MM\x00*", ".tif"), (b"BM", ".bmp"), (bytes.fromhex("D0CF11E0A1B11AE1"), ".doc"), (b"{\\rtf", ".rtf"))


def sniff_suffix(data: bytes) -> str | None:
    """The kind of an upload from its first bytes (its name is not trusted): the suffix of a PDF,
    an image or an old office file, or None for anything else (DOCX, text)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf") if data[:5] != b"%PDF-" else data
    for magic, suffix in _MAGIC:
        if head.startswith(magic):
            return suffix
    if data.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument.text" in data[:200]:
        return ".odt"
    return None


def _mark_legacy_text(layout: Layout) -> None:
    """Paragraphs of TCVN3/VNI text in an ordinary font (a PDF made from a legacy document whose
    font names were lost): the whole text must read as legacy, and the paragraph too."""
    untyped = [p for p in layout.paragraphs if p.legacy_font is None]
    encoding, confidence = legacy.detect("\n".join(p.text for p in untyped))
    if encoding not in _LEGACY_FONT or confidence < legacy.DEFAULT_MIN_CONFIDENCE:
        return
    for p in untyped:
        enc, conf = legacy.detect(p.text)
        if enc == encoding and conf >= 0.5:
            p.legacy_font = _LEGACY_FONT[encoding]


def _blocks(layout: Layout) -> list[Block]:
    from ..ooxml.compose import Block

    out = []
    for p in layout.paragraphs:
        align = p.align if p.kind != "heading" or p.align == "center" else "left"
        out.append(Block(p.text, p.kind, align, p.bold, p.legacy_font))
    return out


def _to_docx(layout: Layout) -> bytes:
    from ..ooxml.compose import compose_docx

    _mark_legacy_text(layout)
    return compose_docx(_blocks(layout), layout.headers, layout.footers, page_numbers=layout.page_numbers)


def _notes(layout: Layout, ocr: list[scan.OcrPage]) -> list[str]:
    notes = [f"Trang {n}: không đọc được chữ nào (trang trắng, ảnh quá mờ hoặc không có chữ)."
             for n in layout.empty_pages]
    for o in ocr:
        if o.rotated:
            notes.append(f"Trang {o.page.number}: ảnh bị xoay, đã xoay lại {o.rotated}° trước khi nhận dạng.")
        if o.page.lines and o.confidence < 50:
            notes.append(f"Trang {o.page.number}: ảnh khó đọc (độ tin cậy nhận dạng {o.confidence:.0f}/100); "
                         "nên quét lại ở 300 dpi nếu có thể.")
    if layout.headers or layout.footers:
        notes.append("Dòng đầu/chân trang lặp lại ở các trang được tách ra, ghi vào đầu/chân trang của tệp kết quả.")
    return notes


def _check_pages(n: int, max_pages: int, name: str) -> None:
    if n > max_pages:
        raise InputError(f"{name}: tệp có {n} trang, quá giới hạn {max_pages} trang một lần; "
                         "hãy tách tệp thành nhiều phần hoặc dùng --max-pages.")


def read_pdf(data: bytes, name: str, max_pages: int = MAX_PAGES, progress: Progress | None = None) -> Intake:
    from . import pdf, scan
    from .layout import build_layout

    total = pdf.count_pages(data, name)
    _check_pages(total, max_pages, name)
    pages = pdf.read_pages(data, name, max_pages)
    to_ocr = [p.number for p, picture in pages if picture]
    ocr: list[scan.OcrPage] = []
    if to_ocr:
        exe = scan.tesseract()
        with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
            src = Path(tmp, "in.pdf")
            src.write_bytes(data)
            for i, number in enumerate(to_ocr, 1):
                ocr.append(scan.ocr_page(scan.pdf_page_image(src, number, name), number, name, exe))
                if progress:
                    progress(i, len(to_ocr))
    by_number = {o.page.number: o.page for o in ocr}
    layout = build_layout([by_number.get(p.number, p) for p, _ in pages])
    kind = "scan" if len(to_ocr) == len(pages) else "pdf"
    return Intake(_to_docx(layout), kind, len(pages), len(to_ocr), _notes(layout, ocr))


def read_image(data: bytes, name: str, max_pages: int = MAX_PAGES, progress: Progress | None = None) -> Intake:
    from . import scan
    from .layout import build_layout

    exe = scan.tesseract()
    frames = list(scan.open_images(data, name, max_pages))
    ocr: list[scan.OcrPage] = []
    for i, img in enumerate(frames, 1):
        ocr.append(scan.ocr_page(img, i, name, exe))
        if progress:
            progress(i, len(frames))
    layout = build_layout([o.page for o in ocr])
    return Intake(_to_docx(layout), "image", len(frames), len(frames), _notes(layout, ocr))


def read_source(path: str | Path, max_pages: int = MAX_PAGES, progress: Progress | None = None) -> Intake:
    """The DOCX to clean for a PDF, image or old office file (see the module docstring)."""
    src = Path(path)
    kind = kind_of(src)
    if kind is None:
        raise InputError(f"{src}: không đọc được loại tệp {src.suffix or '(không đuôi)'}.")
    if not src.is_file():
        raise InputError(f"Không tìm thấy tệp: {src}")
    data = src.read_bytes()
    if not data:
        raise InputError(f"Tệp rỗng: {src}")
    return read_bytes(data, src.suffix.lower(), str(src), max_pages, progress)


def read_bytes(data: bytes, suffix: str, name: str, max_pages: int = MAX_PAGES,
               progress: Progress | None = None) -> Intake:
    """As :func:`read_source`, for the bytes of an upload (``suffix`` says its kind)."""
    kind = kind_of(Path("x" + suffix))
    if kind == "pdf":
        return read_pdf(data, name, max_pages, progress)
    if kind == "image":
        return read_image(data, name, max_pages, progress)
    if kind == "office":
        from . import office

        return Intake(office.to_docx(data, suffix, name), "office", notes=[])
    raise InputError(f"{name}: không đọc được loại tệp {suffix or '(không đuôi)'}.")


__getattr__ = exports(__name__, {"Page": ".layout"})  # re-exported, imported when first asked for


__all__ = ["IMAGE_SUFFIXES", "MAX_PAGES", "OFFICE_SUFFIXES", "PDF_SUFFIXES", "SUFFIXES", "Intake", "Page",
           "kind_of", "read_bytes", "read_source", "sniff_suffix"]
