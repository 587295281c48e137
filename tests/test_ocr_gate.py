"""The precision gate of OCR repair: a correct word is never changed; a field is the clerk's words."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from docgen.fields import normalize_record
from docgen.io.loaders import load_record
from docgen.normalize import ocr_gate
from docgen.normalize.ocr import is_syllable, repair_text

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "khoi-thi-dua-2022.yaml"


@pytest.mark.parametrize(("a", "b"), [("uỷ", "ủy"), ("Khoá", "khóa"), ("sỹ", "sĩ"), ("lí", "lý"), ("hoà", "hòa"),
                                      ("kỹ", "kĩ")])
def test_spelling_variants(a, b):
    assert ocr_gate.is_variant(a, b)


@pytest.mark.parametrize(("a", "b"), [("số", "sự"), ("trong", "trưởng"), ("quý", "quá"), ("hòa", "hoà" + "n")])
def test_not_variants(a, b):
    assert not ocr_gate.is_variant(a, b)


def test_syllables():
    assert is_syllable("Khối") and is_syllable("trong") and is_syllable("nghiệp")
    assert not is_syllable("Vn") and not is_syllable("Khii") and not is_syllable("B") and not is_syllable("km")


@pytest.mark.parametrize("text", [
    "Quy mô dân số của huyện tăng nhanh trong năm qua.",
    "Huyện đã xây dựng công trình thủy lợi mới ở xã Ea Tiêu.",
    "Diện tích tự nhiên 120 km2, dân số 80 nghìn người.",
    "Ủy ban nhân dân tỉnh và Uỷ ban Mặt trận; khoá học, khóa học; bác sỹ, bác sĩ; lí do, lý do.",
    "Ông Phạm Thuỵ Khuê, Giám đốc Công ty TNHH Trong Nam, và bà Nguyễn Thị Hoà dự họp.",
])
def test_correct_text_is_left_alone(text):
    assert repair_text(text, threshold=0.5) == text


def test_garbled_text_is_still_repaired():
    assert repair_text("ng chí Võ Văn Phụng phát biểu tại Hội nghị của Khi thi đua.") == \
        "Đồng chí Võ Văn Phụng phát biểu tại Hội nghị của Khối thi đua."


def test_a_name_is_kept_even_where_the_context_pulls():
    """A capitalised syllable in a run of capitals is a name: a change there is a suggestion."""
    assert ocr_gate.gate(0.999, written="Trong", proposal="Trưởng", plausibility=ocr_gate.NAME) <= ocr_gate.GATED
    assert ocr_gate.gate(0.999, written="Uỷ", proposal="Ủy", plausibility=ocr_gate.NOT_SYLLABLE) is None
    assert ocr_gate.gate(0.9, written="Vn", proposal="Văn", plausibility=ocr_gate.NOT_SYLLABLE) == 0.9
    assert ocr_gate.gate(0.9, written="khi", proposal="khối", plausibility=ocr_gate.FREE) <= ocr_gate.GATED


def _record(tmp_path, edit):
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    edit(data)
    src = tmp_path / "r.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_record(src)


def test_fields_keep_the_clerks_words(tmp_path):
    def edit(data):
        data["signer"]["name"] = "Phạm Thuỵ Khuê"
        data["invitation"]["invitees"][0]["name"] = "Nguyễn Thị Hoà"
        data["invitation"]["invitees"][1]["unit"] = "Công ty TNHH Trong Nam"
        data["invitation"]["invitees"][2]["unit"] = "UBND xã Ea Tiêu"
        data["pledge"]["bloc"] = "Khi thi đua các Ban Quản lý khu công nghiệp"
        data["meeting"]["place"] = "Vn phòng Ban Quản lý"

    record, changes = normalize_record(_record(tmp_path, edit))
    data = record.model_dump()
    assert data["signer"]["name"] == "Phạm Thuỵ Khuê"
    assert data["invitation"]["invitees"][0]["name"] == "Nguyễn Thị Hoà"
    assert data["invitation"]["invitees"][1]["unit"] == "Công ty TNHH Trong Nam"
    assert data["invitation"]["invitees"][2]["unit"] == "UBND xã Ea Tiêu"
    # OCR damage that is no syllable, or that the lexicon settles, is still repaired.
    assert data["pledge"]["bloc"] == "Khối thi đua các Ban Quản lý khu công nghiệp"
    assert data["meeting"]["place"] == "Văn phòng Ban Quản lý"
    assert all(c.applied is False for c in changes if c.path.startswith("invitation.invitees"))


def test_units_after_a_number_are_left_alone():
    text = "Tuyến đường dài 12 km, rộng 7 m, qua 35 ha đất lúa và 2 kg hạt giống."
    assert repair_text(text) == text


def test_a_heavily_damaged_text_gets_the_lighter_gate():
    from docgen.normalize.ocr import OcrRepairNormalizer

    norm = OcrRepairNormalizer()
    damaged = "Khi thi đua cc Ban Qun lý khu công nghip, khu kinh t vùng Tây Nguyên đã tng kt năm 2022."
    assert norm._is_damaged(damaged, "glyph")
    clean = "Khối thi đua các Ban Quản lý khu công nghiệp, khu kinh tế vùng Tây Nguyên đã tổng kết năm 2022."
    assert not norm._is_damaged(clean, "glyph") and not norm._is_damaged(damaged, "ocr")
    assert ocr_gate.gate(0.9, written="Khi", proposal="Khối", plausibility=ocr_gate.FREE, damaged=True) == 0.9
    assert ocr_gate.gate(0.9, written="Khi", proposal="Khối", plausibility=ocr_gate.FREE) == ocr_gate.GATED
    # a name stays a suggestion on a text that is not damaged, whatever the posterior
    assert ocr_gate.gate(0.9999, written="Trong", proposal="Trưởng", plausibility=ocr_gate.NAME) == ocr_gate.GATED


def test_names_and_places_vouch_for_a_syllable():
    """docgen.vi.names and docgen.vi.places tell a name part from a damaged one."""
    assert ocr_gate.name_evidence(None, "hoàng", None) and ocr_gate.name_evidence(None, "Thuỵ", None)
    assert ocr_gate.name_evidence("lâm", "đồng", None) and ocr_gate.name_evidence(None, "ea", "tiêu")
    assert not ocr_gate.name_evidence(None, "hong", None) and not ocr_gate.name_evidence("lâm", "hong", None)
    assert not ocr_gate.name_evidence(None, "trong", "nam")
    assert ocr_gate.is_family_name("Nguyễn") and not ocr_gate.is_family_name("khi")


def test_a_name_restored_on_a_damaged_text_needs_what_a_known_word_needs():
    from docgen.normalize.ocr import OcrRepairNormalizer, _Token

    sent = [_Token(0, 3, "ông"), _Token(4, 6, "Lê"), _Token(7, 11, "Hong"), _Token(12, 15, "Nam")]
    assert OcrRepairNormalizer._name_restored(sent, ["ông", "lê", "hoàng", "nam"], 2)
    # a written syllable that is itself a name part stays a name: "Thu" is not read as "Thuỵ"
    sent[2] = _Token(7, 10, "Thu")
    assert not OcrRepairNormalizer._name_restored(sent, ["ông", "lê", "thuỵ", "nam"], 2)
    # and in a text that is not damaged a name is never changed (test above)


def test_typed_text_keeps_its_real_words():
    """Real words of typed text that the glyph channel or one side of the context pulled."""
    for text in ("Chiều 12/5, đoàn đã làm việc với nhà máy. Cùng đi có lãnh đạo Ban Quản lý các khu "
                 "công nghiệp tỉnh.",
                 "Theo Sở Công Thương, 11 tháng qua, các doanh nghiệp trong tỉnh đã xuất khẩu hàng hoá.",
                 "Ông Smith nói với phóng viên.",
                 "Bà Vàng Thị Sy, Chủ tịch Hội Liên hiệp Phụ nữ xã, cho biết như vậy.",
                 "Thầy dặn phải giữ sức ở những km đầu của đường chạy."):
        assert repair_text(text, threshold=0.5) == text


def test_a_common_slip_of_the_engine_needs_less_on_a_page_it_read():
    from docgen.normalize import ocr_channels
    from docgen.normalize.ocr import OcrRepairNormalizer

    norm = OcrRepairNormalizer()
    slips = norm.model.confusion
    assert slips.common_slip("đế", "để") and slips.common_slip("tống", "tổng")
    assert not slips.common_slip("khoá", "khoa") and not slips.common_slip("đi", "dự")
    typed = "Sở Tài chính có trách nhiệm tổng hợp đế báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12."
    read = ("Sở Tài chính có trách nhiệm tổng hợp\nđế báo cáo Ủy ban nhân dân\ntỉnh trước ngày 15/12, "
            "kèm theo\ndanh sách các đơn vị.")
    assert ocr_channels.wrapped_lines(read) == 3 and ocr_channels.wrapped_lines(typed) == 0
    assert norm._shows_slips(read, "ocr") and not norm._shows_slips(typed, "ocr")
    for text, plaus in ((typed, ocr_gate.FREE_READ), (read, ocr_gate.FREE)):
        norm.gate_log = []
        norm.propose(text)
        assert [(w, new, p) for _s, w, new, _c, p in norm.gate_log] == [("đế", "để", plaus)]


def test_one_foreign_word_is_no_damage():
    from docgen.normalize.ocr import OcrRepairNormalizer

    norm = OcrRepairNormalizer()
    assert not norm._is_damaged("Ông Smith nói.", "glyph")
    # foreign names are no residue of glyph loss: neither damage nor the glyph channel
    foreign = "Ông John Smith và bà Mary Johnson đến thăm Hà Nội."
    assert not norm._is_damaged(foreign, "glyph") and norm.channel_of(foreign) == "ocr"
    assert norm.channel_of("Khi thi đua cc Ban Qun lý khu công nghip đã tng kt.") == "glyph"
    assert norm._is_damaged("Khi thi đua cc Ban Qun lý khu công nghip đã tng kt.", "glyph")


def test_split_and_merged_words_of_real_ocr_are_undone_on_a_well_read_page():
    assert repair_text("Ph òng Tổ chức cán bộ của Ban quản lý.", channel="ocr") == \
        "Phòng Tổ chức cán bộ của Ban quản lý."
    assert repair_text("Hội nghị tổng kết công tác thi đua kh en thưởng năm 2024.", channel="ocr") == \
        "Hội nghị tổng kết công tác thi đua khen thưởng năm 2024."
    assert repair_text("Ban Quản lý khucông nghiệp tỉnh.", channel="ocr") == "Ban Quản lý khu công nghiệp tỉnh."
    # on a text with lost glyphs a residue beside a word is a damaged word, not half of one
    assert "Bàng" not in repair_text("Bà ng chí Trần Văn Biên phát biểu.", channel="glyph")
    # a word the model does not know is not cut into syllables on a guess
    assert repair_text("Bộ compa và thước kẻ.", channel="ocr") == "Bộ compa và thước kẻ."


def test_the_channel_is_read_once_for_the_whole_document():
    from docgen.clean import clean_text

    lines = ["Khi thi đua cc Ban Qun lý khu công nghip, khu kinh t vùng Tây Nguyên.",
             "Ban Qun lý tng kt công tác năm 2022 và trin khai nhim v năm 2023.",
             "Khi thi đua xét tng danh hiu."]
    out = clean_text("\n".join(lines)).output
    assert isinstance(out, str)
    assert out.splitlines()[2].startswith("Khối thi đua")  # the last line alone reads as clean text


def test_one_reading_per_phrase_in_a_text():
    """A change the gate held back gets its posterior back where the same phrase was changed
    with near certainty elsewhere in the text; a name stays held."""
    from docgen.normalize.base import Edit
    from docgen.normalize.ocr import OcrRepairNormalizer

    norm = OcrRepairNormalizer()
    sure = Edit(0, 3, "Khi", "Khối", "ocr.lexicon", 1.0)
    held = Edit(40, 43, "Khi", "Khối", "ocr.lexicon", ocr_gate.GATED)
    other = Edit(60, 63, "Khi", "Khối", "ocr.lm", ocr_gate.GATED)  # before another word
    norm._keyed = [(sure, ("Khi", "Khối", "thi"), 1.0, False), (held, ("Khi", "Khối", "thi"), 0.947, True),
                   (other, ("Khi", "Khối", "nào"), 0.93, True)]
    out = norm._consistent([sure, held, other])
    assert [e.confidence for e in out] == [1.0, 0.947, ocr_gate.GATED]
    assert norm._keyed == []
