"""The layering of README's "How it is built": what each part of docgen may import.

Checked on the source (every ``import``/``from … import`` of docgen, function-local ones too),
so a forbidden import fails here even when nothing runs it."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "docgen"
LIBRARY = {"batch", "clean", "corrections", "errors", "fields", "io", "kinds", "lazy", "lint", "model", "normalize",
           "ooxml", "oserrors", "produce", "render", "report", "starters", "textsafe", "validate", "validation",
           "vi"}
# area → the docgen areas it may NOT import (README, "How it is built").
FORBIDDEN = {
    "errors": LIBRARY - {"errors"},
    "kinds": LIBRARY - {"kinds"},
    "lazy": LIBRARY - {"lazy"},
    "vi": LIBRARY - {"vi", "errors"},
    "normalize": {"ooxml", "render", "lint", "batch", "produce", "clean", "fields", "model"},
    "ooxml": {"render", "lint", "batch", "produce", "clean", "fields", "model"},
    "io": {"render", "lint", "batch", "produce", "clean", "fields", "normalize"},
    "render": {"lint", "batch", "produce", "clean", "fields", "normalize", "model"},
    "lint": {"render", "batch", "produce", "clean", "fields", "model"},
}


def area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "docgen"


def docgen_imports(path: Path) -> set[str]:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found |= {target} if node.module else {f"{target}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {t for t in found if t == "docgen" or t.startswith("docgen.")}


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_scan_sees_the_imports():
    assert "docgen.model" in docgen_imports(PACKAGE / "produce.py")
    assert "docgen.vi.case" in docgen_imports(PACKAGE / "lint" / "layout.py")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layers(path):
    mine = area(".".join(path.relative_to(ROOT).with_suffix("").parts))
    forbidden = set(FORBIDDEN.get(mine, ()))
    if mine not in ("cli", "__main__"):
        forbidden.add("cli")  # the command line is thin over the library: nothing imports it
    if mine not in ("cli", "web"):
        forbidden.add("web")
    bad = sorted(t for t in docgen_imports(path) if area(t) in forbidden)
    assert bad == [], f"{mine} may not import {bad}"
