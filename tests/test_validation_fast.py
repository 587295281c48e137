"""docgen.validation.fast against pydantic: over every record of the repository (the fixture, the
starters, the records written in the tests) and systematic mutations of them, the fast path either
declines (None) or builds exactly the record ``Record.model_validate`` builds — the same types,
values and ``model_fields_set`` at every level — and ``as_data`` gives what ``model_dump`` gives."""
from __future__ import annotations

import ast
import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from docgen.io.loaders import RecordError, load_data, parse_data
from docgen.model import Record, as_data
from docgen.starters import STARTER_KINDS, starter
from docgen.validation import coerce_dates, validate_data
from docgen.validation.fast import build

from conftest import FIXTURE, ROOT


def _test_records() -> Iterator[tuple[str, dict]]:
    """Every YAML or JSON record written as a string in the tests (one with an ``agency:``)."""
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "agency" in node.value:
                for suffix in (".yaml", ".json"):
                    try:
                        data, _ = parse_data(node.value, f"x{suffix}")
                    except (RecordError, ValueError, TypeError):
                        continue
                    yield f"{path.name}:{node.lineno}", data
                    break


def _records() -> list[tuple[str, dict]]:
    out = [("fixture", load_data(FIXTURE)[0])]
    out += [(f"starter {k}", parse_data(starter(k), f"{k}.yaml")[0]) for k in STARTER_KINDS]
    out += list(_test_records())
    return out


RECORDS = _records()


def _same(a: Any, b: Any, where: str = "") -> None:
    """``a`` and ``b`` are the same record: types, values, fields set, field order."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        assert list(a.__dict__) == list(b.__dict__), where
        assert a.__pydantic_extra__ == b.__pydantic_extra__ and a.__pydantic_private__ == b.__pydantic_private__
        for name in a.__dict__:
            _same(a.__dict__[name], b.__dict__[name], f"{where}.{name}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _check(data: Any) -> bool:
    """Fast path vs pydantic on ``data`` (as validation gives it, dates coerced); whether the fast
    path built the record. (Neither changes its input.)"""
    coerced, _ = coerce_dates(data)
    fast = build(Record, coerced)
    try:
        slow = Record.model_validate(coerced)
    except ValidationError:
        assert fast is None, "the fast path accepted data pydantic rejects"
        return False
    if fast is None:
        return False
    _same(fast, slow)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert as_data(fast) == slow.model_dump()
    return True


def test_the_repository_records_take_the_fast_path():
    assert len(RECORDS) >= 10  # the fixture, the starters and the tests' records were found
    built = [name for name, data in RECORDS if _check(data)]
    assert "fixture" in built and all(f"starter {k}" in built for k in STARTER_KINDS)


def test_validate_data_returns_the_fast_record():
    data, lines = load_data(FIXTURE)
    _same(validate_data(data, "f.yaml", lines), Record.model_validate(coerce_dates(data)[0]))


def test_as_data_is_model_dump():
    for _, data in RECORDS:
        coerced, _ = coerce_dates(data)
        try:
            record = Record.model_validate(coerced)
        except ValidationError:
            continue
        assert as_data(record) == record.model_dump()
        assert list(as_data(record)) == list(record.model_dump())


# ---------------------------------------------------------------- mutations

_TZ = dt.timezone(dt.timedelta(hours=7))
PALETTE: list[Any] = [
    None, "", " ", "a", "ab", "abc", "  có dấu cách hai đầu  ", "\tTab\n", "\u00a0nbsp\u00a0", "\u3000全角\u3000",
    "\x1cFS\x1c", "\u2028ls", "x\u200b", "\ud800", "Q.", "KT.", " KT.", "kt.", "x" * 21, "12", "0", 0, 1, -1, 12,
    99999, 100000, 2000, 2100, 2101, 12.0, 12.5, True, False, dt.date(2024, 1, 5), dt.date(1, 1, 1),
    dt.datetime(2024, 1, 5, 8, 0), dt.datetime(2024, 1, 5, 8, 0, tzinfo=_TZ), dt.datetime(2024, 1, 5, fold=1),
    [], ["x"], ["  x  ", "y"], [None], [1], [{}], {}, {"name": "Nguyễn Văn An"}, {"unit": "Sở"}, ("x",), b"x",
]


def _paths(value: Any, loc: tuple = ()) -> Iterator[tuple]:
    """Every field path of ``value``; of a list, its first two items only (the others are alike)."""
    yield loc
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):
            yield from _paths(v, (*loc, i))


def _copy_path(data: Any, loc: tuple) -> tuple[Any, Any]:
    """A copy of ``data`` whose containers along ``loc`` are new (the rest shared), and the
    (new) parent of ``loc``."""
    out = copy.copy(data)
    parent = out
    for part in loc[:-1]:
        parent[part] = copy.copy(parent[part])
        parent = parent[part]
    return out, parent


def _set(data: Any, loc: tuple, value: Any) -> Any:
    if not loc:
        return value
    out, parent = _copy_path(data, loc)
    parent[loc[-1]] = value
    return out


def _delete(data: Any, loc: tuple) -> Any:
    out, parent = _copy_path(data, loc)
    del parent[loc[-1]]
    return out


def _mutations(data: dict) -> Iterator[Any]:
    for loc in list(_paths(data))[1:]:
        for value in PALETTE:
            yield _set(data, loc, value)
        yield _delete(data, loc)
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
        if isinstance(parent, dict):
            yield _set(data, (*loc[:-1], "extra_key"), "x")
            yield _set(data, (*loc[:-1], 1), "x")  # a key that is not text


@pytest.mark.parametrize("name", ["fixture", *(f"starter {k}" for k in STARTER_KINDS)])
def test_mutations_decline_or_agree(name):
    data = dict(RECORDS)[name]
    built = declined = 0
    for mutated in _mutations(data):
        if _check(mutated):
            built += 1
        else:
            declined += 1
    assert built and declined  # both paths were exercised


def test_mutations_of_the_tests_records_decline_or_agree():
    for name, data in RECORDS:
        if name == "fixture" or name.startswith("starter"):
            continue
        for loc in list(_paths(data))[1:]:
            for value in (None, "", "  x  ", "12", 12, True, dt.date(2024, 1, 5), [], {}):
                _check(_set(data, loc, value))


def test_what_is_declined():
    data = coerce_dates(load_data(FIXTURE)[0])[0]
    assert build(Record, data) is not None
    for loc, value in [(("invitation", "number"), "3"), (("invitation", "number"), 3.0),
                       (("invitation", "number"), True), (("agency", "code"), ("BQL",)),
                       (("signer", "authority"), " KT."), (("agency", "name"), "\ud800x"),
                       (("agency", "name"), "\u00a0Ban\u00a0"), (("meeting", "start"), dt.date(2022, 1, 14))]:
        assert build(Record, _set(data, loc, value)) is None, loc
    assert build(Record, _set(data, ("agency", "nickname"), "x")) is None
    assert build(Record, _delete(data, ("agency", "name"))) is None
    assert build(Record, _set(data, ("signer", "on_behalf_of"), None)) is None  # the model's own rule


def test_a_declined_record_gets_pydantic_messages():
    data, lines = load_data(FIXTURE)
    data["invitation"]["number"] = "ba"
    with pytest.raises(RecordError) as exc:
        validate_data(data, "f.yaml", lines)
    assert "invitation.number" in str(exc.value) and "cần số nguyên" in str(exc.value)


def test_a_model_the_fast_path_does_not_know_is_declined():
    from pydantic import ConfigDict, Field, field_validator

    class Odd(BaseModel):
        model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)
        name: str = Field(pattern="^a")

    class Checked(BaseModel):
        model_config = ConfigDict(extra="forbid", defer_build=True)
        name: str

        @field_validator("name")
        @classmethod
        def _upper(cls, v: str) -> str:
            return v.upper()

    class Loose(BaseModel):
        name: str

    assert build(Odd, {"name": "abc"}) is None
    assert build(Checked, {"name": "abc"}) is None
    assert build(Loose, {"name": "abc"}) is None  # extra="ignore": not reproduced
