"""Regenerate: many records → many documents, re-rendering only what is out of date.

Input is a folder of record files (YAML/JSON), one record file, or a spreadsheet (CSV/XLSX) of
invitees or of records completing a base record. A corrections file (:mod:`docgen.corrections`)
is applied to every record's loaded data before validation; records are then normalized exactly
as ``docgen render`` does.

A manifest, ``OUTDIR/.docgen-manifest.json`` (deterministic JSON), records for every output what
it was made from and its sha256. An output is up to date when the hash of its inputs
(normalized record, kind, invitee, template bytes, docgen version) equals the manifest's and the
file still has the recorded sha256; it is then neither rendered nor touched. Otherwise it is
rendered, and written only if its bytes differ from the file on disk — an unchanged document
keeps its bytes and modification time. A folder source whose file, applicable corrections,
options and templates are all unchanged is skipped without even being parsed (the strings of each
record file are kept in ``OUTDIR/.docgen-cache.json`` to see which corrections touch it).

Rendering runs on ``jobs`` processes; every write is atomic and the manifest is rewritten
(atomically) as results arrive, so a killed batch leaves no half-written file and the next run
completes it. Outputs no longer produced are listed, never deleted.
"""
from __future__ import annotations

import concurrent.futures as cf
import difflib
import hashlib
import json
import multiprocessing as mp
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from . import __version__
from .corrections import Correction, apply_corrections, count_matches, strings
from .errors import DocgenError, InputError
from .model import KINDS, Record

MANIFEST = ".docgen-manifest.json"
CACHE = ".docgen-cache.json"  # the strings of each record file, to plan corrections without parsing
RECORD_SUFFIXES = (".yaml", ".yml", ".json")
_FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(obj: Any) -> str:
    """Hash of a JSON-able value (dates as ISO text), independent of dict order."""
    return sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=_iso).encode("utf-8"))


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"không mã hóa được {type(value).__name__}")


def _file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None


# ---------------------------------------------------------------- sources

@dataclass
class Source:
    """One record to render: a record file, or spreadsheet data already read."""

    id: str                      # manifest key (for a folder: the file stem, also its sub-folder)
    display: str                 # how messages name it: a file, or "tệp.xlsx, dòng 7"
    names: tuple[str, ...]       # what a correction's ``records`` may call it
    subdir: str = ""
    path: str | None = None      # record file, loaded in the worker
    data: dict | None = None     # spreadsheet data (already typed)
    base: dict | None = None     # what a record file completes (--base with a folder)
    problems: list[str] = field(default_factory=list)  # reading problems: the source fails
    kinds: tuple[str, ...] | None = None               # default kinds for this source
    part: tuple[int, int] | None = None                # (k, n): render only outputs k, k+n, k+2n… of the plan


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _load_base(base: str | os.PathLike | None) -> dict | None:
    if base is None:
        return None
    from .io.loaders import load_data

    return load_data(base)[0]


def collect_sources(input_path: str | os.PathLike, *, base: str | os.PathLike | None = None,
                    sheet: str | None = None) -> list[Source]:
    """The records of a folder, a record file or a spreadsheet, in a stable order."""
    from .io.spreadsheet import SPREADSHEET_SUFFIXES, read_sheet

    p = Path(input_path)
    if not p.exists():
        raise InputError(f"Không tìm thấy đầu vào: {p}")
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in RECORD_SUFFIXES
                       and not f.name.startswith("."))
        if not files:
            raise InputError(f"{p}: thư mục không có tệp hồ sơ nào (.yaml, .yml, .json).")
        stems = [f.stem for f in files]
        base_data = _load_base(base)
        out = []
        for f in files:
            sid = f.stem if stems.count(f.stem) == 1 else f"{f.stem}-{f.suffix.lstrip('.').lower()}"
            out.append(Source(sid, str(f), (f.stem, f.name, sid), subdir=sid, path=str(f), base=base_data))
        return out
    if p.suffix.lower() in SPREADSHEET_SUFFIXES:
        if base is None:
            raise InputError(f"{p}: bảng tính cần một hồ sơ gốc cho phần dùng chung (cơ quan, người ký, "
                             "cuộc họp, số và ngày giấy mời), ví dụ: --base hop.yaml")
        base_data = _load_base(base)
        sh = read_sheet(p, sheet)
        name = p.name
        if sh.mode == "invitees":
            # One record for the whole sheet; a bad row is reported on its own and left out.
            invitees = [r.values for r in sh.rows if not r.problems]
            data = _deep_merge(base_data, {"invitation": {"invitees": invitees}})
            bad = [Source(f"{p.stem}-dong-{r.number}", f"{name}, dòng {r.number}", (), problems=r.problems)
                   for r in sh.rows if r.problems]
            return [Source(p.stem, name, (p.stem, name), data=data, kinds=("giay-moi",)), *bad]
        out = []
        width = max(3, len(str(max((r.number for r in sh.rows), default=0))))
        for r in sh.rows:
            sid = f"dong-{r.number:0{width}d}"
            out.append(Source(sid, f"{name}, dòng {r.number}", (sid, str(r.number)), subdir=sid,
                              data=_deep_merge(base_data, r.values), problems=list(r.problems)))
        return out
    if p.suffix.lower() in RECORD_SUFFIXES:
        return [Source(p.stem, str(p), (p.stem, p.name), path=str(p), base=_load_base(base))]
    raise InputError(f"{p}: cần một thư mục hồ sơ, một tệp .yaml/.json hoặc một bảng tính .csv/.xlsx.")


# ---------------------------------------------------------------- options and results

@dataclass(frozen=True)
class Options:
    kinds: tuple[str, ...] | None
    per_invitee: bool
    templates_dir: str | None
    repair: bool
    template_sha: dict          # kind → sha256 of the template file (None if missing)
    changes: bool
    version: str = __version__

    def fingerprint(self) -> dict:
        return {"kinds": list(self.kinds or []), "per_invitee": self.per_invitee, "repair": self.repair,
                "templates": self.template_sha, "version": self.version}


@dataclass
class OutputResult:
    path: str                    # relative to OUTDIR, POSIX
    status: str                  # new | changed | restored | unchanged | skipped
    entry: dict
    diff: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class SourceResult:
    id: str
    display: str
    ok: bool
    errors: list[str] = field(default_factory=list)
    outputs: list[OutputResult] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)   # per correction
    applied: list[dict] = field(default_factory=list)
    strings: list | None = None                       # (path, text) pairs of a record file
    file_sha: str | None = None
    warnings: list[str] = field(default_factory=list)
    fresh: bool = False                               # skipped whole, not even parsed


# ---------------------------------------------------------------- the worker side

def paragraph_texts(docx: bytes) -> list[str]:
    """The text of every non-empty paragraph of a DOCX's main document, in order."""
    from .ooxml.text import document_texts

    return [t for t in (t.strip() for t in document_texts(docx)) if t]


def text_diff(old: bytes, new: bytes) -> list[str]:
    """Changed paragraphs as ``- old`` / ``+ new`` lines (unified diff without context)."""
    try:
        a = paragraph_texts(old)
    except DocgenError:
        a = []
    b = paragraph_texts(new)
    return [f"{line[0]} {line[1:]}" for line in difflib.unified_diff(a, b, n=0, lineterm="")
            if not line.startswith(("---", "+++", "@@"))]


def _plan(record: Record, opts: Options, default_kinds: tuple[str, ...] | None) -> list[tuple[str, int | None]]:
    from .produce import KIND_LABELS

    have = record.kinds()
    wanted = list(opts.kinds or default_kinds or have)
    missing = [k for k in wanted if k not in have]
    if opts.kinds and missing:
        raise InputError("hồ sơ không có dữ liệu cho " + ", ".join(KIND_LABELS[k] for k in missing) + ".")
    out: list[tuple[str, int | None]] = []
    for kind in (k for k in KINDS if k in wanted and k in have):
        if kind == "giay-moi" and opts.per_invitee:
            out += [(kind, i) for i in range(len(record.invitation.invitees))]
        else:
            out.append((kind, None))
    if not out:
        raise InputError("hồ sơ không có văn bản nào để soạn.")
    return out


def process_source(src: Source, corrections: list[Correction], opts: Options, out_dir: str,
                   previous: dict[str, dict]) -> SourceResult:
    """Load, correct, validate, normalize and render one source; write what changed."""
    res = SourceResult(src.id, src.display, ok=False, counts=[0] * len(corrections))
    try:
        _process(src, corrections, opts, Path(out_dir), previous, res)
        res.ok = True
    except DocgenError as exc:
        res.errors.append(str(exc))
    except Exception as exc:  # noqa: BLE001 -- one broken record must not stop the batch
        res.errors.append(f"{src.display}: lỗi không mong đợi {type(exc).__name__}: {exc}")
    return res


def _process(src: Source, corrections: list[Correction], opts: Options, out: Path,
             previous: dict[str, dict], res: SourceResult) -> None:
    from .fields import normalize_record
    from .io.atomic import atomic_write
    from .io.loaders import validate_data
    from .produce import context, filename, template_path
    from .render.engine import load_template

    if src.problems:
        raise InputError("\n".join(src.problems))
    lines = None
    if src.path is not None:
        from .io.loaders import load_data

        raw = Path(src.path).read_bytes()
        res.file_sha = sha256(raw)
        data, lines = load_data(src.path)
        if src.base:
            data = _deep_merge(src.base, data)
        res.strings = [[list(p), s] for p, s in strings(data)]
    else:
        data = src.data
    data, res.counts = apply_corrections(data, corrections, src.names)
    res.applied = [c.identity() for c, n in zip(corrections, res.counts) if n]
    file = src.path or src.display
    record = validate_data(data, file, lines)
    record, changes = normalize_record(record, repair=opts.repair)
    res.warnings = [c.describe() for c in changes if not c.applied]
    record_hash = sha256(record.model_dump_json().encode("utf-8"))
    plan = _plan(record, opts, src.kinds)
    for kind, index in (plan[src.part[0]::src.part[1]] if src.part else plan):
        rel = "/".join(x for x in (src.subdir, filename(record, kind, index)) if x)
        tsha = opts.template_sha.get(kind)
        key = _digest([opts.version, kind, index, tsha, record_hash])
        entry = {"source": src.id, "record_file": file, "record_sha256": res.file_sha or _digest(src.data),
                 "kind": kind, "invitee": index, "template": f"{kind}.docx", "template_sha256": tsha,
                 "docgen_version": opts.version, "corrections": res.applied, "input_sha256": key}
        target = out / rel
        prev = previous.get(rel)
        old = target.read_bytes() if target.exists() else None
        old_sha = sha256(old) if old is not None else None
        if prev and prev.get("input_sha256") == key and old_sha == prev.get("sha256"):
            res.outputs.append(OutputResult(rel, "skipped", {**entry, "sha256": old_sha}))
            continue
        tpl = load_template(template_path(kind, opts.templates_dir))
        new = tpl.render(context(record, kind, invitee_index=index))
        new_sha = sha256(new)
        entry["sha256"] = new_sha
        if old == new:
            res.outputs.append(OutputResult(rel, "unchanged", entry))
            continue
        atomic_write(target, new, inputs=[src.path] if src.path else [], durable=False)
        if old is None:
            status, note = ("restored", "tệp đã bị xóa") if prev else ("new", "")
        elif prev and old_sha != prev.get("sha256"):
            status, note = "restored", "tệp đã bị sửa tay"
        else:
            status, note = "changed", ""
        diff = text_diff(old, new) if opts.changes and old is not None else []
        res.outputs.append(OutputResult(rel, status, entry, diff, note))


def split(src: Source, opts: Options, jobs: int) -> list[Source]:
    """One invitation per row of a large invitee sheet: share the rows among the processes."""
    invitees = ((src.data or {}).get("invitation") or {}).get("invitees") or []
    if jobs < 2 or not opts.per_invitee or len(invitees) < 4 * jobs:
        return [src]
    return [replace(src, part=(k, jobs)) for k in range(jobs)]


def merge_parts(parts: list[SourceResult]) -> SourceResult:
    """The result of a split source: its parts' outputs back in plan order, their errors once."""
    first = parts[0]
    outputs = [p.outputs[i] for i in range(max(len(p.outputs) for p in parts)) for p in parts if i < len(p.outputs)]
    errors = list(dict.fromkeys(e for p in parts for e in p.errors))
    return replace(first, ok=all(p.ok for p in parts), outputs=outputs, errors=errors)


def _run_chunk(chunk: list[tuple[Source, dict]], corrections, opts, out_dir) -> list[SourceResult]:
    return [process_source(s, corrections, opts, out_dir, prev) for s, prev in chunk]


# ---------------------------------------------------------------- the manifest

def read_manifest(out_dir: Path, name: str = MANIFEST) -> tuple[dict, str]:
    """The previous manifest (or cache; empty if missing or unreadable) and its text."""
    p = out_dir / name
    try:
        text = p.read_text(encoding="utf-8")
        m = json.loads(text)
    except (OSError, ValueError):
        return {}, ""  # unreadable: every output is checked against its file (nothing is lost)
    return (m, text) if isinstance(m, dict) and m.get("format") == _FORMAT else ({}, text)


def _line(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _table(d: dict) -> str:
    """A JSON object with one sorted key per line."""
    return "{\n" + ",\n".join(f"  {_line(k)}: {_line(d[k])}" for k in sorted(d)) + "\n }" if d else "{}"


class Manifest:
    """The manifest being updated as results arrive; written atomically, deterministic JSON."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        old, self._text = read_manifest(out_dir)
        cache, self._cache_text = read_manifest(out_dir, CACHE)
        self.cache: dict[str, dict] = dict(cache.get("strings", {}))
        self.sources: dict[str, dict] = dict(old.get("sources", {}))
        self.outputs: dict[str, dict] = dict(old.get("outputs", {}))
        self.stale: set[str] = {rel for rel in old.get("stale", []) if (out_dir / rel).exists()}
        self._written = 0.0
        self._cost = 0.0

    def _retire(self, rels: Iterable[str]) -> None:
        """Outputs no longer produced: listed as stale while their file exists, never deleted."""
        for rel in rels:
            self.outputs.pop(rel, None)
            if (self.out_dir / rel).exists():
                self.stale.add(rel)

    def update(self, res: SourceResult, src_entry: dict, kinds: tuple[str, ...] | None = None) -> None:
        """Record a processed source. Its earlier outputs of kinds outside this run's ``kinds`` stay."""
        produced = {o.path for o in res.outputs}
        earlier = [rel for rel in self.sources.get(res.id, {}).get("outputs", []) if rel not in produced]
        kept = [rel for rel in earlier if kinds and rel in self.outputs and self.outputs[rel]["kind"] not in kinds]
        self._retire(rel for rel in earlier if rel not in kept)
        src_entry["outputs"] = [o.path for o in res.outputs] + kept
        for o in res.outputs:
            self.outputs[o.path] = o.entry
            self.stale.discard(o.path)
        self.sources[res.id] = src_entry
        if res.strings is not None:
            self.cache[res.id] = {"sha256": res.file_sha, "strings": res.strings}

    def drop_sources(self, keep: set[str]) -> None:
        """Forget sources that are gone from the input; their outputs become stale."""
        for sid in [s for s in self.sources if s not in keep]:
            self._retire(self.sources.pop(sid).get("outputs", []))
        self.cache = {k: v for k, v in self.cache.items() if k in keep}

    def to_json(self) -> str:
        """Sorted keys; one line per source and per output (readable, and fast to write)."""
        return (f'{{\n "docgen_version": {_line(__version__)},\n "format": {_FORMAT},\n'
                f' "outputs": {_table(self.outputs)},\n "sources": {_table(self.sources)},\n'
                f' "stale": {_line(sorted(self.stale))}\n}}\n')

    def cache_json(self) -> str:
        return f'{{\n "format": {_FORMAT},\n "strings": {_table(self.cache)}\n}}\n'

    def write(self, *, force: bool = True) -> None:
        from .io.atomic import atomic_write

        now = time.monotonic()
        if force or now - self._written > max(0.5, 20 * self._cost):
            cache = self.cache_json()
            if cache != self._cache_text:
                atomic_write(self.out_dir / CACHE, cache)
                self._cache_text = cache
            text = self.to_json()
            if text != self._text:
                atomic_write(self.out_dir / MANIFEST, text)
                self._text = text
            self._written = time.monotonic()
            self._cost = self._written - now  # keeps incremental writes under ~5% of the run


# ---------------------------------------------------------------- the batch

@dataclass
class BatchResult:
    results: list[SourceResult]
    corrections: list[Correction]
    counts: list[int]
    stale: list[str]
    out_dir: Path

    def outputs(self, *statuses: str) -> list[OutputResult]:
        return [o for r in self.results for o in r.outputs if not statuses or o.status in statuses]

    @property
    def written(self) -> list[OutputResult]:
        return self.outputs("new", "changed", "restored")

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if not r.ok]

    @property
    def unused_corrections(self) -> list[Correction]:
        return [c for c, n in zip(self.corrections, self.counts) if n == 0]


_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def remove_leftover_temps(out_dir: Path) -> list[Path]:
    """Delete the temporary files a killed run left behind (``.name.docx.XXXXXXXX.tmp``)."""
    removed = []
    if out_dir.is_dir():
        for p in out_dir.rglob(".*.tmp"):
            m = _TEMP.match(p.name)
            if m and (m["name"].endswith(".docx") or m["name"] in (MANIFEST, CACHE)) and p.is_file():
                p.unlink()
                removed.append(p)
    return removed


def template_hashes(templates_dir: str | os.PathLike | None) -> dict:
    from .produce import template_path

    return {k: _file_sha(template_path(k, templates_dir)) for k in KINDS}


def _source_key(src: Source, corrections: list[Correction], opts: Options, old: dict, cached: dict | None,
                base_sha: str | None) -> tuple[str | None, list[int] | None, str | None]:
    """(key, correction counts, file sha) of a source when they can be known without parsing it."""
    if src.path is not None:
        file_sha = _file_sha(Path(src.path))
        if file_sha is None or not cached or not old.get("sha256") == cached.get("sha256") == file_sha:
            return None, None, file_sha
        pairs = ((tuple(p), s) for p, s in cached["strings"])
        counts = count_matches(pairs, corrections, src.names)
        ident: Any = file_sha
    else:
        if src.problems:
            return None, None, None
        corrected, counts = apply_corrections(src.data, corrections, src.names)
        ident, file_sha = _digest(corrected), None
    applied = [c.identity() for c, n in zip(corrections, counts) if n]
    return _digest([ident, base_sha, applied, opts.fingerprint(), src.kinds]), counts, file_sha


def _intact(entry: dict, out_dir: Path, outputs: dict) -> bool:
    for rel in entry.get("outputs", []):
        o = outputs.get(rel)
        if o is None or _file_sha(out_dir / rel) != o.get("sha256"):
            return False
    return True


def run_batch(input_path: str | os.PathLike, out_dir: str | os.PathLike, *,
              base: str | os.PathLike | None = None, sheet: str | None = None,
              corrections: list[Correction] | None = None, kinds: Iterable[str] | None = None,
              per_invitee: bool = False, templates_dir: str | os.PathLike | None = None,
              repair: bool = True, jobs: int | None = None, changes: bool = False,
              progress: Callable[[SourceResult, int, int], None] | None = None) -> BatchResult:
    """Render every source of ``input_path`` into ``out_dir``; only out-of-date outputs are rendered."""
    corrections = list(corrections or [])
    out = Path(out_dir)
    sources = collect_sources(input_path, base=base, sheet=sheet)
    opts = Options(tuple(kinds) if kinds else None, per_invitee,
                   str(templates_dir) if templates_dir else None, repair, template_hashes(templates_dir), changes)
    base_sha = _file_sha(Path(base)) if base else None
    remove_leftover_temps(out)
    manifest = Manifest(out)
    old_sources, old_outputs = dict(manifest.sources), dict(manifest.outputs)

    results: list[SourceResult] = []
    todo: list[tuple[Source, dict, str | None]] = []
    for src in sources:
        prev_src = old_sources.get(src.id, {})
        key, counts, file_sha = _source_key(src, corrections, opts, prev_src, manifest.cache.get(src.id), base_sha)
        if key is not None and prev_src.get("key") == key and _intact(prev_src, out, old_outputs):
            outs = [OutputResult(rel, "skipped", old_outputs[rel]) for rel in prev_src.get("outputs", [])
                    if not opts.kinds or old_outputs[rel]["kind"] in opts.kinds]
            results.append(SourceResult(src.id, src.display, True, outputs=outs, counts=counts,
                                        file_sha=file_sha, fresh=True))
        else:
            prev = {rel: old_outputs[rel] for rel in prev_src.get("outputs", []) if rel in old_outputs}
            todo.append((src, prev, key))

    total = len(sources)
    if progress:
        for i, r in enumerate(results, 1):
            progress(r, i, total)

    def finish(res: SourceResult, src: Source, key: str | None) -> None:
        if res.ok:
            if key is None:
                key = _source_key_after(src, res, corrections, opts, base_sha)
            entry = {"file": src.path or src.display, "sha256": res.file_sha, "key": key,
                     "corrections": [{**c.identity(), "count": n} for c, n in zip(corrections, res.counts) if n]}
            manifest.update(res, entry, opts.kinds)
            manifest.write(force=False)
        results.append(res)
        if progress:
            progress(res, len(results), total)

    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(todo) <= 1:
        for src, prev, key in todo:
            finish(process_source(src, corrections, opts, str(out), prev), src, key)
    else:
        tasks = [(part, prev, key) for src, prev, key in todo for part in split(src, opts, jobs)]
        size = max(1, min(8, len(tasks) // (jobs * 4)))
        chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        pending: dict[str, list[SourceResult | None]] = {}
        if mp.get_start_method() == "fork":
            from .fields import warm_up
            warm_up(opts.repair)  # forked workers inherit the loaded model
        with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_run_chunk, [(s, p) for s, p, _ in ch], corrections, opts, str(out)): ch
                       for ch in chunks}
            for fut in cf.as_completed(futures):
                try:
                    done = fut.result()
                except Exception as exc:  # noqa: BLE001 -- a worker died (killed, out of memory): its records failed
                    done = [SourceResult(s.id, s.display, False, counts=[0] * len(corrections),
                                         errors=[f"{s.display}: tiến trình soạn bị dừng ({type(exc).__name__}); "
                                                 "chạy lại lệnh để hoàn tất."]) for s, _, _ in futures[fut]]
                for (src, _, key), res in zip(futures[fut], done):
                    if src.part is None:
                        finish(res, src, key)
                        continue
                    parts = pending.setdefault(src.id, [None] * src.part[1])
                    parts[src.part[0]] = res
                    if all(parts):
                        finish(merge_parts(parts), replace(src, part=None), key)

    manifest.drop_sources({s.id for s in sources})
    manifest.write()
    stale = sorted(manifest.stale)
    order = {s.id: i for i, s in enumerate(sources)}
    results.sort(key=lambda r: order[r.id])
    counts = [sum(r.counts[i] for r in results if r.counts) for i in range(len(corrections))]
    return BatchResult(results, corrections, counts, stale, out)


def _source_key_after(src: Source, res: SourceResult, corrections: list[Correction], opts: Options,
                      base_sha: str | None) -> str:
    """The source key once a worker has read the file (first run, or the file changed)."""
    if src.path is not None:
        ident: Any = res.file_sha
    else:
        ident = _digest(apply_corrections(src.data, corrections, src.names)[0])
    return _digest([ident, base_sha, res.applied, opts.fingerprint(), src.kinds])


# ---------------------------------------------------------------- the clerk's summary

STATUS_LABELS = {"new": "tạo mới", "changed": "đã thay đổi", "restored": "tạo lại", "unchanged": "không đổi",
                 "skipped": "không đổi"}


def summary(result: BatchResult, *, changes: bool = False) -> list[str]:
    """The Vietnamese end-of-batch report: counts, failures, unused corrections, stale files, changes."""
    written = result.written
    unchanged = result.outputs("unchanged", "skipped")
    failed = result.failed
    lines = [f"Đã soạn {len(written)} văn bản, {len(unchanged)} văn bản không đổi, "
             f"{len(failed)} hồ sơ lỗi (tổng {len(result.results)} hồ sơ) — thư mục {result.out_dir}."]
    for o in written:
        if o.status == "restored":
            lines.append(f"Đã tạo lại {o.path} ({o.note}).")
    for c, n in zip(result.corrections, result.counts):
        if n:
            lines.append(f"Sửa lỗi {c.describe()}: {n} chỗ.")
    for c in result.unused_corrections:
        lines.append(f"Cảnh báo: sửa lỗi {c.describe()} (dòng {c.line}) không khớp chỗ nào — "
                     "kiểm tra lại chính tả trong tệp sửa lỗi.")
    if result.stale:
        lines.append(f"{len(result.stale)} tệp cũ không còn được tạo ra (giữ nguyên, không xóa):")
        lines += [f"  {rel}" for rel in result.stale]
    seen: dict[str, list[str]] = {}
    for r in result.results:
        for w in r.warnings:
            seen.setdefault(w, []).append(r.display)
    for w, where in seen.items():
        lines.append(f"{where[0]}: {w}" if len(where) == 1 else f"{w} — ở {len(where)} hồ sơ, ví dụ {where[0]}")
    for r in failed:
        lines.append(f"Lỗi hồ sơ {r.display}:")
        lines += [f"  {e}" for err in r.errors for e in err.splitlines()]
    if changes:
        changed = [o for o in written if o.status in ("changed", "restored")]
        new = [o for o in written if o.status == "new"]
        if changed or new:
            lines.append("Các văn bản thay đổi:")
        for o in changed:
            lines.append(f"* {o.path}")
            lines += [f"    {d}" for d in o.diff] or ["    (chỉ thay đổi định dạng, nội dung chữ giữ nguyên)"]
        for o in new:
            lines.append(f"* {o.path} (văn bản mới)")
    return lines
