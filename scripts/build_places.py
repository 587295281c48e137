#!/usr/bin/env python3
"""Build docgen's tables of administrative units from underthesea's address table.

underthesea (a maintained, pinned dependency of the ``build`` extra) bundles
``underthesea/address/data/mapping.json``, extracted from the ``vietnamadminunits`` package
(version and effective date in its metadata: the reorganisation in force from 1 July 2025). It
maps every commune-level unit before the reorganisation (with its province and district) to the
commune-level unit it became. From it this script writes, deterministically (run from the
repository root):

* docgen/vi/data/provinces.tsv      the 34 provinces and cities in force and the 63 before 2025
                                    (status, full name, short name, code, the current province a
                                    former one now belongs to);
* docgen/vi/data/communes_2025.tsv  every commune-level unit in force (xã, phường, đặc khu) with
                                    its province;
* docgen/vi/data/districts_former.tsv  the district-level units abolished in 2025 (quận, huyện,
                                    thị xã, thành phố thuộc tỉnh), names still used in older documents;
* docgen/vi/data/communes_former.tsv.gz  every former commune-level unit (xã, phường, thị trấn) with
                                    its district and province, and the unit it became.

A handful of units have an empty display name in the table, only a key with the marks and no
spaces ("xãcẩmgiàng"); the name is recovered when exactly one known name (of a district or
commune) spells that key, and left out otherwise (reported).

Usage: .venv/bin/python scripts/build_places.py [--out DIR]
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import underthesea  # noqa: E402

from docgen.vi.sorting import collation_key  # noqa: E402

SOURCE = Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"
OUT = ROOT / "docgen" / "vi" / "data"
UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Quận", "Huyện", "Tỉnh", "Xã")


def nfc(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def split_unit(full: str) -> tuple[str, str]:
    """("Phường", "An Bình") from "Phường An Bình"; every syllable of the name capitalised (the
    table writes "Xã Pa ủ" once for "Pa Ủ")."""
    for t in UNIT_TYPES:
        if full.lower().startswith(t.lower() + " "):  # "Thị Trấn Prao" is written so once
            name = " ".join(w[:1].upper() + w[1:] for w in full[len(t) + 1:].split())
            return t, name
    raise ValueError(f"unknown unit type: {full!r}")


def squash(s: str) -> str:
    return nfc(s).lower().replace(" ", "")


def header(what: str, columns: str, meta: dict) -> str:
    return (f"# {what}\n# Sinh bởi scripts/build_places.py từ bảng địa giới của underthesea "
            f"(address/data/mapping.json, nguồn {meta.get('source')} {meta.get('version')}, "
            f"hiệu lực {meta.get('effective_date')}); không sửa tay.\n# Cột: {columns}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT, help="output directory (default: the package's data)")
    build(ap.parse_args().out)


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    meta = data["metadata"]
    new_prov = {k: v for k, v in data["province_names"].items()}
    old_prov = {k: v for k, v in data["old_province_names"].items()}
    rows = data["ward_mapping"]

    # provinces
    lines = []
    for info in sorted(new_prov.values(), key=lambda v: v["code"]):
        lines.append(f"current\t{nfc(info['name'])}\t{nfc(info['short'])}\t{info['code']}\t{nfc(info['short'])}")
    for key, info in sorted(old_prov.items(), key=lambda kv: kv[1]["code"]):
        now = new_prov[data["province_mapping"][key]]["short"]
        lines.append(f"former\t{nfc(info['name'])}\t{nfc(info['short'])}\t{info['code']}\t{nfc(now)}")
    # Thừa Thiên Huế became the centrally governed city of Huế on 1 January 2025, before the
    # table's "former" snapshot; its old name is in every older document.
    lines.append("former\tTỉnh Thừa Thiên Huế\tThừa Thiên Huế\t46\tHuế")
    (out / "provinces.tsv").write_text(
        header("Tỉnh, thành phố trực thuộc trung ương: 34 đơn vị hiện hành và 63 đơn vị trước 2025.",
               "hiện hành/trước đây, tên đầy đủ, tên ngắn, mã, tỉnh hiện nay", meta) + "\n".join(lines) + "\n",
        encoding="utf-8")

    # names known with spaces, to recover the few units whose display name is empty
    known: dict[str, set[str]] = {}
    for r in rows:
        for full in (r["old_district"], r["old_ward"], r["new_ward"]):
            if full and full.strip():
                name = split_unit(nfc(full))[1]
                known.setdefault(squash(name), set()).add(name)

    def new_unit(r: dict) -> str | None:
        if r["new_ward"].strip():
            return nfc(r["new_ward"])
        key = nfc(r["new_ward_key"]).lower()
        for t in UNIT_TYPES:
            if key.startswith(squash(t)):
                cands = known.get(key[len(squash(t)):], set())
                if len(cands) == 1:
                    return f"{t} {next(iter(cands))}"
        return None

    prov_code = {v["name"]: v["code"] for v in new_prov.values()}
    short_new = {v["name"]: nfc(v["short"]) for v in new_prov.values()}
    short_old = {v["name"]: nfc(v["short"]) for v in old_prov.values()}
    current: set[tuple[str, str, str]] = set()
    former_d: set[tuple[str, str, str]] = set()
    former_w: set[tuple[str, ...]] = set()
    lost: set[str] = set()
    for r in rows:
        unit = new_unit(r)
        if unit is None:
            lost.add(r["new_ward_key"])
        else:
            t, name = split_unit(unit)
            current.add((r["new_province"], t, name))
        if r["old_district"]:
            t, name = split_unit(nfc(r["old_district"]))
            former_d.add((r["old_province"], t, name))
        if r["old_ward"] and unit is not None:
            t, name = split_unit(nfc(r["old_ward"]))
            former_w.add((short_old[r["old_province"]], nfc(r["old_district"]), t, name,
                          short_new[r["new_province"]], unit))

    def by_place(row: tuple[str, str, str]) -> tuple:
        return (prov_code.get(row[0], ""), collation_key(row[2]), row[1])

    lines = [f"{short_new[p]}\t{t}\t{n}" for p, t, n in sorted(current, key=by_place)]
    (out / "communes_2025.tsv").write_text(
        header(f"Đơn vị hành chính cấp xã từ 01/7/2025 ({len(lines)} xã, phường, đặc khu).",
               "tỉnh, loại, tên", meta) + "\n".join(lines) + "\n", encoding="utf-8")

    old_code = {v["name"]: v["code"] for v in old_prov.values()}
    lines = [f"{short_old[p]}\t{t}\t{n}" for p, t, n in
             sorted(former_d, key=lambda r: (old_code[r[0]], collation_key(r[2]), r[1]))]
    (out / "districts_former.tsv").write_text(
        header(f"Đơn vị hành chính cấp huyện trước 01/7/2025 ({len(lines)} quận, huyện, thị xã, thành phố).",
               "tỉnh (trước 2025), loại, tên", meta) + "\n".join(lines) + "\n", encoding="utf-8")

    code_by_short = {nfc(v["short"]): v["code"] for v in old_prov.values()}
    lines = ["\t".join(r) for r in sorted(former_w, key=lambda r: (code_by_short[r[0]], collation_key(r[1]),
                                                                   collation_key(r[3]), r[2], r[5]))]
    text = header(f"Đơn vị hành chính cấp xã trước 01/7/2025 và đơn vị mới ({len(lines)} dòng).",
                  "tỉnh (trước 2025), huyện, loại, tên, tỉnh hiện nay, đơn vị hiện nay", meta) + "\n".join(lines) + "\n"
    with open(out / "communes_former.tsv.gz", "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0,
                                                                        filename="") as gz:
        gz.write(text.encode("utf-8"))
    print(f"{len(current)} communes in force, {len(former_d)} former districts, {len(former_w)} former communes;"
          f" names not recovered: {sorted(lost) or 'none'}")


if __name__ == "__main__":
    main()
