"""Vietnamese messages for the model's validation errors, one per field with its path and line."""
from __future__ import annotations

import datetime as dt
import difflib
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..model import Record, is_model, unwrap_optional
from .dates import _DATE_HELP, _DATETIME_HELP, _date_message
from .problems import LineMap, Loc, Problem, format_path
from .show import show as _show

_TYPE_NAMES = {str: "văn bản", int: "số nguyên", bool: "đúng/sai (true/false)",
               dt.date: "ngày, ví dụ 05/01/2024", dt.datetime: "ngày giờ, ví dụ 05/01/2024 08:00"}
_QUOTE_HINT = "; nếu đây là chữ, hãy đặt trong dấu nháy kép"


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


def _message(err: Any, model: type[BaseModel]) -> str:
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
