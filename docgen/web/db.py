"""The web app's embedded SQLite database: saved meetings and the names typed into them.

A clerk types an agency, a signer or a person once; every later form offers them again
(``<datalist>`` suggestions). Saved meetings hold the record data exactly as the form produced
it (JSON, dates as ISO text), so they can be opened again, exported as YAML or imported back.

The schema evolves by ordered migration steps; ``schema_version`` holds how many have run.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any
from collections.abc import Iterable

ENV_VAR = "DOCGEN_DB"
"""Environment variable naming the database file (tests point it at a temporary folder)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: meetings and the names they mention
    """
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        kinds TEXT NOT NULL,
        data TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE TABLE agencies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL
    );
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        unit TEXT NOT NULL DEFAULT '',
        UNIQUE (name, title, unit)
    );
    CREATE TABLE signers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        title TEXT NOT NULL,
        authority TEXT NOT NULL DEFAULT '',
        on_behalf_of TEXT NOT NULL DEFAULT '',
        UNIQUE (name, title, authority, on_behalf_of)
    );
    """,
    # 2: places typed into meetings and agencies, and newest-first listing
    """
    CREATE TABLE places (name TEXT PRIMARY KEY);
    CREATE INDEX meetings_updated ON meetings (updated);
    """,
)


def default_path(environ=os.environ) -> Path:
    """``$DOCGEN_DB``, else ``$XDG_DATA_HOME/docgen/docgen.sqlite3`` (``~/.local/share`` by default)."""
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR])
    base = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "docgen" / "docgen.sqlite3"


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migration steps not yet applied, each in its own transaction; the new version."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    if conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 0:
        conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        conn.commit()
    version = schema_version(conn)
    for number, script in enumerate(MIGRATIONS[version:], version + 1):
        conn.executescript(f"BEGIN;\n{script}\nUPDATE schema_version SET version = {number};\nCOMMIT;")
    return schema_version(conn)


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """Open (creating folder and file on first use) and migrate the database at ``path``."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(p)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat())


def meeting_title(data: dict) -> str:
    """A label for a saved record: the meeting title, else the decision or the pledge."""
    meeting, decision, pledge = (data.get(k) or {} for k in ("meeting", "decision", "pledge"))
    if meeting.get("title"):
        return str(meeting["title"])
    if decision.get("subject"):
        return f"Quyết định {decision['subject']}"
    if pledge.get("bloc"):
        return f"Giao ước thi đua năm {pledge.get('year', '')} — {pledge['bloc']}"
    return "Hồ sơ chưa đặt tên"


# ---------------------------------------------------------------- meetings

def save_meeting(conn: sqlite3.Connection, data: dict, kinds: Iterable[str],
                 meeting_id: int | None = None) -> int:
    """Insert (or replace ``meeting_id``) a record's data; remember the names it mentions."""
    now, text, kinds_text = _now(), _json(data), ",".join(kinds)
    with conn:
        if meeting_id is not None and get_meeting(conn, meeting_id) is not None:
            conn.execute("UPDATE meetings SET title=?, kinds=?, data=?, updated=? WHERE id=?",
                         (meeting_title(data), kinds_text, text, now, meeting_id))
        else:
            meeting_id = conn.execute(
                "INSERT INTO meetings (title, kinds, data, created, updated) VALUES (?, ?, ?, ?, ?)",
                (meeting_title(data), kinds_text, text, now, now)).lastrowid
        remember_names(conn, json.loads(text))
    assert meeting_id is not None  # sqlite3 gives the id of the row just inserted
    return meeting_id


def get_meeting(conn: sqlite3.Connection, meeting_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM meetings WHERE id=?", (meeting_id,)).fetchone()
    if row is None:
        return None
    return {"id": row["id"], "title": row["title"], "kinds": [k for k in row["kinds"].split(",") if k],
            "data": json.loads(row["data"]), "created": row["created"], "updated": row["updated"]}


def list_meetings(conn: sqlite3.Connection) -> list[dict]:
    rows = conn.execute("SELECT id, title, kinds, created, updated, data FROM meetings "
                        "ORDER BY updated DESC, id DESC").fetchall()
    return [{"id": r["id"], "title": r["title"], "kinds": [k for k in r["kinds"].split(",") if k],
             "updated": r["updated"], "has_pledge": bool(json.loads(r["data"]).get("pledge"))}
            for r in rows]


def delete_meeting(conn: sqlite3.Connection, meeting_id: int) -> bool:
    with conn:
        return conn.execute("DELETE FROM meetings WHERE id=?", (meeting_id,)).rowcount > 0


# ---------------------------------------------------------------- names

def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _people(data: dict) -> Iterable[dict]:
    meeting = data.get("meeting") or {}
    for key in ("chair", "secretary"):
        if isinstance(meeting.get(key), dict):
            yield meeting[key]
    for key in ("attendees", "absentees"):
        yield from (p for p in meeting.get(key) or [] if isinstance(p, dict))
    yield from (p for p in (data.get("invitation") or {}).get("invitees") or [] if isinstance(p, dict))
    for member in (data.get("pledge") or {}).get("members") or []:
        if isinstance(member, dict) and isinstance(member.get("signer"), dict):
            yield {**member["signer"], "unit": member.get("unit")}


def remember_names(conn: sqlite3.Connection, data: dict) -> None:
    """Store the agency, signers, people and places a record mentions (no duplicates)."""
    agency = data.get("agency") or {}
    if _text(agency.get("name")):
        conn.execute("INSERT INTO agencies (name, data) VALUES (?, ?) "
                     "ON CONFLICT (name) DO UPDATE SET data=excluded.data",
                     (_text(agency["name"]), _json(agency)))
    for place in (agency.get("place"), (data.get("meeting") or {}).get("place"),
                  (data.get("pledge") or {}).get("place")):
        if _text(place):
            conn.execute("INSERT OR IGNORE INTO places (name) VALUES (?)", (_text(place),))
    signers = [data.get("signer")] + [(data.get(k) or {}).get("signer") for k in ("invitation", "decision")]
    for s in signers:
        if isinstance(s, dict) and _text(s.get("name")) and _text(s.get("title")):
            conn.execute("INSERT OR IGNORE INTO signers (name, title, authority, on_behalf_of) "
                         "VALUES (?, ?, ?, ?)", tuple(_text(s.get(k)) for k in
                                                      ("name", "title", "authority", "on_behalf_of")))
    for p in _people(data):
        row = tuple(_text(p.get(k)) for k in ("name", "title", "unit"))
        if any(row):
            conn.execute("INSERT OR IGNORE INTO people (name, title, unit) VALUES (?, ?, ?)", row)


def suggestions(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Values to offer in the forms' ``<datalist>``s, each list sorted and without repeats."""
    def column(sql: str) -> list[str]:
        return sorted({r[0] for r in conn.execute(sql) if r[0]})

    return {
        "names": column("SELECT name FROM people UNION SELECT name FROM signers"),
        "titles": column("SELECT title FROM people UNION SELECT title FROM signers"),
        "units": column("SELECT unit FROM people UNION SELECT name FROM agencies"),
        "agencies": column("SELECT name FROM agencies"),
        "places": column("SELECT name FROM places"),
        "authorities": column("SELECT on_behalf_of FROM signers"),
    }


def list_signers(conn: sqlite3.Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(
        "SELECT name, title, authority, on_behalf_of FROM signers ORDER BY name, title")]


def list_agencies(conn: sqlite3.Connection) -> list[dict]:
    return [json.loads(r["data"]) for r in conn.execute("SELECT data FROM agencies ORDER BY name")]
