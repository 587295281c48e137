"""Load a meeting record (YAML or JSON) and report every problem at once, in Vietnamese.

``load_data`` reads a file into a plain dict plus a :class:`LineMap` (field path → line),
``load_record`` validates it into a :class:`~docgen.model.Record`. Every failure — a missing
or empty file, bad encoding, a syntax error, a wrong field — becomes a :class:`Problem`
(file, field path, line, message) inside one :class:`RecordError`, so a clerk fixes the file
in one pass. Paths use the model's field names and 0-based list indexes:
``invitation.invitees[2].name`` is the third invitee's name.

Dates may be written ISO (``2024-01-05``) or Vietnamese day-first (``05/01/2024``,
``05/01/2024 08:00``); a date that only makes sense month-first is rejected, never swapped.
"""
from __future__ import annotations

import bisect
import datetime as dt
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..model import Record, is_model, unwrap_optional
from ..vi.dates import parse_date, parse_time

MAX_BYTES = 2 * 1024 * 1024
"""Largest record file read (a real meeting record is a few kilobytes)."""
MAX_DEPTH = 50
"""Deepest nesting of groups and lists accepted (a record needs six levels)."""
MAX_ALIAS_NODES = 100_000
"""How many nodes YAML aliases (``*name``) may add when expanded (stops "billion laughs")."""

Loc = tuple[str | int, ...]
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


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


def _fail(file: str, message: str, line: int | None = None) -> RecordError:
    return RecordError([Problem(file, "", line, message)])


# ------------------------------------------------------------------ reading the file

def _read_text(path: Path, file: str) -> str:
    try:
        if path.is_dir():
            raise _fail(file, "đây là một thư mục; cần một tệp hồ sơ .yaml hoặc .json.")
        with path.open("rb") as fh:  # bounded read: a device or pipe has no honest size
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise _fail(file, f"tệp quá lớn (hơn {MAX_BYTES // 1048576} MB); hồ sơ cuộc họp "
                              "chỉ vài chục KB.")
    except FileNotFoundError:
        raise _fail(file, "không tìm thấy tệp; hãy kiểm tra tên và thư mục.") from None
    except PermissionError:
        raise _fail(file, "không có quyền đọc tệp.") from None
    except OSError as exc:
        raise _fail(file, f"không đọc được tệp ({exc.strerror or exc}).") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, "tệp lưu bằng bảng mã UTF-16; hãy lưu lại với bảng mã UTF-8.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise _fail(file, f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02X} không đọc được); "
                          "có thể tệp lưu bằng bảng mã cũ (TCVN3, VNI, Windows-1258). "
                          "Hãy lưu lại với bảng mã UTF-8.", line) from None
    if not text.strip():
        raise _fail(file, "tệp rỗng; cần ít nhất các trường agency và signer "
                          "(tạo tệp mẫu bằng: docgen new giay-moi).")
    return text


def _is_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return False
    if suffix == ".json":
        return True
    return text.lstrip().startswith(("{", "["))


def load_data(path: str | os.PathLike) -> tuple[dict, LineMap]:
    """Read a YAML (.yaml/.yml) or JSON (.json) file into a dict and the line of every field.

    Other extensions are read as JSON when the text starts with ``{`` or ``[``, else as YAML.
    Raises :class:`RecordError` with one problem when the file cannot be read as a mapping.
    """
    path = Path(path)
    file = str(path)
    text = _read_text(path, file)
    data, lines = (_parse_json if _is_json(path, text) else parse_yaml)(text, file)
    if data is None:
        raise _fail(file, "tệp không có dữ liệu (chỉ có chú thích); cần ít nhất các trường "
                          "agency và signer.")
    if not isinstance(data, dict):
        kind = "một danh sách" if isinstance(data, list) else f"giá trị {_show(data)}"
        raise _fail(file, f"cấp ngoài cùng phải là các trường (agency:, signer:, …), "
                          f"nhưng tệp chứa {kind}.", 1)
    return data, lines


# ------------------------------------------------------------------ YAML

_YAML_PROBLEMS = {  # libyaml's and PyYAML's wording of the remaining errors
    "could not find expected ':'": "thiếu dấu hai chấm sau tên trường",
    "found unexpected end of stream": "tệp kết thúc giữa chừng",
    "found undefined alias": "bí danh (*tên) chưa được khai báo bằng &tên",
    "expected a single document": "tệp chứa nhiều hồ sơ (ngăn bởi ---); mỗi tệp chỉ một hồ sơ",
    "found duplicate anchor": "tên neo (&tên) bị khai báo hai lần",
    "could not determine a constructor": "thẻ YAML không được phép (docgen chỉ đọc dữ liệu "
                                         "thuần: văn bản, số, ngày, danh sách)",
    "found unknown escape character": "ký tự thoát sau \\ không hợp lệ (viết \\\\ cho dấu "
                                      "gạch chéo ngược, hoặc dùng dấu nháy đơn)",
}
_TOO_DEEP = "tệp lồng nhau quá sâu; hồ sơ cuộc họp chỉ cần vài cấp."


def _yaml_reason(context: str, problem: str, char: str, before: str) -> str:
    """A Vietnamese reason for a YAML syntax error, from the parser's context and problem and
    the text at the error (``char``) and before it on the same line (``before``)."""
    if char == "\t":
        return "có ký tự Tab; YAML chỉ thụt lề bằng dấu cách"
    if "cannot start any token" in problem:
        return f"ký tự «{char}» không được đứng đầu một giá trị; hãy đặt giá trị trong dấu nháy"
    if "mapping values are not allowed" in problem:
        return ("dấu hai chấm không được phép ở đây (giá trị có dấu hai chấm cần đặt trong dấu "
                "nháy, hoặc thụt lề sai)")
    if "block collection" in context:
        return "thụt lề của danh sách không khớp với các dòng phía trên"
    if "flow" in context:
        return "thiếu dấu phẩy, hoặc thiếu dấu đóng ] hay } của danh sách viết trên một dòng"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        if before.endswith(('"', "'")):
            return ("có chữ thừa sau một giá trị trong dấu nháy, hoặc một dấu nháy ở các dòng "
                    "phía trên chưa được đóng")
        return "thụt lề không khớp với các dòng phía trên"
    where = f"{context} {problem}"
    return next((vi for en, vi in _YAML_PROBLEMS.items() if en in where),
                f"lỗi cú pháp ({problem})")


def _yaml_error(exc: yaml.YAMLError, text: str, file: str) -> RecordError:
    context = str(getattr(exc, "context", None) or "")
    problem = str(getattr(exc, "problem", None) or exc)
    opened = getattr(exc, "context_mark", None)
    if "quoted scalar" in context and "end of stream" in problem and opened is not None:
        return _fail(file, f"lỗi cú pháp YAML ở cột {opened.column + 1}: dấu nháy mở ở đây "
                           "chưa được đóng.", opened.line + 1)
    mark = getattr(exc, "problem_mark", None) or opened
    if mark is None:
        return _fail(file, f"lỗi cú pháp YAML: {_yaml_reason(context, problem, '', '')}.")
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    char = line[mark.column:mark.column + 1]
    reason = _yaml_reason(context, problem, char, line[:mark.column].rstrip())
    return _fail(file, f"lỗi cú pháp YAML ở cột {mark.column + 1}: {reason}.", mark.line + 1)


def _check_aliases(root: yaml.Node, file: str) -> None:
    """Refuse documents whose aliases expand past MAX_ALIAS_NODES nodes, or refer to themselves."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _fail(file, "bí danh YAML (*tên) tự tham chiếu đến chính nó (vòng lặp).",
                        node.start_mark.line + 1)
        active.add(key)
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(c) for c in node.value)
        else:
            total = 1
        active.discard(key)
        sizes[key] = total
        if total > len(sizes) + MAX_ALIAS_NODES:
            raise _fail(file, f"bí danh YAML (*tên) mở rộng quá lớn (hơn {MAX_ALIAS_NODES} mục); "
                              "tệp bị từ chối.", node.start_mark.line + 1)
        return total

    size(root)


_KEY_KINDS = {"tag:yaml.org,2002:int": "số", "tag:yaml.org,2002:float": "số",
              "tag:yaml.org,2002:bool": "giá trị đúng/sai", "tag:yaml.org,2002:null": "giá trị trống",
              "tag:yaml.org,2002:timestamp": "ngày"}


def _walk_yaml(node: yaml.Node, loc: Loc, lm: LineMap, file: str, merged: bool = False) -> None:
    """Record the line of every key and item; report duplicate and non-text keys."""
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            lm.lines.setdefault((*loc, i), child.start_mark.line + 1)
            _walk_yaml(child, (*loc, i), lm, file)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    merges = []
    for knode, vnode in node.value:
        if knode.tag == _MERGE_TAG:
            merges.append(vnode)
            continue
        line = knode.start_mark.line + 1
        if not isinstance(knode, yaml.ScalarNode) or knode.tag != _STR_TAG:
            shown = knode.value if isinstance(knode, yaml.ScalarNode) else "…"
            read_as = _KEY_KINDS.get(knode.tag, "một nhóm giá trị")
            lm.problems.append(Problem(file, format_path(loc), line,
                                       f"tên trường «{shown}» không phải chữ (YAML đọc thành "
                                       f"{read_as}); hãy dùng tên trường hợp lệ."))
            continue
        key = knode.value
        if key in seen:
            lm.problems.append(Problem(file, format_path((*loc, key)), line,
                                       f"trường bị ghi hai lần (lần đầu ở dòng {seen[key]}); "
                                       "hãy giữ một lần."))
        seen[key] = line
        if merged:
            lm.lines.setdefault((*loc, key), line)
        else:
            lm.lines[(*loc, key)] = line
        _walk_yaml(vnode, (*loc, key), lm, file, merged)
    for m in merges:  # ``<<: *base`` fills in keys not written explicitly
        for target in (m.value if isinstance(m, yaml.SequenceNode) else [m]):
            _walk_yaml(target, loc, lm, file, merged=True)


def _timestamp_or_text(loader: Any, node: yaml.Node) -> Any:
    """Keep an impossible timestamp such as ``2024-13-05`` as text, so validation reports it
    with its field path."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


class _PyLoader(yaml.SafeLoader):
    """The pure-Python safe loader."""


_Loader: Any = _PyLoader
if hasattr(yaml, "CSafeLoader"):
    class _CLoader(yaml.CSafeLoader):
        """The libyaml safe loader (faster); same behaviour as :class:`_PyLoader`."""

    _Loader = _CLoader  # PyYAML built without libyaml keeps the pure-Python one
for _cls in {_PyLoader, _Loader}:
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _is_depth_error(exc: yaml.YAMLError) -> bool:
    """libyaml ≥ 0.2.5 stops deep nesting itself (scanner: "exceeded maximum nesting depth",
    parser: "exceeded max depth"); that is our "too deep", not a syntax error."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    return ("nesting depth" in problem or "max depth" in problem
            or "increasing flow level" in context or "increasing indent level" in context)


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing (libyaml's composer recurses in C
    and would crash the process on a hostile file)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(file, _TOO_DEEP, event.start_mark.line + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_yaml(text: str, file: str) -> tuple[Any, LineMap]:
    """Safe YAML with a line for every key and item; bounded nesting and alias expansion;
    syntax errors as a RecordError in Vietnamese with line and column."""
    lm = LineMap()
    try:
        _check_depth(text, file)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, lm
            _check_aliases(node, file)
            _walk_yaml(node, (), lm, file)
            return loader.construct_document(node), lm
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        if _is_depth_error(exc):
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            raise _fail(file, _TOO_DEEP, mark.line + 1 if mark is not None else None) from None
        raise _yaml_error(exc, text, file) from None
    except RecursionError:  # aliases nested through many anchors
        raise _fail(file, _TOO_DEEP) from None


# ------------------------------------------------------------------ JSON

_JSON_PROBLEMS = {
    "Expecting ',' delimiter": "thiếu dấu phẩy giữa hai mục",
    "Expecting ':' delimiter": "thiếu dấu hai chấm sau tên trường",
    "Expecting property name enclosed in double quotes": "tên trường phải đặt trong dấu nháy kép "
                                                         "(hoặc có dấu phẩy thừa trước })",
    "Expecting value": "thiếu giá trị (hoặc có dấu phẩy thừa)",
    "Unterminated string": "chuỗi thiếu dấu nháy kép đóng",
    "Invalid control character": "chuỗi chứa ký tự điều khiển (xuống dòng trong chuỗi viết \\n)",
    "Invalid \\escape": "ký tự thoát sau \\ không hợp lệ (viết \\\\ cho dấu gạch chéo ngược)",
    "Extra data": "có dữ liệu thừa sau dấu ngoặc đóng cuối cùng",
}
_WS = re.compile(r"[ \t\n\r]*")


def _json_error(exc: json.JSONDecodeError, text: str, file: str) -> RecordError:
    """A Vietnamese message for a JSON syntax error that does not depend on the Python version's
    wording: a trailing comma is found from the text itself (Python 3.13 reports it at the comma
    with a new message, older versions at the closer as "Expecting property name/value")."""
    pos = exc.pos
    if exc.msg.startswith("Illegal trailing comma"):  # Python 3.13 points at the comma itself
        nxt = len(text) - len(text[pos + 1:].lstrip(" \t\n\r"))
        if text[nxt:nxt + 1] in ("}", "]"):
            pos = nxt
    before = text[:pos].rstrip(" \t\n\r")
    if text[pos:pos + 1] in ("}", "]") and before.endswith(","):
        closer = text[pos]
        reason = (f"có dấu phẩy thừa trước dấu đóng {closer}; hãy xoá dấu phẩy sau mục cuối "
                  "cùng")
    else:
        reason = next((vi for en, vi in _JSON_PROBLEMS.items() if exc.msg.startswith(en)),
                      "văn bản không đúng cú pháp JSON (kiểm tra dấu ngoặc, dấu phẩy và dấu nháy "
                      "kép quanh dòng này)")
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return _fail(file, f"lỗi cú pháp JSON ở cột {column}: {reason}.", line)


def _parse_json(text: str, file: str) -> tuple[Any, LineMap]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _json_error(exc, text, file) from None
    except RecursionError:
        raise _fail(file, _TOO_DEEP) from None
    return data, _json_lines(text, file)


def _json_lines(text: str, file: str) -> LineMap:
    """Second pass over text json.loads accepted: the line of every key and item."""
    lm = LineMap()
    breaks = [m.start() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()

    def line(pos: int) -> int:
        return bisect.bisect_left(breaks, pos) + 1

    def value(i: int, loc: Loc) -> int:
        i = _WS.match(text, i).end()
        opener = text[i]
        if opener not in "{[":
            return decoder.raw_decode(text, i)[1]
        if len(loc) >= MAX_DEPTH:
            raise _fail(file, _TOO_DEEP, line(i))
        closer, n, seen = ("}" if opener == "{" else "]"), 0, {}
        i = _WS.match(text, i + 1).end()
        if text[i] == closer:
            return i + 1
        while True:
            i = _WS.match(text, i).end()
            if opener == "{":
                key, end = json.decoder.scanstring(text, i + 1)
                here = (*loc, key)
                if key in seen:
                    lm.problems.append(Problem(file, format_path(here), line(i),
                                               f"trường bị ghi hai lần (lần đầu ở dòng "
                                               f"{seen[key]}); hãy giữ một lần."))
                seen[key] = lm.lines[here] = line(i)
                i = _WS.match(text, end).end() + 1  # past ':'
            else:
                here = (*loc, n)
                lm.lines[here] = line(i)
                n += 1
            i = _WS.match(text, value(i, here)).end()
            if text[i] == closer:
                return i + 1
            i += 1  # past ','

    value(0, ())
    return lm


# ------------------------------------------------------------------ dates before validation

_DATE_TOKEN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}([/.-])\d{1,2}\1\d{4}")
_DATETIME_FILLER = re.compile(r"\b(?:lúc|ngày)\b", re.IGNORECASE)


def _parse_datetime(text: str) -> dt.datetime | dt.date | None:
    """``05/01/2024 08:00``, ``08:00 ngày 05/01/2024``, ``2024-01-05 8h30`` → datetime;
    a date alone → date; anything else → None (left for the model to reject)."""
    m = _DATE_TOKEN.search(text)
    if not m:
        return None
    try:
        day = parse_date(m[0])
    except ValueError:
        return None
    rest = _DATETIME_FILLER.sub(" ", text[:m.start()] + " " + text[m.end():]).strip(" ,T\t")
    if not rest:
        return day
    try:
        return dt.datetime.combine(day, parse_time(rest))
    except ValueError:
        pass
    try:  # full ISO 8601 with seconds or a UTC offset
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


_WANT_TIME = "thiếu giờ; cần cả ngày và giờ, ví dụ 05/01/2024 08:00."
_NOT_NUMBER = "ngày phải viết dạng 05/01/2024 (ngày/tháng/năm) hoặc 2024-01-05, không phải một số."


def _coerce_date(value: Any, want: type, loc: Loc, issues: list[tuple[Loc, str]]) -> Any:
    """One date (``want`` is dt.date) or datetime field: a date object, or None with an issue.
    Other types (lists, groups, yes/no) are left for the model to report."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
        return value
    if isinstance(value, (int, float)):
        issues.append((loc, _NOT_NUMBER))
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # documents print the wall-clock time written
    if isinstance(value, dt.date):
        if want is dt.datetime:
            issues.append((loc, _WANT_TIME))
            return None
        return value
    parsed = _parse_datetime(value.strip())
    if want is dt.datetime and parsed is not None and not isinstance(parsed, dt.datetime):
        issues.append((loc, _WANT_TIME))
        return None
    if parsed is None or (want is dt.date and isinstance(parsed, dt.datetime)):
        if want is dt.date:
            issues.append((loc, _date_message(value, _DATE_HELP, "ngày") + "."))
        else:
            issues.append((loc, _date_message(value, _DATETIME_HELP, "ngày giờ") + "."))
        return None
    return parsed


def coerce_dates(data: Any, model: type[BaseModel] = Record) -> tuple[Any, list[tuple[Loc, str]]]:
    """Read every date and datetime field of ``model`` in ``data``: ISO or day-first text, YAML
    dates; datetimes keep the wall-clock time written and drop any UTC offset.

    Returns the converted data (a copy) and the issues found, each with its location: text that
    is no date (a month-first date is never swapped), a datetime without a time, a bare number.
    A field with an issue is set to None so that the model does not report it a second time.
    """
    issues: list[tuple[Loc, str]] = []

    def walk(value: Any, ann: Any, loc: Loc) -> Any:
        ann = unwrap_optional(ann)
        if is_model(ann) and isinstance(value, dict):
            return {k: walk(v, ann.model_fields[k].annotation, (*loc, k))
                    if isinstance(k, str) and k in ann.model_fields else v
                    for k, v in value.items()}
        if get_origin(ann) is list and isinstance(value, list):
            (item,) = get_args(ann)
            return [walk(v, item, (*loc, i)) for i, v in enumerate(value)]
        if ann in (dt.date, dt.datetime):
            return _coerce_date(value, ann, loc, issues)
        return value

    return walk(data, model, ()), issues


# ------------------------------------------------------------------ messages for validation errors

_TYPE_NAMES = {str: "văn bản", int: "số nguyên", bool: "đúng/sai (true/false)",
               dt.date: "ngày, ví dụ 05/01/2024", dt.datetime: "ngày giờ, ví dụ 05/01/2024 08:00"}
_DATE_HELP = "cần dạng YYYY-MM-DD hoặc DD/MM/YYYY"
_DATETIME_HELP = "cần dạng DD/MM/YYYY HH:MM (ví dụ 05/01/2024 08:00) hoặc YYYY-MM-DD HH:MM"
_QUOTE_HINT = "; nếu đây là chữ, hãy đặt trong dấu nháy kép"


def _show(value: Any) -> str:
    if value is None:
        return "giá trị trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({str(value).lower()})"
    if isinstance(value, str):
        s = value if len(value) <= 60 else value[:57] + "…"
        return f'"{s}"'
    if isinstance(value, dict):
        return "một nhóm trường"
    if isinstance(value, list):
        return f"một danh sách ({len(value)} mục)"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


def _field_at(loc: Loc, model: type[BaseModel]) -> tuple[Any, Any, Any]:
    """(annotation, owning model, FieldInfo) of ``loc`` in ``model``; Nones if not a field."""
    ann, owner, info = model, None, None
    for part in loc:
        ann = unwrap_optional(ann)
        if isinstance(part, int) and get_origin(ann) is list:
            ann = get_args(ann)[0]
        elif isinstance(part, str) and is_model(ann) and part in ann.model_fields:
            owner, info = ann, ann.model_fields[part]
            ann = info.annotation
        else:
            return None, None, None
    return unwrap_optional(ann), owner, info


def _expected(ann: Any) -> str:
    if is_model(ann):
        return "một nhóm trường con (" + ", ".join(f"{k}:" for k in ann.model_fields) + ")"
    if get_origin(ann) is list:
        return "một danh sách, mỗi mục một dòng bắt đầu bằng «- »"
    if get_origin(ann) is Literal:
        return "một trong: " + ", ".join(map(str, get_args(ann)))
    return _TYPE_NAMES.get(ann, "giá trị khác")


def _date_message(value: Any, help_text: str, noun: str) -> str:
    """A bad date or datetime, with the likely cause when the text shows it."""
    msg = f"{noun} không hợp lệ {_show(value)} — {help_text}"
    m = _DATE_TOKEN.search(value) if isinstance(value, str) else None
    if m is None:
        return msg
    try:
        parse_date(m[0])
    except ValueError:
        nums = [int(x) for x in re.findall(r"\d+", m[0])]
        if m[1] and nums[1] > 12 >= nums[0]:  # day-first form whose "month" is above 12
            return msg + (f" (docgen đọc ngày trước, tháng sau; nếu ý bạn là ngày {nums[1]} "
                          f"tháng {nums[0]}, hãy viết {nums[1]:02d}/{nums[0]:02d}/{nums[2]})")
        return msg + " (không có ngày này trong lịch)"
    rest = value[:m.start()] + value[m.end():]
    if rest.strip() and noun == "ngày":
        return msg + " (chỉ ghi ngày, không kèm giờ)"
    return msg + (" (giờ không hợp lệ)" if rest.strip() else "")


def _message(err: dict, model: type[BaseModel]) -> str:
    kind, loc, value, ctx = err["type"], err["loc"], err.get("input"), err.get("ctx") or {}
    ann, _, info = _field_at(loc, model)
    if kind == "missing":
        hint = f" ({info.description})" if info is not None and info.description else ""
        return f"thiếu trường bắt buộc{hint}."
    if kind == "extra_forbidden":
        parent, _, _ = _field_at(loc[:-1], model)
        known = list(parent.model_fields) if is_model(parent) else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        hint = (f"có phải ý bạn là {close[0]}?" if close
                else "các trường hợp lệ ở đây: " + ", ".join(known))
        return f"trường không được hỗ trợ: {loc[-1]} ({hint})."
    if value is None and kind not in ("value_error", "assertion_error"):
        return f"chưa điền (đang để trống); cần {_expected(ann)}."
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return _date_message(value, _DATE_HELP, "ngày") + "."
    if kind == "date_from_datetime_inexact":
        return f"chỉ cần ngày, không kèm giờ: nhận được {_show(value)}."
    if kind in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing"):
        return _date_message(value, _DATETIME_HELP, "ngày giờ") + "."
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return f"{str(ctx['error']).rstrip('.')}."
    if kind == "literal_error":
        allowed = [str(a) for a in get_args(ann)] if get_origin(ann) is Literal else []
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        hint = f" (có phải ý bạn là {close[0]}?)" if close else ""
        msg = f"giá trị {_show(value)} không được phép — chọn một trong: {', '.join(allowed)}{hint}"
        return msg if msg.endswith(".") else msg + "."
    if kind == "string_too_short":
        if value == "":
            return f"chưa điền (đang để trống); cần ít nhất {ctx.get('min_length')} ký tự."
        return f"quá ngắn {_show(value)}; cần ít nhất {ctx.get('min_length')} ký tự."
    if kind == "string_too_long":
        return f"quá dài ({len(str(value))} ký tự); tối đa {ctx.get('max_length')} ký tự."
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục (hiện có {ctx.get('actual_length', 0)})."
    if kind == "too_long":
        return f"tối đa {ctx.get('max_length')} mục (hiện có {ctx.get('actual_length')})."
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤",
              "less_than": "<"}[kind]
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        return f"cần số {op} {bound}, nhận được {_show(value)}."
    if kind == "string_type":
        hint = _QUOTE_HINT if isinstance(value, (int, float, bool, dt.date)) else ""
        return f"cần văn bản, nhận được {_show(value)}{hint}."
    if kind in ("int_type", "int_parsing", "int_from_float", "finite_number"):
        return f"cần số nguyên (ví dụ 12), nhận được {_show(value)}."
    if kind in ("list_type", "model_type", "model_attributes_type", "dict_type"):
        return f"cần {_expected(ann)}; nhận được {_show(value)}."
    return f"giá trị không hợp lệ {_show(value)}; cần {_expected(ann)} (chi tiết: {err['msg']})."


def problems_from_validation(exc: ValidationError, file: str, lines: LineMap,
                             model: type[BaseModel] = Record) -> list[Problem]:
    """One Vietnamese :class:`Problem` per pydantic error, with its field path and line."""
    out = []
    for err in exc.errors(include_url=False):
        if err["type"] == "invalid_key":  # a key YAML read as a number or yes/no: reported by the reader
            continue
        loc = tuple(err["loc"])
        out.append(Problem(file, format_path(loc), lines.line(loc), _message(err, model)))
    return out


def validate_data(data: Any, file: str, lines: LineMap | None = None) -> Record:
    """Validate loaded data (dates coerced, model checked) into a Record, or raise
    :class:`RecordError` with every problem, its field path and (given ``lines``) its line."""
    lines = lines or LineMap()
    data, issues = coerce_dates(data)
    problems = list(lines.problems)
    problems += [Problem(file, format_path(loc), lines.line(loc), msg) for loc, msg in issues]
    try:
        record = Record.model_validate(data)
    except ValidationError as exc:
        flagged = {format_path(loc) for loc, _ in issues}
        problems += [p for p in problems_from_validation(exc, file, lines) if p.path not in flagged]
    if problems:
        raise RecordError(problems)
    return record


def load_record_located(path: str | os.PathLike) -> tuple[Record, LineMap]:
    """:func:`load_record` that also returns the line of every field (for warnings)."""
    data, lines = load_data(path)
    return validate_data(data, str(path), lines), lines


def load_record(path: str | os.PathLike) -> Record:
    """Read and validate one meeting record; raise :class:`RecordError` listing every problem."""
    return load_record_located(path)[0]
