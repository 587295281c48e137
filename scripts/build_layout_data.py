#!/usr/bin/env python3
"""Build the data the line breaker reads at run time (reviewable, rebuildable, byte for byte).

    python scripts/build_layout_data.py

* docgen/layout/data/widths.json — advance widths of the characters Vietnamese documents use,
  for the four faces of Times New Roman. Read with fontTools from Liberation Serif 2
  (fonts-liberation2 on Debian), whose advance widths are Times New Roman's by design (it is
  metric-compatible), so docgen never needs a system font at run time.
* docgen/vi/data/words.txt.gz — the multi-syllable words (2 to 4 syllables) of underthesea's
  Viet74K dictionary, lower case, one a line: the compounds a line break must not split.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
FACES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
         "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}


def charset() -> list[int]:
    """ASCII, Latin-1, Latin Extended-A, the Vietnamese letters of Extended-B and Extended
    Additional, combining tone marks and common punctuation."""
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | {0x1A0, 0x1A1, 0x1AF, 0x1B0}
    cps |= set(range(0x1EA0, 0x1EFA)) | set(range(0x300, 0x324))
    cps |= {0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2116}
    return sorted(cps)


def font_file(name: str) -> Path:
    for d in FONT_DIRS:
        if (d / name).exists():
            return d / name
    raise SystemExit(f"{name} not found in {', '.join(map(str, FONT_DIRS))}: apt-get install fonts-liberation2")


def build_widths() -> bytes:
    from fontTools.ttLib import TTFont

    cps = charset()
    out: dict = {"source": "Liberation Serif 2 (metric-compatible with Times New Roman)",
                 "chars": "".join(chr(c) for c in cps), "faces": {}}
    for face, name in FACES.items():
        font = TTFont(font_file(name), lazy=True)
        upm = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = []
        for c in cps:
            glyph = cmap.get(c)
            widths.append(hmtx[glyph][0] if glyph else -1)
        hhea = font["hhea"]
        out["faces"][face] = {"unitsPerEm": upm, "ascent": hhea.ascent, "descent": -hhea.descent,
                              "lineGap": hhea.lineGap, "widths": widths}
        font.close()
    return (json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def build_words() -> bytes:
    import underthesea

    src = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    words = set()
    for line in src.read_text(encoding="utf-8").splitlines():
        w = " ".join(unicodedata.normalize("NFC", line).lower().split())
        if 2 <= len(w.split()) <= 4 and all(ch.isalpha() or ch == " " for ch in w):
            words.add(w)
    text = "".join(w + "\n" for w in sorted(words))
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.parse_args()
    targets = {ROOT / "docgen" / "layout" / "data" / "widths.json": build_widths,
               ROOT / "docgen" / "vi" / "data" / "words.txt.gz": build_words}
    for path, build in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build())
        print(path.relative_to(ROOT), path.stat().st_size, "bytes")


if __name__ == "__main__":
    sys.exit(main())
