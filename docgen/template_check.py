"""Checking an office's template before it is used (``docgen template check``).

For each template: every tag with the part, paragraph and page where it sits (pages counted
from the page breaks typed in the template and the ``lastRenderedPageBreak`` marks Word saved:
the template is not laid out here, so a file never saved by Word may show too few pages); the
fields it reads against the record model (a typo gets "có phải ý bạn là …?"); tags that Word
split across runs (they work, but are fragile when retyped) or that were left open; whether it
compiles; and the Decree 30 lint of the template itself.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_origin

from jinja2 import nodes
from lxml import etree

from .errors import DocgenError
from .io.package import read_package
from .io.xmlsafe import parse_xml
from .ooxml.ns import W
from .render import package, xmltags
from .render.engine import DocxTemplate

_OPEN = re.compile(r"\{\{|\{%|\{#")
_DICT_METHODS = {"items", "keys", "values", "get"}
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}


@dataclass
class Tag:
    part: str
    paragraph: int
    page: int
    text: str
    pieces: int  # how many w:t elements Word stored it in


@dataclass
class Problem:
    severity: str  # "lỗi" or "cảnh báo"
    where: str
    message: str


@dataclass
class Report:
    path: str
    tags: list[Tag] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lint: list[str] = field(default_factory=list)
    linted: str = "chính tệp mẫu"

    @property
    def errors(self) -> int:
        return sum(p.severity == "lỗi" for p in self.problems)


# ---------------------------------------------------------------- where tags sit

def _page_breaks_before(p: etree._Element) -> int:
    n = 0
    ppr = p.find(W + "pPr")
    if ppr is not None and ppr.find(W + "pageBreakBefore") is not None:
        n += 1
    for el in p.iter(W + "br", W + "lastRenderedPageBreak"):
        if el.tag == W + "lastRenderedPageBreak" or el.get(W + "type") == "page":
            n += 1
    return n


def find_tags(parts: dict[str, bytes], name: str) -> tuple[list[Tag], list[Problem]]:
    tags: list[Tag] = []
    problems: list[Problem] = []
    for part, data in parts.items():
        if xmltags.part_kind(part) != "word" or not xmltags.has_tags(data):
            continue
        root = parse_xml(data, part, name)
        page = 1
        for i, p in enumerate(root.iter(W + "p"), start=1):
            page += _page_breaks_before(p) if part == "word/document.xml" else 0
            texts = [t.text or "" for t in p.iter(W + "t")]
            full = "".join(texts)
            if "{" not in full:
                continue
            bounds, pos = [], 0
            for s in texts:
                bounds.append((pos, pos + len(s)))
                pos += len(s)
            where = f"{package.part_label(part)}, đoạn {i}, trang {page}"
            covered = []
            for m in xmltags.TAG_RE.finditer(full):
                a, b = m.span()
                pieces = sum(1 for x, y in bounds if x < b and y > a)
                text = m.group(0)
                tags.append(Tag(part, i, page, text, pieces))
                covered.append((a, b))
                if pieces > 1:
                    problems.append(Problem("cảnh báo", where,
                                            f"thẻ {text} bị Word tách thành {pieces} mảnh (khác định dạng, sửa lỗi "
                                            "chính tả…): docgen tự nối lại, nhưng nên xóa và gõ lại thẻ liền một lần"))
                if any(q in text for q in "\u201c\u201d\u2018\u2019"):
                    problems.append(Problem("cảnh báo", where, f"thẻ {text} có dấu nháy cong; docgen đổi thành nháy "
                                            "thẳng, nên tắt AutoFormat dấu nháy khi gõ thẻ"))
            for m in _OPEN.finditer(full):
                if not any(a <= m.start() < b for a, b in covered):
                    rest = full[m.start():m.start() + 40]
                    problems.append(Problem("lỗi", where, f"thẻ mở «{rest}» không có {_CLOSE[m.group()]} đóng "
                                            "trong cùng đoạn văn"))
    return tags, problems


# ---------------------------------------------------------------- fields read vs the record model

def _model_paths(model: Any, prefix: str, out: set[str]) -> None:
    from .model import is_model, unwrap_optional
    for name, f in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        out.add(path)
        ann = unwrap_optional(f.annotation)
        args = getattr(ann, "__args__", ())
        if is_model(ann):
            _model_paths(ann, path, out)
        elif args and is_model(args[0]):
            _model_paths(args[0], path + "[]", out)
        elif get_origin(ann) in (list, tuple):
            out.add(path + "[]")


def _value_paths(value: Any, prefix: str, out: set[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            path = f"{prefix}.{k}" if prefix else str(k)
            out.add(path)
            _value_paths(v, path, out)
    elif isinstance(value, list):
        out.add(prefix + "[]")
        for v in value[:3]:
            _value_paths(v, prefix + "[]", out)


def sample_record() -> Any:
    """The starter record that has every document kind (``docgen new tat-ca``)."""
    import yaml

    from .io.loaders import validate_data
    from .starters import starter
    return validate_data(yaml.safe_load(starter("tat-ca")), "tat-ca.yaml")


def known_paths(kind: str | None) -> set[str]:
    """Every field path a template of ``kind`` (None: any kind) can read."""
    from .model import KINDS, Record
    from .produce import context
    out: set[str] = set()
    _model_paths(Record, "", out)
    record = sample_record()
    for k in ([kind] if kind in KINDS else list(KINDS)):
        if k in record.kinds():
            ctx = context(record, k)
            _value_paths(ctx, "", out)
            # an optional block the starter record leaves empty (an appendix): its fields are
            # not known from the sample, so anything under it is accepted
            out |= {f"{key}.*" for key, value in ctx.items() if value is None}
    return out


class _Reads:
    """The dotted paths a compiled template reads (``agency.name``, ``i.name`` → the loop's list)."""

    def __init__(self) -> None:
        self.paths: list[tuple[str, int]] = []
        self.loops: dict[str, str] = {}
        self.locals: set[str] = set()

    def path(self, node: nodes.Node) -> str | None:
        if isinstance(node, nodes.Name):
            if node.name in self.loops:
                return self.loops[node.name]
            if node.name in self.locals or node.name.startswith("_dg_") or node.name in ("loop", "range"):
                return None
            return node.name
        if isinstance(node, nodes.Getattr):
            base = self.path(node.node)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = self.path(node.node)
            if base is None:
                return None
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return f"{base}.{node.arg.value}"
            return base + "[]"
        return None

    def declare(self, tree: nodes.Node) -> None:
        """Names the template itself sets ({% set %}, macros and their arguments)."""
        for node in tree.find_all((nodes.Assign, nodes.AssignBlock)):
            target: Any = getattr(node, "target", None)
            if isinstance(target, nodes.Name):
                self.locals.add(target.name)
            elif target is not None:
                self.locals |= {n.name for n in target.find_all(nodes.Name)}
        for macro in tree.find_all(nodes.Macro):
            self.locals |= {macro.name} | {a.name for a in macro.args}

    def visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter)
            src = self.path(node.iter)
            targets = [n.name for n in node.target.find_all(nodes.Name)] if not isinstance(node.target, nodes.Name) \
                else [node.target.name]
            if isinstance(node.iter, nodes.Call) and isinstance(node.iter.node, nodes.Name) and node.iter.args:
                src = self.path(node.iter.args[0])  # the loop guard's counted(...)
            for t in targets:
                if src and len(targets) == 1:
                    self.loops[t] = src + "[]"
                else:
                    self.locals.add(t)
            for child in node.body + node.else_:
                self.visit(child)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            for n in node.target.find_all(nodes.Name):
                self.locals.add(n.name)
        if isinstance(node, nodes.Macro):
            self.locals.add(node.name)
            for a in node.args:
                self.locals.add(a.name)
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)) and getattr(node, "ctx", "load") == "load":
            p = self.path(node)
            if p is not None:
                head, _, leaf = p.rpartition(".")
                self.paths.append((head if head and leaf in _DICT_METHODS else p, node.lineno))
                if isinstance(node, nodes.Getitem):
                    self.visit(node.arg)
                return
        for child in node.iter_child_nodes():
            self.visit(child)


def _normalise(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _suggest(path: str, known: set[str]) -> str | None:
    parent, _, leaf = path.rpartition(".")
    siblings = [k for k in known if k.rpartition(".")[0] == parent]
    match = difflib.get_close_matches(path, siblings or list(known), n=1, cutoff=0.6)
    return match[0] if match else None


# ---------------------------------------------------------------- the whole check

def check_template(path: str | Path, kind: str | None = None) -> Report:
    p = Path(path)
    report = Report(str(p))
    parts = read_package(p)
    report.tags, report.problems = find_tags(parts, p.name)
    try:
        tpl = DocxTemplate(p)
    except DocgenError as exc:
        report.problems.append(Problem("lỗi", "", str(exc)))
        return report
    if kind is None and p.stem in _kinds():
        kind = p.stem
    known = known_paths(kind)
    known_norm = {_normalise(k) for k in known}
    env = tpl._env  # the template's own environment (its filters and globals)
    seen: set[str] = set()
    for part, source in tpl.compiled_parts().items():
        reads = _Reads()
        tree = env.parse(source)
        reads.declare(tree)
        reads.visit(tree)
        for path_read, _ in reads.paths:
            norm = _normalise(path_read)
            if norm in seen or norm.split(".")[0] in env.globals:
                continue
            seen.add(norm)
            report.variables.append(norm)
            if norm in known_norm or any(k.startswith(norm + ".") or k.startswith(norm + "[]") for k in known_norm):
                continue
            if any(k.endswith(".*") and (norm + ".").startswith(k[:-1]) for k in known_norm):
                continue
            hint = _suggest(norm, known_norm)
            msg = f"trường '{norm}' không có trong hồ sơ" + (f" {('loại ' + kind) if kind else ''}".rstrip())
            msg += f"; có phải ý bạn là '{hint}'?" if hint else "; hãy kiểm tra tên trường (docgen new tat-ca cho hồ sơ mẫu)"
            report.problems.append(Problem("lỗi", package.part_label(part), msg))
    from .lint import lint_docx
    from .lint.report import finding_line
    try:
        if kind in _kinds() and report.errors == 0:
            # the template's layout as it prints: rendered with the starter record, then linted
            from .produce import context
            record = sample_record()
            data = tpl.render(context(record, kind)) if kind in record.kinds() else p.read_bytes()
            report.linted = "văn bản soạn từ mẫu với hồ sơ mẫu (docgen new tat-ca)"
        else:
            data = p.read_bytes()
        report.lint = [finding_line(p.name, f) for f in lint_docx(data, name=p.name)]
    except DocgenError as exc:
        report.lint = [str(exc)]
    return report


def _kinds() -> tuple[str, ...]:
    from .model import KINDS
    return tuple(KINDS)


def report_lines(report: Report) -> list[str]:
    name = Path(report.path).name
    out = [f"== {report.path}: {len(report.tags)} thẻ"]
    if report.tags:
        out.append("  (Số trang theo ngắt trang gõ trong mẫu và vị trí ngắt trang Word ghi lại lần lưu cuối: docgen "
                   "không tự dàn trang mẫu; mẫu chưa mở và lưu bằng Word thì số trang có thể thấp hơn thực tế.)")
    for t in report.tags:
        where = "thân" if t.part == "word/document.xml" else package.part_label(t.part).split(" (")[0].replace("phần ", "")
        out.append(f"  {where}, trang {t.page}, đoạn {t.paragraph}: {t.text}")
    if report.variables:
        out.append(f"  Trường mẫu đọc: {', '.join(sorted(report.variables))}")
    for pr in report.problems:
        out.append(f"{name}: {pr.severity}: {pr.where + ': ' if pr.where else ''}{pr.message}")
    if report.lint:
        out.append(f"  Thể thức theo Nghị định 30 ({report.linted}): {len(report.lint)} điều cần xem:")
        out.extend("    " + line for line in report.lint)
    else:
        out.append(f"  Thể thức theo Nghị định 30 ({report.linted}): đạt.")
    verdict = "đạt" if report.errors == 0 else f"{report.errors} lỗi"
    out.append(f"{name}: {verdict}.")
    return out
