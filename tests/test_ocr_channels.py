"""The channels learned from real Tesseract output, and which one a text shows."""
from __future__ import annotations

import pytest

from docgen.normalize import ocr_channels as C
from docgen.normalize.ocr import _normalizer, repair_text
from docgen.normalize.ocr_model import load_model

TOFU_PAGE = ("Ban Qulln lý các khu công nghillp tỉnh Lâm ĐíIng đã tí] chílc hii nghị tílng kít công tác "
             "thi đua, khen thilIng năm 2024. Căn cíl Luflt Thi đua, khen thilIng, Ban đã xét đí nghị.")


def test_the_tofu_table_is_learned_from_tesseract():
    tofu = load_model().tofu
    assert "ả" in tofu.missing and "ộ" in tofu.missing and "a" not in tofu.missing
    assert {"l", "i", "í"} <= tofu.junk_chars
    assert "quản" in [o for o, _ in tofu.candidates("quln")]
    assert tofu.logp("quln", "quản") > tofu.logp("quln", "quán")  # á is in the font: it would show


def test_the_confusion_table_reads_a_mark_as_another():
    conf = load_model().confusion
    assert conf.logp("tống", "tổng") > conf.logp("tống", "tộng")
    assert "tổng" in [o for o, _ in conf.candidates("tống")]
    assert conf.logp("tống", "tăng") == float("-inf")  # the letters themselves were read right


def test_detect():
    norm = _normalizer()
    assert norm.channel_of(TOFU_PAGE) == C.TOFU
    garbled = ("Các đơn v trong Khi thi đua đã hoàn thnh ch tiêu. Vn phòng Ban tng hp báo cáo. "
               "ng chí Trng ban ch trì hi ngh.")
    assert norm.channel_of(garbled) == C.GLYPH
    assert norm.channel_of("Các đơn vị trong Khối thi đua đã hoàn thành chỉ tiêu năm 2024.") == C.OCR


def test_tofu_page_is_repaired():
    fixed = repair_text(TOFU_PAGE)
    for phrase in ("Ban Quản lý các khu công nghiệp", "khen thưởng năm 2024", "Căn cứ Luật Thi đua"):
        assert phrase in fixed


@pytest.mark.parametrize(("read", "truth"), [
    ("Tống diện tích đất công nghiệp là 380 ha.", "Tổng diện tích đất công nghiệp là 380 ha."),
])
def test_a_misread_mark_is_repaired_in_context(read, truth):
    assert repair_text(read, channel=C.OCR, threshold=0.8) == truth


def test_hard_line_wraps_keep_the_sentence():
    text = "Ban Quản lý các khu công\nnghiệp tỉnh Lâm Đồng tổ chức hội nghị."
    assert repair_text(text) == text
