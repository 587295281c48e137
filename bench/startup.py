#!/usr/bin/env python3
"""Whole-process start-up cost of the command line, against `python -c "import click"`.

    python bench/startup.py [-n 7]

Each figure is the median wall time of n runs of a fresh process (the interpreter of this
venv, its `docgen` entry point), with its CPU time (user + system) beside it: on a shared
machine the wall time is mostly the wait for a core. Targets (issue 12): `docgen --help` ≤ 3×
`import click`; `docgen render` of the fixture, with nothing to repair, ≤ 0.35 s.

`docgen render` is measured cold (one run with empty record-field and compiled-template caches,
in a fresh folder) and warm (n runs after it: the clerk's usual case, fields and templates seen
before); also with both caches off (every field repaired, every template compiled). The parsed
OCR model's own cache (docgen.normalize.ocr_model) is the user's, as a clerk has it. The last
line is `RESULT click_s=… help_s=… ratio=… render_cold_s=… render_warm_s=… render_off_s=…`.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"


def docgen_command() -> list[str]:
    """The `docgen` script installed beside this interpreter (what a clerk runs)."""
    script = Path(sys.executable).with_name("docgen")
    found = str(script) if script.exists() else shutil.which("docgen")
    return [found] if found else [sys.executable, "-m", "docgen"]


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def clerk_env(**extra: str) -> dict[str, str]:
    """This environment as a clerk's shell has it: bytecode read and written (.pyc), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def compile_bytecode() -> None:
    """Write the package's .pyc files (untimed), as an install does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "docgen")], check=True,
                   env=clerk_env(), stdout=subprocess.DEVNULL)


def median_wall(argv: list[str], n: int, env: dict | None = None) -> tuple[float, float]:
    """(median wall time, median CPU time) of n runs."""
    times, cpus = [], []
    for _ in range(n):
        c0, t0 = _cpu(), time.perf_counter()
        proc = subprocess.run(argv, check=False, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=clerk_env() if env is None else env)
        times.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return statistics.median(times), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=7, help="runs of each command (median)")
    n = ap.parse_args().n
    docgen = docgen_command()
    compile_bytecode()
    click_s, click_cpu = median_wall([sys.executable, "-c", "import click"], n)
    help_s, help_cpu = median_wall([*docgen, "--help"], n)
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        render = [*docgen, "render", str(FIXTURE), "-o", out]
        env = clerk_env(DOCGEN_FIELD_CACHE=cache, DOCGEN_TEMPLATE_CACHE=cache)
        cold_s, cold_cpu = median_wall(render, 1, env)
        warm_s, warm_cpu = median_wall(render, n, env)
        off = clerk_env(DOCGEN_FIELD_CACHE="off", DOCGEN_TEMPLATE_CACHE="off")
        off_s, off_cpu = median_wall(render, n, off)
    ratio = help_s / click_s
    print(f"python -c 'import click'   {click_s:.3f} s  (CPU {click_cpu:.3f} s)")
    print(f"docgen --help              {help_s:.3f} s  (CPU {help_cpu:.3f} s; {ratio:.2f}× import click; target ≤ 3×)")
    print(f"docgen render, cold        {cold_s:.3f} s  (CPU {cold_cpu:.3f} s; empty caches)")
    print(f"docgen render, warm        {warm_s:.3f} s  (CPU {warm_cpu:.3f} s; target ≤ 0.35 s)")
    print(f"docgen render, caches off  {off_s:.3f} s  (CPU {off_cpu:.3f} s)")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    print(f"RESULT click_s={click_s:.3f} help_s={help_s:.3f} ratio={ratio:.2f} render_cold_s={cold_s:.3f} "
          f"render_warm_s={warm_s:.3f} render_off_s={off_s:.3f} render_warm_cpu_s={warm_cpu:.3f}")


if __name__ == "__main__":
    main()
