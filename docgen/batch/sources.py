"""The sources of a batch: the records of a folder, of one record file or of a spreadsheet."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..io.loaders import load_data
from ..io.outputs import same_file

SPREADSHEET_SUFFIXES = (".csv", ".xlsx", ".xlsm")  # what docgen.io.spreadsheet reads (imported for one)

RECORD_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Source:
    """One record to render: a record file, or spreadsheet data already read."""

    id: str                      # manifest key (for a folder: the file stem, also its sub-folder)
    display: str                 # how messages name it: a file, or "tệp.xlsx, dòng 7"
    names: tuple[str, ...]       # what a correction's ``records`` may call it
    subdir: str = ""
    path: str | None = None      # record file, loaded in the worker
    data: dict | None = None     # spreadsheet data (already typed)
    base: dict | None = None     # what a record file completes (--base with a folder)
    problems: list[str] = field(default_factory=list)  # reading problems: the source fails
    kinds: tuple[str, ...] | None = None               # default kinds for this source
    part: tuple[int, int] | None = None                # (k, n): render only outputs k, k+n, k+2n… of the plan


def deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _load_base(base: str | os.PathLike | None) -> dict | None:
    return None if base is None else load_data(base)[0]


def record_files(folder: Path) -> list[Path]:
    """The record files of a folder, in a stable order (hidden files left out)."""
    return sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in RECORD_SUFFIXES
                  and not f.name.startswith("."))


def collect_sources(input_path: str | os.PathLike, *, base: str | os.PathLike | None = None,
                    sheet: str | None = None) -> list[Source]:
    """The records of a folder, a record file or a spreadsheet, in a stable order."""
    p = Path(input_path)
    if not p.exists():
        raise InputError(f"Không tìm thấy đầu vào: {p}")
    if p.is_dir():
        files = record_files(p)
        if not files:
            raise InputError(f"{p}: thư mục không có tệp hồ sơ nào (.yaml, .yml, .json).")
        stems = Counter(f.stem for f in files)
        base_data = _load_base(base)
        out = []
        for f in files:
            sid = f.stem if stems[f.stem] == 1 else f"{f.stem}-{f.suffix.lstrip('.').lower()}"
            out.append(Source(sid, str(f), (f.stem, f.name, sid), subdir=sid, path=str(f), base=base_data))
        return out
    if p.suffix.lower() in SPREADSHEET_SUFFIXES:
        if base is None:
            raise InputError(f"{p}: bảng tính cần một hồ sơ gốc cho phần dùng chung (cơ quan, người ký, "
                             "cuộc họp, số và ngày giấy mời), ví dụ: --base hop.yaml")
        from ..io.spreadsheet import read_sheet  # openpyxl, lxml, pydantic: only for a spreadsheet

        base_data = _load_base(base) or {}
        sh = read_sheet(p, sheet)
        name = p.name
        if sh.mode == "invitees":
            # One record for the whole sheet; a bad row is reported on its own and left out.
            invitees = [r.values for r in sh.rows if not r.problems]
            data = deep_merge(base_data, {"invitation": {"invitees": invitees}})
            bad = [Source(f"{p.stem}-dong-{r.number}", f"{name}, dòng {r.number}", (), problems=r.problems)
                   for r in sh.rows if r.problems]
            return [Source(p.stem, name, (p.stem, name), data=data, kinds=("giay-moi",)), *bad]
        out = []
        width = max(3, len(str(max((r.number for r in sh.rows), default=0))))
        for r in sh.rows:
            sid = f"dong-{r.number:0{width}d}"
            out.append(Source(sid, f"{name}, dòng {r.number}", (sid, str(r.number)), subdir=sid,
                              data=deep_merge(base_data, r.values), problems=list(r.problems)))
        return out
    if p.suffix.lower() in RECORD_SUFFIXES:
        return [Source(p.stem, str(p), (p.stem, p.name), path=str(p), base=_load_base(base))]
    raise InputError(f"{p}: cần một thư mục hồ sơ, một tệp .yaml/.json hoặc một bảng tính .csv/.xlsx.")


def input_files(input_path: str | os.PathLike, *others: str | os.PathLike | None) -> list[Path]:
    """Every file this batch reads: the record files (or the one file), the base, corrections."""
    p = Path(input_path)
    files = record_files(p) if p.is_dir() else [p]
    return files + [Path(o) for o in others if o is not None]


def split(src: Source, per_invitee: bool, jobs: int) -> list[Source]:
    """One invitation per row of a large invitee sheet: share the rows among the processes."""
    invitees = ((src.data or {}).get("invitation") or {}).get("invitees") or []
    if jobs < 2 or not per_invitee or len(invitees) < 4 * jobs:
        return [src]
    return [replace(src, part=(k, jobs)) for k in range(jobs)]


def check_not_a_future_record(target: str | os.PathLike, input_path: str | os.PathLike, what: str) -> None:
    """Refuse a side file (a log) that the next run would read as a record of the input folder."""
    t, p = Path(target), Path(input_path)
    if p.is_dir() and t.suffix.lower() in RECORD_SUFFIXES and same_file(t.parent, p):
        raise InputError(f"{what} {t} nằm trong thư mục hồ sơ {p} và có đuôi {t.suffix}: lần chạy sau nó sẽ "
                         "bị đọc như một hồ sơ. Hãy đặt tên khác, ví dụ batch.log.")
