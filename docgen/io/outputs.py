"""The one check every write path goes through: an output never lands on an input.

A target is refused when it is one of this run's inputs: the same file (device and inode) under
whatever name — ``..``, a symbolic link, a hard link. Appending
(a log file) goes through the same check. Several inputs with the same file name written into one
folder get distinct names, in the order given: ``x.docx``, ``x-2.docx``, ``x-3.docx`` … — the
first keeps its name, so one input gives exactly the name it always gave.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from ..errors import InputError
from ..oserrors import os_error


def _identity(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name the same existing file (whatever the spelling, links included)."""
    ia = _identity(a)
    return ia is not None and ia == _identity(b)


def check_not_input(target: str | os.PathLike, inputs: Iterable[str | os.PathLike | None] = (),
                    what: str = "tệp kết quả") -> None:
    """Refuse to write ``target`` when it is one of the inputs of this run: the same device and
    inode, which covers ``..``, symbolic and hard links. A target that does not exist yet cannot be
    an input (inputs are files that were read) — unless its spelling leads to one once the folders
    a write creates exist (``new/../hs.yaml``): such a path is resolved first."""
    mine = _identity(target)
    if mine is None:
        mine = _identity(Path(target).resolve())
    if mine is None:
        return
    for src in inputs:
        if src is not None and _identity(src) == mine:
            raise InputError(f"Không ghi đè lên tệp đầu vào: {target} — {what} phải là một tệp khác; tệp đầu vào "
                             "không bao giờ bị ghi đè hay ghi thêm. Hãy chọn một đường dẫn khác.")


def check_outputs(targets: Iterable[str | os.PathLike], inputs: Sequence[str | os.PathLike | None],
                  what: str = "tệp kết quả") -> None:
    for t in targets:
        check_not_input(t, inputs, what)


def open_append(path: str | os.PathLike, inputs: Sequence[str | os.PathLike | None] = (),
                what: str = "tệp nhật ký") -> TextIO:
    """Open a text file for appending (a log), after the same check as every other output."""
    check_not_input(path, inputs, what)
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        return p.open("a", encoding="utf-8")
    except OSError as exc:
        raise os_error(exc, p, writing=True) from exc


def distinct_targets(inputs: Sequence[str | os.PathLike], folder: str | os.PathLike) -> list[Path]:
    """One target in ``folder`` per input, named like the input; same names get ``-2``, ``-3`` …
    before the suffix (never a name that another input already gets)."""
    out: list[Path] = []
    taken: set[str] = set()
    names = [Path(p).name for p in inputs]
    wanted = {n.casefold() for n in names}  # case-insensitive: Windows and macOS folders
    for name in names:
        stem, suffix = Path(name).stem, Path(name).suffix
        candidate, n = name, 1
        while candidate.casefold() in taken or (n > 1 and candidate.casefold() in wanted):
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        taken.add(candidate.casefold())
        out.append(Path(folder) / candidate)
    return out
