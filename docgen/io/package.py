"""OPC packages (DOCX): bounded reading of untrusted ZIPs and deterministic writing.

Reading guards against hostile files: a cap on the number of parts, on each part's
uncompressed size, on the total, and on the compression ratio; no path traversal.
Writing keeps the part order given, a fixed timestamp and fixed attributes, so the same
parts give the same bytes.
"""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from ..errors import InputError, UnsafeFileError
from .zipwriter import Entry, build_zip

MAX_PARTS = 2000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200


def package_name(source: str | os.PathLike | bytes, name: str | None = None) -> str:
    """The name of a package in messages: ``name``, else the path, else ``<bytes>``."""
    return name or ("<bytes>" if isinstance(source, (bytes, bytearray)) else str(source))


def package_bytes(source: str | os.PathLike | bytes, name: str | None = None) -> bytes:
    """The bytes of a package: ``source`` itself, or the file it names (refused when missing
    or empty); ``name`` as in :func:`read_package`."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    name = package_name(source, name)
    p = Path(source)
    if not p.exists():
        raise InputError(f"Không tìm thấy tệp: {name}")
    if p.stat().st_size == 0:
        raise InputError(f"Tệp rỗng: {name}")
    return p.read_bytes()


def read_package(source: str | os.PathLike | bytes, name: str | None = None) -> dict[str, bytes]:
    """Return the parts of a ZIP package in their stored order, after safety checks; ``name``
    names the file in messages when ``source`` is bytes."""
    data = package_bytes(source, name)
    name = package_name(source, name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: không phải tệp DOCX hợp lệ (không đọc được cấu trúc ZIP).") from None
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise UnsafeFileError(f"{name}: tệp có {len(infos)} thành phần, vượt giới hạn an toàn {MAX_PARTS}.")
    total = 0
    parts: dict[str, bytes] = {}
    for info in infos:
        fn = info.filename
        if fn.startswith("/") or ".." in fn.split("/") or "\\" in fn:
            raise UnsafeFileError(f"{name}: thành phần có đường dẫn không an toàn: {fn!r}.")
        if info.file_size > MAX_PART_BYTES:
            raise UnsafeFileError(f"{name}: thành phần {fn} quá lớn ({info.file_size} byte).")
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFileError(f"{name}: thành phần {fn} có tỉ lệ nén bất thường (nghi là bom ZIP).")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise UnsafeFileError(f"{name}: tổng dung lượng giải nén vượt giới hạn an toàn "
                                  f"({MAX_TOTAL_BYTES // (1024 * 1024)} MB).")
        if fn in parts:
            raise UnsafeFileError(f"{name}: thành phần trùng tên {fn}.")
        try:
            with zf.open(info) as fh:
                blob = fh.read(MAX_PART_BYTES + 1)
        except NotImplementedError:
            raise InputError(f"{name}: thành phần {fn} dùng kiểu nén hoặc mã hóa không hỗ trợ "
                             "(tệp có mật khẩu?). Hãy mở bằng Word và lưu lại không đặt mật khẩu.") from None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
            raise InputError(f"{name}: không giải nén được thành phần {fn}: tệp ZIP bị hỏng hoặc không trọn vẹn.") from None
        if len(blob) > MAX_PART_BYTES:
            raise UnsafeFileError(f"{name}: thành phần {fn} quá lớn.")
        if len(blob) != info.file_size:  # the header lied about the size: not trusted further
            raise UnsafeFileError(f"{name}: thành phần {fn} có kích thước khác với khai báo trong tệp ZIP.")
        parts[fn] = blob
    if "[Content_Types].xml" not in parts:
        raise InputError(f"{name}: thiếu [Content_Types].xml, không phải tệp DOCX hợp lệ.")
    return parts


def write_package(parts: dict[str, bytes]) -> bytes:
    """Serialise parts to ZIP bytes deterministically: given order ([Content_Types].xml first),
    fixed timestamps and attributes, deflate level 6."""
    names = sorted(parts, key=lambda n: n != "[Content_Types].xml")  # stable: keeps the given order
    return build_zip([Entry.make(n, parts[n]) for n in names])
