"""Unicode, tone style and spacing normalizers: edits on real phrases; person names' case."""
import unicodedata

import pytest

from docgen.normalize.base import apply_edits
from docgen.normalize.spacing import SpacingNormalizer
from docgen.normalize.unicode import ToneStyleNormalizer, UnicodeNormalizer
from docgen.vi.case import name_case

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


def run(normalizer, text):
    edits = normalizer.propose(text)
    for e in edits:
        assert text[e.start:e.end] == e.old
        assert 0 < e.confidence <= 1.0
    return apply_edits(text, edits), edits


# --- NFC -------------------------------------------------------------------------------

def test_nfc_one_edit_per_changed_span():
    text = NFD("Khánh Hòa") + ", ok, " + NFD("Ủy ban")
    out, edits = run(UnicodeNormalizer(), text)
    assert out == "Khánh Hòa, ok, Ủy ban"
    assert [e.new for e in edits] == ["á", "ò", "Ủ"]
    assert {e.rule for e in edits} == {"unicode.nfc"} and all(e.confidence == 1.0 for e in edits)


def test_nfc_adjacent_decomposed_letters_merge():
    text = "x" + NFD("ỆỘ") + "y"
    out, edits = run(UnicodeNormalizer(), text)
    assert out == "xỆỘy" and len(edits) == 1 and edits[0].new == "ỆỘ"


def test_nfc_composed_text_untouched():
    assert UnicodeNormalizer().propose("Cộng hòa xã hội chủ nghĩa Việt Nam") == []
    assert UnicodeNormalizer().propose("") == []


def test_nfc_hangul_jamo_falls_back_to_one_edit():
    text = "a \u1100\u1161 b"  # two conjoining jamo compose into one syllable
    out, edits = run(UnicodeNormalizer(), text)
    assert out == unicodedata.normalize("NFC", text) == "a \uac00 b"
    assert len(edits) == 1


# --- tone style ------------------------------------------------------------------------

OLD_NEW = [
    ("hòa", "hoà"), ("Hòa", "Hoà"), ("HÒA", "HOÀ"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"),
    ("Khánh Hòa", "Khánh Hoà"), ("hóa", "hoá"), ("họa", "hoạ"), ("lõa", "loã"),
    ("xòe", "xoè"), ("Ủy ban", "Uỷ ban"), ("tùy", "tuỳ"), ("Thụy", "Thuỵ"), ("lũy", "luỹ"),
    ("hủy bỏ", "huỷ bỏ"), ("văn hóa, thể thao", "văn hoá, thể thao"), ("góa", "goá"),
]


@pytest.mark.parametrize("old,new", OLD_NEW)
def test_tone_style_old(old, new):
    out, edits = run(ToneStyleNormalizer("old"), new)
    assert out == old
    assert all(e.rule == "unicode.tone_old" and e.end - e.start == 2 for e in edits)
    assert ToneStyleNormalizer("old").propose(old) == []


@pytest.mark.parametrize("old,new", OLD_NEW)
def test_tone_style_new(old, new):
    assert run(ToneStyleNormalizer("new"), old)[0] == new
    assert ToneStyleNormalizer("new").propose(new) == []


@pytest.mark.parametrize("text", [
    "quý", "quà", "quả", "Quý", "QUÝ", "gì", "hoàng", "thuyền", "ngoài", "khoắng", "hoặc",
    "xoay", "khuya", "thuế", "Huế", "của", "mùa", "hoa", "thuy", "oa", "Toyota", "đã ký",
    "08:00", "1.234,5", "",
])
def test_tone_style_non_cases(text):
    assert ToneStyleNormalizer("old").propose(text) == []
    assert ToneStyleNormalizer("new").propose(text) == []


def test_tone_style_in_a_sentence_edits_only_the_clusters():
    text = "Ủy ban nhân dân tỉnh Khánh Hoà quyết định: tuỳ tình hình, quý khách hoà nhập."
    out, edits = run(ToneStyleNormalizer(), text)
    assert out == "Ủy ban nhân dân tỉnh Khánh Hòa quyết định: tùy tình hình, quý khách hòa nhập."
    assert [e.old for e in edits] == ["oà", "uỳ", "oà"]


def test_tone_style_rejects_unknown_style():
    with pytest.raises(ValueError, match="Kiểu đặt dấu"):
        ToneStyleNormalizer("modern")


# --- spacing ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,out", [
    ("  Kính gửi :  Ban Quản lý  ,các đơn vị  ", "Kính gửi: Ban Quản lý, các đơn vị"),
    ("Lâm Đồng , ngày 05 tháng 01 năm 2024", "Lâm Đồng, ngày 05 tháng 01 năm 2024"),
    ("( nếu có )", "(nếu có)"),
    ("Thành phần:Ban Quản lý;Văn phòng", "Thành phần: Ban Quản lý; Văn phòng"),
    ("a ,b", "a, b"),
    ("đúng quy định ./.", "đúng quy định./."),
    ("Điều 1 .", "Điều 1."),
    ("Có ai không ?", "Có ai không?"),
    ("Hết !", "Hết!"),
    ("dòng một   \ndòng hai", "dòng một\ndòng hai"),
    ("Ba  bốn   năm", "Ba bốn năm"),
    ("cuối dòng          \ntiếp", "cuối dòng\ntiếp"),
    ("Email:vanphong@bql.gov.vn", "Email: vanphong@bql.gov.vn"),
    ("Số:05/QĐ-BQL", "Số: 05/QĐ-BQL"),
    ("Số :05/QĐ-BQL", "Số: 05/QĐ-BQL"),
    ("ghi Số :05/QĐ-BQL", "ghi Số: 05/QĐ-BQL"),
])
def test_spacing_fixes(text, out):
    assert run(SpacingNormalizer(), text)[0] == out


@pytest.mark.parametrize("text", [
    "1.234.567,5 đồng", "1 , 5", "lúc 08:00", "lúc 08 : 00", "https://bql.lamdong.gov.vn/a,b;c",
    "www.bql.vn/x:y", "bql.lamdong.gov.vn/tin,bai", "vanphong@bql.gov.vn", "tỷ số:2",
    "ngày ... tháng ... năm 2024", "Số: .../GM-BQL", "TM. BAN QUẢN LÝ", "KT. TRƯỞNG BAN",
    "V/v tổ chức hội nghị", "Số: 05/QĐ-BQL", "đúng quy định./.", "dòng một\n    thụt lề đầu dòng",
    "cột\t\tbảng", "tệp .docx và .NET", "đã ký …", "TP.HCM", "a\u00a0\u00a0b", "Số:      /QĐ-BQL",
    "THƯ KÝ            CHỦ TỌA", "", "chuỗi </w:t> trong văn bản", "thẻ <w:p w:rsidR=\"00A1\"> và </w:p>",
])
def test_spacing_non_cases(text):
    assert SpacingNormalizer().propose(text) == []


def test_spacing_rules_are_named_and_certain():
    _, edits = run(SpacingNormalizer(), " a  b ,c")
    assert [e.rule for e in edits] == ["spacing.trim", "spacing.collapse",
                                       "spacing.before_punct", "spacing.after_punct"]
    assert all(e.confidence == 1.0 for e in edits)


# --- person names (docgen.vi.case.name_case) ------------------------------------------------

@pytest.mark.parametrize("text,out", [
    ("trần văn biên", "Trần Văn Biên"), ("  NGUYỄN  thị   hồng ", "Nguyễn Thị Hồng"),
    ("đỗ đức đạt", "Đỗ Đức Đạt"), ("Lê Văn A", "Lê Văn A"),
])
def test_name_case(text, out):
    assert name_case(text) == out

