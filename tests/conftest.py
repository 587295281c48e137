"""Shared by every test module: where the repository and its fixture are, how to run `docgen`."""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "khoi-thi-dua-2022.yaml"  # the bundled record of `make demo`


def docgen_command() -> list[str]:
    """The command that runs docgen in a child process: the `docgen` script installed beside this
    interpreter (whatever the venv is called), else `python -m docgen`."""
    script = Path(sys.executable).with_name("docgen")
    if script.is_file():
        return [str(script)]
    found = shutil.which("docgen", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "docgen"]


# The record-field and compiled-template caches (docgen.fields, docgen.render.compiled) of this
# test session: shared by the session's processes, never the user's own cache folder, gone with
# the session.
_FIELD_CACHE = tempfile.mkdtemp(prefix="docgen-field-cache-")
os.environ.setdefault("DOCGEN_FIELD_CACHE", _FIELD_CACHE)
os.environ.setdefault("DOCGEN_TEMPLATE_CACHE", _FIELD_CACHE)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_FIELD_CACHE, ignore_errors=True)
