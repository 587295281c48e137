"""Files chosen in a form, kept after an error: the clerk does not pick them again.

Every page with a file input carries a form token (``__form``). When the form is sent, each
chosen file is stored in the database under (token, input name) for the user who sent it;
when the page comes back with an error, it shows the kept file's name ("Đã chọn: …") and the
next submit uses it unless another file is chosen (which replaces it) or "Bỏ tệp này" is
ticked. Kept files are deleted after :data:`KEEP_HOURS` hours. The name is shown and used in
messages, never as a path.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from flask import request

from . import current_user, get_db

FORM_TOKEN = "__form"
KEEP_HOURS = 24
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass
class Upload:
    filename: str
    data: bytes


def new_token() -> str:
    return secrets.token_urlsafe(18)


def form_token() -> str:
    """The token the submitted form carries (a new one when it carries none or a bad one)."""
    token = request.form.get(FORM_TOKEN, "")
    return token if _TOKEN.fullmatch(token) else new_token()


def display_name(filename: str | None) -> str:
    """The base name of an upload, for showing and for messages (never a path)."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in base if ch.isprintable())[:120] or "tệp tải lên"


def take(token: str, slot: str) -> Upload | None:
    """The file of input ``slot``: the one chosen now (stored, replacing a kept one), else the
    one kept from an earlier submit of the same form (None: no file, or "Bỏ tệp này")."""
    conn = get_db()
    user = current_user()
    f = request.files.get(slot)
    if f is not None and f.filename:
        up = Upload(display_name(f.filename), f.read())
        now = dt.datetime.now().replace(microsecond=0)
        with conn.transaction():
            conn.execute("DELETE FROM uploads WHERE created < ?",
                         ((now - dt.timedelta(hours=KEEP_HOURS)).isoformat(sep=" "),))
            conn.execute("DELETE FROM uploads WHERE token=? AND slot=?", (token, slot))
            conn.execute("INSERT INTO uploads (token, slot, username, filename, data, created) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (token, slot, user, up.filename, up.data,
                                                       now.isoformat(sep=" ")))
        return up
    if request.form.get(f"drop-{slot}"):
        with conn.transaction():
            conn.execute("DELETE FROM uploads WHERE token=? AND slot=?", (token, slot))
        return None
    return kept(token, slot)


def kept(token: str, slot: str) -> Upload | None:
    """The file kept for input ``slot`` of form ``token`` (only the user's own)."""
    row = get_db().execute("SELECT filename, data, username FROM uploads WHERE token=? AND slot=?",
                           (token, slot)).fetchone()
    if row is None or row["username"] != current_user():
        return None
    return Upload(row["filename"], bytes(row["data"]))


def kept_names(token: str) -> dict[str, str]:
    """Input name → kept file name, for the page shown again after an error."""
    rows = get_db().execute("SELECT slot, filename, username FROM uploads WHERE token=?", (token,)).fetchall()
    return {r["slot"]: r["filename"] for r in rows if r["username"] == current_user()}


def forget(token: str) -> None:
    """Drop the files of a form that went through (they are not needed again)."""
    conn = get_db()
    with conn.transaction():
        conn.execute("DELETE FROM uploads WHERE token=?", (token,))

