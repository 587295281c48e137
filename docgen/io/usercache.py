"""The per-user cache folder: derived data that lets a later process skip work an earlier one
did (record fields already repaired, compiled templates).

Everything here is derived, never shipped and never required: an entry is found by a key that
holds everything its value depends on (the text, the options, a fingerprint of the code and data
that computed it, the Python version), so a stale entry is never read — it is simply not found.
A missing, unreadable or foreign file is ignored and rebuilt; an unwritable folder only means
that the work is done again next time. Writes are atomic (a reader sees the old file or the new).

Where: ``DOCGEN_CACHE_DIR`` (``off``: no cache at all), else ``$XDG_CACHE_HOME/docgen``, else
``~/.cache/docgen`` — the folder the OCR model's parsed tables already use.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when the layout of a cached value changes
# Files of other fingerprints a write keeps, newest first: two installs of docgen for one user
# (the office's web app and a clerk's own venv, an upgrade tried beside the old one) each keep
# their cache instead of removing each other's at every start; older ones are removed, so the
# folder stays bounded (the OCR model's file is about 22 MB).
STALE_KEEP = 2


def cache_dir(env: str | None = None) -> Path | None:
    """The cache folder, or None when caching is off. ``env``: a variable that switches one
    cache off (``off``) or moves it (a folder) without touching the others; ``DOCGEN_CACHE_DIR=off``
    switches every cache off."""
    folder = os.environ.get("DOCGEN_CACHE_DIR")
    own = os.environ.get(env) if env else None
    if folder == "off" or own == "off":
        return None
    if own:
        return Path(own)
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "docgen"


def fingerprint(*roots: Path, extra: str = "") -> str:
    """A short digest of the relative path, size and modification time of every file under
    ``roots`` (files or folders), with the Python and marshal versions and ``extra``: any edit,
    reinstall or upgrade of that code or data gives another fingerprint. Only ``stat`` (through
    ``os.scandir``, which a warm ``docgen render`` calls twice): about a millisecond for a few
    hundred files."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:3]} {marshal.version} {extra}".encode())
    for root in roots:
        if root.is_file():
            files = [(root.name, root.stat())]
        else:
            files = sorted(_files(os.fspath(root), ()), key=lambda f: f[0])
        for name, st in files:
            if isinstance(name, tuple):
                name = "/".join(name)
            if name.endswith((".pyc", ".tmp")):
                continue
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def _files(folder: str, parts: tuple[str, ...]) -> list[tuple[Any, os.stat_result]]:
    """(relative path as a tuple of names, stat) of every file under ``folder``, in no order
    (sorted by the tuple: the order of ``sorted(Path.rglob(...))``)."""
    out: list[tuple[Any, os.stat_result]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):  # as Path.rglob: a linked folder is not walked
                if entry.name != "__pycache__":  # compiled bytecode: derived, never part of the key
                    out += _files(entry.path, (*parts, entry.name))
            elif entry.is_file():
                out.append(((*parts, entry.name), entry.stat()))
    return out


def read(path: Path | None) -> object | None:
    """The value marshalled in ``path``, or None (no cache, missing, unreadable, foreign)."""
    if path is None:
        return None
    try:
        value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not (isinstance(value, tuple) and len(value) == 2 and value[0] == FORMAT):
        return None
    return value[1]


def write(path: Path | None, value: Any, *, stale: str | None = None, keep: int = STALE_KEEP) -> bool:
    """Marshal ``value`` into ``path`` atomically; of the other files of the same folder matching
    the glob ``stale`` (other fingerprints, other entries), keep the ``keep`` last written and
    remove the rest. False when it could not be written (no harm)."""
    if path is None:
        return False
    from ..errors import DocgenError
    from .atomic import atomic_write

    try:
        atomic_write(path, marshal.dumps((FORMAT, value)), durable=False)
    except (OSError, ValueError, DocgenError):
        return False
    if stale:
        for old in _by_age(p for p in path.parent.glob(stale) if p != path)[keep:]:
            try:
                old.unlink()
            except OSError:
                pass
    return True


def _by_age(paths: Iterable[Path]) -> list[Path]:
    """``paths`` newest first (by modification time, then name); a file gone meanwhile is left out."""
    dated = []
    for p in paths:
        try:
            dated.append((-p.stat().st_mtime_ns, p.name, p))
        except OSError:
            continue
    return [p for _, _, p in sorted(dated)]
