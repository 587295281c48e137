import unicodedata

import pytest

from docgen.vi.case import capitalize_first, lower, title_case, upper


@pytest.mark.parametrize("text,out", [
    ("trần văn biên", "Trần Văn Biên"),
    ("ĐẶNG THỊ ÁNH", "Đặng Thị Ánh"),
    ("nGUYỄN   vĂN a", "Nguyễn   Văn A"),
    ("đỗ đức đạt", "Đỗ Đức Đạt"),
    ("quận 1", "Quận 1"),
    ("h'mông", "H'Mông"),
    ("tây nguyên, bắc bộ", "Tây Nguyên, Bắc Bộ"),
    (unicodedata.normalize("NFD", "lê thị hoà"), "Lê Thị Hoà"),
])
def test_title_case(text, out):
    assert title_case(text) == out


def test_upper_lower_with_d_and_combining_marks():
    assert upper("Cộng hòa xã hội chủ nghĩa Việt Nam") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert upper("đồng chí") == "ĐỒNG CHÍ"
    assert lower("ĐỒNG CHÍ ĐƯỢC MỜI") == "đồng chí được mời"
    decomposed = unicodedata.normalize("NFD", "Ủy ban")
    assert upper(decomposed) == "ỦY BAN"
    assert len(upper(decomposed)) == 6


@pytest.mark.parametrize("text,out", [
    ("một trăm đồng", "Một trăm đồng"),
    ("(đã ký)", "(Đã ký)"),
    ("đồng chí Trần Văn Biên", "Đồng chí Trần Văn Biên"),
    ("123", "123"),
    ("", ""),
    ("ủy ban nhân dân TỈNH", "Ủy ban nhân dân TỈNH"),
])
def test_capitalize_first(text, out):
    assert capitalize_first(text) == out
