"""The built-in lexicon (docgen.vi.lexicon) that the OCR repair and other normalizers share."""
from __future__ import annotations

import pytest

from docgen.errors import InputError
from docgen.vi.lexicon import load_lexicon, phrase_key


def test_builtin_lexicon_has_agencies_titles_and_all_provinces():
    lex = load_lexicon()
    assert lex.canonical("bộ kế hoạch và đầu tư") == "Bộ Kế hoạch và Đầu tư"
    assert lex.canonical("KHỐI TRƯỞNG") == "Khối trưởng"
    assert lex.canonical("chánh văn phòng") == "Chánh Văn phòng"
    assert lex.canonical("phó trưởng ban") == "Phó Trưởng ban"
    for province in ("Đắk Nông", "Khánh Hòa", "Lâm Đồng", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Hà Nội"):
        assert lex.canonical(province.lower()) == province, province
    assert "Tây Nguyên" in lex and "Duyên hải miền Trung" in lex
    assert lex.canonical("khối phó vân phong") is None


def test_office_terms_extend_and_win(tmp_path):
    office = tmp_path / "office.txt"
    office.write_text("# danh mục của văn phòng\nKhu công nghiệp Tâm Thắng\n\nBộ Kế Hoạch Và Đầu Tư\n", encoding="utf-8")
    lex = load_lexicon([office])
    assert lex.canonical("khu công nghiệp tâm thắng") == "Khu công nghiệp Tâm Thắng"
    assert lex.canonical("bộ kế hoạch và đầu tư") == "Bộ Kế Hoạch Và Đầu Tư"
    assert load_lexicon().canonical("bộ kế hoạch và đầu tư") == "Bộ Kế hoạch và Đầu tư"
    assert len(lex) == len(load_lexicon()) + 1


def test_phrase_key_normalises_case_space_and_unicode():
    assert phrase_key("  Khối   THI\u0301 đua ") == "khối thí đua"


def test_missing_office_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="Không tìm thấy tệp thuật ngữ"):
        load_lexicon([tmp_path / "khong-co.txt"])
