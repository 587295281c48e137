"""OCR repair: the noisy-channel decoder restores garbled Vietnamese and leaves clean text alone."""
from __future__ import annotations

import random

import pytest

from docgen.normalize.base import apply_edits
from docgen.normalize.ocr import Channel, OcrRepairNormalizer, fold, is_marked, load_model


@pytest.fixture(scope="module")
def norm() -> OcrRepairNormalizer:
    return OcrRepairNormalizer()


def repair(norm: OcrRepairNormalizer, text: str) -> str:
    return apply_edits(text, norm.propose(text))


# -- the damage model -----------------------------------------------------------------------------

def test_marked_letters_and_fold():
    assert [c for c in "Khối trưởng" if is_marked(c)] == ["ố", "ư", "ở"]
    assert fold("Đồng chí Trưởng") == "Dong chi Truong"


def test_channel_inverts_glyph_loss_and_autocorrect():
    channel = load_model().channel
    dmg = channel.damage("khối")
    assert dmg["khối"] == pytest.approx(0.75)
    assert dmg["khi"] == pytest.approx(0.25)
    dmg = channel.damage("trưởng")
    assert sum(dmg.values()) == pytest.approx(1.0)
    assert channel.autocorrect("trng") == "trung"  # garble.py's choice: commonest in the word list
    assert dmg["trung"] > dmg.get("trong", 0) > 0  # an engine ranking by text frequency gives "trong"
    assert set(channel.damage("thi")) == {"thi"}  # unmarked syllables are never damaged


def test_channel_autocorrect_is_the_commonest_neighbour():
    channel = Channel({"trung": 9, "trong": 3, "trang": 5, "khi": 1}, {"trong": 100})
    assert channel.autocorrect("trng") == "trung"
    fixes = channel.corrections("trng")
    assert fixes["trung"] > fixes["trong"] > fixes["trang"]
    assert sum(fixes.values()) == pytest.approx(1.0)


# -- the brief's cases ----------------------------------------------------------------------------

def test_khoi_inside_a_sentence(norm):
    assert repair(norm, "Các tỉnh trong Khi thi đua đã hoàn thành chỉ tiêu.") == \
        "Các tỉnh trong Khối thi đua đã hoàn thành chỉ tiêu."


def test_khoi_truong_with_autocorrected_truong(norm):
    assert repair(norm, "Ban Quản lý tỉnh Đắk Nông (Khi trong Khi thi đua năm 2021) chủ trì.") == \
        "Ban Quản lý tỉnh Đắk Nông (Khối trưởng Khối thi đua năm 2021) chủ trì."


def test_real_khi_at_sentence_start_stays(norm):
    text = ("Khi có vướng mắc, đề nghị báo cáo kịp thời. Khi tham gia thi đua, các đơn vị bám sát chỉ tiêu.\n"
            "Khi Khối trưởng vắng mặt, Khối phó điều hành hoạt động của Khối thi đua.")
    assert norm.propose(text) == []


def test_dong_chi_at_line_start(norm):
    assert repair(norm, "ng chí Võ Văn Phụng phát biểu tại Hội nghị.") == \
        "Đồng chí Võ Văn Phụng phát biểu tại Hội nghị."


def test_agency_phrase(norm):
    assert repair(norm, "Vụ Thi đua - Khen thưởng và Truyền thông B K học và u t, đại diện địa phương") == \
        "Vụ Thi đua - Khen thưởng và Truyền thông Bộ Kế hoạch và Đầu tư, đại diện địa phương"


def test_van_phong(norm):
    assert repair(norm, "Vn phòng Ban Quản lý") == "Văn phòng Ban Quản lý"


def test_all_caps(norm):
    assert repair(norm, "KHI THI ĐUA\n") == "KHỐI THI ĐUA\n"


def test_edits_are_token_spans_with_rule_and_confidence(norm):
    text = "Hội nghị của Khi thi đua năm 2022."
    edits = norm.propose(text)
    assert [(e.start, e.end, e.old, e.new) for e in edits] == [(13, 16, "Khi", "Khối")]
    assert edits[0].rule in {"ocr.lexicon", "ocr.lm"}
    assert 0.5 < edits[0].confidence <= 1.0
    assert norm.name == "ocr"


# -- clean text, idempotency, office terms ------------------------------------------------------

CLEAN = """Ngày 15 tháng 12 năm 2023, tại thành phố Quy Nhơn, Khối thi đua các Ban Quản lý khu công nghiệp, khu kinh tế tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023.

Hội nghị do đồng chí Trưởng ban Ban Quản lý Khu kinh tế tỉnh Bình Định, Khối trưởng Khối thi đua chủ trì. Tham dự có đại diện lãnh đạo Vụ Thi đua - Khen thưởng và Truyền thông, Bộ Kế hoạch và Đầu tư.

Khi có khó khăn, vướng mắc, các đơn vị phản ánh về Khối trưởng để xem xét, giải quyết. Trong năm, các khu công nghiệp đã thu hút mới 86 dự án, giải quyết việc làm cho khoảng 145.000 lao động.

Công tác bảo vệ môi trường được chú trọng; các doanh nghiệp thực hiện đầy đủ chế độ bảo hiểm xã hội cho người lao động."""


def test_clean_text_unchanged(norm):
    assert norm.propose(CLEAN) == []


def test_idempotent(norm):
    garbled = "ng chí Trần Văn Biên (Khi trong Khi thi đua) và B K học và u t. Vn phòng Khi thi đua."
    once = repair(norm, garbled)
    assert once != garbled
    assert repair(norm, once) == once


def test_extra_terms_are_restored_and_kept():
    name = "Khu công nghiệp Tâm Thắng"
    plain = OcrRepairNormalizer()
    office = OcrRepairNormalizer(extra_terms=[name, "Hòa Khánh Nam"])
    garbled = "Doanh nghiệp trong Khu công nghiệp Tâm Thng đã đi vào hoạt động."
    assert repair(office, garbled) == "Doanh nghiệp trong Khu công nghiệp Tâm Thắng đã đi vào hoạt động."
    kept = "Nhà máy tại Hòa Khánh Nam đã hoạt động."
    assert office.propose(kept) == []
    assert plain.propose("Khi thi đua") == office.propose("Khi thi đua")


def test_garbled_paragraph_meets_the_bar(norm):
    import re
    import unicodedata

    words = re.compile(r"[^\W\d_]+")
    rng = random.Random(5)
    channel = load_model().channel

    def damage(tok: str) -> str:
        forms = channel.damage(tok.lower())
        pick = rng.choices(list(forms), weights=list(forms.values()))[0]
        if pick == tok.lower():
            return tok
        return pick[:1].upper() + pick[1:] if tok[0].isupper() else pick

    garbled = words.sub(lambda m: damage(m.group(0)), CLEAN)
    fixed = repair(norm, garbled)
    clean_w, garbled_w, fixed_w = (words.findall(unicodedata.normalize("NFC", t)) for t in (CLEAN, garbled, fixed))
    before = sum(c != g for c, g in zip(clean_w, garbled_w))
    after = sum(c != f for c, f in zip(clean_w, fixed_w))
    assert before >= 15
    assert after <= 0.3 * before


def test_decomposed_input_and_empty_text(norm):
    import unicodedata

    text = unicodedata.normalize("NFD", "Các tỉnh trong Khi thi đua đã hoàn thành chỉ tiêu.")
    edits = norm.propose(text)
    assert [(e.old, e.new) for e in edits] == [("Khi", "Khối")]
    assert unicodedata.normalize("NFC", apply_edits(text, edits)) == \
        "Các tỉnh trong Khối thi đua đã hoàn thành chỉ tiêu."
    assert norm.propose("") == []
    assert norm.propose("  \n\n 2024 - 2025; (…) ") == []


def test_good_ocr_text_is_not_made_worse(norm):
    # A wrong tone is no product of glyph loss, a split syllable is joined (never read as two
    # damaged words), and abbreviations touching "." "-" "/" are never expanded.
    text = "Hôi nghị tổng kết do Ph òng Quản lý đầu tư tổ chức. KT. CHỦ TỊCH\nSố: 12/Q-UBND"
    changed = {(e.old, e.new) for e in norm.propose(text)}
    assert not changed & {("Ph", "Phó"), ("òng", "ông"), ("KT", "KẾT"), ("Q", "Quyết")}
    assert all(old in {"Hôi"} or (old, new) == ("Ph òng", "Phòng") for old, new in changed)


def test_capital_inside_a_sentence_is_evidence(norm):
    # "Nông" capitalised inside a sentence is a name (Đắk Nông), not a garbled "những".
    text = "Ban Quản lý các khu công nghiệp tỉnh Đắk Nông và Nông (ảnh) đã tổ chức hội nghị tại Nông."
    assert not [e for e in norm.propose(text) if e.old == "Nông"]


def test_office_lexicon_file(tmp_path):
    from docgen.vi.lexicon import read_terms

    office = tmp_path / "office.txt"
    office.write_text("# tên riêng của cơ quan\nCụm công nghiệp Hòa Phú Đông\n", encoding="utf-8")
    norm = OcrRepairNormalizer(extra_terms=read_terms(office))
    assert repair(norm, "Doanh nghiệp tại Cụm công nghiệp Hòa Phú ông đã hoạt động.") == \
        "Doanh nghiệp tại Cụm công nghiệp Hòa Phú Đông đã hoạt động."


def test_repairs_are_written_in_the_house_tone_style(norm):
    """The inventory holds both "Thuỷ" and "Thủy"; a repair never brings the new style back."""
    from docgen.normalize.ocr import _house_style
    from docgen.normalize.unicode import ToneStyleNormalizer

    assert _house_style("Thuỷ") == "Thủy" and _house_style("HOÀ") == "HÒA" and _house_style("quý") == "quý"
    text = ("Tham dự Hội nghị có ông chí Bùi Thế Thu Hằng. Vn phòng Ban Quản lý khu kinh tế tỉnh Khánh H "
            "và Sở Ti nguyên v Môi trường, Sở Thy lợi, Ban Quản lý d án thy điện.")
    edits = norm.propose(text)
    assert edits
    assert all(ToneStyleNormalizer("old").propose(e.new) == [] for e in edits)


def test_lower_case_abbreviations_with_a_slash_stay(norm):
    for text in ("Trưởng ban (để b/c).", "Gửi đ/c Nguyễn Văn An.", "V/v tổ chức hội nghị"):
        assert repair(norm, text) == text


def test_parsed_model_is_cached_per_user_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    from docgen.normalize import ocr_model as ocr  # model loading and its cache live apart from the decoder

    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    first = ocr.Model(ocr.DATA_DIR)
    files = list(tmp_path.glob("ocr-model-*.marshal"))
    assert len(files) == 1

    def no_parse(data_dir):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(ocr.Model, "_parse", staticmethod(no_parse))
    second = ocr.Model(ocr.DATA_DIR)
    assert second.lm.p3 == first.lm.p3 and second.index == first.index and second.case == first.case
    assert second.lm.succ == first.lm.succ and second.channel.counts == first.channel.counts
    # the place-name index the gate uses comes back from the same cache as places builds it
    from docgen.vi import places

    given = places.index_table()
    places._GIVEN.clear()
    places._index.cache_clear()
    assert places.index_table() == given and places.is_place(["xã", "Ea", "Tiêu"])

    monkeypatch.undo()
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    files[0].write_bytes(b"not marshal data")
    third = ocr.Model(ocr.DATA_DIR)  # an unreadable cache is parsed again and rewritten
    assert third.lm.p3 == first.lm.p3
    assert files[0].stat().st_size > 1_000_000

    monkeypatch.setenv("DOCGEN_CACHE_DIR", "off")
    assert ocr._cache_path(ocr.DATA_DIR, ocr.Model.FILES) is None


def test_memo_tables_stay_bounded_and_give_the_same_repairs(monkeypatch):
    """A server keeps one normalizer for months: its memo tables are emptied past a size, and the
    repairs do not depend on what they remembered."""
    from docgen.normalize import ocr as ocr_module, ocr_channels

    text = "Ban Qun lý các khu công nghip tinh t chc Hi ngh Khi thi đua năm 2022."
    expected = repair(OcrRepairNormalizer(), text)
    monkeypatch.setattr(ocr_module, "COLUMN_CACHE", 3)
    monkeypatch.setattr(ocr_channels, "CACHE_LIMIT", 3)
    small = OcrRepairNormalizer()
    small.model.confusion._cache.clear()  # the model is shared: other tests filled it
    for _ in range(3):
        assert repair(small, text) == expected
    for memo in (small._alt_cache, small._reading_cache, small._merge_cache, small._column_cache,
                 small._posterior_cache, small._syllable_words, small.model.confusion._cache,
                 small._neighbours, *small._side_caches[ocr_channels.GLYPH]):
        assert len(memo) <= 4
    assert "Quản lý" in expected and "Khối thi đua" in expected


DOC = ("Hợp tác xã trồng sầu riêng ở xã. Giá sầu riêng năm nay cao. Bà con bán sầu riêng cho thương lái.\n"
       "Tng sn lượng su riêng ca x đạt 300 tn, bà con thu hoạch su riêng vo tháng 6. Vn đu tư cho vườn ln.")


def _posteriors(norm: OcrRepairNormalizer, text: str, word: str) -> list[float]:
    norm.gate_log = []
    norm.propose(text)
    found = [conf for _start, written, new, conf, _plaus in norm.gate_log if written == word]
    norm.gate_log = None
    return found


def test_the_documents_own_words_are_evidence(monkeypatch):
    """A word the document writes intact elsewhere ("sầu riêng") is likelier where it was
    damaged ("su riêng"): its reading there gets a higher posterior; typed text (the ocr
    channel) does not count its words at all."""
    import docgen.normalize.ocr as ocr

    with_doc = _posteriors(OcrRepairNormalizer(), DOC, "su")
    monkeypatch.setattr(ocr, "DOC_CACHE", 0.0)
    without = _posteriors(OcrRepairNormalizer(), DOC, "su")
    assert with_doc and without and len(with_doc) == len(without)
    assert all(a > b for a, b in zip(with_doc, without))
    monkeypatch.undo()
    typed = OcrRepairNormalizer()
    typed.propose("Giá sầu riêng năm nay cao. Bà con bán sầu riêng cho thương lái.")
    assert typed._doc_counts == {}


def test_a_lost_ty_after_a_number_on_a_damaged_text(norm):
    damaged = "Tng vn đu tư ca d án là 50 t đồng, trong đó vn ngân sch tnh là 12 t đồng."
    assert "50 tỷ đồng" in repair(norm, damaged) and "12 tỷ đồng" in repair(norm, damaged)
    assert repair(norm, "Khối lượng hàng là 5 t.") == "Khối lượng hàng là 5 t."  # a unit where nothing is damaged
