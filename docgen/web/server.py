"""Serving the app on a local address (used by ``docgen serve`` and by the browser tests)."""
from __future__ import annotations

import threading

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8030


def start(app: Flask, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> BaseWSGIServer:
    """A threaded server bound to ``host:port`` (port 0: any free port), not yet serving."""
    return make_server(host, port, app, threaded=True)


def address(server: BaseWSGIServer) -> str:
    host = str(server.server_address[0])
    return f"http://{'[' + host + ']' if ':' in host else host}:{server.server_port}/"


def serve_in_thread(app: Flask, host: str = DEFAULT_HOST, port: int = 0) -> tuple[BaseWSGIServer, threading.Thread]:
    """Start serving in a daemon thread; stop with ``server.shutdown()``."""
    server = start(app, host, port)
    thread = threading.Thread(target=server.serve_forever, name="docgen-web", daemon=True)
    thread.start()
    return server, thread
