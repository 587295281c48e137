"""DOCX → PDF through LibreOffice, when it is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DocgenError
from .atomic import atomic_write

INSTALL_HINT = ("Không tìm thấy LibreOffice (lệnh soffice) để xuất PDF; các tệp DOCX vẫn được ghi. "
                "Cài đặt: sudo apt-get install libreoffice-writer-nogui (Linux) hoặc tải LibreOffice "
                "từ libreoffice.org (Windows, macOS).")


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(docx_paths: list[Path], out_dir: Path, timeout: int = 180) -> list[Path]:
    """Convert DOCX files to PDF beside them in ``out_dir`` (atomic writes)."""
    exe = soffice()
    if exe is None:
        raise DocgenError(INSTALL_HINT)
    if not docx_paths:
        return []
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, *map(str, docx_paths)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise DocgenError(f"LibreOffice không xuất xong PDF sau {timeout} giây.") from None
        written = []
        for src in docx_paths:
            pdf = Path(tmp, Path(src).with_suffix(".pdf").name)
            if not pdf.exists():
                err = proc.stderr.decode("utf-8", "replace").strip()[-300:]
                raise DocgenError(f"LibreOffice không xuất được PDF cho {src}. {err}")
            written.append(atomic_write(out_dir / pdf.name, pdf.read_bytes()))
        return written
