"""Clean: an existing report → repaired document + the list of every change.

TXT and DOCX are cleaned as they are; a PDF, a scan or photo, an old .doc/.odt/.rtf is first read
into a DOCX by :mod:`docgen.intake` and cleaned as a DOCX (written as DOCX or TXT).

TXT: each line is a paragraph. The legacy encoding is forced (``encoding``) or detected once
over the whole file; then the pipeline (legacy → Unicode → tone style → spacing → OCR) runs over
each line; edits at or above the threshold are applied, the others listed as suggestions.

DOCX: the main document part (``word/document.xml``) and the parts it relates to as headers,
footers, footnotes, endnotes and comments are cleaned, each the same way; every other part —
styles, numbering, settings, themes, media — is copied byte for byte, in the original order
(a cleaned part with nothing to change too). Changes outside the body name their part
(paragraphs counted within it). Runs in a legacy font (TCVN3/VNI, resolved through styles) are converted to
Unicode first and given the Unicode font in their own ``w:rPr`` (styles.xml is never changed).
Then the pipeline's edits are applied in place or, with ``track_changes``, written as Word
tracked changes — a legacy run then becomes a deletion of the old run and an insertion of the
converted one, and later edits inside that insertion are made in it directly. The revision
date is fixed for a run (see :func:`revision_date`). A document with nothing to change comes
out byte-identical to the input; cleaning a cleaned document changes nothing.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import intake
from .errors import InputError
from .intake import Intake
from .io.atomic import atomic_write, check_not_input
from .normalize.base import Change, Edit, Kind, Location, Normalizer, apply_edits
from .normalize.pipeline import (DEFAULT_THRESHOLD, build_pipeline, document_scope, optional_module, propose_all,
                                 split_edits)

if TYPE_CHECKING:  # the OOXML layer (and lxml) is imported where a DOCX is cleaned: a TXT clean does not
    from .ooxml.fonts import StyleSheet
    from .ooxml.text import FieldState, ParagraphText

CONTEXT = 30
# One paragraph's text is repaired as a whole (the OCR decoder needs its context); its cost is
# linear in the length, memory about 400 MB for a million characters. No real report has a
# paragraph of 300 pages: beyond this the file is refused with what to do.
MAX_PARAGRAPH_CHARS = 1_000_000
ENCODINGS = ("tcvn3", "vni", "viqr")
DOCX_SUFFIXES = (".docx", ".docm", ".dotx")
TXT_SUFFIXES = (".txt", ".text", "")


@dataclass
class CleanOptions:
    threshold: float = DEFAULT_THRESHOLD
    track_changes: bool = False
    lexicon: tuple[str, ...] = ()
    encoding: str | None = None  # force a legacy encoding for TXT (tcvn3, vni, viqr)
    ocr: bool = True
    tone_style: str | None = None  # "old"/"new": place oa/oe/uy tone marks in that style; None: as written
    date: str | None = None  # tracked-change date; see revision_date()
    author: str = "docgen"


@dataclass
class CleanResult:
    output: str | bytes
    changes: list[Change] = field(default_factory=list)
    kind: str = "txt"
    source: str = ""
    threshold: float = DEFAULT_THRESHOLD
    track_changes: bool = False
    notes: list[str] = field(default_factory=list)  # what the reading of a PDF, scan or .doc found

    @property
    def applied(self) -> list[Change]:
        return [c for c in self.changes if c.applied]

    @property
    def suggestions(self) -> list[Change]:
        return [c for c in self.changes if not c.applied]


def revision_date(option: str | None = None, environ=os.environ) -> str:
    """The tracked-change date, fixed for one run so output is deterministic: ``option``
    (YYYY-MM-DD or an ISO date-time), else SOURCE_DATE_EPOCH, else today at 00:00:00Z."""
    if option:
        try:
            d = dt.datetime.fromisoformat(option.replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f"Ngày không hợp lệ: {option!r}. Hãy ghi dạng 2024-01-05 hoặc 2024-01-05T08:30:00Z.") from None
        if d.tzinfo is not None:
            d = d.astimezone(dt.timezone.utc).replace(tzinfo=None)
    elif environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        d = dt.datetime.fromtimestamp(int(environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).replace(tzinfo=None)
    else:
        d = dt.datetime.combine(dt.datetime.now(dt.timezone.utc).date(), dt.time())
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def _change(n: int, text: str, e: Edit, applied: bool, part: str = "", where: str = "") -> Change:
    """A change located in paragraph (or line) ``n`` of a part (offsets in that paragraph's text,
    after legacy conversion for a converted DOCX paragraph)."""
    return Change.of(e, applied, Location(n, part, where), text, context=CONTEXT)


def _check_length(text: str, n: int, file: str | None, line: bool = False) -> None:
    if len(text) > MAX_PARAGRAPH_CHARS:
        where = f"{file}: " if file else ""
        what = "dòng" if line else "đoạn"
        size, limit = (f"{v:,}".replace(",", ".") for v in (len(text), MAX_PARAGRAPH_CHARS))
        raise InputError(f"{where}{what} {n} dài {size} ký tự, vượt giới hạn {limit} ký tự của một {what}. "
                         f"Hãy tách {what} này thành nhiều {what} ngắn hơn (xuống dòng giữa các câu) rồi làm sạch lại.")


def _stages(options: CleanOptions, legacy: str | None, forced: bool = True) -> list[Normalizer]:
    return build_pipeline(legacy=legacy, legacy_forced=forced, extra_terms=options.lexicon, ocr=options.ocr,
                          tone_style=options.tone_style)


def decode_text(data: bytes) -> str:
    """TXT input: UTF-8 (a BOM is kept), else Windows-1252 as TCVN3/VNI files were saved (the
    five bytes Windows-1252 leaves undefined become the control characters of the same code)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="surrogateescape")
        return text.translate({0xDC00 + b: b for b in range(0x80, 0x100)})


def clean_text(text: str, options: CleanOptions | None = None, stages: Sequence[Normalizer] | None = None) -> CleanResult:
    """Clean plain text, one paragraph per line; line endings are kept."""
    options = options or CleanOptions()
    if options.encoding and options.encoding not in ENCODINGS:
        raise InputError(f"Bảng mã không hỗ trợ: {options.encoding}. Chọn một trong: {', '.join(ENCODINGS)}.")
    if stages is None:
        legacy, mod = options.encoding, optional_module("legacy")
        if legacy is None and mod is not None:
            detected, confidence = mod.detect(text)
            legacy = detected if confidence >= mod.DEFAULT_MIN_CONFIDENCE else None
        stages = _stages(options, legacy, forced=options.encoding is not None)
    out: list[str] = []
    changes: list[Change] = []
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        _check_length(line[:-1] if line.endswith("\r") else line, n, None, line=True)
    with document_scope(stages, text):  # the damage the whole text shows, not each line's
        for n, line in enumerate(lines, 1):
            body = line[:-1] if line.endswith("\r") else line
            applied, suggested = split_edits(propose_all(body, stages, options.threshold), options.threshold)
            out.append(apply_edits(body, applied) + line[len(body):])
            changes += sorted([_change(n, body, e, True) for e in applied]
                              + [_change(n, body, e, False) for e in suggested],
                              key=lambda c: (c.offset, not c.applied))
    return CleanResult("\n".join(out), changes, "txt", threshold=options.threshold)


def _convert_legacy(n: int, p, fields: FieldState, sheet: StyleSheet, legacy, rev) -> tuple[ParagraphText, Change | None]:
    """Convert the paragraph's legacy-font runs (tracked when ``rev``); its text afterwards and
    the conversion as a Change, if any."""
    from .ooxml import edit as ooxml_edit
    from .ooxml.fonts import convert_legacy_runs
    from .ooxml.text import extract

    before_fields = list(fields.stack)
    para = extract(p, fields)
    if legacy is None:
        return para, None
    conversions, replaced = convert_legacy_runs(p, sheet, legacy.font_encoding, legacy.to_unicode,
                                                 legacy.VNI_PAIRS)
    if not conversions:
        return para, None
    if rev is not None:
        for run, original in replaced:
            ooxml_edit.track_replacement(run, original, rev)
    fields.stack[:] = before_fields
    converted = extract(p, fields)
    rule = "+".join(f"legacy.{c.encoding}:{c.legacy_font}→{c.unicode_font}" for c in conversions)
    return converted, Change(0, len(para.text), para.text, converted.text, rule, 1.0, True, Kind.CONVERSION, Location(n))


def _clean_part(root, part: str, where: str, sheet: StyleSheet, legacy, stages: Sequence[Normalizer],
                options: CleanOptions, rev, file: str | None, changes: list[Change]) -> bool:
    """Clean every paragraph of one part in place; whether it changed."""
    from .ooxml import edit as ooxml_edit
    from .ooxml.text import FieldState, paragraphs

    modified = False
    fields = FieldState()
    for n, p in enumerate(paragraphs(root), 1):
        para, conversion = _convert_legacy(n, p, fields, sheet, legacy, rev)
        if conversion is not None:
            changes.append(replace(conversion, location=Location(n, part, where)) if part else conversion)
            modified = True
        if not para.text.strip():
            continue
        _check_length(para.text, n, file)
        applied, suggested = split_edits(propose_all(para.text, stages, options.threshold), options.threshold)
        done = ooxml_edit.apply(para, applied, rev)
        modified = modified or bool(done)
        done_set = set(done)
        suggested += [e for e in applied if e not in done_set]
        changes += sorted([_change(n, para.text, e, True, part, where) for e in done]
                          + [_change(n, para.text, e, False, part, where) for e in suggested],
                          key=lambda c: (c.offset, not c.applied))
    return modified


def clean_docx(source: str | os.PathLike | bytes, options: CleanOptions | None = None,
               stages: Sequence[Normalizer] | None = None) -> CleanResult:
    """Clean the text of a DOCX: the body, then its headers, footers, footnotes, endnotes and
    comments; see the module docstring."""
    from .io.package import read_package, write_package
    from .io.xmlsafe import check_parts, parse_xml, serialize_xml
    from .ooxml import edit as ooxml_edit
    from .ooxml.fonts import StyleSheet, names_legacy_font
    from .ooxml.parts import main_part, related_part, story_parts
    from .ooxml.text import FieldState, extract, paragraphs

    options = options or CleanOptions()
    name = "<bytes>" if isinstance(source, (bytes, bytearray)) else str(source)
    parts = read_package(source)
    data = bytes(source) if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes()
    main = main_part(parts, name)
    file = None if isinstance(source, (bytes, bytearray)) else name
    stories = [(main, "", parse_xml(parts[main], main, file))]
    stories += [(part, where, parse_xml(parts[part], part, file)) for part, where in story_parts(parts, main, file or "")]
    styles_name = related_part(parts, main, "/styles", file or "")
    sheet = StyleSheet(parse_xml(parts[styles_name], styles_name, file) if styles_name else None)
    check_parts(parts, file, {p for p, _, _ in stories} | {styles_name or ""})  # copied as they are
    legacy = optional_module("legacy")
    if legacy is not None and not names_legacy_font([root for _, _, root in stories] + [sheet.root],
                                                     legacy.font_encoding):
        legacy = None
    if stages is None:
        stages = _stages(options, None)
    rev = None
    if options.track_changes:
        xml_parts = (blob for part, blob in parts.items() if part.endswith((".xml", ".rels")))
        rev = ooxml_edit.Revision.for_parts(xml_parts, options.author, revision_date(options.date))
    changes: list[Change] = []
    modified = False
    # Without legacy fonts the body's text as it stands is what the repair reads: the damage
    # channel and tone style are read from it once (with them, each paragraph after conversion).
    state = FieldState()
    body = "\n".join(extract(p, state).text for p in paragraphs(stories[0][2])) if legacy is None else ""
    with document_scope(stages if body else (), body):
        for part, where, root in stories:
            if _clean_part(root, "" if part == main else part, where, sheet, legacy, stages, options, rev, file,
                           changes):
                parts[part] = serialize_xml(root)
                modified = True
    output = write_package(parts) if modified else data
    return CleanResult(output, changes, "docx", threshold=options.threshold, track_changes=options.track_changes)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in TXT_SUFFIXES:
        return "txt"
    kind = intake.kind_of(path)
    if kind is None:
        raise InputError(f"{path}: không làm sạch được loại tệp này; docgen đọc .txt, .docx, .pdf, "
                         f"ảnh ({', '.join(intake.IMAGE_SUFFIXES)}) và .doc, .odt, .rtf.")
    return kind


def clean_intake(src: Intake, options: CleanOptions | None = None, as_text: bool = False) -> CleanResult:
    """Clean what a PDF, a scan or an old office file was read into (a DOCX), and give it as a
    DOCX or, with ``as_text``, as text (one paragraph a line)."""
    from .ooxml.text import document_texts

    result = clean_docx(src.docx, options)
    if as_text:
        assert isinstance(result.output, bytes)
        result.output = "\n".join(document_texts(result.output)) + "\n"
        result.kind = "txt"
    result.notes = list(src.notes)
    return result


def clean_file(input: str | os.PathLike, output: str | os.PathLike, options: CleanOptions | None = None,
               max_pages: int = intake.MAX_PAGES, progress: intake.Progress | None = None) -> CleanResult:
    """Clean ``input`` into ``output`` (atomic write, never over the input). A PDF, an image or
    a .doc/.odt/.rtf is read first (:mod:`docgen.intake`) and written as .docx or .txt."""
    src, dst = Path(input), Path(output)
    check_not_input(dst, [src])
    kind = _kind(src)
    out_kind = _kind(dst)
    if kind in ("docx", "txt") and out_kind != kind:
        raise InputError(f"{dst}: tệp đầu ra phải cùng loại với tệp đầu vào ({src.suffix or '.txt'}).")
    if kind not in ("docx", "txt") and out_kind not in ("docx", "txt"):
        raise InputError(f"{dst}: kết quả làm sạch tệp {src.suffix} được ghi thành .docx hoặc .txt.")
    if not src.is_file():
        raise InputError(f"Không tìm thấy tệp: {src}")
    if options and options.encoding and kind != "txt":
        raise InputError("--from chỉ dùng cho tệp .txt; trong các tệp khác, chữ TCVN3/VNI được nhận biết theo phông chữ của nó.")
    if options and options.track_changes and out_kind != "docx":
        raise InputError("--track-changes chỉ dùng khi kết quả là tệp .docx.")
    if kind == "docx":
        result = clean_docx(src, options)
    elif kind == "txt":
        result = clean_text(decode_text(src.read_bytes()), options)
    else:
        result = clean_intake(intake.read_source(src, max_pages, progress), options, as_text=out_kind == "txt")
    result.source = str(src)
    atomic_write(dst, result.output, inputs=[src])
    return result
