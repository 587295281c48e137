#!/usr/bin/env python3
"""`docgen clean` of 100 pages against underthesea's `text_normalize` over the same text, each
timed as a whole process (interpreter start, imports, model load, work, output), median of N
runs interleaved, in wall time and in CPU time (user + system: steadier on a shared machine).

The text is bench/devset garbled with ../shared/noise/garble.py (defaults), repeated to ~500
words a page. Target (issue 13): docgen within 1.5x of underthesea. Prints both and the ratio.

Both run as a clerk's install runs them: the children are started without
PYTHONDONTWRITEBYTECODE (which this team's shell sets) and both packages' bytecode is compiled
before anything is timed, so that neither compiles its modules from source at each start;
docgen's user cache is a folder of the run's own, filled by an untimed first run.
Usage: .venv/bin/python bench/clean_vs_underthesea.py [--pages 100] [--runs 3] [--phases] [--stages]
"""
from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import resource
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


# --phases: where each whole process spends its CPU (one extra child each, after the timed runs)
DG_PHASES = ("import sys, time\nt0 = time.process_time()\nfrom docgen.clean import clean_text\n"
             "from docgen.normalize.ocr_model import load_model\nt1 = time.process_time()\nload_model()\n"
             "t2 = time.process_time()\nclean_text(open(sys.argv[1], encoding='utf-8').read())\n"
             "t3 = time.process_time()\nprint(t0, t1 - t0, t2 - t1, t3 - t2)\n")
UT_PHASES = ("import sys, time\nt0 = time.process_time()\nfrom underthesea import text_normalize\n"
             "t1 = time.process_time()\ntext = open(sys.argv[1], encoding='utf-8').read()\n"
             "out = '\\n'.join(text_normalize(line) for line in text.splitlines())\n"
             "t2 = time.process_time()\nprint(t0, t1 - t0, t2 - t1)\n")

# --stages: clean_text's time by normalizer, and the OCR repair's by part, in one more docgen child;
# each part is timed around its calls (inclusive: a part's time holds what it calls), which adds
# to the total (on the 100 pages about 0.15 s: 1.70 s against --phases' 1.55 s)
DG_STAGES = """import sys, time
from docgen.clean import clean_text
from docgen.normalize import legacy, ocr, ocr_gate, spacing, unicode
from docgen.normalize.ocr_model import load_model
load_model()
clock, spent, calls = time.perf_counter, {}, {}
def timed(owner, name, label):
    f = getattr(owner, name)
    spent[label], calls[label] = 0.0, 0  # printed in this order
    def g(*a, **k):
        t = clock()
        try:
            return f(*a, **k)
        finally:
            spent[label] += clock() - t
            calls[label] += 1
    setattr(owner, name, g)
for cls in (legacy.LegacyNormalizer, unicode.UnicodeNormalizer, spacing.SpacingNormalizer, ocr.OcrRepairNormalizer):
    timed(cls, "propose", cls.__name__ + ".propose")
R = ocr.OcrRepairNormalizer
for name in ("_repair_sentence", "_readings", "_column", "_decode", "_posterior", "_canonical_case",
             "_protected", "_vouched", "_styled"):
    timed(R, name, "  ocr." + name)
timed(ocr_gate, "gate", "  ocr_gate.gate")
t = clock()
clean_text(open(sys.argv[1], encoding='utf-8').read())
total = clock() - t
spent["outside the normalizers"] = total - sum(v for k, v in spent.items() if k.endswith(".propose"))
calls["outside the normalizers"] = 1
spent["clean_text"], calls["clean_text"] = total, 1
for label, sec in spent.items():
    print(f"{label}\t{sec:.3f}\t{calls[label]}")
"""


def child(code: str, src: Path) -> str:
    """What a child running ``code`` on ``src`` prints."""
    return subprocess.run([sys.executable, "-c", code, str(src)], check=True, capture_output=True,
                          env=ENV, text=True).stdout


def phases(code: str, src: Path) -> list[float]:
    """The CPU seconds a child spends in each phase of ``code`` (interpreter start first)."""
    return [float(x) for x in child(code, src).split()]


# the children run with bytecode written and read, as installed packages do
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_bytecode() -> None:
    """Compile docgen's and underthesea's modules (and what they import) once, untimed."""
    for name in ("docgen", "underthesea"):
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--phases", action="store_true",
                    help="also print where each process spends its CPU (start, import, model, work)")
    ap.add_argument("--stages", action="store_true",
                    help="also print clean_text's time by normalizer and the OCR repair's by part")
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
        # docgen's user cache (the parsed model) in a folder of its own, filled by the untimed
        # first run: on a machine shared with other checkouts of docgen, whose models differ,
        # their runs would otherwise replace it between the timed runs
        ENV["DOCGEN_CACHE_DIR"] = str(Path(d) / "cache")
        src = Path(d) / "report.txt"
        src.write_text("\n".join(parts), encoding="utf-8")
        docgen = Path(sys.executable).with_name("docgen")
        dg_cmd = [str(docgen), "clean", str(src), "-o", str(Path(d) / "out.txt")]
        ut_cmd = [sys.executable, "-c", UTS, str(src), str(Path(d) / "uts.txt")]
        compile_bytecode()
        timed(dg_cmd)  # the first runs parse the model into the user's cache and write the
        timed(ut_cmd)  # bytecode of the standard library and other dependencies: not timed
        runs = [(timed(dg_cmd), timed(ut_cmd)) for _ in range(args.runs)]  # interleaved
        split = (phases(DG_PHASES, src), phases(UT_PHASES, src)) if args.phases else None
        stages = child(DG_STAGES, src) if args.stages else ""
    dg_wall, dg_cpu = (statistics.median(r[0][k] for r in runs) for k in (0, 1))
    ut_wall, ut_cpu = (statistics.median(r[1][k] for r in runs) for k in (0, 1))
    print(f"{args.pages} pages, {words} words, median of {args.runs} whole processes, interleaved "
          f"(load average {os.getloadavg()[0]:.1f}):")
    print(f"  docgen clean                 {dg_wall:6.2f} s wall  {dg_cpu:6.2f} s CPU")
    print(f"  underthesea text_normalize   {ut_wall:6.2f} s wall  {ut_cpu:6.2f} s CPU")
    print(f"  ratio {dg_wall / ut_wall:.2f} wall, {dg_cpu / ut_cpu:.2f} CPU (target <= 1.5)")
    if split:
        (d0, d_imp, d_model, d_work), (u0, u_imp, u_work) = split
        print(f"  CPU by phase, one more run each: docgen start {d0:.2f} s + import {d_imp:.2f} s + "
              f"model {d_model:.2f} s + clean_text {d_work:.2f} s; underthesea start {u0:.2f} s + "
              f"import {u_imp:.2f} s + text_normalize {u_work:.2f} s")
    if stages:
        print("  clean_text's time by stage, one more run (inclusive; the OCR parts indented, with their calls):")
        for line in stages.splitlines():
            label, sec, n = line.split("\t")
            if int(n):  # a stage not run on this text (the legacy one on Unicode text) is left out
                print(f"    {label:34} {float(sec):6.3f} s  {int(n):7,d} calls")


if __name__ == "__main__":
    main()
