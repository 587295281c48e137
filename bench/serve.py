#!/usr/bin/env python3
"""`docgen serve` under an office's load: 8 threads × 50 requests on 127.0.0.1.

    python bench/serve.py [--threads 8] [--requests 50] [--pg postgresql://…] [--only sqlite|postgresql]

Starts the real server (`docgen serve --port 0 --threads 8`, waitress) once per database —
a fresh SQLite file, and a fresh database on a PostgreSQL server (``--pg``, else
``$DOCGEN_TEST_PG``, else one started from Debian's binaries with .ci/postgres.sh) — and, for
each, after two warm-up requests of each kind (templates compiled, the repair model loaded),
times two requests, every client thread with its own session (cookie, CSRF token):

- form submit: POST /produce/giay-moi with the bundled record (validate, render the DOCX,
  save the record and the result in one transaction), a new form token each time;
- clean upload: POST /clean with a short OCR-damaged report (every edit proposed, the upload
  and the review stored).

A request counts as an error unless it answers 303 (the redirect to its result). Prints
p50/p95/max in milliseconds and errors per case; target (issue 16): form submit p95 ≤ 300 ms,
0 errors. Each case also prints the load average (1, 5, 15 min) before and after it: on a
shared machine the figures mean little without it. The last lines are
`RESULT db=… case=… p50_ms=… p95_ms=… max_ms=… errors=… load=…`.
Only loopback traffic.
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.io.loaders import coerce_dates, load_data  # noqa: E402
from docgen.web.forms import KIND_SECTIONS, form_values  # noqa: E402

FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"
REPORT = ("Hội nghị do ông chí Trần Văn Biên chủ trì.\n"
          "Tham dự có đại diện B K học và u t  và các Khi thi đua .\n"
          "Bộ Kê hoạch và Đầu tư đánh giá cao kết quả của Khi thi đua năm 2021.\n").encode()


def docgen_command(given: str | None = None) -> list[str]:
    """The server to start: ``--docgen`` (another checkout's, for a before/after run), else this
    interpreter's."""
    if given:
        return [given]
    script = Path(sys.executable).with_name("docgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "docgen"]


def pg_database(url: str | None) -> tuple[str, object]:
    """A fresh database on a PostgreSQL server: (url, cleanup)."""
    import psycopg

    stop = None
    if not url:
        out = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True,
                             check=True).stdout
        env = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines() if "=" in line)
        url = env["DOCGEN_TEST_PG"]
        stop = [*env["DOCGEN_TEST_PG_CTL"].strip("'").split(), "-D", f"{env['DOCGEN_TEST_PG_DIR']}/data",
                "-m", "fast", "stop"]
    name = "docgen_bench_" + secrets.token_hex(4)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")

    def cleanup() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if stop:
            subprocess.run(stop, capture_output=True, check=False)

    return url.rsplit("/", 1)[0] + "/" + name, cleanup


def start_server(database: str, threads: int, docgen: str | None = None) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([*docgen_command(docgen), "serve", "--port", "0", "--threads", str(threads),
                             "--db", database], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    if not found:
        proc.kill()
        raise SystemExit(f"docgen serve did not start: {line}{proc.stderr.read() if proc.stderr else ''}")
    return proc, found[1]


def session(base: str) -> tuple[requests.Session, str]:
    s = requests.Session()
    page = s.get(base + "produce/giay-moi", timeout=60).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        raise SystemExit("the form page has no CSRF token")
    return s, found[1]


def run_case(base: str, threads: int, n: int, case: str) -> tuple[list[float], int]:
    data, _ = coerce_dates(load_data(FIXTURE)[0])
    values = {k: v for k, v in form_values(data).items() if k.split(".")[0] in KIND_SECTIONS["giay-moi"]}
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker() -> None:
        s, token = session(base)
        barrier.wait()
        for _ in range(n):
            t0 = time.perf_counter()
            try:
                if case == "form submit":
                    r = s.post(base + "produce/giay-moi", data={**values, "csrf_token": token,
                                                                 "__form": secrets.token_urlsafe(18)},
                               allow_redirects=False, timeout=120)
                else:
                    r = s.post(base + "clean", data={"csrf_token": token, "threshold": "0.9"},
                               files={"file": ("bao-cao.txt", REPORT, "text/plain")},
                               allow_redirects=False, timeout=120)
                ok = r.status_code == 303
            except requests.RequestException:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                times.append(dt)
                errors[0] += not ok

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return times, errors[0]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--requests", type=int, default=50, help="requests per thread and case")
    ap.add_argument("--pg", default=os.environ.get("DOCGEN_TEST_PG"))
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    ap.add_argument("--case", choices=["form-submit", "clean-upload"], help="only this case")
    ap.add_argument("--docgen", help="the docgen executable to serve with (default: this checkout's)")
    args = ap.parse_args()
    cases = [c for c in ("form submit", "clean upload") if not args.case or c == args.case.replace("-", " ")]
    results = []
    for kind in ("sqlite", "postgresql"):
        if args.only and kind != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
            cleanup = None
            database = str(Path(tmp, "bench.sqlite3"))
            if kind == "postgresql":
                database, cleanup = pg_database(args.pg)
            proc, base = start_server(database, args.threads, args.docgen)
            try:
                run_case(base, 1, 2, "form submit")  # warm up: templates, the repair model, connections
                run_case(base, 1, 2, "clean upload")
                for case in cases:
                    before = os.getloadavg()
                    times, errors = run_case(base, args.threads, args.requests, case)
                    load = "/".join(f"{a:.1f}-{b:.1f}" for a, b in zip(before, os.getloadavg()))
                    ms = [t * 1000 for t in times]
                    results.append((kind, case, statistics.median(ms), pct(ms, 0.95), max(ms), errors, load))
                    print(f"{kind:10s} {case:12s}  n={len(ms)}  p50 {results[-1][2]:7.1f} ms  "
                          f"p95 {results[-1][3]:7.1f} ms  max {results[-1][4]:7.1f} ms  errors {errors}  "
                          f"load (1/5/15 min, before-after) {load}", flush=True)
            finally:
                proc.terminate()
                proc.wait(30)
                if cleanup:
                    cleanup()  # type: ignore[operator]
    for kind, case, p50, p95, mx, errors, load in results:
        print(f"RESULT db={kind} case={case.replace(' ', '-')} p50_ms={p50:.1f} p95_ms={p95:.1f} "
              f"max_ms={mx:.1f} errors={errors} load={load}")


if __name__ == "__main__":
    main()
