#!/usr/bin/env python3
"""What line breaking costs, and what a PDF costs.

    python bench/layout.py [-n 50] [--no-pdf]

1. Renders the fixture's four documents n times with line breaking on and off (templates
   compiled once, before timing) and prints the time per document and the difference: the
   cost of breaking, warm (the breaks of a text are cached per process, as when a batch renders
   the same header again) and cold (every cache of measured and broken text emptied before each
   record, as in the first record of a new process: each text is measured and broken afresh;
   the word list is loaded once per process, timed on its own). Wall time and CPU time (less
   disturbed on a shared machine), best of 7, interleaved; the load average is printed.
2. Exports the four DOCX to PDF/A through LibreOffice once (if installed) and prints seconds
   per document. The last line is `RESULT …`.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.io.loaders import load_record  # noqa: E402
from docgen.layout import breaking  # noqa: E402
from docgen import produce  # noqa: E402
from docgen.produce import render_record  # noqa: E402
from docgen.vi import words  # noqa: E402


def per_doc_ms(record, n: int, *, on: bool, cold: bool = False) -> tuple[float, float]:
    """(wall, CPU) milliseconds per document."""
    docs = 0
    wall = cpu = 0.0
    for _ in range(n):
        if cold:
            breaking.clear_caches()
            produce._COMPACT_CACHE.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        out = render_record(record, line_breaking=on)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        docs += len(out)
    return 1000 * wall / docs, 1000 * cpu / docs


def word_list_load_s() -> float:
    """Loading the word list and its look-up sets (once per process)."""
    words.dictionary.cache_clear()
    words._terms.cache_clear()
    words._long_by_first.cache_clear()
    t0 = time.perf_counter()
    words.dictionary()
    words._terms()
    words._long_by_first()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    record = load_record(ROOT / "fixtures" / "khoi-thi-dua-2022.yaml")
    t0 = time.perf_counter()
    render_record(record)  # compile the templates, load the word list and the width table
    print(f"first render (compile templates, load words and widths): {time.perf_counter() - t0:.3f} s")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print(f"word list loaded once per process: {min(word_list_load_s() for _ in range(3)):.3f} s")
    # interleaved, best of 7 each: the machine is shared, the least disturbed run counts
    runs: dict[str, list[tuple[float, float]]] = {"off": [], "warm": [], "cold": []}
    for _ in range(7):
        runs["off"].append(per_doc_ms(record, args.n, on=False))
        runs["warm"].append(per_doc_ms(record, args.n, on=True))
        runs["cold"].append(per_doc_ms(record, args.n, on=True, cold=True))
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in runs.items()}
    (off, off_cpu), (warm, warm_cpu), (cold, cold_cpu) = best["off"], best["warm"], best["cold"]
    print(f"render, breaking off:          {off:.2f} ms/doc wall, {off_cpu:.2f} ms/doc CPU")
    print(f"render, breaking on (warm):    {warm:.2f} ms/doc wall (+{warm - off:.3f}), "
          f"{warm_cpu:.2f} ms/doc CPU (+{warm_cpu - off_cpu:.3f})")
    print(f"render, breaking on (cold):    {cold:.2f} ms/doc wall (+{cold - off:.3f}), "
          f"{cold_cpu:.2f} ms/doc CPU (+{cold_cpu - off_cpu:.3f})")
    pdf_s = float("nan")
    if not args.no_pdf:
        from docgen.io.pdf import soffice, to_pdf
        if soffice() is None:
            print("LibreOffice not installed: no PDF figure")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                paths = []
                for d in render_record(record):
                    p = Path(tmp, d.filename)
                    p.write_bytes(d.data)
                    paths.append(p)
                t0 = time.perf_counter()
                to_pdf(paths, Path(tmp))
                pdf_s = (time.perf_counter() - t0) / len(paths)
            print(f"PDF/A export (LibreOffice, 4 documents in one run): {pdf_s:.2f} s/doc")
    print(f"RESULT breaking_warm_ms_per_doc={warm - off:.3f} breaking_cold_ms_per_doc={cold - off:.3f} "
          f"breaking_cold_cpu_ms_per_doc={cold_cpu - off_cpu:.3f} render_ms_per_doc={warm:.2f} "
          f"pdf_s_per_doc={pdf_s:.2f} load={load[0]:.2f}")


if __name__ == "__main__":
    main()
