"""Tests that look: the fixture's documents rendered, exported to PDF with LibreOffice, and read
back as pages and word boxes (pdftotext -bbox): page counts, line breaks, baselines, the
centred odd member, PDF/A and the same bytes twice."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from docgen.io.pdf import embedded_fonts, font_warning, to_pdf
from docgen.lint import lint_docx
from docgen.model import Record
from docgen.produce import render_record

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"
PT_PER_MM = 72 / 25.4
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')

needs_tools = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                 reason="LibreOffice (soffice) and poppler (pdftotext) lay out the pages")


@pytest.fixture(scope="module")
def record() -> Record:
    return Record.model_validate(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def pdfs(record, tmp_path_factory):
    """kind → (docx path, pdf path) for the fixture's four documents, exported once."""
    d = tmp_path_factory.mktemp("pdf")
    docs = render_record(record)
    paths = []
    for doc in docs:
        p = d / doc.filename
        p.write_bytes(doc.data)
        paths.append(p)
    warnings: list[str] = []
    out = to_pdf(paths, d / "pdf", warnings=warnings) if (d / "pdf").mkdir() is None else []
    return {doc.kind: (src, pdf) for doc, src, pdf in zip(docs, paths, out)}, warnings


def pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words: (xMin, yMin, xMax, yMax, text), in points from the top left."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(a), float(b), float(c), float(e), t) for a, b, c, e, t in _WORD.findall(page)]
            for page in html.split("<page ")[1:]]


def lines(words) -> list[tuple[float, str]]:
    """Words grouped into lines by baseline (yMax), left to right: (baseline, text)."""
    rows: dict[float, list] = {}
    for w in words:
        key = next((k for k in rows if abs(k - w[3]) < 1.5), w[3])
        rows.setdefault(key, []).append(w)
    return [(k, " ".join(x[4] for x in sorted(v))) for k, v in sorted(rows.items())]


def column(words, x0: float, x1: float):
    return [w for w in words if x0 <= (w[0] + w[2]) / 2 < x1]


def find_line(page_lines, text: str) -> float:
    for y, t in page_lines:
        if text in t:
            return y
    raise AssertionError(f"no line with {text!r}: {[t for _, t in page_lines]}")


@needs_tools
def test_page_counts(pdfs):
    docs, _ = pdfs
    counts = {kind: len(pages(pdf)) for kind, (_, pdf) in docs.items()}
    assert counts["giay-moi"] == 1  # tightened within the decree's limits to one page
    assert counts["quyet-dinh"] == 2  # the decision, then its list on a page of its own
    # the list is a section of its own, numbered from 1: its first page shows no number
    assert lines(pages(docs["quyet-dinh"][1])[1])[0][1] == "DANH SÁCH"


@needs_tools
def test_header_lines_break_between_words(pdfs):
    docs, _ = pdfs
    first = pages(docs["giay-moi"][1])[0]
    left_edge = 30 * PT_PER_MM
    header = [t for y, t in lines(column(first, left_edge, left_edge + 66 * PT_PER_MM)) if y < 130]
    assert header[:4] == ["UBND THÀNH PHỐ ĐÀ NẴNG", "BAN QUẢN LÝ", "KHU CÔNG NGHỆ CAO", "VÀ CÁC KHU CÔNG NGHIỆP"]
    summary = [t for _, t in lines(first) if t.startswith(("Về việc", "năm 2021"))]
    assert summary == ["Về việc dự Hội nghị tổng kết công tác thi đua", "năm 2021 và ký kết giao ước thi đua năm 2022"]


@needs_tools
def test_signer_title_and_name_on_one_page(pdfs):
    docs, _ = pdfs
    for kind in ("giay-moi", "quyet-dinh"):
        for page in pages(docs[kind][1]):
            texts = [t for _, t in lines(page)]
            if "Trần Văn Biên" in texts:
                assert "PHÓ TRƯỞNG BAN" in texts and "KT. TRƯỞNG BAN" in texts
                break
        else:
            raise AssertionError(f"{kind}: no signer's name")


@needs_tools
def test_pledge_grid_rows_are_aligned_and_the_odd_member_centred(pdfs, record):
    docs, _ = pdfs
    all_pages = pages(docs["giao-uoc-thi-dua"][1])
    middle = (30 + 165 / 2) * PT_PER_MM
    names = [m.signer.name for m in record.pledge.members]
    found = {}
    for n, page in enumerate(all_pages):
        for y, t in lines(page):
            for name in names:
                if name in t:
                    found[name] = (n, y, t)
    assert set(found) == set(names), f"missing names: {set(names) - set(found)}"
    for a, b in zip(names[0:-1:2], names[1::2]):
        assert found[a][:2] == found[b][:2], f"{a} and {b} not on one baseline"
        assert found[a][2] == f"{a} {b}"
    # titles of a pair on one baseline: the last title line of each cell
    page0 = lines(all_pages[found[names[0]][0]])
    assert find_line(page0, "PHÓ TRƯỞNG BAN") == pytest.approx(find_line(page0, "PHÓ TRƯỞNG BAN TRƯỞNG BAN"), abs=1.5)
    # each cell whole: a unit, its title and its name on one page
    last = found[names[-1]]
    words = [w for w in all_pages[last[0]] if w[4] in names[-1].split() and abs(w[3] - last[1]) < 1.5]
    centre = (min(w[0] for w in words) + max(w[2] for w in words)) / 2
    assert centre == pytest.approx(middle, abs=3)  # the odd last member centred


@needs_tools
def test_pdf_a_same_bytes_and_the_font_named(pdfs, record, tmp_path):
    import pikepdf

    docs, warnings = pdfs
    src, pdf = docs["giay-moi"]
    again = to_pdf([src], tmp_path)[0]
    assert again.read_bytes() == pdf.read_bytes()  # same input, same bytes
    with pikepdf.open(pdf) as doc:
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert str(doc.docinfo["/CreationDate"]) == "D:20240101000000Z"
    fonts = embedded_fonts(pdf.read_bytes())
    if any(f.lower().startswith("timesnewroman") for f in fonts):
        assert warnings == []
    else:
        assert warnings == [font_warning(fonts)]
        assert "Times New Roman" in warnings[0] and fonts[0].split("-")[0] in warnings[0]


def test_font_warning_names_the_substitute():
    assert font_warning(["TimesNewRomanPS-BoldMT", "TimesNewRomanPSMT"]) is None
    w = font_warning(["LiberationSerif", "LiberationSerif-Bold"])
    assert w is not None and "LiberationSerif" in w and "cùng độ rộng" in w
    w = font_warning(["DejaVuSerif"])
    assert w is not None and "khác với bản Word" in w


@needs_tools
def test_lint_reads_the_pages(pdfs):
    docs, _ = pdfs
    for kind, (src, _) in docs.items():
        assert [f.rule for f in lint_docx(src, pages=True) if f.rule == "ND30-SIGNER-PAGE"] == [], kind


def test_lint_finds_a_name_parted_from_its_title(pdfs, record):
    from docgen.lint.check import Context, analyse
    from docgen.lint.model import DocxModel
    from docgen.lint.typography import check_signer_page

    data = render_record(record, ["quyet-dinh"])[0].data
    model = DocxModel(data, "qd.docx")
    texts = ["… Quyết định này./.\nNơi nhận:\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n", "Trần Văn Biên\n"]
    found = list(check_signer_page(Context(model, analyse(model), texts)))
    assert [f.message for f in found] == ["Họ tên người ký ở trang 2, tách khỏi chức vụ ở trang 1."]
    end = analyse(model).end.clean
    texts = [f"{end}\n", "Nơi nhận:\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nTrần Văn Biên\n"]
    found = list(check_signer_page(Context(model, analyse(model), texts)))
    assert [f.rule for f in found] == ["ND30-SIGNER-PAGE"] and "một mình" in found[0].message


def test_lint_finds_a_header_split_inside_a_word(record):
    data = render_record(record, ["giay-moi"], line_breaking=False)[0].data
    found = [f for f in lint_docx(data, name="gm.docx") if f.rule == "ND30-HEADER-BREAK"]
    assert found and "«CÔNG / NGHỆ»" in found[0].message  # "KHU CÔNG / NGHỆ CAO" as Word wraps it
    assert found[0].found.startswith("BAN QUẢN LÝ KHU CÔNG / NGHỆ CAO")
    assert found[0].expected == "BAN QUẢN LÝ / KHU CÔNG NGHỆ CAO / VÀ CÁC KHU CÔNG NGHIỆP"


def page_numbers(all_pages) -> list[str | None]:
    """The number printed in each page's top margin (above the 20 mm text area), or None."""
    top = 20 * PT_PER_MM
    out = []
    for page in all_pages:
        marks = [w[4] for w in page if w[3] < top]
        out.append(" ".join(marks) if marks else None)
    return out


@needs_tools
def test_the_appendix_numbers_its_pages_from_1(record, tmp_path):
    """Decree 30, Appendix I: page numbers centred in the top margin, none on page 1, an appendix
    numbered separately. A decision of two pages and a list of three: 1 (unshown), 2 | 1
    (unshown), 2, 3."""
    data = record.model_dump()
    d = data["decision"]
    d["articles"][0]["clauses"] = [f"Khoản {i}: nội dung giao nhiệm vụ cho thành viên thứ {i} của Ban Tổ chức, "
                                   "phối hợp với các đơn vị thành viên Khối thi đua thực hiện." for i in range(1, 31)]
    people = d["appendix"]["people"]
    d["appendix"]["people"] = [dict(people[i % len(people)], name=f"{people[i % len(people)]['name']} {i}")
                               for i in range(70)]
    long = Record.model_validate(data)
    doc = render_record(long, ["quyet-dinh"])[0]
    src = tmp_path / doc.filename
    src.write_bytes(doc.data)
    (tmp_path / "pdf").mkdir()
    pdf = to_pdf([src], tmp_path / "pdf")[0]
    all_pages = pages(pdf)
    first_list_page = next(i for i, p in enumerate(all_pages) if "SÁCH" in [w[4] for w in p])
    assert first_list_page >= 2 and len(all_pages) - first_list_page >= 2  # both parts span pages
    numbers = page_numbers(all_pages)
    body, appendix = numbers[:first_list_page], numbers[first_list_page:]
    assert body == [None] + [str(n) for n in range(2, len(body) + 1)]
    assert appendix == [None] + [str(n) for n in range(2, len(appendix) + 1)]
    # centred in the top margin
    for page in all_pages[1:]:
        marks = [w for w in page if w[3] < 20 * PT_PER_MM]
        if marks:
            assert (marks[0][0] + marks[-1][2]) / 2 == pytest.approx((30 + 165 / 2) * PT_PER_MM, abs=3)
    # the list starts at the top of its page, right under the margin
    assert lines(all_pages[first_list_page])[0][1] == "DANH SÁCH"


def _agency_lines(data: bytes) -> list[str]:
    """The lines of the bold agency paragraph in the header's first cell (w:br as a new line)."""
    import zipfile
    from io import BytesIO

    from lxml import etree

    from docgen.ooxml.lines import text_of
    from docgen.ooxml.ns import W

    root = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("word/document.xml"))
    cell = root.find(f"{W}body/{W}tbl/{W}tr/{W}tc")
    for p in cell.iter(W + "p"):
        runs = p.findall(W + "r")
        if runs and runs[0].find(f"{W}rPr/{W}b") is not None:
            return text_of(runs).split("\n")
    raise AssertionError("no bold agency paragraph")


def test_lint_fix_rebreaks_a_header_split_inside_a_word(record):
    from docgen.lint import fix_docx

    # as Word wraps it (no breaks of docgen's): "BAN QUẢN LÝ KHU CÔNG / NGHỆ CAO …"
    data = render_record(record, ["giay-moi"], line_breaking=False)[0].data
    assert _agency_lines(data) == ["BAN QUẢN LÝ KHU CÔNG NGHỆ CAO VÀ CÁC KHU CÔNG NGHIỆP"]
    result = fix_docx(data, name="gm.docx")
    assert "ND30-HEADER-BREAK" in [f.rule for f in result.fixed]
    assert "ND30-HEADER-BREAK" not in [f.rule for f in result.remaining]
    assert _agency_lines(result.data) == ["BAN QUẢN LÝ", "KHU CÔNG NGHỆ CAO", "VÀ CÁC KHU CÔNG NGHIỆP"]
    # reported as changes: the agency name, and the summary Word wraps inside "thi / đua"
    agency, summary = [c for c in result.changes if c.rule == "ND30-HEADER-BREAK"]
    assert agency.before == "BAN QUẢN LÝ KHU CÔNG NGHỆ CAO VÀ CÁC KHU CÔNG NGHIỆP"
    assert agency.after == "BAN QUẢN LÝ\nKHU CÔNG NGHỆ CAO\nVÀ CÁC KHU CÔNG NGHIỆP" and agency.applied
    assert agency.location.where == "bảng 1, hàng 1, cột 1"
    assert summary.after == ("Về việc dự Hội nghị tổng kết công tác thi đua\n"
                             "năm 2021 và ký kết giao ước thi đua năm 2022")
    # a break the clerk typed inside a word: rebroken the same way, the words as typed
    typed = record.model_copy(deep=True)
    typed.agency.header_name = "Ban Quản lý Khu công\nnghệ cao và các khu công nghiệp"
    data = render_record(typed, ["giay-moi"])[0].data
    assert _agency_lines(data) == ["BAN QUẢN LÝ KHU CÔNG", "NGHỆ CAO", "VÀ CÁC KHU CÔNG NGHIỆP"]
    result = fix_docx(data, name="gm.docx")
    assert _agency_lines(result.data) == ["BAN QUẢN LÝ", "KHU CÔNG NGHỆ CAO", "VÀ CÁC KHU CÔNG NGHIỆP"]
    assert "ND30-HEADER-BREAK" not in [f.rule for f in result.remaining]
    # well broken already: nothing to fix, the bytes of the part unchanged
    good = render_record(record, ["giay-moi"])[0].data
    assert "ND30-HEADER-BREAK" not in [f.rule for f in fix_docx(good, name="gm.docx").fixed]


def test_line_breaks_are_set_only_on_plain_alike_runs():
    from lxml import etree

    from docgen.ooxml.lines import set_lines, text_of
    from docgen.ooxml.ns import W_NS

    def para(xml: str):
        return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')

    bold = "<w:rPr><w:b/></w:rPr>"
    p = para(f"<w:pPr/><w:r>{bold}<w:t>KHU CÔNG</w:t><w:br/></w:r><w:r>{bold}<w:t>NGHỆ CAO</w:t></w:r>")
    assert set_lines(p, ["KHU", "CÔNG NGHỆ CAO"])
    runs = p.findall(f"{{{W_NS}}}r")
    assert len(runs) == 1 and text_of(runs) == "KHU\nCÔNG NGHỆ CAO" and runs[0].find(f"{{{W_NS}}}rPr/{{{W_NS}}}b") is not None
    assert p.find(f"{{{W_NS}}}pPr") is not None
    # other words, two formats, a field: refused, nothing changed
    p = para(f"<w:r>{bold}<w:t>KHU CÔNG NGHỆ CAO</w:t></w:r>")
    assert not set_lines(p, ["KHU CÔNG", "NGHỆ"]) and text_of(p.findall(f"{{{W_NS}}}r")) == "KHU CÔNG NGHỆ CAO"
    mixed = para(f"<w:r>{bold}<w:t>KHU CÔNG</w:t></w:r><w:r><w:t> NGHỆ CAO</w:t></w:r>")
    assert not set_lines(mixed, ["KHU", "CÔNG NGHỆ CAO"])
    field = para(f'<w:r>{bold}<w:t>KHU CÔNG</w:t></w:r><w:fldSimple w:instr="PAGE"><w:r>{bold}<w:t>2</w:t></w:r></w:fldSimple>')
    assert not set_lines(field, ["KHU", "CÔNG 2"])
