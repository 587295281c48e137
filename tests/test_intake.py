"""Clean any report a clerk has: PDF text layers, scans and photos, old .doc/.odt/.rtf."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageFilter

from docgen import intake
from docgen.cli import cli as cli_main
from docgen.clean import CleanOptions, clean_file
from docgen.errors import InputError
from docgen.intake import layout, scan
from docgen.intake.layout import Line, Page, build_layout
from docgen.io.package import read_package
from docgen.normalize import legacy
from docgen.ooxml.compose import Block, compose_docx
from docgen.ooxml.text import document_texts

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
                               reason="tesseract-ocr and poppler-utils are not installed")

TITLE = "BÁO CÁO KẾT QUẢ CÔNG TÁC THI ĐUA NĂM 2024"
BODY = [
    "Thực hiện Kế hoạch số 12/KH-BQL ngày 15 tháng 01 năm 2024 của Ban Quản lý các khu công nghiệp tỉnh, "
    "các phòng, đơn vị trực thuộc đã tổ chức phát động phong trào thi đua yêu nước gắn với nhiệm vụ chuyên môn, "
    "hoàn thành tốt các chỉ tiêu được giao trong năm.",
    "Công tác cải cách hành chính được đẩy mạnh; hồ sơ thủ tục hành chính được giải quyết đúng hạn, "
    "không có hồ sơ trễ hẹn; việc tiếp nhận và trả kết quả qua dịch vụ bưu chính công ích được duy trì thường xuyên.",
    "Trong năm, Ban Quản lý đã cấp mới giấy chứng nhận đăng ký đầu tư cho mười hai dự án, điều chỉnh "
    "giấy chứng nhận cho hai mươi dự án, tổng vốn đăng ký tăng so với cùng kỳ năm trước.",
]
LIST = ["- Tổ chức hội nghị sơ kết sáu tháng đầu năm;", "- Khen thưởng các tập thể, cá nhân tiêu biểu."]


def _words(texts) -> list[str]:
    return " ".join(texts).split()


def _word_accuracy(got: list[str], truth: list[str]) -> float:
    from rapidfuzz.distance import Levenshtein

    return 1 - Levenshtein.distance(got, truth) / len(truth)


@pytest.fixture(scope="module")
def source_docx() -> bytes:
    blocks = [Block(TITLE, "heading", "center", bold=True)] + [Block(t) for t in BODY] + [Block(t, "list") for t in LIST]
    return compose_docx(blocks, page_numbers=False)


def _soffice(src: Path, fmt: str, outdir: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    return outdir / src.with_suffix("." + fmt.split(":")[0]).name


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory, source_docx) -> Path:
    d = tmp_path_factory.mktemp("pdf")
    src = d / "bao-cao.docx"
    src.write_bytes(source_docx)
    return _soffice(src, "pdf", d)


# --- layout: lines → paragraphs ------------------------------------------------------------

def _page(lines: list[tuple[str, float, float]], number: int = 1, height: float = 842) -> Page:
    """Lines as (text, x0, x1) at a 16 pt pitch from y = 100; a 14 pt font."""
    return Page(number, 595, height, [Line(t, x0, 100 + 16 * i, x1, 114 + 16 * i, number, size=14)
                                      for i, (t, x0, x1) in enumerate(lines)])


def test_lines_of_a_paragraph_are_joined_and_new_paragraphs_found():
    page = _page([
        ("Đoạn thứ nhất bắt đầu bằng dòng thụt đầu dòng và", 121, 552),
        ("chạy tiếp đến hết lề phải của trang giấy này rồi", 85, 552),
        ("dừng ở đây.", 85, 200),
        ("Đoạn thứ hai sau một dòng ngắn, thụt đầu dòng,", 121, 552),
        ("có chữ ngắt dòng ở cuối: kinh tế - xã hội và phát tri\u00ad", 85, 552),
        ("ển công nghiệp, khép lại.", 85, 300),
        ("- Một gạch đầu dòng;", 121, 300),
        ("- Gạch thứ hai.", 121, 260),
    ])
    paras = build_layout([page]).paragraphs
    assert [p.text for p in paras] == [
        "Đoạn thứ nhất bắt đầu bằng dòng thụt đầu dòng và chạy tiếp đến hết lề phải của trang giấy này rồi dừng ở đây.",
        "Đoạn thứ hai sau một dòng ngắn, thụt đầu dòng, có chữ ngắt dòng ở cuối: kinh tế - xã hội và phát triển "
        "công nghiệp, khép lại.",
        "- Một gạch đầu dòng;",
        "- Gạch thứ hai.",
    ]
    assert [p.kind for p in paras] == ["body", "body", "list", "list"]


def test_hard_hyphen_is_kept_unless_it_splits_a_lowercase_word():
    assert layout._join("kinh tế -", "xã hội") == "kinh tế - xã hội"
    assert layout._join("Covid-", "19") == "Covid- 19"
    assert layout._join("trans-", "port") == "transport"
    assert layout._join("phát tri\u00ad", "ển") == "phát triển"


def test_centred_lines_on_one_axis_make_one_centred_paragraph_and_caps_change_starts_another():
    page = _page([("BAN QUẢN LÝ KHU CÔNG", 93, 258), ("NGHỆ CAO VÀ CÁC KHU", 97, 254), ("CÔNG NGHIỆP", 129, 222),
                  ("Số: 01/BB-BQL", 133, 218)])
    paras = build_layout([page]).paragraphs
    assert [p.text for p in paras] == ["BAN QUẢN LÝ KHU CÔNG NGHỆ CAO VÀ CÁC KHU CÔNG NGHIỆP", "Số: 01/BB-BQL"]
    assert paras[0].align == "center"


def test_running_headers_and_page_numbers_are_kept_apart_and_pages_rejoined():
    pages = []
    for n in range(1, 4):
        lines = [Line("Báo cáo thi đua năm 2024", 200, 40, 395, 54, n, 12),
                 Line(("Nội" if n == 1 else "nội") + " dung trang này chạy hết dòng từ lề trái đến lề phải của trang",
                      85, 100, 552, 114, n, 14),
                 Line("và tiếp tục ở dòng sau cho đến hết lề phải của trang giấy", 85, 116, 552, 130, n, 14),
                 Line(f"- {n} -", 290, 800, 305, 814, n, 12)]
        pages.append(Page(n, 595, 842, lines))
    out = build_layout(pages)
    assert out.headers == ["Báo cáo thi đua năm 2024"] and out.page_numbers
    assert len(out.paragraphs) == 1  # each page goes on in lower case: one paragraph across the breaks
    assert "Báo cáo thi đua" not in out.paragraphs[0].text and "- 2 -" not in out.paragraphs[0].text


def test_an_empty_page_is_reported():
    out = build_layout([_page([("Một đoạn văn có chữ.", 85, 300)], 1), Page(2, 595, 842, [])])
    assert out.empty_pages == [2]


# --- the composed DOCX -----------------------------------------------------------------------

def test_composed_docx_is_decree_30_body_style_and_deterministic(source_docx):
    from lxml import etree

    again = compose_docx([Block(TITLE, "heading", "center", bold=True)] + [Block(t) for t in BODY]
                         + [Block(t, "list") for t in LIST], page_numbers=False)
    assert again == source_docx
    parts = read_package(source_docx)
    for blob in parts.values():
        etree.fromstring(blob)  # every part is well-formed XML
    styles = parts["word/styles.xml"].decode()
    assert 'w:ascii="Times New Roman"' in styles and '<w:sz w:val="28"/>' in styles and '<w:jc w:val="both"/>' in styles
    assert document_texts(source_docx) == [TITLE, *BODY, *LIST]


# --- PDF with a text layer --------------------------------------------------------------------

@needs_soffice
def test_text_pdf_gives_the_paragraphs_back(text_pdf, tmp_path):
    out = tmp_path / "ket-qua.docx"
    before = hashlib.sha256(text_pdf.read_bytes()).hexdigest()
    result = clean_file(text_pdf, out, CleanOptions())
    assert hashlib.sha256(text_pdf.read_bytes()).hexdigest() == before  # the input is never written to
    texts = document_texts(out.read_bytes())
    assert texts == [TITLE, *BODY, *LIST]
    assert result.kind == "docx" and result.notes == []


@needs_soffice
def test_text_pdf_to_txt(text_pdf, tmp_path):
    out = tmp_path / "ket-qua.txt"
    clean_file(text_pdf, out, CleanOptions())
    assert out.read_text(encoding="utf-8").splitlines() == [TITLE, *BODY, *LIST]


@needs_soffice
def test_pdf_typed_in_tcvn3_comes_back_in_unicode(tmp_path):
    text = BODY[0]
    blocks = [Block(legacy.from_unicode(text, "tcvn3"), font="Liberation Serif")]
    src = tmp_path / "cu.docx"
    src.write_bytes(compose_docx(blocks, page_numbers=False))
    pdf = _soffice(src, "pdf", tmp_path)
    out = tmp_path / "moi.txt"
    result = clean_file(pdf, out, CleanOptions())
    assert out.read_text(encoding="utf-8").strip() == text
    assert any(c.rule.startswith("legacy.tcvn3") and c.applied for c in result.changes)


@needs_soffice
def test_locked_truncated_and_empty_pdfs_get_one_clear_message(text_pdf, tmp_path):
    src = tmp_path / "khoa.docx"
    src.write_bytes(compose_docx([Block("Văn bản có mật khẩu.")], page_numbers=False))
    locked = _soffice(src, 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                           '"DocumentOpenPassword":{"type":"string","value":"matkhau"}}', tmp_path)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(text_pdf.read_bytes()[: len(text_pdf.read_bytes()) // 3])
    empty = tmp_path / "rong.pdf"
    empty.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                      b"trailer<</Root 1 0 R>>\n%%EOF\n")
    expected = {locked: "mật khẩu", cut: "bị hỏng", empty: "không có trang"}
    runner = CliRunner()
    for path, words in expected.items():
        res = runner.invoke(cli_main, ["clean", str(path), "-o", str(tmp_path / "x.docx")])
        assert res.exit_code == 2, res.output
        assert words in res.output and "Traceback" not in res.output
        assert not (tmp_path / "x.docx").exists()  # never a half-written output


# --- scans and photos -------------------------------------------------------------------------

def _degrade(img: Image.Image, angle: float = 1.5) -> Image.Image:
    """A photocopy: slightly turned, softened, speckled."""
    import random

    rnd = random.Random(7)
    g = img.convert("L").rotate(angle, expand=True, fillcolor=255, resample=Image.BICUBIC)
    g = g.filter(ImageFilter.GaussianBlur(0.8))
    px = g.load()
    for _ in range(g.width * g.height // 400):
        px[rnd.randrange(g.width), rnd.randrange(g.height)] = rnd.choice((0, 255))
    return g


@pytest.fixture(scope="module")
def page_image(text_pdf, tmp_path_factory) -> Image.Image:
    d = tmp_path_factory.mktemp("img")
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(text_pdf), str(d / "p")], check=True)
    return _degrade(Image.open(d / "p.png"))


@needs_ocr
@needs_soffice
def test_skew_is_measured():
    img = Image.new("L", (1200, 1600), 255)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(img)
    for y in range(100, 1500, 40):
        draw.rectangle([100, y, 1100, y + 12], fill=0)
    turned = img.rotate(-2.0, expand=True, fillcolor=255)
    assert abs(scan.skew_angle(turned) - 2.0) <= 0.3


@needs_ocr
@needs_soffice
def test_photo_of_a_page_is_read(page_image, tmp_path):
    src = tmp_path / "anh.jpg"
    page_image.save(src, quality=60)
    out = tmp_path / "anh.txt"
    clean_file(src, out, CleanOptions())
    got = out.read_text(encoding="utf-8").split()
    assert _word_accuracy(got, _words([TITLE, *BODY, *LIST])) >= 0.9


@needs_ocr
@needs_soffice
def test_scanned_pdf_keeps_page_order_and_reports_a_blank_page(page_image, tmp_path):
    second = page_image.transpose(Image.FLIP_TOP_BOTTOM).transpose(Image.FLIP_TOP_BOTTOM)  # same page again
    blank = Image.new("L", page_image.size, 255)
    src = tmp_path / "quet.pdf"
    page_image.convert("RGB").save(src, save_all=True, append_images=[blank.convert("RGB"), second.convert("RGB")],
                                   resolution=200)
    out = tmp_path / "quet.docx"
    result = clean_file(src, out, CleanOptions())
    texts = document_texts(out.read_bytes())
    words = _words(texts)
    truth = _words([TITLE, *BODY, *LIST])
    assert _word_accuracy(words, truth + truth) >= 0.85
    assert words.index("BÁO") < len(truth) // 2 and any("Trang 2" in n for n in result.notes)


def test_too_large_too_many_and_broken_images_are_refused(tmp_path):
    big = tmp_path / "lon.png"
    Image.new("1", (12000, 9000), 1).save(big)  # 108 million pixels
    many = tmp_path / "nhieu.tif"
    frames = [Image.new("L", (40, 40), 255) for _ in range(5)]
    frames[0].save(many, save_all=True, append_images=frames[1:])
    broken = tmp_path / "hong.jpg"
    buf = io.BytesIO()
    Image.new("L", (200, 200), 255).save(buf, "JPEG")
    broken.write_bytes(buf.getvalue()[:100])
    cases = [(big, intake.MAX_PAGES, "quá lớn"), (many, 3, "quá giới hạn 3 trang"), (broken, 10, "không đọc được ảnh")]
    for path, max_pages, words in cases:
        with pytest.raises(InputError, match=words):
            list(scan.open_images(path.read_bytes(), str(path), max_pages))


def test_a_pdf_over_the_page_limit_is_refused_before_any_work(tmp_path):
    src = tmp_path / "300-trang.pdf"
    frames = [Image.new("RGB", (20, 20), "white") for _ in range(300)]
    frames[0].save(src, save_all=True, append_images=frames[1:])
    with pytest.raises(InputError, match="300 trang, quá giới hạn 100 trang"):
        intake.read_source(src)


def test_without_tesseract_one_line_says_what_to_install(monkeypatch, tmp_path):
    src = tmp_path / "anh.png"
    Image.new("L", (100, 100), 255).save(src)
    monkeypatch.setattr(scan.shutil, "which", lambda name: None)
    res = CliRunner().invoke(cli_main, ["clean", str(src), "-o", str(tmp_path / "x.txt")])
    assert res.exit_code == 2
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in res.output and "Windows" in res.output
    assert len(res.output.strip().splitlines()) == 1


# --- old office files ---------------------------------------------------------------------------

@needs_soffice
@pytest.mark.parametrize("fmt", ["doc:MS Word 97", "odt", "rtf"])
def test_old_doc_in_vntime_is_converted_and_cleaned(tmp_path, fmt):
    text = "Ban Quản lý các khu công nghiệp tỉnh tổ chức hội nghị tổng kết công tác năm."
    src = tmp_path / "cu.docx"
    src.write_bytes(compose_docx([Block(legacy.from_unicode(text, "tcvn3"), font=".VnTime")], page_numbers=False))
    doc = _soffice(src, fmt, tmp_path)
    out = tmp_path / "moi.docx"
    result = clean_file(doc, out, CleanOptions(track_changes=True))
    assert document_texts(out.read_bytes()) == [text]
    assert any(c.rule.startswith("legacy.tcvn3") for c in result.changes)
    assert b"<w:ins " in read_package(out.read_bytes())["word/document.xml"]


@needs_soffice
def test_a_broken_doc_gets_a_clear_message(tmp_path):
    damaged = tmp_path / "hong.doc"
    damaged.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"not really a document " * 50)
    junk = tmp_path / "rac.doc"
    junk.write_bytes(b"not a document at all " * 20)
    for src, words in ((damaged, "LibreOffice không mở được tệp này"), (junk, "không phải tệp Word")):
        res = CliRunner().invoke(cli_main, ["clean", str(src), "-o", str(tmp_path / "x.docx")])
        assert res.exit_code == 2 and words in res.output, res.output
        assert not (tmp_path / "x.docx").exists()


def test_output_kind_is_checked(tmp_path):
    src = tmp_path / "a.png"
    Image.new("L", (10, 10), 255).save(src)
    with pytest.raises(InputError, match=r"\.docx hoặc \.txt"):
        clean_file(src, tmp_path / "a.pdf", CleanOptions())
    with pytest.raises(InputError, match="--track-changes"):
        clean_file(src, tmp_path / "a.txt", CleanOptions(track_changes=True))


# --- the web app's Clean page takes the same files -------------------------------------------

def test_kind_of_an_upload_is_sniffed_from_its_bytes(source_docx):
    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "PNG")
    assert intake.sniff_suffix(buf.getvalue()) == ".png"
    assert intake.sniff_suffix(b"%PDF-1.7\n...") == ".pdf"
    assert intake.sniff_suffix(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100) == ".doc"
    assert intake.sniff_suffix(b"{\\rtf1\\ansi x}") == ".rtf"
    assert intake.sniff_suffix(source_docx) is None and intake.sniff_suffix("Khối thi đua".encode()) is None


def _web_upload(tmp_path, data: bytes, name: str):
    import re

    from docgen.web import create_app

    client = create_app({"DATABASE": str(tmp_path / "web.sqlite3"), "TESTING": True}).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/clean").get_data(as_text=True))[1]
    resp = client.post("/clean", data={"csrf_token": token, "file": (io.BytesIO(data), name)})
    return client, resp, token


@needs_soffice
def test_web_clean_reads_a_pdf_and_gives_a_docx(text_pdf, tmp_path):
    client, resp, token = _web_upload(tmp_path, text_pdf.read_bytes(), "bao-cao.pdf")
    assert resp.status_code == 303, resp.get_data(as_text=True)
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200 and "Xem lại các chỗ sửa" in page.get_data(as_text=True)
    got = client.post(resp.headers["Location"], data={"csrf_token": token, "action": "download"})
    assert got.status_code == 200 and got.headers["Content-Disposition"].endswith(".docx")
    assert document_texts(got.data) == [TITLE, *BODY, *LIST]


@needs_ocr
@needs_soffice
def test_web_clean_reads_a_scan_and_shows_what_it_noticed(page_image, tmp_path):
    blank = Image.new("RGB", page_image.size, "white")
    buf = io.BytesIO()
    page_image.convert("RGB").save(buf, "PDF", save_all=True, append_images=[blank], resolution=200)
    client, resp, _token = _web_upload(tmp_path, buf.getvalue(), "ban-quet.pdf")
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Trang 2: không đọc được chữ nào" in page


def test_web_clean_says_what_is_wrong_with_a_broken_pdf(tmp_path):
    _client, resp, _token = _web_upload(tmp_path, b"%PDF-1.4\n" + b"\x00garbage" * 50, "hong.pdf")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "hong.pdf: tệp PDF bị hỏng" in body and "Traceback" not in body
