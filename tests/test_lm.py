"""The syllable trigram LM, and the decoder scoring with exactly the LM's own probabilities."""
from __future__ import annotations

import math

import pytest

from docgen.normalize.lm import BOS, EOS, TrigramLM, WordFits, save_arpa, save_table, train_kn
from docgen.normalize.ocr import OcrRepairNormalizer, lm_sentences

TEXT = ("Khối thi đua các Ban Quản lý khu công nghiệp. Ban Quản lý khu kinh tế tỉnh. "
        "Khối trưởng Khối thi đua năm 2021. Đồng chí Trưởng ban phát biểu tại hội nghị.")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    model = train_kn(list(lm_sentences(TEXT)))
    path = tmp_path_factory.mktemp("lm") / "lm.tsv.gz"
    save_table(model, path)
    return model, TrigramLM(path)


def test_kn_distributions_sum_to_one(small):
    model, lm = small
    vocab = [w for w in model["p1"] if w != "<unk>"]
    for u, v in [(BOS, BOS), ("ban", "quản"), ("khối", "thi"), ("xyz", "khối")]:
        total = sum(math.exp(lm.logp(u, v, w)) for w in vocab) + math.exp(lm.logp(u, v, "<unk>"))
        assert total == pytest.approx(1.0, abs=0.02)


def test_scorers_equal_the_lms_own_probabilities(small):
    _, lm = small
    words = [BOS, "ban", "quản", "lý", "khu", "kinh", "tế", "khối", "không-có", EOS]
    for u in words[:5]:
        for v in words:
            score = lm.scorer(u, v)
            for w in words:
                assert score(w) == lm.logp(u, v, w)
    for v in words:
        for w in words:
            expected = lm.p2.get((v, w), lm.b1.get(v, 0.0) + lm.p1.get(w, lm.unk))
            assert lm.bigram(v, w) == pytest.approx(expected)
    # the parts the decoder's inline loop uses give the very same floats as logp
    for u in words:
        for v in words:
            p3, p2, bow2, bow21 = lm.context(u, v)
            for w in words:
                lp = p3(w)
                if lp is None:
                    lp = p2(w)
                    lp = bow2 + lp if lp is not None else bow21 + lm.unigram(w)
                assert lp == lm.logp(u, v, w)
    # the decoder's islands and posteriors: each candidate's three trigrams, logp's very floats
    cands = [(w, -0.25 * k) for k, w in enumerate(words)]
    for u, v in [(BOS, BOS), ("ban", "quản"), ("khối", "không-có")]:
        for after in [(), (EOS,), ("lý", EOS), ("kinh", "tế"), ("không-có", "ban")]:
            expected = []
            for w, ch in cands:
                s = ch + lm.logp(u, v, w)
                if after:
                    s += lm.logp(v, w, after[0])
                    if len(after) > 1:
                        s += lm.logp(w, after[0], after[1])
                expected.append(s)
            assert lm.island_scores(u, v, cands, after) == expected
    # the candidates' bigram fit: best of the left neighbours, best of the right ones, and which
    # words form a seen bigram with one of them
    sides = [(BOS,), ("ban",), ("quản", "ban"), ("khối", "không-có"), ("lý", "kinh", "tế")]
    table = WordFits(lm, [*words, "ban"])  # a word given twice is fitted once
    assert table.words == words and [table.index[w] for w in words] == list(range(len(words)))
    some_seen = False
    for prevs in sides:
        after, seen_after = table.after(lm.neighbour(prevs))
        assert after == [max(lm.bigram(p, w) for p in prevs) for w in words]
        assert seen_after == sum(1 << k for k, w in enumerate(words) if any(w in lm.successors(p) for p in prevs))
        some_seen |= bool(seen_after)
    for nexts in [*sides[1:], (EOS,), ("tế", EOS)]:
        before, seen_before = table.before(lm.neighbour(nexts))
        assert before == [max(lm.bigram(w, n) for n in nexts) for w in words]
        assert len(set(before)) > 1
        assert seen_before == sum(1 << k for k, w in enumerate(words)
                                  if any(w in lm.predecessors(n) for n in nexts))
        some_seen |= bool(seen_before)
    assert some_seen


def test_seen_bigrams_never_score_below_their_back_off():
    """What WordFits' exactness rests on (interpolated Kneser-Ney, after the table's rounding):
    checked over every bigram of the shipped model."""
    lm = OcrRepairNormalizer().lm
    below = [(v, w) for v, row in lm.succ.items() for w, lp in row.items()
             if lp < lm.b1.get(v, 0.0) + lm.p1.get(w, lm.unk)]
    assert len(lm.succ) > 1000 and below == []


def test_decoder_scores_with_the_lms_probabilities():
    norm = OcrRepairNormalizer()
    lm = norm.lm
    for sent in lm_sentences("Khối trưởng Khối thi đua năm 2021 chủ trì hội nghị. Ban Quản lý khu xyzzy."):
        toks = [BOS, BOS, *sent, EOS]
        own = sum(lm.logp(toks[i - 2], toks[i - 1], toks[i]) for i in range(2, len(toks)))
        assert norm.path_logp(sent) == pytest.approx(own, abs=1e-9)
    # With an office's terms, the decoder's scores are the LM's, raised only on the terms' bigrams.
    office = OcrRepairNormalizer(extra_terms=["Cụm công nghiệp Hòa Phú Đông"])
    sent = ["cụm", "công", "nghiệp", "hòa", "phú", "đông"]
    toks = [BOS, BOS, *sent, EOS]
    boosted = sum(max(lm.logp(toks[i - 2], toks[i - 1], toks[i]),
                      office.boost.get((toks[i - 1], toks[i]), -math.inf)) for i in range(2, len(toks)))
    assert office.path_logp(sent) == pytest.approx(boosted, abs=1e-9)
    assert office.path_logp(sent) > norm.path_logp(sent)


def test_table_round_trip_and_arpa(small, tmp_path):
    model, lm = small
    assert lm.logp("ban", "quản", "lý") == pytest.approx(math.log(model["p3"][("ban", "quản", "lý")]), abs=1e-4)
    arpa = tmp_path / "lm.arpa"
    save_arpa(model, arpa)
    text = arpa.read_text(encoding="utf-8")
    assert text.lstrip().startswith("\\data\\") and text.rstrip().endswith("\\end\\")
    sections = text.split("\\1-grams:")[1]
    ones = sections.split("\\2-grams:")[0].strip().splitlines()
    threes = text.split("\\3-grams:")[1].split("\\end\\")[0].strip().splitlines()
    assert f"ngram 1={len(ones)}" in text and f"ngram 3={len(threes)}" in text
    row = next(r for r in threes if r.split("\t")[1] == "ban quản lý")
    assert float(row.split("\t")[0]) == pytest.approx(math.log10(model["p3"][("ban", "quản", "lý")]), abs=1e-5)


def test_cached_tables_give_the_same_model(small):
    """The model's cache holds TrigramLM.tables() marshalled: read back, the probabilities and
    the whole tables are the very same as the parsed file's (the contexts' back-off weights
    included, which live in the trigram rows under BOW)."""
    import marshal

    model, lm = small
    cached = TrigramLM(tables=marshal.loads(marshal.dumps(lm.tables())))
    words = [BOS, "ban", "quản", "lý", "khu", "kinh", "tế", "khối", "không-có", EOS]
    for u in words:
        for v in words:
            score = cached.scorer(u, v)
            for w in words:
                assert cached.logp(u, v, w) == lm.logp(u, v, w) == score(w)
    assert cached.p3 == lm.p3 and cached.p2 == lm.p2 and cached.b2 == lm.b2
    assert set(lm.p3) == set(model["p3"]) and set(lm.b2) <= set(model["b2"]) and lm.b2
    assert all(lm.b2[k] == pytest.approx(math.log(model["b2"][k]), abs=1e-4) for k in lm.b2)
