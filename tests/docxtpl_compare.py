"""Run one docxtpl scenario with both engines (see docxtpl_scenarios)."""
from __future__ import annotations

import io
from typing import Any

import docgen.render as ours_lib
from docgen.errors import TemplateError

from docxtpl_scenarios import Scenario, media, visible_text


def run_docgen(s: Scenario, ctx_override: dict | None = None) -> Any:
    tpl = ours_lib.DocxTemplate(s.build(), name=f"{s.name}.docx")
    if s.prepare:
        s.prepare(ours_lib, tpl)
    if s.name == "get_undeclared_variables":
        return sorted(tpl.get_undeclared_template_variables())
    ctx = ctx_override or s.context(ours_lib, tpl)
    data = tpl.render(ctx, **s.render_kw())
    return data


def run_docxtpl(s: Scenario, ctx_override: dict | None = None) -> Any:
    import docxtpl
    tpl = docxtpl.DocxTemplate(io.BytesIO(s.build()))
    if s.prepare:
        s.prepare(docxtpl, tpl)
    if s.name == "get_undeclared_variables":
        return sorted(tpl.get_undeclared_template_variables())
    ctx = ctx_override or s.context(docxtpl, tpl)
    tpl.render(ctx, autoescape=True, **s.render_kw())
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def outcome(fn, s: Scenario) -> Any:
    try:
        out = fn(s)
    except TemplateError:
        return "error"
    except Exception as exc:
        import jinja2
        if isinstance(exc, jinja2.TemplateError):
            return "error"
        raise
    if isinstance(out, bytes):
        return {"text": visible_text(out), "media": media(out) if "image" in s.name or "embedded" in s.name
                or "picture" in s.name else None}
    return out
