#!/usr/bin/env python3
"""Measure OCR repair on text nobody on the team wrote, per damage channel (measurement only).

Reads ../shared/realtext at run time (never copied into the project, never tuned on):

* ``garble``  texts/*.txt damaged with ../shared/noise/garble.py (defaults, seeds 0..N-1);
* ``clean``   texts/*.txt as published: every token the repair changes is damage;
* ``tofu``    ocr/tofu-vie: real Tesseract 5 output of pages in a font without Vietnamese glyphs;
* ``ocr-ok``  ocr/clean-vie: real Tesseract 5 output of pages in a font with full coverage;
* ``pairs``   pairs/*.jsonl: real human misspellings (precision only: clean sentences changed);
* ``own``     tesseract outputs of our own renders (bench/ocrset/, built by scripts/build_channel.py),
              when present: per channel (tofu, clean, scan);
* ``scan``    (opt-in: ``--only scan`` or ``--scan``) the texts of ocr/TEXTS rendered to page images,
              degraded like a photocopy or scan exactly as scripts/build_channel.py degrades ours
              (its code: skew, blur, lower resolution, speckles, JPEG), read with ``tesseract -l vie``;
              the first ``--scan-pages`` pages of each text. Tesseract's output is cached OUTSIDE the
              repository (``$XDG_CACHE_HOME/docgen-bench/realtext-scan``, or ``--scan-cache DIR``),
              keyed by the text, the pages, the seed and Tesseract's version: a first run takes
              about ten seconds a page, later runs none.

For texts whose tokens line up (garble) errors are counted token by token; for OCR output the
token sequences are aligned (Levenshtein over tokens): "removed" is 1 - errors after / errors before.
Usage: .venv/bin/python bench/realtext_eval.py [--seeds 1] [--threshold 0.8] [--only garble,tofu] [--scan]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import tempfile
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared")
REAL = SHARED / "realtext"
# --code DIR: measure the docgen of another tree (e.g. the release: git archive 3861c1b docgen | tar -x -C DIR)
_CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv else str(ROOT)
sys.path.insert(0, _CODE)
sys.path.insert(0, str(SHARED / "noise"))

import garble  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from docgen.normalize import ocr as _ocr  # noqa: E402
from docgen.normalize.base import apply_edits  # noqa: E402

_RELEASE_NORM: list = []


def repair_text(text: str, channel: str | None = None, threshold: float = 0.8) -> str:
    if hasattr(_ocr, "repair_text"):
        return _ocr.repair_text(text, channel=channel, threshold=threshold)
    if not _RELEASE_NORM:  # a release before repair_text: its normalizer
        _RELEASE_NORM.append(_ocr.OcrRepairNormalizer())
    return apply_edits(text, [e for e in _RELEASE_NORM[0].propose(text) if e.confidence >= threshold])

TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(unicodedata.normalize("NFC", text))


def fix(text: str, threshold: float, channel: str | None = None) -> str:
    return repair_text(text, channel=channel, threshold=threshold)


def aligned_errors(truth: list[str], text: list[str]) -> int:
    return Levenshtein.distance(truth, text)


def changed_tokens(before: str, after: str) -> tuple[int, int]:
    """(tokens of ``before`` that the repair changed, tokens) — alignment-based."""
    a, b = tokens(before), tokens(after)
    return aligned_errors(a, b), len(a)


def run_garble(texts: dict[str, str], seeds: int, th: float) -> None:
    total = before = after = 0
    for seed in range(seeds):
        for i, (_name, clean) in enumerate(sorted(texts.items())):
            damaged = garble.garble(clean, seed=seed * 100 + i)
            fixed = fix(damaged, th)
            cw, dw, fw = tokens(clean), tokens(damaged), tokens(fixed)
            if len(cw) == len(dw) == len(fw):
                total += len(cw)
                before += sum(c != d for c, d in zip(cw, dw))
                after += sum(c != f for c, f in zip(cw, fw))
            else:
                total += len(cw)
                before += aligned_errors(cw, dw)
                after += aligned_errors(cw, fw)
    print(f"  garble.py damage      {len(texts)} texts x {seeds} seeds, {total} tokens: errors "
          f"{100 * before / total:5.2f} % -> {100 * after / total:5.2f} %   removed {1 - after / before:6.3f}")


def run_clean(texts: dict[str, str], th: float) -> None:
    changed = n = 0
    examples: dict[tuple[str, str], int] = {}
    for clean in texts.values():
        fixed = fix(clean, th)
        c, t = changed_tokens(clean, fixed)
        changed += c
        n += t
        cw, fw = tokens(clean), tokens(fixed)
        if len(cw) == len(fw):
            for a, b in zip(cw, fw):
                if a != b:
                    examples[(a, b)] = examples.get((a, b), 0) + 1
    top = ", ".join(f"{a}→{b}×{k}" for (a, b), k in sorted(examples.items(), key=lambda kv: -kv[1])[:8])
    print(f"  clean text            {n} tokens: correct tokens changed {changed} = {100 * changed / n:5.3f} %"
          + (f"   ({top})" if top else ""))


def run_ocr(label: str, folder: Path, truths: dict[str, str], th: float, channel: str | None = None) -> None:
    before = after = n = 0
    for path in sorted(folder.glob("*.txt")):
        truth = truths.get(path.stem)
        if truth is None:
            continue
        ocr = path.read_text(encoding="utf-8")
        tw, ow = tokens(truth), tokens(ocr)
        fw = tokens(fix(ocr, th, channel))
        n += len(tw)
        before += aligned_errors(tw, ow)
        after += aligned_errors(tw, fw)
    if not n:
        return
    print(f"  {label:<20}  {n} tokens: errors {100 * before / n:5.2f} % -> {100 * after / n:5.2f} %"
          f"   removed {1 - after / max(before, 1):6.3f}")


def scan_cache_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "docgen-bench" / "realtext-scan"


def scan_ocr(texts: dict[str, str], names: list[str], pages: int, cache: Path) -> dict[str, tuple[str, str]]:
    """{name: (truth of the pages read, Tesseract's text of them)} for the scan-degraded renders of
    the named texts, read once and then from ``cache`` (never inside the repository)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_channel  # the renderer and the degradation our own channel is learnt from
    except ImportError as exc:  # Pillow comes with the build extra
        sys.exit(f"--scan renders pages with scripts/build_channel.py, which needs the build extra "
                 f"(pip install -e '.[build]'): {exc}")

    if cache.resolve().is_relative_to(ROOT.resolve()):
        sys.exit(f"the scan cache {cache} is inside the repository: give --scan-cache outside it")
    version = subprocess.run(["tesseract", "--version"], check=True, capture_output=True, text=True).stdout.split("\n")[0]
    out: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory() as d:
        for k, name in enumerate(names):
            text = texts[name]
            seed = 90_000 + k
            key = hashlib.sha256(f"{text}\0{pages}\0{seed}\0{version}\0scan".encode()).hexdigest()[:16]
            keep = cache / f"{name}-{key}.txt"
            out[name] = build_channel.ocr_text(text, "scan", seed=seed, tmp=Path(d), limit=pages, keep=keep)
    return out


def run_scan(texts: dict[str, str], names: list[str], pages: int, cache: Path, th: float) -> None:
    before = after = n = 0
    for _name, (truth, ocr) in sorted(scan_ocr(texts, names, pages, cache).items()):
        tw, ow, fw = tokens(truth), tokens(ocr), tokens(fix(ocr, th))
        n += len(tw)
        before += aligned_errors(tw, ow)
        after += aligned_errors(tw, fw)
    if n:
        print(f"  {'Tesseract, scan':<20}  {len(names)} texts x {pages} pages, {n} tokens: errors "
              f"{100 * before / n:5.2f} % -> {100 * after / n:5.2f} %   removed {1 - after / max(before, 1):6.3f}")


def run_pairs(path: Path, th: float, limit: int) -> None:
    changed = n = fixed_ok = mistakes = 0
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    for row in rows:
        c, t = changed_tokens(row["clean"], fix(row["clean"], th))
        changed += c
        n += t
        nw, cw, fw = tokens(row["noisy"]), tokens(row["clean"]), tokens(fix(row["noisy"], th))
        if len(nw) == len(cw) == len(fw):
            for a, b, f in zip(nw, cw, fw):
                if a != b:
                    mistakes += 1
                    fixed_ok += f == b
    print(f"  human misspellings    {len(rows)} sentences, {n} tokens: correct tokens changed {changed} = "
          f"{100 * changed / max(n, 1):5.3f} %; misspellings fixed {fixed_ok}/{mistakes}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--only", default="garble,clean,tofu,ocr-ok,pairs,own")
    ap.add_argument("--pairs", type=int, default=400, help="sentence pairs read (bounded run time)")
    ap.add_argument("--code", help="the tree whose docgen is measured (default: this one)")
    ap.add_argument("--scan", action="store_true", help="add the scan-degraded renders of realtext (opt-in)")
    ap.add_argument("--scan-pages", type=int, default=6, help="pages rendered per text for --scan")
    ap.add_argument("--scan-cache", help="where Tesseract's text of those pages is kept (outside the repo)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    if args.scan:
        only.add("scan")
    if not REAL.is_dir():
        sys.exit(f"no {REAL}: nothing to measure")
    texts = {p.stem: unicodedata.normalize("NFC", p.read_text(encoding="utf-8"))
             for p in sorted((REAL / "texts").glob("*.txt"))}
    t0 = time.perf_counter()
    print(f"realtext, confidence >= {args.threshold}:")
    if "garble" in only:
        run_garble(texts, args.seeds, args.threshold)
    if "clean" in only:
        run_clean(texts, args.threshold)
    if "tofu" in only:
        run_ocr("Tesseract, no glyphs", REAL / "ocr" / "tofu-vie", texts, args.threshold)
    if "ocr-ok" in only:
        run_ocr("Tesseract, clean page", REAL / "ocr" / "clean-vie", texts, args.threshold)
    if "scan" in only:
        names = [n for n in (REAL / "ocr" / "TEXTS").read_text(encoding="utf-8").split() if n in texts]
        run_scan(texts, names, args.scan_pages, scan_cache_dir(args.scan_cache), args.threshold)
    if "pairs" in only:
        for path in sorted((REAL / "pairs").glob("*.jsonl")):
            run_pairs(path, args.threshold, args.pairs)
    own = ROOT / "bench" / "ocrset"
    if "own" in only and own.is_dir():
        truths = {p.stem: p.read_text(encoding="utf-8") for p in sorted((own / "truth").glob("*.txt"))}
        print("own renders (texts not used to learn the channel):")
        for sub in sorted(p for p in own.iterdir() if p.is_dir() and p.name != "truth"):
            run_ocr(f"Tesseract, {sub.name}", sub, truths, args.threshold)
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
