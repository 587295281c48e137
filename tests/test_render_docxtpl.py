"""docxtpl's template language in docgen: docxtpl's own test scenarios rendered by both engines
(same text expected), then each feature checked in the XML docgen writes."""
from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docxtpl_scenarios as S
from docxtpl_compare import outcome, run_docgen, run_docxtpl

from docgen.errors import TemplateError
from docgen.render import DocxTemplate, InlineImage, Listing, RichText, RichTextParagraph

W = S.W
BY_NAME = {s.name: s for s in S.SCENARIOS}
# where docgen is right and docxtpl is not: docxtpl escapes document properties twice
DOCGEN_DIFFERS = {"doc_properties"}


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith((".xml", ".rels"))}


def render(name: str) -> bytes:
    data = run_docgen(BY_NAME[name])
    assert isinstance(data, bytes)
    return data


# ---------------------------------------------------------------- docxtpl's scenarios, both engines

def test_there_are_36_scenarios():
    assert len(S.SCENARIOS) == 36 and len(BY_NAME) == 36


@pytest.mark.parametrize("scenario", [s for s in S.SCENARIOS if s.name not in DOCGEN_DIFFERS], ids=lambda s: s.name)
def test_same_text_as_docxtpl(scenario):
    ours, theirs = outcome(run_docgen, scenario), outcome(run_docxtpl, scenario)
    assert ours == theirs
    assert (ours == "error") == (scenario.name == "template_error")
    if isinstance(ours, dict):
        assert any(any(p.strip() for p in paras) for k, paras in ours["text"].items() if k != "docProps/core.xml") \
            or ours["media"], "nothing rendered"


def test_document_properties_are_escaped_once():
    ours = outcome(run_docgen, BY_NAME["doc_properties"])
    assert ours["text"]["docProps/core.xml"] == ["creator=Văn thư", "subject=Subject Chủ đề & thử", "title=Tiêu đề"]
    theirs = outcome(run_docxtpl, BY_NAME["doc_properties"])
    assert "subject=Subject Chủ đề &amp; thử" in theirs["text"]["docProps/core.xml"]  # docxtpl's double escape


def test_count_of_docxtpl_scenarios_rendering_the_same_text(capsys):
    same = sum(outcome(run_docgen, s) == outcome(run_docxtpl, s) for s in S.SCENARIOS)
    with capsys.disabled():
        print(f"\ndocxtpl scenarios with the same text in docgen: {same} of {len(S.SCENARIOS)}")
    assert same == len(S.SCENARIOS) - len(DOCGEN_DIFFERS)


@pytest.mark.parametrize("scenario", [s for s in S.SCENARIOS if s.name not in ("template_error",
                                                                                "get_undeclared_variables")],
                         ids=lambda s: s.name)
def test_every_part_of_every_output_parses_and_bytes_are_deterministic(scenario):
    a, b = run_docgen(scenario), run_docgen(scenario)
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()
    got = parts(a)
    assert "word/document.xml" in got and "[Content_Types].xml" in got
    text = "".join(t.text or "" for t in got["word/document.xml"].iter(W + "t"))
    assert "{{" not in text and "{%" not in text and "{#" not in text


# ---------------------------------------------------------------- each feature in the XML

def test_cellbg_colours_the_cells():
    doc = parts(render("cellbg"))["word/document.xml"]
    fills = [s.get(W + "fill") for s in doc.iter(W + "shd")]
    assert fills == ["FF0000", "FF0000", "FFDD00", "FFDD00", "8888FF", "8888FF", "FF00FF", "FF00FF"]


def test_column_loop_fixes_the_grid():
    doc = parts(render("dynamic_table"))["word/document.xml"]
    tbl = doc.find(f"{W}body/{W}tbl")
    assert len(tbl.findall(f"{W}tblGrid/{W}gridCol")) == 5
    assert [len(tr.findall(W + "tc")) for tr in tbl.findall(W + "tr")] == [5, 5, 5, 5]


def test_fewer_cells_after_a_loop_shrink_the_grid():
    doc = parts(render("less_cells_after_loop"))["word/document.xml"]
    tbl = doc.find(f"{W}body/{W}tbl")
    assert [len(tr.findall(W + "tc")) for tr in tbl.findall(W + "tr")] == [4, 3]


def test_vertical_merge_restarts_then_continues():
    doc = parts(render("vertical_merge"))["word/document.xml"]
    vals = [v.get(W + "val") for v in doc.iter(W + "vMerge")]
    assert vals == ["restart", "continue", "continue"]


def test_horizontal_merge_spans_the_loop():
    doc = parts(render("horizontal_merge"))["word/document.xml"]
    first = doc.find(f"{W}body/{W}tbl/{W}tr")
    cells = first.findall(W + "tc")
    assert len(cells) == 1 and cells[0].find(f"{W}tcPr/{W}gridSpan").get(W + "val") == "3"


def test_colspan_sets_the_span():
    doc = Document()
    t = doc.add_table(rows=2, cols=3)
    t.cell(0, 0).text = "{% colspan n %}Gộp {{ n }} cột"
    t.cell(1, 0).text = "a"
    buf = io.BytesIO()
    doc.save(buf)
    got = parts(DocxTemplate(buf.getvalue()).render({"n": 3}))["word/document.xml"]
    first = got.find(f"{W}body/{W}tbl/{W}tr/{W}tc")
    assert first.find(f"{W}tcPr/{W}gridSpan").get(W + "val") == "3"
    assert "".join(t.text for t in first.iter(W + "t")) == "Gộp 3 cột"


def test_richtext_run_properties():
    doc = parts(render("richtext"))["word/document.xml"]
    runs = {"".join(t.text or "" for t in r.iter(W + "t")): r for r in doc.iter(W + "r")}
    assert runs["some italic"].find(f"{W}rPr/{W}i") is not None
    assert runs["some violet"].find(f"{W}rPr/{W}color").get(W + "val") == "ff00ff"
    big = runs["big"].find(W + "rPr")
    assert big.find(W + "sz").get(W + "val") == "60" and big.find(W + "b") is not None
    assert big.find(W + "u").get(W + "val") == "single"
    assert runs[" highlighted"].find(f"{W}rPr/{W}shd").get(W + "fill") == "ffff00"
    assert runs["a rich text"].find(f"{W}rPr/{W}rStyle").get(W + "val") == "Strong"
    # {{r }} inside a run: the text around keeps the run's formatting, the tag's run is replaced
    p = next(p for p in doc.iter(W + "p") if "before" in "".join(t.text or "" for t in p.iter(W + "t")))
    assert "".join(t.text or "" for t in p.iter(W + "t")) == "Inline in a run: before bold after"


def test_richtext_east_asian_font_and_hyperlink():
    tpl = DocxTemplate(S._richtext_east())
    rt = RichText("微软雅黑", font="eastAsia:Microsoft YaHei")
    rt.add(" cổng thông tin", url="https://vanban.chinhphu.vn", underline=True, color="0563C1")
    got = parts(tpl.render({"east": rt}))
    fonts = next(got["word/document.xml"].iter(W + "rFonts"))
    assert fonts.get(W + "eastAsia") == "Microsoft YaHei" and fonts.get(W + "ascii") == "Microsoft YaHei"
    link = next(got["word/document.xml"].iter(W + "hyperlink"))
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = got["word/_rels/document.xml.rels"]
    rel = next(r for r in rels if r.get("Id") == rid)
    assert rel.get("Target") == "https://vanban.chinhphu.vn" and rel.get("TargetMode") == "External"


def test_richtext_paragraphs_replace_the_paragraph():
    doc = parts(render("richtextparagraph"))["word/document.xml"]
    paras = [(p.find(f"{W}pPr/{W}pStyle"), "".join(t.text or "" for t in p.iter(W + "t"))) for p in doc.iter(W + "p")]
    texts = [t for _, t in paras]
    assert texts == ["Before", "a paragraph in bold", "a second paragraph", "a third, in red", "After"]
    assert paras[1][0].get(W + "val") == "Title" and paras[2][0].get(W + "val") == "Quote"


def test_plain_value_in_a_paragraph_tag_keeps_the_paragraph_style():
    doc = Document()
    doc.add_paragraph("{{p x }}", style="Heading 1")
    buf = io.BytesIO()
    doc.save(buf)
    got = parts(DocxTemplate(buf.getvalue()).render({"x": "Tiêu đề"}))["word/document.xml"]
    p = next(got.iter(W + "p"))
    assert p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "Heading1"
    assert "".join(t.text for t in p.iter(W + "t")) == "Tiêu đề"


def test_inline_images_in_body_table_header_and_footer():
    got = parts(render("inline_image"))
    extents = [(int(e.get("cx")), int(e.get("cy"))) for e in got["word/document.xml"].iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    assert extents[0] == (Mm(20), Mm(10))  # 40x20 px: height follows the width
    assert extents[1] == (Mm(15), Mm(15))
    assert extents[2] == (Mm(8), Mm(8))
    ids = [d.get("id") for d in got["word/document.xml"].iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(set(ids)) == len(ids) == 3
    ct = etree.tostring(got["[Content_Types].xml"]).decode()
    assert 'Extension="png"' in ct
    hf = parts(render("header_footer_inline_image"))
    for name in ("word/_rels/header1.xml.rels", "word/_rels/footer1.xml.rels"):
        targets = [r.get("Target") for r in hf[name] if r.get("Type").endswith("/image")]
        assert targets and all(t.startswith("media/dg_") for t in targets)


def test_replace_pic_media_and_zipname_change_the_bytes():
    for name in ("replace_picture", "header_footer_image", "header_footer_image_file_obj"):
        assert S.LOGO in S.media(render(name)) and S.DUMMY not in S.media(render(name)), name
    assert S.EMBEDDED_NEW in S.media(render("embedded"))
    tpl = DocxTemplate(S._embedded())
    tpl.replace_zipname("word/embeddings/Sheet1.xlsx", io.BytesIO(b"new by name"))
    assert b"new by name" in S.media(tpl.render({"name": "x"}))


def test_replace_pic_names_a_missing_picture_in_vietnamese():
    tpl = DocxTemplate(S._replace_picture())
    tpl.replace_pic("khong-co.png", io.BytesIO(S.LOGO))
    with pytest.raises(TemplateError, match="Không tìm thấy ảnh «khong-co.png»"):
        tpl.render({})


def test_subdoc_brings_its_styles_and_numbering():
    got = parts(render("merge_docx"))
    styles = {s.get(W + "styleId") for s in got["word/styles.xml"].iter(W + "style")}
    assert {"Heading1", "ListBullet", "ListNumber"} <= styles

    # a list numbered directly (not through its style) gets a numbering definition of its own
    sub = Document()
    p = sub.add_paragraph("Điều khoản đánh số")
    num_pr = etree.SubElement(p._p.get_or_add_pPr(), W + "numPr")
    etree.SubElement(num_pr, W + "ilvl").set(W + "val", "0")
    etree.SubElement(num_pr, W + "numId").set(W + "val", "1")
    tpl = DocxTemplate(S.save(S.paragraphs("{{p dk }}")))
    got = parts(tpl.render({"dk": tpl.new_subdoc(S.save(sub))}))
    num_ids = {n.get(W + "val") for n in got["word/document.xml"].iter(W + "numId")}
    nums = {n.get(W + "numId"): n for n in got["word/numbering.xml"].iter(W + "num")}
    abstracts = {a.get(W + "abstractNumId") for a in got["word/numbering.xml"].iter(W + "abstractNum")}
    assert len(num_ids) == 1 and num_ids <= set(nums) and num_ids != {"1"}
    assert nums[num_ids.pop()].find(W + "abstractNumId").get(W + "val") in abstracts


def test_built_subdoc_with_a_table():
    doc = parts(render("subdoc"))["word/document.xml"]
    assert len(list(doc.iter(W + "tbl"))) == 1


def test_footnotes_and_document_properties_are_templated():
    got = outcome(run_docgen, BY_NAME["footnotes"])
    assert "Note: Nghị định 30/2020/NĐ-CP" in got["text"]["word/footnotes.xml"]


def test_comment_only_part_is_templated():
    tpl = DocxTemplate(S.save(S.paragraphs("Văn bản", "{# ghi chú của văn thư #}")))
    texts = [t.text or "" for t in parts(tpl.render({}))["word/document.xml"].iter(W + "t")]
    assert "ghi chú" not in "".join(texts)


def test_literal_braces():
    tpl = DocxTemplate(S.save(S.paragraphs("Viết {_{ ten }_} và {_% if %_} như chữ")))
    assert "Viết {{ ten }} và {% if %} như chữ" in S.visible_text(tpl.render({}))["word/document.xml"]


def test_literal_braces_split_across_runs_by_word():
    doc = Document()
    p = doc.add_paragraph()
    for piece in ("Viết {_", "{ ten }", "_} và {", "_% if %", "_} như chữ"):
        p.add_run(piece)
    tpl = DocxTemplate(S.save(doc))
    assert "Viết {{ ten }} và {% if %} như chữ" in S.visible_text(tpl.render({}))["word/document.xml"]


def test_subdoc_leaves_out_charts_and_notes_it_cannot_carry():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    sub = Document()
    p = sub.add_paragraph("Trước biểu đồ ")
    rid = sub.part.relate_to("charts/chart1.xml", RT.CHART, is_external=True)
    drawing = etree.fromstring(
        '<w:drawing xmlns:w="%s" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><wp:inline>'
        '<wp:extent cx="100" cy="100"/><wp:docPr id="1" name="Chart 1"/><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart r:id="%s"/></a:graphicData></a:graphic></wp:inline></w:drawing>' % (W[1:-1], rid))
    p.add_run()._r.append(drawing)
    note = p.add_run()._r
    etree.SubElement(note, W + "footnoteReference").set(W + "id", "7")
    p.add_run("sau biểu đồ")
    tpl = DocxTemplate(S.save(S.paragraphs("{{p dk }}")))
    got = parts(tpl.render({"dk": tpl.new_subdoc(S.save(sub))}))  # every part parses
    body = got["word/document.xml"]
    assert not list(body.iter(W + "drawing")) and not list(body.iter(W + "footnoteReference"))
    assert "Trước biểu đồ sau biểu đồ" in "".join(t.text or "" for t in body.iter(W + "t"))
    rels = got["word/_rels/document.xml.rels"]
    assert not [r for r in rels if (r.get("Type") or "").endswith("/chart")]


def test_listing_keeps_the_formatting_and_maps_marks():
    got = S.visible_text(DocxTemplate(S.save(S.paragraphs("{{ x }}"))).render({"x": Listing("a\nb\tc\ad\fe")}))
    assert got["word/document.xml"] == ["a\nb\tc", "d", "[page]", "e"]


# ---------------------------------------------------------------- context values, filters, modes

def _tpl(*texts: str, **kw) -> DocxTemplate:
    return DocxTemplate(S.save(S.paragraphs(*texts)), name="mau.docx", **kw)


def _text(tpl: DocxTemplate, ctx: dict) -> list[str]:
    return S.visible_text(tpl.render(ctx))["word/document.xml"]


def test_dicts_behave_as_dicts():
    tpl = _tpl("{{ d|length }} {{ d is mapping }} {{ d|dictsort }} {{ d.get('a') }} {{ d['b'] }}",
               "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %} {{ d.keys()|list }} {{ d }}",
               "{{ rows|length }} {{ rows|map(attribute='n')|join(',') }} {{ rows|selectattr('n', 'gt', 1)|list|length }}")
    got = _text(tpl, {"d": {"b": 2, "a": 1}, "rows": [{"n": 1}, {"n": 2}, {"n": 3}]})
    assert got == ["2 True [('a', 1), ('b', 2)] 1 2", "b=2;a=1; ['b', 'a'] {'b': 2, 'a': 1}", "3 1,2,3 2"]
    assert "Node(" not in " ".join(got)


def test_a_field_named_like_a_dict_method_is_the_field():
    assert _text(_tpl("{{ s.items[0] }} {{ s.keys }}"), {"s": {"items": ["một"], "keys": "khóa"}}) == ["một khóa"]


def test_record_fields_keep_their_named_errors():
    with pytest.raises(TemplateError, match="thiếu trường 'invitation.invitees\\[1\\].ten'"):
        _tpl("{% for i in invitation.invitees %}{{ i.ten }}{% endfor %}").render(
            {"invitation": {"invitees": [{"ten": "A"}, {"name": "B"}]}})


def test_lenient_mode_prints_missing_variables_blank():
    tpl = _tpl("[{{ khong_co }}][{{ a.b.c }}][{{ trong }}]", strict=False)
    assert _text(tpl, {"trong": None}) == ["[][][]"]
    with pytest.raises(TemplateError, match="khong_co"):
        _tpl("[{{ khong_co }}]").render({})


def test_custom_filters_and_globals():
    tpl = _tpl("{{ 'ubnd'|viet_hoa }} {{ co_quan() }} {{ 3|gap_doi }}",
               filters={"viet_hoa": str.upper, "gap_doi": lambda n: n * 2}, globals={"co_quan": lambda: "Sở Nội vụ"})
    assert _text(tpl, {}) == ["UBND Sở Nội vụ 6"]


def test_office_jinja_env_filters_are_copied_into_the_sandbox():
    import jinja2
    env = jinja2.Environment()
    env.filters["dau_cham"] = lambda s: s + "."
    env.globals["nam"] = 2026
    tpl = _tpl("{{ 'Xong'|dau_cham }} {{ nam }} {{ x.__class__ }}", jinja_env=env)
    with pytest.raises(TemplateError, match="sandbox"):
        tpl.render({"x": 1})
    assert _text(_tpl("{{ 'Xong'|dau_cham }} {{ nam }}", jinja_env=env), {}) == ["Xong. 2026"]


def test_unknown_filter_is_named_in_vietnamese():
    with pytest.raises(TemplateError, match="không có bộ lọc 'ngay_sai'"):
        _tpl("{{ d|ngay_sai }}").render({"d": 1})


def test_get_undeclared_template_variables():
    tpl = DocxTemplate(S._undeclared())
    assert tpl.get_undeclared_template_variables() == {"first_name", "last_name", "items", "header_title"}
    assert tpl.get_undeclared_template_variables(context={"first_name": 1}) == {"last_name", "items", "header_title"}


def test_rich_values_are_exported():
    import docgen.render as R
    assert {"DocxTemplate", "RichText", "RichTextParagraph", "InlineImage", "Subdoc", "Listing"} <= set(R.__all__)
    assert InlineImage and RichTextParagraph
