"""Results waiting to be downloaded: stored in the database per user, under random tokens.

Nothing a user sends becomes a path: a download names a token and a number, and the file name
it gets is the one docgen made. A result belongs to the user who made it (the anonymous user
"" when the app has no accounts), is listed on that user's page and is kept for
``RESULT_DAYS`` days; expired results are deleted when a new one is stored. Because results live
in the database, they survive a restart and every server of an office sees them.

A result's ``extra`` is plain JSON; what cannot be (a clean review's proposed edits) is made
again from the stored upload when needed, and kept in a small in-process cache.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field

from . import db

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
DEFAULT_DAYS = 7.0
DERIVED = 1000
"""Files made later from a result's file ``n`` (its PDF, its page images) are numbered from here."""


@dataclass
class StoredFile:
    filename: str
    data: bytes
    mimetype: str


@dataclass
class Result:
    """One produced result: its files and whatever the page that made it needs to show it again."""

    files: list[StoredFile] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    token: str = ""
    user: str = ""
    created: str = ""


class ResultStore:
    """Results in the app's database (``conn`` is the request's connection)."""

    def __init__(self, days: float = DEFAULT_DAYS):
        self.days = days

    def put(self, conn: db.Conn, result: Result, user: str, kind: str, label: str) -> str:
        token = secrets.token_urlsafe(18)
        now = dt.datetime.now().replace(microsecond=0)
        expires = now + dt.timedelta(days=self.days)
        with conn.transaction():
            self._purge(conn, now)
            conn.execute("INSERT INTO results (token, username, kind, label, extra, created, expires) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (token, user, kind, label, json.dumps(result.extra, ensure_ascii=False),
                          now.isoformat(sep=" "), expires.isoformat(sep=" ")))
            for n, f in enumerate(result.files):
                self._insert_file(conn, token, n, f)
        return token

    @staticmethod
    def _insert_file(conn: db.Conn, token: str, n: int, f: StoredFile) -> None:
        conn.execute("INSERT INTO result_files (token, n, filename, mimetype, data) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT DO NOTHING", (token, n, f.filename, f.mimetype, f.data))

    @staticmethod
    def _purge(conn: db.Conn, now: dt.datetime) -> None:
        old = [r[0] for r in conn.execute("SELECT token FROM results WHERE expires < ?",
                                          (now.isoformat(sep=" "),)).fetchall()]
        for token in old:
            conn.execute("DELETE FROM result_files WHERE token=?", (token,))
            conn.execute("DELETE FROM results WHERE token=?", (token,))

    def get(self, conn: db.Conn, token: str, user: str, kind: str | None = None) -> Result | None:
        """The result ``token`` of ``user`` (None when unknown, expired, another user's or another kind)."""
        if not TOKEN.fullmatch(token or ""):
            return None
        row = conn.execute("SELECT username, kind, extra, created, expires FROM results WHERE token=?",
                           (token,)).fetchone()
        now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        if row is None or row["username"] != user or row["expires"] < now or (kind and row["kind"] != kind):
            return None
        files = [StoredFile(r["filename"], bytes(r["data"]), r["mimetype"]) for r in conn.execute(
            "SELECT filename, mimetype, data FROM result_files WHERE token=? AND n < ? ORDER BY n",
            (token, DERIVED)).fetchall()]
        return Result(files, json.loads(row["extra"]), token, row["username"], row["created"])

    def derived(self, conn: db.Conn, token: str, n: int) -> StoredFile | None:
        row = conn.execute("SELECT filename, mimetype, data FROM result_files WHERE token=? AND n=?",
                           (token, n)).fetchone()
        return None if row is None else StoredFile(row["filename"], bytes(row["data"]), row["mimetype"])

    def add_derived(self, conn: db.Conn, token: str, n: int, f: StoredFile) -> None:
        self._insert_file(conn, token, n, f)

    def list(self, conn: db.Conn, user: str, limit: int = 100) -> list[dict]:
        now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        return [{"token": r["token"], "kind": r["kind"], "label": r["label"], "created": r["created"],
                 "expires": r["expires"]}
                for r in conn.execute("SELECT token, kind, label, created, expires FROM results "
                                      "WHERE username=? AND expires >= ? ORDER BY created DESC LIMIT ?",
                                      (user, now, limit)).fetchall()]
