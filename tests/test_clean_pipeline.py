"""The normalizer pipeline: stages in sequence, offsets mapped back to the original text."""
from __future__ import annotations

import re

import pytest

from docgen.normalize.base import Edit, apply_edits
from docgen.normalize.pipeline import build_pipeline, propose_all, repair_field, select_non_overlapping


class Toy:
    """A test-only normalizer: regex → replacement, fixed confidence."""

    def __init__(self, name: str, pattern: str, repl: str, confidence: float = 1.0):
        self.name, self.pattern, self.repl, self.confidence = name, re.compile(pattern), repl, confidence

    def propose(self, text: str) -> list[Edit]:
        return [Edit(m.start(), m.end(), m.group(), m.expand(self.repl), self.name, self.confidence)
                for m in self.pattern.finditer(text)]


SPACING = Toy("spacing", r" {2,}", " ")
KHOI = Toy("ocr", r"\bKhi thi\b", "Khối thi", 0.9)
DONG = Toy("ocr", r"\bng chí", "Đồng chí", 0.5)


def test_later_stage_sees_earlier_output_and_offsets_are_original():
    text = "Hội nghị  Khi  thi đua, ng chí  A"
    edits = propose_all(text, [SPACING, KHOI, DONG], 0.8)
    assert edits == [
        Edit(8, 10, "  ", " ", "spacing", 1.0),
        Edit(10, 18, "Khi  thi", "Khối thi", "spacing+ocr", 0.9),
        Edit(24, 30, "ng chí", "Đồng chí", "ocr", 0.5),
        Edit(30, 32, "  ", " ", "spacing", 1.0),
    ]
    for e in edits:
        assert text[e.start:e.end] == e.old


def test_repair_field_applies_only_confident_edits():
    new, applied, suggestions = repair_field("Khi  thi đua, ng chí A", 0.8, [SPACING, KHOI, DONG])
    assert new == "Khối thi đua, ng chí A"
    assert [e.rule for e in applied] == ["spacing+ocr"]
    assert suggestions == [Edit(14, 20, "ng chí", "Đồng chí", "ocr", 0.5)]
    new, applied, _ = repair_field("Khi  thi đua, ng chí A", 0.4, [SPACING, KHOI, DONG])
    assert new == "Khối thi đua, Đồng chí A"


def test_suggestions_are_not_seen_by_later_stages():
    low = Toy("ocr", r"\bKhi\b", "Khối", 0.3)
    after = Toy("case", r"Khối", "KHỐI", 1.0)
    edits = propose_all("Khi thi", [low, after], 0.8)
    assert edits == [Edit(0, 3, "Khi", "Khối", "ocr", 0.3)]


def test_edits_cancelling_each_other_disappear():
    there = Toy("a", r"x", "y")
    back = Toy("b", r"y", "x")
    assert propose_all("axb", [there, back]) == []


def test_insertion_and_deletion_mapping():
    dele = Toy("del", r"-", "")
    ins = Toy("ins", r"(?<=a)(?=b)", "+")
    text = "a-b ab"
    edits = propose_all(text, [dele, ins])
    assert apply_edits(text, [e for e in edits if e.confidence >= 0.8]) == "a+b a+b"
    assert all(text[e.start:e.end] == e.old for e in edits)


def test_overlapping_proposals_of_one_stage_resolve_deterministically():
    a = Edit(0, 3, "abc", "X", "r1", 0.9)
    b = Edit(2, 5, "cde", "Y", "r2", 0.95)
    c = Edit(5, 5, "", "Z", "r3", 0.5)
    assert select_non_overlapping([a, b, c]) == [b, c]
    assert select_non_overlapping([c, b, a]) == [b, c]


def test_mismatching_edit_is_a_bug_of_the_stage():
    class Broken:
        name = "broken"

        def propose(self, text):
            return [Edit(0, 1, "z", "y", "broken")]

    with pytest.raises(ValueError):
        propose_all("abc", [Broken()])


def test_build_pipeline_order_with_real_normalizers():
    names = [type(s).__name__ for s in build_pipeline(legacy=None, ocr=True, tone_style="old")]
    assert names == ["UnicodeNormalizer", "ToneStyleNormalizer", "SpacingNormalizer", "OcrRepairNormalizer"]
    # The writer's tone style is kept unless a style is asked for.
    assert [type(s).__name__ for s in build_pipeline(legacy=None, ocr=False)] == [
        "UnicodeNormalizer", "SpacingNormalizer"]
    assert [type(s).__name__ for s in build_pipeline(legacy="auto", ocr=False, tone_style="old")] == [
        "LegacyNormalizer", "UnicodeNormalizer", "ToneStyleNormalizer", "SpacingNormalizer"]


def test_real_pipeline_repairs_the_seed_phrases():
    stages = build_pipeline(ocr=True)
    new, applied, _ = repair_field("Truyền thông B K học và u t, là thành viên Khi thi đua.", 0.8, stages)
    assert new == "Truyền thông Bộ Kế hoạch và Đầu tư, là thành viên Khối thi đua."
    assert repair_field(new, 0.8, stages)[0] == new
