"""The XML-surgery layer: paragraph text, its map to runs, in-place and tracked edits."""
from __future__ import annotations

import copy

import pytest
from lxml import etree

from docgen.ooxml.ns import W, W_NS
from docgen.normalize.base import Edit, apply_edits
from docgen.ooxml.edit import Revision, apply, track_replacement, trim
from docgen.ooxml.text import OBJECT, FieldState, extract

NS = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def para(inner: str) -> etree._Element:
    return etree.fromstring(f"<w:p {NS}>{inner}</w:p>")


def runs(p) -> list[tuple[str, bool]]:
    """(text, bold) of every run holding visible text, in order."""
    out = []
    for r in p.iter(W + "r"):
        text = "".join(t.text or "" for t in r.findall(W + "t"))
        if text:
            out.append((text, r.find(f"{W}rPr/{W}b") is not None))
    return out


def accept_all(p) -> etree._Element:
    """What Word's 'Accept all changes' does: drop w:del, unwrap w:ins."""
    p = copy.deepcopy(p)
    for d in list(p.iter(W + "del")):
        d.getparent().remove(d)
    for ins in list(p.iter(W + "ins")):
        parent, i = ins.getparent(), ins.getparent().index(ins)
        for j, child in enumerate(list(ins)):
            parent.insert(i + j, child)
        parent.remove(ins)
    return p


def reject_all(p) -> etree._Element:
    p = copy.deepcopy(p)
    for ins in list(p.iter(W + "ins")):
        ins.getparent().remove(ins)
    for d in list(p.iter(W + "del")):
        parent, i = d.getparent(), d.getparent().index(d)
        for j, child in enumerate(list(d)):
            for t in child.iter(W + "delText"):
                t.tag = W + "t"
            parent.insert(i + j, child)
        parent.remove(d)
    return p


BOLD_SPLIT = '<w:r><w:rPr><w:b/></w:rPr><w:t>Hội nghị Kh</w:t></w:r><w:r><w:t xml:space="preserve">i thi đua</w:t></w:r>'


def test_text_of_tabs_breaks_hyperlinks_and_insertions():
    p = para('<w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/></w:r>'
             '<w:hyperlink r:id="rId5"><w:r><w:t>link</w:t></w:r></w:hyperlink>'
             '<w:del w:id="1" w:author="x"><w:r><w:delText>gone</w:delText></w:r></w:del>'
             '<w:ins w:id="2" w:author="x"><w:r><w:t>new</w:t></w:r></w:ins>'
             '<w:smartTag w:uri="u" w:element="e"><w:r><w:noBreakHyphen/><w:t>st</w:t></w:r></w:smartTag>'
             '<w:r><w:drawing/></w:r>')
    pt = extract(p)
    assert pt.text == "A\tB\nlinknew\u2011st" + OBJECT
    assert [s.editable for s in pt.segments] == [True, False, True, False, True, True, False, True, False]
    assert [s.insertion is not None for s in pt.segments if s.editable] == [False, False, False, True, False]
    assert pt.segments[5].insertion.get(W + "id") == "2"


def test_field_codes_are_left_out_and_results_are_fixed():
    p = para('<w:r><w:t xml:space="preserve">Trang </w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
             '<w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple><w:r><w:t> trang</w:t></w:r>')
    pt = extract(p)
    assert pt.text == "Trang 39 trang"
    assert [(pt.text[s.start:s.end], s.editable) for s in pt.segments] == [
        ("Trang ", True), ("3", False), ("9", False), (" trang", True)]
    assert pt.pieces(5, 7) == []  # touches the field result
    assert len(pt.pieces(0, 5)) == 1


def test_field_spanning_paragraphs_keeps_its_state():
    state = FieldState()
    first = extract(para('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC</w:instrText></w:r>'
                         '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Mục 1</w:t></w:r>'), state)
    second = extract(para('<w:r><w:t>Mục 2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                          '<w:r><w:t>sau</w:t></w:r>'), state)
    assert first.text == "Mục 1" and not first.segments[0].editable
    assert second.text == "Mục 2sau"
    assert [s.editable for s in second.segments] == [False, True]


def test_trim_keeps_only_the_changed_characters():
    assert trim(Edit(3, 6, "Khi", "Khối", "ocr")) == Edit(5, 5, "", "ố", "ocr")
    assert trim(Edit(0, 6, "ng chí", "Đồng chí", "ocr")) == Edit(0, 0, "", "Đồ", "ocr")
    assert trim(Edit(0, 2, "  ", " ", "spacing")) == Edit(1, 2, " ", "", "spacing")


def test_inplace_word_split_across_bold_and_plain_keeps_both_formats():
    p = para(BOLD_SPLIT)
    pt = extract(p)
    e = Edit(9, 12, "Khi", "Khối", "ocr", 0.95)
    assert apply(pt, [e]) == [e]
    assert extract(p).text == "Hội nghị Khối thi đua"
    assert runs(p) == [("Hội nghị Khố", True), ("i thi đua", False)]


def test_inplace_edit_across_runs_puts_new_text_in_the_start_run():
    p = para('<w:r><w:rPr><w:i/></w:rPr><w:t>B K </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>học và</w:t></w:r>'
             '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> u t</w:t></w:r>')
    pt = extract(p)
    assert pt.text == "B K học và u t"
    edits = [Edit(0, 7, "B K học", "Bộ Kế hoạch", "ocr"), Edit(11, 14, "u t", "Đầu tư", "ocr")]
    apply(pt, edits)
    assert extract(p).text == "Bộ Kế hoạch và Đầu tư"
    texts = [("".join(t.text for t in r.findall(W + "t")), r.find(f"{W}rPr/{W}i") is not None,
              r.find(f"{W}rPr/{W}b") is not None) for r in p.iter(W + "r")]
    assert texts == [("Bộ Kế hoạch", True, False), (" và", False, True), (" Đầu tư", False, True)]
    assert p.findall(f".//{W}t")[1].get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_inplace_removes_runs_emptied_by_the_edit():
    p = para('<w:r><w:t>ab</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>cd</w:t></w:r><w:r><w:t>ef</w:t></w:r>')
    apply(extract(p), [Edit(1, 5, "bcde", "X", "t")])
    assert runs(p) == [("aX", False), ("f", False)]


def test_edit_touching_a_tab_or_field_is_not_applied():
    p = para('<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>')
    before = etree.tostring(p)
    assert apply(extract(p), [Edit(0, 3, "a\tb", "a b", "spacing")]) == []
    assert etree.tostring(p) == before


def test_hyperlink_runs_stay_inside_the_hyperlink():
    p = para('<w:r><w:t xml:space="preserve">Xem </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
             '</w:rPr><w:t>Khi thi đua</w:t></w:r></w:hyperlink>')
    apply(extract(p), [Edit(4, 7, "Khi", "Khối", "ocr")])
    link = p.find(W + "hyperlink")
    assert link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id") == "rId9"
    assert "".join(link.itertext()) == "Khối thi đua"
    assert link.find(f"{W}r/{W}rPr/{W}rStyle").get(W + "val") == "Hyperlink"


def test_tracked_change_xml():
    p = para(BOLD_SPLIT)
    rev = Revision("docgen", "2024-01-05T00:00:00Z", 7)
    apply(extract(p), [Edit(0, 3, "Hội", "Hội", "x"), Edit(9, 12, "Khi", "Khối", "ocr"),
                       Edit(13, 16, "thi", "THI", "case")], rev)
    ins = p.findall(f".//{W}ins")
    dels = p.findall(f".//{W}del")
    assert len(ins) == 2 and len(dels) == 1
    for el in ins + dels:
        assert el.get(W + "author") == "docgen"
        assert el.get(W + "date") == "2024-01-05T00:00:00Z"
    ids = [el.get(W + "id") for el in ins + dels]
    assert len(set(ids)) == 3 and all(int(i) >= 7 for i in ids)
    assert [t.text for t in dels[0].iter(W + "delText")] == ["thi"]
    assert dels[0].find(f".//{W}t") is None
    assert ["".join(i.itertext()) for i in ins] == ["ố", "THI"]
    # the insertion of "ố" carries the bold rPr of the run where the edit starts
    assert ins[0].find(f"{W}r/{W}rPr/{W}b") is not None
    assert ins[1].find(f"{W}r/{W}rPr/{W}b") is None
    assert extract(accept_all(p)).text == "Hội nghị Khối THI đua"
    assert extract(reject_all(p)).text == "Hội nghị Khi thi đua"
    assert runs(accept_all(p))[0] == ("Hội nghị Kh", True)


def test_tracked_accept_all_equals_inplace_result():
    xml = ('<w:r><w:rPr><w:i/></w:rPr><w:t>B K </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>học và</w:t></w:r>'
           '<w:hyperlink r:id="rId1"><w:r><w:t xml:space="preserve"> u t, ng chí</w:t></w:r></w:hyperlink>')
    edits = [Edit(0, 7, "B K học", "Bộ Kế hoạch", "ocr"), Edit(11, 14, "u t", "Đầu tư", "ocr"),
             Edit(16, 22, "ng chí", "Đồng chí", "ocr")]
    inplace, tracked = para(xml), para(xml)
    original = extract(inplace).text
    apply(extract(inplace), edits)
    apply(extract(tracked), edits, Revision("docgen", "2024-01-05T00:00:00Z"))
    assert extract(inplace).text == apply_edits(original, edits)
    assert extract(accept_all(tracked)).text == extract(inplace).text
    assert extract(reject_all(tracked)).text == original
    assert extract(tracked).text == extract(inplace).text  # pending insertions count, deletions do not
    # deletions inside the hyperlink stay inside it
    assert tracked.find(W + "hyperlink").find(W + "del") is not None


def test_tracked_mode_does_not_edit_inside_a_pending_insertion():
    p = para('<w:ins w:id="3" w:author="x"><w:r><w:t>Khi thi</w:t></w:r></w:ins>')
    assert apply(extract(p), [Edit(0, 3, "Khi", "Khối", "ocr")], Revision("docgen", "d")) == []
    assert apply(extract(p), [Edit(0, 3, "Khi", "Khối", "ocr")]) != []


def test_revision_ids_start_above_existing_ones():
    rev = Revision.for_parts([b'<w:bookmarkStart w:id="41" w:name="a"/>', b'<w:comment w:id="7"/>'], "docgen", "d")
    assert rev.element("ins").get(W + "id") == "42"
    assert rev.element("del").get(W + "id") == "43"


@pytest.mark.parametrize("off", [0, 2, 4])
def test_tracked_pure_insertion_positions(off):
    p = para('<w:r><w:rPr><w:b/></w:rPr><w:t>ab</w:t></w:r><w:r><w:t>cd</w:t></w:r>')
    apply(extract(p), [Edit(off, off, "", "X", "t")], Revision("docgen", "d"))
    assert extract(accept_all(p)).text == "abcd"[:off] + "X" + "abcd"[off:]
    # the new text takes the formatting of the run before it, else of the run after it
    assert (p.find(f".//{W}ins/{W}r/{W}rPr/{W}b") is not None) == (off < 4)


def test_track_replacement_wraps_old_and_new_run():
    p = para('<w:r><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr><w:t>old</w:t></w:r>'
             '<w:ins w:id="5" w:author="x"><w:r><w:t>theirs</w:t></w:r></w:ins>')
    run, pending = p.findall(f".//{W}r")
    original = copy.deepcopy(run)
    run.find(f"{W}t").text = "new"
    rev = Revision("docgen", "d", 9)
    track_replacement(run, original, rev)
    assert [c.tag for c in p] == [W + "del", W + "ins", W + "ins"]
    assert p[0].find(f".//{W}delText").text == "old" and p[1].get(W + "id") == "10"
    assert extract(p).text == "newtheirs" and extract(reject_all(p)).text == "old"
    theirs = copy.deepcopy(pending)
    track_replacement(pending, theirs, rev)  # inside someone's insertion: left alone
    assert len(p) == 3 and rev.next_id == 11
    q = para('<w:r><w:fldChar w:fldCharType="begin"/><w:t>x</w:t></w:r>')
    track_replacement(q[0], copy.deepcopy(q[0]), rev)  # a field character must not be duplicated
    assert [c.tag for c in q] == [W + "r"]
