"""The page request a Voilà kernel serves, also in a kernel that Voilà preheated.

Voilà hands every page's request to its kernel as CGI-style variables: ``QUERY_STRING``,
``SCRIPT_NAME``, ``SERVER_NAME`` … When Voilà preheats kernels (``--preheat_kernel``), a kernel
runs the notebook *before* any page asks for it, so those variables are not there yet: the kernel
must stop and wait for the request, which the server sends over its ``/voila/query/<kernel id>``
websocket once a page takes the kernel from the pool.

:func:`request_environ` does that wait (once per kernel) and returns the variables. It speaks the
same protocol as ``voila.utils.wait_for_request``, but without importing Voilà and the Jupyter
server into every kernel (24 MB of memory per kernel, ×30 kernels for a class). Outside a
preheated kernel (a lesson notebook, a test, Voilà without a pool) it returns at once.

Cells above the waiting one run before the request: put the slow work (imports, loading data)
there, and read the request as late as possible.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping

__all__ = ["MAX_MESSAGE", "REQUEST_KEYS", "query_url", "request_environ"]

# What Voilà sends (voila.handler.VoilaHandler.get_generator); other keys are ignored.
REQUEST_KEYS = frozenset({
    "QUERY_STRING", "SCRIPT_NAME", "PATH_INFO", "SERVER_NAME", "SERVER_PORT",
    "SERVER_SOFTWARE", "SERVER_PROTOCOL",
})
MAX_MESSAGE = 64 * 1024
# The server may still be starting when the first pooled kernels reach the wait.
CONNECT_ATTEMPTS = 60
CONNECT_PAUSE = 0.5

_received = False


def query_url(environ: Mapping[str, str]) -> str | None:
    """Voilà's request-info websocket for this kernel, or None outside a preheated kernel."""
    if environ.get("VOILA_PREHEAT") != "True" or not environ.get("VOILA_KERNEL_ID"):
        return None
    protocol = environ.get("VOILA_WS_PROTOCOL", "ws")
    host = environ.get("VOILA_APP_IP", "127.0.0.1")
    port = environ.get("VOILA_APP_PORT", "8866")
    base = environ.get("VOILA_WS_BASE_URL", environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{environ['VOILA_KERNEL_ID']}"


def _receive(url: str) -> dict[str, str]:
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    for attempt in range(CONNECT_ATTEMPTS):
        try:
            # No keep-alive pings: a server busy with a class's pages may answer one late, and
            # the request would be lost; Voilà keeps it for a reconnection.
            with connect(url, max_size=MAX_MESSAGE, open_timeout=10,
                         ping_interval=None) as socket:
                message = socket.recv()
            break
        except (OSError, TimeoutError, WebSocketException):
            if attempt == CONNECT_ATTEMPTS - 1:
                raise
            time.sleep(CONNECT_PAUSE)
    data = json.loads(message)
    if not isinstance(data, dict):
        raise ValueError("the request info is not a JSON object")
    return {
        key: value for key, value in data.items()
        if isinstance(value, str) and (key in REQUEST_KEYS or key.startswith("HTTP_"))
    }


def request_environ() -> Mapping[str, str]:
    """``os.environ`` with this kernel's page request in it (waiting for it when preheated).

    If the request cannot be received (the server went away), the reason goes to the kernel's
    log and the environment is returned as it is: the page then shows the defaults.
    """
    global _received
    url = query_url(os.environ)
    if url is not None and not _received:
        try:
            os.environ.update(_receive(url))
        except Exception as exc:  # a page with the defaults beats no page
            print(f"runwell: no page request from Voilà ({exc!r}); using defaults",
                  file=sys.stderr, flush=True)
        _received = True
    return os.environ
