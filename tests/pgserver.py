"""Databases for the tests: a SQLite file, or a fresh database on a PostgreSQL server.

The server is ``$DOCGEN_TEST_PG`` (a URL; .ci/run starts one with .ci/postgres.sh); without it,
one is started for the test session from Debian's PostgreSQL binaries when they are installed.
The PostgreSQL tests skip, saying why, only when no server can be had — and fail instead when
``DOCGEN_REQUIRE_PG`` is set (CI).
"""
from __future__ import annotations

import atexit
import glob
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_started: dict[str, str] = {}


def server_url() -> str | None:
    """The admin URL of a PostgreSQL server for the tests, starting one if needed and possible."""
    if os.environ.get("DOCGEN_TEST_PG"):
        return os.environ["DOCGEN_TEST_PG"]
    if "url" in _started:
        return _started["url"] or None
    _started["url"] = ""
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        return None
    proc = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True,
                          timeout=120, check=False)
    if proc.returncode != 0:
        _started["error"] = proc.stderr.strip()[-300:]
        return None
    env = dict(line.removeprefix("export ").split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    _started.update(url=env["DOCGEN_TEST_PG"], dir=env["DOCGEN_TEST_PG_DIR"],
                    ctl=env["DOCGEN_TEST_PG_CTL"].strip("'"))
    atexit.register(stop_started_server)
    return _started["url"]


def stop_started_server() -> None:
    if _started.get("dir"):
        subprocess.run([*_started["ctl"].split(), "-D", f"{_started['dir']}/data", "-m", "fast", "stop"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(_started["dir"], ignore_errors=True)


def no_server(reason: str):
    if os.environ.get("DOCGEN_REQUIRE_PG"):
        pytest.fail(f"PostgreSQL is required here (DOCGEN_REQUIRE_PG) but {reason}")
    pytest.skip(f"no PostgreSQL server: {reason} (set DOCGEN_TEST_PG=postgresql://… or install postgresql)")


def fresh_database(tmp_path: Path, kind: str):
    """(url, cleanup) of an empty database of ``kind`` ("sqlite" or "postgresql")."""
    if kind == "sqlite":
        return str(tmp_path / "docgen.sqlite3"), lambda: None
    url = server_url()
    if url is None:
        no_server(_started.get("error") or "none is configured and no PostgreSQL binaries are installed")
    import psycopg

    name = "docgen_test_" + secrets.token_hex(6)
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as exc:
        no_server(f"{url} cannot be reached ({exc})")
    base = url.rsplit("/", 1)[0]

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"{base}/{name}", drop
