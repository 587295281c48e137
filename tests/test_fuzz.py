"""Property tests over hostile inputs: records (YAML/JSON), DOCX structures and XLSX sheets.

For every generated input: docgen either works or raises one DocgenError with a Vietnamese
message (never another exception, never English from a library), every XML part of every DOCX
it writes parses, and the input file is unchanged (hash before and after).

Derandomized (a fixed seed) and bounded so that the suite runs in well under a minute; set
``DOCGEN_FUZZ=10`` for ten times as many examples when hunting locally.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.errors import DocgenError
from docgen.io.loaders import load_record
from docgen.io.spreadsheet import read_sheet
from docgen.model import Record
from docgen.produce import render_record
from docgen.textsafe import is_xml_safe
from docgen.validation import validate_data

from test_loaders import BASE

SCALE = int(os.environ.get("DOCGEN_FUZZ", "1"))


def bounded(n: int):
    return settings(max_examples=n * SCALE, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


# Phrases of PyYAML, json, pydantic, openpyxl, lxml and the OS that must never reach a clerk.
ENGLISH = re.compile(r"Traceback|Input should|Field required|Extra inputs|Expecting|could not find|"
                     r"while parsing|while scanning|Errno|Exceeds the limit|Illegal trailing|not allowed|"
                     r"object has no attribute|is not a valid|No such file")
QUOTED = re.compile(r'"[^"\n]*"|«[^»\n]*»|\'[^\'\n]*\'')


def assert_clerk_message(exc: BaseException) -> None:
    assert isinstance(exc, DocgenError), f"{type(exc).__name__}: {exc}"
    text = str(exc)
    assert text.strip()
    unquoted = QUOTED.sub("", text)  # what the clerk wrote is quoted back as written
    assert not ENGLISH.search(unquoted), text


XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def assert_docx_parses(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert "[Content_Types].xml" in names
        for name in names:
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(z.read(name), XML_PARSER)
                assert root.getroottree().docinfo.doctype == "", name


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ records

HOSTILE_CHARS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\ufffe", "\uffff", "\ud800",
                 "\udfff", "\n", "\t", "\r", "\u200b", "\u0301", "𝔸", "Đ", "ư", "&", "<", "]]>", "{{", "{%"]
texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(HOSTILE_CHARS + list("aăâbcdđeêơư :-#'\"")), max_size=20).map("".join),
    st.sampled_from(["", " ", "Nguyễn Văn An", "a" * 25_000, "1" * 5000, "yes", "~", "null", "05/01/2024"]),
)
values = st.recursive(
    st.one_of(texts, st.integers(min_value=-(10 ** 40), max_value=10 ** 40), st.booleans(), st.none(),
              st.floats(allow_nan=True)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12)


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


BASE_DATA = yaml.safe_load(BASE)
BASE_PATHS = list(_paths(BASE_DATA))


@st.composite
def records(draw):
    """The valid base record with a few of its values replaced by hostile ones."""
    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(BASE_PATHS))
        target = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            pass
    return data


def _dump(data, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=bool(hash(fmt) & 1), default=str).encode("utf-8", "surrogatepass")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")


def check_record_file(path: Path) -> None:
    before = digest(path)
    try:
        record = load_record(path)
    except Exception as exc:  # the property: only a clerk's message
        assert_clerk_message(exc)
        record = None
    assert digest(path) == before
    if record is not None:
        assert isinstance(record, Record)
        try:
            docs = render_record(record)
        except Exception as exc:
            assert_clerk_message(exc)
            return
        for doc in docs:
            assert_docx_parses(doc.data)


@bounded(25)
@given(data=records(), fmt=st.sampled_from(["yaml", "json"]))
def test_records_with_hostile_values(tmp_path_factory, data, fmt):
    try:
        raw = _dump(data, fmt)
    except (ValueError, OverflowError, yaml.YAMLError):
        return  # not representable in that format
    path = tmp_path_factory.mktemp("fuzz") / f"ho-so.{fmt}"
    path.write_bytes(raw)
    check_record_file(path)


@bounded(40)
@given(cuts=st.lists(st.tuples(st.integers(0, len(BASE)), st.integers(0, 8), texts), min_size=1, max_size=4),
       fmt=st.sampled_from(["yaml", "json"]))
def test_records_with_mangled_text(tmp_path_factory, cuts, fmt):
    # Syntax damage: text cut out and hostile text pasted in, anywhere in the file.
    text = BASE if fmt == "yaml" else json.dumps(BASE_DATA, ensure_ascii=False, default=str, indent=2)
    for at, drop, insert in cuts:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + drop:]
    path = tmp_path_factory.mktemp("fuzz") / f"ho-so.{fmt}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    check_record_file(path)


# ------------------------------------------------------------------ DOCX structures

safe_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40).filter(is_xml_safe)
run_strategy = st.tuples(safe_text, st.booleans(), st.sampled_from([None, "Times New Roman", ".VnTime", "VNI-Times"]),
                         st.sampled_from([None, 10, 13, 14, 28]))


def build_docx(paragraphs) -> bytes:
    document = docx.Document()
    for runs, style in paragraphs:
        p = document.add_paragraph(style=style)
        for text, bold, font, size in runs:
            r = p.add_run(text)
            r.bold = bold
            if font:
                r.font.name = font
            if size:
                r.font.size = docx.shared.Pt(size)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


paragraph_strategy = st.lists(st.tuples(st.lists(run_strategy, max_size=4),
                                        st.sampled_from([None, "Heading 1", "Title", "List Bullet"])),
                              max_size=6)


READ_PARTS = ["word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"]
"""The parts clean and lint read (damage to the others: the test at the end)."""


def mangle(data: bytes, how: int, where: int, names: list[str] | None = None) -> bytes:
    """One structural change to a DOCX: a part dropped, truncated, given a DTD, re-encoded in
    UTF-16, or left alone."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    names = names or sorted(parts)
    name = names[where % len(names)]
    if how == 1:
        del parts[name]
    elif how == 2:
        parts[name] = parts[name][: len(parts[name]) // 2]
    elif how == 3 and name.endswith(".xml"):
        body = parts[name].split(b"?>", 1)[-1]
        parts[name] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>' + body.replace(b"</w:t>", b"&e;</w:t>", 1)
    elif how == 4:
        parts[name] = parts[name].decode("utf-8", "replace").encode("utf-16")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return out.getvalue()


@bounded(20)
@given(paragraphs=paragraph_strategy, how=st.integers(0, 4), where=st.integers(0, 50))
def test_docx_clean_and_lint(tmp_path_factory, paragraphs, how, where):
    from docgen.clean import clean_file
    from docgen.lint.check import lint_docx
    from docgen.lint.fix import fix_file

    folder = tmp_path_factory.mktemp("fuzz")
    src = folder / "van-ban.docx"
    src.write_bytes(mangle(build_docx(paragraphs), how, where, READ_PARTS))
    before = digest(src)
    for action in ("clean", "lint", "fix"):
        out = folder / f"{action}.docx"
        try:
            if action == "clean":
                clean_file(src, out)
            elif action == "lint":
                lint_docx(src)
            else:
                fix_file(src, out)
        except Exception as exc:
            assert_clerk_message(exc)
            continue
        if out.exists():
            assert_docx_parses(out.read_bytes())
    assert digest(src) == before


# ------------------------------------------------------------------ XLSX sheets

HEADERS = ["Họ và tên", "Chức vụ", "Đơn vị", "STT", "Ghi chú", "invitation.number", "meeting.start",
           "Ngày giấy mời", "Số giấy mời", "Cột lạ", ""]
cell_values = st.one_of(st.none(), safe_text, st.integers(-(10 ** 20), 10 ** 20), st.booleans(),
                        st.floats(allow_nan=False, allow_infinity=False),
                        st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
                        st.sampled_from(["05/01/2024 08:00", "31/02/2024", "1" * 40, "=1+1"]))


@bounded(20)
@given(headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=5),
       rows=st.lists(st.lists(cell_values, max_size=6), max_size=8))
def test_xlsx_sheets(tmp_path_factory, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    path = tmp_path_factory.mktemp("fuzz") / "bang.xlsx"
    wb.save(path)
    before = digest(path)
    try:
        sheet = read_sheet(path)
    except Exception as exc:
        assert_clerk_message(exc)
        sheet = None
    if sheet is not None:
        for row in sheet.rows:
            data = copy.deepcopy(BASE_DATA)
            if sheet.mode == "invitees":
                data["invitation"]["invitees"] = [row.values]
            else:
                for key, value in row.values.items():
                    if isinstance(value, dict) and isinstance(data.get(key), dict):
                        data[key].update(value)
                    else:
                        data[key] = value
            try:
                validate_data(data, f"bang.xlsx, dòng {row.number}")
            except Exception as exc:
                assert_clerk_message(exc)
    assert digest(path) == before


@pytest.mark.parametrize("how", [2, 3])
def test_fix_output_parts_all_parse_even_when_unread_parts_are_damaged(tmp_path, how):
    # Found by this suite: lint --fix used to copy a DOCTYPE or a truncated [Content_Types].xml
    # into its output.
    from docgen.lint.fix import fix_file

    src = tmp_path / "van-ban.docx"
    src.write_bytes(mangle(build_docx([]), how, 0, ["[Content_Types].xml"]))
    out = tmp_path / "out.docx"
    try:
        fix_file(src, out)
    except DocgenError:
        return
    assert_docx_parses(out.read_bytes())
