"""How lint findings read: one Vietnamese line per finding, JSON, and the list of rules."""
from __future__ import annotations

import json

from .rules import ERROR, RULES, Finding


def where(f: Finding) -> str:
    loc = f.location
    if loc.get("section"):
        return loc["where"]
    if not loc.get("paragraph"):
        return "toàn văn bản" if not loc.get("where") else loc["where"]
    place = f" ({loc['where']})" if loc.get("where") else ""
    snippet = f" «{loc['snippet']}»" if loc.get("snippet") else ""
    return f"đoạn {loc['paragraph']}{place}{snippet}"


def finding_line(file: str, f: Finding) -> str:
    """``giay-moi.docx: đoạn 5 (bảng 1, hàng 1, cột 2) «…»: [ND30-MOTTO] Tiêu ngữ viết sai. Hiện có: …``"""
    tag = f.rule if f.severity == ERROR else f"{f.rule}, {f.severity}"
    fix = " (sửa được bằng --fix)" if f.fixable else ""
    return f"{file}: {where(f)}: [{tag}] {f.message} Hiện có: {f.found}. Quy định: {f.expected}.{fix}"


def summary_line(file: str, findings: list[Finding]) -> str:
    if not findings:
        return f"{file}: đạt, không có lỗi theo Nghị định 30/2020/NĐ-CP."
    errors = sum(f.severity == ERROR for f in findings)
    fixable = sum(f.fixable for f in findings)
    return (f"{file}: {errors} lỗi, {len(findings) - errors} cảnh báo"
            f"{f'; {fixable} sửa được bằng --fix' if fixable else ''}.")


def findings_json(results: dict[str, list[Finding]]) -> str:
    """A JSON list of findings, each with the file it belongs to."""
    out = [dict(file=file, **f.to_dict()) for file, findings in results.items() for f in findings]
    return json.dumps(out, ensure_ascii=False, indent=2)


def rules_text() -> str:
    lines = []
    for r in RULES:
        lines.append(f"{r.id} — {r.title}{' (sửa được bằng --fix)' if r.fixable else ''}")
        lines.append(f"    {r.description}")
    return "\n".join(lines)
