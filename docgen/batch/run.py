"""Running a batch: decide what is out of date, render it (on several processes), record it.

An output is up to date when the hash of its inputs (normalized record, kind, invitee, template
bytes, docgen version) equals the manifest's and the file still has the recorded sha256; it is
then neither rendered nor touched. Otherwise it is rendered, and written only if its bytes differ
from the file on disk — an unchanged document keeps its bytes and modification time. A folder
source whose file, applicable corrections, options and templates are all unchanged is skipped
without even being parsed.

Rendering runs on ``jobs`` processes. Workers die with the parent (``PR_SET_PDEATHSIG`` on
Linux, and a thread watching ``os.getppid()`` everywhere). Ctrl+C reaches the whole foreground
group: a worker that gets it writes nothing more (it does not wait for the parent to be scheduled,
which a loaded machine delays) and otherwise leaves the interrupt to the parent, which, on
KeyboardInterrupt, raises the stop flag the workers check before each write, cancels what is
queued, terminates the workers and waits for them, records what was finished, and only then
lets the interrupt through — no file is written once the command has returned. Every write is
atomic and the manifest is rewritten (atomically) as results arrive, so a killed batch leaves no
half-written file and the next run completes it. Outputs no longer produced are listed, never
deleted.
"""
from __future__ import annotations

import concurrent.futures as cf
import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..corrections import Correction, apply_corrections, count_matches, strings
from ..errors import DocgenError, InputError
from ..io.atomic import atomic_write
from ..io.loaders import load_data
from ..kinds import SLUGS as KINDS
from ..kinds import kind as doc_kind
from ..kinds import template_path
from .manifest import (FileHashes, Manifest, corrections_key, digest, file_sha, output_key, remove_leftover_temps,
                       sha256, source_key)
from .sources import Source, collect_sources, deep_merge, split

if TYPE_CHECKING:
    from ..model import Record

# Rendering (the model and pydantic, the normalizers, the templates, lxml) is imported by the
# worker side when a source is out of date, never by a run whose sources are all up to date:
# the manifest proves those unchanged (file sha, corrections, options, templates) without
# parsing or validating them, and importing what renders would be most of such a run's time.

# ---------------------------------------------------------------- options and results


@dataclass(frozen=True)
class Options:
    kinds: tuple[str, ...] | None
    per_invitee: bool
    templates_dir: str | None
    repair: bool
    template_sha: dict          # kind → sha256 of the template file (None if missing)
    changes: bool
    base_sha: str | None = None
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
    key: str | None = None                            # the source key (see manifest.source_key)
    warnings: list[str] = field(default_factory=list)
    fresh: bool = False                               # skipped whole, not even parsed


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


class Stopped(KeyboardInterrupt):
    """The batch is being stopped (Ctrl+C): a worker writes nothing more. A KeyboardInterrupt, so
    that one coming back from a worker before the parent's own is handled as that interrupt."""


# ---------------------------------------------------------------- the worker side

_STOP: Any = None  # in a worker process: the parent's stop flag (a multiprocessing Event)
_INTERRUPTED = False  # in a worker process: Ctrl+C reached it (set by its SIGINT handler)


def _stopping() -> bool:
    """In a worker: the batch is being stopped (Ctrl+C seen here, or the parent's flag)."""
    return _INTERRUPTED or (_STOP is not None and _STOP.is_set())


def _plan(record: Record, opts: Options, default_kinds: tuple[str, ...] | None) -> list[tuple[str, int | None]]:
    have = record.kinds()
    wanted = list(opts.kinds or default_kinds or have)
    missing = [k for k in wanted if k not in have]
    if opts.kinds and missing:
        raise InputError("hồ sơ không có dữ liệu cho " + ", ".join(doc_kind(k).label for k in missing) + ".")
    out: list[tuple[str, int | None]] = []
    for kind in (k for k in KINDS if k in wanted and k in have):
        if kind == "giay-moi" and opts.per_invitee and record.invitation is not None:
            out += [(kind, i) for i in range(len(record.invitation.invitees))]
        else:
            out.append((kind, None))
    if not out:
        raise InputError("hồ sơ không có văn bản nào để soạn.")
    return out


def _ident(file_hash: str | None, corrected: Any) -> str:
    """What identifies a source's content in its key: its file, or its corrected data."""
    return file_hash if file_hash is not None else digest(corrected)


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
    from ..fields import normalize_record
    from ..produce import context, filename
    from ..render.engine import load_template
    from ..validation.record import validate_data
    from .summary import text_diff

    if src.problems:
        raise InputError("\n".join(src.problems))
    lines = None
    data: Any
    if src.path is not None:
        res.file_sha = sha256(Path(src.path).read_bytes())
        data, lines = load_data(src.path)
        if src.base:
            data = deep_merge(src.base, data)
        res.strings = [[list(p), s] for p, s in strings(data)]
    else:
        data = src.data
    data, res.counts = apply_corrections(data, corrections, src.names)
    res.applied = [c.identity() for c, n in zip(corrections, res.counts) if n]
    res.key = source_key(_ident(res.file_sha, data), opts.base_sha, res.applied, opts.fingerprint(), src.kinds)
    record = validate_data(data, src.path or src.display, lines)
    record, changes = normalize_record(record, repair=opts.repair)
    res.warnings = [c.describe() for c in changes if not c.applied]
    record_hash = sha256(record.model_dump_json().encode("utf-8"))
    plan = _plan(record, opts, src.kinds)
    for kind, index in (plan[src.part[0]::src.part[1]] if src.part else plan):
        rel = "/".join(x for x in (src.subdir, filename(record, kind, index)) if x)
        tsha = opts.template_sha.get(kind)
        entry = {"source": src.id, "kind": kind, "invitee": index, "template_sha256": tsha,
                 "corrections": res.applied, "input_sha256": output_key(opts.version, kind, index, tsha, record_hash)}
        target = out / rel
        prev = previous.get(rel)
        old = target.read_bytes() if target.exists() else None
        old_sha = sha256(old) if old is not None else None
        if prev and prev.get("input_sha256") == entry["input_sha256"] and old_sha == prev.get("sha256"):
            res.outputs.append(OutputResult(rel, "skipped", {**entry, "sha256": old_sha}))
            continue
        tpl = load_template(template_path(kind, opts.templates_dir))
        new = tpl.render(context(record, kind, invitee_index=index))
        entry["sha256"] = sha256(new)
        if old == new:
            res.outputs.append(OutputResult(rel, "unchanged", entry))
            continue
        if _stopping():
            raise Stopped
        atomic_write(target, new, inputs=[src.path] if src.path else [], durable=False)
        if old is None:
            status, note = ("restored", "tệp đã bị xóa") if prev else ("new", "")
        elif prev and old_sha != prev.get("sha256"):
            status, note = "restored", "tệp đã bị sửa tay"
        else:
            status, note = "changed", ""
        diff = text_diff(old, new) if opts.changes and old is not None else []
        res.outputs.append(OutputResult(rel, status, entry, diff, note))


def merge_parts(parts: list[SourceResult]) -> SourceResult:
    """The result of a split source: its parts' outputs back in plan order, their errors once."""
    first = parts[0]
    outputs = [p.outputs[i] for i in range(max(len(p.outputs) for p in parts)) for p in parts if i < len(p.outputs)]
    errors = list(dict.fromkeys(e for p in parts for e in p.errors))
    return replace(first, ok=all(p.ok for p in parts), outputs=outputs, errors=errors)


def _run_chunk(chunk: list[tuple[Source, dict]], corrections, opts, out_dir) -> list[SourceResult]:
    return [process_source(s, corrections, opts, out_dir, prev) for s, prev in chunk]


# ---------------------------------------------------------------- worker processes

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` does: the kernel's parent-death signal on Linux,
    and everywhere a daemon thread that exits when the process is re-parented."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the watch was set
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="docgen-parent-watch", daemon=True).start()


def _on_interrupt(signum: int, frame: Any) -> None:
    global _INTERRUPTED
    _INTERRUPTED = True  # only a flag: the stop Event's lock may be held by the interrupted code


def _init_worker(parent: int, stop: Any) -> None:
    global _STOP
    _STOP = stop
    # Ctrl+C is the parent's to handle; the worker only stops writing at once. Where the parent
    # ignores it (a command started in the background), so does the worker.
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else _on_interrupt)
    die_with_parent(parent)


def _stop_workers(pool: cf.ProcessPoolExecutor, stop: Any) -> None:
    """Raise the stop flag, drop what is queued, end the workers and wait until they are gone."""
    stop.set()
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        p.terminate()
    deadline = time.monotonic() + 0.5
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(2)


# ---------------------------------------------------------------- the batch

def template_hashes(templates_dir: str | os.PathLike | None) -> dict:
    return {k: file_sha(template_path(k, templates_dir)) for k in KINDS}


class _Run:
    """One run's bookkeeping: what is fresh, what to render, recording results as they arrive."""

    def __init__(self, sources: list[Source], corrections: list[Correction], opts: Options, out: Path,
                 progress: Callable[[SourceResult, int, int], None] | None):
        self.sources, self.corrections, self.opts, self.out = sources, corrections, opts, out
        self.progress = progress
        self.manifest = Manifest(out)
        self.hashes = FileHashes(out)
        self.spec = corrections_key([c.identity() for c in corrections])
        self.results: list[SourceResult] = []

    def _known_key(self, src: Source, prev: dict) -> tuple[str | None, list[int] | None, str | None]:
        """(key, correction counts, file sha) of a source when they can be known without parsing it."""
        if src.path is None:
            if src.problems:
                return None, None, None
            corrected, counts = apply_corrections(src.data, self.corrections, src.names)
            fsha = None
        else:
            fsha = self.hashes.sha(Path(src.path))
            if fsha is None or prev.get("sha256") != fsha:
                return None, None, fsha
            if prev.get("corrections_sha256") == self.spec:
                counts = list(prev.get("counts") or [0] * len(self.corrections))
            else:
                cached = self.manifest.cached_strings(src.id, fsha)
                if cached is None:
                    return None, None, fsha
                counts = count_matches(((tuple(p), s) for p, s in cached), self.corrections, src.names)
            corrected = None
        applied = [c.identity() for c, n in zip(self.corrections, counts) if n]
        return source_key(_ident(fsha, corrected), self.opts.base_sha, applied, self.opts.fingerprint(),
                          src.kinds), counts, fsha

    def _intact(self, prev: dict) -> bool:
        outputs = self.manifest.outputs
        return all(rel in outputs and self.hashes.sha(self.out / rel) == outputs[rel].get("sha256")
                   for rel in prev.get("outputs", []))

    def _entry(self, src: Source, fsha: str | None, key: str | None, counts: list[int]) -> dict:
        return {"file": src.path or src.display, "sha256": fsha, "key": key,
                "corrections": [{**c.identity(), "count": n} for c, n in zip(self.corrections, counts) if n],
                "counts": counts if self.corrections else [], "corrections_sha256": self.spec}

    def plan(self) -> list[tuple[Source, dict]]:
        """Results for the fresh sources; (source, its previous outputs) for the others."""
        todo = []
        sources, outputs = self.manifest.sources, self.manifest.outputs
        for src in self.sources:
            prev = sources.get(src.id, {})
            key, counts, fsha = self._known_key(src, prev)
            if key is not None and counts is not None and prev.get("key") == key and self._intact(prev):
                outs = [OutputResult(rel, "skipped", outputs[rel]) for rel in prev.get("outputs", [])
                        if not self.opts.kinds or outputs[rel]["kind"] in self.opts.kinds]
                self.manifest.set_source(src.id, {**prev, **self._entry(src, fsha, key, counts),
                                                  "outputs": prev.get("outputs", [])})
                self.results.append(SourceResult(src.id, src.display, True, outputs=outs, counts=counts,
                                                 file_sha=fsha, key=key, fresh=True))
            else:
                todo.append((src, {rel: outputs[rel] for rel in prev.get("outputs", []) if rel in outputs}))
        if self.progress:
            for i, r in enumerate(self.results, 1):
                self.progress(r, i, len(self.sources))
        return todo

    def finish(self, res: SourceResult, src: Source) -> None:
        if res.ok:
            self.manifest.update(src.id, self._entry(src, res.file_sha, res.key, res.counts),
                                 [(o.path, o.entry) for o in res.outputs], kinds=self.opts.kinds,
                                 strings=res.strings)
            for o in res.outputs:
                self.hashes.record(self.out / o.path, o.entry["sha256"])
            self.manifest.write(force=False)
        self.results.append(res)
        if self.progress:
            self.progress(res, len(self.results), len(self.sources))

    def close(self) -> None:
        self.manifest.write()
        self.hashes.write()


def _run_serial(run: _Run, todo: list[tuple[Source, dict]]) -> None:
    for src, prev in todo:
        run.finish(process_source(src, run.corrections, run.opts, str(run.out), prev), src)


def _run_parallel(run: _Run, todo: list[tuple[Source, dict]], jobs: int) -> None:
    tasks = [(part, prev) for src, prev in todo for part in split(src, run.opts.per_invitee, jobs)]
    size = max(1, min(8, len(tasks) // (jobs * 4)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    pending: dict[str, list[SourceResult | None]] = {}
    ctx = mp.get_context()
    if ctx.get_start_method() == "fork":
        from ..fields import warm_up

        warm_up(run.opts.repair)  # forked workers inherit the loaded model
    stop = ctx.Event()
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                  initargs=(os.getpid(), stop))
    try:
        futures = {pool.submit(_run_chunk, ch, run.corrections, run.opts, str(run.out)): ch for ch in chunks}
        for fut in cf.as_completed(futures):
            try:
                done = fut.result()
            except Exception as exc:  # noqa: BLE001 -- a worker died (killed, out of memory): its records failed
                done = [SourceResult(s.id, s.display, False, counts=[0] * len(run.corrections),
                                     errors=[f"{s.display}: tiến trình soạn bị dừng ({type(exc).__name__}); "
                                             "chạy lại lệnh để hoàn tất."]) for s, _ in futures[fut]]
            for (src, _), res in zip(futures[fut], done):
                if src.part is None:
                    run.finish(res, src)
                    continue
                parts = pending.setdefault(src.id, [None] * src.part[1])
                parts[src.part[0]] = res
                if all(parts):
                    run.finish(merge_parts([p for p in parts if p is not None]), replace(src, part=None))
    except BaseException:
        _stop_workers(pool, stop)
        raise
    pool.shutdown()


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
    opts = Options(tuple(kinds) if kinds else None, per_invitee, str(templates_dir) if templates_dir else None,
                   repair, template_hashes(templates_dir), changes, file_sha(Path(base)) if base else None)
    remove_leftover_temps(out)
    run = _Run(sources, corrections, opts, out, progress)
    try:
        todo = run.plan()
        jobs = max(1, jobs or os.cpu_count() or 1)
        if jobs == 1 or len(todo) <= 1:
            _run_serial(run, todo)
        else:
            _run_parallel(run, todo, jobs)
        run.manifest.drop_sources({s.id for s in sources})
    finally:
        run.close()  # an interrupted run records what it finished: the next one completes it
    order = {s.id: i for i, s in enumerate(sources)}
    results = sorted(run.results, key=lambda r: order[r.id])
    counts = [sum(r.counts[i] for r in results if r.counts) for i in range(len(corrections))]
    return BatchResult(results, corrections, counts, sorted(run.manifest.stale), out)
