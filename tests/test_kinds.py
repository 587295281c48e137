"""The document-kind registry agrees with the model, the templates and Decree 30's symbols."""
from __future__ import annotations

import re
import zipfile

import pytest

from docgen.kinds import BY_SLUG, DOC_KINDS, SLUGS, kind
from docgen.model import KINDS, Record
from docgen.produce import template_path
from docgen.starters import STARTER_KINDS
from docgen.vi.docnum import KNOWN_TYPE_CODES


def test_one_list_of_kinds():
    assert SLUGS == KINDS == ("giay-moi", "bien-ban", "giao-uoc-thi-dua", "quyet-dinh")
    assert set(STARTER_KINDS) == {*SLUGS, "tat-ca"}
    assert [kind(s).title for s in SLUGS] == ["Giấy mời", "Biên bản", "Bản giao ước thi đua", "Quyết định"]


@pytest.mark.parametrize("doc", DOC_KINDS, ids=SLUGS)
def test_symbol_is_the_decree_abbreviation_of_its_type(doc):
    if doc.symbol is not None:
        assert KNOWN_TYPE_CODES[doc.symbol] == doc.label


@pytest.mark.parametrize("doc", DOC_KINDS, ids=SLUGS)
def test_fields_exist_in_the_record_model(doc):
    for path in doc.fields:
        model = Record
        for step in path.split("."):
            assert step in model.model_fields, path
            model = model.model_fields[step].annotation
            model = next((a for a in getattr(model, "__args__", ()) if a is not type(None)), model)


@pytest.mark.parametrize("doc", DOC_KINDS, ids=SLUGS)
def test_template_reads_only_fields_the_kind_prints(doc):
    with zipfile.ZipFile(template_path(doc.slug)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", xml)
    read = set(re.findall(r"\b(agency|signer|meeting|minutes|invitation|decision|pledge)\.(\w+)", text))
    assert read, "the template reads record fields"
    assert [f"{s}.{f}" for s, f in sorted(read) if not doc.prints(f"{s}.{f}")] == []


def test_prints_and_keep_unprinted():
    gm = BY_SLUG["giay-moi"]
    assert gm.prints("meeting.chair.name") and gm.prints("invitation.invitees[3].unit") and gm.prints("meeting")
    assert not gm.prints("meeting.agenda") and not gm.prints("meeting.attendees[0].name")
    saved = {"meeting": {"title": "Cũ", "agenda": ["a"], "start": "x"}, "minutes": {"number": 2}}
    merged = gm.keep_unprinted(saved, {"meeting": {"title": "Mới", "start": "y"}, "invitation": {"number": 3}})
    assert merged == {"meeting": {"agenda": ["a"], "title": "Mới", "start": "y"}, "minutes": {"number": 2},
                      "invitation": {"number": 3}}


def test_file_names_come_from_the_registry():
    """produce.filename reads each kind's slug, number field and symbol from the registry (the
    names are those of the earlier per-kind code: outputs keep their names)."""
    from docgen.io.loaders import load_record
    from docgen.produce import filename

    from conftest import FIXTURE

    record = load_record(FIXTURE)
    names = {k: filename(record, k) for k in record.kinds()}
    assert names == {"giay-moi": "giay-moi-03-gm-bql.docx", "bien-ban": "bien-ban-01-bb-bql.docx",
                     "giao-uoc-thi-dua": "giao-uoc-thi-dua-2022.docx", "quyet-dinh": "quyet-dinh-08-qd-bql.docx"}
    assert filename(record, "giay-moi", 1) == "giay-moi-03-gm-bql-002-vo-van-phung.docx"
    for doc in DOC_KINDS:
        for path in filter(None, (doc.number, doc.dated)):
            assert path.split(".", 1)[0] in doc.sections, (doc.slug, path)
    unnumbered = record.model_copy(update={"minutes": record.minutes.model_copy(update={"number": None})})
    assert filename(unnumbered, "bien-ban") == f"bien-ban-{record.meeting.start:%Y%m%d}.docx"


def test_a_missing_stage_module_fails_loudly(monkeypatch):
    """The pipeline never silently drops a stage whose module is missing."""
    from docgen.normalize import pipeline

    real = pipeline.optional_module
    monkeypatch.setattr(pipeline, "optional_module", lambda name: None if name == "spacing" else real(name))
    with pytest.raises(ImportError, match="spacing"):
        pipeline.build_pipeline(ocr=False)
