#!/usr/bin/env python3
"""Measure legacy-encoding detection and conversion (docgen.normalize.legacy).

Vietnamese sentences come from the VLSP 2013 test output that ships with underthesea
(news and legal prose, never used to build the converter) and from bench/devset/; English
prose from the docstrings of the Python standard library. Prints:

* per-sentence detection, each sentence alone: share found with the right encoding at
  confidence >= 0.8, share given a wrong encoding;
* document conversion: share of lines restored exactly when a whole document is encoded
  in TCVN3 / VNI / VIQR and converted back with automatic detection (for VIQR also with
  the full stops after a vowel left unescaped, as most writers typed them);
* mixed documents (every other line Unicode): Unicode lines touched, legacy lines missed;
* false alarms: Unicode sentences and English paragraphs given any encoding;
* speed of detection + conversion in characters per second.

TCVN3 has no code for a capital with a mark (Ố) outside the "H" fonts: a line all in capitals
is encoded as for an H font; elsewhere those capitals are lower-cased in the reference, as a
clerk typing in .VnTime would have had them.
Usage: .venv/bin/python bench/legacy_eval.py [--limit 3000]
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.errors import DocgenError  # noqa: E402
from docgen.normalize import legacy  # noqa: E402
from docgen.normalize.base import apply_edits  # noqa: E402

VLSP = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
OWN_CAPITALS = set("ĂÂÊÔƠƯĐ")


def vietnamese_sentences(limit: int) -> list[str]:
    import underthesea
    path = Path(underthesea.__file__).parent.parent / VLSP
    sentences, words = [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            words.append(line.split("\t")[0])
            continue
        if len(words) >= 4:
            s = " ".join(words)
            for p in (" ,", " .", " ;", " :", " )", " ?", " !"):
                s = s.replace(p, p[1:])
            sentences.append(s.replace("( ", "("))
        words = []
    for f in sorted((ROOT / "bench" / "devset").glob("*.txt")):
        sentences += [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if len(ln.split()) >= 4]
    return [s for s in sentences if representable(s)][:limit]


def representable(text: str) -> bool:
    """Drop the few sentences with symbols no legacy code page has ("⅔")."""
    try:
        for enc in ("tcvn3", "vni"):
            encode(text, enc)
    except DocgenError:
        return False
    return True


def english_paragraphs() -> list[str]:
    out = []
    for name in ("os", "re", "json", "argparse", "collections", "pathlib", "subprocess", "logging",
                 "email.message", "http.client", "unittest", "zipfile", "csv", "string", "textwrap"):
        mod = importlib.import_module(name)
        for _n, obj in inspect.getmembers(mod):
            doc = inspect.getdoc(obj) if callable(obj) else None
            if doc and len(doc.split()) >= 8:
                out += [p.replace("\n", " ") for p in doc.split("\n\n") if len(p.split()) >= 8]
    return sorted(set(out))


def tcvn3_reference(text: str) -> str:
    return "".join(c.lower() if c.isupper() and not c.isascii() and c not in OWN_CAPITALS else c for c in text)


def encode(text: str, enc: str) -> tuple[str, str]:
    """(legacy text, the Unicode it should convert back to). A TCVN3 line in capitals is
    typed in an "H" font, which a text file cannot tell apart from the lower-case codes."""
    if enc == "tcvn3" and text == text.upper():
        return legacy.from_unicode(text, enc, upper=True), text
    ref = tcvn3_reference(text) if enc == "tcvn3" else text
    return legacy.from_unicode(ref, enc), ref


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:6.2f}% ({n}/{d})" if d else "   n/a"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=3000)
    args = ap.parse_args()
    sents = vietnamese_sentences(args.limit)
    english = english_paragraphs()
    print(f"{len(sents)} Vietnamese sentences, {len(english)} English paragraphs\n")

    for enc in legacy.ENCODINGS:
        pairs = [encode(s, enc) for s in sents]
        right = wrong = 0
        for code, _ref in pairs:
            found, conf = legacy.detect(code)
            right += found == enc and conf >= legacy.DEFAULT_MIN_CONFIDENCE
            wrong += found not in (None, enc)
        doc = "\n".join(c for c, _ in pairs)
        out = legacy.convert_text(doc, "unicode").text.split("\n")
        exact = sum(o == r for o, (_c, r) in zip(out, pairs))
        mixed_lines = [s if i % 2 == 0 else pairs[i][0] for i, s in enumerate(sents)]
        mixed = "\n".join(mixed_lines)
        edits = legacy.LegacyNormalizer().propose(mixed)
        fixed = apply_edits(mixed, edits).split("\n")
        touched = sum(fixed[i] != sents[i] for i in range(0, len(sents), 2))
        missed = sum(fixed[i] != pairs[i][1] for i in range(1, len(sents), 2))
        print(f"{legacy.NAMES[enc]:12}  sentence detected {pct(right, len(pairs))}  wrong encoding "
              f"{pct(wrong, len(pairs))}")
        print(f"{'':12}  document lines restored exactly {pct(exact, len(pairs))}")
        if enc == "viqr":  # most writers never escaped a full stop after a vowel ("qua\\.")
            loose = legacy.convert_text(doc.replace("\\.", "."), "unicode").text.split("\n")
            exact = sum(o == r for o, (_c, r) in zip(loose, pairs))
            print(f"{'':12}  ... with unescaped full stops {pct(exact, len(pairs))}")
        print(f"{'':12}  mixed document: Unicode lines touched {pct(touched, (len(sents) + 1) // 2)}, "
              f"legacy lines not restored {pct(missed, len(sents) // 2)}")

    fa_vi = sum(legacy.detect(s)[0] is not None for s in sents)
    fa_en = sum(legacy.detect(p)[0] is not None for p in english)
    print(f"\nfalse alarms: Unicode sentences {pct(fa_vi, len(sents))}, English paragraphs {pct(fa_en, len(english))}")
    fa_doc = legacy.LegacyNormalizer().propose("\n".join(sents)) + legacy.LegacyNormalizer().propose("\n".join(english))
    print(f"false edits on the whole Unicode and English documents: {len(fa_doc)}")

    doc = "\n".join(encode(s, "tcvn3")[0] for s in sents)
    t0 = time.perf_counter()
    legacy.convert_text(doc, "unicode")
    dt = time.perf_counter() - t0
    print(f"speed (TCVN3 document, detect + convert): {len(doc) / dt:,.0f} characters/s over {len(doc):,} characters")


if __name__ == "__main__":
    main()
