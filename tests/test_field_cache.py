"""The per-user cache of record-field repairs (docgen.fields, docgen.io.usercache): a field read
from it gives exactly what the repair gave, a warm render loads no OCR model, and a stale,
corrupt or switched-off cache changes nothing but speed."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import FIXTURE, ROOT
from docgen import fields
from docgen.io import usercache
from docgen.io.loaders import load_record

# Fields as clerks paste them: right, OCR-garbled (glyph loss, a real-word garble), legacy-encoded,
# badly spaced, names in the wrong case.
GARBLED = [
    "Khi thi đua các Ban Quản lý khu công nghiệp", "Ban Quan ly cac khu cong nghiep tinh Lam Dong",
    "Hội nghị ký kết giao ước thi đua năm 2022", "Phòng  Quản lý doanh nghiệp ,lao động",
    "Trưởng Ban Quản lý các khu công nghiệp", "Báo cáo kết qu thực hiện nhiệm v năm 2021",
    "Cơng ty TNHH Trong Nam", "Vn phòng Ban Quản lý", "Ng chí Trưởng ban", "Héi nghÞ tæng kÕt",
    "UBND tỉnh Lâm Đồng", "Số 05/GM-BQL", "Thực hiện Luật Thi đua, khen thưởng năm 2022",
]


def _all_fields(record) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []

    def walk(value, loc):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in fields._SKIP_KEYS:
                    walk(v, (*loc, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*loc, i))
        elif isinstance(value, str) and value:
            out.append((value, fields._is_person_name(loc)))

    walk(record.model_dump(), ())
    return out


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty field cache in tmp_path, and no outcome remembered in this process."""
    monkeypatch.setenv("DOCGEN_FIELD_CACHE", str(tmp_path))
    monkeypatch.delenv("DOCGEN_CACHE_DIR", raising=False)

    def reset():
        fields._repair.cache_clear()
        monkeypatch.setattr(fields, "_field_cache", fields._FieldCache())

    reset()
    yield reset
    fields._repair.cache_clear()


def test_cached_outcome_equals_the_repair_on_many_fields(fresh_cache, monkeypatch):
    """Every field of the fixture and the garbled ones: the outcome read back from the cache file
    by a fresh process state equals the full repair's, edit for edit, applied or suggested."""
    cases = [*_all_fields(load_record(FIXTURE)), *((t, False) for t in GARBLED), ("nguyễn văn a", True)]
    full = {}
    for text, person in cases:
        for repair in (True, False):
            full[(text, repair, person)] = fields._repair(text, repair, 0.8, person)
    assert any(r[1] for r in full.values()), "some garbled field must be repaired"
    assert any(r[2] for r in full.values()), "some field must get a suggestion"
    fields.save_cache()
    assert len(list(fields._field_cache.path.parent.glob("fields-*.marshal"))) == 1

    fresh_cache()  # a new process: only the file remembers

    def no_repair(*args):
        raise AssertionError(f"repaired again instead of read from the cache: {args}")

    monkeypatch.setattr(fields, "_repair_now", no_repair)
    for (text, repair, person), outcome in full.items():
        assert fields._repair(text, repair, 0.8, person) == outcome, text


def test_record_changes_identical_cold_and_warm(fresh_cache, monkeypatch):
    record = load_record(FIXTURE).model_copy(deep=True)
    record.meeting.title = "Hội nghị ký kết giao ước thi đua Khi thi đua các Ban Quản lý khu công nghiệp"
    cold = fields.normalize_record(record)
    assert cold[1], "the garbled title gives a change"
    fields.save_cache()
    fresh_cache()
    monkeypatch.setattr(fields, "_repair_now", lambda *a: pytest.fail("repaired again"))
    warm = fields.normalize_record(record)
    assert warm[0] == cold[0]
    assert warm[1] == cold[1]


def test_corrupt_or_foreign_cache_file_is_ignored(fresh_cache, tmp_path):
    text = "Khi thi đua các Ban Quản lý khu công nghiệp"
    expected = fields._repair(text, True, 0.8, False)
    fields.save_cache()
    path = fields._field_cache.path
    for junk in (b"not marshal", b"", __import__("marshal").dumps((999, {})), __import__("marshal").dumps([1])):
        path.write_bytes(junk)
        fresh_cache()
        assert fields._repair(text, True, 0.8, False) == expected


def test_switched_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_FIELD_CACHE", "off")
    cache = fields._FieldCache()
    cache.put(("x", True, 0.8, False), ("x", [], []))
    cache.save()
    assert cache.path is None and not cache.dirty
    monkeypatch.setenv("DOCGEN_FIELD_CACHE", str(tmp_path))
    monkeypatch.setenv("DOCGEN_CACHE_DIR", "off")  # every cache off
    assert usercache.cache_dir("DOCGEN_FIELD_CACHE") is None


def test_fingerprint_follows_any_change_of_code_or_data(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "lm.tsv").write_text("a\t1\n")
    first = usercache.fingerprint(tmp_path)
    assert usercache.fingerprint(tmp_path) == first
    (tmp_path / "data" / "lm.tsv").write_text("a\t2\n")  # same size, new mtime
    os.utime(tmp_path / "data" / "lm.tsv", ns=(1, 1))
    second = usercache.fingerprint(tmp_path)
    assert second != first
    (tmp_path / "b.py").write_text("")
    assert usercache.fingerprint(tmp_path) != second


def test_a_write_keeps_the_newest_other_fingerprints(tmp_path):
    """Two installs for one user each keep their cache file (neither removes the other's at
    every start); beyond STALE_KEEP other fingerprints the oldest are removed."""
    for k, name in enumerate(["ocr-model-a.marshal", "ocr-model-b.marshal", "ocr-model-c.marshal"]):
        assert usercache.write(tmp_path / name, {"n": k}, stale="ocr-model-*.marshal")
        os.utime(tmp_path / name, ns=(10**9 * (k + 1), 10**9 * (k + 1)))
    (tmp_path / "fields-x.marshal").write_bytes(b"")  # another cache's file: not matched
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fields-x.marshal", "ocr-model-a.marshal", "ocr-model-b.marshal", "ocr-model-c.marshal"]
    assert usercache.write(tmp_path / "ocr-model-d.marshal", {"n": 3}, stale="ocr-model-*.marshal")
    # d is written, c and b (the newest others) are kept, a (the oldest) is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fields-x.marshal", "ocr-model-b.marshal", "ocr-model-c.marshal", "ocr-model-d.marshal"]
    assert usercache.read(tmp_path / "ocr-model-b.marshal") == {"n": 1}
    # rewriting a kept one keeps the others
    assert usercache.write(tmp_path / "ocr-model-b.marshal", {"n": 4}, stale="ocr-model-*.marshal")
    assert len(list(tmp_path.glob("ocr-model-*.marshal"))) == 1 + usercache.STALE_KEEP


def test_bounded(fresh_cache, monkeypatch):
    monkeypatch.setattr(fields, "FIELD_CACHE_MAX", 3)
    for i in range(10):
        fields._field_cache.put((f"t{i}", True, 0.8, False), (f"t{i}", [], []))
    assert list(fields._field_cache.entries) == [("t7", True, 0.8, False), ("t8", True, 0.8, False),
                                                  ("t9", True, 0.8, False)]


WARM_RENDER = """
import json, sys
from pathlib import Path
from docgen.produce import render_to_dir
result = render_to_dir(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"model": "docgen.normalize.ocr_model" in sys.modules,
                  "changes": [c.describe() for c in result.changes],
                  "files": {p.name: p.read_bytes().hex() for p in result.written}}))
"""


def test_warm_render_loads_no_model_and_writes_the_same_bytes(tmp_path):
    """Two processes: the first repairs (loads the OCR model), the second reads every field from
    the cache, never imports the model, and writes byte-identical documents."""
    record = tmp_path / "hop.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    record.write_text(text, encoding="utf-8")
    env = {**os.environ, "DOCGEN_FIELD_CACHE": str(tmp_path / "cache")}
    runs = []
    for i in range(2):
        proc = subprocess.run([sys.executable, "-c", WARM_RENDER, str(record), str(tmp_path / f"out{i}")],
                              env=env, cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(json.loads(proc.stdout))
    cold, warm = runs
    assert cold["model"] is True and warm["model"] is False
    assert warm["changes"] == cold["changes"]
    assert warm["files"] == cold["files"] and len(cold["files"]) == 4
