"""Legacy encodings: tables, round trips, detection, the normalizer."""
from __future__ import annotations

import doctest
import unicodedata

import pytest

from docgen.errors import DocgenError, InputError
from docgen.normalize import legacy
from docgen.normalize.base import apply_edits
from docgen.vi import TONE_MARKS

VOWELS = "aăâeêioôơuưy"
LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONE_MARKS)] + ["đ"]
UPPER = [c.upper() for c in LOWER]
# Capitals that TCVN3 codes in the ordinary fonts; every other marked capital needs an H font.
TCVN3_OWN_CAPITALS = "ĂÂÊÔƠƯĐ"

PARAGRAPHS = [
    "Khối thi đua các Ban Quản lý các khu công nghiệp tổ chức Hội nghị ký kết giao ước thi đua năm 2022.",
    "Đồng chí Trưởng ban chủ trì hội nghị; đại diện Bộ Kế hoạch và Đầu tư phát biểu chỉ đạo.",
    "Các đơn vị thành viên thống nhất nội dung, tiêu chí thi đua và thang điểm chấm điểm.",
    "Hội nghị đã bầu Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng làm Khối trưởng năm 2022.",
]
UNICODE_TEXT = "\n".join(PARAGRAPHS)


def test_every_letter_has_its_own_code_in_each_encoding():
    assert len(LOWER) == 73
    for enc in legacy.ENCODINGS:
        codes = [legacy.from_unicode(c, enc) for c in LOWER]
        assert len(set(codes)) == len(codes), enc
    vni_upper = [legacy.from_unicode(c, "vni") for c in UPPER]
    assert len(set(vni_upper)) == len(UPPER)


def test_tcvn3_lower_case_alphabet_matches_the_standard_bytes():
    expected = bytes.fromhex(
        "61b5b6b7b8b9" "a8bbbcbdbec6" "a9c7c8c9cacb" "65cccecfd0d1" "aad2d3d4d5d6" "69d7d8dcddde"
        "6fdfe1e2e3e4" "abe5e6e7e8e9" "aceaebecedee" "75eff1f2f3f4" "adf5f6f7f8f9" "79fafbfcfdfe" "ae"
    ).decode("latin-1")
    assert legacy.from_unicode("".join(LOWER), "tcvn3") == expected
    assert legacy.to_unicode(expected, "tcvn3") == "".join(LOWER)
    assert legacy.from_unicode(TCVN3_OWN_CAPITALS, "tcvn3") == "\xa1\xa2\xa3\xa4\xa5\xa6\xa7"


def test_known_strings_from_public_converters_and_the_issue():
    assert legacy.to_unicode("Khèi thi ®ua", "tcvn3") == "Khối thi đua"
    assert legacy.to_unicode("B¶o Th¾ng, M\xadêng Kh\xad\xacng, B¸t X¸t", "tcvn3") == "Bảo Thắng, Mường Khương, Bát Xát"
    assert legacy.to_unicode("Khoái thi ñua", "vni") == "Khối thi đua"
    assert legacy.to_unicode("Xin chaøo caùc baïn", "vni") == "Xin chào các bạn"
    assert legacy.to_unicode("Kho^'i thi ddua", "viqr") == "Khối thi đua"
    assert legacy.from_unicode("Người Việt", "vni") == "Ngöôøi Vieät"
    assert legacy.from_unicode("Người Việt", "viqr") == "Ngu+o+`i Vie^.t"


@pytest.mark.parametrize("enc", legacy.ENCODINGS)
def test_round_trip_of_every_lower_case_letter(enc):
    for ch in LOWER:
        code = legacy.from_unicode(ch, enc)
        assert legacy.to_unicode(code, enc) == ch, (enc, ch, code)


@pytest.mark.parametrize("enc", ["vni", "viqr"])
def test_round_trip_of_every_capital_letter(enc):
    for ch in UPPER:
        assert legacy.to_unicode(legacy.from_unicode(ch, enc), enc) == ch, (enc, ch)


def test_tcvn3_capitals_need_an_h_font():
    for ch in UPPER:
        if ch in TCVN3_OWN_CAPITALS or ch.isascii():
            assert legacy.to_unicode(legacy.from_unicode(ch, "tcvn3"), "tcvn3") == ch
            continue
        with pytest.raises(DocgenError) as err:
            legacy.from_unicode(ch, "tcvn3")
        assert f"“{ch}”" in str(err.value) and ".VnTimeH" in str(err.value)
        code = legacy.from_unicode(ch, "tcvn3", upper=True)
        assert code == legacy.from_unicode(ch.lower(), "tcvn3")
        assert legacy.to_unicode(code, "tcvn3", upper=True) == ch
    heading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    code = legacy.from_unicode(heading, "tcvn3", upper=True)
    assert code == "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM"
    assert legacy.to_unicode(code, "tcvn3", upper=True) == heading


@pytest.mark.parametrize("enc", legacy.ENCODINGS)
def test_round_trip_of_real_paragraphs(enc):
    for p in PARAGRAPHS:
        code = legacy.from_unicode(p, enc)
        assert code != p
        assert legacy.to_unicode(code, enc) == p


def test_decomposed_unicode_is_composed_before_encoding():
    nfd = unicodedata.normalize("NFD", "Khối thi đua")
    assert legacy.from_unicode(nfd, "tcvn3") == "Khèi thi ®ua"


def test_characters_outside_the_code_page_are_named_with_their_place():
    with pytest.raises(DocgenError) as err:
        legacy.from_unicode("Hà Nội\nỦy ban", "tcvn3")
    assert "“Ủ”" in str(err.value) and "dòng 2, cột 1" in str(err.value)
    with pytest.raises(DocgenError) as err:
        legacy.from_unicode("Müller", "vni")  # ü is a VNI mark (ẵ)
    assert "“ü”" in str(err.value) and "VNI" in str(err.value)
    with pytest.raises(DocgenError) as err:
        legacy.from_unicode("a → b", "tcvn3")
    assert "U+2192" in str(err.value)
    # Windows-1252 punctuation outside the TCVN3 code range passes through.
    assert legacy.from_unicode("“Khối” – 30°C", "tcvn3") == "“Khèi” – 30°C"
    with pytest.raises(InputError):
        legacy.to_unicode("x", "viscii")


def test_viqr_escapes_and_punctuation():
    text = "Anh đi đâu? Hỏi: a^b, ddos, C:\\tệp."
    code = legacy.from_unicode(text, "viqr")
    assert code == "Anh ddi dda^u\\? Ho?i: a\\^b, d\\dos, C:\\te^.p."
    assert legacy.to_unicode(code, "viqr") == text
    # A question mark on a word that cannot take the hỏi tone stays punctuation.
    assert legacy.to_unicode("Anh ddi dda^u?", "viqr") == "Anh đi đâu?"
    assert legacy.to_unicode("DDo^`ng chi' Tru+o+?ng ban", "viqr") == "Đồng chí Trưởng ban"
    # Unescaped full stops at the end of a sentence, as most VIQR writers typed them.
    assert legacy.to_unicode("ddu+o+.c tho^ng qua.\nNhie^.m vu.", "viqr") == "được thông qua.\nNhiệm vụ"
    assert legacy.to_unicode("nhie^.m vu.. Gia nha^.p WTO. Ca'c nu+o+'c...", "viqr") == \
        "nhiệm vụ. Gia nhập WTO. Các nước..."
    assert legacy.to_unicode("Bo^. Ke^' hoa.ch va` DDa^`u tu+", "viqr") == "Bộ Kế hoạch và Đầu tư"
    # đ inside a word or an abbreviation; a literal "dd" is escaped
    assert legacy.to_unicode("So^' 98/2023/NDD-CP, QDD-UBND, E^quaddo", "viqr") == "Số 98/2023/NĐ-CP, QĐ-UBND, Êquađo"
    for text in ("NĐ-CP addition Ddos adđ", "Nghị định số 30/2020/NĐ-CP"):
        assert legacy.to_unicode(legacy.from_unicode(text, "viqr"), "viqr") == text


def test_font_encoding():
    assert legacy.font_encoding(".VnTime") == ("tcvn3", "Times New Roman", False)
    assert legacy.font_encoding(".VnTimeH") == ("tcvn3", "Times New Roman", True)
    assert legacy.font_encoding(".VnArial") == ("tcvn3", "Arial", False)
    assert legacy.font_encoding(".VnArial NarrowH") == ("tcvn3", "Arial Narrow", True)
    assert legacy.font_encoding(".VnCourier New") == ("tcvn3", "Courier New", False)
    assert legacy.font_encoding(".VnBook-AntiquaH") == ("tcvn3", "Book Antiqua", True)
    assert legacy.font_encoding(".VnStamper") == ("tcvn3", "Times New Roman", False)
    assert legacy.font_encoding("VNI-Times") == ("vni", "Times New Roman", False)
    assert legacy.font_encoding("VNI-Helve") == ("vni", "Arial", False)
    assert legacy.font_encoding("VnTime") == ("tcvn3", "Times New Roman", False)  # issue 11: no dot
    for name in ("Times New Roman", "Arial", "", "Vni", "Vnexpress"):
        assert legacy.font_encoding(name) is None


def test_syllables():
    for word in ("Khối", "nghiệp", "Quỳnh", "giữa", "gì", "hòa", "hoà", "Uỷ", "ủy", "khuỷu", "Đắk", "Lắk", "Kạn",
                 "ngoài", "thuở", "người", "tuyển"):
        assert legacy.is_syllable(word), word
    for word in ("Khoỏi", "cảp", "thêi", "ngè", "abc", "đâủ", "ă", "keo1", "caực"):
        assert not legacy.is_syllable(word), word


@pytest.mark.parametrize("enc", legacy.ENCODINGS)
def test_detects_each_encoding(enc):
    code = legacy.from_unicode(UNICODE_TEXT, enc)
    found, conf = legacy.detect(code)
    assert found == enc and conf >= 0.9


@pytest.mark.parametrize("text", [
    UNICODE_TEXT,
    unicodedata.normalize("NFD", UNICODE_TEXT),
    "tháng 5 có các cán bộ là đoàn viên",  # Unicode Vietnamese inside Latin-1 only
    "The committee met on 5 May; e.g. Mr. Smith asked: do you go to school? A+ grade, C++ code.",
    "Café, naïve, résumé, Müller & Søn © 2022 ® — 5 µm ± 0,5.",
    "UBND 125/QĐ-UBND 2022-05-10 ABC XYZ",
    "Diện tích 5 × 3 m · giá « 100 » ¶ 2 ¬ ª",
    "tháng 5 có các\nmét vuông, cá, bò",  # valid both as Unicode and as TCVN3: left alone
    "",
])
def test_never_flags_unicode_english_or_ascii(text):
    assert legacy.detect(text) == (None, 0.0)
    assert legacy.LegacyNormalizer().propose(text) == []


@pytest.mark.parametrize("enc", legacy.ENCODINGS)
def test_mixed_text_is_converted_only_in_the_legacy_paragraphs(enc):
    lines = [PARAGRAPHS[0], legacy.from_unicode(PARAGRAPHS[1], enc), PARAGRAPHS[2],
             legacy.from_unicode(PARAGRAPHS[3], enc)]
    text = "\n".join(lines)
    edits = legacy.LegacyNormalizer().propose(text)
    starts = [text.index(lines[1]), text.index(lines[3])]
    assert [(e.start, e.old) for e in edits] == [(starts[0], lines[1]), (starts[1], lines[3])]
    assert all(e.rule == f"legacy.{enc}" and 0.8 <= e.confidence <= 1.0 for e in edits)
    assert apply_edits(text, edits) == UNICODE_TEXT


def test_legacy_words_inside_a_unicode_line():
    text = "Kết luận của Hội nghị: Khèi thi ®ua n¨m 2022 ®· thèng nhÊt.\n" + legacy.from_unicode(PARAGRAPHS[0], "tcvn3")
    edits = legacy.LegacyNormalizer().propose(text)
    assert apply_edits(text, edits) == "Kết luận của Hội nghị: Khối thi đua năm 2022 đã thống nhất.\n" + PARAGRAPHS[0]
    assert edits[0].old == "Khèi thi ®ua n¨m 2022 ®· thèng nhÊt."


def test_words_valid_both_ways_are_only_a_suggestion_in_a_mixed_text():
    text = "Khèi thi ®ua n¨m 2022 ®· thèng nhÊt.\nĐây là đoạn Unicode.\ntháng 5 có\ntháng 5 có các"
    edits = legacy.LegacyNormalizer().propose(text)
    # "tháng 5 có" reads as TCVN3 "thỏng 5 cú" too; "các" would become "cỏc", not a word
    assert [(e.old, e.confidence < legacy.DEFAULT_MIN_CONFIDENCE) for e in edits] == [
        ("Khèi thi ®ua n¨m 2022 ®· thèng nhÊt.", False), ("tháng 5 có", True)]
    assert legacy.convert_text(text, "unicode").text == \
        "Khối thi đua năm 2022 đã thống nhất.\nĐây là đoạn Unicode.\ntháng 5 có\ntháng 5 có các"


def test_tcvn3_text_file_from_h_fonts_keeps_its_capitals():
    text = "\n".join([
        "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM",
        "Sè: 125/Q§-UBND",
        "Hµ Néi, ngµy 10 th¸ng 11 n¨m 2022",
        "KÕT QU¶ ho¹t ®éng cña Khèi thi ®ua",
    ])
    out = apply_edits(text, legacy.LegacyNormalizer().propose(text))
    assert out.split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 125/QĐ-UBND",
        "Hà Nội, ngày 10 tháng 11 năm 2022",
        "KẾT QUẢ hoạt động của Khối thi đua",
    ]


def test_forced_encoding_and_detected_encoding_line_by_line():
    line = "th¸ng 5"
    assert legacy.LegacyNormalizer().propose(line) == []  # one word is not enough to detect
    forced = legacy.LegacyNormalizer("tcvn3").propose(line)
    assert [(e.new, e.confidence) for e in forced] == [("tháng 5", 1.0)]
    # An encoding detected on the whole document, applied per line, still needs legacy words.
    per_line = legacy.LegacyNormalizer("tcvn3", forced=False)
    assert [e.new for e in per_line.propose(line)] == ["tháng 5"]
    assert per_line.propose("tháng 5 có các cán bộ") == []
    assert legacy.LegacyNormalizer("tcvn3").propose("tháng 5 có các") != []  # forced means forced
    with pytest.raises(InputError):
        legacy.LegacyNormalizer("abc")


def test_convert_text_between_encodings():
    tcvn3 = legacy.from_unicode(UNICODE_TEXT, "tcvn3")
    result = legacy.convert_text(tcvn3, "vni")
    assert result.source == "tcvn3" and result.changed == len(PARAGRAPHS)
    assert result.text == legacy.from_unicode(UNICODE_TEXT, "vni")
    back = legacy.convert_text(result.text, "unicode", source="vni")
    assert (back.text, back.source, back.confidence) == (UNICODE_TEXT, "vni", 1.0)
    plain = legacy.convert_text(UNICODE_TEXT, "unicode")
    assert (plain.text, plain.source, plain.changed) == (UNICODE_TEXT, "unicode", 0)
    assert legacy.convert_text("\ufeffKhối", "tcvn3").text == "Khèi"
    assert legacy.encode_text("Khèi ®", "tcvn3") == b"Kh\xe8i \xae"
    assert legacy.encode_text("Khối", "unicode") == "Khối".encode()


def test_docstring_examples():
    assert doctest.testmod(legacy).failed == 0
