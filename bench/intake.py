#!/usr/bin/env python3
"""Clean any report: token errors, seconds per page and peak memory per input kind, against
running Tesseract alone on the same images.

The truth is the team's held-out texts (bench/testset, never trained on). Each text is laid out
as a Decree 30 DOCX and turned by LibreOffice into:

* ``text-pdf``: a PDF with a text layer;
* ``scan-pdf``: its pages rasterised at 200 dpi and degraded like a photocopy (turned 1.2°,
  softened, speckled, JPEG 50), bound into an image-only PDF;
* ``photo``: page 1 as a phone photo (turned 3°, uneven light, blur, 150 dpi, JPEG 40);
* ``doc``: the text typed in TCVN3 (.VnTime, .VnTimeH; VNI where TCVN3 cannot write it), saved as
  a Word 97 .doc.

For each, the token error rate (word-level edit distance / words of the truth) of what docgen
read before repair and after ``docgen clean``, and for the images the same for plain
``tesseract IMAGE stdout -l vie``. Each docgen run is its own process (time and peak RSS are
its own). Usage: .venv/bin/python bench/intake.py
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageFilter  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from docgen.errors import DocgenError  # noqa: E402
from docgen.normalize import legacy  # noqa: E402
from docgen.ooxml.compose import Block, compose_docx  # noqa: E402

TEXTS = sorted((ROOT / "bench" / "testset").glob("*.txt"))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from docgen import intake
from docgen.clean import CleanOptions, clean_intake
from docgen.ooxml.text import document_texts
t0 = time.perf_counter()
src = intake.read_source(sys.argv[1])
before = "\n".join(document_texts(src.docx))
after = clean_intake(src, CleanOptions(), as_text=True).output
print(json.dumps({"before": before, "after": after, "seconds": time.perf_counter() - t0, "pages": src.pages,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def tokens(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def error_rate(got: str, truth: str) -> float:
    t = tokens(truth)
    return Levenshtein.distance(tokens(got), t) / len(t)


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation={(outdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=300)
    return outdir / src.with_suffix("." + fmt.split(":")[0]).name


def photocopy(img: Image.Image, rnd: random.Random) -> Image.Image:
    g = img.convert("L").rotate(1.2, expand=True, fillcolor=255, resample=Image.BICUBIC)
    g = g.filter(ImageFilter.GaussianBlur(0.7))
    px = g.load()
    for _ in range(g.width * g.height // 500):
        px[rnd.randrange(g.width), rnd.randrange(g.height)] = rnd.choice((0, 255))
    return g


def phone_photo(img: Image.Image) -> Image.Image:
    g = img.convert("L").rotate(-3.0, expand=True, fillcolor=235, resample=Image.BICUBIC)
    light = Image.linear_gradient("L").resize(g.size).point(lambda v: 150 + v * 105 // 255)
    g = Image.composite(g, light, g.point(lambda v: 255 if v < 128 else 0))  # paper darker towards one side
    g = g.filter(ImageFilter.GaussianBlur(1.0))
    return g.resize((g.width * 3 // 4, g.height * 3 // 4), Image.BILINEAR)


def tesseract_alone(images: list[Path]) -> tuple[str, float]:
    t0 = time.perf_counter()
    out = [subprocess.run(["tesseract", str(p), "stdout", "-l", "vie"], capture_output=True, text=True,
                          check=True).stdout for p in images]
    return "\n".join(out), time.perf_counter() - t0


def typed_legacy(text: str) -> Block:
    """A paragraph as a clerk of the 1990s typed it: TCVN3 in .VnTime, capitals in .VnTimeH;
    where TCVN3 cannot write a capital with a tone mark inside mixed case, VNI in VNI-Times."""
    try:
        return Block(legacy.from_unicode(text, "tcvn3"), font=".VnTime")
    except DocgenError:
        if text == text.upper():
            return Block(legacy.from_unicode(text, "tcvn3", upper=True), font=".VnTimeH")
        return Block(legacy.from_unicode(text, "vni"), font="VNI-Times")


def first_page_text(pdf: Path) -> str:
    """The text of page 1 of the text-layer PDF (what the photo shows), as pdftotext reads it."""
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout



def run_docgen(path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=False,
                          cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"docgen failed on {path}: {proc.stderr[-800:]}")
    return json.loads(proc.stdout)


def main() -> None:
    if not (shutil.which("soffice") and shutil.which("tesseract") and shutil.which("pdftoppm")):
        raise SystemExit("needs LibreOffice, tesseract-ocr (vie) and poppler-utils")
    rnd = random.Random(20241)
    rows: dict[str, list[dict]] = {k: [] for k in ("text-pdf", "scan-pdf", "photo", "doc")}
    with tempfile.TemporaryDirectory(prefix="docgen-bench-intake-") as tmp:
        d = Path(tmp)
        for text_path in TEXTS:
            truth = text_path.read_text(encoding="utf-8")
            paras = [ln.strip() for ln in truth.splitlines() if ln.strip()]
            stem = text_path.stem
            src = d / f"{stem}.docx"
            src.write_bytes(compose_docx([Block(p) for p in paras], page_numbers=False))
            pdf = soffice(src, "pdf", d)
            r = run_docgen(pdf)
            rows["text-pdf"].append({**r, "truth": truth})
            subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(d / stem)], check=True)
            pages = sorted(d.glob(f"{stem}-*.png"))
            scans = []
            for i, p in enumerate(pages):
                jpg = d / f"{stem}-scan-{i}.jpg"
                photocopy(Image.open(p), rnd).save(jpg, quality=50)
                scans.append(jpg)
            scan_pdf = d / f"{stem}-scan.pdf"
            imgs = [Image.open(p).convert("RGB") for p in scans]
            imgs[0].save(scan_pdf, save_all=True, append_images=imgs[1:], resolution=200)
            alone, secs = tesseract_alone(scans)
            rows["scan-pdf"].append({**run_docgen(scan_pdf), "truth": truth, "alone": alone, "alone_s": secs})
            photo = d / f"{stem}-photo.jpg"
            phone_photo(Image.open(pages[0])).save(photo, quality=40)
            alone, secs = tesseract_alone([photo])
            rows["photo"].append({**run_docgen(photo), "truth": first_page_text(pdf), "alone": alone,
                                  "alone_s": secs})
            old = d / f"{stem}-vntime.docx"
            old.write_bytes(compose_docx([typed_legacy(p) for p in paras], page_numbers=False))
            rows["doc"].append({**run_docgen(soffice(old, "doc:MS Word 97", d)), "truth": truth})
    print(f"{'input':9} {'docs':>4} {'pages':>5} {'errors read':>11} {'after clean':>11} "
          f"{'tesseract alone':>15} {'ratio':>6} {'s/page':>7} {'tess s/page':>11} {'peak MB':>8}")
    for kind, rs in rows.items():
        words = sum(len(tokens(r["truth"])) for r in rs)
        pages = sum(r["pages"] or 1 for r in rs)

        def weighted(key: str, rs=rs, words=words) -> float:
            return sum(error_rate(r[key], r["truth"]) * len(tokens(r["truth"])) for r in rs) / words

        alone = weighted("alone") if "alone" in rs[0] else None
        after = weighted("after")
        alone_s = sum(r["alone_s"] for r in rs) / pages if alone is not None else None
        print(f"{kind:9} {len(rs):4} {pages:5} {weighted('before'):11.2%} {after:11.2%} "
              f"{(f'{alone:.2%}' if alone is not None else '—'):>15} "
              f"{(f'{after / alone:.2f}' if alone else '—'):>6} "
              f"{sum(r['seconds'] for r in rs) / pages:7.2f} "
              f"{(f'{alone_s:.2f}' if alone_s is not None else '—'):>11} "
              f"{max(r['rss_mb'] for r in rs):8.0f}")
    print("errors: word-level edit distance / words of the truth; ratio: docgen after clean / Tesseract alone "
          "(target ≤ 0.50 on scans).")


if __name__ == "__main__":
    main()
