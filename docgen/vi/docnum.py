"""Document numbers and codes (số, ký hiệu): ``Số: 05/QĐ-BQL``.

Decree 30/2020/NĐ-CP, Appendix I and Appendix III Mục I: a number below 10 gets a
leading zero; ``/`` after the number, ``-`` inside the code, no spaces; type codes keep
their own case (``TTr``, ``QyĐ``). A công văn has no type code: its code is the
agency's and the drafting unit's (``Số: 45/BQL-VP``); ``CV`` is not a code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Appendix III, Mục I: type of document → its abbreviation.
KNOWN_TYPE_CODES: dict[str, str] = {
    "NQ": "nghị quyết",
    "QĐ": "quyết định",
    "CT": "chỉ thị",
    "QC": "quy chế",
    "QyĐ": "quy định",
    "TC": "thông cáo",
    "TB": "thông báo",
    "HD": "hướng dẫn",
    "CTr": "chương trình",
    "KH": "kế hoạch",
    "PA": "phương án",
    "ĐA": "đề án",
    "DA": "dự án",
    "BC": "báo cáo",
    "BB": "biên bản",
    "TTr": "tờ trình",
    "HĐ": "hợp đồng",
    "CĐ": "công điện",
    "BGN": "bản ghi nhớ",
    "BTT": "bản thỏa thuận",
    "GUQ": "giấy ủy quyền",
    "GM": "giấy mời",
    "GGT": "giấy giới thiệu",
    "GNP": "giấy nghỉ phép",
    "PG": "phiếu gửi",
    "PC": "phiếu chuyển",
    "PB": "phiếu báo",
}

# A code part: letters, digits and "&" (e.g. "BQL", "UBND", "KT&HT"); no space, "/" or "-".
_CODE = r"[^\W_](?:[^\W_]|&)*"
_CODE_RE = re.compile(_CODE)
_DOC_NUMBER = re.compile(
    rf"(?:(?P<prefix>Số)\s*:\s*)?(?P<number>\d+)(?:/(?P<year>\d{{4}}))?"
    rf"/(?P<code>{_CODE}(?:-{_CODE})*)")


@dataclass(frozen=True)
class DocNumber:
    """The parts of a written document number, exactly as written."""

    number_text: str          # "05"
    year: str | None          # "2020" in "30/2020/NĐ-CP" (laws and decrees), else None
    type_code: str | None     # "QĐ"; None when the first code part is no known type
    agency_code: str          # everything after the type code: "BQL", "BQL-VP"
    has_prefix: bool          # written with "Số:"

    @property
    def number(self) -> int:
        return int(self.number_text)


def doc_number(number: int | None, type_code: str | None, agency_code: str) -> str:
    """``Số: 05/QĐ-BQL``.

    ``type_code`` None or "" for a công văn (``agency_code`` is then the agency's and
    drafting unit's code, ``BQL-VP``). ``number`` None leaves the number blank for the
    văn thư to fill in at registration: ``Số:      /QĐ-BQL``.
    Raises ValueError (Vietnamese) for a code the decree does not know.
    """
    parts = [agency_code.strip()] if not type_code else [type_code.strip(), agency_code.strip()]
    if type_code and parts[0] not in KNOWN_TYPE_CODES:
        raise ValueError(f"Mã loại văn bản «{type_code}» không có trong Phụ lục III Nghị định "
                         f"30/2020/NĐ-CP; dùng một trong: {', '.join(KNOWN_TYPE_CODES)}"
                         " (công văn: để trống mã loại).")
    for part in parts[-1].split("-"):
        if not _CODE_RE.fullmatch(part):
            raise ValueError(f"Mã cơ quan «{agency_code}» không hợp lệ: chỉ gồm chữ và số, "
                             "nối bằng dấu -, không có khoảng trắng.")
    if number is None:
        return "Số:      /" + "-".join(parts)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"Số văn bản «{number}» phải là số nguyên dương.")
    return f"Số: {number:02d}/" + "-".join(parts)


def parse_doc_number(text: str) -> DocNumber | None:
    """The parts of a document number written as ``Số: 05/QĐ-BQL``, ``05/QĐ-BQL`` or
    ``30/2020/NĐ-CP``; None when the text is not one. The parts are kept as written
    (a linter compares them with :func:`doc_number`).

    >>> parse_doc_number("Số: 45/BQL-VP").type_code is None
    True
    """
    m = _DOC_NUMBER.fullmatch(text.strip())
    if not m:
        return None
    first, _, rest = m["code"].partition("-")
    if first in KNOWN_TYPE_CODES and rest:
        type_code, agency = first, rest
    else:
        type_code, agency = None, m["code"]
    return DocNumber(m["number"], m["year"], type_code, agency, bool(m["prefix"]))
