"""PDF text layers → lines on pages (pdfminer.six), and which pages are images to OCR.

pdfminer.six is used for its layout analysis: it gives each text line with its position and the
font of every character, which is what rebuilding paragraphs and recognising a legacy font
(.VnTime, VNI-Times) in a PDF need. pypdf's text extraction gives no per-character fonts, and
pdfplumber is pdfminer.six with a convenience layer docgen does not need.
"""
from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..normalize import legacy
from .layout import Line, Page

#: a page whose text layer has fewer letters than this, but has pictures, is a scanned page
MIN_TEXT_CHARS = 25


def _pdfminer():
    from pdfminer import layout as lt
    from pdfminer.high_level import extract_pages
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psparser import PSException

    return lt, extract_pages, PDFPage, PDFParser, (PDFEncryptionError, PDFPasswordIncorrect), (PDFSyntaxError, PSException)


def _font_name(fontname: str) -> str:
    """The font's name without the subset prefix ("ABCDEF+.VnTime" → ".VnTime")."""
    base = fontname.split("+", 1)[1] if len(fontname) > 7 and fontname[6] == "+" else fontname
    return base.split(",")[0]


def _bold(fontname: str) -> bool:
    low = fontname.lower()
    return "bold" in low or "black" in low or low.endswith(("-bd", ",bd"))


def _line(lt, obj, page_no: int, height: float) -> Line | None:
    chars = [c for c in obj if isinstance(c, lt.LTChar)]
    text = obj.get_text()
    if not chars or not text.strip():
        return None
    letters = [c for c in chars if c.get_text().strip()]
    fonts = Counter(_font_name(c.fontname) for c in letters)
    legacy_fonts = Counter({f: n for f, n in fonts.items() if legacy.font_encoding(f)})
    legacy_font = legacy_fonts.most_common(1)[0][0] if sum(legacy_fonts.values()) * 2 > len(letters) else None
    if legacy_font:  # a .VnTime font's "ư" (byte AD) often comes out of the ToUnicode map as U+2212
        text = text.replace("\u2212", "\u00ad")
    sizes = Counter(round(c.size * 2) / 2 for c in letters)
    return Line(text, obj.x0, height - obj.y1, obj.x1, height - obj.y0, page_no,
                size=sizes.most_common(1)[0][0] if sizes else 0.0,
                bold=sum(_bold(c.fontname) for c in letters) * 2 > len(letters), legacy_font=legacy_font)


def _lines(lt, container, page_no: int, height: float) -> Iterator[Line]:
    for obj in container:
        if isinstance(obj, lt.LTTextLine):
            line = _line(lt, obj, page_no, height)
            if line is not None:
                line.right_edge = container.x1 if isinstance(container, lt.LTTextBox) else 0.0
                yield line
        elif isinstance(obj, (lt.LTTextBox, lt.LTFigure)):
            yield from _lines(lt, obj, page_no, height)


def _has_picture(lt, container) -> bool:
    return any(isinstance(o, lt.LTImage) or (isinstance(o, lt.LTFigure) and _has_picture(lt, o)) for o in container)


@contextlib.contextmanager
def _reading(name: str) -> Iterator[None]:
    """pdfminer's errors on a locked or damaged file, said to the clerk."""
    *_, encrypted, broken = _pdfminer()
    try:
        yield
    except encrypted:
        raise InputError(f"{name}: tệp PDF được đặt mật khẩu; hãy mở khóa (in ra PDF không mật khẩu) rồi làm lại.") from None
    except (*broken, ValueError, TypeError, KeyError, RecursionError):  # what a malformed file makes pdfminer raise
        raise InputError(f"{name}: tệp PDF bị hỏng hoặc không trọn vẹn (tải lại tệp gốc rồi làm lại).") from None


def count_pages(data: bytes, name: str) -> int:
    PDFPage = _pdfminer()[2]
    with _reading(name):
        return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data), check_extractable=False))


def read_pages(data: bytes, name: str, max_pages: int,
               on_page: Callable[[int], None] | None = None) -> list[tuple[Page, bool]]:
    """Every page's text lines, and whether the page is a picture with no text (to OCR)."""
    lt, extract_pages = _pdfminer()[:2]
    out: list[tuple[Page, bool]] = []
    params = lt.LAParams(line_margin=0.3, char_margin=2.0, boxes_flow=0.5)
    with _reading(name):
        for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=params, maxpages=max_pages), 1):
            x0, y0, x1, y1 = layout.bbox
            page = Page(number, x1 - x0, y1 - y0)
            page.lines = list(_lines(lt, layout, number, y1))
            letters = sum(len(ln.text.strip()) for ln in page.lines)
            out.append((page, letters < MIN_TEXT_CHARS and _has_picture(lt, layout)))
            if on_page:
                on_page(number)
    if not out:
        raise InputError(f"{name}: tệp PDF không có trang nào.")
    return out
