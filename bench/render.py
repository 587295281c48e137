#!/usr/bin/env python3
"""Render the same Giấy mời N times with docgen and with docxtpl, in one run, and compare.

    python bench/render.py [-n 200]

Both engines get the same template file (templates_docx/giay-moi.docx: docxtpl understands its
{%p %} tags), the same context and the same filters; both produce the DOCX bytes in memory.
docgen compiles the template once and deflates only the parts that change; docxtpl re-reads,
re-parses and re-serialises the whole package for each document. The last line is
`RESULT docgen_docs_per_s=… docxtpl_docs_per_s=… ratio=…`.
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.batch import paragraph_texts  # noqa: E402
from docgen.io.loaders import load_record  # noqa: E402
from docgen.produce import context, template_path  # noqa: E402
from docgen.render.engine import DocxTemplate, environment  # noqa: E402


def bench(label: str, fn, n: int) -> float:
    fn()  # warm-up (and compile, for docgen)
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    dt = time.perf_counter() - t0
    rate = n / dt
    print(f"{label:8s} {n} documents in {dt:.3f} s = {rate:,.1f} docs/s ({1000 * dt / n:.2f} ms/doc)")
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200)
    args = ap.parse_args()
    record = load_record(ROOT / "fixtures" / "khoi-thi-dua-2022.yaml")
    ctx = context(record, "giay-moi")
    path = template_path("giay-moi")

    compiled = DocxTemplate(path)
    ours = bench("docgen", lambda: compiled.render(ctx), args.n)

    try:
        from docxtpl import DocxTemplate as PeerTemplate
    except ImportError:
        print("docxtpl is not installed: pip install -e '.[bench]'")
        sys.exit(1)
    env = environment()
    peer_env = type(env)(autoescape=True)
    peer_env.filters.update(env.filters)

    def peer() -> bytes:
        tpl = PeerTemplate(str(path))
        tpl.render(ctx, peer_env, autoescape=True)
        buf = io.BytesIO()
        tpl.save(buf)
        return buf.getvalue()

    theirs = bench("docxtpl", peer, args.n)
    same = paragraph_texts(compiled.render(ctx)) == paragraph_texts(peer())
    print(f"same text in both outputs: {'yes' if same else 'NO'}")
    print(f"RESULT docgen_docs_per_s={ours:.1f} docxtpl_docs_per_s={theirs:.1f} ratio={ours / theirs:.1f}")


if __name__ == "__main__":
    main()
