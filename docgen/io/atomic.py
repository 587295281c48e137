"""Atomic file writes that never overwrite an input (the check: :mod:`docgen.io.outputs`)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from collections.abc import Iterable

from ..oserrors import os_error
from .outputs import check_not_input

__all__ = ["atomic_write", "check_not_input"]


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
    try:  # OS errors leave in Vietnamese, naming the folder or the file (docgen.oserrors)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise os_error(exc, target.parent, writing=True) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise os_error(exc, target, writing=True) from exc
        raise
    return target
