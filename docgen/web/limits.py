"""A time limit for the heavy work of one request (regenerate, clean).

Python cannot stop a thread, so the work runs in a child process that is killed when the
limit passes; the request then answers 503 with a Vietnamese page, and the server's memory
and threads are free again. Only plain values cross the process boundary (paths, bytes,
dataclasses): the child touches no database connection and no request object.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from werkzeug.exceptions import ServiceUnavailable


class RequestTimeout(ServiceUnavailable):
    def __init__(self, seconds: float):
        super().__init__(description=f"Việc này chạy quá {seconds:g} giây (giới hạn của mỗi yêu cầu) "
                                     "và đã được dừng. Hãy chia nhỏ dữ liệu (ít dòng, ít hồ sơ, tệp nhỏ "
                                     "hơn) rồi thử lại.")


def _child(conn, fn: Callable, args: tuple) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - the parent re-raises it (docgen errors carry the clerk's message)
        try:
            conn.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            conn.send(("crash", "".join(traceback.format_exception(exc))))
    finally:
        conn.close()


def run_limited(fn: Callable[..., Any], *args: Any, seconds: float) -> Any:
    """``fn(*args)`` in a child process, killed after ``seconds``; its value or its exception."""
    if seconds <= 0 or os.environ.get("DOCGEN_NO_FORK"):
        return fn(*args)
    method = "fork" if sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx: Any = multiprocessing.get_context(method)
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise RequestTimeout(seconds)
        try:
            status, value = parent.recv()
        except EOFError:
            raise RuntimeError(f"worker process ended with code {proc.exitcode}") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return value
    if status == "error":
        raise value
    raise RuntimeError(value)
