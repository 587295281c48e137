"""docgen.vi.names: family/middle/given name statistics and person-name recognition."""
from __future__ import annotations

import doctest
import unicodedata

import pytest

from docgen.vi import names
from docgen.vi.names import (
    family_share,
    given_class,
    is_family_name,
    is_given_name,
    is_middle_name,
    is_name_prefix,
    looks_like_person_name,
    name_key,
    name_sex,
    person_name_spans,
)


def toks(text: str) -> list[str]:
    return text.split()


def test_docstring_examples():
    result = doctest.testmod(names)
    assert result.failed == 0 and result.attempted > 0


def test_family_names_ranked_by_share():
    top = [e.name for e in names.family_names()[:6]]
    assert top == ["Nguyễn", "Trần", "Lê", "Phạm", "Phan", "Hoàng"]
    assert 35 <= family_share("Nguyễn") <= 40
    assert family_share("nguyễn") == family_share("NGUYỄN")
    assert family_share("Xyz") is None
    total = sum(e.share or 0 for e in names.family_names())
    assert 95 <= total <= 101  # the shares are estimates of one population


@pytest.mark.parametrize("name", ["Nguyễn", "Trần", "Huỳnh", "Võ", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
                                  "Lý", "Lò", "Lường", "Cầm", "Quàng", "Sầm", "Vi", "Triệu", "Đinh", "Hà",
                                  "Ksor", "Rơ Châm", "Nay", "Siu", "Rah Lan", "Niê Kdăm", "Giàng", "Thào"])
def test_family_names_include_common_and_ethnic_minority(name):
    assert is_family_name(name)
    assert is_family_name(name.upper())


def test_middle_and_given_names():
    for m in ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Xuân", "Thị Thanh"):
        assert is_middle_name(m), m
    assert not is_middle_name("Nguyễn")
    assert len(names.given_names()) >= 350
    for g in ("An", "Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Phượng", "Khuê"):
        assert is_given_name(g), g
    assert not is_given_name("Tỉnh") and not is_given_name("Công ty")
    assert given_class("Minh") == 1 and given_class("Xuyến") == 3 and given_class("Xyz") is None
    assert name_sex("Thị") == "f" and name_sex("Hùng") == "m" and name_sex("Xyz") is None


@pytest.mark.parametrize("a, b", [("Hoà", "Hòa"), ("Thuỵ", "Thụy"), ("Thuý", "Thúy"), ("Khoẻ", "Khỏe")])
def test_both_tone_styles_are_the_same_name(a, b):
    assert name_key(a) == name_key(b)
    if a != "Khoẻ":
        assert is_given_name(a) and is_given_name(b)


def test_keys_are_nfc_and_apostrophe_blind():
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    assert is_family_name(nfd)
    assert is_name_prefix("H’") and is_name_prefix("H'")


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "Trần Thị Thuỳ Dương", "Phạm Thuỵ Khuê", "Lê Thị Hòa",
                                  "Ksor Phước", "Rơ Mah Tuấn", "Y Ngông Niê Kdăm", "H'Hen Niê", "Tôn Nữ Thị Lan",
                                  "NGUYỄN VĂN AN", "Đặng Hoàng Long", "Trần Nguyễn Minh Châu",
                                  "Giàng A Lử", "Vàng Seo Cón", "Mấu Thị Hằng", "Lò Văn Ọi"])
def test_person_names(text):
    assert looks_like_person_name(text.split())
    assert looks_like_person_name([text])  # one string with spaces is split


@pytest.mark.parametrize("text", ["Hà Nội", "Cao Bằng", "Lâm Đồng", "Thái Bình", "Bộ Y Tế", "Sở Nội Vụ",
                                  "Văn Phòng", "Công Ty", "UBND Nguyễn", "Nguyễn", "Nguyễn văn an",
                                  "Nguyễn Văn", "Nguyễn Văn Xoa", "Phụ Lục A"])
def test_not_person_names_strictly(text):
    assert not looks_like_person_name(text.split())


def test_loose_rule_accepts_unlisted_given_names():
    assert looks_like_person_name(toks("Nguyễn Văn Xoa"), strict=False)
    assert looks_like_person_name(toks("A Pớt"), strict=False)
    assert not looks_like_person_name(toks("Văn Phòng"), strict=False)


def test_spans_in_sentences():
    tokens = toks("Khen thưởng ông Lê Văn Tám, Chủ tịch UBND xã Ea Tiêu và bà Phạm Thị Mận, đồng chí "
              "Nguyễn Văn Xoa (Sở Y tế) cùng K'Biêng")
    spans = [" ".join(tokens[a:b]) for a, b in person_name_spans(tokens)]
    assert spans == ["Lê Văn Tám,", "Phạm Thị Mận,", "Nguyễn Văn Xoa", "K'Biêng"]
    # the honorific opening a sentence is not the family name Ông
    assert person_name_spans(toks("Ông Trần Văn Nam phát biểu")) == [(1, 4)]
    # no name runs over punctuation
    assert person_name_spans(toks("Nguyễn, Văn An")) == []
    assert person_name_spans([]) == []
