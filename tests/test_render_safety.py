"""The template engine's safety: bounded work (sandbox limits), control characters in values
mapped or refused, include/import refused in Vietnamese, every part of every output parses."""
from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from docx import Document
from lxml import etree

from docgen.errors import TemplateError
from docgen.model import KINDS, Record
from docgen.produce import context, template_path
from docgen.render import DocxTemplate
from docgen.render.engine import TEMPLATES_DIR

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(*paragraphs: str, **kw) -> DocxTemplate:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return DocxTemplate(buf.getvalue(), name="mau.docx", **kw)


def parse_all_parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of a DOCX parses (the guarantee every output keeps)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                out[name] = etree.fromstring(zf.read(name))
    assert "word/document.xml" in out
    return out


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return list(parse_all_parts(data)["word/document.xml"].iter(W + "p"))


def ptext(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


# ---------------------------------------------------------------- bounded work

@pytest.mark.parametrize(("source", "expected"), [
    ("{{ 'x' * 2000000000 }}", "chuỗi dài 2.000.000.000 ký tự"),
    ("{{ 2000000000 * 'x' }}", "chuỗi dài"),
    ("{{ [1, 2] * 10**9 }}", "danh sách"),
    ("{{ 2 ** 100000000 }}", "lũy thừa"),
    ("{{ 'x'.ljust(10**9) }}", "chuỗi dài"),
    ("{{ 'x'|center(10**9) }}", "chuỗi dài"),
    ("{{ 'a\nb'|indent(10**9) }}", "chuỗi dài"),
    ("{{ range(100000)|join('x' * 900000) }}", "chuỗi dài"),
    ("{{ ('x' * 999999)|replace('x', 'yy') }}", "chuỗi dài"),
    ("{{ '%999999999s' % 'x' }}", "độ rộng"),
    ("{{ '{:>999999999}'.format('x') }}", "độ rộng"),
    ("{{ range(10**9)|list|length }}", "range()"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "vòng lặp"),
    ("{% for i in range(2000) %}{% for j in range(2000) %}{{ j }}{% endfor %}{% endfor %}", "vòng lặp"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "đệ quy"),
    ("{{ [1]|batch(10**9, 0)|list }}", "danh sách"),
])
def test_runaway_templates_stop_with_a_vietnamese_message(source, expected):
    tpl = build("Kính gửi:", source)
    with pytest.raises(TemplateError) as err:
        tpl.render({})
    msg = str(err.value)
    assert expected in msg
    assert "mau.docx" in msg and "đoạn 2" in msg and "hãy" in msg


def test_output_size_is_capped(monkeypatch):
    from docgen.render import sandbox
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 200_000)
    tpl = build("{% for i in range(50000) %}{{ 'abcdefghij' }}{% endfor %}")
    with pytest.raises(TemplateError, match="vượt 200.000 ký tự"):
        tpl.render({})


def test_the_loop_budget_is_per_document_not_per_process():
    tpl = build("{% for i in range(600) %}{% for j in range(1000) %}{% endfor %}{% endfor %}xong")
    for _ in range(3):  # 3 x 600,000 iterations: each document has its own budget
        assert "xong" in [ptext(p) for p in body_paragraphs(tpl.render({}))]


def test_ordinary_loops_and_arithmetic_still_work():
    tpl = build("{% for i in range(3) %}{{ i * 2 }}{{ '-' * 3 }}{% endfor %} {{ 2 ** 10 }} {{ '%05d' % 42 }}")
    assert ptext(body_paragraphs(tpl.render({}))[0]) == "0---2---4--- 1024 00042"


@pytest.mark.parametrize("tag", ["{% include 'dieu-khoan.docx' %}", "{% import 'macros.j2' as m %}",
                                 "{% from 'm.j2' import f %}", "{% extends 'goc.docx' %}"])
def test_include_and_import_are_refused_in_vietnamese(tag):
    with pytest.raises(TemplateError) as err:
        build("Đầu", tag)
    msg = str(err.value)
    assert "không dùng được trong mẫu DOCX" in msg and "mau.docx" in msg
    assert "Unexpected" not in msg and "loader" not in msg


def test_sandbox_blocks_python_internals_in_vietnamese():
    tpl = build("{{ x.__class__.__mro__ }}")
    with pytest.raises(TemplateError, match="sandbox.*không được đọc thuộc tính '__class__'"):
        tpl.render({"x": "a"})


def test_syntax_error_names_the_paragraph_as_the_clerk_sees_it():
    with pytest.raises(TemplateError) as err:
        build("Đầu", "Kính gửi", "{% if agency.name %}Có tên")
    msg = str(err.value)
    assert "phần thân văn bản" in msg and "thiếu thẻ đóng {% endif %}" in msg


def test_missing_field_error_names_part_paragraph_and_tag():
    tpl = build("Đầu", "Kính gửi: {{ agency.ten_sai }}")
    with pytest.raises(TemplateError) as err:
        tpl.render({"agency": {"name": "Ban"}})
    msg = str(err.value)
    assert "agency.ten_sai" in msg and "đoạn 2" in msg and "«Kính gửi: {{ agency.ten_sai }}»" in msg


# ---------------------------------------------------------------- control characters

def test_newline_tab_paragraph_and_page_marks_are_mapped():
    tpl = build("A{{ v }}B")
    data = tpl.render({"v": "một\nhai\tba\athứ tư\fnăm\r\nsáu\x0bbảy"})
    paras = body_paragraphs(data)
    texts = [ptext(p) for p in paras]
    assert texts[:4] == ["Amộthaiba", "thứ tư", "", "nămsáubảyB"]
    first = paras[0]
    assert first.find(f".//{W}br") is not None and first.find(f".//{W}tab") is not None
    page = paras[2]
    assert page.find(f".//{W}br").get(W + "type") == "page"
    assert len(paras[3].findall(f".//{W}br")) == 2  # \r\n and \x0b are line breaks


def test_new_paragraph_keeps_paragraph_and_run_formatting():
    doc = Document()
    p = doc.add_paragraph(style="List Bullet")
    r = p.add_run("{{ v }}")
    r.bold = True
    buf = io.BytesIO()
    doc.save(buf)
    data = DocxTemplate(buf.getvalue()).render({"v": "một\ahai"})
    paras = [p for p in body_paragraphs(data) if ptext(p)]
    assert [ptext(p) for p in paras] == ["một", "hai"]
    for p in paras:
        assert p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "ListBullet"
        assert p.find(f".//{W}r/{W}rPr/{W}b") is not None


_RENDERED = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
             '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A{v}B</w:t></w:r></w:p>'
             '<w:p><w:r><w:t xml:space="preserve"> {v} </w:t><w:tab/><w:t xml:space="preserve">{v}</w:t></w:r></w:p>'
             '<w:p><w:r><w:t>&lt;{v}&amp;</w:t></w:r></w:p>'
             '</w:body></w:document>')


@pytest.mark.parametrize("value", ["\x01", "một\x01hai", "\x02ba\x02", "a\x01\x01b\x02c", "Sở\x01Nội vụ\x01"])
def test_line_breaks_and_tabs_resolved_without_parsing_match_the_tree_resolution(value):
    from docgen.render import controls
    xml = _RENDERED.format(v=value)
    fast = controls._resolve_inline(xml)
    assert fast is not None  # every sentinel sits in a w:t's text: no parse needed
    assert fast == controls.resolve(xml)
    c14n = [etree.tostring(etree.fromstring(x.split("?>", 1)[1].encode()), method="c14n")
            for x in (fast, controls._resolve_tree(xml))]
    assert c14n[0] == c14n[1]
    root = etree.fromstring(fast.split("?>", 1)[1].encode())
    assert len(root.findall(f".//{W}br")) == 4 * value.count("\x01")
    assert len(root.findall(f".//{W}tab")) == 4 * value.count("\x02") + 1
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in root.iter(W + "t"))
    assert "\x01" not in fast and "\x02" not in fast


def test_a_line_break_printed_into_an_attribute_becomes_a_space():
    from docgen.render import controls
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:pPr><w:pStyle w:val="a\x01b"/></w:pPr><w:r><w:t>x\x01y</w:t></w:r></w:p></w:body></w:document>')
    assert controls._resolve_inline(xml) is None
    root = etree.fromstring(controls.resolve(xml).encode())
    assert root.find(f".//{W}pStyle").get(W + "val") == "a b"
    assert root.find(f".//{W}br") is not None


def test_values_are_escaped_inside_autoescape_false():
    data = build("{% autoescape false %}{{ v }}{% endautoescape %}").render({"v": "A & <B>"})
    assert ptext(body_paragraphs(data)[0]) == "A & <B>"
    parse_all_parts(data)


@pytest.mark.parametrize("ch", ["\x00", "\x01", "\x08", "\x0e", "\x1b", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_other_forbidden_characters_are_refused_by_name(ch):
    tpl = build("Tên: {{ name }}")
    with pytest.raises(TemplateError) as err:
        tpl.render({"name": f"Nguyễn{ch}Văn A"})
    msg = str(err.value)
    assert f"U+{ord(ch):04X}" in msg and "hãy xóa ký tự này" in msg and "Tên: {{ name }}" in msg


# every class of code point, printed into every template docgen ships
SAMPLES = {
    "ascii": "Plain ASCII 123",
    "xml-specials": "A & B <c> \"d\" 'e' ]]> &amp;",
    "vietnamese-nfc": "Nguyễn Thị Thủy, Đà Nẵng",
    "vietnamese-nfd": "Nguye\u0302\u0303n Thi\u0323 Thu\u0309y",
    "mapped-controls": "một\nhai\tba\abốn\fnăm\r\nsáu\rbảy\x0btám",
    "c1-and-del": "a\x7fb\x80c\x85d\x9f",
    "line-and-para-separators": "a\u2028b\u2029c",
    "zero-width-and-bom": "a\u200bb\u200dc\ufeffd\u00ade",
    "rtl": "\u0645\u0631\u062d\u0628\u0627 \u202ex\u202c",
    "private-use": "\ue000\uf8ff",
    "nonchar-internal": "\ufdd0\ufdd1\ufdd2\ufdd3\ufdef",
    "astral": "\U0001d518\U0001f600\U00020000\U0010fffd",
    "specials-ok": "\ufffd\ufffc",
    "braces": "{{ x }} {% if %} {# c #} {_{ }_}",
}
REFUSED = {"c0": "a\x00b\x1bc", "surrogate": "a\udc00b", "nonchar": "a\ufffeb\uffff"}


def _all_strings(value, suffix):
    if isinstance(value, str):
        return value + suffix
    if isinstance(value, dict):
        return {k: _all_strings(v, suffix) for k, v in value.items()}
    if isinstance(value, list):
        return [_all_strings(v, suffix) for v in value]
    return value


@pytest.fixture(scope="module")
def record() -> Record:
    from pathlib import Path
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "khoi-thi-dua-2022.yaml"
    return Record.model_validate(yaml.safe_load(fixture.read_text(encoding="utf-8")))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_every_code_point_class_into_every_template(record, kind, sample):
    tpl = DocxTemplate(template_path(kind))
    ctx = _all_strings(context(record, kind), SAMPLES[sample])
    data = tpl.render(ctx)
    parts = parse_all_parts(data)
    text = "".join(t.text or "" for t in parts["word/document.xml"].iter(W + "t"))
    visible = SAMPLES[sample].replace("\n", "").replace("\t", "").replace("\a", "").replace("\f", "")
    visible = visible.replace("\r", "").replace("\x0b", "")
    if sample not in ("mapped-controls",):
        assert visible[:6] in text
    assert "\ufdd0" not in text or sample == "nonchar-internal"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", sorted(REFUSED))
def test_forbidden_code_points_never_reach_a_document(record, kind, sample):
    tpl = DocxTemplate(template_path(kind))
    ctx = _all_strings(context(record, kind), REFUSED[sample])
    with pytest.raises(TemplateError, match="ký tự điều khiển"):
        tpl.render(ctx)


def test_templates_dir_has_the_four_kinds():
    assert {p.stem for p in TEMPLATES_DIR.glob("*.docx")} >= set(KINDS)
