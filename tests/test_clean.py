"""Clean job: TXT and DOCX in, repaired document and change report out."""
from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import zipfile
import zlib

import docx
import pytest
from docx.oxml import parse_xml as docx_parse_xml
from docx.shared import Pt
from lxml import etree

from docgen.clean import CleanOptions, clean_docx, clean_file, clean_text, revision_date
from docgen.vi.lexicon import read_terms
from docgen.cli import main
from docgen.io.package import read_package
from docgen.io.xmlsafe import parse_xml
from docgen.ooxml.ns import W, W_NS
from docgen.normalize import legacy
from docgen.normalize.base import Edit
from docgen.ooxml.text import extract, paragraphs
from docgen.report import to_html, to_json
from test_clean_pipeline import Toy


STAGES = [Toy("spacing", r" {2,}", " "), Toy("ocr.lexicon", r"\bKhi(?= thi)", "Khối", 0.95),
          Toy("ocr.lexicon", r"\bng chí", "Đồng chí", 0.5)]
DATE = "2024-01-05T00:00:00Z"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def build_docx() -> bytes:
    """A report with the parts a real one has: styles, header, footer, numbering, image, comment,
    a hyperlink, fields, and a word split across a bold and a plain run."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Khi thi đua – tiêu đề"
    d.sections[0].footer.paragraphs[0].text = "Khi thi đua – chân trang"
    p = d.add_paragraph()
    b = p.add_run("Hội nghị Kh")
    b.bold = True
    b.font.size = Pt(14)
    p.add_run("i thi đua  năm 2022")
    d.add_comment(b, text="Khi thi đua trong nhận xét", author="Văn thư")
    d.add_paragraph("Danh sách Khi thi đua", style="List Number")
    link = d.add_paragraph("Xem ")
    link._p.append(docx_parse_xml(
        f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'r:id="rIdLink"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Khi thi đua</w:t></w:r></w:hyperlink>'))
    field = d.add_paragraph("Trang ")
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r><w:t>1</w:t></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>', '<w:r><w:t xml:space="preserve"> của Khi thi đua</w:t></w:r>'):
        field._p.append(docx_parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{W_NS}">', 1)))
    d.add_paragraph("ng chí Võ Văn Phụng phát biểu.")
    d.add_picture(io.BytesIO(png()))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def texts(data: bytes) -> list[str]:
    parts = read_package(data)
    return [extract(p).text for p in paragraphs(etree.fromstring(parts["word/document.xml"]))]


def accept_all(data: bytes) -> list[str]:
    root = etree.fromstring(read_package(data)["word/document.xml"])
    for d in list(root.iter(W + "del")):
        d.getparent().remove(d)
    return [extract(p).text for p in paragraphs(root)]


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return build_docx()


# --- TXT --------------------------------------------------------------------------------------

def test_clean_text_applies_confident_edits_and_lists_suggestions():
    result = clean_text("Khi thi  đua\r\nng chí A\n", CleanOptions(), STAGES)
    assert result.output == "Khối thi đua\r\nng chí A\n"
    assert [(c.paragraph, c.offset, c.before, c.after, c.rule, c.applied) for c in result.changes] == [
        (1, 0, "Khi", "Khối", "ocr.lexicon", True), (1, 7, "  ", " ", "spacing", True),
        (2, 0, "ng chí", "Đồng chí", "ocr.lexicon", False)]
    assert result.changes[2].context_after == " A"
    assert clean_text("Khi thi  đua\r\nng chí A\n", CleanOptions(threshold=0.4), STAGES).output == \
        "Khối thi đua\r\nĐồng chí A\n"


def test_clean_text_is_idempotent_and_clean_text_is_unchanged():
    once = clean_text("Khi thi  đua\nng chí A", CleanOptions(), STAGES).output
    again = clean_text(once, CleanOptions(), STAGES)
    assert again.output == once and again.applied == []


def test_clean_file_refuses_to_overwrite_input(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Khi thi đua", encoding="utf-8")
    with pytest.raises(Exception, match="Không ghi đè"):
        clean_file(src, tmp_path / "." / "a.txt", CleanOptions(ocr=False))
    assert src.read_text(encoding="utf-8") == "Khi thi đua"


# --- DOCX -------------------------------------------------------------------------------------

def test_docx_inplace_repairs_text_and_keeps_run_formatting(report_docx):
    result = clean_docx(report_docx, CleanOptions(), STAGES)
    out = texts(result.output)
    assert out[0] == "Hội nghị Khối thi đua năm 2022"
    assert out[1] == "Danh sách Khi thi đua" or out[1] == "Danh sách Khối thi đua"
    root = etree.fromstring(read_package(result.output)["word/document.xml"])
    first = paragraphs(root)[0]
    rs = [(''.join(r.itertext()), r.find(f"{W}rPr/{W}b") is not None, r.find(f"{W}rPr/{W}sz"))
          for r in first.iter(W + "r") if ''.join(r.itertext())]
    assert [(t, bold) for t, bold, _ in rs] == [("Hội nghị Khố", True), ("i thi đua năm 2022", False)]
    assert rs[0][2].get(W + "val") == "28"
    assert ("ng chí", "Đồng chí", False) in [(c.before, c.after, c.applied) for c in result.changes]


def test_docx_other_parts_are_byte_identical_in_original_order(report_docx):
    before = read_package(report_docx)
    for track in (False, True):
        after = read_package(clean_docx(report_docx, CleanOptions(track_changes=track, date=DATE), STAGES).output)
        assert list(after) == list(before)
        changed = [n for n in before if before[n] != after[n]]
        # the body, and (issue 14) the header, footer and comments, each damaged "Khi thi đua"
        assert changed == ["word/document.xml", "word/header1.xml", "word/footer1.xml", "word/comments.xml"]
        for name in changed[1:]:
            assert "Khối" in "".join(parse_xml(after[name]).itertext())
    assert any(n.startswith("word/media/") for n in before)
    for name in ("word/styles.xml", "word/numbering.xml", "word/comments.xml"):
        assert name in before
    assert any(n.startswith("word/header") for n in before) and any(n.startswith("word/footer") for n in before)


def test_docx_tracked_changes_accept_all_equals_inplace(report_docx):
    inplace = clean_docx(report_docx, CleanOptions(), STAGES)
    tracked = clean_docx(report_docx, CleanOptions(track_changes=True, date=DATE), STAGES)
    xml = read_package(tracked.output)["word/document.xml"]
    root = etree.fromstring(xml)
    ins, dels = list(root.iter(W + "ins")), list(root.iter(W + "del"))
    assert ins and dels
    for el in ins + dels:
        assert el.get(W + "author") == "docgen" and el.get(W + "date") == DATE
    ids = [el.get(W + "id") for el in ins + dels]
    assert len(ids) == len(set(ids))
    assert [t.text for d in dels for t in d.iter(W + "delText")] == [" "] * len(dels)
    assert accept_all(tracked.output) == texts(inplace.output)
    assert [(c.before, c.after) for c in tracked.applied] == [(c.before, c.after) for c in inplace.applied]
    for out in (inplace.output, tracked.output):  # python-docx reads both back
        assert docx.Document(io.BytesIO(out)).paragraphs[0].runs[0].bold


def test_docx_hyperlink_and_field_survive(report_docx):
    for track in (False, True):
        out = clean_docx(report_docx, CleanOptions(track_changes=track, date=DATE), STAGES).output
        root = etree.fromstring(read_package(out)["word/document.xml"])
        link = root.find(f".//{W}hyperlink")
        assert link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id") == "rIdLink"
        assert accept_all(out)[2] == "Xem Khối thi đua"
        assert [t.text for t in root.iter(W + "instrText")] == [" PAGE "]
        assert [f.get(W + "fldCharType") for f in root.iter(W + "fldChar")] == ["begin", "separate", "end"]
        assert accept_all(out)[3] == "Trang 1 của Khối thi đua"


def test_docx_cleaning_is_idempotent(report_docx):
    for track in (False, True):
        once = clean_docx(report_docx, CleanOptions(track_changes=track, date=DATE), STAGES)
        twice = clean_docx(once.output, CleanOptions(track_changes=track, date=DATE), STAGES)
        assert twice.applied == []
        assert twice.output == once.output


def test_clean_docx_is_output_byte_identical():
    d = docx.Document()
    d.add_paragraph("Khối thi đua năm 2022")
    buf = io.BytesIO()
    d.save(buf)
    result = clean_docx(buf.getvalue(), CleanOptions(), STAGES)
    assert result.changes == [] and result.output == buf.getvalue()


def test_docx_revision_ids_do_not_collide_with_comment_and_bookmark_ids(report_docx):
    parts = read_package(report_docx)
    used = set(re.findall(rb'w:id="(\d+)"', b"".join(parts.values())))
    out = read_package(clean_docx(report_docx, CleanOptions(track_changes=True, date=DATE), STAGES).output)
    root = etree.fromstring(out["word/document.xml"])
    new = {el.get(W + "id").encode() for el in list(root.iter(W + "ins")) + list(root.iter(W + "del"))}
    assert new and not new & used


def test_not_a_docx_and_hostile_zip_are_refused(tmp_path):
    fake = tmp_path / "a.docx"
    fake.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(Exception, match="không phải tệp DOCX"):
        clean_docx(fake)
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("../../etc/x", "x")
    with pytest.raises(Exception, match="không an toàn"):
        clean_docx(evil.getvalue())
    xlsx_like = io.BytesIO()
    with zipfile.ZipFile(xlsx_like, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(Exception, match="thiếu phần nội dung chính"):
        clean_docx(xlsx_like.getvalue())


def test_revision_date_is_deterministic():
    assert revision_date("2024-01-05") == "2024-01-05T00:00:00Z"
    assert revision_date("2024-01-05T08:30:00+07:00") == "2024-01-05T01:30:00Z"
    assert revision_date(None, {"SOURCE_DATE_EPOCH": "86400"}) == "1970-01-02T00:00:00Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", revision_date(None, {}))
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        revision_date("05/01/2024")


def test_office_lexicon_file(tmp_path):
    f = tmp_path / "office.txt"
    f.write_text("# tên riêng\nBan Quản lý các KCN tỉnh Lâm Đồng\n\nKhối thi đua\n", encoding="utf-8")
    assert read_terms(f) == ["Ban Quản lý các KCN tỉnh Lâm Đồng", "Khối thi đua"]


# --- legacy fonts ----------------------------------------------

def test_legacy_font_runs_are_converted_with_formatting_kept():
    assert legacy.font_encoding(".VnTime") is not None
    unicode_text = "Khối thi đua"
    garbled = legacy.from_unicode(unicode_text, "tcvn3")
    garbled_h = legacy.from_unicode(unicode_text.upper(), "tcvn3", upper=True)
    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run(garbled)
    r.bold = True
    r.font.size = Pt(14)
    r.font.name = ".VnTime"
    h = d.add_paragraph().add_run(garbled_h)
    h.font.name = ".VnTimeH"
    buf = io.BytesIO()
    d.save(buf)
    result = clean_docx(buf.getvalue(), CleanOptions(ocr=False))
    root = etree.fromstring(read_package(result.output)["word/document.xml"])
    ps = paragraphs(root)
    assert extract(ps[0]).text == unicode_text
    assert extract(ps[1]).text == unicode_text.upper()
    run = ps[0].find(f"{W}r")
    fonts = run.find(f"{W}rPr/{W}rFonts")
    ufont = legacy.font_encoding(".VnTime")[1]
    assert fonts.get(W + "ascii") == ufont and fonts.get(W + "hAnsi") == ufont
    assert run.find(f"{W}rPr/{W}b") is not None and run.find(f"{W}rPr/{W}sz").get(W + "val") == "28"
    conv = [c for c in result.changes if c.rule.startswith("legacy.")]
    assert [(c.paragraph, c.before, c.after) for c in conv] == [
        (1, garbled, unicode_text), (2, garbled_h, unicode_text.upper())]
    assert read_package(result.output)["word/styles.xml"] == read_package(buf.getvalue())["word/styles.xml"]
    assert clean_docx(result.output, CleanOptions(ocr=False)).output == result.output


def test_legacy_font_from_paragraph_style_is_resolved():
    assert legacy.font_encoding(".VnTime") is not None
    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    d.add_paragraph(legacy.from_unicode("Đồng chí", "tcvn3"))
    buf = io.BytesIO()
    d.save(buf)
    result = clean_docx(buf.getvalue(), CleanOptions(ocr=False))
    parts = read_package(result.output)
    assert texts(result.output)[0] == "Đồng chí"
    assert parts["word/styles.xml"] == read_package(buf.getvalue())["word/styles.xml"]


def test_legacy_conversion_as_tracked_change():
    assert legacy.font_encoding(".VnTime") is not None
    garbled = legacy.from_unicode("Khối thi  đua", "tcvn3")
    d = docx.Document()
    p = d.add_paragraph("Tiêu đề: ")
    r = p.add_run(garbled)
    r.bold = True
    r.font.name = ".VnTime"
    buf = io.BytesIO()
    d.save(buf)
    result = clean_docx(buf.getvalue(), CleanOptions(track_changes=True, date=DATE), [Toy("spacing", r" {2,}", " ")])
    assert [(c.rule.split(":")[0], c.applied) for c in result.changes] == [("legacy.tcvn3", True), ("spacing", True)]
    root = etree.fromstring(read_package(result.output)["word/document.xml"])
    gone, new = root.find(f".//{W}del"), root.find(f".//{W}ins")
    assert "".join(t.text for t in gone.iter(W + "delText")) == garbled
    assert gone.find(f".//{W}rFonts").get(W + "ascii") == ".VnTime"
    assert "".join(new.itertext()) == "Khối thi đua"  # the spacing edit went into docgen's own insertion
    assert new.find(f".//{W}rFonts").get(W + "ascii") == legacy.font_encoding(".VnTime")[1]
    assert new.find(f".//{W}b") is not None and new.get(W + "author") == "docgen"
    assert accept_all(result.output) == ["Tiêu đề: Khối thi đua"]
    again = clean_docx(result.output, CleanOptions(track_changes=True, date=DATE), [Toy("spacing", r" {2,}", " ")])
    assert again.changes == [] and again.output == result.output


def test_legacy_txt_detected_or_forced(tmp_path):
    text = "Héi nghÞ Khèi thi ®ua n¨m 2022\nB¸o c¸o tæng kÕt c«ng t¸c thi ®ua\n"
    assert legacy.to_unicode(text, "tcvn3").startswith("Hội nghị Khối thi đua")
    src = tmp_path / "cu.txt"
    src.write_bytes(legacy.encode_text(text, "tcvn3"))
    result = clean_file(src, tmp_path / "moi.txt", CleanOptions(ocr=False))
    assert (tmp_path / "moi.txt").read_text(encoding="utf-8") == legacy.to_unicode(text, "tcvn3")
    assert {c.rule for c in result.changes} == {"legacy.tcvn3"} and all(c.applied for c in result.changes)
    vni = legacy.from_unicode("Khối thi đua", "vni")
    forced = clean_text(vni, CleanOptions(encoding="vni", ocr=False))
    assert forced.output == "Khối thi đua"


# --- reports ----------------------------------------------------------------------------------

def test_json_report(report_docx):
    result = clean_docx(report_docx, CleanOptions(), STAGES)
    result.source = "bao-cao.docx"
    data = json.loads(to_json(result))
    assert list(data) == ["source", "kind", "threshold", "track_changes", "applied", "suggestions", "changes"]
    assert data["applied"] == len(result.applied) and data["suggestions"] == 1
    first = data["changes"][0]
    assert list(first) == ["paragraph", "offset", "before", "after", "rule", "confidence", "status",
                           "context_before", "context_after"]
    assert (first["paragraph"], first["offset"], first["before"], first["after"], first["status"]) == (
        1, 11, "", "ố", "applied") or (first["before"], first["after"]) == ("Khi", "Khối")
    assert "Khối" in to_json(result)  # ensure_ascii=False


def test_html_report_is_vietnamese_and_escaped():
    result = clean_text("Khi thi <b>đua</b>\nng chí A", CleanOptions(), STAGES)
    html = to_html(result)
    for label in ("Báo cáo sửa văn bản", "Đoạn", "Vị trí", "Trước", "Sau", "Quy tắc", "Độ tin cậy",
                  "Trạng thái", "đã áp dụng", "gợi ý", "Số sửa đã áp dụng"):
        assert label in html
    assert "<b>đua</b>" not in html and "&lt;b&gt;đua&lt;/b&gt;" in html
    assert "<del>Khi</del><ins>Khối</ins>" in html
    assert "<del>ng chí</del><ins>Đồng chí</ins>" in html and "50%" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]


# --- CLI --------------------------------------------------------------------------------------

def run_cli(args, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_cli_txt_with_report(tmp_path, capsys):
    src = tmp_path / "bao-cao.txt"
    src.write_text("Hội nghị  Khối thi đua\n", encoding="utf-8")
    code, out, err = run_cli(["clean", src, "-o", tmp_path / "sua.txt", "--report", tmp_path / "r.json",
                              "--no-ocr"], capsys)
    assert code == 0, err
    assert "Đã ghi" in out and "sửa đã áp dụng" in out and "gợi ý" in out
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["kind"] == "txt"
    assert (tmp_path / "sua.txt").exists()


def test_cli_docx_track_changes_html_report(tmp_path, capsys, report_docx):
    src = tmp_path / "bao-cao.docx"
    src.write_bytes(report_docx)
    code, out, err = run_cli(["clean", src, "-o", tmp_path / "sua.docx", "--track-changes", "--date", "2024-01-05",
                              "--report", tmp_path / "r.html"], capsys)
    assert code == 0, err
    xml = read_package(tmp_path / "sua.docx")["word/document.xml"]
    assert b'w:date="2024-01-05T00:00:00Z"' in xml and b"<w:ins " in xml
    assert "Khối thi đua" in " ".join(accept_all((tmp_path / "sua.docx").read_bytes()))
    assert "Báo cáo sửa văn bản" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_cli_clean_input_comes_out_byte_identical(tmp_path, capsys, report_docx):
    src = tmp_path / "sach.txt"
    src.write_bytes("Hội nghị Khối thi đua năm 2022.\r\nBộ Kế hoạch và Đầu tư.\n".encode())
    code, out, err = run_cli(["clean", src, "-o", tmp_path / "ra.txt"], capsys)
    assert code == 0, err
    assert (tmp_path / "ra.txt").read_bytes() == src.read_bytes()
    assert "0 sửa đã áp dụng" in out


def test_cli_lexicon_reaches_the_ocr_stage(tmp_path, capsys, monkeypatch):
    import types

    import docgen.normalize.pipeline as pipeline

    seen = []

    class Recorder:
        name = "ocr"

        def __init__(self, extra_terms=()):
            seen.append(tuple(extra_terms))

        def propose(self, text):
            return [Edit(m.start(), m.end(), m.group(), "Võ Văn Phụng", "ocr.lexicon", 0.99)
                    for m in re.finditer(r"Võ Văn Png", text)]

    real = pipeline.optional_module
    monkeypatch.setattr(pipeline, "optional_module", lambda name: types.SimpleNamespace(
        OcrRepairNormalizer=Recorder) if name == "ocr" else real(name))
    (tmp_path / "office.txt").write_text("# cán bộ\nVõ Văn Phụng\n", encoding="utf-8")
    (tmp_path / "extra.txt").write_text("Khối thi đua\n", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("Đồng chí Võ Văn Png phát biểu.\n", encoding="utf-8")
    code, _, err = run_cli(["clean", src, "-o", tmp_path / "b.txt", "--lexicon", tmp_path / "office.txt",
                            "--lexicon", tmp_path / "extra.txt"], capsys)
    assert code == 0, err
    assert seen == [("Võ Văn Phụng", "Khối thi đua")]
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "Đồng chí Võ Văn Phụng phát biểu.\n"
    seen.clear()
    assert run_cli(["clean", src, "-o", tmp_path / "c.txt", "--no-ocr"], capsys)[0] == 0
    assert seen == []


@pytest.mark.parametrize("args, message", [
    (["clean", "{d}/khong-co.txt", "-o", "{d}/x.txt"], "Không tìm thấy tệp"),
    (["clean", "{d}/a.txt", "-o", "{d}/a.txt"], "Không ghi đè"),
    (["clean", "{d}/a.txt"], "Thiếu tệp kết quả"),
    (["clean", "{d}/a.txt", "-o", "{d}/x.docx"], "cùng loại"),
    (["clean", "{d}/a.txt", "-o", "{d}/x.txt", "--report", "{d}/r.pdf"], ".html hoặc .json"),
    (["clean", "{d}/fake.docx", "-o", "{d}/x.docx"], "không phải tệp DOCX"),
    (["clean", "{d}/a.txt", "-o", "{d}/x.txt", "--lexicon", "{d}/none.txt"], "Không tìm thấy tệp thuật ngữ"),
    (["clean", "{d}/evil.docx", "-o", "{d}/x.docx"], "đường dẫn không an toàn"),
    (["clean", "{d}/a.xlsx", "-o", "{d}/x.txt"], "không làm sạch được loại tệp này"),
    (["clean", "{d}/fake.docx", "-o", "{d}/x.docx", "--from", "vni"], "--from chỉ dùng cho tệp .txt"),
    (["clean", "{d}/a.txt", "-o", "{d}/x.txt", "--track-changes"], "--track-changes chỉ dùng khi kết quả là tệp .docx"),
    (["clean", "{d}/fake.docx", "-o", "{d}/x.docx", "--date", "hôm qua", "--track-changes"], "Ngày không hợp lệ"),
])
def test_cli_errors(tmp_path, capsys, args, message):
    (tmp_path / "a.txt").write_text("Khối thi đua", encoding="utf-8")
    (tmp_path / "fake.docx").write_bytes(b"not a zip")
    with zipfile.ZipFile(tmp_path / "evil.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/../../evil.xml", "x")
    code, out, err = run_cli([a.format(d=tmp_path) for a in args], capsys)
    assert code != 0
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "x.docx").exists()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Khối thi đua"


# --- LibreOffice opens a tracked-changes output ------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_tracked_changes_output(tmp_path, report_docx):
    out = tmp_path / "tracked.docx"
    out.write_bytes(clean_docx(report_docx, CleanOptions(track_changes=True, date=DATE), STAGES).output)
    proc = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, timeout=120)
    pdf = tmp_path / "tracked.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), proc.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        assert "Khối thi đua" in text or "Khố" in text


def test_tcvn3_soft_hyphen_is_u_horn_and_vni_letter_split_across_runs():
    """Word stores TCVN3 "ư" (0xAD) as <w:softHyphen/>, and may split a VNI letter ("o"+"á" =
    "ố") between two runs: both come back as the right letter, each run keeping its format."""
    from docx.oxml import OxmlElement

    d = docx.Document()
    # TCVN3 "Trưởng ban" with the "ư" stored as a soft hyphen element
    tc = legacy.from_unicode("Trưởng ban", "tcvn3")
    head, tail = tc.split("\xad")
    r = d.add_paragraph().add_run(head)
    r.font.name = ".VnTime"
    r._r.append(OxmlElement("w:softHyphen"))
    t = OxmlElement("w:t")
    t.text = tail
    r._r.append(t)
    # VNI "Khối thi đua" split right after the base letter of "ố"
    vni = legacy.from_unicode("Khối thi đua", "vni")
    cut = vni.index("o") + 1
    p = d.add_paragraph()
    a = p.add_run(vni[:cut])
    a.bold = True
    b = p.add_run(vni[cut:])
    for run in (a, b):
        run.font.name = "VNI-Times"
    buf = io.BytesIO()
    d.save(buf)
    result = clean_docx(buf.getvalue(), CleanOptions(ocr=False))
    root = etree.fromstring(read_package(result.output)["word/document.xml"])
    ps = paragraphs(root)
    assert extract(ps[0]).text == "Trưởng ban"
    assert extract(ps[1]).text == "Khối thi đua"
    runs = ps[1].findall(f"{W}r")
    assert runs[0].find(f"{W}rPr/{W}b") is not None and "".join(t.text for t in runs[0].iter(W + "t")) == "Khố"
    assert runs[1].find(f"{W}rPr/{W}b") is None
