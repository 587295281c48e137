#!/usr/bin/env python3
"""`docgen clean` of 100 pages against underthesea's `text_normalize` over the same text, each
timed as a whole process (interpreter start, imports, model load, work, output), median of N.

The text is bench/devset garbled with ../shared/noise/garble.py (defaults), repeated to ~500
words a page. Target (issue 13): docgen within 1.5x of underthesea. Prints both and the ratio.
Usage: .venv/bin/python bench/clean_vs_underthesea.py [--pages 100] [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared")
sys.path.insert(0, str(SHARED / "noise"))

UTS = ("import sys\nfrom underthesea import text_normalize\n"
       "text = open(sys.argv[1], encoding='utf-8').read()\n"
       "out = '\\n'.join(text_normalize(line) for line in text.splitlines())\n"
       "open(sys.argv[2], 'w', encoding='utf-8').write(out)\n")


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    try:
        import garble
    except ImportError:
        garble = None
    clean = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench" / "devset").glob("dev-*.txt"))]
    parts, words, k = [], 0, 0
    while words < args.pages * 500:
        text = clean[k % len(clean)]
        text = garble.garble(text, seed=1000 + k) if garble else text
        parts.append(text)
        words += len(text.split())
        k += 1
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "report.txt"
        src.write_text("\n".join(parts), encoding="utf-8")
        docgen = Path(sys.executable).with_name("docgen")
        dg = timed([str(docgen), "clean", str(src), "-o", str(Path(d) / "out.txt")], args.runs)
        ut = timed([sys.executable, "-c", UTS, str(src), str(Path(d) / "uts.txt")], args.runs)
    print(f"{args.pages} pages, {words} words, median of {args.runs} whole processes:")
    print(f"  docgen clean                 {dg:6.2f} s")
    print(f"  underthesea text_normalize   {ut:6.2f} s")
    print(f"  ratio {dg / ut:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
