"""Pictures of pages → lines of text: Tesseract (``-l vie``) on prepared page images.

Tesseract is called through its command line (``tesseract IMAGE stdout -l vie tsv``): the TSV
output gives each word with its block, paragraph and line, which is what the layout rebuilding
needs, and the CLI is the same on Linux and Windows (pytesseract is a thin wrapper over that very
call). Before OCR a page is made what Tesseract reads best: grey, contrast stretched, small scans
enlarged towards 300 dpi, uneven light evened out, speckle removed, straightened (deskew by projection profile), and a
page photographed sideways is turned upright (Tesseract's own orientation detection).
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocgenError, InputError
from .layout import Line, Page

#: a page image larger than this many pixels is refused (a decompression bomb, or a poster)
MAX_PIXELS = 80_000_000
#: seconds Tesseract may take for one page
PAGE_TIMEOUT = 120
#: OCR resolution for PDF pages and the width a small scan is enlarged to (A4 at 300 dpi)
DPI = 300
TARGET_WIDTH = 2480
INSTALL_HINT = ("Chưa cài Tesseract (chương trình nhận dạng chữ) với gói tiếng Việt. Cài đặt: "
                "sudo apt-get install tesseract-ocr tesseract-ocr-vie (Linux), hoặc bộ cài Tesseract "
                "cho Windows (chọn thêm ngôn ngữ Vietnamese), rồi chạy lại lệnh.")


class MissingToolError(DocgenError):
    """A program docgen calls (Tesseract, pdftoppm, LibreOffice) is not installed."""


@dataclass
class OcrPage:
    page: Page
    confidence: float  # mean word confidence, 0–100
    rotated: int = 0  # degrees turned upright before OCR
    skew: float = 0.0  # degrees straightened


def tesseract() -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingToolError(INSTALL_HINT)
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        raise MissingToolError(INSTALL_HINT) from None
    if "vie" not in langs.split():
        raise MissingToolError(INSTALL_HINT)
    return exe


def _pil():
    from PIL import Image, ImageFilter, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image, ImageFilter, ImageOps


def open_images(data: bytes, name: str, max_pages: int) -> Iterator:
    """The pages of an image file (a multi-page TIFF gives several), bounded in pixels and pages."""
    Image, _f, ImageOps = _pil()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
        if frames > max_pages:
            raise InputError(f"{name}: tệp ảnh có {frames} trang, quá giới hạn {max_pages} trang một lần; "
                             "hãy tách tệp hoặc dùng --max-pages.")
        for i in range(frames):
            img.seek(i)
            if img.width * img.height > MAX_PIXELS:
                raise InputError(f"{name}: ảnh {img.width}×{img.height} điểm quá lớn (giới hạn "
                                 f"{MAX_PIXELS // 1_000_000} triệu điểm ảnh); hãy quét lại ở 300 dpi.")
            frame = ImageOps.exif_transpose(img.copy()) if i == 0 else img.copy()
            frame.load()
            yield frame
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(f"{name}: ảnh quá lớn (giới hạn {MAX_PIXELS // 1_000_000} triệu điểm ảnh); "
                         "hãy quét lại ở 300 dpi.") from None
    except (Image.UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise InputError(f"{name}: không đọc được ảnh (tệp hỏng, không trọn vẹn hoặc không phải ảnh).") from None


def pdf_page_image(pdf: Path, number: int, name: str):
    """One page of a PDF rasterised at 300 dpi in grey (poppler's pdftoppm)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise MissingToolError("Chưa cài pdftoppm để đọc trang PDF dạng ảnh. Cài đặt: "
                               "sudo apt-get install poppler-utils (Linux) hoặc Poppler cho Windows.")
    Image = _pil()[0]
    with tempfile.TemporaryDirectory(prefix="docgen-scan-") as tmp:
        out = Path(tmp, "page")
        try:
            subprocess.run([exe, "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                            str(pdf), str(out)], capture_output=True, timeout=PAGE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"{name}: trang {number} không dựng được thành ảnh sau {PAGE_TIMEOUT} giây.") from None
        png = out.with_suffix(".png")
        if not png.exists():
            raise InputError(f"{name}: không dựng được trang {number} thành ảnh (tệp PDF hỏng?).")
        try:
            img = Image.open(png)
            img.load()
        except Image.DecompressionBombError:
            raise InputError(f"{name}: trang {number} quá lớn để nhận dạng "
                             f"(giới hạn {MAX_PIXELS // 1_000_000} triệu điểm ảnh).") from None
        return img


def _profile_score(img, angle: float) -> float:
    """How sharply the rows of a binarised page separate into text lines at ``angle``."""
    Image = _pil()[0]
    rot = img.rotate(angle, resample=Image.BILINEAR, fillcolor=0)
    column = rot.resize((1, rot.height), Image.BOX)
    rows = list(column.get_flattened_data() if hasattr(column, "get_flattened_data") else column.getdata())
    return float(sum((a - b) ** 2 for a, b in zip(rows, rows[1:])))


def skew_angle(img, limit: float = 6.0) -> float:
    """The rotation (degrees) that straightens the text lines: coarse then fine search of the
    row-profile sharpness on a small inverted copy (ink = white)."""
    Image, _f, ImageOps = _pil()
    small = ImageOps.invert(img.convert("L"))
    scale = 900 / max(small.width, 1)
    if scale < 1:
        small = small.resize((900, max(1, round(small.height * scale))), Image.BILINEAR)
    small = small.point(lambda v: 255 if v > 96 else 0)
    best = max((a / 2 for a in range(int(-limit * 2), int(limit * 2) + 1)), key=lambda a: _profile_score(small, a))
    fine = max((best + d / 10 for d in range(-5, 6)), key=lambda a: _profile_score(small, a))
    return round(fine, 1)


def flatten_light(grey):
    """Even out the paper: divide by the page's background (its brightest shade around each
    point, taken on a small copy), so a photo lit from one side or a yellowed page becomes
    white paper with dark text — Tesseract's global threshold fails on uneven light."""
    Image, ImageFilter, _o = _pil()
    from PIL import ImageMath

    small = grey.resize((max(1, grey.width // 24), max(1, grey.height // 24)), Image.BOX)
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    background = background.resize(grey.size, Image.BILINEAR)
    flat = ImageMath.lambda_eval(lambda a: a["g"] * 255 / (a["b"] + 1), g=grey, b=background)
    return flat.convert("L")


def prepare(img):
    """A page image made easy to read: grey, light evened out, stretched, enlarged if small,
    cleaned, straightened."""
    Image, ImageFilter, ImageOps = _pil()
    grey = ImageOps.autocontrast(flatten_light(img.convert("L")), cutoff=1)
    if grey.width < TARGET_WIDTH * 0.7:
        factor = TARGET_WIDTH / grey.width
        grey = grey.resize((TARGET_WIDTH, round(grey.height * factor)), Image.LANCZOS)
    grey = grey.filter(ImageFilter.MedianFilter(3))
    angle = skew_angle(grey)
    if abs(angle) >= 0.2:
        grey = grey.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return grey, angle


def _run(exe: str, img, args: list[str], name: str, number: int) -> str:
    with tempfile.TemporaryDirectory(prefix="docgen-ocr-") as tmp:
        src = Path(tmp, "page.png")
        img.save(src)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            proc = subprocess.run([exe, str(src), "stdout", *args], capture_output=True, timeout=PAGE_TIMEOUT,
                                  check=False, env=env)
        except subprocess.TimeoutExpired:
            raise InputError(f"{name}: Tesseract không nhận dạng xong trang {number} sau {PAGE_TIMEOUT} giây.") from None
    return proc.stdout.decode("utf-8", "replace")


def _orientation(exe: str, img, name: str, number: int) -> int:
    """Degrees Tesseract says the page must turn to be upright (0 when it cannot tell)."""
    out = _run(exe, img, ["--psm", "0"], name, number)
    for line in out.splitlines():
        if line.startswith("Rotate:"):
            try:
                return int(line.split(":", 1)[1])
            except ValueError:
                return 0
    return 0


def _tsv_lines(tsv: str, number: int) -> tuple[list[Line], float]:
    words: dict[tuple[int, int, int], list[tuple[int, int, int, int, str]]] = {}
    confs: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        left, top, width, height = map(int, cols[6:10])
        words.setdefault(key, []).append((left, top, left + width, top + height, cols[11]))
        confs.append(float(cols[10]))
    lines = []
    edges: dict[int, float] = {}
    for (block, _par, _line), ws in words.items():
        edges[block] = max(edges.get(block, 0.0), *(w[2] for w in ws))
    for (block, _par, _line), ws in words.items():
        lines.append(Line(" ".join(w[4] for w in ws), min(w[0] for w in ws), min(w[1] for w in ws),
                          max(w[2] for w in ws), max(w[3] for w in ws), number, right_edge=edges[block]))
    return lines, (sum(confs) / len(confs) if confs else 0.0)


def ocr_page(img, number: int, name: str, exe: str | None = None) -> OcrPage:
    """Prepare one page image and read it with Tesseract (Vietnamese model)."""
    exe = exe or tesseract()
    prepared, skew = prepare(img)
    args = ["-l", "vie", "--psm", "3", "-c", "tessedit_create_tsv=1", "-c", "preserve_interword_spaces=0", "tsv"]
    lines, conf = _tsv_lines(_run(exe, prepared, args, name, number), number)
    rotated = 0
    if conf < 60:  # perhaps photographed sideways or upside down
        turn = _orientation(exe, prepared, name, number)
        if turn:
            Image = _pil()[0]
            upright = prepared.rotate(-turn, expand=True, fillcolor=255, resample=Image.BICUBIC)
            lines2, conf2 = _tsv_lines(_run(exe, upright, args, name, number), number)
            if conf2 > conf:
                lines, conf, rotated, prepared = lines2, conf2, turn, upright
    page = Page(number, float(prepared.width), float(prepared.height), lines, source="ocr")
    return OcrPage(page, conf, rotated, skew)
