#!/usr/bin/env python3
"""Whole-process start-up cost of the command line, against `python -c "import click"`.

    python bench/startup.py [-n 7]

Each figure is the median wall time of n runs of a fresh process (the interpreter of this
venv, its `docgen` entry point). Targets (issue 12): `docgen --help` ≤ 3× `import click`;
`docgen render` of the fixture, with nothing to repair, ≤ 0.35 s. The last line is
`RESULT click_s=… help_s=… ratio=… render_s=…`.
"""
from __future__ import annotations

import argparse
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


def median_wall(argv: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, check=False, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=7, help="runs of each command (median)")
    n = ap.parse_args().n
    docgen = docgen_command()
    click_s = median_wall([sys.executable, "-c", "import click"], n)
    help_s = median_wall([*docgen, "--help"], n)
    with tempfile.TemporaryDirectory() as out:
        render_s = median_wall([*docgen, "render", str(FIXTURE), "-o", out], n)
    ratio = help_s / click_s
    print(f"python -c 'import click'  {click_s:.3f} s")
    print(f"docgen --help             {help_s:.3f} s  ({ratio:.2f}× import click; target ≤ 3×)")
    print(f"docgen render (fixture)   {render_s:.3f} s  (target ≤ 0.35 s)")
    print(f"RESULT click_s={click_s:.3f} help_s={help_s:.3f} ratio={ratio:.2f} render_s={render_s:.3f}")


if __name__ == "__main__":
    main()
