"""Decree 30 facts live once, in docgen.vi.decree30, and the model and lint read them there."""
from __future__ import annotations

from typing import get_args

from docgen.lint import capitals, layout, rules
from docgen.model import Signer
from docgen.vi import decree30
from docgen.vi.case import fold, tone_respellings, tone_style, tone_style_counts


def test_authority_prefixes_are_the_models_choices_and_lints():
    assert decree30.AUTHORITY_PREFIXES == ("TM.", "KT.", "Q.", "TL.", "TUQ.")
    authority = Signer.model_fields["authority"].annotation
    assert get_args(get_args(authority)[0]) == decree30.AUTHORITY_PREFIXES
    assert layout.ABBREVIATIONS is decree30.AUTHORITY_PREFIXES
    assert set(decree30.AUTHORITY_MISWRITTEN.values()) <= set(decree30.AUTHORITY_PREFIXES)


def test_unit_words_and_special_spellings_reach_lint():
    assert capitals.miscapitalized("Ông A về Tỉnh Lâm Đồng công tác.")  # unit word written upper case
    assert rules._UNIT_WORDS[:8] == tuple(w + " " for w in decree30.UNIT_WORDS)
    assert capitals._SPECIAL == {"thủ đô hà nội": "Thủ đô Hà Nội", "thành phố hồ chí minh": "Thành phố Hồ Chí Minh"}


def test_one_fold():
    assert fold("Khánh  HOÀ") == fold("khánh hòa") == "khánh hòa"
    assert fold("Đơn vị", marks=False) == "don vi"
    assert tone_style("hòa thủy khỏe", "new") == "hoà thuỷ khoẻ" and tone_style("quý hoàng", "new") == "quý hoàng"
    text = "Khánh Hoà, thủy lợi, khỏe, hoàng hôn, quý, thuỷ sản, hoà bình"
    assert tone_style_counts(text) == (2, 3) == (len(tone_respellings(text, "new")), len(tone_respellings(text, "old")))
