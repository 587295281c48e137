"""Legacy decoding slips (issue 11): VIQR name tones, short legacy texts, TCVN3 symbol letters,
capital and dot-less font names, a word split between a legacy run and a run with no font.
Every name and phrase here was written for these tests."""
from __future__ import annotations

import io

import docx
import pytest
from lxml import etree

from docgen.clean import CleanOptions, clean_docx
from docgen.io.package import read_package
from docgen.normalize import legacy
from docgen.ooxml.ns import W
from docgen.ooxml.text import extract, paragraphs
from docgen.vi.syllable import is_syllable, splits_into_syllables

NAMES = ["Nguyễn Thị Loan", "Trần Thị Mai Anh", "Lê Thị Hồng Nhung", "Phạm Thị Lệ Hằng", "Hoàng Thị Huệ Chi",
         "Đỗ Thị Hạ Vy", "Võ Văn Tự Cường", "Ngô Thị Dạ Thảo", "NGUYỄN THỊ THỦY", "VŨ THỊ KIM OANH",
         "BÙI THỊ LỆ QUYÊN", "Đặng Thị Thu Hà"]


@pytest.mark.parametrize("name", NAMES)
def test_viqr_name_keeps_the_dot_tone_before_a_capital(name):
    viqr = legacy.from_unicode(name, "viqr")
    assert "." in viqr and "\\." not in viqr
    assert legacy.to_unicode(viqr, "viqr") == name
    assert legacy.convert_text(viqr, "unicode", source="viqr").text == name
    line = f"Đại biểu {name} phát biểu"
    assert legacy.convert_text(legacy.from_unicode(line, "viqr"), "unicode", source="viqr").text == line


def test_viqr_full_stops_that_end_a_sentence_stay_full_stops():
    # typed without RFC 1456's escape, as most writers did
    assert legacy.to_unicode("Ca'c em ddi thi. Sau ddo' ve^` nha`.", "viqr") == "Các em đi thi. Sau đó về nhà."
    assert legacy.to_unicode("Vie^.t Nam. Ho^.i nghi. be^' ma.c.", "viqr") == "Việt Nam. Hội nghị bế mạc."
    assert legacy.to_unicode("o^ng Tra^`n Va(n Nam. Ho^.i nghi.", "viqr") == "ông Trần Văn Nam. Hội nghị"


SHORT = ["GIẤY MỜI", "ĐỒNG CHÍ TRƯỞNG BAN", "Hà Nội", "Độc lập", "Độc", "Thôn Đông", "QUYẾT ĐỊNH"]


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", SHORT)
def test_short_legacy_texts_are_detected_and_decoded(text, enc):
    code = legacy.from_unicode(text, enc, upper=text.isupper())
    found, conf = legacy.detect(code)
    assert found == enc and conf >= legacy.DEFAULT_MIN_CONFIDENCE, (code, found, conf)
    out = legacy.convert_text(code, "unicode")
    assert out.text == text and out.source == enc


def test_syllables_run_together_decode_without_an_encoding_given():
    assert legacy.convert_text(legacy.from_unicode("ỞỞ", "vni"), "unicode").text == "ỞỞ"
    assert legacy.convert_text(legacy.from_unicode("ởở", "tcvn3"), "unicode").text == "ởở"
    assert splits_into_syllables("ởở") and not splits_into_syllables("khối") and not is_syllable("ởở")


@pytest.mark.parametrize("text", ["Hà Nội", "GIẤY MỜI", "Độc lập", "Hello world", "Café au lait", "Zürich",
                                  "São Paulo", "naïve résumé", "Müller & Söhne", "Bôlôvia, Côlômbia", "5 µm"])
def test_short_unicode_and_foreign_texts_raise_no_alarm(text):
    found, conf = legacy.detect(text)
    assert found is None or conf < legacy.DEFAULT_MIN_CONFIDENCE, (found, conf)
    assert legacy.convert_text(text, "unicode").text == text


def test_tcvn3_symbol_letters_belong_to_the_word():
    assert not legacy._is_word("§éc")  # not the Unicode word "éc" behind punctuation
    assert not legacy._is_word("®i")
    assert legacy._is_word("«Khối»") is False  # guillemets in TCVN3 are letters (ô, ằ)
    assert legacy._is_word("(Khối),") and legacy._is_word("“đua”")
    assert legacy.detect("§éc lËp")[0] == "tcvn3"


@pytest.mark.parametrize(("font", "expected"), [
    (".VnTime", ("tcvn3", "Times New Roman", False)), (".VnTimeH", ("tcvn3", "Times New Roman", True)),
    (".VNTIMEH", ("tcvn3", "Times New Roman", True)), (".Vn3DH", ("tcvn3", "Times New Roman", True)),
    ("VnTime", ("tcvn3", "Times New Roman", False)), ("VnArialH", ("tcvn3", "Arial", True)),
    (".VnArial NarrowH", ("tcvn3", "Arial Narrow", True)), ("VNI-Times", ("vni", "Times New Roman", False)),
    ("Vnexpress Sans", None), ("Arial", None), ("Times New Roman", None)])
def test_font_names(font, expected):
    assert legacy.font_encoding(font) == expected


def _docx(*paragraph_runs: list[tuple[str, str | None]]) -> bytes:
    d = docx.Document()
    for runs in paragraph_runs:
        p = d.add_paragraph()
        for text, font in runs:
            r = p.add_run(text)
            if font:
                r.font.name = font
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _texts(data: bytes) -> list[str]:
    root = etree.fromstring(read_package(data)["word/document.xml"])
    return [extract(p).text for p in paragraphs(root)]


def test_word_split_between_a_legacy_run_and_a_run_with_no_font_is_converted_whole():
    hanoi = legacy.from_unicode("Hà Nội", "tcvn3")          # "Hµ Néi"
    dong = legacy.from_unicode("Đông Anh", "vni")            # VNI, split inside a letter
    data = _docx([(hanoi[:4], ".VnTime"), (hanoi[4:] + ", ngày 5", None)],
                 [(hanoi + " ", ".VnTime"), ("café", None)],
                 [(dong[:2], "VNI-Times"), (dong[2:], None)])
    out = clean_docx(data, CleanOptions(ocr=False)).output
    assert _texts(out) == ["Hà Nội, ngày 5", "Hà Nội café", "Đông Anh"]


def test_capital_and_dotless_font_runs_are_converted():
    heading = legacy.from_unicode("GIẤY MỜI", "tcvn3", upper=True)
    place = legacy.from_unicode("Thôn Đông", "tcvn3")
    out = clean_docx(_docx([(heading, ".VNTIMEH")], [(heading, ".Vn3DH")], [(place, "VnTime")]),
                     CleanOptions(ocr=False)).output
    assert _texts(out) == ["GIẤY MỜI", "GIẤY MỜI", "Thôn Đông"]
    run = paragraphs(etree.fromstring(read_package(out)["word/document.xml"]))[2].find(f"{W}r")
    assert run.find(f"{W}rPr/{W}rFonts").get(W + "ascii") == "Times New Roman"
