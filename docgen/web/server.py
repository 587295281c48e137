"""Serving the app: waitress, a production WSGI server that also runs on Windows.

Used by ``docgen serve`` (``--threads``) and by the browser tests (on a free port, in a thread).
"""
from __future__ import annotations

import threading

from flask import Flask
from waitress.server import create_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8030
DEFAULT_THREADS = 8
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Server:
    """A waitress server bound to ``host:port`` (port 0: any free port), not yet serving."""

    def __init__(self, app: Flask, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 threads: int = DEFAULT_THREADS):
        self.app = app
        self._server = create_server(app, host=host, port=port, threads=threads, ident="docgen",
                                     clear_untrusted_proxy_headers=True, channel_timeout=300)
        self.host = host
        self.server_port = int(getattr(self._server, "effective_port", port))
        self.server_address = (str(getattr(self._server, "effective_host", host)), self.server_port)

    def serve_forever(self) -> None:
        self._server.run()

    def shutdown(self) -> None:
        """Stop listening and close every open connection (a browser's kept-alive connection
        must not outlive the server, as it would not outlive a stopped process)."""
        socket_map = getattr(self._server, "_map", None) or {}
        self._server.close()
        for channel in list(socket_map.values()):
            try:
                channel.close()
            except OSError:
                pass
        task_dispatcher = getattr(self._server, "task_dispatcher", None)
        if task_dispatcher is not None:
            task_dispatcher.shutdown(timeout=5)

    def server_close(self) -> None:
        self.shutdown()


def start(app: Flask, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          threads: int = DEFAULT_THREADS) -> Server:
    return Server(app, host, port, threads)


def address(server: Server) -> str:
    host = server.server_address[0]
    return f"http://{'[' + host + ']' if ':' in host else host}:{server.server_port}/"


def serve_in_thread(app: Flask, host: str = DEFAULT_HOST, port: int = 0,
                    threads: int = DEFAULT_THREADS) -> tuple[Server, threading.Thread]:
    """Start serving in a daemon thread; stop with ``server.shutdown()``."""
    server = start(app, host, port, threads)
    thread = threading.Thread(target=server.serve_forever, name="docgen-web", daemon=True)
    thread.start()
    return server, thread
