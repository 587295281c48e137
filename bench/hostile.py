#!/usr/bin/env python3
"""Hostile inputs (issue 11): each case in its own bounded subprocess; time, peak memory, outcome.

    .venv/bin/python bench/hostile.py [--root CHECKOUT] [--time 60] [--mem-gb 3] [--only NAME …]

``--root`` is the docgen checkout under test (default: this one); its ``.venv/bin/docgen`` runs
every case, so the same script measures an old commit ("before") and this branch ("after").
Every case runs in a new session with a wall-time limit (the whole process group is killed when
it is reached: "> 60 s") and an address-space limit (``RLIMIT_AS``: an allocation past it fails
instead of taking the machine's memory). Printed per case: wall time, peak RSS of the process
tree as ``wait4`` reports it (the largest of the process and the children it waited for), exit
code, first line of the message, and what was checked afterwards: whether every XML part of
every DOCX written parses (no DTD, well-formed), whether the inputs are unchanged, and for the
signal cases what was left running or written after exit.

Inputs are generated (deterministically) under a cache folder, never taken from elsewhere.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent.parent
FIXTURE = HERE / "fixtures" / "khoi-thi-dua-2022.yaml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---------------------------------------------------------------- running one bounded process

@dataclass
class Outcome:
    seconds: float
    rss_mib: float
    code: int | None          # None: killed at the time limit
    message: str
    checks: list[str] = field(default_factory=list)


def _limits(mem_bytes: int) -> Callable[[], None]:
    def apply() -> None:
        # a shell's background job starts with Ctrl+C ignored; the child must see it as a clerk's would
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def _first_line(*texts: str) -> str:
    """The first non-empty line, control characters shown as escapes (the table stays text)."""
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", line.strip())[:110]
    return ""


class Proc:
    """A bounded child in its own session; ``wait`` returns its rusage-based Outcome."""

    def __init__(self, args: list[str], *, limit: float, mem: int, cwd: Path, env: dict | None = None):
        self.out = tempfile.TemporaryFile()  # noqa: SIM115 -- closed with the object, read in wait()
        self.err = tempfile.TemporaryFile()  # noqa: SIM115
        self.t0 = time.perf_counter()
        self.popen = subprocess.Popen(args, cwd=cwd, stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL,
                                      start_new_session=True, env=env,
                                      preexec_fn=_limits(mem))  # noqa: PLW1509 -- only setrlimit
        self.pid = self.popen.pid
        self.killed = False
        self.timer = threading.Timer(limit, self._kill)
        self.timer.start()

    def _kill(self) -> None:
        self.killed = True
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self) -> Outcome:
        _, status, usage = os.wait4(self.pid, 0)
        seconds = time.perf_counter() - self.t0
        self.timer.cancel()
        self.popen.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        if self.killed:  # the rest of the group, too
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.out.seek(0)
        self.err.seek(0)
        stdout = self.out.read().decode("utf-8", "replace")
        self.stderr = self.err.read().decode("utf-8", "replace")
        code = None if self.killed else self.popen.returncode
        return Outcome(seconds, usage.ru_maxrss / 1024, code, _first_line(self.stderr, stdout))


def children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (Linux /proc)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    for c in fh.read().split():
                        if int(c) not in out:
                            out.add(int(c))
                            todo.append(int(c))
        except OSError:
            pass
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------- generated inputs

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')
SECT = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
        'w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>')
# Ordinary administrative prose with a few slips clean/lint act on (double spaces, a space
# before a comma), composed for this benchmark.
PROSE = ("Ủy ban nhân dân xã  tổ chức hội nghị tổng kết công tác năm , đề nghị các phòng ban "
         "chuẩn bị báo cáo kết quả thực hiện nhiệm vụ và phương hướng năm tới. ")


def write_docx(path: Path, document: bytes) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)


def prose(chars: int, seed: int) -> str:
    """Administrative-sounding text of ``chars`` characters: the words of PROSE in a pseudo-random
    order (compresses like real text, about 4:1, not like one sentence repeated)."""
    words = PROSE.split(" ")
    rng = random.Random(seed)
    out, n = [], 0
    while n < chars:
        w = rng.choice(words) or ","
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:chars]


def paragraph_docx(path: Path, total_chars: int, runs: int) -> None:
    per_run = prose(total_chars // runs, total_chars)
    body = "".join(f'<w:r><w:t xml:space="preserve">{per_run}</w:t></w:r>' for _ in range(runs))
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
           f'<w:body><w:p>{body}</w:p>{SECT}</w:body></w:document>')
    write_docx(path, doc.encode("utf-8"))


def doctype_docx(path: Path, *, utf16: bool, comment: int = 0) -> None:
    head = '<?xml version="1.0" encoding="UTF-16"?>' if utf16 else '<?xml version="1.0" encoding="UTF-8"?>'
    doc = (head + ("<!--" + "x" * comment + "-->" if comment else "")
           + '<!DOCTYPE w:document [<!ENTITY xxe "thực thể ngoài">]>'
           + f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Giấy mời họp &xxe;</w:t></w:r></w:p>'
           + f'{SECT}</w:body></w:document>')
    write_docx(path, doc.encode("utf-16") if utf16 else doc.encode("utf-8"))


def big_xlsx(path: Path, rows: int) -> None:
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook '
          'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="Khách mời" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
               'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
               'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
               'Target="worksheets/sheet1.xml"/></Relationships>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types '
          'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = RELS.replace("word/document.xml", "xl/workbook.xml")

    texts = ["Họ và tên", "Chức vụ", "Đơn vị", "Phạm Thị Lan", "Chuyên viên", "Phòng Tổng hợp"]
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst '
           'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>")
    ct = ct.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    wb_rels = wb_rels.replace("</Relationships>", '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                              'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                              "</Relationships>")

    def cell(col: str, r: int, text: str) -> str:
        return f'<c r="{col}{r}" t="s"><v>{texts.index(text)}</v></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/sharedStrings.xml", sst)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                     b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            fh.write(f'<row r="1">{cell("A", 1, "Họ và tên")}{cell("B", 1, "Chức vụ")}'
                     f'{cell("C", 1, "Đơn vị")}</row>'.encode())
            batch = []
            for r in range(2, rows + 2):
                batch.append(f'<row r="{r}">{cell("A", r, "Phạm Thị Lan")}{cell("B", r, "Chuyên viên")}'
                             f'{cell("C", r, "Phòng Tổng hợp")}</row>')
                if len(batch) == 10000:
                    fh.write("".join(batch).encode())
                    batch = []
            fh.write("".join(batch).encode())
            fh.write(b"</sheetData></worksheet>")


def template_with(path: Path, source: Path, jinja: str) -> None:
    """A copy of a template DOCX whose summary line is replaced by ``jinja``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ summary }}", jinja.encode("utf-8"), 1)
            zout.writestr(info, data)


def records(folder: Path, n: int) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"hs-{i:04d}.yaml").write_text(text.replace("number: 3 ", f"number: {i + 1} "), encoding="utf-8")


# ---------------------------------------------------------------- checks after a run

def xml_parts_ok(folder: Path) -> str:
    """Every XML part of every DOCX under ``folder`` parses, without any DTD."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    docs = sorted(folder.rglob("*.docx")) if folder.exists() else []
    bad = []
    for d in docs:
        try:
            with zipfile.ZipFile(d) as z:
                for name in z.namelist():
                    if name.endswith((".xml", ".rels")):
                        root = etree.fromstring(z.read(name), parser)
                        if root.getroottree().docinfo.doctype:
                            raise ValueError("DOCTYPE")
        except Exception:  # noqa: BLE001 -- any failure means a broken output
            bad.append(d.name)
    if not docs:
        return "no DOCX written"
    return f"{len(docs)} DOCX written, all parts parse" if not bad else f"{len(bad)}/{len(docs)} DOCX BROKEN"


def digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- the cases

@dataclass
class Ctx:
    docgen: str
    cache: Path
    work: Path
    limit: float
    mem: int
    root: Path

    def run(self, *args: str) -> Proc:
        return Proc([self.docgen, *args], limit=self.limit, mem=self.mem, cwd=self.work)


def _cached(ctx: Ctx, name: str, make: Callable[[Path], None]) -> Path:
    path = ctx.cache / name
    if not path.exists():
        tmp = path.with_name("." + path.name + ".part")
        make(tmp)
        tmp.rename(path)
    return path


def case_control_chars(ctx: Ctx) -> Outcome:
    rec = ctx.work / "ctrl.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("name: Trần Văn Biên", 'name: "Trần\\x00 Văn\\x0b Biên\\x1b"', 1)
    text = text.replace("title: Phó Trưởng ban", 'title: "Phó\\x0c Trưởng\\uFFFE ban\\uFFFF"', 1)
    rec.write_text(text, encoding="utf-8")
    o = ctx.run("render", str(rec), "-o", str(ctx.work / "out")).wait()
    o.checks.append(xml_parts_ok(ctx.work / "out"))
    return o


def _clean_and_check(ctx: Ctx, src: Path) -> Outcome:
    before = digest([src])
    o = ctx.run("clean", str(src), "-o", str(ctx.work / "out" / "sach.docx")).wait()
    o.checks.append(xml_parts_ok(ctx.work / "out"))
    o.checks.append("input unchanged" if digest([src]) == before else "INPUT CHANGED")
    return o


def case_utf16_doctype_clean(ctx: Ctx) -> Outcome:
    return _clean_and_check(ctx, _cached(ctx, "utf16-doctype.docx", lambda p: doctype_docx(p, utf16=True)))


def case_utf16_doctype_lint(ctx: Ctx) -> Outcome:
    src = _cached(ctx, "utf16-doctype.docx", lambda p: doctype_docx(p, utf16=True))
    return ctx.run("lint", str(src)).wait()


def case_doctype_after_comment(ctx: Ctx) -> Outcome:
    return _clean_and_check(ctx, _cached(ctx, "doctype-70k.docx",
                                         lambda p: doctype_docx(p, utf16=False, comment=70_000)))


def case_xlsx_3m(ctx: Ctx) -> Outcome:
    sheet = _cached(ctx, "khach-moi-3m.xlsx", lambda p: big_xlsx(p, 3_000_000))
    o = ctx.run("batch", str(sheet), "--base", str(FIXTURE), "-o", str(ctx.work / "out"), "--jobs", "1").wait()
    o.checks.append(f"XLSX {sheet.stat().st_size // 1024} KB")
    return o


def _para(ctx: Ctx, chars: int, runs: int) -> Path:
    return _cached(ctx, f"doan-{chars // 1000}k-{runs}.docx", lambda p: paragraph_docx(p, chars, runs))


def case_10mb_clean(ctx: Ctx) -> Outcome:
    return _clean_and_check(ctx, _para(ctx, 10_000_000, 10))


def case_10mb_lint(ctx: Ctx) -> Outcome:
    return ctx.run("lint", str(_para(ctx, 10_000_000, 10))).wait()


def case_1mb_clean(ctx: Ctx) -> Outcome:
    return _clean_and_check(ctx, _para(ctx, 1_000_000, 1))


def case_1mb_lint(ctx: Ctx) -> Outcome:
    return ctx.run("lint", str(_para(ctx, 1_000_000, 1))).wait()


def _template_case(ctx: Ctx, jinja: str) -> Outcome:
    tdir = ctx.work / "mau"
    tdir.mkdir()
    for t in (ctx.root / "templates_docx").glob("*.docx"):
        shutil.copy(t, tdir / t.name)
    template_with(tdir / "giay-moi.docx", ctx.root / "templates_docx" / "giay-moi.docx", jinja)
    o = ctx.run("render", str(FIXTURE), "-o", str(ctx.work / "out"), "-k", "giay-moi",
                "--templates", str(tdir)).wait()
    o.checks.append(xml_parts_ok(ctx.work / "out"))
    return o


def case_template_multiply(ctx: Ctx) -> Outcome:
    return _template_case(ctx, "{{ 'x' * 2000000000 }}")


def case_template_range(ctx: Ctx) -> Outcome:
    return _template_case(ctx, "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
                               "{% endfor %}{% endfor %}")


def case_log_onto_input(ctx: Ctx) -> Outcome:
    records(ctx.work / "hoso", 3)
    inputs = list((ctx.work / "hoso").iterdir())
    before = digest(inputs)
    o = ctx.run("batch", str(ctx.work / "hoso"), "-o", str(ctx.work / "out"), "--jobs", "1",
                "--log", str(ctx.work / "hoso" / "hs-0000.yaml")).wait()
    o.checks.append("inputs unchanged" if digest(inputs) == before else "INPUT CHANGED")
    return o


def case_same_named_fix(ctx: Ctx) -> Outcome:
    made = ctx.run("render", str(FIXTURE), "-o", str(ctx.work / "r")).wait()
    if made.code != 0:
        return made
    docs = sorted((ctx.work / "r").glob("*.docx"))
    (ctx.work / "a").mkdir()
    (ctx.work / "b").mkdir()
    shutil.copy(docs[0], ctx.work / "a" / "x.docx")
    shutil.copy(docs[1], ctx.work / "b" / "x.docx")
    inputs = [ctx.work / "a" / "x.docx", ctx.work / "b" / "x.docx"]
    before = digest(inputs)
    o = ctx.run("lint", str(inputs[0]), str(inputs[1]), "--fix", "-o", str(ctx.work / "fixed")).wait()
    written = sorted(p.relative_to(ctx.work / "fixed").as_posix() for p in (ctx.work / "fixed").rglob("*.docx")) \
        if (ctx.work / "fixed").exists() else []
    o.checks.append(f"outputs: {', '.join(written) or 'none'}")
    o.checks.append("inputs unchanged" if digest(inputs) == before else "INPUT CHANGED")
    return o


def _start_batch(ctx: Ctx, n: int) -> tuple[Proc, Path]:
    records(ctx.work / "hoso", n)
    out = ctx.work / "out"
    p = ctx.run("batch", str(ctx.work / "hoso"), "-o", str(out), "--jobs", "2")
    deadline = time.monotonic() + ctx.limit
    while time.monotonic() < deadline and p.popen.poll() is None and len(list(out.rglob("*.docx"))) < 6:
        time.sleep(0.02)
    return p, out


def case_kill9_batch(ctx: Ctx) -> Outcome:
    p, _out = _start_batch(ctx, 200)
    workers = children(p.pid)
    os.kill(p.pid, signal.SIGKILL)
    o = p.wait()
    time.sleep(3)
    left = [w for w in workers if alive(w)]
    o.checks.append(f"{len(left)} of {len(workers)} workers alive 3 s after kill -9")
    for w in left:  # ours: started by this case
        try:
            os.kill(w, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return o


def case_ctrl_c_batch(ctx: Ctx) -> Outcome:
    p, out = _start_batch(ctx, 200)
    workers = children(p.pid)
    t0 = time.perf_counter()
    os.killpg(p.pid, signal.SIGINT)  # what the terminal does on Ctrl+C: the whole foreground group
    o = p.wait()
    stop = time.perf_counter() - t0
    at_exit = len(list(out.rglob("*.docx")))
    time.sleep(3)
    later = len(list(out.rglob("*.docx")))
    left = [w for w in workers if alive(w)]
    o.checks.append(f"stopped {stop:.2f} s after SIGINT; {at_exit} files at exit, {later - at_exit} written "
                    f"after; {len(left)} workers alive; traceback: {'YES' if 'Traceback' in p.stderr else 'no'}")
    for w in left:
        try:
            os.kill(w, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return o


def _fixture(ctx: Ctx) -> Path:
    """The fixture of the checkout under test (an old commit's model may not know newer fields)."""
    own = ctx.root / "fixtures" / FIXTURE.name
    return own if own.exists() else FIXTURE


def _record_case(ctx: Ctx, name: str, text: str, command: str = "validate") -> Outcome:
    rec = ctx.work / name
    rec.write_text(text, encoding="utf-8")
    before = digest([rec])
    args = [command, str(rec)] + (["-o", str(ctx.work / "out")] if command == "render" else [])
    o = ctx.run(*args).wait()
    if command == "render":
        o.checks.append(xml_parts_ok(ctx.work / "out"))
    o.checks.append("input unchanged" if digest([rec]) == before else "INPUT CHANGED")
    return o


def case_deep_yaml(ctx: Ctx) -> Outcome:
    depth = 200_000
    return _record_case(ctx, "sau.yaml", '{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}")


def case_json_trailing_comma(ctx: Ctx) -> Outcome:
    return _record_case(ctx, "hop.json", '{"agency": {"code": "BQL",}}')


def case_int_5000_digits(ctx: Ctx) -> Outcome:
    text = _fixture(ctx).read_text(encoding="utf-8")
    text = text.replace("number: ", "number: " + "7" * 5000 + " # ", 1)
    return _record_case(ctx, "so-dai.yaml", text, "render")


def case_control_chars_validate(ctx: Ctx) -> Outcome:
    text = _fixture(ctx).read_text(encoding="utf-8")
    text = text.replace("name: Trần Văn Biên", 'name: "Trần\\x00 Văn\\x0b Biên\\x1b"', 1)
    return _record_case(ctx, "ctrl.yaml", text)


def case_huge_string(ctx: Ctx) -> Outcome:
    text = _fixture(ctx).read_text(encoding="utf-8")
    return _record_case(ctx, "dai.yaml", text.replace("name: Trần Văn Biên", "name: " + "Trần Văn Biên " * 100_000,
                                                      1), "render")


def case_huge_list(ctx: Ctx) -> Outcome:
    base = _fixture(ctx).read_text(encoding="utf-8")
    items = "".join(f"- Đơn vị {i}\n" for i in range(80_000))
    return _record_case(ctx, "ds.yaml", base.replace("recipients:\n", "recipients:\n" + items.replace("- ", "    - "), 1),
                        "render")


def compact_xlsx(path: Path, rows: int) -> None:
    """``rows`` one-cell rows without row numbers: 147 MB of sheet XML in a 430 KB file."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="Khách mời" '
                   'sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<worksheet {ns}><sheetData><row><c t="inlineStr"><is><t>Họ và tên</t></is></c></row>'
                     .encode())
            block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 10_000
            for _ in range(rows // 10_000):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")


def case_xlsx_3m_compact(ctx: Ctx) -> Outcome:
    sheet = _cached(ctx, "khach-moi-3m-compact.xlsx", lambda p: compact_xlsx(p, 3_000_000))
    o = ctx.run("batch", str(sheet), "--base", str(_fixture(ctx)), "-o", str(ctx.work / "out"), "--jobs", "1").wait()
    o.checks.append(f"XLSX {sheet.stat().st_size // 1024} KB")
    return o


def case_output_not_a_folder(ctx: Ctx) -> Outcome:
    blocker = ctx.work / "tep.txt"
    blocker.write_text("x")
    return ctx.run("render", str(_fixture(ctx)), "-o", str(blocker / "out")).wait()


CASES: dict[str, Callable[[Ctx], Outcome]] = {
    "control-chars-render": case_control_chars,
    "utf16-doctype-clean": case_utf16_doctype_clean,
    "utf16-doctype-lint": case_utf16_doctype_lint,
    "doctype-after-70k-comment-clean": case_doctype_after_comment,
    "xlsx-3m-rows-batch": case_xlsx_3m,
    "xlsx-3m-rows-compact-batch": case_xlsx_3m_compact,
    "yaml-depth-200000-validate": case_deep_yaml,
    "json-trailing-comma-validate": case_json_trailing_comma,
    "int-5000-digits-render": case_int_5000_digits,
    "control-chars-validate": case_control_chars_validate,
    "string-1.4m-chars-render": case_huge_string,
    "list-80k-items-render": case_huge_list,
    "output-under-a-file-render": case_output_not_a_folder,
    "paragraph-10mb-clean": case_10mb_clean,
    "paragraph-10mb-lint": case_10mb_lint,
    "paragraph-1mb-clean": case_1mb_clean,
    "paragraph-1mb-lint": case_1mb_lint,
    "template-x*2e9": case_template_multiply,
    "template-nested-range": case_template_range,
    "batch-log-onto-input": case_log_onto_input,
    "lint-fix-same-named": case_same_named_fix,
    "batch-kill-9": case_kill9_batch,
    "batch-ctrl-c": case_ctrl_c_batch,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=HERE, help="docgen checkout under test (its .venv runs)")
    ap.add_argument("--time", type=float, default=60.0, help="wall-time limit per case, seconds")
    ap.add_argument("--mem-gb", type=float, default=3.0, help="address-space limit per process, GiB")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "docgen-hostile-inputs")
    ap.add_argument("--only", nargs="*", help="run only these cases")
    a = ap.parse_args()
    root = a.root.resolve()
    docgen = str(root / ".venv" / "bin" / "docgen")
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    a.cache.mkdir(parents=True, exist_ok=True)
    print(f"docgen at {root} ({commit}); limits {a.time:.0f} s, {a.mem_gb:g} GiB address space per process; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print("| case | time | peak RSS | exit | first line of the message | checked after |")
    print("|---|---|---|---|---|---|")
    for name, case in CASES.items():
        if a.only and name not in a.only:
            continue
        with tempfile.TemporaryDirectory(prefix="docgen-hostile-") as work:
            ctx = Ctx(docgen, a.cache, Path(work), a.time, int(a.mem_gb * 2**30), root)
            o = case(ctx)
            work = str(work)
        t = f"> {a.time:.0f} s" if o.code is None else f"{o.seconds:.2f} s"
        code = "killed" if o.code is None else str(o.code)
        msg = o.message.replace(work, "…").replace(str(a.cache), "…").replace("|", "\\|")
        print(f"| {name} | {t} | {o.rss_mib:.0f} MiB | {code} | {msg} | {'; '.join(o.checks)} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
