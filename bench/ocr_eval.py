#!/usr/bin/env python3
"""Measure the OCR repair normalizer on held-out text damaged by the shared noise model.

The clean texts of bench/devset/ (never used for training or tuning) are garbled with
../shared/noise/garble.py (default parameters) at several seeds, repaired, and compared
token by token with the clean text. Prints, per confidence threshold:

* token error rate before / after repair and its reduction;
* clean-text damage: tokens changed when the clean texts themselves are repaired;
* real-word garble restoration: of the garbled tokens that became another real syllable
  ("Khối" -> "Khi", "trưởng" -> "trung"), the share restored exactly;

then, on the same texts with the errors of a good OCR engine (a wrong tone, a split or
merged word), the character edit distance to the clean text before and after repair; then
the checks on the seed article (seeds/khoi-thi-dua-2022-ocr.txt) and the speed on a
~50,000-token report. Usage: .venv/bin/python bench/ocr_eval.py [--seeds 5]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED / "noise"))

import garble  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from docgen.normalize.base import apply_edits  # noqa: E402
from docgen.normalize.ocr import OcrRepairNormalizer  # noqa: E402

WORD = re.compile(r"[^\W\d_]+")
THRESHOLDS = (0.0, 0.5, 0.8)

SEED_CHECKS = [
    ("mọi “Khi thi đua” thành “Khối thi đua”", lambda t: "Khi thi đua" not in t and t.count("Khối thi đua") >= 20),
    ("Khối trưởng Khối thi đua", lambda t: "(Khối trưởng Khối thi đua năm 2021)" in t),
    ("Khối phó Khối thi đua", lambda t: "(Khối phó Khối thi đua năm 2021)" in t),
    ("KHỐI THI ĐUA (chữ hoa)", lambda t: "KHỐI THI ĐUA" in t),
    ("Trần Văn Biên", lambda t: t.count("Trần Văn Biên") == 2),
    ("Võ Văn Phụng", lambda t: t.count("Võ Văn Phụng") == 2),
    ("Bộ Kế hoạch và Đầu tư", lambda t: "Bộ Kế hoạch và Đầu tư" in t),
    ("Ban Quản lý các Khu công nghiệp tỉnh Lâm Đồng", lambda t: "Ban Quản lý các Khu công nghiệp tỉnh Lâm Đồng" in t),
    ("Trưởng ban Quản lý các KCN tỉnh Lâm Đồng", lambda t: "Trưởng ban Quản lý các KCN tỉnh Lâm Đồng" in t),
    ("Ban Quản lý các KCN tỉnh Lâm Đồng làm Khối thi đua", lambda t: "Ban Quản lý các KCN tỉnh Lâm Đồng làm Khối" in t),
    ("Vân Phong Khánh Hòa", lambda t: "KKT Vân Phong Khánh Hòa" in t),
    ("Đồng chí (đầu câu)", lambda t: "Đồng chí Võ Văn Phụng" in t),
    ("đồng chí Trần Văn Biên", lambda t: "đồng chí Trần Văn Biên" in t),
    ("điển hình", lambda t: "cá nhân điển hình" in t),
    ("Văn phòng (cuối bài)", lambda t: t.rstrip().endswith("Văn phòng")),
    ("Phó Trưởng ban giữ nguyên", lambda t: "Phó Trưởng ban Ban Quản lý" in t),
    ("“Covid-19” giữ nguyên", lambda t: "Covid-19" in t),
]


TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def good_ocr(text: str, seed: int) -> str:
    """What a good OCR engine gets wrong: an occasional wrong tone (3 % of toned syllables),
    a word split in two (1 %) or two words run together (1 %)."""
    rng = random.Random(seed)
    out = []
    for tok in re.split(r"(\s+)", unicodedata.normalize("NFC", text)):
        if tok.strip() and WORD.fullmatch(tok):
            decomposed = unicodedata.normalize("NFD", tok)
            tones = [i for i, c in enumerate(decomposed) if c in TONES]
            r = rng.random()
            if tones and r < 0.03:
                i = tones[0]
                tone = rng.choice([t for t in TONES if t != decomposed[i]])
                tok = unicodedata.normalize("NFC", decomposed[:i] + tone + decomposed[i + 1:])
            elif r < 0.04 and len(tok) > 3:
                tok = tok[:2] + " " + tok[2:]
            elif r < 0.05 and out and out[-1] == " ":
                out.pop()
        out.append(tok)
    return unicodedata.normalize("NFC", "".join(out))


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))


def repair(norm: OcrRepairNormalizer, text: str, threshold: float) -> str:
    return apply_edits(text, [e for e in norm.propose(text) if e.confidence >= threshold])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print the tokens still wrong after repair")
    ap.add_argument("--texts", nargs="*", type=Path, help="clean texts instead of bench/devset/*.txt (for tuning "
                    "on corpus files left out of a build with scripts/build_lm.py --holdout)")
    ap.add_argument("--data", type=Path, help="model directory of such a build")
    args = ap.parse_args()

    norm = OcrRepairNormalizer(data_dir=args.data)
    paths = args.texts or sorted((ROOT / "bench" / "devset").glob("*.txt"))
    clean_texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in paths]
    real = garble.syllables()

    print(f"Held-out: {len(clean_texts)} texts, {sum(len(words(t)) for t in clean_texts)} tokens, "
          f"seeds 0..{args.seeds - 1}, garble.py defaults")
    for th in THRESHOLDS:
        total = before = after = realword = realfixed = 0
        misses: dict[tuple[str, str, str], int] = {}
        for seed in range(args.seeds):
            for i, clean in enumerate(clean_texts):
                damaged = garble.garble(clean, seed=seed * 100 + i)
                fixed = repair(norm, damaged, th)
                cw, dw, fw = words(clean), words(damaged), words(fixed)
                assert len(cw) == len(dw) == len(fw), "token boundaries changed"
                for c, d, f in zip(cw, dw, fw):
                    total += 1
                    before += d != c
                    after += f != c
                    if d != c and d.lower() in real:
                        realword += 1
                        realfixed += f == c
                    if f != c:
                        misses[(c, d, f)] = misses.get((c, d, f), 0) + 1
        damage_tokens = damage = 0
        for clean in clean_texts:
            cw, fw = words(clean), words(repair(norm, clean, th))
            damage_tokens += len(cw)
            damage += sum(c != f for c, f in zip(cw, fw))
        print(f"\nconfidence >= {th}:")
        print(f"  token error rate   {100 * before / total:6.2f} % -> {100 * after / total:5.2f} %"
              f"   reduction {100 * (1 - after / before):5.1f} %")
        print(f"  clean-text damage  {100 * damage / damage_tokens:6.2f} % ({damage} of {damage_tokens} tokens)")
        print(f"  real-word garbles  {realfixed}/{realword} restored = {100 * realfixed / max(realword, 1):5.1f} %")
        if args.show and th == 0.0:
            for (c, d, f), k in sorted(misses.items(), key=lambda kv: -kv[1])[:60]:
                print(f"    {k:3d}  {c!r:>14} garbled {d!r:>12} repaired {f!r}")

    before = after = 0
    for seed in range(args.seeds):
        for i, clean in enumerate(clean_texts):
            noisy = good_ocr(clean, seed * 100 + i)
            before += Levenshtein.distance(clean, noisy)
            after += Levenshtein.distance(clean, repair(norm, noisy, 0.5))
    print("\nGood-OCR text (wrong tones, split and merged words), confidence >= 0.5:")
    print(f"  character edit distance to the clean text {before} -> {after}"
          f" ({'not worse' if after <= before else 'WORSE'})")

    seed_text = (SHARED / "seeds" / "khoi-thi-dua-2022-ocr.txt").read_text(encoding="utf-8")
    fixed = repair(norm, seed_text, 0.5)
    print("\nSeed article (confidence >= 0.5):")
    ok = 0
    for label, check in SEED_CHECKS:
        passed = check(fixed)
        ok += passed
        print(f"  [{'x' if passed else ' '}] {label}")
    print(f"  {ok}/{len(SEED_CHECKS)} checks pass")

    # A ~50,000-token report: the held-out texts garbled with a fresh seed per copy, and the seed article.
    parts, n_words, k = [seed_text], len(words(seed_text)), 0
    while n_words < 50_000:
        text = garble.garble(clean_texts[k % len(clean_texts)], seed=1000 + k)
        parts.append(text)
        n_words += len(words(text))
        k += 1
    big = "\n".join(parts)
    fresh = OcrRepairNormalizer(data_dir=args.data)  # model loaded, per-word caches empty
    wall, cpu = time.perf_counter(), time.process_time()
    edits = fresh.propose(big)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\nSpeed: {n_words} tokens in {cpu:.2f} s CPU ({wall:.2f} s wall), {len(edits)} edits, one thread")


if __name__ == "__main__":
    main()
