"""The scenarios of docxtpl's own test suite (its tests/*.py, one per feature), rebuilt here:
each builds its template with python-docx (docxtpl's .docx files are not copied) and gives the
context docxtpl's script gives. Both engines render the same template; tests compare the text.

A scenario is ``build() -> bytes`` and ``context(lib, tpl) -> dict``, where ``lib`` is the
engine's module (``docxtpl`` or ``docgen.render``) so that RichText, InlineImage, Listing and
subdocuments are the engine's own. ``render_kw`` are extra arguments to ``render``;
``prepare(lib, tpl)`` calls the replace_* methods.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.shared import Mm
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """A small solid PNG, made here (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", 3780, 3780, 1))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


LOGO = png(40, 20, (0, 80, 160))
SEAL = png(30, 30, (200, 0, 0))
DUMMY = png(10, 10, (128, 128, 128))


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def paragraphs(*texts: str):
    doc = Document()
    for t in texts:
        doc.add_paragraph(t)
    return doc


def table(doc, rows: list[list[str]]):
    t = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    t.style = "Table Grid"
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            t.cell(i, j).text = text
    return t


def add_part(data: bytes, name: str, xml: str, rel_type: str, content_type: str) -> bytes:
    """Add a part related from the document (python-docx has no footnotes API)."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            blob = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
                                    .encode())
            elif info.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(b"</Relationships>", f'<Relationship Id="rIdX1" Type="{rel_type}" '
                                    f'Target="{name.split("/", 1)[1]}"/></Relationships>'.encode())
            zout.writestr(info.filename, blob)
        zout.writestr(name, xml)
    return out.getvalue()


def with_runs(doc, pieces: list[str], *, proof: bool = True) -> None:
    """A paragraph typed the way Word 2016 stores it: each piece a run, spelling marks between."""
    p = doc.add_paragraph()
    for i, piece in enumerate(pieces):
        if proof and i % 2:
            p._p.append(etree.Element(W + "proofErr", {W + "type": "spellStart"}))
        r = p.add_run(piece)
        r._r.set(W + "rsidR", f"00{i:06X}")


# ---------------------------------------------------------------- the scenarios

@dataclass
class Scenario:
    name: str
    build: Callable[[], bytes]
    context: Callable[[Any, Any], dict] = lambda lib, tpl: {}
    prepare: Callable[[Any, Any], None] | None = None
    render_kw: Callable[[], dict] = field(default=lambda: {})
    note: str = ""


def _cellbg() -> bytes:
    doc = paragraphs("Alerts")
    table(doc, [["Date", "Type", "Alert Description"],
                ["{%tr for a in alerts %}", "", ""],
                ["{% cellbg a.bg %}{{ a.date }}", "{% cellbg a.bg %}{{ a.type }}", "{{ a.desc }}"],
                ["{%tr endfor %}", "", ""]])
    return save(doc)


def _alerts(lib, tpl):
    return {"alerts": [
        {"date": "2015-03-10", "desc": "Very critical alert", "type": "CRITICAL", "bg": "FF0000"},
        {"date": "2015-03-11", "desc": "Just a warning", "type": "WARNING", "bg": "FFDD00"},
        {"date": "2015-03-12", "desc": "Information", "type": "INFO", "bg": "8888FF"},
        {"date": "2015-03-13", "desc": "Debug trace", "type": "DEBUG", "bg": "FF00FF"},
    ]}


def _comments() -> bytes:
    doc = paragraphs("Start", "{#p this paragraph is a comment #}", "Middle {# an inline comment #}text")
    table(doc, [["A", "B"], ["{#tr this row is a comment #}", ""], ["C", "D"]])
    doc.add_paragraph("End")
    return save(doc)


def _filters() -> bytes:
    return save(paragraphs("{{ base_value_string|my_filterA('World') }}", "{{ base_value_float|my_filterB(3.5) }}"))


def _filters_env():
    import jinja2
    env = jinja2.Environment()
    env.filters["my_filterA"] = lambda value, arg: value + " " + arg
    env.filters["my_filterB"] = lambda value, arg: value + arg
    return {"jinja_env": env}


def _doc_properties() -> bytes:
    doc = paragraphs("Body: {{ title }}")
    doc.core_properties.title = "{{ title }}"
    doc.core_properties.subject = "Subject {{ subject }}"
    doc.core_properties.author = "{{ author }}"
    return save(doc)


def _dynamic_table() -> bytes:
    doc = paragraphs("Dynamic table")
    table(doc, [["", "{%tc for col in col_labels %}", "{{ col }}", "{%tc endfor %}"],
                ["{%tr for item in tbl_contents %}", "", "", ""],
                ["{{ item.label }}", "{%tc for col in item.cols %}", "{{ col }}", "{%tc endfor %}"],
                ["{%tr endfor %}", "", "", ""]])
    return save(doc)


def _dynamic_ctx(lib, tpl):
    return {"col_labels": ["fruit", "vegetable", "stone", "thing"],
            "tbl_contents": [{"label": "yellow", "cols": ["banana", "capsicum", "pyrite", "taxi"]},
                             {"label": "red", "cols": ["apple", "tomato", "cinnabar", "doubledecker"]},
                             {"label": "green", "cols": ["guava", "cucumber", "aventurine", "card"]}]}


EMBEDDED = b"PK\x03\x04 this stands for an embedded workbook"
EMBEDDED_NEW = b"PK\x03\x04 the new embedded workbook"


def _embedded() -> bytes:
    data = save(paragraphs("Embedded: {{ name }}"))
    return add_part(data, "word/embeddings/Sheet1.xlsx", EMBEDDED.decode("latin-1"),
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _embedded_prepare(lib, tpl):
    import tempfile
    from pathlib import Path
    d = Path(tempfile.mkdtemp())
    (d / "old.xlsx").write_bytes(EMBEDDED.decode("latin-1").encode("utf-8"))
    (d / "new.xlsx").write_bytes(EMBEDDED_NEW)
    tpl.replace_embedded(str(d / "old.xlsx"), str(d / "new.xlsx"))


def _escape() -> bytes:
    return save(paragraphs("{{r myvar }}", "{{ myescvar }}", "{{r nlnp }}", "{{ mylisting }}", "{{r page_break }}",
                           "{{ new_listing }}", "{{ some_html }}"))


def _escape_ctx(lib, tpl):
    return {
        "myvar": lib.RichText('"less than" must be escaped : <, this can be done with RichText() or R()'),
        "myescvar": 'It can be escaped with a "|e" jinja filter in the template too : < ',
        "nlnp": lib.RichText("Here is a multiple\nlines\nstring\aand some\aother\aparagraphs", color="#ff00ff"),
        "mylisting": lib.Listing("the listing\nwith\nsome\nlines\nand special chars : <>& ..."),
        "page_break": lib.RichText("\f"),
        "new_listing": "\nThis is a new listing\nHere is a \t tab\a\nHere is a new paragraph\a\n"
                       "Here is a page break : \f\nThat's it\n",
        "some_html": "HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html>\n<head>\n\t<title>T</title>\n</head>\n</html>",
    }


def _escape_auto() -> bytes:
    return save(paragraphs("Auto: {{ a }}", "{{ b }} & {{ c }}"))


def _footnotes() -> bytes:
    data = save(paragraphs("Body with a note."))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Note: {{ note }}</w:t></w:r></w:p></w:footnote>'
           "</w:footnotes>")
    return add_part(data, "word/footnotes.xml", xml,
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml")


def _undeclared() -> bytes:
    doc = paragraphs("{{ first_name }} {{ last_name }}", "{% for x in items %}{{ x.name }}{% endfor %}")
    doc.sections[0].header.paragraphs[0].text = "{{ header_title }}"
    return save(doc)


def _header_footer(header: str, footer: str, body: str = "Body {{ body }}") -> Callable[[], bytes]:
    def build() -> bytes:
        doc = paragraphs(body)
        doc.sections[0].header.paragraphs[0].text = header
        doc.sections[0].footer.paragraphs[0].text = footer
        return save(doc)
    return build


def _header_image() -> bytes:
    doc = paragraphs("Body")
    doc.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(DUMMY), width=Mm(10))
    doc.sections[0].footer.paragraphs[0].add_run().add_picture(io.BytesIO(DUMMY), width=Mm(10))
    return save(doc)


def _replace_media_path(lib, tpl):
    import tempfile
    from pathlib import Path
    d = Path(tempfile.mkdtemp())
    (d / "dummy.png").write_bytes(DUMMY)
    (d / "logo.png").write_bytes(LOGO)
    tpl.replace_media(str(d / "dummy.png"), str(d / "logo.png"))


def _replace_media_fileobj(lib, tpl):
    tpl.replace_media(io.BytesIO(DUMMY), io.BytesIO(LOGO))


def _inline_image() -> bytes:
    doc = paragraphs("Logo: {{ logo }}", "{{ seal }}")
    table(doc, [["Seal", "{{ seal_small }}"]])
    return save(doc)


def _inline_ctx(lib, tpl):
    return {"logo": lib.InlineImage(tpl, io.BytesIO(LOGO), width=Mm(20)),
            "seal": lib.InlineImage(tpl, io.BytesIO(SEAL), height=Mm(15)),
            "seal_small": lib.InlineImage(tpl, io.BytesIO(SEAL), width=Mm(8), height=Mm(8))}


def _header_inline_image() -> bytes:
    doc = paragraphs("Body {{ logo }}")
    doc.sections[0].header.paragraphs[0].text = "Header {{ logo }}"
    doc.sections[0].footer.paragraphs[0].text = "Footer {{ seal }}"
    return save(doc)


def _hmerge() -> bytes:
    doc = paragraphs("Horizontal merge")
    table(doc, [["{%tc for i in range(3) %}", "{% hm %}Merged {{ i }}", "{%tc endfor %}"],
                ["a", "b", "c"]])
    return save(doc)


def _less_cells() -> bytes:
    doc = paragraphs("Less cells")
    table(doc, [["H1", "H2", "H3", "H4"],
                ["{%tc for x in [1, 2] %}", "{{ x }}", "{%tc endfor %}", ""]])
    return save(doc)


def _sub_docx() -> bytes:
    doc = Document()
    doc.add_heading("Merged heading", level=1)
    doc.add_paragraph("A first merged paragraph.")
    doc.add_paragraph("A bullet", style="List Bullet")
    doc.add_paragraph("A number", style="List Number")
    table(doc, [["x", "y"], ["1", "2"]])
    return save(doc)


def _merge_docx() -> bytes:
    return save(paragraphs("Before", "{{p mysubdoc }}", "After"))


def _merge_ctx(lib, tpl):
    import tempfile
    from pathlib import Path
    path = Path(tempfile.mkdtemp()) / "sub.docx"
    path.write_bytes(_sub_docx())
    return {"mysubdoc": tpl.new_subdoc(str(path))}


def _merge_paragraph() -> bytes:
    return save(paragraphs("This is a {%- if yes %}", "merged", "{%- endif %} paragraph.",
                           "Second {% if yes -%}", "joined {%- endif %} end."))


def _order() -> bytes:
    doc = paragraphs("Dear {{ customer_name }},", "{%p if in_europe %}", "You are in Europe.", "{%p endif %}",
                     "{%p if not is_paid %}", "Please pay {{ total_price }}.", "{%p endif %}")
    table(doc, [["Description", "Quantity", "Price"],
                ["{%tr for i in items %}", "", ""],
                ["{{ i.desc }}", "{{ i.qty }}", "{{ i.price }}"],
                ["{%tr endfor %}", "", ""],
                ["Total", "", "{{ total_price }}"]])
    doc.add_paragraph("{{ company_name }}")
    return save(doc)


def _order_ctx(lib, tpl):
    return {"customer_name": "Eric", "in_europe": True, "is_paid": False, "company_name": "The World Wide company",
            "total_price": "100,000,000.00",
            "items": [{"desc": "Python interpreters", "qty": 2, "price": "FREE"},
                      {"desc": "Django projects", "qty": 5403, "price": "FREE"},
                      {"desc": "Guido", "qty": 1, "price": "100,000,000.00"}]}


def _nested_for() -> bytes:
    doc = paragraphs("{%p for dish in dishes %}", "{{ dish.name }}:", "{%p for i in dish.ingredients %}",
                     "- {{ i }}", "{%p endfor %}", "{%p endfor %}")
    table(doc, [["Author", "Books"], ["{%tr for a in authors %}", ""],
                ["{{ a.name }}", "{% for b in a.books %}{{ b.title }}{% if not loop.last %}, {% endif %}{% endfor %}"],
                ["{%tr endfor %}", ""]])
    return save(doc)


def _nested_ctx(lib, tpl):
    return {"dishes": [{"name": "Pizza", "ingredients": ["bread", "tomato", "ham", "cheese"]},
                       {"name": "Apple pie", "ingredients": ["flour", "apples", "quince jelly"]}],
            "authors": [{"name": "Saint-Exupery", "books": [{"title": "Le petit prince"}, {"title": "L'aviateur"}]},
                        {"name": "Barjavel", "books": [{"title": "Ravage"}, {"title": "La nuit des temps"}]}]}


def _preserve_spaces() -> bytes:
    return save(paragraphs("   {{ a }}   and   {{ b }}   ", "{{ c }}"))


def _replace_picture() -> bytes:
    doc = paragraphs("Picture below:")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(DUMMY), width=Mm(20))
    return save(doc)


def _replace_pic(lib, tpl):
    tpl.replace_pic("image.png", io.BytesIO(LOGO))


def _richtext() -> bytes:
    return save(paragraphs("Rich: {{r example }}", "Inline in a run: before {{r example2 }} after"))


def _richtext_ctx(lib, tpl):
    rt = lib.RichText("an exemple of ")
    rt.add("a rich text", style="Strong")
    rt.add(" with ")
    rt.add("some italic", italic=True)
    rt.add(" and ")
    rt.add("some violet", color="#ff00ff")
    rt.add(" and ")
    rt.add("some striked", strike=True)
    rt.add(" or ")
    rt.add("big", size=60, bold=True, underline=True)
    rt.add(" highlighted", highlight="#ffff00")
    rt.add(" Et voilà ! ")
    rt.add("\n1st line")
    rt.add("\n2nd line")
    rt.add("\n\n<cool>")
    return {"example": rt, "example2": lib.RichText("bold", bold=True)}


def _richtext_if() -> bytes:
    return save(paragraphs("{%r if foobar %}{{r foobar }}{%r endif %} done", "{%r if not foobar %}hidden{%r endif %}x"))


def _richtext_east() -> bytes:
    return save(paragraphs("{{r east }}"))


def _rtp() -> bytes:
    return save(paragraphs("Before", "{{p example }}", "After"))


def _rtp_ctx(lib, tpl):
    rtp = lib.RichTextParagraph()
    rt = lib.RichText("a paragraph in ")
    rt.add("bold", bold=True)
    rtp.add(rt, parastyle="Title")
    rtp.add("a second paragraph", parastyle="Quote")
    rtp.add(lib.RichText("a third, in red", color="FF0000"))
    return {"example": rtp}


def _subdoc_ctx(lib, tpl):
    sd = tpl.new_subdoc()
    sd.add_paragraph("A picture-free subdocument paragraph")
    sd.add_paragraph("Another one, bold style", style="Intense Quote")
    t = sd.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "r1c1"
    t.cell(1, 1).text = "r2c2"
    return {"mysubdoc": sd}


def _template_error() -> bytes:
    return save(paragraphs("{% if x %}never closed", "text"))


def _vmerge() -> bytes:
    doc = paragraphs("Vertical merge")
    table(doc, [["Category", "Description", "Quantity", "Price"],
                ["{%tr for i in items %}", "", "", ""],
                ["{% vm %}{{ category }}", "{{ i.desc }}", "{{ i.qty }}", "{{ i.price }}"],
                ["{%tr endfor %}", "", "", ""],
                ["Total", "", "", "{{ total_price }}"]])
    return save(doc)


def _vmerge_ctx(lib, tpl):
    return {**_order_ctx(lib, tpl), "category": "Book"}


def _vmerge_nested() -> bytes:
    doc = paragraphs("Nested vertical merge")
    table(doc, [["{%tr for g in [1, 2] %}", "", "", ""],
                ["{% vm %}Group {{ g }}", "{%tc for c in ['a', 'b'] %}", "{{ c }}{{ g }}", "{%tc endfor %}"],
                ["{%tr endfor %}", "", "", ""]])
    return save(doc)


def _word2016() -> bytes:
    doc = Document()
    with_runs(doc, ["Hello ", "{{", " name ", "}}", " from ", "{%", " if ", "show ", "%}", "Word", "{%", " endif %}"])
    with_runs(doc, ["{{ ", "\u201cquoted\u201d", " }}"], proof=False)
    return save(doc)


def _multi() -> bytes:
    return save(paragraphs("Hello {{ name }}", "{%p for x in items %}", "- {{ x }}", "{%p endfor %}"))


def _module_execute() -> bytes:
    return save(paragraphs("JSON: {{ json_title }}", "{% for k, v in json_dict.items() %}{{ k }}={{ v }};{% endfor %}"))


def _module_ctx(lib, tpl):
    import json
    return json.loads('{"json_title": "Tiêu đề", "json_dict": {"a": 1, "b": [1, 2]}}')


SCENARIOS = [
    Scenario("cellbg", _cellbg, _alerts),
    Scenario("comments", _comments),
    Scenario("custom_jinja_filters", _filters, lambda lib, tpl: {"base_value_string": " Hello", "base_value_float": 1.5},
             render_kw=_filters_env),
    Scenario("doc_properties", _doc_properties,
             lambda lib, tpl: {"title": "Tiêu đề", "subject": "Chủ đề & thử", "author": "Văn thư"}),
    Scenario("dynamic_table", _dynamic_table, _dynamic_ctx),
    Scenario("embedded", _embedded, lambda lib, tpl: {"name": "sheet"}, prepare=_embedded_prepare),
    Scenario("escape", _escape, _escape_ctx),
    Scenario("escape_auto", _escape_auto, lambda lib, tpl: {"a": "<b>bold?</b>", "b": "A & B", "c": "\"q\" 'a'"}),
    Scenario("footnotes", _footnotes, lambda lib, tpl: {"note": "Nghị định 30/2020/NĐ-CP"}),
    Scenario("get_undeclared_variables", _undeclared, lambda lib, tpl: {"first_name": "A", "last_name": "B",
                                                                        "items": [], "header_title": "H"}),
    Scenario("header_footer", _header_footer("Header {{ title }}", "Footer {{ footer }}"),
             lambda lib, tpl: {"title": "T", "footer": "F", "body": "B"}),
    Scenario("header_footer_entities", _header_footer("Header {{ title }}", "Footer {{ footer }}"),
             lambda lib, tpl: {"title": "A & B <C>", "footer": "\"x\" & 'y'", "body": "<>"}),
    Scenario("header_footer_image", _header_image, prepare=_replace_media_path),
    Scenario("header_footer_image_file_obj", _header_image, prepare=_replace_media_fileobj),
    Scenario("header_footer_inline_image", _header_inline_image,
             lambda lib, tpl: {"logo": lib.InlineImage(tpl, io.BytesIO(LOGO), width=Mm(15)),
                               "seal": lib.InlineImage(tpl, io.BytesIO(SEAL), width=Mm(10))}),
    Scenario("header_footer_utf8", _header_footer("Đầu trang {{ title }}", "Chân trang {{ footer }}", "Thân {{ body }}"),
             lambda lib, tpl: {"title": "ỦY BAN NHÂN DÂN", "footer": "Trang 1", "body": "Giấy mời"}),
    Scenario("horizontal_merge", _hmerge),
    Scenario("inline_image", _inline_image, _inline_ctx),
    Scenario("less_cells_after_loop", _less_cells),
    Scenario("merge_docx", _merge_docx, _merge_ctx),
    Scenario("merge_paragraph", _merge_paragraph, lambda lib, tpl: {"yes": True}),
    Scenario("module_execute", _module_execute, _module_ctx),
    Scenario("multi_rendering", _multi, lambda lib, tpl: {"name": "first", "items": ["a", "b"]}),
    Scenario("nested_for", _nested_for, _nested_ctx),
    Scenario("order", _order, _order_ctx),
    Scenario("preserve_spaces", _preserve_spaces, lambda lib, tpl: {"a": "x  y", "b": " z ", "c": "  lead"}),
    Scenario("replace_picture", _replace_picture, prepare=_replace_pic),
    Scenario("richtext", _richtext, _richtext_ctx),
    Scenario("richtext_and_if", _richtext_if, lambda lib, tpl: {"foobar": lib.RichText("Foobar!", color="ff0000")}),
    Scenario("richtext_eastAsia", _richtext_east,
             lambda lib, tpl: {"east": lib.RichText("微软雅黑 và Times", font="eastAsia:Microsoft YaHei")}),
    Scenario("richtextparagraph", _rtp, _rtp_ctx),
    Scenario("subdoc", _merge_docx, _subdoc_ctx),
    Scenario("template_error", _template_error),
    Scenario("vertical_merge", _vmerge, _vmerge_ctx),
    Scenario("vertical_merge_nested", _vmerge_nested),
    Scenario("word2016", _word2016, lambda lib, tpl: {"name": "Word", "show": True, "quoted": "ok"}),
]


# ---------------------------------------------------------------- what is compared

_TEXT_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")


def visible_text(data: bytes) -> dict[str, list[str]]:
    """Per part, the paragraphs as text (tabs, line and page breaks shown), the way a reader
    sees them; document properties as their text."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        for name in names:
            if not name.startswith(_TEXT_PARTS) or not name.endswith(".xml"):
                continue
            root = etree.fromstring(zf.read(name))
            paras = []
            for p in root.iter(W + "p"):
                if any(a.tag == W + "p" for a in p.iterancestors()):
                    continue
                s = []
                for el in p.iter(W + "t", W + "tab", W + "br", W + "drawing"):
                    if el.tag == W + "t":
                        s.append(el.text or "")
                    elif el.tag == W + "tab":
                        s.append("\t")
                    elif el.tag == W + "drawing":
                        s.append("[img]")
                    else:
                        s.append("[page]" if el.get(W + "type") == "page" else "\n")
                paras.append("".join(s))
            key = name if not name.startswith(("word/header", "word/footer")) else name.rstrip("0123456789.xml")
            out.setdefault(key, []).extend(paras)
        if "docProps/core.xml" in names:
            root = etree.fromstring(zf.read("docProps/core.xml"))
            out["docProps/core.xml"] = sorted(f"{etree.QName(el).localname}={el.text}" for el in root
                                              if el.text and etree.QName(el).localname in ("title", "subject",
                                                                                            "creator"))
    return out


def media(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sorted(zf.read(n) for n in zf.namelist() if n.startswith(("word/media/", "word/embeddings/")))
