"""DOCX → PDF through LibreOffice, when it is installed: PDF/A-2b, and the same bytes for the
same input.

LibreOffice writes the export time into the PDF (its information dictionary and its XMP
metadata) and a random file identifier, so two exports of one document differ. docgen rewrites
those with pikepdf: the dates become the document's own date (``SOURCE_DATE_EPOCH`` when set,
else the DOCX's ``dcterms:modified``, which docgen's templates fix), the producer a fixed
name, and the identifier a hash of the content. The PDF/A-2b export is LibreOffice's own
(``SelectPdfVersion`` 2, fonts embedded); ``pdfa=False`` writes a plain PDF.

LibreOffice embeds the fonts it finds: without Times New Roman it uses a metric-compatible
font (Liberation Serif: same widths, so the same line and page breaks). :func:`to_pdf` then
returns a warning naming the font that was embedded.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from ..errors import DocgenError
from .atomic import atomic_write

INSTALL_HINT = ("Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF; các tệp DOCX vẫn được ghi. "
                "Cài đặt: sudo apt-get install libreoffice-writer-nogui (Linux) hoặc tải LibreOffice "
                "từ libreoffice.org (Windows, macOS).")
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PRODUCER = "docgen (LibreOffice)"
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def document_time(docx: bytes) -> dt.datetime:
    """The time a PDF of ``docx`` carries: ``SOURCE_DATE_EPOCH`` if set, else the DOCX's
    ``dcterms:modified``, else 2000-01-01 (never the clock)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    try:
        from .package import read_package
        core = read_package(docx).get("docProps/core.xml", b"")
        m = _MODIFIED.search(core)
        if m:
            return dt.datetime.fromisoformat(m.group(1).decode().replace("Z", "+00:00")).astimezone(dt.timezone.utc)
    except (DocgenError, ValueError):
        pass
    return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def deterministic(pdf: bytes, when: dt.datetime) -> bytes:
    """``pdf`` with its dates set to ``when``, a fixed producer and a content-derived file ID."""
    import pikepdf

    when = when.astimezone(dt.timezone.utc).replace(microsecond=0)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            meta["xmp:CreateDate"] = iso
            meta["xmp:ModifyDate"] = iso
            meta["xmp:MetadataDate"] = iso
            meta["pdf:Producer"] = PRODUCER
        for intent in doc.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if profile is not None:
                profile.write(icc_dated(profile.read_bytes(), when))
        for key in ("/DocChecksum", "/ID"):  # LibreOffice's own hash and random ID: new ones below
            if key in doc.trailer:
                del doc.trailer[key]
        stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%SZ"))
        doc.docinfo["/CreationDate"] = stamp
        doc.docinfo["/ModDate"] = stamp
        doc.docinfo["/Producer"] = pikepdf.String(PRODUCER)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def icc_dated(icc: bytes, when: dt.datetime) -> bytes:
    """An ICC profile (the PDF/A output intent, written afresh by LibreOffice with the export
    time in its header) with its creation date set to ``when`` and, if it has one, its profile
    ID recomputed (ICC.1: MD5 of the profile with flags, intent and ID zeroed)."""
    data = bytearray(icc)
    if len(data) < 128 or data[36:40] != b"acsp":
        return icc
    data[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
    if any(data[84:100]):
        probe = bytearray(data)
        probe[44:48] = probe[64:68] = b"\0" * 4
        probe[84:100] = b"\0" * 16
        data[84:100] = hashlib.md5(bytes(probe)).digest()  # the ICC profile ID is an MD5
    return bytes(data)


def embedded_fonts(pdf: bytes) -> list[str]:
    """The base names of the fonts a PDF embeds, subset prefixes dropped (``LiberationSerif-Bold``)."""
    import pikepdf

    names: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for f in fonts.values():
                base = str(f.get("/BaseFont", ""))[1:]
                names.add(base.split("+", 1)[-1])
    return sorted(n for n in names if n)


def font_warning(fonts: list[str]) -> str | None:
    """A Vietnamese warning when the PDF does not embed Times New Roman, naming what it embeds."""
    if not fonts or any(f.replace(" ", "").lower().startswith("timesnewroman") for f in fonts):
        return None
    families = sorted({f.split("-")[0].split(",")[0] for f in fonts})
    similar = any("liberationserif" in f.lower() or "tinos" in f.lower() for f in families)
    return ("Máy này không có phông Times New Roman: PDF dùng phông " + ", ".join(families) +
            (" thay thế (cùng độ rộng chữ với Times New Roman, nên xuống dòng và sang trang như nhau)"
             if similar else " thay thế, có thể xuống dòng và sang trang khác với bản Word") +
            ". Cài phông Times New Roman để PDF dùng đúng phông của văn bản.")


def to_pdf(docx_paths: list[Path], out_dir: Path, timeout: int = 180, *, pdfa: bool = True,
           warnings: list[str] | None = None) -> list[Path]:
    """Convert DOCX files to PDF (PDF/A-2b by default) in ``out_dir`` (atomic writes); a font
    warning (see :func:`font_warning`) is appended to ``warnings`` if given."""
    exe = soffice()
    if exe is None:
        raise DocgenError(INSTALL_HINT)
    if not docx_paths:
        return []
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", PDFA_FILTER if pdfa else "pdf", "--outdir", tmp, *map(str, docx_paths)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise DocgenError(f"LibreOffice không xuất xong PDF sau {timeout} giây.") from None
        except OSError as exc:
            raise DocgenError(f"Không chạy được LibreOffice ({exe}): {exc.strerror}.") from None
        written: list[Path] = []
        for src in docx_paths:
            pdf = Path(tmp, Path(src).with_suffix(".pdf").name)
            if not pdf.exists():
                err = proc.stderr.decode("utf-8", "replace").strip()[-300:]
                raise DocgenError(f"LibreOffice không xuất được PDF cho {src}. {err}")
            try:
                data = deterministic(pdf.read_bytes(), document_time(Path(src).read_bytes()))
            except Exception as exc:  # noqa: BLE001 - pikepdf raises its own kinds
                raise DocgenError(f"Không hoàn thiện được PDF của {src}: {exc}") from None
            warning = font_warning(embedded_fonts(data))
            if warning and warnings is not None and warning not in warnings:
                warnings.append(warning)
            written.append(atomic_write(out_dir / pdf.name, data))
        return written


def page_texts(docx: bytes, name: str = "văn bản") -> list[str]:
    """The text of each page of ``docx`` as LibreOffice lays it out (a plain PDF, read with
    poppler's pdftotext)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise DocgenError("Không tìm thấy pdftotext (gói poppler-utils) để đọc các trang của PDF: "
                          "sudo apt-get install poppler-utils.")
    with tempfile.TemporaryDirectory(prefix="docgen-pages-") as tmp:
        src = Path(tmp, "van-ban.docx")
        src.write_bytes(docx)
        out = Path(tmp, "out")
        out.mkdir()
        try:
            pdf = to_pdf([src], out, pdfa=False)[0]
        except DocgenError as exc:
            raise DocgenError(f"{name}: không chia trang được ({exc})") from None
        proc = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=60, check=False)
    return proc.stdout.decode("utf-8", "replace").split("\f")[:-1] or [""]
