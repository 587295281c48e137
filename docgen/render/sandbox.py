"""The sandboxed Jinja environment every template runs in, and the limits on its work.

Jinja's own sandbox already refuses Python internals (``x.__class__``) and unsafe methods.
On top of it a template that an office writes (or a hostile file) cannot make a render run
away:

- ``'x' * 2000000000``, ``[1] * 10**9``, ``10 ** 10 ** 10``, ``'x'.ljust(10**9)``,
  ``|center``, ``|indent``, ``|join``, ``|replace``, ``|batch`` and ``%``-formatting are
  checked *before* they build their result (:data:`MAX_STRING` characters,
  :data:`MAX_LIST` items);
- ``range()`` and every ``{% for %}`` loop count their iterations against one budget per
  document (:data:`MAX_LOOP_ITERATIONS`), so nested loops stop in well under a second;
- the rendered XML of each part is measured while it is produced (:data:`MAX_OUTPUT_CHARS`);
- ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused when the template is
  compiled: a template is one DOCX, there is nothing to include.

Each limit is a :class:`LimitError` with a Vietnamese message that says what to do.
"""
from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

MAX_STRING = 1_000_000
MAX_LIST = 100_000
MAX_LOOP_ITERATIONS = 1_000_000
MAX_OUTPUT_CHARS = 50_000_000
MAX_POWER_BITS = 4096


class LimitError(ValueError):
    """A template asked for more work than a document can need."""


class TemplateFeatureError(ValueError):
    """A template uses a Jinja feature a DOCX template cannot have (include, import, extends)."""


_TOO_LONG = ("mẫu tạo ra một chuỗi dài {n} ký tự, vượt giới hạn {cap} ký tự; "
             "hãy kiểm tra phép nhân chuỗi hoặc độ rộng trong thẻ của mẫu")
_TOO_MANY = ("mẫu tạo ra một danh sách {n} phần tử, vượt giới hạn {cap}; "
             "hãy kiểm tra phép nhân danh sách trong thẻ của mẫu")


def _vn(n: int) -> str:
    """``2.000.000.000`` (Vietnamese digit grouping)."""
    return f"{n:,}".replace(",", ".")


def _check_len(n: int, cap: int = MAX_STRING, what: str = _TOO_LONG) -> None:
    if n > cap:
        raise LimitError(what.format(n=_vn(n), cap=_vn(cap)))


class Budget:
    """The work one document may do: loop iterations counted across every part."""

    __slots__ = ("iterations",)

    def __init__(self) -> None:
        self.iterations = 0

    def spend(self, n: int = 1) -> None:
        self.iterations += n
        if self.iterations > MAX_LOOP_ITERATIONS:
            raise LimitError(
                f"các vòng lặp của mẫu đã chạy quá {_vn(MAX_LOOP_ITERATIONS)} lượt cho một văn bản; "
                "hãy kiểm tra các vòng {% for %} lồng nhau hoặc range() quá lớn trong mẫu"
            )


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("docgen_render_budget", default=None)


def current_budget() -> Budget:
    b = _budget.get()
    if b is None:
        b = Budget()
        _budget.set(b)
    return b


def start_budget() -> contextvars.Token:
    return _budget.set(Budget())


def end_budget(token: contextvars.Token) -> None:
    _budget.reset(token)


def counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Every ``{% for %}`` iterates through this: each item spends one unit of the budget."""
    budget = current_budget()
    for item in iterable:
        budget.spend()
        yield item


def safe_range(*args: int) -> range:
    rng = range(*args)
    _check_len(len(rng), MAX_LIST, "range() trong mẫu có {n} phần tử, vượt giới hạn {cap}; "
                                    "hãy dùng một khoảng nhỏ hơn")
    return rng


_PERCENT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d{7,})|\{[^{}]*:[^{}]*?(\*|\d{7,})[^{}]*\}")


def _check_format_string(fmt: str) -> None:
    if _PERCENT_WIDTH.search(fmt):
        raise LimitError("định dạng chuỗi trong mẫu có độ rộng quá lớn (hoặc '*'); hãy dùng độ rộng nhỏ hơn 1.000.000")


def _mul_size(left: Any, right: Any) -> None:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, bytes)) and isinstance(n, int):
            _check_len(len(seq) * max(n, 0))
        elif isinstance(seq, (list, tuple)) and isinstance(n, int):
            _check_len(len(seq) * max(n, 0), MAX_LIST, _TOO_MANY)


def _pow_size(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1 \
            and abs(left).bit_length() * right > MAX_POWER_BITS:
        raise LimitError(f"phép lũy thừa {left} ** {right} trong mẫu cho một số quá lớn; hãy dùng số mũ nhỏ hơn")


_PADDING_METHODS = {"ljust", "rjust", "center", "zfill"}


# ---------------------------------------------------------------- filters that build big results

def _f_center(value: Any, width: int = 80) -> str:
    _check_len(int(width))
    return str(value).center(width)


def _f_indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    from jinja2.filters import do_indent
    text = str(s)
    pad = len(width) if isinstance(width, str) else int(width)
    _check_len(len(text) + (text.count("\n") + 1) * pad)
    return do_indent(text, width, first, blank)


def _f_join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    from jinja2.filters import do_join
    items = list(value)
    _check_len(len(items), MAX_LIST, _TOO_MANY)
    _check_len(len(str(d)) * max(len(items) - 1, 0) + sum(len(str(i)) for i in items))
    return do_join(eval_ctx, items, d, attribute)


def _f_replace(eval_ctx: Any, s: Any, old: str, new: str, count: int | None = None) -> str:
    from jinja2.filters import do_replace
    text = str(s)
    hits = (len(text) + 1) if old == "" else text.count(str(old))
    if count is not None:
        hits = min(hits, max(count, 0))
    _check_len(len(text) + hits * max(len(str(new)) - len(str(old)), 0))
    return do_replace(eval_ctx, s, old, new, count)


def _f_batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    from jinja2.filters import do_batch
    _check_len(int(linecount), MAX_LIST, _TOO_MANY)
    return do_batch(value, linecount, fill_with)


def _f_slice(value: Iterable[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    from jinja2.filters import do_slice
    _check_len(int(slices), MAX_LIST, _TOO_MANY)
    return do_slice(value, slices, fill_with)


def _f_format(value: str, *args: Any, **kwargs: Any) -> str:
    from jinja2.filters import do_format
    _check_format_string(str(value))
    out = do_format(value, *args, **kwargs)
    _check_len(len(out))
    return out


def _f_wordwrap(*args: Any, **kwargs: Any) -> str:
    from jinja2.filters import do_wordwrap
    out = do_wordwrap(*args, **kwargs)
    _check_len(len(out))
    return out


def _pass_eval_context(fn: Any) -> Any:
    from jinja2.utils import pass_eval_context
    return pass_eval_context(fn)


LIMITED_FILTERS = {
    "center": _f_center,
    "indent": _f_indent,
    "join": _pass_eval_context(_f_join),
    "replace": _pass_eval_context(_f_replace),
    "batch": _f_batch,
    "slice": _f_slice,
    "format": _f_format,
    "wordwrap": _pass_eval_context(_f_wordwrap),
}


class _LoopGuard:
    """Rewrites a parsed template: every ``for`` iterates through ``counted()``; include,
    import and extends are refused."""

    _REFUSED: ClassVar[dict[type, str]] = {
        nodes.Include: "{% include %}",
        nodes.Import: "{% import %}",
        nodes.FromImport: "{% from … import %}",
        nodes.Extends: "{% extends %}",
    }

    def visit(self, tree: nodes.Node) -> None:
        for kind, label in self._REFUSED.items():
            found = next(iter(tree.find_all(kind)), None)
            if found is not None:
                raise TemplateFeatureError(
                    f"thẻ {label} (dòng {found.lineno} của phần được dựng) không dùng được trong mẫu DOCX: "
                    "mỗi mẫu là một tệp riêng, không có mẫu nào khác để chèn vào. Hãy chép nội dung cần dùng "
                    "vào chính mẫu này, hoặc chèn một văn bản con (Subdoc) từ chương trình"
                )
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name("_dg_counted", "load", lineno=loop.lineno), [loop.iter], [],
                                   None, None, lineno=loop.lineno)


class DocgenSandbox(SandboxedEnvironment):
    """Sandboxed, autoescaped Jinja with bounded work; record nodes resolve fields first."""

    intercepted_binops = frozenset(["*", "**", "%"])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filters.update(LIMITED_FILTERS)
        self.globals["range"] = safe_range
        self.globals["_dg_counted"] = counted
        self.globals.pop("lipsum", None)
        self.globals.pop("cycler", None)
        self.globals.pop("joiner", None)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        _LoopGuard().visit(tree)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _mul_size(left, right)
            return left * right
        if operator == "**":
            _pow_size(left, right)
            return left ** right
        if operator == "%":
            if isinstance(left, str):
                _check_format_string(left)
                out = left % right
                _check_len(len(out))
                return out
            return left % right
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _PADDING_METHODS and args and isinstance(args[0], int):
                _check_len(args[0])
            elif name == "expandtabs":
                size = args[0] if args else kwargs.get("tabsize", 8)
                _check_len(len(owner) * max(int(size), 1))
            elif name in ("format", "format_map"):
                _check_format_string(owner)
            elif name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                hits = (len(owner) + 1) if old == "" else owner.count(old)
                _check_len(len(owner) + hits * max(len(new) - len(old), 0))
            elif name == "join" and args:
                items = list(args[0])
                _check_len(len(owner) * max(len(items) - 1, 0) + sum(len(str(i)) for i in items))
                args = (items, *args[1:])
        out = super().call(__context, __obj, *args, **kwargs)
        if isinstance(out, str):
            _check_len(len(out))
        return out
