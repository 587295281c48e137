"""Old word-processor files (.doc, .odt, .rtf) → DOCX bytes, through LibreOffice headless."""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..io.pdf import soffice
from .scan import MissingToolError

TIMEOUT = 180
INSTALL_HINT = ("Chưa cài LibreOffice (lệnh soffice) để đọc tệp .doc/.odt/.rtf. Cài đặt: "
                "sudo apt-get install libreoffice-writer-nogui (Linux) hoặc tải LibreOffice từ "
                "libreoffice.org (Windows), rồi chạy lại lệnh.")


def input_filter(data: bytes) -> str | None:
    """LibreOffice's import filter for what the bytes really are (a ".doc" is often RTF or HTML
    saved under that name), or None. Naming the filter keeps LibreOffice from reading an unknown
    file as plain text: a damaged file is refused instead of "converted" into its raw bytes."""
    head = data[:2048].lstrip()
    if data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        return "MS Word 97"
    if head.startswith(b"{\\rtf"):
        return "Rich Text Format"
    if data.startswith(b"PK\x03\x04"):
        if b"application/vnd.oasis.opendocument.text" in data[:200]:
            return "writer8"
        if b"word/" in data:
            return "MS Word 2007 XML"
        return None
    if head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "HTML (StarWriter)"
    return None


def to_docx(data: bytes, suffix: str, name: str) -> bytes:
    """Convert one document to DOCX in a private temporary folder (its own LibreOffice profile,
    so a running LibreOffice of the clerk's is not disturbed); the input file is only read."""
    flt = input_filter(data)
    if flt is None:
        raise InputError(f"{name}: không phải tệp Word (.doc), OpenDocument (.odt) hay RTF đọc được "
                         "(tệp hỏng hoặc sai đuôi).")
    exe = soffice()
    if exe is None:
        raise MissingToolError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="docgen-office-") as tmp:
        src = Path(tmp, "van-ban" + suffix)
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--norestore",
               f"--infilter={flt}", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(Path(tmp, "out")), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise InputError(f"{name}: LibreOffice không chuyển xong tệp sau {TIMEOUT} giây "
                             "(tệp có mật khẩu hoặc bị hỏng?).") from None
        out = Path(tmp, "out", "van-ban.docx")
        if not out.exists() or out.stat().st_size == 0:
            raise InputError(f"{name}: LibreOffice không mở được tệp này (tệp có mật khẩu, bị hỏng, "
                             f"hoặc không phải tệp {suffix}).")
        return out.read_bytes()
