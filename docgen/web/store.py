"""Results waiting to be downloaded, kept in memory under random tokens.

Nothing a user sends becomes a path: a download names a token and a number, and the file name
it gets is the one docgen made. The oldest results are forgotten first.
"""
from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


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


class ResultStore:
    def __init__(self, capacity: int = 32):
        self.capacity = capacity
        self._items: OrderedDict[str, Result] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, result: Result) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._items[token] = result
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Result | None:
        if not TOKEN.fullmatch(token or ""):
            return None
        with self._lock:
            result = self._items.get(token)
            if result is not None:
                self._items.move_to_end(token)
            return result
