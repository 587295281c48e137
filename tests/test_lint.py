"""docgen lint: one DOCX per rule, built with python-docx from a conforming base document in the
layout of Decree 30 (Mẫu 1.7, giấy mời); lint finds exactly that rule, --fix repairs it where
the rule is fixable, and the re-lint confirms."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.errors import InputError, UnsafeFileError
from docgen.lint import RULE_IDS, RULES, fix_docx, lint_docx

CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

BODY = [
    "Ban Quản lý trân trọng kính mời đại diện lãnh đạo các đơn vị thành viên Khối thi đua "
    "tới dự Hội nghị tổng kết công tác thi đua năm 2023 của tỉnh Lâm Đồng.",
    "Thời gian: 08 giờ 00, thứ Sáu, ngày 05 tháng 01 năm 2024.",
    "Địa điểm: Hội trường tầng 3, trụ sở Ban Quản lý, số 36 Trần Phú, thành phố Đà Lạt.",
    "Đại biểu của Bộ Kế hoạch và Đầu tư phát biểu chỉ đạo tại Hội nghị.",
    "Đề nghị các đơn vị cử người tham dự đúng thành phần, thời gian./.",
]


def _bottom_border(p) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def add(container, text, size, *, bold=False, italic=False, align=CENTER, first=False):
    p = container.paragraphs[0] if first else container.add_paragraph()
    p.alignment = align
    if text:
        r = p.add_run(text)
        r.font.size = Pt(size)
        r.bold, r.italic = bold, italic
    return p


def _page_field(paragraph, size):
    def run():
        r = paragraph.add_run()
        r.font.size = Pt(size)
        return r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run()._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._r.append(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run()._r.append(sep)
    run().text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run()._r.append(end)


def base_document() -> Document:
    """A giấy mời laid out as Decree 30 asks, written by hand with python-docx."""
    d = Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = CENTER
    _page_field(hp, 13)

    head = d.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    add(left, "UBND TỈNH LÂM ĐỒNG", 13, first=True)
    # broken where a clerk breaks it: on one line it would wrap inside "CÔNG NGHIỆP" in its cell
    agency = add(left, "BAN QUẢN LÝ", 13, bold=True)
    agency.runs[0].add_break()
    agency.runs[0].add_text("CÁC KHU CÔNG NGHIỆP")
    _bottom_border(agency)
    add(left, "Số: 05/GM-BQL", 13)
    add(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, first=True)
    _bottom_border(add(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True))
    add(right, "Lâm Đồng, ngày 28 tháng 12 năm 2023", 14, italic=True)

    add(d, "GIẤY MỜI", 14, bold=True)
    _bottom_border(add(d, "Dự Hội nghị tổng kết công tác thi đua năm 2023", 14, bold=True))
    for text in BODY:
        p = add(d, text, 14, align=JUSTIFY)
        p.paragraph_format.first_line_indent = Mm(12.7)
        p.paragraph_format.space_after = Pt(6)
        p.paragraph_format.line_spacing = 1.0

    tail = d.add_table(rows=1, cols=2)
    left, right = tail.rows[0].cells
    add(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT, first=True)
    add(left, "- Như trên;", 11, align=LEFT)
    add(left, "- Các đơn vị thành viên Khối;", 11, align=LEFT)
    add(left, "- Lưu: VT, VP.", 11, align=LEFT)
    add(right, "KT. TRƯỞNG BAN", 14, bold=True, first=True)
    add(right, "PHÓ TRƯỞNG BAN", 14, bold=True)
    add(right, "", 14)
    add(right, "(Đã ký)", 14, italic=True)
    add(right, "Trần Văn Biên", 14, bold=True)
    return d


def save(d: Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def para(d: Document, text: str):
    """The paragraph (body or table cell) whose text starts with ``text``."""
    for p in d.paragraphs:
        if p.text.startswith(text):
            return p
    for t in d.tables:
        for cell in t._cells:
            for p in cell.paragraphs:
                if p.text.startswith(text):
                    return p
    raise AssertionError(text)


def set_text(d, start, new):
    p = para(d, start)
    p.runs[0].text = new
    for r in p.runs[1:]:
        r.text = ""


def set_size(d, start, size):
    for r in para(d, start).runs:
        r.font.size = Pt(size)


def page_size(d):
    d.sections[0].page_width, d.sections[0].page_height = Mm(215.9), Mm(279.4)


def landscape(d):
    s = d.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Mm(297), Mm(210)


def arial(d):
    para(d, "Thời gian").runs[0].font.name = "Arial"


def no_title_pg(d):
    d.sections[0].different_first_page_header_footer = False


# (rule, mutation, fixable, expected substring of "found")
CASES = [
    ("ND30-PAGE-SIZE", page_size, True, "215,9"),
    ("ND30-PAGE-SIZE", landscape, True, "khổ ngang"),
    ("ND30-MARGINS", lambda d: setattr(d.sections[0], "left_margin", Mm(20)), True, "20 mm"),
    ("ND30-MARGINS", lambda d: setattr(d.sections[0], "top_margin", Mm(30)), True, "30 mm"),
    ("ND30-FONT", arial, True, "Arial"),
    ("ND30-FONT", lambda d: setattr(d.styles["Normal"].font, "name", "Calibri"), True, "Calibri"),
    ("ND30-NATIONAL-TITLE", lambda d: setattr(para(d, "CỘNG HÒA").runs[0], "bold", False), False, "thường"),
    ("ND30-NATIONAL-TITLE", lambda d: set_size(d, "CỘNG HÒA", 14), True, "cỡ 14"),
    ("ND30-NATIONAL-TITLE", lambda d: set_text(d, "CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam"), False, "Cộng"),
    ("ND30-MOTTO", lambda d: set_text(d, "Độc lập", "Độc lập – Tự do – Hạnh phúc"), True, "–"),
    ("ND30-MOTTO", lambda d: set_text(d, "Độc lập", "Độc Lập-Tự Do-Hạnh Phúc"), True, "Lập"),
    ("ND30-AGENCY", lambda d: setattr(para(d, "BAN QUẢN LÝ").runs[0], "bold", False), False, "thường"),
    ("ND30-AGENCY", lambda d: set_text(d, "BAN QUẢN LÝ", "Ban Quản lý các khu công nghiệp"), False, "Ban"),
    ("ND30-AGENCY", lambda d: set_size(d, "UBND", 14), True, "cỡ 14"),
    ("ND30-NUMBER", lambda d: set_text(d, "Số:", "Số: 5/GM-BQL"), True, "«5»"),
    ("ND30-NUMBER", lambda d: set_text(d, "Số:", "Số: 05/QĐ-BQL"), False, "QĐ"),
    ("ND30-NUMBER", lambda d: set_text(d, "Số:", "Số: 05/CV-BQL"), False, "CV"),
    ("ND30-NUMBER", lambda d: set_text(d, "Số:", "Số: 05 / GM - BQL"), False, "05 / GM"),
    ("ND30-PLACE-DATE", lambda d: set_text(d, "Lâm Đồng", "Lâm Đồng, ngày 5 tháng 1 năm 2024"), True, "ngày 5"),
    ("ND30-PLACE-DATE", lambda d: set_text(d, "Lâm Đồng", "Lâm Đồng, ngày 15 tháng 03 năm 2024"), True, "tháng 03"),
    ("ND30-PLACE-DATE", lambda d: set_text(d, "Lâm Đồng", "Lâm Đồng, ngày 30 tháng 02 năm 2024"), False, "30"),
    ("ND30-PLACE-DATE", lambda d: set_text(d, "Lâm Đồng", "tỉnh Lâm Đồng, ngày 28 tháng 12 năm 2023"), False, "tỉnh"),
    ("ND30-PLACE-DATE", lambda d: setattr(para(d, "Lâm Đồng,").runs[0], "italic", False), False, "đứng"),
    ("ND30-DOC-TYPE", lambda d: setattr(para(d, "GIẤY MỜI").runs[0], "bold", False), False, "thường"),
    ("ND30-DOC-TYPE", lambda d: setattr(para(d, "GIẤY MỜI"), "alignment", LEFT), False, "căn trái"),
    ("ND30-DOC-TYPE", lambda d: set_size(d, "GIẤY MỜI", 16), True, "cỡ 16"),
    ("ND30-SUMMARY", lambda d: set_size(d, "Dự Hội nghị", 12), True, "cỡ 12"),
    ("ND30-BODY", lambda d: setattr(para(d, "Địa điểm"), "alignment", LEFT), False, "căn trái ở đoạn 11"),
    ("ND30-BODY", lambda d: setattr(para(d, "Địa điểm").paragraph_format, "first_line_indent", Mm(5)), False,
     "lùi đầu dòng 5 mm ở đoạn 11"),
    ("ND30-BODY", lambda d: setattr(para(d, "Địa điểm").paragraph_format, "space_after", Pt(0)), False,
     "cách đoạn 0 pt ở đoạn 11"),
    ("ND30-BODY", lambda d: setattr(para(d, "Địa điểm").paragraph_format, "line_spacing", 2.0), False,
     "giãn 2 dòng ở đoạn 11"),
    ("ND30-BODY", lambda d: setattr(para(d, "Địa điểm").paragraph_format, "line_spacing", Pt(30)), False,
     "giãn đúng 30 pt ở đoạn 11"),
    ("ND30-BODY", lambda d: set_size(d, "Thời gian", 12), True, "cỡ 12 ở đoạn 10"),
    ("ND30-SIGNER", lambda d: set_text(d, "PHÓ TRƯỞNG", "Phó Trưởng ban"), False, "Phó"),
    ("ND30-SIGNER", lambda d: set_text(d, "KT.", "K/T TRƯỞNG BAN"), False, "K/T"),
    ("ND30-SIGNER", lambda d: setattr(para(d, "Trần Văn").runs[0], "bold", False), False, "thường"),
    ("ND30-SIGNER", lambda d: set_size(d, "Trần Văn", 12), True, "cỡ 12"),
    ("ND30-RECIPIENTS", lambda d: set_text(d, "- Lưu", "- Lưu: VT, VP"), True, "Lưu"),
    ("ND30-RECIPIENTS", lambda d: set_text(d, "- Như trên", "-Như trên,"), True, "Như"),
    ("ND30-RECIPIENTS", lambda d: setattr(para(d, "Nơi nhận").runs[0], "italic", False), False, "đứng"),
    ("ND30-RECIPIENTS", lambda d: set_size(d, "- Như trên", 13), True, "cỡ 13"),
    ("ND30-RECIPIENTS", lambda d: set_text(d, "- Lưu", "- Các sở, ngành."), False, "Các sở"),
    ("ND30-END-MARK", lambda d: set_text(d, "Đề nghị", "Đề nghị các đơn vị cử người tham dự."), False, "tham dự"),
    ("ND30-PAGE-NUMBER", no_title_pg, False, "trang 1"),
    ("ND30-PAGE-NUMBER", lambda d: setattr(d.sections[0].header.paragraphs[0], "alignment", LEFT), False,
     "căn trái"),
    ("ND30-PAGE-NUMBER", lambda d: [setattr(r.font, "size", Pt(10)) for r in d.sections[0].header.paragraphs[0].runs],
     True, "cỡ 10"),
    ("ND30-PAGE-NUMBER", lambda d: setattr(d.sections[0].header.paragraphs[0]._p.xpath(".//w:instrText")[0],
                                           "text", " PAGE \\* ROMAN "), False, "ROMAN"),
    ("ND30-HEADER-BREAK", lambda d: set_text(d, "BAN QUẢN LÝ", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"), True,
     "CÔNG / NGHIỆP"),
    ("ND30-SIGNER-PAGE", lambda d: setattr(para(d, "Trần Văn").paragraph_format, "page_break_before", True), False,
     "ngắt trang"),
    ("ND30-SENTENCE-CASE", lambda d: set_text(d, "Thời gian", "Thời gian: 08 giờ 00, Thứ Sáu, ngày 05 tháng 01 năm 2024."),
     False, "Thứ Sáu"),
    ("ND30-CAPITALIZATION", lambda d: set_text(d, "Đại biểu", "Đại biểu của Bộ Kế Hoạch Và Đầu Tư phát biểu."),
     False, "Kế Hoạch"),
    ("ND30-CAPITALIZATION", lambda d: set_text(d, "Đại biểu", "Đại biểu của Tỉnh Lâm Đồng phát biểu."),
     False, "Tỉnh Lâm Đồng"),
]


@pytest.fixture(scope="module")
def base_bytes() -> bytes:
    return save(base_document())


def test_hand_written_document_is_clean(base_bytes):
    assert [f.to_dict() for f in lint_docx(base_bytes)] == []


def test_every_rule_has_a_case():
    assert {c[0] for c in CASES} == set(RULE_IDS)
    for r in RULES:
        assert r.id.startswith("ND30-") and r.title and r.description


@pytest.mark.parametrize("rule_id,mutate,fixable,found", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_case(rule_id, mutate, fixable, found):
    d = base_document()
    mutate(d)
    data = save(d)
    findings = lint_docx(data)
    assert {f.rule for f in findings} == {rule_id}, [f.to_dict() for f in findings]
    assert any(found in f.found or found in f.message for f in findings), [f.to_dict() for f in findings]
    for f in findings:
        assert f.message and f.expected and f.location
        assert re.search(r"[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữựọỏõóòíìỉĩịúùủũụýỳỷỹỵéèẻẽẹ]",
                         f.message.lower()), f.message
    result = fix_docx(data)
    if fixable:
        assert result.fixed and all(f.fixable for f in findings)
        assert [f.to_dict() for f in result.remaining] == []
    else:
        assert {f.rule for f in result.remaining} == {rule_id}
    assert lint_docx(result.data) == result.remaining


def test_fix_keeps_untouched_parts_byte_identical(base_bytes):
    d = base_document()
    d.sections[0].left_margin = Mm(20)
    data = save(d)
    fixed = fix_docx(data).data
    before = zipfile.ZipFile(io.BytesIO(data))
    after = zipfile.ZipFile(io.BytesIO(fixed))
    assert before.namelist() == after.namelist()
    changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["word/document.xml"]
    assert b'w:left="1701"' in after.read("word/document.xml")


def test_fix_is_deterministic():
    d = base_document()
    set_text(d, "Số:", "Số: 5/GM-BQL")
    data = save(d)
    once = fix_docx(data).data
    assert fix_docx(data).data == once
    assert fix_docx(once).data == once  # nothing left to fix: the same bytes again


def test_fix_keeps_run_formatting_of_text_edits():
    d = base_document()
    set_text(d, "Lâm Đồng", "Lâm Đồng, ngày 5 tháng 1 năm 2024")
    out = fix_docx(save(d)).data
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    m = re.search(r"<w:r>(?:(?!</w:r>).)*Lâm Đồng, ngày 05 tháng 01 năm 2024</w:t></w:r>", xml)
    assert m and "<w:i/>" in m.group()


def test_ignore_switches_a_rule_off():
    d = base_document()
    d.sections[0].left_margin = Mm(20)
    data = save(d)
    assert lint_docx(data, ignore=["ND30-MARGINS"]) == []
    with pytest.raises(InputError, match="ND30-NOPE"):
        lint_docx(data, ignore=["ND30-NOPE"])


def test_style_inheritance_is_resolved():
    """A font set on a character style, and a size from a based-on paragraph style, count."""
    d = base_document()
    styles = d.styles
    from docx.enum.style import WD_STYLE_TYPE
    cs = styles.add_style("Lạ", WD_STYLE_TYPE.CHARACTER)
    cs.font.name = "Verdana"
    run = para(d, "Thời gian").runs[0]
    run.style = cs
    findings = lint_docx(save(d))
    assert [(f.rule, f.found) for f in findings] == [("ND30-FONT", "Verdana")]
    # direct formatting wins over the character style
    run.font.name = "Times New Roman"
    assert lint_docx(save(d)) == []


def test_header_as_body_paragraphs_is_found():
    """The header written as plain paragraphs (no table) is read the same way."""
    d = Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(14)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    add(d, "KHỐI THI ĐUA CÁC BAN QUẢN LÝ", 13, bold=True)
    add(d, "Số: 7/BB-KTĐ", 13)
    add(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    add(d, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    add(d, "BIÊN BẢN", 14, bold=True)
    body = add(d, "Hội nghị kết thúc lúc 11 giờ 30 cùng ngày./.", 14, align=JUSTIFY)
    body.paragraph_format.first_line_indent = Mm(10)
    body.paragraph_format.space_before = Pt(6)
    t = d.add_table(rows=1, cols=2)
    add(t.cell(0, 0), "THƯ KÝ", 14, bold=True, first=True)
    add(t.cell(0, 0), "Lê Thị Hoa", 14, bold=True)
    add(t.cell(0, 0), "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
    add(t.cell(0, 0), "- Lưu: VT, Hồ sơ.", 11, align=LEFT)
    add(t.cell(0, 1), "CHỦ TỌA", 14, bold=True, first=True)
    add(t.cell(0, 1), "Trần Văn Biên", 14, bold=True)
    findings = lint_docx(save(d))
    assert [(f.rule, f.found, f.expected) for f in findings] == [("ND30-NUMBER", "«7»", "«07»")]


# -- hostile and broken input ----------------------------------------------------------------------

def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


CT = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      b'wordprocessingml.document.main+xml"/></Types>')


def test_not_a_zip():
    with pytest.raises(InputError, match="không phải tệp DOCX"):
        lint_docx(b"%PDF-1.4 this is not a docx")


def test_missing_document_xml():
    with pytest.raises(InputError, match="word/document.xml"):
        lint_docx(_zip({"[Content_Types].xml": CT}))


def test_doctype_entity_is_refused():
    doc = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(UnsafeFileError, match="DOCTYPE"):
        lint_docx(_zip({"[Content_Types].xml": CT, "word/document.xml": doc}))


def test_zip_bomb_is_refused():
    with pytest.raises(UnsafeFileError, match="bom ZIP|quá lớn"):
        lint_docx(_zip({"[Content_Types].xml": CT, "word/document.xml": b"<" + b"a" * 5_000_000}))


def test_plain_docx_without_decree_layout_only_gets_page_rules():
    d = Document()
    d.add_paragraph("Một đoạn văn bản bình thường.")
    rules = {f.rule for f in lint_docx(save(d))}
    assert rules == {"ND30-PAGE-SIZE", "ND30-MARGINS", "ND30-FONT"}


def test_signer_name_in_wrong_case():
    d = base_document()
    set_text(d, "Trần Văn", "Trần văn biên")
    findings = lint_docx(save(d))
    assert [(f.rule, f.found, f.expected) for f in findings] == [
        ("ND30-SIGNER", "«Trần văn biên»", "«Trần Văn Biên»")]


def test_font_in_header_is_checked_and_fixed_in_the_header_part_only():
    d = base_document()
    for r in d.sections[0].header.paragraphs[0].runs:
        r.font.name = "Arial"
    data = save(d)
    findings = lint_docx(data)
    assert [(f.rule, f.location["where"], f.found) for f in findings] == [("ND30-FONT", "đầu trang", "Arial")]
    result = fix_docx(data)
    assert result.remaining == []
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(result.data))
    changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert len(changed) == 1 and changed[0].startswith("word/header")


def test_ho_chi_minh_city_is_written_in_full():
    d = base_document()
    set_text(d, "Lâm Đồng,", "TP. Hồ Chí Minh, ngày 28 tháng 12 năm 2023")
    assert [(f.rule, f.expected) for f in lint_docx(save(d))] == [("ND30-PLACE-DATE", "«Thành phố Hồ Chí Minh»")]
    set_text(d, "TP.", "Thành phố Hồ Chí Minh, ngày 28 tháng 12 năm 2023")
    assert lint_docx(save(d)) == []


def test_decision_layout_is_clean():
    """Quyết định: bases in italics, a centred «QUYẾT ĐỊNH:» and articles; the centred line is
    no body paragraph and the type is taken from the title, not from «QUYẾT ĐỊNH:»."""
    d = base_document()
    set_text(d, "Số:", "Số: 08/QĐ-BQL")
    set_text(d, "GIẤY MỜI", "QUYẾT ĐỊNH")
    set_text(d, "Dự Hội nghị", "Về việc khen thưởng năm 2023")
    set_text(d, "Ban Quản lý trân", "Căn cứ Quy chế hoạt động của Khối thi đua;")
    para(d, "Căn cứ").runs[0].italic = True
    p = para(d, "Thời gian")
    set_text(d, "Thời gian", "QUYẾT ĐỊNH:")
    p.alignment = CENTER
    p.paragraph_format.first_line_indent = None
    p.runs[0].bold = True
    set_text(d, "Địa điểm", "Điều 1. Khen thưởng các tập thể có thành tích xuất sắc.")
    set_text(d, "Đề nghị", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.")
    assert [f.to_dict() for f in lint_docx(save(d))] == []
    set_text(d, "Số:", "Số: 08/GM-BQL")
    assert [(f.rule, f.found, f.expected) for f in lint_docx(save(d))] == [("ND30-NUMBER", "«GM»", "«QĐ»")]


def test_pledge_grid_without_number_or_recipients_is_clean():
    d = base_document()
    left = d.tables[0].rows[0].cells[0]
    for p in list(left.paragraphs):
        if p.text.startswith(("Số:", "UBND")):
            p._p.getparent().remove(p._p)
    set_text(d, "GIẤY MỜI", "BẢN GIAO ƯỚC THI ĐUA NĂM 2024")
    tail = d.tables[1]
    tail._tbl.getparent().remove(tail._tbl)
    grid = d.add_table(rows=2, cols=2)
    for i, cell in enumerate(grid._cells):
        add(cell, f"BAN QUẢN LÝ KHU KINH TẾ SỐ {i + 1}", 13, bold=True, first=True)
        add(cell, "TRƯỞNG BAN", 13, bold=True)
        add(cell, "", 14)
        add(cell, ["Lê Văn Minh", "Phạm Quốc Bảo", "Võ Văn Phụng", "Trần Văn Biên"][i], 14, bold=True)
    assert [f.to_dict() for f in lint_docx(save(d))] == []
    grid.cell(1, 1).paragraphs[1].runs[0].text = "Trưởng ban"
    assert [(f.rule, f.location["where"]) for f in lint_docx(save(d))] == [("ND30-SIGNER", "bảng 2, hàng 2, cột 2")]


def _one_paragraph_header(d, motto="Độc lập - Tự do - Hạnh phúc"):
    """National title and motto in one paragraph, split by a line break (Shift+Enter)."""
    cell = d.tables[0].rows[0].cells[1]
    first, second = cell.paragraphs[0], cell.paragraphs[1]
    first.runs[0].add_break()
    r = first.add_run(motto)
    r.bold, r.font.size = True, Pt(14)
    second._p.getparent().remove(second._p)


def test_title_and_motto_split_by_a_line_break():
    d = base_document()
    _one_paragraph_header(d)
    assert [f.to_dict() for f in lint_docx(save(d))] == []
    d = base_document()
    _one_paragraph_header(d, "Độc lập – Tự do – Hạnh phúc")
    data = save(d)
    assert [(f.rule, f.found) for f in lint_docx(data)] == [("ND30-MOTTO", "«Độc lập – Tự do – Hạnh phúc»")]
    result = fix_docx(data)
    assert result.remaining == []
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read("word/document.xml").decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t><w:br/>" in xml and ">Độc lập - Tự do - Hạnh phúc<" in xml


def test_recipients_split_by_line_breaks_are_fixed_line_by_line():
    d = base_document()
    cell = d.tables[1].rows[0].cells[0]
    keep = cell.paragraphs[1]
    for p in cell.paragraphs[2:]:
        p._p.getparent().remove(p._p)
    keep.runs[0].text = "- Như trên"
    keep.runs[0].add_break()
    r = keep.add_run("- Lưu: VT, VP")
    r.font.size = Pt(11)
    data = save(d)
    assert [(f.rule, f.found) for f in lint_docx(data)] == [("ND30-RECIPIENTS", "«- Như trên»"),
                                                            ("ND30-RECIPIENTS", "«- Lưu: VT, VP»")]
    result = fix_docx(data)
    assert result.remaining == []
    xml = zipfile.ZipFile(io.BytesIO(result.data)).read("word/document.xml").decode()
    assert ">- Như trên;</w:t><w:br/>" in xml and ">- Lưu: VT, VP.<" in xml


def test_cong_van_has_no_type_line_but_a_subject():
    d = base_document()
    set_text(d, "Số:", "Số: 45/BQL-VP")
    add(d.tables[0].rows[0].cells[0], "V/v tổ chức Hội nghị tổng kết", 12)
    for text in ("GIẤY MỜI", "Dự Hội nghị"):
        p = para(d, text)
        p._p.getparent().remove(p._p)
    assert [f.to_dict() for f in lint_docx(save(d))] == []
    para(d, "V/v").runs[0].bold = True
    assert [(f.rule, f.found) for f in lint_docx(save(d))] == [("ND30-SUMMARY", "chữ đậm")]


def _xml_para(text, size, *, bold=False, italic=False, jc="center", body=False):
    ppr = f'<w:jc w:val="{jc}"/>'
    if body:
        ppr = '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/><w:ind w:firstLine="567"/>' + ppr
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + f'<w:sz w:val="{int(size * 2)}"/>'
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def raw_docx(paragraphs: list[str]) -> bytes:
    """A package written by hand: no styles part, no theme, everything formatted directly."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>'
           + "".join(paragraphs)
           + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" '
             'w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
    return _zip({"[Content_Types].xml": ct.encode(), "_rels/.rels": rels.encode(), "word/document.xml": doc.encode()})


def test_raw_xml_document_with_signer_in_body_paragraphs_is_clean():
    paras = [
        _xml_para("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", 13, bold=True),
        _xml_para("Số: 12/TB-UBND", 13),
        _xml_para("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True),
        _xml_para("Độc lập - Tự do - Hạnh phúc", 13, bold=True),
        _xml_para("Lâm Đồng, ngày 09 tháng 10 năm 2024", 13, italic=True),
        _xml_para("THÔNG BÁO", 13, bold=True),
        _xml_para("Kết luận của Chủ tịch Ủy ban nhân dân tỉnh", 13, bold=True),
        _xml_para("Ủy ban nhân dân tỉnh Lâm Đồng thông báo kết luận của Chủ tịch như sau./.", 13,
                  jc="both", body=True),
        _xml_para("Nơi nhận:", 12, bold=True, italic=True, jc="left"),
        _xml_para("- Các sở, ban, ngành;", 11, jc="left"),
        _xml_para("- Lưu: VT, TH.", 11, jc="left"),
        _xml_para("TM. ỦY BAN NHÂN DÂN", 13, bold=True),
        _xml_para("CHỦ TỊCH", 13, bold=True),
        _xml_para("Trần Văn Hiệp", 13, bold=True),
    ]
    assert [f.to_dict() for f in lint_docx(raw_docx(paras))] == []
    paras[12] = _xml_para("Chủ tịch", 13, bold=True)
    assert [(f.rule, f.location["paragraph"]) for f in lint_docx(raw_docx(paras))] == [("ND30-SIGNER", 13)]


def test_drafter_and_copies_after_the_filing_line_are_no_recipient():
    d = base_document()
    add(d.tables[1].rows[0].cells[0], "PL.(300)", 11, align=LEFT)
    assert [f.to_dict() for f in lint_docx(save(d))] == []


def test_first_line_position_counts_the_left_indent():
    d = base_document()
    fmt = para(d, "Địa điểm").paragraph_format
    fmt.first_line_indent, fmt.left_indent = None, Mm(10)
    assert lint_docx(save(d)) == []
    fmt.first_line_indent = Mm(10)
    assert [(f.rule, f.location["paragraph"]) for f in lint_docx(save(d))] == [("ND30-BODY", 11)]


def test_a_data_table_in_the_body_is_no_signature():
    """A table inside the body (before the recipients and a signer written as paragraphs) is data."""
    cells = "".join(f"<w:tc>{_xml_para(t, 13)}</w:tc>" for t in ("STT", "TÊN ĐƠN VỊ"))
    paras = [
        _xml_para("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", 13, bold=True),
        _xml_para("Số: 12/BC-UBND", 13),
        _xml_para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True),
        _xml_para("Độc lập - Tự do - Hạnh phúc", 14, bold=True),
        _xml_para("Lâm Đồng, ngày 09 tháng 10 năm 2024", 14, italic=True),
        _xml_para("BÁO CÁO", 14, bold=True),
        _xml_para("Danh sách đơn vị được khen thưởng./.", 14, jc="both", body=True),
        f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>",
        _xml_para("Nơi nhận:", 12, bold=True, italic=True, jc="left"),
        _xml_para("- Lưu: VT, TH.", 11, jc="left"),
        _xml_para("KT. CHỦ TỊCH", 14, bold=True),
        _xml_para("PHÓ CHỦ TỊCH", 14, bold=True),
        _xml_para("Trần Văn Hiệp", 14, bold=True),
    ]
    assert [f.to_dict() for f in lint_docx(raw_docx(paras))] == []


def test_style_cycle_does_not_hang():
    d = base_document()
    normal = d.styles["Normal"].element
    based = OxmlElement("w:basedOn")
    based.set(qn("w:val"), normal.get(qn("w:styleId")))
    normal.insert(1, based)  # Normal based on itself
    assert lint_docx(save(d)) == []
