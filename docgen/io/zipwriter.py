"""A minimal deterministic ZIP writer with precompressed entries.

Rendering a DOCX changes one or two parts; the other parts (styles, fonts table, theme,
settings …) are the same every time. :class:`Entry` holds a part already deflated, so a
template compiles its static parts once and every render only deflates what changed.
Timestamps, attributes and order are fixed, so the same parts always give the same bytes.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

# 1980-01-01 00:00:00 in MS-DOS format
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_LEVEL = 6


@dataclass(frozen=True)
class Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def make(cls, name: str, payload: bytes) -> Entry:
        comp = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        data = comp.compress(payload) + comp.flush()
        return cls(name.encode("utf-8"), zlib.crc32(payload) & 0xFFFFFFFF, len(payload), data)


def build_zip(entries: list[Entry]) -> bytes:
    """Concatenate entries into a ZIP archive (deflate, no data descriptors, no extras)."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        flags = 0x0800  # names are UTF-8
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, _DOS_TIME, _DOS_DATE,
            e.crc, len(e.data), e.size, len(e.name), 0,
        )
        out += e.name
        out += e.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, _DOS_TIME, _DOS_DATE,
            e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0, 0o644 << 16, offset,
        )
        central += e.name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)
