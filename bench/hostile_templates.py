#!/usr/bin/env python3
"""Hostile templates (issue #11): time and peak memory until each is refused, one process each.

    python bench/hostile_templates.py

Before the sandbox limits, ``{{ 'x' * 2000000000 }}`` took more than 2.4 GB and nested
``range`` loops ran for minutes; each is now stopped with a Vietnamese message.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    "{{ 'x' * 2000000000 }}",
    "{{ [1] * 10**9 }}",
    "{{ 2 ** 100000000 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(3000) %}{% for j in range(3000) %}{{ j }}{% endfor %}{% endfor %}",
    "{{ 'x'.ljust(10**9) }}",
]
CHILD = r"""
import io, resource, sys, time
sys.path.insert(0, sys.argv[2])
from docx import Document
from docgen.errors import TemplateError
from docgen.render import DocxTemplate
d = Document(); d.add_paragraph(sys.argv[1]); b = io.BytesIO(); d.save(b)
t0 = time.perf_counter()
try:
    DocxTemplate(b.getvalue(), name="mau.docx").render({})
    outcome = "rendered"
except TemplateError as e:
    outcome = "refused: " + str(e).split(": ", 1)[-1][:70]
dt = time.perf_counter() - t0
print(f"{dt:.2f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, {outcome}")
"""


def main() -> None:
    for case in CASES:
        out = subprocess.run([sys.executable, "-c", CHILD, case, str(ROOT)], capture_output=True, text=True,
                             timeout=300, check=True).stdout.strip()
        print(f"{case[:60]:60s} {out}")


if __name__ == "__main__":
    main()
