#!/usr/bin/env python3
"""Render the same Giấy mời with docgen and with docxtpl, interleaved in one run, and compare.

    python bench/render.py [-n 200] [--peer-n 20] [--rounds 7]

Both engines get the same template file (templates_docx/giay-moi.docx: docxtpl understands its
{%p %} tags), the same context and the same filters; both produce the DOCX bytes in memory.
docgen compiles the template once and deflates only the parts that change; docxtpl re-reads,
re-parses and re-serialises the whole package for each document.

The machine is shared, so the two engines run in alternating rounds (a batch of ``-n``
docgen documents, then a batch of ``--peer-n`` docxtpl documents, ``--rounds`` times): each
engine's figure is its best round, and the ratio of each round's pair (taken seconds apart,
under the same load) is reported as a range and a median. The last line is
`RESULT docgen_docs_per_s=… docxtpl_docs_per_s=… ratio=… ratio_median=… ratio_min=…`
(``ratio`` is best against best).
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.batch import paragraph_texts  # noqa: E402
from docgen.io.loaders import load_record  # noqa: E402
from docgen.produce import context, template_path  # noqa: E402
from docgen.render.engine import DocxTemplate, environment  # noqa: E402


def batch(fn: Callable[[], bytes], n: int) -> float:
    """Documents per second over ``n`` renders."""
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200, help="docgen documents per round")
    ap.add_argument("--peer-n", type=int, default=20, help="docxtpl documents per round")
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    record = load_record(ROOT / "fixtures" / "khoi-thi-dua-2022.yaml")
    ctx = context(record, "giay-moi")
    path = template_path("giay-moi")

    try:
        from docxtpl import DocxTemplate as PeerTemplate
    except ImportError:
        print("docxtpl is not installed: pip install -e '.[bench]'")
        sys.exit(1)
    env = environment()
    peer_env = type(env)(autoescape=True)
    peer_env.filters.update(env.filters)

    compiled = DocxTemplate(path)

    def ours() -> bytes:
        return compiled.render(ctx)

    def peer() -> bytes:
        tpl = PeerTemplate(str(path))
        tpl.render(ctx, peer_env, autoescape=True)
        buf = io.BytesIO()
        tpl.save(buf)
        return buf.getvalue()

    same = paragraph_texts(ours()) == paragraph_texts(peer())  # also the warm-up of both
    a_rates: list[float] = []
    b_rates: list[float] = []
    for i in range(args.rounds):
        a = batch(ours, args.n)
        b = batch(peer, args.peer_n)
        a_rates.append(a)
        b_rates.append(b)
        print(f"round {i + 1}: docgen {a:,.1f} docs/s ({1000 / a:.2f} ms/doc), "
              f"docxtpl {b:,.1f} docs/s ({1000 / b:.1f} ms/doc), ratio {a / b:.1f}")
    ratios = [a / b for a, b in zip(a_rates, b_rates)]
    best_a, best_b = max(a_rates), max(b_rates)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"docgen  best {best_a:,.1f} docs/s ({1000 / best_a:.2f} ms/doc) over {args.rounds} rounds of {args.n}")
    print(f"docxtpl best {best_b:,.1f} docs/s ({1000 / best_b:.1f} ms/doc) over {args.rounds} rounds of {args.peer_n}")
    print(f"ratio per round {min(ratios):.1f}–{max(ratios):.1f}, median {statistics.median(ratios):.1f}; "
          f"best against best {best_a / best_b:.1f}; load average {load}")
    print(f"same text in both outputs: {'yes' if same else 'NO'}")
    print(f"RESULT docgen_docs_per_s={best_a:.1f} docxtpl_docs_per_s={best_b:.1f} ratio={best_a / best_b:.1f} "
          f"ratio_median={statistics.median(ratios):.1f} ratio_min={min(ratios):.1f}")


if __name__ == "__main__":
    main()
