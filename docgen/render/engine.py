"""The DOCX template engine: compile a template once, render many records fast.

A template is an ordinary DOCX whose text holds Jinja tags (the docxtpl conventions, see
:mod:`docgen.render.xmltags`). Compiling reads it through the safe package reader, turns each
part that holds tags (body, headers, footers, footnotes, endnotes, document properties) into
Jinja source and deflates every other part once. Rendering fills the dynamic parts, adds what
rich values need (pictures, hyperlinks, a sub-document's styles and numbering), deflates only
what changed and writes a deterministic ZIP.

Jinja runs sandboxed with bounded work (:mod:`docgen.render.sandbox`), autoescaped (XML-safe),
with control characters mapped or refused (:mod:`docgen.render.controls`) and, by default,
strict: a missing field is an error naming the field, the part, the paragraph and the tag as
the clerk sees it in Word. ``strict=False`` (for templates written for docxtpl) prints missing
variables and empty values as blanks.
"""
from __future__ import annotations

import os
import re
import threading
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from jinja2 import (ChainableUndefined, Environment, StrictUndefined, TemplateSyntaxError, UndefinedError, meta,
                    pass_eval_context)
from jinja2.exceptions import SecurityError, TemplateError as JinjaTemplateError
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from .. import kinds
from ..errors import TemplateError
from ..io.package import package_bytes, package_name, read_package
from ..io.zipwriter import Entry
from . import compiled as compiled_cache, controls, filters, package, sandbox, xmltags
from . import state as render_state
from .richtext import RichText, RichTextParagraph, text_xml


def check_xml(data: bytes, part: str, file: str | None = None) -> None:
    """docgen.io.xmlsafe.check_xml, imported (with lxml) only when a template is compiled: a
    template read back from the compiled-template cache is not parsed."""
    from ..io.xmlsafe import check_xml as check

    check(data, part, file)


class Node(Mapping):
    """A read-only view of a record dict that knows its path, for precise error messages.

    It is a real mapping for Jinja (``is mapping``, ``|length``, ``|dictsort``, ``.items()``,
    ``.get()``), but a field always wins over a dict method: ``{{ s.items }}`` is the field
    ``items`` when the record has one. Printing it prints the dict.
    """

    __slots__ = ("_data", "_path")

    def __init__(self, data: Mapping[str, Any], path: str):
        self._data = data
        self._path = path

    def __getitem__(self, name: str) -> Any:
        value = self._data[name]
        if type(value) in _SCALARS:
            return value
        return wrap(value, f"{self._path}.{name}" if self._path else str(name))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(dict(self._data))

    __str__ = __repr__


_SCALARS = frozenset({str, int, float, bool, type(None)})


def wrap(value: Any, path: str) -> Any:
    """Dicts of the context as :class:`Node` (lists and tuples as lists of wrapped items)."""
    t = type(value)
    if t in _SCALARS or isinstance(value, Node):
        return value
    if t is dict or isinstance(value, Mapping):
        return Node(value, path)
    if t is list or isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else wrap(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


class _Undefined(StrictUndefined):
    """Strict undefined whose message names the record field that is missing."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        obj = self._undefined_obj
        if isinstance(obj, Node):
            base = object.__getattribute__(obj, "_path")
            return f"thiếu trường '{base + '.' if base else ''}{self._undefined_name}'"
        if self._undefined_name is None:
            return "thiếu một giá trị"
        return f"thiếu biến '{self._undefined_name}'"


class _LenientUndefined(ChainableUndefined):
    """Missing variables print as blanks (the docxtpl habit), attribute chains included."""

    def __str__(self) -> str:
        return ""


@pass_eval_context
def _finalize_strict(eval_ctx: EvalContext, value: Any) -> Any:
    """Every printed value: printing None (an empty optional field) is an error, never a silent
    blank — guard it with ``{% if %}``; control characters are mapped or refused. Plain text is
    returned as is where the output is autoescaped (Jinja escapes it once, right after this);
    inside ``{% autoescape false %}`` it is escaped here, so a value never reaches the XML raw."""
    if value is None:
        raise filters.FilterError("một trường trống (không có giá trị) được in ra; hãy bọc nó bằng {% if … %}")
    if isinstance(value, str):
        if isinstance(value, Markup):
            return value
        if controls.has_controls(value):
            return Markup(text_xml(value))
        return value if eval_ctx.autoescape else escape(value)
    return value


@pass_eval_context
def _finalize_lenient(eval_ctx: EvalContext, value: Any) -> Any:
    if value is None:
        return ""
    return _finalize_strict(eval_ctx, value)


class _Env(sandbox.DocgenSandbox):
    """The sandbox, where a field of a record node wins over a dict method of the same name."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is Node and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment(*, strict: bool = True, filters_: Mapping[str, Callable] | None = None,
                     globals_: Mapping[str, Any] | None = None,
                     jinja_env: Environment | None = None) -> _Env:
    """A configured environment: docgen's filters, then an office's own (from ``jinja_env``
    — its filters, tests and globals are copied into the sandbox; its other settings are not —
    and from ``filters_`` / ``globals_``)."""
    env = _Env(
        autoescape=True,
        undefined=_Undefined if strict else _LenientUndefined,
        finalize=_finalize_strict if strict else _finalize_lenient,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=0,
    )
    filters.register(env)
    if jinja_env is not None:
        env.filters.update(jinja_env.filters)
        env.tests.update(jinja_env.tests)
        env.globals.update({k: v for k, v in jinja_env.globals.items() if k not in ("range", "lipsum", "cycler",
                                                                                      "joiner")})
    env.filters.update(filters_ or {})
    env.globals.update(globals_ or {})
    env.filters.update(sandbox.LIMITED_FILTERS)
    env.globals.update({"range": sandbox.safe_range, "_dg_counted": sandbox.counted})
    return env


_ENV_LOCK = threading.Lock()
_DEFAULT_ENVS: dict[bool, _Env] = {}


def environment(strict: bool = True) -> _Env:
    """The one configured Jinja environment (per strictness)."""
    with _ENV_LOCK:
        env = _DEFAULT_ENVS.get(strict)
        if env is None:
            env = _DEFAULT_ENVS[strict] = make_environment(strict=strict)
        return env


# ---------------------------------------------------------------- rich values at element level

def _make_level_helpers(props: list[tuple[str, str]]) -> dict[str, Callable]:
    """``_dg_p`` / ``_dg_r`` / ``_dg_raw``: what ``{{p x }}`` / ``{{r x }}`` / ``{{tr x}}`` print."""

    def _text_run(value: Any, rpr: str) -> str:
        if value is None:
            raise filters.FilterError("một trường trống (không có giá trị) được in ra; hãy bọc nó bằng {% if … %}")
        xml = str(value.__html__()) if hasattr(value, "__html__") else text_xml(str(value))
        return f'<w:r>{rpr}<w:t xml:space="preserve">{xml}</w:t></w:r>'

    def _dg_r(value: Any, i: int) -> Markup:
        if isinstance(value, RichText):
            return Markup(value.xml)
        if hasattr(value, "run_xml"):
            return Markup(value.run_xml())
        if isinstance(value, (str, int, float)) or value is None:
            return Markup(_text_run(value, props[i][1]))
        return Markup(_text_run(str(value), props[i][1]))

    def _dg_p(value: Any, i: int) -> Markup:
        ppr, rpr = props[i]
        if isinstance(value, RichTextParagraph):
            return Markup(value.xml)
        if hasattr(value, "body_xml"):
            return Markup(value.body_xml())
        if isinstance(value, RichText):
            return Markup(f"<w:p>{ppr}{value.xml}</w:p>")
        if hasattr(value, "run_xml"):
            return Markup(f"<w:p>{ppr}{value.run_xml()}</w:p>")
        return Markup(f"<w:p>{ppr}{_text_run(value, rpr)}</w:p>")

    def _dg_raw(value: Any) -> Markup:
        if hasattr(value, "body_xml"):
            return Markup(value.body_xml())
        return Markup(escape(value))

    return {"_dg_p": _dg_p, "_dg_r": _dg_r, "_dg_raw": _dg_raw}


# ---------------------------------------------------------------- errors located for a clerk

def _template_lineno(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class _Part:
    __slots__ = ("code", "compiled", "kind", "lines", "missing", "name", "template")

    def __init__(self, name: str, kind: str, template: Any, compiled: xmltags.Compiled):
        self.name, self.kind, self.template, self.compiled = name, kind, template, compiled
        self.code: Any = None  # the Jinja code object (kept in the compiled-template cache)
        self.lines: list[str] | None = None
        self.missing: str | None = None  # why a part could not compile (an unknown filter)

    def where(self, lineno: int | None) -> str:
        """``phần word/document.xml, đoạn 12 «Kính gửi: {{ agency.ten }}»``"""
        label = package.part_label(self.name)
        if lineno is None:
            return label
        if self.lines is None:
            self.lines = xmltags.paragraph_texts_by_line(self.compiled.source)
        source_lines = self.compiled.source.split("\n")
        idx = min(max(lineno - 1, 0), len(source_lines) - 1)
        para = sum(1 for ln in source_lines[: idx + 1] if ln.startswith("<w:p") and not ln.startswith("<w:pPr"))
        text = self.lines[idx].strip()
        if not text:
            return label
        if len(text) > 120:
            text = text[:117] + "…"
        return f"{label}, đoạn {para} «{text}»" if self.kind == "word" else f"{label} «{text}»"


# ---------------------------------------------------------------- the template

class _Parts(Mapping[str, bytes]):
    """A template's parts, read from its bytes (bounded and checked: docgen.io.package) on first
    use: a template found in the compiled-template cache renders without being unzipped, unless
    the render edits a part of the template (rels, content types)."""

    def __init__(self, raw: bytes, name: str):
        self._raw, self._name = raw, name
        self._parts: dict[str, bytes] | None = None

    def _read(self) -> dict[str, bytes]:
        if self._parts is None:
            self._parts = read_package(self._raw, self._name)
        return self._parts

    def __getitem__(self, part: str) -> bytes:
        return self._read()[part]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


class DocxTemplate:
    """A compiled DOCX template: static parts pre-deflated, dynamic parts as Jinja templates.

    ``DocxTemplate(path_or_bytes, strict=True, filters=None, globals=None, jinja_env=None)``;
    ``render(context)`` returns the DOCX bytes (``save()`` after ``render()`` writes them, the
    docxtpl way). Rendering does not change the template: one compiled template renders any
    number of documents, from any number of threads.
    """

    def __init__(self, source: str | os.PathLike | bytes | IO[bytes], name: str | None = None, *,
                 strict: bool = True, filters: Mapping[str, Callable] | None = None,
                 globals: Mapping[str, Any] | None = None, jinja_env: Environment | None = None):
        if hasattr(source, "read"):
            source = source.read()
        self.name = name or (Path(source).name if not isinstance(source, (bytes, bytearray)) else "<template>")
        self.strict = strict
        self._options = {"strict": strict, "filters_": filters, "globals_": globals, "jinja_env": jinja_env}
        custom = filters or globals or jinja_env is not None
        self._env = make_environment(**self._options) if custom else environment(strict)  # type: ignore[arg-type]
        self._raw = package_bytes(source)
        self.parts: Mapping[str, bytes] = _Parts(self._raw, package_name(source))
        self._replacements = package.Replacements()
        self._rendered: bytes | None = None
        self.url_ids: dict[str, str] = {}
        self._compile()

    # -- compiling
    def _compile(self) -> None:
        # A template compiled by an earlier process (the default environments only): its parts'
        # Jinja code and deflated static parts are read back (docgen.render.compiled).
        digest = compiled_cache.key(self._raw, self._env) if self._env is _DEFAULT_ENVS.get(self.strict) else None
        cached = compiled_cache.load(digest) if digest else None
        self._slots: list[tuple[str, Entry | _Part]] = []
        if cached is not None and self._from_cache(cached):
            return  # the parts are not even unzipped
        self._slots = []
        keep: dict[str, Any] | None = ({"order": list(self.parts), "code": {}, "source": {}, "static": {}}
                                       if digest else None)
        for part, data in self.parts.items():
            kind = xmltags.part_kind(part)
            if kind is not None and xmltags.has_tags(data):
                slot = self._compile_part(part, kind, data)
                if keep is not None:
                    if slot.template is None:
                        keep = None  # a deferred part (a filter given at render time): not kept
                    else:
                        keep["code"][part] = slot.code
                        c = slot.compiled
                        keep["source"][part] = (c.source, [tuple(p) for p in c.props], c.fix_tables)
                self._slots.append((part, slot))
            else:
                if part.endswith((".xml", ".rels")):
                    check_xml(data, part, self.name)  # copied as is: still no DTD, bounded
                entry = Entry.make(part, data)
                if keep is not None:
                    keep["static"][part] = (entry.crc, entry.size, entry.data)
                self._slots.append((part, entry))
        if keep is not None and digest:
            compiled_cache.store(digest, keep)

    def _from_cache(self, cached: dict[str, Any]) -> bool:
        """The slots of a template an earlier process compiled from the same bytes (its parts'
        Jinja code and source, its static parts deflated), in the parts' order; False if the
        entry does not fit this docgen (then the template is compiled)."""
        for part in cached["order"]:
            if part in cached["code"]:
                kind = xmltags.part_kind(part)
                if kind is None:
                    return False
                self._slots.append((part, self._compile_part(part, kind, b"", cached["code"][part],
                                                             cached["source"][part])))
            else:
                self._slots.append((part, Entry(part.encode("utf-8"), *cached["static"][part])))
        return True

    def _compile_part(self, part: str, kind: str, data: bytes, code: Any = None, source: Any = None) -> _Part:
        """The Jinja template of a part; ``code`` and ``source`` (the Jinja source, the run
        properties of its level tags, whether tables need fixing) from the compiled-template
        cache when an earlier process compiled the same part."""
        if code is not None and source is not None:
            compiled = xmltags.Compiled(source[0], list(source[1]), source[2])
        else:
            code = None
            try:
                compiled = xmltags.to_jinja_source(data, part, self.name)
            except ValueError as exc:
                raise TemplateError(f"Mẫu {self.name}: {exc}") from None
        env = self._env
        try:
            if code is None:
                code = env.compile(compiled.source)
            tpl = env.template_class.from_code(env, code, env.make_globals(_make_level_helpers(compiled.props)), None)
        except TemplateSyntaxError as exc:
            where = _Part(part, kind, None, compiled).where(exc.lineno)
            if _UNKNOWN_NAME.match(exc.message or ""):
                # a filter or test the office gives at render time (docxtpl's render(ctx, jinja_env))
                deferred = _Part(part, kind, None, compiled)
                deferred.missing = f"Mẫu {self.name}, {where}: {_syntax_vi(exc.message)}"
                return deferred
            raise TemplateError(f"Mẫu {self.name}, {where}: thẻ Jinja sai cú pháp: {_syntax_vi(exc.message)}") from None
        except sandbox.TemplateFeatureError as exc:
            raise TemplateError(f"Mẫu {self.name}, {package.part_label(part)}: {exc}") from None
        slot = _Part(part, kind, tpl, compiled)
        slot.code = code
        return slot

    # -- rendering
    def render(self, context: Mapping[str, Any], jinja_env: Environment | None = None,
               autoescape: bool = True, *, transform: Callable[[str, str], str] | None = None) -> bytes:
        """Render with a record-like mapping and return the DOCX bytes.

        ``jinja_env`` (docxtpl's second argument) adds that environment's filters, tests and
        globals for this call; ``autoescape`` is accepted for docxtpl code and always on.
        ``transform(part, xml)``, if given, edits each rendered part before it is packed
        (docgen.produce uses it for the header's column widths: docgen.ooxml.geometry)."""
        if jinja_env is not None:
            return self._with_env(jinja_env).render(context, transform=transform)
        ctx = {k: wrap(v, k) for k, v in context.items()}
        budget = sandbox.start_budget()
        st, token = render_state.begin()
        try:
            st.rels.update({p: list(r) for p, r in self._static_rels().items()})
            entries: list[tuple[str, Entry | bytes]] = []
            for part, slot in self._slots:
                if isinstance(slot, Entry):
                    entries.append((part, slot))
                    continue
                st.part = part
                xml = self._render_part(slot, ctx, st)
                if transform is not None:
                    xml = transform(part, xml)
                entries.append((part, xml.encode("utf-8")))
            data = package.assemble(entries, st, self._replacements, self.parts)
        finally:
            render_state.end(token)
            sandbox.end_budget(budget)
        self._rendered = data
        return data

    def _static_rels(self) -> dict[str, list[render_state.Rel]]:
        if not self.url_ids:
            return {}
        return {"word/document.xml": [render_state.Rel(rid, render_state.REL_HYPERLINK, url, True)
                                      for url, rid in self.url_ids.items()]}

    def _with_env(self, jinja_env: Environment) -> DocxTemplate:
        key = id(jinja_env)
        cache = self.__dict__.setdefault("_env_variants", {})
        tpl = cache.get(key)
        if tpl is None:
            tpl = object.__new__(DocxTemplate)
            tpl.__dict__.update({k: v for k, v in self.__dict__.items() if k != "_env_variants"})
            tpl._env = make_environment(**{**self._options, "jinja_env": jinja_env})  # type: ignore[arg-type]
            tpl._compile()
            cache[key] = tpl
        tpl._replacements = self._replacements
        return tpl

    def _render_part(self, slot: _Part, ctx: dict[str, Any], st: render_state.RenderState) -> str:
        if slot.template is None:
            raise TemplateError(slot.missing or f"Mẫu {self.name}: không dựng được {slot.name}")
        try:
            chunks = []
            size = 0
            for chunk in slot.template.generate(ctx):
                size += len(chunk)
                if size > sandbox.MAX_OUTPUT_CHARS:
                    raise sandbox.LimitError(
                        f"phần này của văn bản vượt {sandbox._vn(sandbox.MAX_OUTPUT_CHARS)} ký tự; "
                        "hãy kiểm tra các vòng lặp trong mẫu (một văn bản hành chính không dài như vậy)")
                chunks.append(chunk)
            xml = "".join(chunks)
            xml = controls.resolve(xml, slot.kind)
            if slot.compiled.fix_tables:
                xml = package.fix_tables(xml)
            return xml
        except UndefinedError as exc:
            raise self._error(slot, exc, exc.message or "thiếu một giá trị") from None
        except (filters.FilterError, sandbox.LimitError, controls.ControlCharacterError) as exc:
            raise self._error(slot, exc, str(exc)) from None
        except SecurityError as exc:
            raise self._error(slot, exc, f"thao tác bị chặn trong mẫu (sandbox): {_security_vi(str(exc))}") from None
        except sandbox.TemplateFeatureError as exc:
            raise self._error(slot, exc, str(exc)) from None
        except RecursionError as exc:
            raise self._error(slot, exc, "mẫu gọi lại chính nó quá nhiều lần (macro đệ quy); hãy sửa macro") from None
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, JinjaTemplateError) as exc:
            raise self._error(slot, exc, f"không tính được giá trị của thẻ ({type(exc).__name__}: {exc})") from None

    def _error(self, slot: _Part, exc: BaseException, message: str) -> TemplateError:
        return TemplateError(f"Mẫu {self.name}, {slot.where(_template_lineno(exc))}: {message}")

    def save(self, filename: str | os.PathLike | IO[bytes]) -> None:
        """Write the last rendered document (or the template with its replacements, unrendered)."""
        data = self._rendered
        if data is None:
            data = package.assemble([(p, Entry.make(p, d)) for p, d in self.parts.items()],
                                    render_state.RenderState(), self._replacements, self.parts)
        if hasattr(filename, "write"):
            filename.write(data)
        else:
            from ..io.atomic import atomic_write
            atomic_write(Path(filename), data)

    # -- docxtpl's replacement API
    def replace_pic(self, embedded_file: str, dst_file: str | os.PathLike | IO[bytes]) -> None:
        """Replace the picture Word named ``embedded_file`` (its name, title or description in
        the picture's properties) by another picture; the frame keeps its size."""
        self._replacements.pics[embedded_file] = package.read_source(dst_file)

    def replace_media(self, src_file: str | os.PathLike | IO[bytes], dst_file: str | os.PathLike | IO[bytes]) -> None:
        """Replace a media file of the template (found by its content, e.g. a dummy logo in a
        header) by another."""
        self._replacements.media[zlib.crc32(package.read_source(src_file))] = package.read_source(dst_file)

    def replace_embedded(self, src_file: str | os.PathLike | IO[bytes],
                         dst_file: str | os.PathLike | IO[bytes]) -> None:
        """Replace an embedded file (word/embeddings/…) found by its content."""
        self._replacements.embedded[zlib.crc32(package.read_source(src_file))] = package.read_source(dst_file)

    def replace_zipname(self, zipname: str, dst_file: str | os.PathLike | IO[bytes]) -> None:
        """Replace a part of the package by its name (``word/embeddings/Sheet1.xlsx``)."""
        self._replacements.zipnames[zipname] = package.read_source(dst_file)

    def reset_replacements(self) -> None:
        self._replacements = package.Replacements()

    def build_url_id(self, url: str) -> str:
        """A relationship id for a hyperlink in the body (``RichText(..., url_id=…)``);
        ``RichText(..., url=…)`` needs none and works in headers and footers too."""
        rid = self.url_ids.get(url)
        if rid is None:
            rid = self.url_ids[url] = f"rIdDgUrl{len(self.url_ids) + 1}"
        return rid

    def new_subdoc(self, docpath: str | os.PathLike | bytes | None = None) -> Any:
        from .subdoc import Subdoc
        return Subdoc(self, docpath)

    # -- inspection
    def get_undeclared_template_variables(self, jinja_env: Environment | None = None,
                                          context: Mapping[str, Any] | None = None) -> set[str]:
        """The top-level variables the template reads (less those ``context`` gives)."""
        env = self._env if jinja_env is None else make_environment(**{**self._options, "jinja_env": jinja_env})  # type: ignore[arg-type]
        names: set[str] = set()
        for _, slot in self._slots:
            if isinstance(slot, _Part):
                names |= meta.find_undeclared_variables(env.parse(slot.compiled.source))
        names -= set(env.globals)
        names -= {"_dg_p", "_dg_r", "_dg_raw"}
        if context is not None:
            names -= set(context)
        return names

    def compiled_parts(self) -> dict[str, str]:
        """The Jinja source of each templated part (for ``docgen template check``)."""
        return {p: s.compiled.source for p, s in self._slots if isinstance(s, _Part)}


_UNKNOWN_NAME = re.compile(r"No (filter|test) named '")
_SYNTAX_VI = [
    (re.compile(r"No filter named '(.*?)'"),
     "không có bộ lọc '{0}': hãy kiểm tra chính tả, hoặc khai báo bộ lọc của cơ quan (filters= hoặc jinja_env)"),
    (re.compile(r"No test named '(.*?)'"),
     "không có phép thử '{0}': hãy kiểm tra chính tả, hoặc khai báo nó (jinja_env)"),
    (re.compile(r"unexpected end of template.*'(end\w+)'", re.S | re.I), "thiếu thẻ đóng {{% {0} %}}"),
    (re.compile(r"Unexpected end of template", re.I), "mẫu kết thúc khi một thẻ mở chưa được đóng"),
    (re.compile(r"Encountered unknown tag '(\w+)'.*?'(end\w+)'", re.S),
     "gặp thẻ '{0}' trong khi cần {{% {1} %}}: thẻ đóng sai hoặc thiếu"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "không biết thẻ '{0}'"),
    (re.compile(r"unexpected '(.*?)'"), "ký tự '{0}' không đúng chỗ"),
    (re.compile(r"expected token '(.*?)', got '(.*?)'"), "cần '{0}' nhưng gặp '{1}'"),
    (re.compile(r"unexpected char '(.*?)'"), "ký tự {0} không đúng chỗ"),
]


def _syntax_vi(message: str | None) -> str:
    msg = message or ""
    for pat, vi in _SYNTAX_VI:
        m = pat.search(msg)
        if m:
            return vi.format(*m.groups())
    return f"thẻ không đọc được ({msg})"


def _security_vi(message: str) -> str:
    m = re.search(r"access to attribute '(.*?)' of '(.*?)'", message)
    if m:
        return f"không được đọc thuộc tính '{m.group(1)}' (của kiểu {m.group(2)})"
    return "thao tác không an toàn"


TEMPLATES_DIR = kinds.TEMPLATES_DIR  # where the kinds' templates are (docgen.kinds)
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
