#!/usr/bin/env python3
"""Regenerate at scale: `docgen batch` over a folder of records, full and incremental.

    .venv/bin/python bench/batch.py [--docs 2000] [--jobs N]

Builds a folder of records from fixtures/khoi-thi-dua-2022.yaml (4 documents each; every record
gets its own numbers and a different attendee), then times, as a clerk would run them (the
`docgen batch` command in a fresh process, wall clock):

1. a full run at --jobs 1 into an empty folder;
2. a full run at --jobs N (default: all cores) into another empty folder;
3. an incremental re-run of (2) after adding one correction that touches one record
   (its 4 documents must be re-rendered; every other file must keep its bytes and mtime);
4. the bookkeeping alone (``--noop-records``, default 2,000 records = 8,000 documents): a full
   run at --jobs N, then a re-run with nothing to do, its wall time and peak RSS (``wait4``).
   Target (issue 12): at most 1.0 s and 150 MiB.

``--root`` runs another checkout's ``.venv/bin/docgen`` (an older commit, for "before").
The last line is `RESULT docs=… jobs1_docs_per_s=… jobsN_docs_per_s=… speedup=…
incremental_fraction=… noop_records=… noop_s=… noop_mib=…` (incremental run time / full run
time at --jobs N).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"
DOCGEN = ROOT / ".venv" / "bin" / "docgen"
DOCS_PER_RECORD = 4


def make_records(folder: Path, n: int) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    folder.mkdir(parents=True)
    for i in range(1, n + 1):
        t = (text.replace("number: 3 ", f"number: {i} ")
                 .replace("number: 8 ", f"number: {i} ")
                 .replace("number: 1 ", f"number: {i} ")
                 .replace("name: Lê Văn Minh", f"name: Lê Văn Minh {_suffix(i)}"))
        (folder / f"hoi-nghi-{i:04d}.yaml").write_text(t, encoding="utf-8")


def _suffix(i: int) -> str:
    """A distinct, plausible given-name suffix per record (so each record has unique text)."""
    names = ["An", "Bình", "Châu", "Dũng", "Giang", "Hải", "Khoa", "Long", "Nam", "Phúc"]
    return f"{names[i % 10]} {names[(i // 10) % 10]} {names[(i // 100) % 10]}"


LAST_RSS_MIB = 0.0


def run(args: list[str]) -> tuple[float, str]:
    """Wall time and first summary line of one `docgen batch`; prints its CPU time (all processes)
    and the peak RSS of the process (and of the workers it waited for)."""
    global LAST_RSS_MIB
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(DOCGEN), "batch", *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        dt = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        sys.exit(f"docgen batch failed ({proc.returncode}):\n{stdout}\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    LAST_RSS_MIB = usage.ru_maxrss / 1024
    print(f"  [{' '.join(args[3:]) or 'batch'}] wall {dt:.2f} s, CPU {cpu:.2f} s, peak RSS {LAST_RSS_MIB:.0f} MiB, "
          f"load average now {os.getloadavg()[0]:.1f}")
    return dt, stdout.splitlines()[0]


def mtimes(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*.docx")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="documents to produce (4 per record)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the parallel run")
    ap.add_argument("--noop-records", type=int, default=2000, help="records for the no-op bookkeeping run (0: skip)")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose .venv/bin/docgen runs")
    ap.add_argument("--only-noop", action="store_true", help="run step 4 only")
    a = ap.parse_args()
    global DOCGEN
    DOCGEN = a.root.resolve() / ".venv" / "bin" / "docgen"
    if a.only_noop:
        noop(a.noop_records, a.jobs)
        return
    records = max(1, a.docs // DOCS_PER_RECORD)
    docs = records * DOCS_PER_RECORD
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        tmp = Path(tmp)
        make_records(tmp / "in", records)
        print(f"{records} records, {docs} documents, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} (other processes slow the parallel run down)")

        t1, line = run([str(tmp / "in"), "-o", str(tmp / "out1"), "--jobs", "1"])
        print(f"--jobs 1:  {t1:7.2f} s  {docs / t1:8.1f} docs/s   {line}")
        tn, line = run([str(tmp / "in"), "-o", str(tmp / "outN"), "--jobs", str(a.jobs)])
        print(f"--jobs {a.jobs}:  {tn:7.2f} s  {docs / tn:8.1f} docs/s   {line}")

        target = records // 2 + 1
        fixes = tmp / "fixes.yaml"
        fixes.write_text(f'- find: "Lê Văn Minh {_suffix(target)}"\n  replace: "Lê Văn Minh {_suffix(target)} Sơn"\n',
                         encoding="utf-8")
        before = mtimes(tmp / "outN")
        ti, line = run([str(tmp / "in"), "-o", str(tmp / "outN"), "--jobs", str(a.jobs),
                        "--corrections", str(fixes)])
        after = mtimes(tmp / "outN")
        touched = sorted(Path(k).parent.name for k in after if after[k] != before.get(k))
        print(f"incremental: {ti:7.2f} s  ({ti / tn:.3f} of the full run)   {line}")
        print(f"  files rewritten: {len([k for k in after if after[k] != before.get(k)])} "
              f"(all in {sorted(set(touched))})")
        # Floor: what a run costs when there is nothing to do at all.
        t0, line = run([str(tmp / "in"), "-o", str(tmp / "outN"), "--jobs", str(a.jobs),
                        "--corrections", str(fixes)])
        print(f"no-op re-run: {t0:6.2f} s   {line}")
    n, noop_s, noop_mib = noop(a.noop_records, a.jobs) if a.noop_records else (0, 0.0, 0.0)
    print(f"RESULT docs={docs} jobs1_docs_per_s={docs / t1:.1f} jobsN_docs_per_s={docs / tn:.1f} "
          f"speedup={t1 / tn:.2f} incremental_fraction={ti / tn:.3f} noop_records={n} noop_s={noop_s:.2f} "
          f"noop_mib={noop_mib:.0f}")


def noop(records: int, jobs: int) -> tuple[int, float, float]:
    """A re-run with nothing to do over ``records`` records: (records, wall time, peak RSS MiB)."""
    with tempfile.TemporaryDirectory(prefix="docgen-bench-noop-") as tmp:
        tmp = Path(tmp)
        make_records(tmp / "in", records)
        fixes = tmp / "fixes.yaml"  # a corrections file that touches nothing: the usual re-run
        fixes.write_text('- find: "Phòng họp không có"\n  replace: "Phòng họp"\n', encoding="utf-8")
        args = [str(tmp / "in"), "-o", str(tmp / "out"), "--jobs", str(jobs), "--corrections", str(fixes)]
        tf, _ = run(args)
        print(f"bookkeeping: full run of {records} records ({records * DOCS_PER_RECORD} documents) {tf:.1f} s")
        time.sleep(2.5)  # past the stat file's two-second window: a clerk re-runs minutes later
        before = mtimes(tmp / "out")
        t0, line = run(args)
        rss = LAST_RSS_MIB
        assert mtimes(tmp / "out") == before, "the no-op run rewrote a document"
        print(f"no-op re-run of {records} records: {t0:.2f} s, peak {rss:.0f} MiB   {line}")
        return records, t0, rss


if __name__ == "__main__":
    main()
