"""Produce: the four templates rendered from the fixture, checked against nd30.md in the XML."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pytest
import yaml
from docx import Document

from docgen.errors import TemplateError
from docgen.io.package import read_package
from docgen.io.xmlsafe import parse_xml
from docgen.ooxml.ns import W
from docgen.model import KINDS, Record
from docgen.produce import context, render_record
from docgen.render.engine import DocxTemplate

from conftest import FIXTURE



@pytest.fixture(scope="module")
def record() -> Record:
    return Record.model_validate(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def docs(record):
    return {d.kind: d for d in render_record(record)}


def doc_xml(data: bytes):
    return parse_xml(read_package(data)["word/document.xml"])


def paragraphs(root) -> list:
    return list(root.iter(W + "p"))


def ptext(p) -> str:
    """The paragraph's text, a line break (w:br) as a new line."""
    return "".join((el.text or "") if el.tag == W + "t" else "\n" for el in p.iter(W + "t", W + "br"))


def find_p(root, text: str):
    for p in paragraphs(root):
        if ptext(p).strip() == text:
            return p
    raise AssertionError(f"no paragraph {text!r}; have: {[ptext(p) for p in paragraphs(root)][:40]}")


def find_p_starting(root, prefix: str):
    for p in paragraphs(root):
        if ptext(p).startswith(prefix):
            return p
    raise AssertionError(f"no paragraph starting {prefix!r}")


def run_props(p) -> list[dict]:
    """Effective-enough properties of every run with text: bold, italic, size (half-points)."""
    out = []
    for r in p.iter(W + "r"):
        if not "".join(t.text or "" for t in r.iter(W + "t")).strip():
            continue
        rpr = r.find(W + "rPr")
        def get(tag, rpr=rpr):
            return (rpr.find(W + tag) if rpr is not None else None)
        sz = get("sz")
        out.append({
            "b": get("b") is not None and get("b").get(W + "val") in (None, "1", "true"),
            "i": get("i") is not None and get("i").get(W + "val") in (None, "1", "true"),
            "sz": int(sz.get(W + "val")) if sz is not None else None,
        })
    assert out, f"paragraph {ptext(p)!r} has no text runs"
    return out


def test_all_four_kinds_and_file_names(docs):
    assert set(docs) == set(KINDS)
    for kind, d in docs.items():
        assert d.filename.startswith(kind)
        assert d.filename.endswith(".docx")


@pytest.mark.parametrize("kind", KINDS)
def test_page_size_margins_and_page_numbers(docs, kind):
    root = doc_xml(docs[kind].data)
    sect = root.find(f"{W}body/{W}sectPr")
    pg = sect.find(W + "pgSz")
    assert (pg.get(W + "w"), pg.get(W + "h")) == ("11906", "16838")
    assert pg.get(W + "orient") in (None, "portrait")
    mar = sect.find(W + "pgMar")
    mm = {k: int(mar.get(W + k)) / 56.6929 for k in ("top", "bottom", "left", "right")}
    assert 20 <= round(mm["top"]) <= 25 and 20 <= round(mm["bottom"]) <= 25
    assert 30 <= round(mm["left"]) <= 35 and 15 <= round(mm["right"]) <= 20
    assert sect.find(W + "titlePg") is not None  # no number on page 1
    parts = read_package(docs[kind].data)
    default_hdr = [ref for ref in sect.iter(W + "headerReference") if ref.get(W + "type") == "default"]
    assert default_hdr, "page numbers need a default header"
    headers = [n for n in parts if n.startswith("word/header")]
    assert any(b"PAGE" in parts[h] for h in headers)


@pytest.mark.parametrize("kind", KINDS)
def test_times_new_roman_everywhere(docs, kind):
    parts = read_package(docs[kind].data)
    for name in ("word/document.xml", "word/styles.xml"):
        root = parse_xml(parts[name])
        for fonts in root.iter(W + "rFonts"):
            for attr, value in fonts.attrib.items():
                assert "Theme" not in attr, f"{name}: theme font {attr}"
                assert value == "Times New Roman", f"{name}: {attr}={value}"
    styles = parse_xml(parts["word/styles.xml"])
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert default.get(W + "ascii") == "Times New Roman"


@pytest.mark.parametrize("kind", KINDS)
def test_header_block(docs, kind):
    root = doc_xml(docs[kind].data)
    first = root.find(W + "body")[0]
    assert first.tag == W + "tbl", "the header is a table"
    borders = first.find(f"{W}tblPr/{W}tblBorders")
    assert all(b.get(W + "val") == "nil" for b in borders)
    title = find_p(root, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert all(r["b"] and r["sz"] == 26 for r in run_props(title))
    motto = find_p(root, "Độc lập - Tự do - Hạnh phúc")
    # 14 pt; a Giấy mời tightened to one page sets it at 13 (the decree's 13–14)
    assert all(r["b"] and r["sz"] == (26 if kind == "giay-moi" else 28) for r in run_props(motto))


def test_giay_moi_content(docs):
    root = doc_xml(docs["giay-moi"].data)
    # broken between words, never inside "KHU CÔNG NGHỆ CAO" / "KHU CÔNG NGHIỆP" (layout.breaking)
    agency = find_p(root, "BAN QUẢN LÝ\nKHU CÔNG NGHỆ CAO\nVÀ CÁC KHU CÔNG NGHIỆP")
    assert all(r["b"] and r["sz"] == 26 for r in run_props(agency))
    parent = find_p(root, "UBND THÀNH PHỐ ĐÀ NẴNG")
    assert not any(r["b"] for r in run_props(parent))
    number = find_p(root, "Số: 03/GM-BQL")
    assert all(r["sz"] == 26 and not r["b"] for r in run_props(number))
    # the fixture's Giấy mời is tightened to fit one page: its 14 pt elements at 13 (decree: 13–14)
    date = find_p(root, "Đà Nẵng, ngày 05 tháng 01 năm 2022")
    assert all(r["i"] and r["sz"] == 26 for r in run_props(date))
    kind = find_p(root, "GIẤY MỜI")
    assert all(r["b"] and r["sz"] == 26 for r in run_props(kind))
    find_p(root, "Thời gian: 08 giờ 00, thứ Sáu, ngày 14 tháng 01 năm 2022.")
    # one page: the invitees in one paragraph, an item a line
    invitees = find_p_starting(root, "- Đồng chí Bùi Thị Thu Hằng")
    items = ptext(invitees).split("\n")
    assert items[1] == "- Đồng chí Võ Văn Phụng, Trưởng ban Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng;"
    assert items[-1] == "- Đại diện lãnh đạo Ban Quản lý Khu kinh tế tỉnh Bình Định."
    assert len(items) == 11
    label = find_p(root, "Nơi nhận:")
    assert all(r["b"] and r["i"] and r["sz"] == 24 for r in run_props(label))
    find_p(root, "- Như trên;")
    last = find_p(root, "- Lưu: VT, VP.")
    assert all(r["sz"] == 22 for r in run_props(last))
    find_p(root, "KT. TRƯỞNG BAN")
    assert all(r["b"] for r in run_props(find_p(root, "PHÓ TRƯỞNG BAN")))
    assert all(r["b"] for r in run_props(find_p(root, "Trần Văn Biên")))
    # the last body paragraph before the signature table ends with ./.
    texts = [ptext(p) for p in root.find(W + "body").iterchildren(W + "p")]
    assert [t for t in texts if t.strip()][-1].endswith("117./.")


def test_giay_moi_body_format(docs):
    root = doc_xml(docs["giay-moi"].data)
    p = find_p_starting(root, "Tới dự Hội nghị")
    ppr = p.find(W + "pPr")
    assert ppr.find(W + "jc").get(W + "val") == "both"
    first_line = int(ppr.find(W + "ind").get(W + "firstLine"))
    assert abs(first_line / 56.6929 - 12.7) < 0.1
    assert int(ppr.find(W + "spacing").get(W + "after")) >= 120  # 6 pt
    assert all(r["sz"] == 26 and not r["b"] for r in run_props(p))  # 13 pt: tightened to one page


def test_bien_ban_has_no_date_line_and_two_signatures(docs):
    root = doc_xml(docs["bien-ban"].data)
    texts = [ptext(p) for p in paragraphs(root)]
    assert "Số: 01/BB-BQL" in texts
    assert not any(t.startswith("Đà Nẵng, ngày") for t in texts)
    assert "THƯ KÝ" in texts and "CHỦ TỌA" in texts
    assert "- Lưu: VT, Hồ sơ." in texts
    assert any(t.startswith("Thời gian bắt đầu: 08 giờ 00, thứ Sáu, ngày 14 tháng 01 năm 2022") for t in texts)
    assert any(t.startswith("Cuộc họp kết thúc vào 11 giờ 30 cùng ngày") and t.endswith("./.") for t in texts)


def test_quyet_dinh(docs):
    root = doc_xml(docs["quyet-dinh"].data)
    texts = [ptext(p) for p in paragraphs(root)]
    assert "Số: 08/QĐ-BQL" in texts
    assert "QUYẾT ĐỊNH:" in texts
    bases = [p for p in paragraphs(root) if ptext(p).startswith("Căn cứ")]
    assert len(bases) == 3 and all(ptext(b).endswith(";") for b in bases)
    assert all(r["i"] for b in bases for r in run_props(b))
    assert "Theo đề nghị của Chánh Văn phòng Ban." in texts
    art1 = find_p_starting(root, "Điều 1.")
    props = run_props(art1)
    assert props[0]["b"] and not props[-1]["b"]
    last = find_p_starting(root, "Điều 3.")
    assert ptext(last).endswith("Quyết định này./.")
    assert texts.index("- Như Điều 3;") < texts.index("- Lưu: VT, VP.")


def test_giao_uoc_grid(docs, record):
    root = doc_xml(docs["giao-uoc-thi-dua"].data)
    texts = [ptext(p) for p in paragraphs(root)]
    assert "BẢN GIAO ƯỚC THI ĐUA NĂM 2022" in texts
    grid = root.find(W + "body").findall(W + "tbl")[-1]
    rows = grid.findall(W + "tr")
    cells = [[[ptext(p) for p in c.iter(W + "p") if ptext(p)] for c in r.findall(W + "tc")] for r in rows]
    # one row per pair of members, one cell per member: unit, (padding), authority and title,
    # room to sign, name; the odd last member alone in a merged, centred cell
    members = [c for r in cells for c in r if c]
    assert len(members) == len(record.pledge.members) == 11
    assert len(rows) == 6 and len(rows[-1].findall(W + "tc")) == 1
    assert rows[-1].find(f"{W}tc/{W}tcPr/{W}gridSpan").get(W + "val") == "2"
    assert members[0] == ["BAN QUẢN LÝ\nKHU CÔNG NGHỆ CAO VÀ CÁC\nKHU CÔNG NGHIỆP ĐÀ NẴNG", "KT. TRƯỞNG BAN",
                          "PHÓ TRƯỞNG BAN", "Trần Văn Biên"] or members[0][0].count("\n") >= 1
    assert members[0][1:] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Văn Biên"]
    assert members[-1] == ["BAN QUẢN LÝ KHU KINH TẾ\nTỈNH BÌNH ĐỊNH", "TRƯỞNG BAN", "Võ Thị Mai"]
    # the two cells of a row have as many lines before the name (titles and names aligned)
    for r in rows[:-1]:
        counts = [sum(1 for p in c.iter(W + "p") for _ in [0]) + sum(1 for _ in c.iter(W + "br"))
                  for c in r.findall(W + "tc")]
        assert counts[0] == counts[1], counts
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert not any("{%" in t or "{{" in t for t in texts)


def test_same_input_same_bytes(record):
    a = [hashlib.sha256(d.data).hexdigest() for d in render_record(record)]
    b = [hashlib.sha256(d.data).hexdigest() for d in render_record(record)]
    assert a == b


def test_outputs_open_in_python_docx(docs):
    for d in docs.values():
        doc = Document(io.BytesIO(d.data))
        assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.1)


def test_per_invitee(record):
    out = render_record(record, ["giay-moi"], per_invitee=True)
    assert len(out) == len(record.invitation.invitees)
    assert len({d.filename for d in out}) == len(out)
    root = doc_xml(out[1].data)
    find_p_starting(root, "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng trân trọng kính mời: "
                                 "Đồng chí Võ Văn Phụng")


def test_xml_special_characters_are_kept(record):
    data = record.model_dump()
    data["invitation"]["invitees"] = [{"unit": "Công ty A & B <Việt Nam> \"Sao Mai\""}]
    rec = Record.model_validate(data)
    d = render_record(rec, ["giay-moi"])[0]
    root = doc_xml(d.data)
    find_p_starting(root, "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng trân trọng kính mời: "
                          "Đại diện lãnh đạo Công ty A & B <Việt Nam> \"Sao Mai\".")


# ---------------------------------------------------------------- the engine itself

def _template(*paragraph_runs: list[str]) -> bytes:
    doc = Document()
    for runs in paragraph_runs:
        p = doc.add_paragraph()
        for t in runs:
            p.add_run(t)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _texts(data: bytes) -> list[str]:
    return [ptext(p) for p in paragraphs(doc_xml(data))]


def test_tags_split_across_runs_and_curly_quotes():
    tpl = DocxTemplate(_template(["Kính gửi: {{ agen", "cy.na", "me }} và {{ x|default(", "\u201cmặc định\u201d) }}"]))
    out = tpl.render({"agency": {"name": "Ban Quản lý"}})
    assert "Kính gửi: Ban Quản lý và mặc định" in _texts(out)


def test_printing_an_empty_field_is_an_error_not_a_blank():
    tpl = DocxTemplate(_template(["Cơ quan chủ quản: {{ agency.parent }}"]), name="mau.docx")
    with pytest.raises(TemplateError, match="trống"):
        tpl.render({"agency": {"parent": None}})


def test_paragraph_loop_tags():
    tpl = DocxTemplate(_template(["Đầu"], ["{%p for x in items %}"], ["- {{ x }}"], ["{%p endfor %}"], ["Cuối"]))
    texts = [t for t in _texts(tpl.render({"items": ["một", "hai"]})) if t]
    assert texts == ["Đầu", "- một", "- hai", "Cuối"]


def test_missing_field_names_field_and_template():
    tpl = DocxTemplate(_template(["{{ agency.ten_sai }}"]), name="mau-thu.docx")
    with pytest.raises(TemplateError) as err:
        tpl.render({"agency": {"name": "Ban"}})
    assert "agency.ten_sai" in str(err.value) and "mau-thu.docx" in str(err.value)


def test_missing_top_level_variable():
    tpl = DocxTemplate(_template(["{{ khong_co }}"]), name="mau.docx")
    with pytest.raises(TemplateError, match="khong_co"):
        tpl.render({})


def test_sandbox_blocks_python_internals():
    tpl = DocxTemplate(_template(["{{ x.__class__.__mro__ }}"]), name="mau.docx")
    with pytest.raises(TemplateError):
        tpl.render({"x": "a"})


def test_field_named_items_is_the_field():
    tpl = DocxTemplate(_template(["{{ s.items[0] }}"]))
    assert "một" in _texts(tpl.render({"s": {"items": ["một"]}}))


def test_context_rejects_unknown_kind(record):
    from docgen.errors import InputError
    with pytest.raises(InputError):
        context(record, "cong-van")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_giay_moi_to_one_page(docs, tmp_path):
    src = tmp_path / docs["giay-moi"].filename
    src.write_bytes(docs["giay-moi"].data)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = src.with_suffix(".pdf")
    assert pdf.exists()
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(ln for ln in info.splitlines() if ln.startswith("Pages:")).split()[1])
        assert pages == 1  # tightened within the decree's limits to fit one page
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=60)
        pngs = list(tmp_path.glob("page*.png"))
        assert pngs and pngs[0].stat().st_size > 1000


# ---------------------------------------------------------------- rendered documents pass lint

def _starter_records():
    from docgen.io.loaders import validate_data
    from docgen.starters import starter
    for kind in ("giay-moi", "bien-ban", "quyet-dinh", "giao-uoc-thi-dua", "tat-ca"):
        yield kind, validate_data(yaml.safe_load(starter(kind)), f"{kind}.yaml")


def test_every_rendered_document_passes_lint(record):
    from docgen.lint import lint_docx
    outputs = list(render_record(record)) + list(render_record(record, ["giay-moi"], per_invitee=True))[:3]
    for _, rec in _starter_records():
        outputs += render_record(rec)
    assert len(outputs) >= 4 + 3 + 8
    for d in outputs:
        findings = lint_docx(d.data, name=d.filename)
        assert findings == [], f"{d.filename}: {[(f.rule, f.message) for f in findings]}"
