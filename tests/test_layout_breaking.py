"""Line breaking: the widths table, the word facts and the breaks a clerk would make."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from docgen.layout import geometry as G
from docgen.layout.breaking import break_lines
from docgen.layout.metrics import mm, text_width
from docgen.model import Record
from docgen.produce import context, header_text
from docgen.vi.case import upper
from docgen.vi.lexicon import read_terms
from docgen.vi.words import NEVER, break_costs, split_words

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"


def _script():
    spec = importlib.util.spec_from_file_location("build_layout_data", ROOT / "scripts" / "build_layout_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def record() -> Record:
    return Record.model_validate(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["docgen.layout.metrics", "docgen.layout.breaking", "docgen.vi.words"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_packaged_width_table_is_what_the_script_builds():
    assert _script().build_widths() == (ROOT / "docgen" / "layout" / "data" / "widths.json").read_bytes()


def test_packaged_word_list_is_what_the_script_builds():
    pytest.importorskip("underthesea", reason="underthesea (pip install -e '.[build]') builds the word list")
    assert _script().build_words() == (ROOT / "docgen" / "vi" / "data" / "words.txt.gz").read_bytes()


def test_widths_are_times_new_roman_advances():
    # Times New Roman: "n" is 1024/2048 em regular, 1139 bold; a space 512
    assert text_width("n", 2048) == 1024 and text_width("n", 2048, bold=True) == 1139
    assert text_width(" ", 2048) == 512
    # a composed letter measures as its base letter (marks take no room)
    assert text_width("Ệ", 13, bold=True) == text_width("E", 13, bold=True)
    assert 95 < mm(text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)) < 97


def test_words_names_and_places_are_not_split():
    assert split_words("Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng") == [
        "Ban Quản lý", "các", "khu công nghiệp", "tỉnh Lâm Đồng"]
    assert split_words("Đồng chí Bùi Thị Thu Hằng, Phó Chánh Văn phòng") == [
        "Đồng chí", "Bùi Thị Thu Hằng,", "Phó Chánh Văn phòng"]
    tokens, costs = break_costs("Khối thi đua năm 2022 và các tỉnh Tây Nguyên")
    cost = dict(zip(tokens, costs))
    assert cost["năm"] > cost["2022"]  # "năm 2022" stays together
    assert cost["và"] > cost["2022"]  # break before "và", not after it
    assert cost["Tây"] == NEVER


def test_no_break_inside_a_word_underthesea_finds():
    """Cross-check against underthesea's own word segmentation (CRF): every agency of the
    lexicon, upper case in a narrow header column, breaks only between its words."""
    word_tokenize = pytest.importorskip(
        "underthesea", reason="underthesea (pip install -e '.[build]') is the segmenter checked against").word_tokenize

    agencies = [t for t in read_terms(ROOT / "docgen" / "vi" / "data" / "agencies.txt") if len(t.split()) >= 4]
    assert len(agencies) > 40
    for name in agencies:
        # compounds of two or three syllables ("công nghiệp", "khu công nghiệp"); underthesea also
        # joins whole names ("Tài nguyên và Môi trường"), which a clerk does break before "và"
        compounds = [upper(w).split() for w in word_tokenize(name)
                     if 2 <= len(w.split()) <= 3 and "và" not in w.lower().split()]
        got = break_lines(upper(name), 50, 13, bold=True, source=name)
        lines = got.lines
        if got.split:  # a word wider than the column: said, and only then broken inside
            assert all(text_width(w, 13, bold=True) > 50 * 72 / 25.4 * 0.98 for w in got.split)
            continue
        for a, b in zip(lines, lines[1:]):
            seam = [a.split()[-1], b.split()[0]]
            for w in compounds:
                assert not any(w[k:k + 2] == seam for k in range(len(w) - 1)), \
                    f"{name!r}: {lines} breaks inside {' '.join(w)!r}"


def test_header_lines_like_a_clerk():
    name = "Ban Quản lý Khu công nghệ cao và các khu công nghiệp"
    assert break_lines(upper(name), G.HEADER_LEFT, 13, bold=True, source=name).lines == (
        "BAN QUẢN LÝ", "KHU CÔNG NGHỆ CAO", "VÀ CÁC KHU CÔNG NGHIỆP")
    name = "Ban Quản lý Khu kinh tế tỉnh Gia Lai"
    assert break_lines(upper(name), 78, 13, bold=True, source=name).lines == ("BAN QUẢN LÝ KHU KINH TẾ", "TỈNH GIA LAI")
    # every line fits the column
    got = break_lines(upper(name), 40, 13, bold=True, source=name)
    assert all(w <= 40 * 72 / 25.4 for w in got.widths) and not got.split


def test_fewest_lines_balanced_and_no_lone_syllable(record):
    title = record.meeting.title
    lines = break_lines(title, G.SUMMARY_W, 14, bold=True).lines
    assert len(lines) == 4
    assert all(len(line.split()) >= 4 for line in lines)  # no "Trung" alone
    widths = [text_width(x, 14, bold=True) for x in lines]
    assert max(widths) - min(widths) < 0.35 * max(widths)


def test_min_lines_and_flush_left():
    name = "Ban Quản lý Khu kinh tế tỉnh Gia Lai"
    assert len(break_lines(upper(name), 80, 13, bold=True, source=name, min_lines=3).lines) == 3
    line = "- Vụ Thi đua - Khen thưởng, Bộ Kế hoạch và Đầu tư;"
    assert break_lines(line, G.CLOSING_LEFT, 11, align="left").lines == (
        "- Vụ Thi đua - Khen thưởng,", "Bộ Kế hoạch và Đầu tư;")


def test_a_break_the_clerk_typed_is_kept(record):
    assert header_text("Ban Quản lý Khu công nghệ cao\\nvà các khu công nghiệp") == (
        "BAN QUẢN LÝ KHU CÔNG NGHỆ CAO\nVÀ CÁC KHU CÔNG NGHIỆP",
        "Ban Quản lý Khu công nghệ cao\nvà các khu công nghiệp")
    data = record.model_dump()
    data["agency"]["header_name"] = "Ban Quản lý Khu công nghệ cao và\ncác khu công nghiệp"
    ctx = context(Record.model_validate(data), "giay-moi")
    assert ctx["agency_header"].split("\n")[-1] == "CÁC KHU CÔNG NGHIỆP"
    assert "VÀ" in ctx["agency_header"].split("\n")[-2]
    # breaking off: only the clerk's break
    ctx = context(Record.model_validate(data), "giay-moi", line_breaking=False)
    assert ctx["agency_header"] == "BAN QUẢN LÝ KHU CÔNG NGHỆ CAO VÀ\nCÁC KHU CÔNG NGHIỆP"


def test_pledge_uses_its_header_name_and_member_authority(record):
    ctx = context(record, "giao-uoc-thi-dua")
    assert ctx["bloc_header"].startswith("KHỐI THI ĐUA")
    assert "KCN" in ctx["bloc_header"]
    first = ctx["member_rows"][0][0]
    assert first["title_lines"] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    # the two units of a row take as many lines; the shorter title is padded
    a, b = ctx["member_rows"][0]
    assert a["unit_header"].count("\n") + a["pad_lines"] + len(a["title_lines"]) == \
        b["unit_header"].count("\n") + b["pad_lines"] + len(b["title_lines"])


def test_article_number_typed_by_the_clerk_is_not_doubled(record):
    data = record.model_dump()
    data["decision"]["articles"][0] = {"text": "Điều 1. Thành lập Ban Tổ chức Hội nghị."}
    data["decision"]["articles"][1]["title"] = "Điều 2. Nhiệm vụ của Ban Tổ chức"
    ctx = context(Record.model_validate(data), "quyet-dinh")
    first, second = ctx["articles"][:2]
    assert (first["heading"], first["inline"]) == ("Điều 1.", " Thành lập Ban Tổ chức Hội nghị.")
    assert second["heading"] == "Điều 2. Nhiệm vụ của Ban Tổ chức"


def test_inside_a_sentence_the_weekday_and_cac_are_lower_case(record):
    ctx = context(record, "giay-moi")
    from docgen.render.filters import thoi_gian
    assert thoi_gian(record.meeting.start) == "08 giờ 00, thứ Sáu, ngày 14 tháng 01 năm 2022"
    data = record.model_dump()
    data["invitation"]["invitees"] = [{"unit": "Các phòng, đơn vị có liên quan"}]
    ctx = context(Record.model_validate(data), "giay-moi")
    assert ctx["invitees"] == ["Đại diện lãnh đạo các phòng, đơn vị có liên quan"]


def test_the_decision_list_goes_with_its_decision(record):
    ctx = context(record, "quyet-dinh")
    ap = ctx["appendix"]
    assert ap["heading"] == "DANH SÁCH"
    assert ap["note"].replace("\n", " ") == (
        "(Kèm theo Quyết định số 08/QĐ-BQL ngày 06 tháng 01 năm 2022 của Trưởng Ban Quản lý "
        "Khu công nghệ cao và các khu công nghiệp Đà Nẵng)")
    assert [p["name"] for p in ap["people"]][:2] == ["Trần Văn Biên", "Võ Văn Phụng"]


def test_line_count_is_the_number_of_lines_break_lines_makes():
    from docgen.layout.breaking import clear_caches, line_count
    from docgen.layout.pagination import count_lines

    agencies = [t for t in read_terms(ROOT / "docgen" / "vi" / "data" / "agencies.txt") if len(t.split()) >= 3]
    assert len(agencies) > 50
    counts = set()
    for name in agencies[:300]:
        for width in (30, 45.5, 66, 78.5):
            got = break_lines(upper(name), width, 13, bold=True, source=name)
            n = line_count(upper(name), width, 13, bold=True, source=name)
            assert n == len(got.lines), (name, width)
            counts.add(n)
    assert {1, 2, 3} <= counts
    # the caches change nothing: the same breaks measured afresh
    before = break_lines(upper(agencies[0]), 40, 13, bold=True, source=agencies[0])
    clear_caches()
    assert break_lines(upper(agencies[0]), 40, 13, bold=True, source=agencies[0]) == before
    # greedy filling of a paragraph: one line when it fits, more when it does not
    text = " ".join(agencies[:20])
    assert count_lines(agencies[0], 165, 14) == 1
    assert count_lines(text, 165, 14) > 2 and count_lines(text, 40, 14) > count_lines(text, 165, 14)
    assert count_lines(text + "\n" + text, 165, 14) == 2 * count_lines(text, 165, 14)


def test_the_appendix_is_a_section_numbered_from_1(record):
    import re
    import zipfile
    from io import BytesIO

    from docgen.produce import render_record

    def sections(rec) -> list[str]:
        data = render_record(rec, ["quyet-dinh"])[0].data
        xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
        return re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml)

    with_list = sections(record)
    assert len(with_list) == 2  # the decision's section, then the list's
    for sect in with_list:  # same page, headers; numbered from 1, page 1 unnumbered
        assert '<w:pgNumType w:start="1"/>' in sect and "<w:titlePg/>" in sect
        assert 'w:type="first"' in sect and 'w:type="default"' in sect
    assert re.sub(r' w:rsid\w*="\w+"', "", with_list[0]) == re.sub(r' w:rsid\w*="\w+"', "", with_list[1])
    without = record.model_copy(deep=True)
    assert without.decision is not None
    without.decision.appendix = None
    assert len(sections(without)) == 1
