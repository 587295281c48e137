import pytest

from docgen.vi.docnum import KNOWN_TYPE_CODES, doc_number, parse_doc_number


@pytest.mark.parametrize("args,text", [
    ((5, "QĐ", "BQL"), "Số: 05/QĐ-BQL"),
    ((12, "GM", "BQL"), "Số: 12/GM-BQL"),
    ((1, "BB", "KTĐ"), "Số: 01/BB-KTĐ"),
    ((10, "TTr", "BQL"), "Số: 10/TTr-BQL"),
    ((3, "QyĐ", "UBND"), "Số: 03/QyĐ-UBND"),
    ((120, "KH", "BQL-VP"), "Số: 120/KH-BQL-VP"),
    ((45, None, "BQL-VP"), "Số: 45/BQL-VP"),
    ((45, "", "BQL-QLDN"), "Số: 45/BQL-QLDN"),
    ((None, "GM", "BQL"), "Số:      /GM-BQL"),
])
def test_doc_number(args, text):
    assert doc_number(*args) == text


@pytest.mark.parametrize("args,message", [
    ((5, "CV", "BQL"), "không có trong Phụ lục III"),
    ((5, "qđ", "BQL"), "không có trong Phụ lục III"),
    ((5, "QĐ", "B QL"), "không hợp lệ"),
    ((5, "QĐ", ""), "không hợp lệ"),
    ((0, "QĐ", "BQL"), "số nguyên dương"),
    (("5", "QĐ", "BQL"), "số nguyên dương"),
])
def test_doc_number_rejects(args, message):
    with pytest.raises(ValueError, match=message):
        doc_number(*args)


def test_known_type_codes_are_the_decree_list():
    assert len(KNOWN_TYPE_CODES) == 27
    assert KNOWN_TYPE_CODES["TTr"] == "tờ trình"
    assert "CV" not in KNOWN_TYPE_CODES


def test_parse_doc_number_parts():
    p = parse_doc_number("Số: 05/QĐ-BQL")
    assert (p.number_text, p.number, p.type_code, p.agency_code, p.has_prefix, p.year) == (
        "05", 5, "QĐ", "BQL", True, None)
    p = parse_doc_number("45/BQL-VP")
    assert (p.number, p.type_code, p.agency_code, p.has_prefix) == (45, None, "BQL-VP", False)
    p = parse_doc_number("30/2020/NĐ-CP")
    assert (p.number, p.year, p.agency_code) == (30, "2020", "NĐ-CP")
    p = parse_doc_number("Số 5/TTr-BQL")
    assert p is None
    p = parse_doc_number("Số : 5/TTr-BQL")
    assert (p.number_text, p.type_code) == ("5", "TTr")


@pytest.mark.parametrize("text", ["Số: 05 / QĐ-BQL", "05/QĐ - BQL", "V/v tổ chức hội nghị",
                                  "Số: /QĐ-BQL", "ngày 05/01/2024", "Số: 05/QĐ-"])
def test_parse_doc_number_none(text):
    assert parse_doc_number(text) is None


def test_round_trip():
    for code in KNOWN_TYPE_CODES:
        p = parse_doc_number(doc_number(7, code, "BQL"))
        assert (p.number, p.type_code, p.agency_code) == (7, code, "BQL")
