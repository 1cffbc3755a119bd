"""Headless Chromium, as every part of the kit runs it: Debian's ``/usr/bin/chromium`` (``make
test`` installs it when root), with the options for a machine whose only network is the
package registries. Used by the handouts' PDF printing, the zero-install site's benchmark, the
quiz app's benchmark and the browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["CHROMIUM", "HEADLESS_ARGS", "find_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
#: Options for headless runs: no sandbox (containers run as root), no GPU, and no traffic of
#: Chromium's own (updates, sync, first-run pages, background fetches).
HEADLESS_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """Debian's Chromium, else a Chromium or Chrome on ``PATH``; None when there is none."""
    for name in (str(CHROMIUM), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None
