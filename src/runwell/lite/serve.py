"""Serve a built site on 127.0.0.1 from a thread (for the browser test and the benchmark).

Any static host will do for learners (``python -m http.server -d build/lite``); this one only adds
the MIME types Pyodide needs whatever the machine's ``mime.types`` says (``.wasm`` must be
``application/wasm`` for streaming compilation, ``.mjs`` a JavaScript type) and stays quiet.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["serve"]

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".ipynb": "application/json",
    ".svg": "image/svg+xml",
}


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve *site* at ``http://host:port/`` (a free port by default); yields that base URL."""
    handler = functools.partial(_Handler, directory=str(site))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="lite-http", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
