"""`docgen batch --jobs 2` as a real process: kill -9 of the parent, Ctrl+C of the whole group."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docgen.batch import MANIFEST, run_batch

from test_batch import write_records

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")


def descendants(pid: int) -> set[int]:
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    for c in map(int, fh.read().split()):
                        if c not in out:
                            out.add(c)
                            todo.append(c)
        except OSError:
            pass
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def docs(out: Path) -> set[str]:
    return {str(p) for p in out.rglob("*.docx")} if out.exists() else set()


def _as_in_a_terminal() -> None:
    """A command typed at a terminal gets SIGINT's default action. A test run started in the
    background of a non-interactive shell (CI, `make test &`) inherits SIGINT ignored, and Python
    then installs no KeyboardInterrupt handler: Ctrl+C would be ignored, as the shell intends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(tmp_path: Path, n: int) -> tuple[subprocess.Popen, Path, set[int]]:
    write_records(tmp_path / "in", n)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "batch", str(tmp_path / "in"), "-o", str(out),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_as_in_a_terminal)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and len(docs(out)) < 4 and proc.poll() is None:
        workers |= descendants(proc.pid)
        time.sleep(0.01)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    workers |= descendants(proc.pid)
    assert len(workers) >= 2, workers
    return proc, out, workers


def cleanup(pids: set[int]) -> None:
    for pid in pids:  # only ours, only if the test failed to see them go
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_workers_die_with_a_killed_parent(tmp_path):
    proc, out, workers = start(tmp_path, 60)
    try:
        proc.kill()
        proc.communicate()
        deadline = time.monotonic() + 3
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if alive(w)], "workers outlived their parent"
        written = docs(out)
        time.sleep(1)
        assert docs(out) == written  # nobody is writing any more
        assert 0 < len(written) < 120
    finally:
        cleanup(workers)


def test_ctrl_c_stops_a_parallel_batch_at_once(tmp_path):
    proc, out, workers = start(tmp_path, 60)
    try:
        before = docs(out)
        t0 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole foreground group
        _, err = proc.communicate(timeout=20)
        took = time.monotonic() - t0
        at_exit = docs(out)
        # "At once" is judged by the work done after Ctrl+C (before the fix: seconds and hundreds of
        # files more), not by a wall-clock figure that a loaded machine stretches; the time bound
        # only catches a hang.
        assert len(at_exit - before) <= 8, f"{len(at_exit - before)} files written after Ctrl+C"
        assert took < 10.0, f"stopped after {took:.2f} s"
        assert proc.returncode == 130
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        assert err.strip().splitlines()[-1] in ("Đã hủy.", "Đã dừng theo yêu cầu; không có tệp nào bị ghi dở.")
        assert not [w for w in workers if alive(w)], "workers still running after exit"
        time.sleep(1.5)
        assert docs(out) == at_exit, "files written after the command returned"
        assert 0 < len(at_exit) < 120
        # What was finished is recorded; the next run completes the rest and nothing else.
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        recorded = set(manifest["outputs"])
        assert {str(out / rel) for rel in recorded} <= at_exit  # (a chunk may not have come back yet)
        again = run_batch(tmp_path / "in", out, jobs=1)
        assert not again.failed and len(docs(out)) == 120
        assert {o.path for o in again.written} <= {str(Path(p).relative_to(out)) for p in docs(out)}
        assert not {o.path for o in again.written} & recorded
    finally:
        cleanup(workers)
