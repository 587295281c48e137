"""Read a meeting record (YAML or JSON) into plain data and the line of every field.

``load_data`` reads a file — a path, or the bytes of an upload with a display name — into a
plain dict plus a :class:`LineMap` (field path → line); ``load_record`` validates it into a
:class:`~docgen.model.Record` through :mod:`docgen.validation`. Every failure — a missing or
empty file, bad encoding, a syntax error, nesting too deep — becomes a :class:`Problem` (file,
field path, line, message) inside one :class:`RecordError`, so a clerk fixes the file in one
pass. Paths use the model's field names and 0-based list indexes: ``invitation.invitees[2].name``
is the third invitee's name.

Dates may be written ISO (``2024-01-05``) or Vietnamese day-first (``05/01/2024``,
``05/01/2024 08:00``); a date that only makes sense month-first is rejected, never swapped.
"""
from __future__ import annotations

import bisect
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..oserrors import os_reason
from ..textsafe import describe
from ..validation.limits import MAX_NUMBER_DIGITS, LongNumber, read_int
from ..validation.problems import LineMap, Loc, Problem, RecordError, format_path
from ..validation.problems import fail as _fail
from ..validation.show import show as _show

if TYPE_CHECKING:
    from ..model import Record
    from ..validation.dates import coerce_dates
    from ..validation.messages import problems_from_validation
    from ..validation.record import validate_data


def __getattr__(name: str) -> Any:
    """``coerce_dates``, ``problems_from_validation``, ``validate_data``: re-exported from
    docgen.validation on first use (they load the model, which reading a file does not need)."""
    if name in ("coerce_dates", "problems_from_validation", "validate_data"):
        from .. import validation

        return getattr(validation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["MAX_ALIAS_NODES", "MAX_BYTES", "MAX_DEPTH", "LineMap", "LongNumber", "Problem", "RecordError",
           "Source", "coerce_dates", "format_path", "load_data", "load_record", "load_record_located",
           "parse_data", "parse_yaml", "problems_from_validation", "validate_data"]

Source = str | os.PathLike | bytes
"""A record to read: a path (``str`` or ``Path``), or the bytes of an upload (give its ``name``)."""

MAX_BYTES = 2 * 1024 * 1024
"""Largest record file read (a real meeting record is a few kilobytes)."""
MAX_DEPTH = 50
"""Deepest nesting of groups and lists accepted (a record needs six levels)."""
MAX_ALIAS_NODES = 100_000
"""How many nodes YAML aliases (``*name``) may add when expanded (stops "billion laughs")."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"

# ------------------------------------------------------------------ reading the file

def _read_bytes(path: Path, file: str) -> bytes:
    try:
        if path.is_dir():
            raise _fail(file, "đây là một thư mục; cần một tệp hồ sơ .yaml hoặc .json.")
        with path.open("rb") as fh:  # bounded read: a device or pipe has no honest size
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(file, os_reason(exc)) from None
    return raw


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(file, f"tệp quá lớn (hơn {MAX_BYTES // 1048576} MB); hồ sơ cuộc họp "
                          "chỉ vài chục KB.")
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


def _is_json(name: str, text: str) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return False
    if suffix == ".json":
        return True
    return text.lstrip().startswith(("{", "["))


def load_data(source: Source, name: str | None = None) -> tuple[dict, LineMap]:
    """Read a YAML (.yaml/.yml) or JSON (.json) record into a dict and the line of every field.

    ``source`` is a path, or the bytes of an uploaded file; ``name`` is the name shown in
    messages (default: the path; for bytes, "hồ sơ") and its extension picks the format. Other
    extensions are read as JSON when the text starts with ``{`` or ``[``, else as YAML.
    Raises :class:`RecordError` with one problem when the file cannot be read as a mapping.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        file = name or "hồ sơ"
        raw = bytes(source)
    else:
        file = name or str(source)
        raw = _read_bytes(Path(source), file)
    return parse_data(_decode(raw, file), file)


def parse_data(text: str, name: str) -> tuple[dict, LineMap]:
    """:func:`load_data` of text already decoded; ``name`` is shown in messages and its
    extension (.yaml/.yml/.json) picks the format."""
    data, lines = (_parse_json if _is_json(name, text) else parse_yaml)(text, name)
    if data is None:
        raise _fail(name, "tệp không có dữ liệu (chỉ có chú thích); cần ít nhất các trường "
                          "agency và signer.")
    if not isinstance(data, dict):
        kind = "một danh sách" if isinstance(data, list) else f"giá trị {_show(data)}"
        raise _fail(name, f"cấp ngoài cùng phải là các trường (agency:, signer:, …), "
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
    "found invalid Unicode character escape code": "mã ký tự sau \\u không viết được vào văn bản Word "
                                                   "(nửa cặp thay thế UTF-16 đứng lẻ); hãy xoá mã này",
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
                "văn bản không đúng cú pháp YAML (kiểm tra thụt lề, dấu hai chấm và dấu nháy quanh "
                "vị trí này)")


def _yaml_error(exc: yaml.YAMLError, text: str, file: str) -> RecordError:
    if isinstance(exc, yaml.reader.ReaderError):  # a raw control character in the text
        # libyaml reports a byte offset, PyYAML a character offset: find the character itself.
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1]
        pos = max(text.find(char), 0) if char else 0
        lineno = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        return _fail(file, f"tệp chứa ký tự điều khiển không hợp lệ {describe(char)} ở cột {column}; "
                           "hãy xoá ký tự này (thường dính vào khi sao chép từ Word, PDF hay trang "
                           "web).", lineno)
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
            here: Loc = (*loc, key)
            lm.lines[here] = line
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
def _bounded_int(loader: Any, node: yaml.Node) -> Any:
    """An integer, or a :class:`LongNumber` past the digits a record may hold (Python ≥ 3.11
    refuses to convert more than 4,300 digits; validation reports it with its field)."""
    if sum(ch.isdigit() for ch in str(node.value)) > MAX_NUMBER_DIGITS:
        return LongNumber(node.value)
    return loader.construct_yaml_int(node)


for _cls in {_PyLoader, _Loader}:
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
    _cls.add_constructor("tag:yaml.org,2002:int", _bounded_int)


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
                raise _fail(file, _TOO_DEEP, event.start_mark.line + 1 if event.start_mark else None)
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


def _skip(text: str, i: int) -> int:
    """The index of the first non-blank character of ``text`` from ``i``."""
    m = _WS.match(text, i)
    return m.end() if m else i


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
        data = json.loads(text, parse_int=read_int)
    except json.JSONDecodeError as exc:
        raise _json_error(exc, text, file) from None
    except RecursionError:
        raise _fail(file, _TOO_DEEP) from None
    return data, _json_lines(text, file)


_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


def _json_lines(text: str, file: str) -> LineMap:
    """Second pass over text json.loads accepted: the line of every key and item."""
    lm = LineMap()
    breaks = [m.start() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder(parse_int=read_int)

    def line(pos: int) -> int:
        return bisect.bisect_left(breaks, pos) + 1

    def value(i: int, loc: Loc) -> int:
        i = _skip(text, i)
        opener = text[i]
        if opener not in "{[":
            return decoder.raw_decode(text, i)[1]
        if len(loc) >= MAX_DEPTH:
            raise _fail(file, _TOO_DEEP, line(i))
        closer, n = ("}" if opener == "{" else "]"), 0
        seen: dict[str, int] = {}
        i = _skip(text, i + 1)
        if text[i] == closer:
            return i + 1
        while True:
            i = _skip(text, i)
            if opener == "{":
                key, end = _scanstring(text, i + 1)
                here = (*loc, key)
                if key in seen:
                    lm.problems.append(Problem(file, format_path(here), line(i),
                                               f"trường bị ghi hai lần (lần đầu ở dòng "
                                               f"{seen[key]}); hãy giữ một lần."))
                seen[key] = lm.lines[here] = line(i)
                i = _skip(text, end) + 1  # past ':'
            else:
                here = (*loc, n)
                lm.lines[here] = line(i)
                n += 1
            i = _skip(text, value(i, here))
            if text[i] == closer:
                return i + 1
            i += 1  # past ','

    value(0, ())
    return lm


# ------------------------------------------------------------------ records

def load_record_located(source: Source, name: str | None = None) -> tuple[Record, LineMap]:
    """:func:`load_record` that also returns the line of every field (for warnings)."""
    from ..validation.record import validate_data

    data, lines = load_data(source, name)
    file = name or ("hồ sơ" if isinstance(source, (bytes, bytearray, memoryview)) else str(source))
    return validate_data(data, file, lines), lines


def load_record(source: Source, name: str | None = None) -> Record:
    """Read and validate one meeting record; raise :class:`RecordError` listing every problem."""
    return load_record_located(source, name)[0]
