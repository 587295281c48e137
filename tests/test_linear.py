"""Clean and lint cost linear time in the paragraph's length (issue 11): the fast paths equal
the simple quadratic ones they replaced (checked on seeded random input), and the number of
comparisons grows with the input, not with its square — counted, never timed."""
from __future__ import annotations

import random
import re

from lxml import etree

from docgen.lint import capitals
from docgen.lint.model import DocxModel
from docgen.normalize import pipeline
from docgen.normalize.base import Edit
from docgen.normalize.pipeline import _overlaps, _State, select_non_overlapping
from docgen.ooxml import edit as ooxml_edit
from docgen.ooxml.ns import W, W_NS
from docgen.ooxml.text import extract

OLD_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\"“'‘]|^\s*[-+•])\s*$")


def naive_select(edits):
    by_pos = sorted(set(edits), key=lambda e: (e.start, e.end))
    kept = []
    for e in sorted(by_pos, key=lambda e: (-e.confidence, -(e.end - e.start), e.start, e.end, e.new, e.rule)):
        if not any(_overlaps(e, k) for k in kept):
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))


def random_edits(rnd, n, length):
    out = []
    for _ in range(n):
        a = rnd.randrange(length)
        b = min(length, a + rnd.choice((0, 0, 1, 2, 3, 7)))
        out.append(Edit(a, b, "x" * (b - a), rnd.choice(("", "y", "zz")), rnd.choice(("r1", "r2")),
                        rnd.choice((0.5, 0.9, 1.0))))
    return out


def test_select_non_overlapping_equals_the_simple_greedy():
    rnd = random.Random(11)
    for _ in range(300):
        edits = random_edits(rnd, rnd.randrange(1, 40), rnd.randrange(1, 60))
        assert select_non_overlapping(edits) == naive_select(edits)


def _count_overlaps(monkeypatch, fn):
    calls = [0]
    real = pipeline._overlaps

    def counting(a, b):
        calls[0] += 1
        return real(a, b)
    monkeypatch.setattr(pipeline, "_overlaps", counting)
    fn()
    monkeypatch.setattr(pipeline, "_overlaps", real)
    return calls[0]


def test_select_non_overlapping_compares_each_edit_with_a_few_neighbours(monkeypatch):
    def run(n):
        rnd = random.Random(5)
        edits = random_edits(rnd, n, n * 3)
        return _count_overlaps(monkeypatch, lambda: select_non_overlapping(edits))
    small, large = run(2000), run(8000)
    assert large < 5 * small  # quadratic would be ~16×


def naive_to_original(state, e, current):
    spans, delta = [], 0
    for a in state.applied:
        cs = a.start + delta
        spans.append((cs, cs + len(a.new), a))
        delta += len(a.new) - (a.end - a.start)
    hit = [(cs, ce, a) for cs, ce, a in spans if _overlaps(e, Edit(cs, ce, "", "", ""))]

    def orig_pos(p):
        d = 0
        for _cs, ce, a in spans:
            if ce <= p:
                d = a.end - ce
        return p + d
    if not hit:
        s, t = orig_pos(e.start), orig_pos(e.end)
        return Edit(s, t, state.original[s:t], e.new, e.rule, e.confidence), []
    first, last = hit[0], hit[-1]
    cur_start, cur_end = min(e.start, first[0]), max(e.end, last[1])
    o_start = first[2].start - (first[0] - cur_start)
    o_end = last[2].end + (cur_end - last[1])
    new = current[cur_start:e.start] + e.new + current[e.end:cur_end]
    rule = pipeline._join_rules(*(a.rule for _, _, a in hit), e.rule)
    conf = min([e.confidence] + [a.confidence for _, _, a in hit])
    return Edit(o_start, o_end, state.original[o_start:o_end], new, rule, conf), [a for _, _, a in hit]


def test_mapping_to_the_original_equals_the_simple_scan():
    rnd = random.Random(3)
    for _ in range(200):
        text = "".join(rnd.choice("ab  c") for _ in range(rnd.randrange(5, 50)))
        state = _State(text)
        first = [e for e in random_edits(rnd, 8, len(text))]
        state.apply([Edit(e.start, e.end, text[e.start:e.end], e.new, e.rule, e.confidence) for e in first])
        current = state.current()
        for e in random_edits(rnd, 10, max(1, len(current))):
            e = Edit(e.start, e.end, current[e.start:e.end], e.new, e.rule, e.confidence)
            assert state.to_original(e, current) == naive_to_original(state, e, current)


def test_sentence_start_equals_the_old_regex():
    rnd = random.Random(7)
    alphabet = "ab .!?:;\n(\"“'‘-+• \t"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 12))) + "X"
        start = len(text) - 1
        first = len(text) - len(text.lstrip())
        assert capitals._sentence_start(text, start, first) == (OLD_SENTENCE_START.search(text[:start]) is not None), text


def naive_rebuild(orig, ups):
    text, spaced = orig, False
    for a, b, new in ups:
        text = text[:a] + new + text[b:]
        spaced = spaced or text != text.strip() or "  " in text
    return text, spaced


def test_in_place_rebuild_equals_editing_one_replacement_at_a_time():
    rnd = random.Random(9)
    for _ in range(2000):
        orig = "".join(rnd.choice("a  b\t") for _ in range(rnd.randrange(0, 15)))
        cuts = sorted(rnd.sample(range(len(orig) + 1), min(len(orig) + 1, 2 * rnd.randrange(0, 4))))
        ups = [(cuts[i], cuts[i + 1], rnd.choice(("", " ", "x", "  y "))) for i in range(0, len(cuts) - 1, 2)]
        ups = ups[::-1]  # last first, as applied
        assert ooxml_edit._rebuild(orig, ups) == naive_rebuild(orig, ups), (orig, ups)


def _paragraph(n_runs: int, run_len: int) -> etree._Element:
    xml = f'<w:p xmlns:w="{W_NS}">' + "".join(
        f"<w:r><w:t>{'ab  ' * (run_len // 4)}</w:t></w:r>" for _ in range(n_runs)) + "</w:p>"
    return etree.fromstring(xml)


def test_pieces_looks_at_the_segments_an_edit_covers_only():
    """ParagraphText.pieces bisects to the segment: the count of segments it visits per edit does
    not grow with the number of runs."""
    visited = []

    class Counting(list):
        def __getitem__(self, i):
            visited.append(i)
            return super().__getitem__(i)

    for runs in (100, 1000):
        para = extract(_paragraph(runs, 8))
        para.segments = Counting(para.segments)
        visited.clear()
        for k in range(0, len(para.text), 8):
            para.pieces(k + 2, k + 4)
            para.pieces(k + 3, k + 3)
        per_edit = len(visited) / (2 * runs)
        assert per_edit < 4


def test_tracked_edits_in_one_long_run_cut_its_text_once():
    """Tracked edits split the runs; the long text is written once at the end, not once per edit
    (each w:t text assignment is counted through the _Prefixes store)."""
    p = _paragraph(1, 40_000)
    para = extract(p)
    edits = [Edit(k, k + 2, "  ", " ", "spacing") for k in range(2, len(para.text), 4)]
    flushed = []
    real = ooxml_edit._Prefixes.flush

    def counting(self):
        flushed.append(len(self.texts))
        real(self)
    ooxml_edit._Prefixes.flush = counting
    try:
        rev = ooxml_edit.Revision("docgen", "2024-01-05T00:00:00Z")
        done = ooxml_edit.apply(para, edits, rev)
    finally:
        ooxml_edit._Prefixes.flush = real
    assert len(done) == len(edits) and flushed == [1]
    text = "".join(t.text or "" for t in p.iter(W + "t"))
    assert text == "ab " * 10_000
    assert len(p.findall(f"{W}del")) == len(edits)


def test_paragraph_clean_text_is_computed_once(tmp_path):
    import io

    import docx
    d = docx.Document()
    d.add_paragraph("a  b " * 1000)
    buf = io.BytesIO()
    d.save(buf)
    para = DocxModel(buf.getvalue()).paragraphs[0]
    assert para.clean is para.clean and para.clean == " ".join(("a  b " * 1000).split())


def test_a_paragraph_beyond_the_bound_is_refused_with_what_to_do(monkeypatch):
    import io

    import docx
    import pytest

    from docgen import clean
    from docgen.errors import InputError
    monkeypatch.setattr(clean, "MAX_PARAGRAPH_CHARS", 1000)
    d = docx.Document()
    d.add_paragraph("ngắn")
    d.add_paragraph("Khối thi đua " * 100)
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(InputError, match=r"đoạn 2 dài 1\.300 ký tự, vượt giới hạn 1\.000 ký tự.*Hãy tách"):
        clean.clean_docx(buf.getvalue(), clean.CleanOptions(ocr=False))
    with pytest.raises(InputError, match=r"dòng 2 dài"):
        clean.clean_text("ngắn\n" + "x " * 600, clean.CleanOptions(ocr=False))
