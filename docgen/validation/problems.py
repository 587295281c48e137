"""Problems found in a record: where (file, field path, line) and what was expected.

Readers (io/) and validation both report through these types, so a clerk reads every problem of
a file at once, each with its field path (``invitation.invitees[2].name``) and line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file: where (file, field path, line) and what was expected."""

    file: str
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message}


class RecordError(InputError):
    """A record file has problems; ``str()`` lists every one, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class LineMap:
    """The line of every mapping key and list item, plus structural problems met while reading
    (a key written twice, a key that is not text)."""

    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest written ancestor (a missing field's parent)."""
        for n in range(len(loc), 0, -1):
            if (ln := self.lines.get(tuple(loc[:n]))) is not None:
                return ln
        return None


def format_path(loc: Loc) -> str:
    """``("invitation", "invitees", 2, "name")`` → ``invitation.invitees[2].name``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def fail(file: str, message: str, line: int | None = None) -> RecordError:
    """A RecordError with one problem about the whole file."""
    return RecordError([Problem(file, "", line, message)])
