"""Commented starter records that ``docgen new KIND`` writes.

Each starter is assembled from the YAML fragments beside this module, so the agency, signer
and meeting blocks are written once. ``dien-bien.yaml`` continues the ``meeting:`` mapping of
``cuoc-hop.yaml`` (its lines are indented), so it always directly follows it.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..errors import InputError
from ..io.atomic import atomic_write
from ..kinds import DOC_KINDS

_PARTS = {
    "giay-moi": ("chung", "cuoc-hop", "giay-moi"),
    "bien-ban": ("chung", "cuoc-hop", "dien-bien", "bien-ban"),
    "quyet-dinh": ("chung", "quyet-dinh"),
    "giao-uoc-thi-dua": ("chung", "giao-uoc-thi-dua"),
    "tat-ca": ("chung", "cuoc-hop", "dien-bien", "giay-moi", "bien-ban", "quyet-dinh",
               "giao-uoc-thi-dua"),
}
_LABELS = {k.slug: k.long_label[:1].upper() + k.long_label[1:] for k in DOC_KINDS}
_LABELS["tat-ca"] = "Giấy mời, biên bản, quyết định và bản giao ước thi đua"
STARTER_KINDS = tuple(_PARTS)

_HEADER = """\
# {label} — hồ sơ mẫu tạo bởi: docgen new {kind}
#
# Sửa các giá trị cho đúng cuộc họp của cơ quan, rồi kiểm tra và tạo văn bản:
#   docgen validate ten-tep.yaml
#   docgen render ten-tep.yaml -o out/
#
# Cách viết: dòng bắt đầu bằng # là chú thích (docgen bỏ qua). Thụt lề bằng dấu cách, không
# dùng phím Tab. Mỗi mục của danh sách là một dòng bắt đầu bằng "- ". Giá trị có dấu hai chấm
# (:) hoặc bắt đầu bằng ký tự đặc biệt thì đặt trong dấu nháy đơn '...'.
# Ngày: 05/01/2025 (ngày/tháng/năm) hoặc 2025-01-05. Ngày giờ: 05/01/2025 08:00.
# Trường ghi "không bắt buộc" có thể xóa cả dòng.

"""


def starter(kind: str) -> str:
    """The commented YAML starter record for ``kind`` (one of :data:`STARTER_KINDS`)."""
    if kind not in _PARTS:
        raise InputError(f"Loại hồ sơ mẫu không có: {kind!r}. Chọn một trong: "
                         f"{', '.join(STARTER_KINDS)}.")
    here = resources.files(__name__)
    parts = [here.joinpath(f"{name}.yaml").read_text(encoding="utf-8") for name in _PARTS[kind]]
    return _HEADER.format(label=_LABELS[kind], kind=kind) + "".join(parts)


def write_starter(kind: str, path: str | os.PathLike) -> Path:
    """Write the starter for ``kind`` to ``path``; refuse to replace an existing file."""
    target = Path(path)
    if target.exists():
        raise InputError(f"tệp đã có, docgen không ghi đè: {target}. Hãy chọn tên khác "
                         "hoặc xóa tệp cũ.")
    return atomic_write(target, starter(kind))
