"""Issue 14: a DOCX's headers, footers, footnotes, endnotes and comments are cleaned like the
body (legacy fonts too), --track-changes writes w:ins/w:del there too, and every other part
comes out byte-identical (compared zip entry by zip entry)."""
from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

from docgen.clean import CleanOptions, clean_docx
from docgen.io.package import read_package
from docgen.io.xmlsafe import parse_xml
from docgen.normalize import legacy
from docgen.ooxml.ns import W, W_NS
from docgen.ooxml.text import extract, paragraphs
from test_clean_pipeline import Toy

STAGES = [Toy("spacing", r" {2,}", " "), Toy("ocr.lexicon", r"\bKhi(?= thi)", "Khối", 0.95)]
DATE = "2024-01-05T00:00:00Z"
NOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}"


def _notes(kind: str, text: str) -> bytes:
    tag = kind[:-1]  # footnote / endnote
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind} xmlns:w="{W_NS}">'
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
            f'<w:{tag} w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:{tag}>'
            f'</w:{kind}>').encode()


def build() -> bytes:
    d = docx.Document()
    d.add_paragraph("Khi thi đua  trong thân văn bản")
    d.sections[0].header.paragraphs[0].text = "Khi thi đua  đầu trang"
    d.sections[0].footer.paragraphs[0].text = "Khi thi đua chân trang"
    old = d.sections[0].header.add_paragraph().add_run(legacy.from_unicode("Khối thi đua", "tcvn3"))
    old.font.name = ".VnTime"
    d.add_comment(d.paragraphs[0].runs, text="Khi thi đua  trong nhận xét", author="A")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b"".join(
                    f'<Override PartName="/word/{k}.xml" ContentType="{NOTES_CT.format(k)}"/>'.encode()
                    for k in ("footnotes", "endnotes")) + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b"".join(
                    f'<Relationship Id="rIdN{k}" Type="{RT.format(k)}" Target="{k}.xml"/>'.encode()
                    for k in ("footnotes", "endnotes")) + b"</Relationships>")
            z.writestr(info, data)
        z.writestr("word/footnotes.xml", _notes("footnotes", "Khi thi đua  chú thích"))
        z.writestr("word/endnotes.xml", _notes("endnotes", "Khi thi đua cuối văn bản"))
    return out.getvalue()


def texts(blob: bytes) -> list[str]:
    return [extract(p).text for p in paragraphs(parse_xml(blob)) if extract(p).text]


STORIES = ["word/document.xml", "word/header1.xml", "word/footer1.xml", "word/comments.xml",
           "word/footnotes.xml", "word/endnotes.xml"]


def _story(before: dict[str, bytes]) -> list[str]:
    names = [n for n in before if n in STORIES or n.startswith(("word/header", "word/footer"))]
    return names


def test_every_story_part_is_cleaned_and_every_other_part_is_byte_identical():
    data = build()
    before = read_package(data)
    for track in (False, True):
        result = clean_docx(data, CleanOptions(track_changes=track, date=DATE), STAGES)
        after = read_package(result.output)
        assert list(after) == list(before)  # same entries, same order
        changed = [n for n in before if before[n] != after[n]]
        assert sorted(changed) == sorted(_story(before))
        for name in before:
            if name not in changed:
                assert after[name] == before[name], name
            if name.endswith((".xml", ".rels")):
                parse_xml(after[name], name)  # every part well-formed, no DTD
        parts = {c.part for c in result.changes}
        assert parts == {""} | set(changed) - {"word/document.xml"}
        wheres = {c.where for c in result.changes if c.part}
        assert wheres == {"đầu trang", "chân trang", "nhận xét", "chú thích cuối trang", "chú thích cuối văn bản"}


def test_inplace_texts_of_the_parts():
    after = read_package(clean_docx(build(), CleanOptions(), STAGES).output)
    assert texts(after["word/header1.xml"]) == ["Khối thi đua đầu trang", "Khối thi đua"]
    assert texts(after["word/footer1.xml"]) == ["Khối thi đua chân trang"]
    assert texts(after["word/comments.xml"]) == ["Khối thi đua trong nhận xét"]
    assert texts(after["word/footnotes.xml"]) == ["Khối thi đua chú thích"]
    assert texts(after["word/endnotes.xml"]) == ["Khối thi đua cuối văn bản"]


def test_legacy_font_in_a_header_is_converted_with_a_unicode_font():
    result = clean_docx(build(), CleanOptions(), STAGES)
    header = parse_xml(read_package(result.output)["word/header1.xml"])
    fonts = {f.get(W + "ascii") for f in header.iter(W + "rFonts")}
    assert ".VnTime" not in fonts and fonts
    conv = [c for c in result.changes if c.rule.startswith("legacy.") and c.part == "word/header1.xml"]
    assert len(conv) == 1 and conv[0].after == "Khối thi đua" and conv[0].to_dict()["where"] == "đầu trang"


def test_tracked_changes_in_the_parts_accept_to_the_inplace_text():
    inplace = read_package(clean_docx(build(), CleanOptions(), STAGES).output)
    tracked = read_package(clean_docx(build(), CleanOptions(track_changes=True, date=DATE), STAGES).output)
    ids = []
    for name in ("word/header1.xml", "word/footer1.xml", "word/comments.xml", "word/footnotes.xml",
                 "word/endnotes.xml"):
        root = parse_xml(tracked[name])
        ins, dels = list(root.iter(W + "ins")), list(root.iter(W + "del"))
        assert ins and all(e.get(W + "author") == "docgen" and e.get(W + "date") == DATE for e in ins + dels), name
        ids += [e.get(W + "id") for e in ins + dels]
        for d in list(root.iter(W + "del")):  # accept all
            d.getparent().remove(d)
        for i in list(root.iter(W + "ins")):
            for c in list(i):
                i.addprevious(c)
            i.getparent().remove(i)
        assert texts(etree.tostring(root)) == texts(inplace[name]), name
    body = parse_xml(tracked["word/document.xml"])
    ids += [e.get(W + "id") for e in body.iter(W + "ins", W + "del")]
    assert len(ids) == len(set(ids))  # one id counter across the package


def test_docx_without_damage_is_byte_identical():
    d = docx.Document()
    d.add_paragraph("Khối thi đua")
    d.sections[0].header.paragraphs[0].text = "Khối thi đua"
    buf = io.BytesIO()
    d.save(buf)
    assert clean_docx(buf.getvalue(), CleanOptions(), STAGES).output == buf.getvalue()


def test_reports_name_the_part():
    import json

    from docgen.report import to_html, to_json
    result = clean_docx(build(), CleanOptions(), STAGES)
    changes = json.loads(to_json(result))["changes"]
    body = [c for c in changes if "part" not in c]
    assert body and all(list(c)[-1] == "context_after" for c in body)  # body entries keep their keys
    header = next(c for c in changes if c.get("part") == "word/header1.xml")
    assert header["where"] == "đầu trang" and header["paragraph"] == 1
    assert "1 (đầu trang)" in to_html(result) and "2 (chú thích cuối trang)" in to_html(result)  # after the separator
