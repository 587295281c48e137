"""One OOXML layer: lint, clean, batch diffs and the web review read the same text and find the
main part the same way; children are inserted by one declared order."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from docgen.batch import paragraph_texts
from docgen.clean import CleanOptions, clean_docx
from docgen.errors import InputError
from docgen.lint import lint_docx
from docgen.lint.model import DocxModel, rule_text
from docgen.ooxml import order
from docgen.ooxml.ns import W, W_NS
from docgen.ooxml.parts import main_part
from docgen.ooxml.text import document_texts, extract

PARA = (f'<w:p xmlns:w="{W_NS}"><w:r><w:t>QĐ</w:t></w:r><w:r><w:noBreakHyphen/><w:t>UBND</w:t></w:r>'
        '<w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText> cũ</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t> dời</w:t></w:r></w:moveFrom>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t> 2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def docx_with_paragraph(xml: str) -> bytes:
    d = docx.Document()
    d.add_paragraph("Mở đầu")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    doc = etree.fromstring(src.read("word/document.xml"))
    body = doc.find(W + "body")
    body.insert(1, etree.fromstring(xml))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = etree.tostring(doc) if info.filename == "word/document.xml" else src.read(info.filename)
            z.writestr(info.filename, data)
    return out.getvalue()


def test_deleted_and_moved_runs_and_field_codes_are_not_text_for_anyone():
    data = docx_with_paragraph(PARA)
    ooxml = document_texts(data)[1]
    assert ooxml == "QĐ\u2011UBND 2"
    lint = DocxModel(data).paragraphs[1]
    assert lint.text == rule_text(ooxml) == "QĐ-UBND 2"
    assert [r.text for r in lint.runs] == ["QĐ", "-UBND", " 2"]
    assert paragraph_texts(data)[1] == ooxml


def test_lint_run_texts_are_the_ooxml_segments():
    p = etree.fromstring(PARA)
    para = extract(p)
    lint = DocxModel(docx_with_paragraph(PARA)).paragraphs[1]
    assert "".join(r.text for r in lint.runs) == rule_text(para.text)


def _renamed_main(data: bytes, name: str, declare: bool = True) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            blob = src.read(info.filename)
            fn = info.filename
            if fn == "word/document.xml":
                fn = name
            elif fn == "word/_rels/document.xml.rels":
                fn = f"word/_rels/{name.split('/')[-1]}.rels"
            elif fn == "_rels/.rels":
                blob = blob.replace(b"word/document.xml", name.encode())
            elif fn == "[Content_Types].xml" and declare:
                blob = blob.replace(b"/word/document.xml", b"/" + name.encode())
            z.writestr(fn, blob)
    return out.getvalue()


def test_clean_and_lint_find_the_main_part_the_same_way():
    d = docx.Document()
    d.add_paragraph("Khối  thi đua")
    buf = io.BytesIO()
    d.save(buf)
    data = _renamed_main(buf.getvalue(), "word/chinh.xml")
    parts = {i.filename: zipfile.ZipFile(io.BytesIO(data)).read(i.filename)
             for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert main_part(parts) == "word/chinh.xml"
    assert DocxModel(data).main == "word/chinh.xml"
    out = clean_docx(data, CleanOptions(ocr=False)).output
    assert "word/chinh.xml" in zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert document_texts(out) == ["Khối thi đua"]
    # declared nowhere as a main part: both refuse, neither "fixes" it into a broken DOCX
    bad = _renamed_main(buf.getvalue(), "word/chinh.xml", declare=False)
    for read in (lambda: clean_docx(bad, CleanOptions(ocr=False)), lambda: lint_docx(bad)):
        with pytest.raises(InputError, match="thiếu phần nội dung chính"):
            read()


def test_children_are_created_in_the_declared_order():
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W_NS}"><w:rStyle w:val="a"/><w:i/><w:sz w:val="28"/>'
                           '<w:rPrChange w:id="1"/></w:rPr>')
    order.child(rpr, "color")
    order.child(rpr, "rFonts")
    order.child(rpr, "lang")
    assert [etree.QName(c).localname for c in rpr] == ["rStyle", "rFonts", "i", "color", "sz", "lang", "rPrChange"]
    r = etree.fromstring(f'<w:r xmlns:w="{W_NS}"><w:t>x</w:t></w:r>')
    assert order.child(r, "rPr") is r[0]
    sect = etree.fromstring(f'<w:sectPr xmlns:w="{W_NS}"><w:headerReference/><w:cols/></w:sectPr>')
    order.child(sect, "pgMar")
    order.child(sect, "pgSz")
    assert [etree.QName(c).localname for c in sect] == ["headerReference", "pgSz", "pgMar", "cols"]
