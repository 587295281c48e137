"""The DOCX template engine: compile a template once, render many records fast.

A template is an ordinary DOCX whose text holds Jinja tags. Compiling reads it through the
safe package reader, turns each part that holds tags into Jinja source (xmltags) and deflates
every other part once. Rendering fills the dynamic parts, deflates only them and writes a
deterministic ZIP. Jinja runs sandboxed, autoescaped (XML-safe) and with strict undefined
variables: a missing field is an error naming the field and the template.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Callable, Mapping

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import TemplateError
from ..io.package import read_package
from ..io.xmlsafe import check_xml
from ..io.zipwriter import Entry, build_zip
from . import filters, xmltags

_BR = '</w:t><w:br/><w:t xml:space="preserve">'


class Node:
    """A read-only view of a record dict that knows its path, for precise error messages.

    Attribute access never reaches dict methods, so a field called ``items`` is the field.
    """

    __slots__ = ("_data", "_path")

    def __init__(self, data: Mapping[str, Any], path: str):
        self._data = data
        self._path = path

    def __getitem__(self, name: str) -> Any:
        return wrap(self._data[name], f"{self._path}.{name}" if self._path else name)

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __contains__(self, name: str) -> bool:
        return name in self._data

    def __iter__(self):
        return iter(self._data)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self._path!r})"


def wrap(value: Any, path: str) -> Any:
    if isinstance(value, Mapping):
        return Node(value, path)
    if isinstance(value, (list, tuple)):
        return [wrap(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


class _Undefined(StrictUndefined):
    """Strict undefined whose message names the record field that is missing."""

    @property
    def _undefined_message(self) -> str:  # type: ignore[override]
        obj = self._undefined_obj
        if isinstance(obj, Node):
            base = object.__getattribute__(obj, "_path")
            return f"thiếu trường '{base + '.' if base else ''}{self._undefined_name}'"
        return f"thiếu biến '{self._undefined_name}'"


def _finalize(value: Any) -> Any:
    """Every printed value: printing None (an empty optional field) is an error, never a silent
    blank — guard it with ``{% if %}``; newlines become line breaks inside the run."""
    if value is None:
        raise filters.FilterError("một trường trống (không có giá trị) được in ra; hãy bọc nó bằng {% if … %}")
    if isinstance(value, str) and "\n" in value and not isinstance(value, Markup):
        return Markup(str(escape(value)).replace("\n", _BR))
    return value


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The one configured Jinja environment."""
    env = SandboxedEnvironment(
        autoescape=True,
        undefined=_Undefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=0,
    )
    filters.register(env)
    return env


def _is_dynamic(name: str) -> bool:
    return name == "word/document.xml" or (
        name.startswith("word/") and (name[5:].startswith("header") or name[5:].startswith("footer"))
        and name.endswith(".xml")
    )


class DocxTemplate:
    """A compiled DOCX template: static parts pre-deflated, dynamic parts as Jinja templates."""

    def __init__(self, source: str | os.PathLike | bytes, name: str | None = None):
        self.name = name or (Path(source).name if not isinstance(source, bytes) else "<template>")
        parts = read_package(source)
        env = environment()
        self._slots: list[tuple[str, Any]] = []  # (part name, Entry | jinja Template)
        for part, data in parts.items():
            if _is_dynamic(part) and xmltags.has_tags(data):
                try:
                    src = xmltags.to_jinja_source(data, part)
                    self._slots.append((part, env.from_string(src)))
                except TemplateSyntaxError as exc:
                    raise TemplateError(f"Mẫu {self.name}, phần {part}: thẻ Jinja sai cú pháp: {exc.message}") from None
                except ValueError as exc:
                    raise TemplateError(f"Mẫu {self.name}: {exc}") from None
            else:
                if part.endswith((".xml", ".rels")):
                    check_xml(data, part, self.name)  # copied as is: still no DTD, bounded
                self._slots.append((part, Entry.make(part, data)))

    def render(self, context: Mapping[str, Any], transform: Callable[[str, str], str] | None = None) -> bytes:
        """Render with a record-like mapping and return the DOCX bytes; ``transform(part, xml)``,
        if given, edits each rendered part before it is packed (docgen.ooxml.geometry)."""
        ctx = {k: wrap(v, k) for k, v in context.items()}
        entries = []
        for part, slot in self._slots:
            if isinstance(slot, Entry):
                entries.append(slot)
                continue
            try:
                xml = slot.render(ctx)
            except UndefinedError as exc:
                raise TemplateError(f"Mẫu {self.name}: {exc.message}") from None
            except filters.FilterError as exc:
                raise TemplateError(f"Mẫu {self.name}: {exc}") from None
            except SecurityError as exc:
                raise TemplateError(f"Mẫu {self.name}: thao tác bị chặn trong mẫu (sandbox): {exc}") from None
            if transform is not None:
                xml = transform(part, xml)
            entries.append(Entry.make(part, xml.encode("utf-8")))
        return build_zip(entries)


def _templates_dir() -> Path:
    """docgen/templates_docx (a link to the top-level templates_docx/ in a checkout, a copy in a
    wheel); the top-level folder itself where links are not checked out (Windows)."""
    here = Path(__file__).resolve().parent.parent
    inside = here / "templates_docx"
    return inside if inside.is_dir() else here.parent / "templates_docx"


TEMPLATES_DIR = _templates_dir()
_lock = threading.Lock()
_cache: dict[tuple[str, int], DocxTemplate] = {}


def load_template(path: str | os.PathLike) -> DocxTemplate:
    """Compile a template file once per process (recompiled when the file changes)."""
    p = Path(path)
    try:
        key = (os.fspath(p), p.stat().st_mtime_ns)
    except OSError:
        raise TemplateError(f"Không tìm thấy mẫu văn bản: {p}") from None
    with _lock:
        tpl = _cache.get(key)
        if tpl is None:
            tpl = _cache[key] = DocxTemplate(p)
        return tpl
