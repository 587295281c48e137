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
from functools import cached_property

# 1980-01-01 00:00:00 in MS-DOS format
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_LEVEL = 6
FAST_LEVEL = 1
"""For a part deflated on every render (a rendered document body): several times faster than
the default level, a few per cent larger."""
_FLAGS = 0x0800  # names are UTF-8


@dataclass(frozen=True)
class Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def make(cls, name: str, payload: bytes, level: int = _LEVEL) -> Entry:
        comp = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = comp.compress(payload) + comp.flush()
        return cls(name.encode("utf-8"), zlib.crc32(payload) & 0xFFFFFFFF, len(payload), data)

    @cached_property
    def local(self) -> bytes:
        """The local file header, name and data (computed once for an entry reused by every render)."""
        return struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, _FLAGS, 8, _DOS_TIME, _DOS_DATE,
            self.crc, len(self.data), self.size, len(self.name), 0,
        ) + self.name + self.data

    @cached_property
    def central(self) -> bytes:
        """The central directory record up to (not including) the local header's offset."""
        return struct.pack(
            "<IHHHHHHIIIHHHHHI", 0x02014B50, 20, 20, _FLAGS, 8, _DOS_TIME, _DOS_DATE,
            self.crc, len(self.data), self.size, len(self.name), 0, 0, 0, 0, 0o644 << 16,
        )


def build_zip(entries: list[Entry]) -> bytes:
    """Concatenate entries into a ZIP archive (deflate, no data descriptors, no extras)."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        local = e.local
        out.append(local)
        central.append(e.central)
        central.append(struct.pack("<I", offset))
        central.append(e.name)
        offset += len(local)
    cd = b"".join(central)
    out.append(cd)
    out.append(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), offset, 0))
    return b"".join(out)
