from decimal import Decimal

import pytest

from docgen.vi.numbers import format_number, money_to_words, number_to_words

WORDS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi tư"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (205, "hai trăm linh năm"),
    (999, "chín trăm chín mươi chín"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1021, "một nghìn không trăm hai mươi mốt"),
    (1100, "một nghìn một trăm"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (10005, "mười nghìn không trăm linh năm"),
    (15000, "mười lăm nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (100000, "một trăm nghìn"),
    (1000000, "một triệu"),
    (1000005, "một triệu không trăm linh năm"),
    (1050000, "một triệu không trăm năm mươi nghìn"),
    (1500000, "một triệu năm trăm nghìn"),
    (125000000, "một trăm hai mươi lăm triệu"),
    (1000000000, "một tỷ"),
    (1000001000, "một tỷ không trăm linh một nghìn"),
    (2000000015, "hai tỷ không trăm mười lăm"),
    (3005000000, "ba tỷ không trăm linh năm triệu"),
    (10**12, "một nghìn tỷ"),
    (10**15, "một triệu tỷ"),
    (10**18, "một tỷ tỷ"),
    (1234567891234, "một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu "
                    "tám trăm chín mươi mốt nghìn hai trăm ba mươi tư"),
    (-25, "âm hai mươi lăm"),
]


@pytest.mark.parametrize("n,words", WORDS)
def test_number_to_words(n, words):
    assert number_to_words(n) == words


def test_number_to_words_accepts_integral_decimal_and_rejects_fractions():
    assert number_to_words(Decimal("1500")) == "một nghìn năm trăm"
    with pytest.raises(ValueError, match="số nguyên"):
        number_to_words(1.5)
    with pytest.raises(ValueError):
        number_to_words("12")


def test_money_to_words_capitalised_and_lower():
    assert money_to_words(125_000_000) == "Một trăm hai mươi lăm triệu đồng"
    assert money_to_words(125_000_000, capitalize=False) == "một trăm hai mươi lăm triệu đồng"
    assert money_to_words(2_021_000) == "Hai triệu không trăm hai mươi mốt nghìn đồng"


@pytest.mark.parametrize("value,decimals,text", [
    (1234567.5, None, "1.234.567,5"),
    (125000000, None, "125.000.000"),
    (Decimal("1234.50"), None, "1.234,5"),
    (Decimal("1234.50"), 2, "1.234,50"),
    ("0.25", None, "0,25"),
    (-1234, None, "-1.234"),
    (2.345, 2, "2,35"),
    (1234.5, 0, "1.235"),
    (7, 2, "7,00"),
    (999, None, "999"),
])
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


def test_format_number_rejects_text():
    with pytest.raises(ValueError, match="không phải là số"):
        format_number("một trăm")
    with pytest.raises(ValueError):
        format_number("nan")
