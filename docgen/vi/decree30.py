"""Facts of Decree 30/2020/NĐ-CP that several parts of docgen use: the record model, lint and
the renderer read them here (see ``../shared/reference/nd30.md`` for the decree's text).

The abbreviations of document types (``GM``, ``QĐ`` …, Appendix III) are in :mod:`.docnum`.
"""
from __future__ import annotations

from typing import Literal, get_args

Authority = Literal["TM.", "KT.", "Q.", "TL.", "TUQ."]
"""Prefix of a signature on someone's behalf (Article 13): thay mặt, ký thay, quyền, thừa lệnh,
thừa ủy quyền."""

AUTHORITY_PREFIXES: tuple[str, ...] = get_args(Authority)

AUTHORITY_MISWRITTEN: dict[str, str] = {
    "T/M": "TM.", "T.M": "TM.", "THAY MẶT": "TM.", "K/T": "KT.", "K.T": "KT.", "KÝ THAY": "KT.",
    "THỪA LỆNH": "TL.", "THỪA ỦY QUYỀN": "TUQ.", "QUYỀN": "Q.",
}
"""A prefix written out or misspelt, upper case → the decree's abbreviation."""

UNIT_WORDS: tuple[str, ...] = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
"""Administrative-unit words: lower case before a place name (Appendix II: ``tỉnh Lâm Đồng``)
and left out of the place in the place-and-date line (``Lâm Đồng, ngày …``)."""

SPECIAL_SPELLINGS: tuple[str, ...] = ("Thủ đô Hà Nội", "Thành phố Hồ Chí Minh")
"""Names Appendix II writes against the rule for unit words."""
