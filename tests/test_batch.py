"""Regenerate (`docgen batch`): corrections, incremental re-runs, failures, interruption, stale files."""
from __future__ import annotations

import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.batch import MANIFEST, STAT, paragraph_texts, run_batch, summary
from docgen.cli import cli
from docgen.corrections import Correction, apply_corrections, load_corrections
from docgen.errors import InputError

from conftest import docgen_command


RECORD = """\
agency:
  name: Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  parent: UBND tỉnh Lâm Đồng
  code: BQL
  place: Lâm Đồng
signer:
  authority: KT.
  on_behalf_of: Trưởng ban
  title: Phó Trưởng ban
  name: {signer}
meeting:
  title: Họp giao ban tháng {n}
  start: 2024-{month:02d}-10T08:00:00
  place: Phòng họp số 1, Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  chair:
    name: Võ Văn Phụng
    title: Trưởng ban
invitation:
  number: {n}
  date: 2024-{month:02d}-05
  invitees:
    - name: Nguyễn Thị Hoa
      title: Chánh Văn phòng
      unit: Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
    - unit: Phòng Quản lý đầu tư
decision:
  number: {n}
  date: 2024-{month:02d}-06
  subject: Về việc tổ chức họp giao ban tháng {n}
  authority: Trưởng Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  bases:
    - Căn cứ Quy chế làm việc của Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng
  articles:
    - text: Tổ chức họp giao ban tháng {n} tại Phòng họp số 1.
  executors:
    - Chánh Văn phòng Ban
"""
GOOD_SIGNER, TYPO_SIGNER = "Lê Văn Tâm", "Lê Văn Tam"


def write_records(folder: Path, n: int, typo: set[int] = frozenset()) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(1, n + 1):
        p = folder / f"hop-{i:02d}.yaml"
        p.write_text(RECORD.format(n=i, month=(i - 1) % 12 + 1,
                                   signer=TYPO_SIGNER if i in typo else GOOD_SIGNER), encoding="utf-8")
        out.append(p)
    return out


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_fixes(path: Path, text: str) -> list[Correction]:
    path.write_text(text, encoding="utf-8")
    return load_corrections(path)


# ---------------------------------------------------------------- corrections

def test_corrections_apply_only_where_they_match(tmp_path):
    fixes = write_fixes(tmp_path / "fixes.yaml", """\
- find: "Trần Văn Bien"
  replace: "Trần Văn Biên"
- find: "Phó trưởng ban"
  replace: "Phó Trưởng ban"
  field: signer.title        # optional: only this field
- find: "Hoa"
  replace: "Hoà"
  field: invitation.invitees[].name
- find: "Phòng"
  replace: "PHÒNG"
  field: invitation.invitees.*.unit
  records: [hop-02]
- find: "không có ở đâu"
  replace: "x"
""")
    data = {
        "signer": {"title": "Phó trưởng ban", "name": "Trần Văn Bien"},
        "meeting": {"chair": {"name": "Trần Văn Bien", "title": "Phó trưởng ban"}, "place": "Phòng họp"},
        "invitation": {"invitees": [{"name": "Nguyễn Thị Hoa", "unit": "Phòng Quản lý"},
                                    {"unit": "Phòng Hoa"}], "number": 3},
    }
    fixed, counts = apply_corrections(data, fixes, ["hop-01", "hop-01.yaml"])
    assert counts == [2, 1, 1, 0, 0]
    assert fixed["signer"] == {"title": "Phó Trưởng ban", "name": "Trần Văn Biên"}
    assert fixed["meeting"]["chair"] == {"name": "Trần Văn Biên", "title": "Phó trưởng ban"}  # field limit
    assert fixed["invitation"]["invitees"] == [{"name": "Nguyễn Thị Hoà", "unit": "Phòng Quản lý"},
                                               {"unit": "Phòng Hoa"}]
    assert fixed["invitation"]["number"] == 3 and fixed["meeting"]["place"] == "Phòng họp"
    assert data["signer"]["name"] == "Trần Văn Bien"  # the loaded data itself is not modified
    # The records limit: only a record known as hop-02 gets the fourth correction.
    fixed2, counts2 = apply_corrections(data, fixes, ["hop-02", "hop-02.yaml"])
    assert counts2[3] == 2
    assert [g["unit"] for g in fixed2["invitation"]["invitees"]] == ["PHÒNG Quản lý", "PHÒNG Hoa"]


def test_corrections_file_problems_name_the_item(tmp_path):
    with pytest.raises(InputError, match=r"mục 2 \(dòng 3\): thiếu 'replace'"):
        write_fixes(tmp_path / "a.yaml", '- find: "a"\n  replace: "b"\n- find: "c"\n')
    with pytest.raises(InputError, match=r"khóa không hợp lệ fild"):
        write_fixes(tmp_path / "b.yaml", '- find: "a"\n  replace: "b"\n  fild: signer.title\n')
    with pytest.raises(InputError, match=r"'field' không hợp lệ: 'invitation.invitees\[0\].name'"):
        write_fixes(tmp_path / "e.yaml", '- find: "a"\n  replace: "b"\n  field: invitation.invitees[0].name\n')
    with pytest.raises(InputError, match="cần là một danh sách"):
        write_fixes(tmp_path / "c.yaml", 'find: a\nreplace: b\n')
    assert write_fixes(tmp_path / "d.yaml", "# chưa có sửa lỗi nào\n") == []


# ---------------------------------------------------------------- incremental re-runs

def test_rerun_after_correction_rewrites_only_affected_documents(tmp_path):
    typo = {7, 23, 41}
    write_records(tmp_path / "in", 50, typo)
    out = tmp_path / "out"
    first = run_batch(tmp_path / "in", out, jobs=1)
    assert not first.failed and len(first.written) == 100
    before = snapshot(out)
    fixes = write_fixes(tmp_path / "fixes.yaml", f'- find: "{TYPO_SIGNER}"\n  replace: "{GOOD_SIGNER}"\n')
    second = run_batch(tmp_path / "in", out, corrections=fixes, jobs=1)
    after = snapshot(out)
    changed = {k for k in after if k not in (MANIFEST, STAT) and after[k] != before.get(k)}
    expected = {f"hop-{i:02d}/{kind}-{i:02d}-{code}-bql.docx" for i in typo
                for kind, code in (("giay-moi", "gm"), ("quyet-dinh", "qd"))}
    assert changed == expected
    assert {o.path for o in second.written} == expected
    assert second.counts == [3]  # one place (signer.name) in each of the 3 records
    for rel in expected:
        assert GOOD_SIGNER in paragraph_texts(after[rel][1])
        assert TYPO_SIGNER in paragraph_texts(before[rel][1])
    # The manifest says which corrections made each rewritten output.
    import json
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["outputs"]["hop-07/giay-moi-07-gm-bql.docx"]
    assert entry["corrections"] == [{"find": TYPO_SIGNER, "replace": GOOD_SIGNER}]
    assert manifest["outputs"]["hop-08/giay-moi-08-gm-bql.docx"]["corrections"] == []


def test_second_identical_run_writes_nothing(tmp_path):
    write_records(tmp_path / "in", 4)
    out = tmp_path / "out"
    run_batch(tmp_path / "in", out, jobs=1)
    before = snapshot(out)
    again = run_batch(tmp_path / "in", out, jobs=1)
    assert snapshot(out) == before  # documents and manifest: same bytes, same st_mtime_ns
    assert {o.status for o in again.outputs()} == {"skipped"} and all(r.fresh for r in again.results)
    assert summary(again)[0].startswith("Đã soạn 0 văn bản, 8 văn bản không đổi, 0 hồ sơ lỗi")


def test_hand_edited_or_deleted_output_is_rendered_again(tmp_path):
    write_records(tmp_path / "in", 2)
    out = tmp_path / "out"
    run_batch(tmp_path / "in", out, jobs=1)
    original = (out / "hop-01/giay-moi-01-gm-bql.docx").read_bytes()
    (out / "hop-01/giay-moi-01-gm-bql.docx").write_bytes(b"sua tay")
    (out / "hop-02/quyet-dinh-02-qd-bql.docx").unlink()
    res = run_batch(tmp_path / "in", out, jobs=1)
    notes = {o.path: o.note for o in res.written}
    assert notes == {"hop-01/giay-moi-01-gm-bql.docx": "tệp đã bị sửa tay",
                     "hop-02/quyet-dinh-02-qd-bql.docx": "tệp đã bị xóa"}
    assert (out / "hop-01/giay-moi-01-gm-bql.docx").read_bytes() == original
    assert any("Đã tạo lại hop-01/giay-moi-01-gm-bql.docx (tệp đã bị sửa tay)" in line for line in summary(res))


def test_stale_output_is_listed_not_deleted(tmp_path):
    files = write_records(tmp_path / "in", 3)
    out = tmp_path / "out"
    run_batch(tmp_path / "in", out, jobs=1)
    files[1].unlink()
    res = run_batch(tmp_path / "in", out, jobs=1)
    assert res.stale == ["hop-02/giay-moi-02-gm-bql.docx", "hop-02/quyet-dinh-02-qd-bql.docx"]
    assert (out / "hop-02/giay-moi-02-gm-bql.docx").exists()
    text = "\n".join(summary(res))
    assert "2 tệp cũ không còn được tạo ra (giữ nguyên, không xóa):" in text
    assert "  hop-02/quyet-dinh-02-qd-bql.docx" in text
    # Still listed next time, while the files exist.
    assert run_batch(tmp_path / "in", out, jobs=1).stale == res.stale
    # A run limited to one kind leaves the other kinds alone: they are not stale.
    only = run_batch(tmp_path / "in", out, kinds=["giay-moi"], jobs=1)
    assert only.stale == res.stale and {o.path for o in only.outputs()} == {
        "hop-01/giay-moi-01-gm-bql.docx", "hop-03/giay-moi-03-gm-bql.docx"}
    # One invitation per invitee replaces the shared invitation, which becomes stale.
    per = run_batch(tmp_path / "in", out, per_invitee=True, jobs=1)
    assert "hop-01/giay-moi-01-gm-bql.docx" in per.stale
    assert "hop-01/giay-moi-01-gm-bql-001-nguyen-thi-hoa.docx" in {o.path for o in per.written}


# ---------------------------------------------------------------- failures

def test_broken_record_fails_alone(tmp_path):
    write_records(tmp_path / "in", 3)
    bad = tmp_path / "in" / "hop-02.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("date: 2024-02-05", "date: 31/02/2024"), encoding="utf-8")
    (tmp_path / "in" / "hop-04.yaml").write_text("agency: [\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "Đã soạn 4 văn bản, 0 văn bản không đổi, 2 hồ sơ lỗi (tổng 4 hồ sơ)" in result.output
    assert "hop-02.yaml:20: invitation.date: ngày không hợp lệ" in result.output
    assert "hop-04.yaml" in result.output and "lỗi cú pháp YAML" in result.output
    assert sorted(p.name for p in (tmp_path / "out").rglob("*.docx")) == [
        "giay-moi-01-gm-bql.docx", "giay-moi-03-gm-bql.docx", "quyet-dinh-01-qd-bql.docx",
        "quyet-dinh-03-qd-bql.docx"]


def test_interrupted_run_completes_next_time(tmp_path):
    write_records(tmp_path / "in", 24)
    out = tmp_path / "out"
    cmd = [*docgen_command(), "batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(out.rglob("*.docx")) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = list(out.rglob("*.docx"))
    assert 0 < len(partial) < 48
    for p in partial:
        assert zipfile.ZipFile(p).testzip() is None
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    docs = sorted(out.rglob("*.docx"))
    assert len(docs) == 48 and not list(out.rglob("*.tmp")) and not list(out.rglob(".*.tmp"))
    for p in docs:
        assert zipfile.ZipFile(p).testzip() is None
    assert "0 hồ sơ lỗi" in res.stdout
    # And the run after that has nothing left to do.
    again = run_batch(tmp_path / "in", out, jobs=1)
    assert not again.written


# ---------------------------------------------------------------- the clerk's report

def test_changes_lists_changed_paragraph_text(tmp_path):
    write_records(tmp_path / "in", 3, typo={2})
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "1"]).exit_code == 0
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text(f'- find: "{TYPO_SIGNER}"\n  replace: "{GOOD_SIGNER}"\n'
                     '- find: "Lê Văn Tám"\n  replace: "Lê Văn Tâm"\n', encoding="utf-8")
    result = runner.invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "1",
                                 "--corrections", str(fixes), "--changes"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Đã soạn 2 văn bản, 4 văn bản không đổi, 0 hồ sơ lỗi (tổng 3 hồ sơ)" in lines[0]
    assert f"Sửa lỗi «{TYPO_SIGNER}» → «{GOOD_SIGNER}»: 1 chỗ." in lines
    assert any(line.startswith("Cảnh báo: sửa lỗi «Lê Văn Tám» → «Lê Văn Tâm» (dòng 3) không khớp chỗ nào")
               for line in lines)
    i = lines.index("* hop-02/giay-moi-02-gm-bql.docx")
    assert lines[i + 1:i + 3] == [f"    - {TYPO_SIGNER}", f"    + {GOOD_SIGNER}"]
    assert "* hop-02/quyet-dinh-02-qd-bql.docx" in lines and "* hop-01/giay-moi-01-gm-bql.docx" not in lines


def test_parallel_run_matches_serial_bytes(tmp_path):
    write_records(tmp_path / "in", 6)
    run_batch(tmp_path / "in", tmp_path / "a", jobs=1)
    run_batch(tmp_path / "in", tmp_path / "b", jobs=2)
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) == 15
    # documents, manifest and strings cache: the same bytes (the stat file holds file times)
    assert all(a[k][1] == b[k][1] for k in a if k != STAT)


def test_leftover_temp_files_of_a_killed_run_are_removed(tmp_path):
    write_records(tmp_path / "in", 1)
    out = tmp_path / "out"
    (out / "hop-01").mkdir(parents=True)
    (out / "hop-01" / ".giay-moi-01-gm-bql.docx.ab12cd_3.tmp").write_bytes(b"PK\x03\x04 half")
    (out / f".{MANIFEST}.zz99yy88.tmp").write_text("{", encoding="utf-8")
    (out / ".ghi-chu.txt.ab12cd34.tmp").write_text("not ours", encoding="utf-8")
    run_batch(tmp_path / "in", out, jobs=1)
    assert sorted(p.name for p in out.rglob("*.tmp")) == [".ghi-chu.txt.ab12cd34.tmp"]


def test_records_limit_base_and_log(tmp_path):
    files = write_records(tmp_path / "in", 3, typo={1, 2, 3})
    for p in files:  # the agency's place comes from the base record
        p.write_text(p.read_text(encoding="utf-8").replace("  place: Lâm Đồng\n", ""), encoding="utf-8")
    base = tmp_path / "base.yaml"
    base.write_text("agency:\n  place: Đà Lạt\n", encoding="utf-8")
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text(f'- find: "{TYPO_SIGNER}"\n  replace: "{GOOD_SIGNER}"\n  records: [hop-01, hop-03.yaml]\n',
                     encoding="utf-8")
    log = tmp_path / "batch.log"
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--base", str(base),
                                      "--corrections", str(fixes), "--log", str(log), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    signers = {p.parent.name: paragraph_texts(p.read_bytes())[-1]
               for p in (tmp_path / "out").rglob("giay-moi-*.docx")}
    assert signers == {"hop-01": GOOD_SIGNER, "hop-02": TYPO_SIGNER, "hop-03": GOOD_SIGNER}
    text = paragraph_texts((tmp_path / "out/hop-02/giay-moi-02-gm-bql.docx").read_bytes())
    assert "Đà Lạt, ngày 05 tháng 02 năm 2024" in text
    logged = log.read_text(encoding="utf-8").splitlines()
    assert logged[0].startswith("[1/3] ") and "hop-01/giay-moi-01-gm-bql.docx: tạo mới" in logged[0]
    assert f"Sửa lỗi «{TYPO_SIGNER}» → «{GOOD_SIGNER}»: 2 chỗ." in logged
