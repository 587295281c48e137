"""Compiled templates kept in the per-user cache (docgen.io.usercache), so that a new process
does not compile again a template an earlier one compiled.

What is kept, per template, is what compiling costs and what is a pure function of the
template's bytes: the order of its parts; for each part with tags, the Python code Jinja
generates (Jinja's own bytecode-cache idea: a marshalled code object), the Jinja source it came
from (error messages quote its paragraphs) and the run properties of its ``{{p}}``/``{{r}}``
tags; for every other part, its deflated bytes after the XML-safety check passed. So a template
found here is rendered without being unzipped. The key is a digest of the template file's bytes
(as stored, ≈ 40 KB; not its parts unzipped, ≈ 860 KB, whose hashing and inflating were a tenth
of a warm render), the environment's strictness, filters and tests, the Jinja version and a
fingerprint of docgen's code: another template, another docgen or another Jinja is another key,
never a stale read.
Only a template that compiled without error is kept (an error is raised, and seen, every time).
``DOCGEN_TEMPLATE_CACHE=off`` (or ``DOCGEN_CACHE_DIR=off``) switches it off.
"""
from __future__ import annotations

import functools
import hashlib
import types
from pathlib import Path
from typing import Any

import jinja2

from ..io import usercache

KEEP = 64  # compiled templates kept (the oldest others removed when one is added)


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    return usercache.fingerprint(Path(__file__).resolve().parent.parent, extra=jinja2.__version__)


def _folder() -> Path | None:
    folder = usercache.cache_dir("DOCGEN_TEMPLATE_CACHE")
    return None if folder is None else folder / "templates"


def key(template: bytes, env: Any) -> str:
    """The digest that names a compiled template: the template file's bytes, the environment,
    the code."""
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update(f"\0{type(env).__module__}.{type(env).__qualname__}\0{sorted(env.filters)}\0{sorted(env.tests)}"
             f"\0{getattr(env.undefined, '__qualname__', '')}\0{len(template)}:".encode())
    h.update(template)
    return h.hexdigest()[:32]


def load(digest: str) -> dict[str, Any] | None:
    """{"order": [part, …], "code": {part: code object}, "source": {part: (Jinja source,
    level-tag properties, fix tables)}, "static": {part: (crc, size, deflated)}} — every part of
    the order in "code" and "source", or in "static" — or None."""
    folder = _folder()
    value = usercache.read(None if folder is None else folder / f"{digest}.marshal")
    if not (isinstance(value, dict) and all(isinstance(value.get(k), dict) for k in ("code", "source", "static"))):
        return None
    order = value.get("order")
    if not (isinstance(order, list) and all(isinstance(p, str) for p in order)
            and all((p in value["code"] and p in value["source"]) or p in value["static"] for p in order)):
        return None
    if not all(isinstance(c, types.CodeType) for c in value["code"].values()):
        return None
    if not all(isinstance(s, tuple) and len(s) == 3 and isinstance(s[0], str) and isinstance(s[1], list)
               and all(isinstance(p, tuple) and len(p) == 2 for p in s[1]) for s in value["source"].values()):
        return None
    return value


def store(digest: str, value: dict[str, Any]) -> None:
    folder = _folder()
    if folder is not None:
        usercache.write(folder / f"{digest}.marshal", value, stale="*.marshal", keep=KEEP - 1)
