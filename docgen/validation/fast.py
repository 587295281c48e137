"""The common case of validation without pydantic's validators: plain data already in the exact
shape of the model becomes the very instance ``Model.model_validate(data)`` returns.

The record models are declared with ``defer_build=True``, so creating their classes does not
generate pydantic's core schema (≈ a fifth of a warm ``docgen render``); the schema is built on
the first ``model_validate`` (or ``model_dump``) that needs it. :func:`build` makes that first
call unnecessary for a well-formed record: it reads the models' declared fields and accepts a
value only when its type is exactly the one declared and it passes every constraint, exactly as
pydantic would (text stripped as ``str_strip_whitespace`` strips it, lengths and bounds checked,
missing defaults filled, ``model_fields_set`` the keys written), then runs each model's own
``mode="after"`` validators on the result.

Anything it does not fully understand — a type it does not know, a value that needs coercion
("12" for 12, a float, a tuple), a key not declared, a constraint that fails, a validator that
raises — makes it return None, and the caller asks pydantic, so every error and every message is
pydantic's. tests/test_validation_fast.py checks, over every record of the repository and many
mutations of them, that it either declines or returns a record equal to pydantic's at every
level (values and ``model_fields_set``).
"""
from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class _Decline(Exception):
    """The data is outside what this module fully understands: pydantic decides."""


Check = Callable[[Any], Any]
"""A field's check: the validated value, or :class:`_Decline`."""

_CONFIG = {"extra": ("forbid",), "str_strip_whitespace": (True, False), "frozen": (True, False),
           "defer_build": (True, False)}
"""The model_config keys (and values) whose effect on validation this module reproduces."""

_ASCII_SPACE = " \t\n\r\x0b\x0c"
"""Whitespace that Python's ``str.strip`` and pydantic-core's (Rust ``trim``) both remove."""

_FIELD_ATTRS = ("alias", "validation_alias", "discriminator", "validate_default", "exclude", "exclude_if",
                "default_factory_takes_validated_data")
"""FieldInfo settings that change validation: any of them set and the model is left to pydantic."""


def build(model: type[M], data: Any) -> M | None:
    """``model.model_validate(data)`` for data in the exact shape of ``model``; None when the
    data needs anything else (coercion, an error message): then call pydantic."""
    try:
        return _build(model, data)
    except _Decline:
        return None


class _Plan:
    """How to check one model: a check per field, the required fields, the after-validators."""

    def __init__(self, fields: dict[str, Check], required: frozenset[str], after: list[Callable[[Any], Any]]):
        self.fields, self.required, self.after = fields, required, after


_PLANS: dict[type, _Plan | None] = {}


def _build(model: type[M], data: Any) -> M:
    plan = _plan(model)
    if plan is None or type(data) is not dict:
        raise _Decline
    values = {}
    for key, value in data.items():
        check = plan.fields.get(key) if type(key) is str else None
        if check is None:  # not a field (extra="forbid" rejects it)
            raise _Decline
        values[key] = check(value)
    if not plan.required.issubset(values):
        raise _Decline
    instance = model.model_construct(set(values), **values)
    for validator in plan.after:
        try:
            result = validator(instance)
        except Exception:  # noqa: BLE001 - pydantic reports it (or raises it) itself
            raise _Decline from None
        if result is not instance:
            raise _Decline
    return instance


def _plan(model: type) -> _Plan | None:
    if model not in _PLANS:
        _PLANS[model] = None  # a model nested in itself is declined rather than recursed into
        try:
            _PLANS[model] = _make_plan(model)
        except _Decline:
            pass
    return _PLANS[model]


def _make_plan(model: type) -> _Plan:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise _Decline
    config = model.model_config
    if config.get("extra") != "forbid" or any(k not in _CONFIG or config[k] not in _CONFIG[k] for k in config):  # type: ignore[literal-required]
        raise _Decline
    if (model.__pydantic_root_model__ or model.__pydantic_post_init__ or model.__pydantic_custom_init__
            or model.__private_attributes__ or model.__pydantic_generic_metadata__["origin"] is not None
            or model.model_computed_fields
            or getattr(model.__get_pydantic_core_schema__, "__func__", None)
            is not BaseModel.__get_pydantic_core_schema__.__func__):  # type: ignore[attr-defined]
        raise _Decline
    decorators = model.__pydantic_decorators__
    if (decorators.validators or decorators.field_validators or decorators.root_validators
            or decorators.field_serializers or decorators.model_serializers or decorators.computed_fields):
        raise _Decline
    after: list[Callable[[Any], Any]] = []
    for dec in decorators.model_validators.values():
        func = dec.func
        if (dec.info.mode != "after" or not isinstance(func, types.FunctionType)
                or func.__code__.co_argcount != 1 or func.__code__.co_kwonlyargcount):
            raise _Decline
        after.append(func)
    strip = bool(config.get("str_strip_whitespace"))
    fields: dict[str, Check] = {}
    required = set()
    for name, info in model.__pydantic_fields__.items():
        if any(getattr(info, attr, None) for attr in _FIELD_ATTRS):
            raise _Decline
        fields[name] = _check(info.annotation, list(info.metadata), strip)
        if info.is_required():
            required.add(name)
    return _Plan(fields, frozenset(required), after)


def _bounds(metadata: list[Any], kinds: tuple[type, ...]) -> dict[type, Any]:
    """The constraints of ``metadata`` by kind; any other metadata declines the model."""
    out: dict[type, Any] = {}
    for m in metadata:
        if type(m) not in kinds or type(m) in out:
            raise _Decline
        out[type(m)] = m
    return out


def _check(ann: Any, metadata: list[Any], strip: bool) -> Check:
    """The check of a field annotated ``ann`` with constraints ``metadata``."""
    origin = get_origin(ann)
    if origin in (Union, types.UnionType):
        args = get_args(ann)
        if len(args) != 2 or type(None) not in args:
            raise _Decline
        inner = _check(next(a for a in args if a is not type(None)), metadata, strip)
        return lambda v: None if v is None else inner(v)
    if origin is list:
        (item_ann,) = get_args(ann)
        item = _check(item_ann, [], strip)
        lengths = _bounds(metadata, (at.MinLen, at.MaxLen))
        low = lengths[at.MinLen].min_length if at.MinLen in lengths else 0
        high = lengths[at.MaxLen].max_length if at.MaxLen in lengths else None

        def check_list(v: Any) -> list:
            if type(v) is not list or len(v) < low or (high is not None and len(v) > high):
                raise _Decline
            return [item(x) for x in v]
        return check_list
    if origin is Literal:
        allowed = get_args(ann)
        if metadata or not all(type(a) is str for a in allowed):
            raise _Decline
        choices = frozenset(allowed)

        def check_literal(v: Any) -> str:
            if type(v) is not str or v not in choices:
                raise _Decline
            return v
        return check_literal
    if ann is str:
        return _text(_bounds(metadata, (at.MinLen, at.MaxLen)), strip)
    if ann is int:
        return _integer(_bounds(metadata, (at.Ge, at.Le, at.Gt, at.Lt)))
    if ann is dt.date or ann is dt.datetime:
        if metadata:
            raise _Decline
        return _date if ann is dt.date else _datetime
    if isinstance(ann, type) and issubclass(ann, BaseModel) and not metadata:
        return lambda v: _build(ann, v)
    raise _Decline


def _text(bounds: dict[type, Any], strip: bool) -> Check:
    low = bounds[at.MinLen].min_length if at.MinLen in bounds else 0
    high = bounds[at.MaxLen].max_length if at.MaxLen in bounds else None

    def check_text(v: Any) -> str:
        if type(v) is not str:
            raise _Decline
        if not v.isascii():
            try:
                v.encode("utf-8")  # a lone surrogate: pydantic-core refuses it
            except UnicodeEncodeError:
                raise _Decline from None
        if strip:
            v = v.strip(_ASCII_SPACE)
            if v != v.strip():  # other whitespace at an end: which of it pydantic strips is its call
                raise _Decline
        if len(v) < low or (high is not None and len(v) > high):
            raise _Decline
        return v
    return check_text


def _integer(bounds: dict[type, Any]) -> Check:
    ge = bounds[at.Ge].ge if at.Ge in bounds else None
    le = bounds[at.Le].le if at.Le in bounds else None
    gt = bounds[at.Gt].gt if at.Gt in bounds else None
    lt = bounds[at.Lt].lt if at.Lt in bounds else None

    def check_int(v: Any) -> int:
        if (type(v) is not int or (ge is not None and not v >= ge) or (le is not None and not v <= le)
                or (gt is not None and not v > gt) or (lt is not None and not v < lt)):
            raise _Decline
        return v
    return check_int


def _date(v: Any) -> dt.date:
    if type(v) is not dt.date:
        raise _Decline
    return v


def _datetime(v: Any) -> dt.datetime:
    if type(v) is not dt.datetime or v.tzinfo is not None or v.fold:
        raise _Decline
    return v
