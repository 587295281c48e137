#!/usr/bin/env python3
"""Learn the OCR channels from real Tesseract output of our own texts.

Renders texts written for docgen to page images (Pillow, 200 dpi A4), in three conditions:

* ``tofu``  Liberation Serif 1.07 (fonts-liberation), which lacks the Vietnamese glyphs of
            U+1EA0..U+1EF9 (ạ, ả, ấ, ...): the page shows a box where such a letter should be;
* ``clean`` Liberation Serif 2 (fonts-liberation2), full coverage;
* ``scan``  the clean page degraded like a photocopy or scan: a slight skew, blur, lower
            resolution, speckle noise and JPEG compression;

reads each page back with Tesseract 5 (``-l vie``), aligns the output with the truth token by
token and letter by letter, and counts:

* ``junk``  what Tesseract writes for a letter the font lacks ("", "l", "[l", "íI", "ĩ", ...);
* ``missing`` the letters the tofu font lacks (from the font itself);
* ``mark``  diacritic confusions of a letter on real glyphs ("ể" read "ế": the hỏi as sắc),
            from the clean and scan pages;
* ``pair``  whole-syllable confusions seen (truth syllable, OCR syllable, count).

Writes docgen/normalize/data/ocr_channel.tsv.gz (deterministic), and, for measuring on texts
the channel never saw, bench/ocrset/{truth,tofu,clean,scan}/ from bench/devset and bench/testset.
Texts for learning: corpus/*.txt (a bounded sample). Needs Pillow (the ``bench`` extra),
tesseract-ocr with the vie data, fonts-liberation and fonts-liberation2. Bounded: about
three minutes of Tesseract on one core.

Tesseract's text of every page is kept under bench/ocrset/ (train/ for the learning pages), so
the tables can be relearnt without OCR; delete that folder to read the pages again.

Usage: .venv/bin/python scripts/build_channel.py [--pages N] [--texts N] [--eval-only]
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docgen" / "normalize" / "data" / "ocr_channel.tsv.gz"
EVAL = ROOT / "bench" / "ocrset"
TRAIN = EVAL / "train"  # Tesseract's text of the training pages, kept: learning re-runs without OCR

FONTS = {
    "tofu": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "clean": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "scan": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
}
DPI = 200
PAGE_W, PAGE_H, MARGIN = 1654, 2339, 160
SIZE_PT = 13
# Words as the channel sees them: junk that Tesseract writes for a missing letter ("c[la", "tí]")
# stays inside the word (docgen.normalize.ocr_channels.JUNK_WORD_RE).
TOKEN = re.compile(r"(?:[^\W_]|[\[\]|{}!])*[^\W_](?:[^\W_]|[\[\]|{}!])*")
PROBE = "\ue000"  # a private-use code point: no font here has it, it renders as the font's box


def missing_letters(font: ImageFont.FreeTypeFont) -> set[str]:
    """The Vietnamese letters the font has no glyph for (drawn as the same box as PROBE)."""
    box = font.getmask(PROBE).getbbox(), bytes(font.getmask(PROBE))
    letters = set("ăâđêôơưĂÂĐÊÔƠƯ")
    for cp in range(0x1EA0, 0x1EFA):
        letters.add(chr(cp))
    for base in "aeiouyAEIOUY":
        for mark in "\u0300\u0301\u0303\u0309\u0323":
            letters.add(unicodedata.normalize("NFC", base + mark))
    return {c for c in letters if (font.getmask(c).getbbox(), bytes(font.getmask(c))) == box}


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines():
        words, cur = para.split(), ""
        if not words:
            lines.append("")
            continue
        for w in words:
            cand = f"{cur} {w}" if cur else w
            if font.getlength(cand) <= width or not cur:
                cur = cand
            else:
                lines.append(cur)
                cur = w
        lines.append(cur)
    return lines


def pages(text: str, font: ImageFont.FreeTypeFont) -> list[tuple[Image.Image, str]]:
    """Page images of the text and the text each page holds (its lines joined)."""
    size = font.size
    step = int(size * 1.35)
    per_page = (PAGE_H - 2 * MARGIN) // step
    lines = wrap(text, font, PAGE_W - 2 * MARGIN)
    out = []
    for k in range(0, len(lines), per_page):
        chunk = lines[k:k + per_page]
        img = Image.new("L", (PAGE_W, PAGE_H), 255)
        draw = ImageDraw.Draw(img)
        for j, line in enumerate(chunk):
            draw.text((MARGIN, MARGIN + j * step), line, font=font, fill=0)
        out.append((img, "\n".join(chunk)))
    return out


def degrade(img: Image.Image, rng: random.Random) -> Image.Image:
    """A photocopy/scan: skew, blur, lower resolution, speckles, JPEG."""
    img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BILINEAR, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.1)))
    scale = rng.uniform(0.55, 0.7)
    small = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.BILINEAR)
    px = small.load()
    for _ in range(small.width * small.height // 400):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        px[x, y] = rng.choice((0, 255, 128))
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=rng.randint(25, 45))
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def tesseract(img: Image.Image, tmp: Path) -> str:
    path = tmp / "page.png"
    img.save(path)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    res = subprocess.run(["tesseract", str(path), "stdout", "-l", "vie"], capture_output=True, env=env,
                         check=True, timeout=300)
    return unicodedata.normalize("NFC", res.stdout.decode("utf-8"))


def ocr_text(text: str, condition: str, seed: int, tmp: Path, limit: int | None = None,
             keep: Path | None = None) -> tuple[str, str]:
    """(truth of the pages read, Tesseract's text of them) for one text in one condition;
    ``keep``: a file where Tesseract's text is kept, and read back instead of running it again."""
    if keep is not None and keep.exists() and keep.with_suffix(".truth").exists():
        return keep.with_suffix(".truth").read_text(encoding="utf-8"), keep.read_text(encoding="utf-8")
    truth, read = _ocr_text(text, condition, seed, tmp, limit)
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.with_suffix(".truth").write_text(truth, encoding="utf-8")
        keep.write_text(read, encoding="utf-8")
    return truth, read


def _ocr_text(text: str, condition: str, seed: int, tmp: Path, limit: int | None) -> tuple[str, str]:
    font = ImageFont.truetype(FONTS[condition], int(SIZE_PT / 72 * DPI))
    rng = random.Random(seed)
    truth, read = [], []
    for img, page_text in pages(text, font)[:limit]:
        if condition == "scan":
            img = degrade(img, rng)
        truth.append(page_text)
        read.append(tesseract(img, tmp))
    return "\n".join(truth), "\n".join(read)


def char_pairs(truth: str, read: str) -> list[tuple[str, str]]:
    """Letter alignment of two tokens: (truth letter, what was read for it: "" or a string)."""
    sm = difflib.SequenceMatcher(None, truth, read, autojunk=False)
    out: list[tuple[str, str]] = []
    for op, a, b, c, d in sm.get_opcodes():
        if op == "equal":
            out += [(ch, ch) for ch in truth[a:b]]
        elif op == "delete":
            out += [(ch, "") for ch in truth[a:b]]
        elif op == "insert":
            if out:
                t, r = out[-1]
                out[-1] = (t, r + read[c:d])
        elif b - a == 1:
            out.append((truth[a], read[c:d]))
        elif b - a == d - c:
            out += list(zip(truth[a:b], read[c:d]))
        else:  # unequal run: the first letters take one each, the last the rest
            n = b - a
            rest = read[c:d]
            for k in range(n - 1):
                out.append((truth[a + k], rest[k:k + 1]))
            out.append((truth[b - 1], rest[n - 1:]))
    return out


def learn(truth: str, read: str, missing: set[str], counts: dict[str, Counter]) -> None:
    tw, rw = TOKEN.findall(truth), TOKEN.findall(read)
    sm = difflib.SequenceMatcher(None, tw, rw, autojunk=False)
    for op, a, b, c, d in sm.get_opcodes():
        if op == "equal":
            for w in tw[a:b]:
                for ch in w:
                    counts["letter"][ch] += 1
                    if ch in missing:
                        counts["junk"][""] += 0  # seen, read right: impossible for a missing glyph
                counts["pair"][(w.lower(), w.lower())] += 1
            continue
        if op == "replace" and b - a == d - c:
            for t, r in zip(tw[a:b], rw[c:d]):
                counts["pair"][(t.lower(), r.lower())] += 1
                for tc, rc in char_pairs(t, r):
                    counts["letter"][tc] += 1
                    if tc in missing:
                        counts["junk"][rc] += 1
                    elif tc != rc and len(rc) == 1:
                        counts["mark"][(tc.lower(), rc.lower())] += 1
        elif op == "replace" and b - a == 1 and d - c == 2:
            counts["split"][(tw[a].lower(), rw[c].lower() + " " + rw[c + 1].lower())] += 1
        elif op == "replace" and b - a == 2 and d - c == 1:
            counts["merge"][(tw[a].lower() + " " + tw[a + 1].lower(), rw[c].lower())] += 1


def write_table(counts: dict[str, Counter], missing: set[str]) -> None:
    lines = [f"missing\t{c}" for c in sorted(missing)]
    for name in ("junk", "mark", "pair", "split", "merge"):
        for key, n in sorted(counts[name].items(), key=lambda kv: (-kv[1], kv[0])):
            if n <= 0 or (name == "pair" and key[0] == key[1]):
                continue
            cols = key if isinstance(key, tuple) else (key,)
            lines.append("\t".join((name, *cols, str(n))))
    for ch, n in sorted(counts["letter"].items()):
        lines.append(f"letter\t{ch}\t{n}")
    with open(OUT, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {OUT} ({len(lines)} rows)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1, help="pages per corpus text and condition")
    ap.add_argument("--texts", type=int, default=12, help="corpus texts per condition")
    ap.add_argument("--eval-only", action="store_true", help="only rebuild bench/ocrset")
    args = ap.parse_args()
    tofu_font = ImageFont.truetype(FONTS["tofu"], int(SIZE_PT / 72 * DPI))
    missing = missing_letters(tofu_font)
    print(f"tofu font lacks {len(missing)} letters")
    corpus = sorted((ROOT / "corpus").glob("*.txt"))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if not args.eval_only:
            counts: dict[str, Counter] = {k: Counter() for k in ("letter", "junk", "mark", "pair", "split", "merge")}
            for ci, condition in enumerate(("tofu", "clean", "scan")):
                # Each condition reads other corpus texts: more variety for the same time.
                chosen = corpus[ci::3][:args.texts]
                for k, path in enumerate(chosen):
                    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
                    truth, read = ocr_text(text, condition, seed=ci * 1000 + k, tmp=tmp, limit=args.pages,
                                           keep=TRAIN / condition / path.name)
                    learn(truth, read, missing if condition == "tofu" else set(), counts)
                    print(f"  {condition:5} {path.name}", flush=True)
            write_table(counts, missing)
        held = sorted((ROOT / "bench" / "devset").glob("*.txt")) + sorted((ROOT / "bench" / "testset").glob("*.txt"))
        held = [p for p in held if p.name != "README.md"]
        for condition in ("tofu", "clean", "scan"):
            (EVAL / condition).mkdir(parents=True, exist_ok=True)
        (EVAL / "truth").mkdir(parents=True, exist_ok=True)
        for k, path in enumerate(held):
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
            (EVAL / "truth" / path.name).write_text(text, encoding="utf-8")
            for ci, condition in enumerate(("tofu", "clean", "scan")):
                if (EVAL / condition / path.name).exists():
                    continue  # kept from an earlier run
                _truth, read = ocr_text(text, condition, seed=50_000 + ci * 100 + k, tmp=tmp)
                (EVAL / condition / path.name).write_text(read, encoding="utf-8")
            print(f"  eval {path.name}", flush=True)


if __name__ == "__main__":
    main()
