"""One change type (normalize.base.Change) for Produce, Clean, lint --fix, reports and the web
review; rule kinds from a registry, not parsed from rule strings where they are used."""
from __future__ import annotations

import io

import docx

from docgen.clean import CleanOptions, clean_docx, clean_text
from docgen.fields import FieldChange, _field_change
from docgen.lint.model import DocxModel
from docgen.lint.rules import Repair, text_repair
from docgen.normalize import legacy
from docgen.normalize.base import Change, Edit, Kind, Location, rule_kind
from docgen.web.review import is_fixed
from test_clean_pipeline import Toy


def test_rule_kinds_come_from_the_registry():
    assert rule_kind("ocr.lexicon") is Kind.OCR
    assert rule_kind("spacing+ocr.lm") is Kind.SPACING
    assert rule_kind("legacy.tcvn3") is Kind.ENCODING
    assert rule_kind("unicode.tone_old") is Kind.UNICODE
    assert rule_kind("capitalization.name") is Kind.CAPITALIZATION
    assert rule_kind("ND30-MOTTO") is Kind.LINT_TEXT
    assert rule_kind("web.chosen") is Kind.OTHER


def test_clean_changes_are_the_one_type_with_kind_and_location():
    result = clean_text("Khi thi  đua", CleanOptions(), [Toy("spacing", r" {2,}", " ")])
    (c,) = result.changes
    assert isinstance(c, Change) and c.kind is Kind.SPACING and c.location == Location(1)
    assert (c.paragraph, c.offset, c.start, c.end, c.before, c.after) == (1, 7, 7, 9, "  ", " ")
    assert c.edit() == Edit(7, 9, "  ", " ", "spacing", 1.0)


def test_a_docx_conversion_is_recognised_by_its_kind_not_its_rule_text():
    d = docx.Document()
    d.add_paragraph().add_run(legacy.from_unicode("Khối thi đua", "tcvn3")).font.name = ".VnTime"
    buf = io.BytesIO()
    d.save(buf)
    result = clean_docx(buf.getvalue(), CleanOptions(ocr=False))
    conv = [c for c in result.changes if c.kind is Kind.CONVERSION]
    assert len(conv) == 1 and conv[0].after == "Khối thi đua" and is_fixed(conv[0])
    # a legacy *encoding* edit with a rule of the same shape is not a fixed conversion
    lookalike = Change(0, 3, "x", "y", "legacy.tcvn3:.VnTime→Times New Roman", 1.0, True, Kind.ENCODING, Location(1))
    assert not is_fixed(lookalike)


def test_field_changes_are_the_one_type_and_report_as_before():
    c = _field_change("invitation.title", ("invitation", "title"), (0, 3), "Khi", "Khối", "ocr.lexicon", 0.95, True)
    assert isinstance(c, FieldChange) and FieldChange is Change and c.kind is Kind.OCR
    assert c.to_dict() == {"path": "invitation.title", "before": "Khi", "after": "Khối", "rule": "ocr.lexicon",
                           "confidence": 0.95, "applied": True}
    assert c.describe() == "Đã sửa invitation.title: «Khi» → «Khối» (ocr.lexicon, độ tin cậy 0.95)"
    assert c.loc == ("invitation", "title")


def test_lint_repairs_carry_their_kind():
    d = docx.Document()
    d.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    buf = io.BytesIO()
    d.save(buf)
    model = DocxModel(buf.getvalue())
    repair = text_repair(model, model.paragraphs[0], lambda t: [])
    assert isinstance(repair, Repair) and repair.kind is Kind.LINT_TEXT and repair() is False
