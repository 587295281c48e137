"""The change report of a Clean run: JSON (stable keys, UTF-8) or self-contained HTML (Vietnamese)."""
from __future__ import annotations

import functools
import json
import os
from importlib import resources
from pathlib import Path

from .errors import InputError
from .io.atomic import atomic_write, check_not_input


def _visible(s: str) -> str:
    """Show whitespace-only differences: spaces as '·', tabs as '→', line breaks as '↵'."""
    return s.replace(" ", "\u00b7").replace("\t", "\u2192").replace("\n", "\u21b5") if not s.strip() else s


@functools.lru_cache(maxsize=1)
def _html_template():
    """The HTML report's template, compiled when a report is first written as HTML (Jinja2 is
    then not imported by a clean that writes no HTML report)."""
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["visible"] = _visible
    return env.from_string(resources.files("docgen").joinpath("clean_report.html").read_text("utf-8"))


def report_dict(result) -> dict:
    """The report as plain data (CleanResult → dict), keys in a fixed order."""
    return {
        "source": result.source,
        "kind": result.kind,
        "threshold": result.threshold,
        "track_changes": result.track_changes,
        "applied": len(result.applied),
        "suggestions": len(result.suggestions),
        "changes": [c.to_dict() for c in result.changes],
    }


def to_json(result) -> str:
    return json.dumps(report_dict(result), ensure_ascii=False, indent=2) + "\n"


def to_html(result) -> str:
    return _html_template().render(r=report_dict(result))


def check_report_path(path: str | os.PathLike, inputs=()) -> str:
    """The report format ("html" or "json") from the file name; refuses other names and inputs."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".html", ".htm", ".json"):
        raise InputError(f"{p}: báo cáo thay đổi phải có đuôi .html hoặc .json.")
    check_not_input(p, inputs)
    return "json" if suffix == ".json" else "html"


def write_report(result, path: str | os.PathLike, inputs=()) -> Path:
    """Write the report as HTML or JSON according to the file name's extension."""
    fmt = check_report_path(path, inputs)
    return atomic_write(path, to_json(result) if fmt == "json" else to_html(result), inputs=inputs)
