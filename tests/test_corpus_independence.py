"""What docgen ships and trains on shares no long word sequence with ../shared/realtext/.

../shared/realtext/ is text published by others, kept to measure how docgen generalises: none of
it may enter the corpus, the lexicon or the dev/test sets. This test reads it only to check that.
Every corpus/*.txt, every list and table in docgen/vi/data/ and every bench/devset, bench/testset
text is compared with every text file under realtext: words are compared lower case, NFC,
letters and digits only (punctuation and line breaks ignored).

* Running text (corpus, dev and test sets) must share no run of :data:`LONG` words with
  realtext: a copied sentence or passage fails, wherever it came from.
* The knowledge written for issue 13 — corpus files 300–399 (lists of names and places) and the
  names tables — must share no run of :data:`STRICT` words.

Administrative Vietnamese repeats stock phrases (agency names like "Ban Quản lý các khu công
nghiệp, khu kinh tế", closings like "chịu trách nhiệm thi hành Quyết định này"), so an 8-word
run shared with some official text is common in texts written independently; the strict rule
applies where it is meaningful: to lists written from scratch. The fixed formulas that every
document must carry word for word (:data:`FORMULAS`: the national name and motto of Decree 30,
the titles of laws and campaigns cited verbatim, the statutory closing of a decree) are cut out
of both sides before comparing, and so are the official agency names, titles and terms of art
of the lexicon (agencies.txt, titles.txt, terms.txt — facts, themselves checked line by line).
The formula list is short, written here from the legal texts, not taken from realtext.

Data lists (one entry a line, or a table) are compared line by line: their lines are separate
facts, not running text.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared/realtext of the checkout (a worktree finds it further up, as bench/realtext_eval.py does)
REALTEXT = next((p / "shared" / "realtext" for p in ROOT.parents if (p / "shared" / "realtext").is_dir()),
                ROOT.parent / "shared" / "realtext")
STRICT = 8
LONG = 16
OFFICIAL_NAME_FILES = ("agencies.txt", "titles.txt", "terms.txt")
_WORD = re.compile(r"[^\W_]+")

# Formulas documents carry verbatim: Decree 30/2020/NĐ-CP's national name and motto, titles of
# the laws, decrees, campaigns and congresses cited by name, the statutory wording of the Law on
# Emulation and Commendation's criteria, the closing articles of a decision and of a government
# decree. Lower case, words only.
# The agency names, titles and terms of docgen/vi/data (agencies.txt, titles.txt, terms.txt:
# official names and terms of art, checked themselves line by line) are cut out the same way.
FORMULAS = (
    "cộng hòa xã hội chủ nghĩa việt nam",
    "cộng hoà xã hội chủ nghĩa việt nam",
    "độc lập tự do hạnh phúc",
    "hiến pháp nước",
    "luật tổ chức chính quyền địa phương",
    "luật tổ chức chính phủ",
    "luật ban hành văn bản quy phạm pháp luật",
    "luật thi đua khen thưởng",
    "quy định chi tiết thi hành một số điều của",
    "của chính phủ về công tác văn thư",
    "học tập và làm theo tư tưởng đạo đức phong cách hồ chí minh",
    "cán bộ công chức viên chức thi đua thực hiện văn hóa công sở",
    "thực hành tiết kiệm chống lãng phí",
    "gương mẫu chấp hành tốt chủ trương chính sách của đảng pháp luật của nhà nước",
    "phân định thẩm quyền của chính quyền địa phương 02 cấp",
    "phân định thẩm quyền của chính quyền địa phương hai cấp",
    "đại hội đảng bộ các cấp",
    "đại hội đại biểu toàn quốc lần thứ xiv của đảng",
    "về đột phá phát triển khoa học công nghệ đổi mới sáng tạo và chuyển đổi số quốc gia",
    "cuộc bầu cử đại biểu quốc hội khóa xvi và đại biểu hội đồng nhân dân các cấp",
    "cuộc bầu cử đại biểu quốc hội khoá xvi và đại biểu hội đồng nhân dân các cấp",
    "chịu trách nhiệm thi hành quyết định này",
    "quyết định này có hiệu lực",
    "kể từ ngày ký",
    "nơi nhận",
    "các bộ trưởng thủ trưởng cơ quan ngang bộ thủ trưởng cơ quan thuộc chính phủ chủ tịch ủy ban nhân dân "
    "các tỉnh thành phố trực thuộc trung ương",
)


def _official_names() -> list[str]:
    """The agency names, titles and terms of the lexicon (three words or more): facts, not phrases."""
    data = ROOT / "docgen" / "vi" / "data"
    names = []
    for f in OFFICIAL_NAME_FILES:
        for line in (data / f).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#") and len(_words(line)) >= 3:
                names.append(line)
    return names


@functools.lru_cache(maxsize=2)
def _cut(names: bool) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the formulas (and with ``names`` the official names) starting with it,
    longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in (*FORMULAS, *(_official_names() if names else ())):
        words = tuple(_words(phrase))
        by_first.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in by_first.items()}


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def _pieces(words: list[str], names: bool = True) -> list[list[str]]:
    """``words`` cut at every formula and (with ``names``) official name, which are left out."""
    cut = _cut(names)
    out: list[list[str]] = [[]]
    i = 0
    while i < len(words):
        hit = next((f for f in cut.get(words[i], ()) if tuple(words[i:i + len(f)]) == f), None)
        if hit:
            out.append([])
            i += len(hit)
        else:
            out[-1].append(words[i])
            i += 1
    return out


def _grams(text: str, n: int, names: bool = True) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for piece in _pieces(_words(text), names):
        out.update(tuple(piece[i:i + n]) for i in range(len(piece) - n + 1))
    return out


def _read(path: Path) -> str:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8", errors="replace")


def _realtext_pieces() -> list[str]:
    texts: list[str] = []
    for path in sorted(REALTEXT.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".txt", ".md", ".jsonl", ".json", ".tsv", ".csv"):
            continue
        text = _read(path)
        if path.suffix == ".jsonl":  # the misspelling pairs: every string of every record, apart
            for line in text.splitlines():
                try:
                    rec = json.loads(line)
                except ValueError:
                    texts.append(line)
                    continue
                values = rec.values() if isinstance(rec, dict) else rec if isinstance(rec, list) else [rec]
                texts += [v for v in values if isinstance(v, str)]
        else:
            texts.append(text)
    return texts


def _strict(path: Path) -> bool:
    """Written for issue 13 from scratch: corpus 300–399 and the names tables."""
    return bool(re.match(r"3\d\d-", path.name)) or path.name.startswith("names_")


def _ours() -> list[tuple[Path, bool]]:
    """(file, compare line by line?) for everything that ships or trains."""
    files = [(p, False) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    for sub in ("devset", "testset"):
        files += [(p, False) for p in sorted((ROOT / "bench" / sub).glob("*.txt"))]
    data = ROOT / "docgen" / "vi" / "data"
    files += [(p, True) for p in sorted(data.iterdir()) if p.name.endswith((".txt", ".tsv", ".txt.gz", ".tsv.gz"))]
    return files


def test_formulas_are_cut_out() -> None:
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố 12"
    assert _pieces(_words(text)) == [[], [], ["số", "12"]]
    assert _grams("một hai ba bốn năm sáu bảy tám chín", STRICT) == {
        ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám"), ("hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")}


@pytest.mark.skipif(not REALTEXT.is_dir(), reason="../shared/realtext is absent: nothing to check independence "
                    "against (CI has it)")
def test_nothing_we_ship_shares_a_long_phrase_with_realtext() -> None:
    pieces = _realtext_pieces()
    assert pieces, f"{REALTEXT} exists but no text was read from it"
    # (run length, official names cut out?) -> realtext's runs
    theirs = {key: set().union(*(_grams(t, *key) for t in pieces)) for key in ((STRICT, True), (LONG, True),
                                                                            (LONG, False))}
    found: list[str] = []
    for path, by_line in _ours():
        # the lexicon's own names are checked as they are, the rest with the official names cut out
        key = (STRICT if _strict(path) else LONG, path.name not in OFFICIAL_NAME_FILES)
        text = _read(path)
        shared: set[tuple[str, ...]] = set()
        for piece in (text.splitlines() if by_line else [text]):
            shared |= _grams(piece, *key) & theirs[key]
        if shared:
            found.append(f"{path.relative_to(ROOT)}: {len(shared)} runs of {key[0]} words also in realtext, "
                         f"e.g. «{' '.join(sorted(shared)[0])}»")
    assert not found, ("rewrite these passages in your own words (only the official title of a text, "
                       "event or campaign cited by name belongs in FORMULAS of this test):\n" + "\n".join(found))
