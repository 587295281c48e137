"""Corrections: find-and-replace fixes kept in a file and applied to every record of a batch.

A corrections file is a YAML list; each item has ``find`` and ``replace`` and, optionally,
``field`` (only strings at that field path) and ``records`` (only these records)::

    - find: "Trần Văn Bien"
      replace: "Trần Văn Biên"
    - find: "Phó trưởng ban"
      replace: "Phó Trưởng ban"
      field: signer.title
      records: [hoi-nghi-2022, hop-thang-3.yaml]

Field paths are dotted; a list's items are written ``[]`` or ``*``: ``invitation.invitees[].name``
and ``invitation.invitees.*.name`` mean the same. A path also covers everything under it:
``field: meeting`` limits the fix to the meeting's strings. Matching is exact (case- and
tone-mark-sensitive) on Unicode NFC text. Corrections apply in file order to the string values of
the loaded record, before validation, and each counts the places it changed.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Iterable

from .errors import InputError
from .io.loaders import parse_yaml

_KEYS = ("find", "replace", "field", "records")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_field(field: str) -> tuple[str, ...]:
    """``invitation.invitees[].name`` / ``invitation.invitees.*.name`` → (invitation, invitees, [], name)."""
    out: list[str] = []
    for part in field.replace("[]", ".[].").split("."):
        part = part.strip()
        if not part:
            continue
        out.append("[]" if part in ("*", "[]") else part)
    return tuple(out)


@dataclass(frozen=True)
class Correction:
    """One fix: replace ``find`` by ``replace``, optionally only at ``field`` / in ``records``."""

    find: str
    replace: str
    field: str | None = None
    records: tuple[str, ...] = ()
    line: int = 0  # line of the item in the corrections file (for messages)

    @property
    def field_path(self) -> tuple[str, ...]:
        return parse_field(self.field) if self.field else ()

    def applies_to(self, names: Iterable[str]) -> bool:
        """Whether this correction applies to a record known by any of ``names``."""
        if not self.records:
            return True
        wanted = {r.casefold() for r in self.records}
        return any(n.casefold() in wanted for n in names)

    def covers(self, path: tuple[str, ...]) -> bool:
        fp = self.field_path
        return path[:len(fp)] == fp

    def identity(self) -> dict:
        """What the manifest records about this correction."""
        d: dict[str, Any] = {"find": self.find, "replace": self.replace}
        if self.field:
            d["field"] = self.field
        if self.records:
            d["records"] = list(self.records)
        return d

    def describe(self) -> str:
        where = f" (trường {self.field})" if self.field else ""
        return f"«{self.find}» → «{self.replace}»{where}"


def _text(value: Any, key: str, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{where}: '{key}' phải là một chuỗi văn bản (đặt trong dấu ngoặc kép nếu cần).")
    return _nfc(str(value))


def load_corrections(path: str | os.PathLike | bytes, name: str | None = None) -> list[Correction]:
    """Read and check a corrections file (YAML list of find/replace items): a path, or the
    bytes of an upload with the ``name`` its messages show."""
    if isinstance(path, bytes):
        p: Path | str = name or "tệp sửa lỗi"
        try:
            text = path.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{p}: không đọc được tệp sửa lỗi (cần mã hóa UTF-8).") from None
    else:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"Không tìm thấy tệp sửa lỗi: {p}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: không đọc được tệp sửa lỗi (cần UTF-8): {exc}") from None
    data, lines = parse_yaml(text, str(p))  # a syntax error names the line and column
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(f"{p}: tệp sửa lỗi cần là một danh sách, mỗi mục có 'find' và 'replace', ví dụ:\n"
                         '- find: "Trần Văn Bien"\n  replace: "Trần Văn Biên"')
    out = []
    for i, item in enumerate(data):
        line = lines.line((i,))
        where = f"{p}, mục {i + 1} (dòng {line})"
        if not isinstance(item, dict):
            raise InputError(f"{where}: mỗi mục cần có dạng 'find: …' và 'replace: …'.")
        unknown = [k for k in item if k not in _KEYS]
        if unknown:
            raise InputError(f"{where}: khóa không hợp lệ {', '.join(map(str, unknown))}; "
                             f"chỉ dùng: {', '.join(_KEYS)}.")
        for key in ("find", "replace"):
            if key not in item or item[key] is None:
                raise InputError(f"{where}: thiếu '{key}'.")
        find = _text(item["find"], "find", where)
        if not find:
            raise InputError(f"{where}: 'find' không được để trống.")
        field = _text(item["field"], "field", where) if item.get("field") is not None else None
        if field is not None and not (parse_field(field) and all(
                seg == "[]" or re.fullmatch(r"[A-Za-z_]\w*", seg) for seg in parse_field(field))):
            raise InputError(f"{where}: 'field' không hợp lệ: {field!r} (ví dụ: signer.title, "
                             "invitation.invitees[].name).")
        records = item.get("records")
        if records is None:
            records = []
        elif isinstance(records, (str, int)):
            records = [records]
        if not isinstance(records, list):
            raise InputError(f"{where}: 'records' cần là danh sách tên hồ sơ hoặc tên tệp.")
        out.append(Correction(find, _text(item["replace"], "replace", where), field,
                              tuple(_text(r, "records", where) for r in records), line or 0))
    return out


def strings(data: Any, path: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], str]]:
    """Every string value of loaded data with its field path (list items as ``[]``)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from strings(v, (*path, str(k)))
    elif isinstance(data, list):
        for v in data:
            yield from strings(v, (*path, "[]"))
    elif isinstance(data, str):
        yield path, data


def count_matches(pairs: Iterable[tuple[tuple[str, ...], str]], corrections: list[Correction],
                  names: Iterable[str]) -> list[int]:
    """How many places each correction would change in these (path, string) pairs, applied in order."""
    names = list(names)
    active = [c if c.applies_to(names) else None for c in corrections]
    counts = [0] * len(corrections)
    for path, value in pairs:
        _correct_string(value, path, active, counts)
    return counts


def _correct_string(value: str, path: tuple[str, ...], active: list[Correction | None], counts: list[int]) -> str:
    text = None
    for i, c in enumerate(active):
        if c is None or not c.covers(path):
            continue
        if text is None:
            text = _nfc(value)
        n = text.count(c.find)
        if n:
            counts[i] += n
            text = text.replace(c.find, c.replace)
    if text is None or text == _nfc(value):
        return value
    return text


def apply_corrections(data: Any, corrections: list[Correction], names: Iterable[str]) -> tuple[Any, list[int]]:
    """Return a corrected copy of ``data`` and, per correction, the number of places it changed."""
    names = list(names)
    active = [c if c.applies_to(names) else None for c in corrections]
    counts = [0] * len(corrections)

    def walk(value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, "[]")) for v in value]
        if isinstance(value, str):
            return _correct_string(value, path, active, counts)
        return value

    return walk(data, ()), counts
