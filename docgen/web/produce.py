"""Produce: pick a kind, fill in the form generated from the record model, get the documents.

A submitted form is turned into record data (:mod:`.forms`), validated by the loader's own code
path and the record checks of ``docgen validate``, normalized and rendered exactly as
``docgen render`` does. Problems are shown beside their inputs; a valid record is saved so its
names are offered again, and its documents wait in the result store for download.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml
from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for

from ..batch import paragraph_texts
from ..errors import DocgenError
from ..fields import normalize_record
from ..io.loaders import LineMap, Problem, RecordError, coerce_dates, validate_data
from ..io.package import write_package
from ..io.pdf import soffice, to_pdf
from ..model import KINDS, Record
from ..kinds import DOC_KINDS, kind as doc_kind
from ..produce import render_record
from ..starters import starter
from ..validate import RECORD_CHECKS, WARNING_CHECKS
from . import accounts, audit, current_user, db, get_db, results
from .forms import KIND_SECTIONS, ROW, build_form, clerk_problem, form_values, parse_form, place_problems
from .lengths import length_problems
from .register import NUMBER_FIELD
from .register import check_number as register_check
from .store import DERIVED, Result, StoredFile

bp = Blueprint("produce", __name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORM_FILE = "biểu mẫu"
KIND_TITLES = {k.slug: k.title for k in DOC_KINDS}


def check_data(data: dict) -> tuple[Record | None, list[Problem]]:
    """Validate record data as ``docgen validate`` does: (record, []) or (None, problems).

    The form always sends the sections its kind reads, so a valid record can produce that kind."""
    try:
        record = validate_data(data, FORM_FILE, None)
    except RecordError as exc:
        return None, exc.problems
    problems = [p for check in RECORD_CHECKS for p in check(record, LineMap(), FORM_FILE)]
    return (None if problems else record), problems


def warnings(record: Record) -> list[str]:
    """What ``docgen validate`` warns about (e.g. an invitation dated after the meeting)."""
    return [clerk_problem(w.path, w.message)
            for check in WARNING_CHECKS for w in check(record, LineMap(), FORM_FILE)]


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


def _next_year(data: dict) -> dict:
    """Last year's pledge agreement as the start of this year's: year and signing date + 1."""
    pledge = dict(data.get("pledge") or {})
    if str(pledge.get("year", "")).isdigit():
        pledge["year"] = int(pledge["year"]) + 1
    if isinstance(pledge.get("date"), dt.date):
        d = pledge["date"]
        pledge["date"] = d.replace(year=d.year + 1, day=min(d.day, 28) if d.month == 2 else d.day)
    return {**data, "pledge": pledge}


def _start_values(kind: str) -> tuple[dict[str, str], int | None, str]:
    """Form values from the query: a saved meeting (``meeting``, optionally ``next_year``),
    the starter record (``starter``) or nothing; with the saved meeting's id and a note.
    The saved meeting's version goes into the values (``__version``)."""
    if request.args.get("starter"):
        data, _ = coerce_dates(yaml.safe_load(starter(kind)) or {})
        return form_values(data), None, "Đã điền sẵn hồ sơ mẫu; hãy sửa lại cho đúng cuộc họp của cơ quan."
    meeting_id = request.args.get("meeting", type=int)
    if meeting_id is None:
        return {}, None, ""
    saved = db.get_meeting(get_db(), meeting_id)
    if saved is None:
        abort(404)
    data, _ = coerce_dates(saved["data"])
    if request.args.get("next_year") and data.get("pledge"):
        data = _next_year(data)
        return (form_values(data), None,
                f"Bắt đầu từ giao ước năm trước («{saved['title']}»): đã chuyển sang năm "
                f"{data['pledge'].get('year')}; hãy kiểm tra lại các chỉ tiêu.")
    return ({**form_values(data), VERSION: str(saved["version"])}, meeting_id,
            f"Đã mở hồ sơ đã lưu «{saved['title']}».")


VERSION = "__version"
"""Form field carrying the version of the saved record the form was opened from."""
FORM_TOKEN = "__form"
"""Form field carrying a token made for each page: a form submitted twice is saved once."""


def _form_page(kind: str, values: dict, *, errors=None, top=None, meeting_id=None, note="", status=200,
               conflict=None):
    conn = get_db()
    meetings = db.list_meetings(conn)
    return render_template(
        "produce_form.html", kind=kind, kind_title=KIND_TITLES[kind], kinds=KINDS, titles=KIND_TITLES,
        fields=build_form(kind, values), values=values, errors=errors or {}, top=top or [],
        meeting_id=meeting_id, note=note, suggestions=db.suggestions(conn), ROW=ROW,
        meetings=meetings, pledges=[m for m in meetings if m["has_pledge"]],
        version=values.get(VERSION, ""), form_token=secrets.token_urlsafe(18), conflict=conflict,
        numbered=kind in NUMBER_FIELD,
    ), status


def _section_yaml(data: dict, kind: str) -> str:
    shown = {k: data[k] for k in KIND_SECTIONS[kind] if data.get(k) is not None}
    return yaml.safe_dump(json.loads(json.dumps(shown, default=str, ensure_ascii=False)),
                          allow_unicode=True, sort_keys=False, width=100)


def _used_form(conn, token: str) -> str | None:
    """Where the first submit of form ``token`` led (None: not submitted yet)."""
    if not token:
        return None
    row = conn.execute("SELECT location FROM form_tokens WHERE token=?", (token,)).fetchone()
    return None if row is None else row[0]


@bp.get("/")
def index():
    return render_template("index.html", kinds=KINDS, titles=KIND_TITLES,
                           meetings=db.list_meetings(get_db())[:10])


@bp.get("/produce/<kind>")
def form(kind: str):
    kind = _kind_or_404(kind)
    values, meeting_id, note = _start_values(kind)
    return _form_page(kind, values, meeting_id=meeting_id, note=note)[0]


@bp.post("/produce/<kind>")
@accounts.requires("edit")
def submit(kind: str):
    kind = _kind_or_404(kind)
    conn = get_db()
    form_token = request.form.get(FORM_TOKEN, "")[:64]
    done = _used_form(conn, form_token)
    if done:  # submitted again (back button, double click): the first result, nothing saved twice
        return redirect(done, code=303)
    values = {k: v for k, v in request.form.items() if k not in ("csrf_token", FORM_TOKEN)}
    meeting_id = request.form.get("meeting_id", type=int)
    version = request.form.get(VERSION, type=int)
    parsed = parse_form(values, kind)
    record, problems = check_data(parsed.data)
    too_long = length_problems(parsed.data)
    if too_long:  # texts too long for where the decree prints them, with the reason
        record, problems = None, [*problems, *[p for p in too_long if p.path not in {q.path for q in problems}]]
    if record is not None:
        error, _ = register_check(conn, kind, record.model_dump(mode="json"), meeting_id)
        if error:
            section, key = NUMBER_FIELD[kind]
            record, problems = None, [Problem(FORM_FILE, f"{section}.{key}", None, error)]
    if record is None:
        errors, top = place_problems(problems, parsed, build_form(kind, values))
        return _form_page(kind, values, errors=errors, top=top, meeting_id=meeting_id, status=422)
    per_invitee = kind == "giay-moi" and bool(request.form.get("per_invitee"))
    normalized, changes = normalize_record(record)
    docs = render_record(normalized, [kind], per_invitee=per_invitee)
    result = Result([StoredFile(d.filename, d.data, DOCX_TYPE) for d in docs],
                    {"kind": kind, "changes": [c.to_dict() for c in changes],
                     "warnings": warnings(record)})
    if len(docs) > 1:
        name = docs[0].filename.rsplit("-001-", 1)[0] + ".zip"
        result.extra["zip"] = len(result.files)
        result.files.append(StoredFile(name, write_package({d.filename: d.data for d in docs}),
                                       "application/zip"))
    typed = record.model_dump(mode="json", include=set(KIND_SECTIONS[kind]), exclude_defaults=True)
    # Everything but the writes is done before the transaction, so that the write lock (SQLite
    # takes one for the whole database) is held for a few statements only; a record saved
    # meanwhile is caught by the version compare-and-set in save_meeting.
    saved = db.get_meeting(conn, meeting_id) if meeting_id else None
    data = doc_kind(kind).keep_unprinted(saved["data"] if saved else {}, typed)
    kinds = record.kinds()
    if saved:  # the merged record may produce more kinds than this form's
        try:
            kinds = validate_data(data, FORM_FILE, None).kinds()
        except RecordError:
            pass
    _, warning = register_check(conn, kind, data, meeting_id if saved else None)
    if warning:
        result.extra["warnings"].append(warning)
    title = db.meeting_title(data)
    try:
        with conn.transaction():
            if form_token and conn.execute(
                    "INSERT INTO form_tokens (token, used, location) VALUES (?, ?, '') "
                    "ON CONFLICT DO NOTHING RETURNING token", (form_token, db.now())).fetchone() is None:
                done = _used_form(conn, form_token)
                raise _AlreadyDone(done or url_for("produce.form", kind=kind))
            meeting_id = db.save_meeting(conn, data, kinds, meeting_id if saved else None,
                                         version=version if saved else None, user=current_user())
            result.extra["meeting_id"] = meeting_id
            token = results().put(conn, result, current_user(), "produce", f"{KIND_TITLES[kind]}: {title}")
            location = url_for("produce.result", token=token)
            if form_token:
                conn.execute("UPDATE form_tokens SET location=? WHERE token=?", (location, form_token))
            audit(f"soạn {doc_kind(kind).label}", f"hồ sơ {meeting_id}: {title}")
    except _AlreadyDone as again:
        return redirect(again.location, code=303)
    except db.StaleVersion as stale:
        cur = stale.current
        who = cur["updated_by"] or "người khác"
        mine = doc_kind(kind).keep_unprinted(cur["data"], typed)
        note = (f"Hồ sơ đã được {who} sửa lúc {cur['updated']}, sau khi bạn mở nó. Chưa lưu gì: những gì "
                "bạn đã gõ vẫn còn nguyên dưới đây. Hãy so sánh hai bản, sửa lại nếu cần rồi bấm gửi "
                "lần nữa để lưu bản của bạn.")
        values = {**values, VERSION: str(cur["version"])}
        return _form_page(kind, values, meeting_id=meeting_id, status=409,
                          conflict={"note": note, "theirs": _section_yaml(cur["data"], kind),
                                    "mine": _section_yaml(mine, kind), "who": who, "when": cur["updated"]})
    return redirect(location, code=303)


class _AlreadyDone(Exception):
    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


def _result_or_404(token: str) -> Result:
    result = results().get(get_db(), token, current_user(), "produce")
    if result is None:
        abort(404)
    return result


def _file_or_404(result: Result, n: int) -> StoredFile:
    if not 0 <= n < len(result.files):
        abort(404)
    return result.files[n]


@bp.get("/produce/result/<token>")
def result(token: str):
    res = _result_or_404(token)
    docs = [(i, f, paragraph_texts(f.data)) for i, f in enumerate(res.files) if f.mimetype == DOCX_TYPE]
    kind = res.extra["kind"]
    return render_template("produce_result.html", token=token, docs=docs[:20], more=len(docs) - 20,
                           zip_index=res.extra.get("zip"), files=res.files, kind=kind,
                           kind_title=KIND_TITLES[kind], changes=res.extra["changes"],
                           warnings=res.extra["warnings"],
                           meeting_id=res.extra["meeting_id"], has_pdf=soffice() is not None,
                           has_png=soffice() is not None and shutil.which("pdftoppm") is not None,
                           dpi=PREVIEW_DPI)


@bp.get("/produce/file/<token>/<int:n>")
def download(token: str, n: int):
    f = _file_or_404(_result_or_404(token), n)
    return send_file(io.BytesIO(f.data), mimetype=f.mimetype, as_attachment=True, download_name=f.filename)


def _pdf(res: Result, n: int) -> bytes:
    """The PDF of document ``n`` (made once by LibreOffice, then kept with the result)."""
    f = _file_or_404(res, n)
    if f.mimetype != DOCX_TYPE:
        abort(404)
    conn, slot = get_db(), DERIVED + 2 * n
    cached = results().derived(conn, res.token, slot)
    if cached is not None:
        return cached.data
    with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
        src = Path(tmp, "van-ban.docx")
        src.write_bytes(f.data)
        data = to_pdf([src], Path(tmp, "pdf"))[0].read_bytes()
    results().add_derived(conn, res.token, slot, StoredFile("van-ban.pdf", data, "application/pdf"))
    return data


@bp.get("/produce/pdf/<token>/<int:n>")
def download_pdf(token: str, n: int):
    res = _result_or_404(token)
    data = _pdf(res, n)
    name = res.files[n].filename.rsplit(".", 1)[0] + ".pdf"
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name=name)


PREVIEW_DPI = 120
"""Resolution of the page previews: an A4 page is about 992 × 1403 pixels, readable on a screen."""
MAX_PREVIEW_PAGES = 60
PAGE_SLOTS = 100_000
"""Stored page images of document ``n`` are numbered from ``PAGE_SLOTS + 1000 * n``."""


def _page_count(pdf: bytes) -> int:
    """Pages of a PDF docgen made (LibreOffice writes one /Type /Page object per page)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@bp.get("/produce/pages/<token>/<int:n>")
def preview_pages(token: str, n: int):
    """How many pages document ``n`` has, and the address of each page's image."""
    res = _result_or_404(token)
    count = min(_page_count(_pdf(res, n)), MAX_PREVIEW_PAGES)
    return {"pages": count, "images": [url_for("produce.preview_page", token=token, n=n, page=p)
                                       for p in range(1, count + 1)]}


@bp.get("/produce/png/<token>/<int:n>")
def preview_png(token: str, n: int):
    return preview_page(token, n, 1)


@bp.get("/produce/png/<token>/<int:n>/<int:page>")
def preview_page(token: str, n: int, page: int):
    """Page ``page`` of document ``n`` as a PNG at :data:`PREVIEW_DPI` (made once, then kept)."""
    res = _result_or_404(token)
    if not 1 <= page <= MAX_PREVIEW_PAGES:
        abort(404)
    conn, slot = get_db(), PAGE_SLOTS + 1000 * n + page
    cached = results().derived(conn, res.token, slot)
    if cached is None:
        exe = shutil.which("pdftoppm")
        if exe is None:
            raise DocgenError("Chưa cài pdftoppm (gói poppler-utils) để xem trước các trang.")
        pdf = _pdf(res, n)
        if page > _page_count(pdf):
            abort(404)
        with tempfile.TemporaryDirectory(prefix="docgen-web-") as tmp:
            src, out = Path(tmp, "van-ban.pdf"), Path(tmp, "trang")
            src.write_bytes(pdf)
            proc = subprocess.run([exe, "-png", "-f", str(page), "-l", str(page), "-r", str(PREVIEW_DPI),
                                   "-singlefile", str(src), str(out)], capture_output=True, timeout=60, check=False)
            png = out.with_suffix(".png")
            if proc.returncode != 0 or not png.is_file():
                raise DocgenError(f"Không tạo được ảnh xem trước trang {page}.")
            cached = StoredFile(f"trang-{page}.png", png.read_bytes(), "image/png")
        results().add_derived(conn, res.token, slot, cached)
    return send_file(io.BytesIO(cached.data), mimetype="image/png", max_age=3600)
