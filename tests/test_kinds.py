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
