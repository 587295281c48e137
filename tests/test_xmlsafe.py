"""The one XML-safety layer (docgen.io.xmlsafe): hostile parts built on purpose are refused by
every reader of DOCX parts, with one Vietnamese message naming the file and the part."""
from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import docx
import pytest

from docgen.batch import paragraph_texts
from docgen.clean import CleanOptions, clean_docx
from docgen.cli import main
from docgen.errors import UnsafeFileError
from docgen.io import xmlsafe
from docgen.io.xmlsafe import parse_xml
from docgen.lint import lint_docx
from docgen.ooxml.text import document_texts
from docgen.render.engine import DocxTemplate

W_DECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY = f'<w:document {W_DECL}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
DTD = '<!DOCTYPE w:document [<!ENTITY xxe "Khối thi đua">]>'


def base_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("Khối thi đua các cơ quan")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def with_part(data: bytes, name: str, blob: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, blob if info.filename == name else src.read(info.filename))
    return out.getvalue()


def utf16_doctype() -> bytes:
    return ('<?xml version="1.0" encoding="UTF-16"?>' + DTD + BODY).encode("utf-16")


def doctype_after_comment() -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 70_000 + "-->" + DTD + BODY).encode()


HOSTILE = {"utf16": utf16_doctype, "after-70KB-comment": doctype_after_comment}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_parser_refuses_any_dtd_whatever_the_encoding(make):
    with pytest.raises(UnsafeFileError, match="DOCTYPE") as exc:
        parse_xml(make(), "word/document.xml", "bao-cao.docx")
    assert "bao-cao.docx" in str(exc.value) and "word/document.xml" in str(exc.value)


def test_a_plain_doctype_without_entities_is_refused_too():
    with pytest.raises(UnsafeFileError, match="DOCTYPE"):
        parse_xml(b'<?xml version="1.0"?><!DOCTYPE w><w/>', "word/styles.xml")


def test_a_dtd_in_a_utf16_part_is_refused_even_before_the_root_is_read():
    """The raw-bytes check this layer replaced looked for b"<!DOCTYPE": UTF-16 has none."""
    data = utf16_doctype()
    assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data
    with pytest.raises(UnsafeFileError, match="DOCTYPE"):
        parse_xml(data, "word/document.xml")


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_docx_reader_refuses_the_hostile_main_part(make):
    data = with_part(base_docx(), "word/document.xml", make())
    for read in (lambda: clean_docx(data, CleanOptions(ocr=False)), lambda: lint_docx(data),
                 lambda: document_texts(data), lambda: paragraph_texts(data),
                 lambda: DocxTemplate(data, name="mau.docx")):
        with pytest.raises(UnsafeFileError, match="DOCTYPE"):
            read()


def test_hostile_styles_part_is_refused_by_clean_and_lint():
    styles = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:styles [<!ENTITY a "b">]>'
              f'<w:styles {W_DECL}/>').encode("utf-16")
    data = with_part(base_docx(), "word/styles.xml", styles)
    for read in (lambda: clean_docx(data, CleanOptions(ocr=False)), lambda: lint_docx(data)):
        with pytest.raises(UnsafeFileError, match="word/styles.xml.*DOCTYPE"):
            read()


def test_undefined_entity_without_dtd_gets_a_vietnamese_message():
    with pytest.raises(UnsafeFileError) as exc:
        parse_xml(BODY.encode(), "word/document.xml", "a.docx")
    msg = str(exc.value)
    assert "thực thể XML không được khai báo" in msg and "a.docx" in msg
    assert "Entity" not in msg and "defined" not in msg  # no libxml2 English


def test_depth_bound():
    with pytest.raises(UnsafeFileError, match="lồng nhau quá sâu"):
        parse_xml(b"<a>" * 300 + b"</a>" * 300, "word/document.xml")
    assert parse_xml(b"<a>" * 200 + b"</a>" * 200).tag == "a"


def test_text_node_bound():
    with pytest.raises(UnsafeFileError, match="đoạn chữ quá dài") as exc:
        parse_xml(b"<a>" + b"x" * 10_500_000 + b"</a>", "word/document.xml")
    assert "Text node" not in str(exc.value)


def test_node_and_text_bounds(monkeypatch):
    monkeypatch.setattr(xmlsafe, "MAX_NODES", 1000)
    with pytest.raises(UnsafeFileError, match="nút XML, vượt giới hạn an toàn 1.000"):
        parse_xml(b"<a>" + b"<b/>" * 1000 + b"</a>", "word/document.xml")
    monkeypatch.setattr(xmlsafe, "MAX_NODES", 3_000_000)
    monkeypatch.setattr(xmlsafe, "MAX_TEXT_CHARS", 100)
    with pytest.raises(UnsafeFileError, match="101 ký tự"):
        parse_xml(b"<a><b>" + b"x" * 50 + b"</b>" + "ố".encode() * 51 + b"</a>")


def test_malformed_part_message_has_no_library_english():
    with pytest.raises(UnsafeFileError) as exc:
        parse_xml(b"<a><b></a>", "word/document.xml", "x.docx")
    msg = str(exc.value)
    assert msg.startswith("Tệp x.docx, thành phần word/document.xml không phải XML hợp lệ (dòng 1")
    assert "mismatch" not in msg.lower()


@pytest.fixture
def run(capsys):
    def invoke(*args):
        with pytest.raises(SystemExit) as exc:
            main([*map(str, args)])
        out = capsys.readouterr()
        return SimpleNamespace(exit_code=exc.value.code, output=out.out + out.err)
    return invoke


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_cli_clean_and_lint_refuse_with_one_message(run, tmp_path, make):
    f = tmp_path / "doc-hai.docx"
    f.write_bytes(with_part(base_docx(), "word/document.xml", make()))
    before = f.read_bytes()
    res = run("clean", f, "-o", tmp_path / "ra.docx")
    assert res.exit_code == 2 and "DOCTYPE" in res.output and str(f) in res.output
    assert "Traceback" not in res.output and not (tmp_path / "ra.docx").exists()
    res = run("lint", f)
    assert res.exit_code == 2 and "DOCTYPE" in res.output and "đạt" not in res.output
    assert f.read_bytes() == before


def test_ordinary_docx_parts_still_parse():
    src = zipfile.ZipFile(io.BytesIO(base_docx()))
    for name in src.namelist():
        if name.endswith((".xml", ".rels")):
            assert parse_xml(src.read(name), name) is not None


@pytest.mark.parametrize("part", ["word/settings.xml", "word/fontTable.xml", "docProps/core.xml"])
def test_a_hostile_part_nobody_reads_is_not_copied_into_an_output(part, tmp_path):
    from docgen.lint.fix import fix_docx
    data = with_part(base_docx(), part, utf16_doctype())
    for write in (lambda: clean_docx(data, CleanOptions(ocr=False)), lambda: fix_docx(data)):
        with pytest.raises(UnsafeFileError, match=f"{part}.*DOCTYPE"):
            write()
