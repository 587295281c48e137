"""Atomic file writes that never overwrite an input."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from collections.abc import Iterable

from ..errors import InputError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_not_input(target: Path, inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Refuse to write to a path that is one of the inputs of this run."""
    target = Path(target)
    for src in inputs:
        src = Path(src)
        if _same_file(target, src) or target.resolve() == src.resolve():
            raise InputError(
                f"Không ghi đè lên tệp đầu vào: {target}. Hãy chọn một tên tệp đầu ra khác (-o)."
            )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes | str, *, inputs: Iterable[str | os.PathLike] = (),
                 durable: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename.

    An interrupted run leaves either the old file or the new one, never a half-written file.
    ``durable`` also flushes the data to disk before the rename (survives a power cut); a batch
    of many small documents may skip it. The file gets the usual mode (0666 less the umask).
    """
    target = Path(path)
    check_not_input(target, inputs)
    if isinstance(data, str):
        data = data.encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
