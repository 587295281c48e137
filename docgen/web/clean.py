"""Clean: upload a report (TXT, DOCX, PDF, scan or photo, old .doc/.odt/.rtf), review every
proposed edit, download the result. A PDF, an image or an old office file is read into a DOCX
first (:mod:`docgen.intake`: OCR for pictures), once, and that DOCX is what is stored and reviewed."""
from __future__ import annotations

import io
import threading

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for

from .. import intake
from ..clean import CleanResult
from ..errors import DocgenError
from ..normalize.pipeline import DEFAULT_THRESHOLD
from ..produce import slug
from ..report import to_html
from .produce import DOCX_TYPE
from .review import apply_chosen, is_fixed, propose, sniff_kind
from . import current_user, get_db, results, uploads
from .limits import run_limited
from .store import Result, StoredFile

bp = Blueprint("clean", __name__)

WEB_MAX_PAGES = 30
"""Pages of a PDF or image read in one upload (the command line reads up to 100, or --max-pages)."""
READ_SECONDS = 600.0
"""Seconds reading an upload may take (OCR is a few seconds a page)."""


def _threshold(value: str | None, default: float = DEFAULT_THRESHOLD) -> float:
    try:
        t = float((value or "").replace(",", "."))
    except ValueError:
        return default
    return min(max(t, 0.0), 1.0)


def _stem(filename: str | None) -> str:
    """A safe output name from the upload's name (only used as a label, never as a path)."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return slug(base)[:60] or "van-ban"


def _page(error: str | None = None, token: str | None = None, threshold: float = DEFAULT_THRESHOLD,
          status: int = 200):
    token = token or uploads.new_token()
    return render_template("clean.html", threshold=threshold, error=error, form_token=token,
                           kept=uploads.kept_names(token)), status


@bp.get("/clean")
def index():
    return _page()[0]


@bp.post("/clean")
def upload():
    token = uploads.form_token()
    threshold = _threshold(request.form.get("threshold"))
    f = uploads.take(token, "file")
    if f is None:
        return _page("Chưa chọn tệp; hãy chọn một báo cáo (.txt, .docx, .pdf, ảnh quét…).", token, threshold, 400)
    try:
        location = _upload(f, threshold)
    except DocgenError as exc:  # the page again, with the message and the file kept
        return _page(str(exc), token, threshold, 400)
    uploads.forget(token)
    return redirect(location, code=303)


def _upload(f: uploads.Upload, threshold: float) -> str:
    data = f.data
    notes: list[str] = []
    suffix = intake.sniff_suffix(data)
    if suffix is not None:  # read (OCR) once, in a child process with its own, longer limit
        seconds = max(float(current_app.config["REQUEST_TIMEOUT"]), READ_SECONDS)
        read = run_limited(intake.read_bytes, data, suffix, f.filename, WEB_MAX_PAGES, seconds=seconds)
        data, notes = read.docx, read.notes
    kind = sniff_kind(data)
    _warm_parent()
    proposed = run_limited(propose, data, kind, threshold, seconds=float(current_app.config["REQUEST_TIMEOUT"]))
    stem = _stem(f.filename)
    token = results().put(get_db(), Result([StoredFile(f"{stem}.{kind}", data, "application/octet-stream")],
                                           {"kind": kind, "stem": stem, "threshold": threshold,
                                            "notes": notes}),
                          current_user(), "clean", f"Làm sạch {stem}.{kind}")
    _PROPOSED[token] = proposed
    while len(_PROPOSED) > _CACHE_SIZE:
        _PROPOSED.pop(next(iter(_PROPOSED)))
    return url_for("clean.review", token=token)


_WARM = threading.Lock()
_warmed: list[bool] = []


def _warm_parent() -> None:
    """Load the repair model in the server process once, so that the child process each
    cleaning runs in (forked) shares it instead of loading it again."""
    if _warmed:
        return
    with _WARM:
        if not _warmed:
            propose("Khi thi đua".encode(), "txt", DEFAULT_THRESHOLD)
            _warmed.append(True)


_PROPOSED: dict[str, CleanResult] = {}
"""Proposed edits of recent uploads (made again from the stored upload on another server or
after a restart: cleaning is deterministic)."""
_CACHE_SIZE = 16


def _entry(token: str) -> dict:
    res = results().get(get_db(), token, current_user(), "clean")
    if res is None or not res.files:
        abort(404)
    e = {**res.extra, "data": res.files[0].data}
    proposed = _PROPOSED.get(token)
    if proposed is None:
        proposed = run_limited(propose, e["data"], e["kind"], e["threshold"],
                               seconds=float(current_app.config["REQUEST_TIMEOUT"]))
        _PROPOSED[token] = proposed
    e["proposed"] = proposed
    return e


@bp.get("/clean/<token>")
def review(token: str):
    e = _entry(token)
    accepted = {i for i, c in enumerate(e["proposed"].changes) if c.applied and not is_fixed(c)}
    return _review_page(token, e, accepted, DEFAULT_THRESHOLD)


def _review_page(token: str, e: dict, accepted: set[int], limit: float, status: int = 200,
                 rejected: frozenset[int] = frozenset()):
    changes = list(enumerate(e["proposed"].changes))
    return render_template("clean_review.html", token=token, kind=e["kind"], changes=changes,
                           accepted=accepted, is_fixed=is_fixed, limit=limit, notes=e.get("notes", []),
                           threshold=e["proposed"].threshold, rejected=rejected,
                           shown=",".join(str(i) for i in sorted(accepted)),
                           rejected_list=",".join(str(i) for i in sorted(rejected))), status


def _indexes(text: str | None, n: int) -> set[int]:
    """Indexes (below ``n``) in a comma-separated hidden field."""
    return {int(v) for v in (text or "").split(",") if v.strip().isdigit() and int(v) < n}


def clerk_rejected(form, accepted: set[int], n: int) -> set[int]:
    """The edits the clerk unticked by hand: ticked when the page was shown (``shown``) and not
    sent back ticked, plus those unticked on an earlier round (``rejected``) not ticked again."""
    return ((_indexes(form.get("shown"), n) | _indexes(form.get("rejected"), n)) - accepted)


def add_by_threshold(changes: list, accepted: set[int], rejected: set[int], limit: float) -> set[int]:
    """The clerk's ticks plus every edit at or above ``limit`` — except those the clerk unticked:
    the threshold button only adds, it never re-ticks what the clerk turned down."""
    return accepted | {i for i, c in enumerate(changes)
                       if c.confidence >= limit and not is_fixed(c) and i not in rejected}


@bp.post("/clean/<token>")
def decide(token: str):
    e = _entry(token)
    n = len(e["proposed"].changes)
    accepted = {int(v) for v in request.form.getlist("accept") if v.isdigit() and int(v) < n}
    action = request.form.get("action", "download")
    if action == "threshold":  # accept all at or above a confidence (works without JavaScript)
        limit = _threshold(request.form.get("limit"))
        rejected = clerk_rejected(request.form, accepted, n)
        accepted = add_by_threshold(e["proposed"].changes, accepted, rejected, limit)
        return _review_page(token, e, accepted, limit, rejected=frozenset(rejected))[0]
    tracked = e["kind"] == "docx" and request.form.get("mode") == "tracked"
    applied = apply_chosen(e["data"], e["kind"], e["proposed"], accepted, track_changes=tracked)
    result = applied.result
    if action == "report":
        result.source = f"{e['stem']}.{e['kind']}"
        return send_file(io.BytesIO(to_html(result).encode("utf-8")), mimetype="text/html",
                         as_attachment=True, download_name=f"{e['stem']}-bao-cao-thay-doi.html")
    suffix = "-theo-doi-thay-doi" if tracked else "-da-sua"
    if isinstance(result.output, bytes):
        return send_file(io.BytesIO(result.output), mimetype=DOCX_TYPE, as_attachment=True,
                         download_name=f"{e['stem']}{suffix}.docx")
    return send_file(io.BytesIO(result.output.encode("utf-8")), mimetype="text/plain; charset=utf-8",
                     as_attachment=True, download_name=f"{e['stem']}{suffix}.txt")
