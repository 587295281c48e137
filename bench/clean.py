#!/usr/bin/env python3
"""Cleaning speed: tokens per second for TXT and for a 100-page DOCX, on one core.

    python bench/clean.py [--pages 100]

The text is the held-out dev set (bench/devset/*.txt), garbled with ../shared/noise/garble.py
at its default parameters (clean text is used where that file is absent), repeated until it
fills the requested number of pages (~500 words a page). The DOCX has the same paragraphs,
Times New Roman 14, with one bold run in every third paragraph so edits cross run boundaries.
Target (issue): a 100-page report cleaned in under 2 s on one core. The last line is
`RESULT txt_tokens_per_s=… docx_tokens_per_s=… docx_pages=… docx_seconds=…`.
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.clean import CleanOptions, clean_docx, clean_text  # noqa: E402

WORDS_PER_PAGE = 500
TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def _garble():
    path = ROOT.parent / "shared" / "noise" / "garble.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("garble", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.garble


def paragraphs(pages: int) -> list[str]:
    source = [p.strip() for f in sorted((ROOT / "bench" / "devset").glob("*.txt"))
              for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    garble = _garble()
    out, words, seed = [], 0, 0
    while words < pages * WORDS_PER_PAGE:
        for p in source:
            q = garble(p, seed=seed) if garble else p
            out.append(q)
            words += len(q.split())
            if words >= pages * WORDS_PER_PAGE:
                break
        seed += 1
    return out


def make_docx(paras: list[str]) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for i, p in enumerate(paras):
        para = doc.add_paragraph()
        if i % 3 == 0 and " " in p:
            head, tail = p.split(" ", 1)
            para.add_run(head + " ").bold = True
            para.add_run(tail)
        else:
            para.add_run(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args()
    paras = paragraphs(args.pages)
    text = "\n".join(paras)
    tokens = len(TOKEN_RE.findall(text))
    opts = CleanOptions()
    clean_text("Khi thi đua tổ chức hội nghị.", opts)  # load the model once, outside the timing

    t0 = time.perf_counter()
    res = clean_text(text, opts)
    t_txt = time.perf_counter() - t0
    print(f"TXT : {tokens:,} tokens, {len(paras):,} paragraphs in {t_txt:.2f} s = {tokens / t_txt:,.0f} tokens/s; "
          f"{len(res.applied):,} edits applied, {len(res.suggestions):,} suggestions")

    data = make_docx(paras)
    t0 = time.perf_counter()
    res = clean_docx(data, opts)
    t_docx = time.perf_counter() - t0
    print(f"DOCX: {args.pages} pages ({tokens:,} tokens) in {t_docx:.2f} s = {tokens / t_docx:,.0f} tokens/s "
          f"(target: 100 pages < 2 s); {len(res.applied):,} edits applied")
    opts_tc = CleanOptions(track_changes=True, date="2024-01-01")
    t0 = time.perf_counter()
    clean_docx(data, opts_tc)
    t_tc = time.perf_counter() - t0
    print(f"DOCX with --track-changes: {t_tc:.2f} s")
    print(f"RESULT txt_tokens_per_s={tokens / t_txt:.0f} docx_tokens_per_s={tokens / t_docx:.0f} "
          f"docx_pages={args.pages} docx_seconds={t_docx:.2f} track_changes_seconds={t_tc:.2f}")


if __name__ == "__main__":
    main()
