"""How a value a clerk wrote is quoted back in a message."""
from __future__ import annotations

import datetime as dt
from typing import Any


def show(value: Any) -> str:
    if value is None:
        return "giá trị trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({str(value).lower()})"
    if isinstance(value, str):
        s = value if len(value) <= 60 else value[:57] + "…"
        return f'"{s}"'
    if isinstance(value, dict):
        return "một nhóm trường"
    if isinstance(value, list):
        return f"một danh sách ({len(value)} mục)"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)

