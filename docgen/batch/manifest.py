"""What a batch remembers in its output folder, and the keys that decide what is up to date.

Three files, each written atomically:

* ``.docgen-manifest.json`` — deterministic JSON, one line per source and per output: what each
  output was made from (kind, invitee, the corrections that touched it, the hash of its inputs)
  and its sha256. Same inputs → same bytes.
* ``.docgen-cache.json`` — the strings of each record file, read only when the corrections
  changed, to see which records they touch without parsing the unchanged ones.
* ``.docgen-stat.json`` — size and modification time (ns) of every file whose sha256 is known:
  a file whose size and time are unchanged is not hashed again. Local to this folder and
  machine; deleting it only costs one re-hash. A time within two seconds of the moment the file
  was saved is not trusted (a file edited in the same clock tick as it was recorded).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..io.atomic import atomic_write

MANIFEST = ".docgen-manifest.json"
CACHE = ".docgen-cache.json"
STAT = ".docgen-stat.json"
_FORMAT = 2
_RACY_NS = 2_000_000_000


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"không mã hóa được {type(value).__name__}")


def digest(obj: Any) -> str:
    """Hash of a JSON-able value (dates as ISO text), independent of dict order."""
    return sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=_iso).encode("utf-8"))


# ---------------------------------------------------------------- the keys (one way each)

def output_key(version: str, kind: str, invitee: int | None, template_sha: str | None, record_hash: str) -> str:
    """The hash of everything one output is made from."""
    return digest([version, kind, invitee, template_sha, record_hash])


def source_key(ident: str, base_sha: str | None, applied: list[dict], fingerprint: dict,
               kinds: tuple[str, ...] | None) -> str:
    """The hash of everything a source's outputs are made from: its file (or its corrected
    data), the base record, the corrections that touch it, the options and templates."""
    return digest([ident, base_sha, applied, fingerprint, kinds])


def corrections_key(identities: list[dict]) -> str:
    """The hash of a whole corrections list: equal lists give each record the same counts."""
    return digest(identities)


# ---------------------------------------------------------------- reading

def _read_json(path: Path, fmt: int) -> dict:
    """A file of ours (empty if missing, unreadable or of another format)."""
    try:
        m = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}  # unreadable: every output is checked against its file (nothing is lost)
    return m if isinstance(m, dict) and m.get("format") == fmt else {}


def _line(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _table(d: dict) -> str:
    """A JSON object with one sorted key per line."""
    return "{\n" + ",\n".join(f"  {_line(k)}: {_line(d[k])}" for k in sorted(d)) + "\n }" if d else "{}"


class FileHashes:
    """sha256 of files, trusted from ``.docgen-stat.json`` while size and mtime are unchanged."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / STAT
        old = _read_json(self.path, 1)
        self.saved: int = old.get("saved_ns", 0) if isinstance(old.get("saved_ns"), int) else 0
        files = old.get("files")
        self.files: dict[str, list] = {k: v for k, v in files.items() if isinstance(v, list) and len(v) == 3} \
            if isinstance(files, dict) else {}
        self.dirty = False

    def _set(self, key: str, value: list) -> None:
        if self.files.get(key) != value:
            self.files[key] = value
            self.dirty = True

    def sha(self, path: Path) -> str | None:
        """The file's sha256 (None if it does not exist)."""
        try:
            st = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        key = os.path.abspath(path)
        known = self.files.get(key)
        if known is not None and known[0] == st.st_size and known[1] == st.st_mtime_ns \
                and st.st_mtime_ns < self.saved - _RACY_NS:
            return known[2]
        try:
            value = sha256(path.read_bytes())
        except (FileNotFoundError, IsADirectoryError):
            return None
        self._set(key, [st.st_size, st.st_mtime_ns, value])
        return value

    def record(self, path: Path, value: str) -> None:
        """A file just written with this sha256."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return
        self._set(os.path.abspath(path), [st.st_size, st.st_mtime_ns, value])

    def write(self) -> None:
        if self.dirty:
            self.saved = time.time_ns()
            text = f'{{"format": 1, "saved_ns": {self.saved}, "files": {_table(self.files)}}}\n'
            atomic_write(self.path, text, durable=False)
            self.dirty = False


class Manifest:
    """The manifest being updated as results arrive; written atomically, deterministic JSON."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        old = _read_json(out_dir / MANIFEST, _FORMAT)
        self.sources: dict[str, dict] = dict(old.get("sources", {}))
        self.outputs: dict[str, dict] = dict(old.get("outputs", {}))
        self.stale: set[str] = {rel for rel in old.get("stale", []) if (out_dir / rel).exists()}
        self.dirty = old.get("docgen_version") != __version__ or len(self.stale) != len(old.get("stale", []))
        self._cache: dict[str, dict] | None = None   # loaded on first use
        self._cache_dirty = False
        self._written = 0.0
        self._cost = 0.0

    # the strings cache, read only when needed
    @property
    def cache(self) -> dict[str, dict]:
        if self._cache is None:
            self._cache = dict(_read_json(self.out_dir / CACHE, _FORMAT).get("strings", {}))
        return self._cache

    def cached_strings(self, sid: str, file_sha: str) -> list | None:
        entry = self.cache.get(sid)
        return entry["strings"] if entry and entry.get("sha256") == file_sha else None

    def _retire(self, rels: Iterable[str]) -> None:
        """Outputs no longer produced: listed as stale while their file exists, never deleted."""
        for rel in rels:
            if self.outputs.pop(rel, None) is not None:
                self.dirty = True
            if rel not in self.stale and (self.out_dir / rel).exists():
                self.stale.add(rel)
                self.dirty = True

    def update(self, sid: str, src_entry: dict, outputs: list[tuple[str, dict]], *,
               kinds: tuple[str, ...] | None = None, strings: list | None = None) -> None:
        """Record a processed source. Its earlier outputs of kinds outside this run's ``kinds`` stay."""
        produced = {rel for rel, _ in outputs}
        earlier = [rel for rel in self.sources.get(sid, {}).get("outputs", []) if rel not in produced]
        kept = [rel for rel in earlier if kinds and rel in self.outputs and self.outputs[rel]["kind"] not in kinds]
        self._retire(rel for rel in earlier if rel not in kept)
        src_entry["outputs"] = [rel for rel, _ in outputs] + kept
        for rel, entry in outputs:
            if self.outputs.get(rel) != entry:
                self.outputs[rel] = entry
                self.dirty = True
            if rel in self.stale:
                self.stale.discard(rel)
                self.dirty = True
        self.set_source(sid, src_entry)
        if strings is not None:
            new = {"sha256": src_entry.get("sha256"), "strings": strings}
            if self.cache.get(sid) != new:
                self.cache[sid] = new
                self._cache_dirty = True

    def set_source(self, sid: str, entry: dict) -> None:
        if self.sources.get(sid) != entry:
            self.sources[sid] = entry
            self.dirty = True

    def drop_sources(self, keep: set[str]) -> None:
        """Forget sources that are gone from the input; their outputs become stale."""
        gone = [s for s in self.sources if s not in keep]
        for sid in gone:
            self._retire(self.sources.pop(sid).get("outputs", []))
            self.dirty = True
            if sid in self.cache:  # the cache is read only when there is something to drop
                del self.cache[sid]
                self._cache_dirty = True

    def to_json(self) -> str:
        """Sorted keys; one line per source and per output (readable, and fast to write)."""
        return (f'{{\n "docgen_version": {_line(__version__)},\n "format": {_FORMAT},\n'
                f' "outputs": {_table(self.outputs)},\n "sources": {_table(self.sources)},\n'
                f' "stale": {_line(sorted(self.stale))}\n}}\n')

    def cache_json(self) -> str:
        return f'{{\n "format": {_FORMAT},\n "strings": {_table(self.cache)}\n}}\n'

    def write(self, *, force: bool = True) -> None:
        """Write what changed; while results arrive (``force=False``) at most every so often."""
        now = time.monotonic()
        if not (force or now - self._written > max(0.5, 20 * self._cost)):
            return
        if self._cache_dirty:
            atomic_write(self.out_dir / CACHE, self.cache_json())
            self._cache_dirty = False
        if self.dirty:
            atomic_write(self.out_dir / MANIFEST, self.to_json())
            self.dirty = False
        self._written = time.monotonic()
        self._cost = self._written - now  # keeps incremental writes under ~5% of the run


_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def remove_leftover_temps(out_dir: Path) -> list[Path]:
    """Delete the temporary files a killed run left behind (``.name.docx.XXXXXXXX.tmp``)."""
    removed = []
    if out_dir.is_dir():
        for p in out_dir.rglob(".*.tmp"):
            m = _TEMP.match(p.name)
            if m and (m["name"].endswith(".docx") or m["name"] in (MANIFEST, CACHE, STAT)) and p.is_file():
                p.unlink()
                removed.append(p)
    return removed


def file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None

