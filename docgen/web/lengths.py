"""Length checks of the form, each with its reason in the decree's layout.

Decree 30/2020/NĐ-CP (Appendix I) puts the parent agency and the issuing agency in the left
column of the header, in capitals, 12–13 pt (the agency bold), centred, "may wrap"; the right
column holds the national title and the motto. docgen measures the printed names with the
layout's own line breaker (:mod:`docgen.layout.breaking`) at the widest left column the right one
allows, and refuses a name that takes more lines than the header has room for, saying how many
lines it would take and why. Every other one-line text has a plain bound.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..io.loaders import Problem
from ..layout import geometry as G
from ..layout.breaking import break_lines
from ..layout.metrics import mm, text_width
from ..produce import header_text

HEADER_LINES = {"agency": 5, "parent": 3, "bloc": 5}
"""Most lines each header name may take in the left column."""
MAX_TEXT = 300
"""Most characters of any other one-line field (a line of the page holds about 80 at 14 pt)."""
DECREE = "Nghị định 30/2020/NĐ-CP, Phụ lục I"


def header_left_max() -> float:
    """The widest the header's left column can be (mm): the text width less the national title."""
    need_right = max(mm(text_width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", G.NATIONAL_SIZE, bold=True)),
                     mm(text_width("Độc lập - Tự do - Hạnh phúc", G.MOTTO_SIZE, bold=True))) + G.HEADER_GAP
    return max(G.HEADER_LEFT, G.TEXT_W - need_right)


@dataclass(frozen=True)
class _Header:
    path: str
    label: str
    what: str
    lines: int
    size: int
    bold: bool


def header_lines(text: str, size: int, bold: bool) -> int:
    printed, src = header_text(text)
    return len(break_lines(printed, header_left_max(), size, bold=bold, source=src).lines)


def _header_problem(h: _Header, text: str) -> Problem | None:
    n = header_lines(text, h.size, h.bold)
    if n <= h.lines:
        return None
    width = header_left_max()
    style = f"chữ in hoa{', đậm' if h.bold else ''}, cỡ {h.size}"
    return Problem("biểu mẫu", h.path, None,
                   f"quá dài ({len(text)} ký tự): {h.what} in {style} ở cột trái phần tiêu đề, rộng tối đa "
                   f"{width:.0f} mm ({DECREE}), nên tên này chiếm {n} dòng, trong khi phần tiêu đề chỉ có chỗ "
                   f"cho {h.lines} dòng. Hãy rút gọn, hoặc ghi tên ngắn gọn ở ô «{h.label}» "
                   "(tên đầy đủ vẫn được giữ trong hồ sơ).")


def length_problems(data: dict) -> list[Problem]:
    """Problems of texts too long for where the decree prints them (record data of the form)."""
    out: list[Problem] = []
    agency = data.get("agency") or {}
    checks = []
    if agency.get("header_name") or agency.get("name"):
        key = "header_name" if agency.get("header_name") else "name"
        checks.append((_Header(f"agency.{key}", "Tên in ở tiêu đề", "tên cơ quan ban hành",
                               HEADER_LINES["agency"], G.AGENCY_SIZE, True), agency[key]))
    if agency.get("parent"):
        checks.append((_Header("agency.parent", "Cơ quan chủ quản", "tên cơ quan chủ quản",
                               HEADER_LINES["parent"], G.PARENT_SIZE, False), agency["parent"]))
    pledge = data.get("pledge") or {}
    if pledge.get("header_name") or pledge.get("bloc"):
        key = "header_name" if pledge.get("header_name") else "bloc"
        checks.append((_Header(f"pledge.{key}", "Tên Khối in ở tiêu đề", "tên Khối thi đua",
                               HEADER_LINES["bloc"], G.AGENCY_SIZE, True), pledge[key]))
    for h, text in checks:
        if isinstance(text, str) and (p := _header_problem(h, text)):
            out.append(p)
    out += _long_texts(data, "")
    return [p for i, p in enumerate(out) if p.path not in {q.path for q in out[:i]}]


def _long_texts(value, path: str) -> list[Problem]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _long_texts(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _long_texts(v, f"{path}[{i}]")
                if isinstance(v, (dict, list))]
    if isinstance(value, str) and "\n" not in value and len(value) > MAX_TEXT:
        return [Problem("biểu mẫu", path, None,
                        f"quá dài ({len(value)} ký tự, tối đa {MAX_TEXT}): một dòng của trang A4 (rộng "
                        f"{G.TEXT_W:.0f} mm, chữ cỡ {G.BODY_SIZE}, {DECREE}) chỉ chứa khoảng 80 ký tự; "
                        "hãy viết gọn lại.")]
    return []
