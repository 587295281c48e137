#!/usr/bin/env python3
"""Page images of the fixture's four documents for the README (docs/screenshots/van-ban-*.png).

    python scripts/document_screenshots.py [--dpi 50]

Renders fixtures/khoi-thi-dua-2022.yaml, exports PDF/A with LibreOffice (docgen.io.pdf) and
turns every page into a PNG with poppler's pdftoppm: van-ban-<kind>-<page>.png.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.io.loaders import load_record  # noqa: E402
from docgen.io.pdf import to_pdf  # noqa: E402
from docgen.produce import render_record  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dpi", type=int, default=50)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed")
    record = load_record(ROOT / "fixtures" / "khoi-thi-dua-2022.yaml")
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("van-ban-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        docs = render_record(record)
        paths = []
        for d in docs:
            p = Path(tmp, d.filename)
            p.write_bytes(d.data)
            paths.append(p)
        for d, pdf in zip(docs, to_pdf(paths, Path(tmp))):
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(args.out / f"van-ban-{d.kind}")],
                           check=True, timeout=120)
    for png in sorted(args.out.glob("van-ban-*.png")):
        # pdftoppm numbers pages -1 or -01 by the page count; keep -1, -2 …
        name = png.name.replace("-0", "-") if png.stem.rsplit("-", 1)[-1].startswith("0") else png.name
        if name != png.name:
            png.rename(png.with_name(name))
        print(png.with_name(name).relative_to(ROOT))


if __name__ == "__main__":
    main()
