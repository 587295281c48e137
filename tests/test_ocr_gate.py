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
