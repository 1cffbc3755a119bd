"""Shared pytest settings and fixtures for tests/.

`make test` runs pytest with --nbval over notebooks/ and exercises/; notebooks under tests/ are
fixtures (some deliberately broken), never collected as notebook tests.

Playwright's sync API allows one running instance per process, so every browser test (handouts,
report, quiz app, JupyterLab end to end) shares the session's one headless Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from runwell.chromium import CHROMIUM, HEADLESS_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

collect_ignore_glob = ["**/*.ipynb", "*.ipynb"]

def require_chromium() -> None:
    """Skip (with the reason printed) when Debian's Chromium is not installed."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (make test installs Debian's chromium when root)"
        print(f"SKIP browser test: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Playwright]:
    """The session's one Playwright (its sync API allows one per process)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(_playwright: Playwright) -> Iterator[Browser]:
    """The session's one headless Chromium."""
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(HEADLESS_ARGS)
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def offline_chromium(_playwright: Playwright) -> Iterator[Browser]:
    """A second headless Chromium that resolves no host name but 127.0.0.1 and localhost (the
    zero-install site's test: nothing may reach another host, even past Playwright's routes)."""
    from runwell.lite.browse import HOST_RULES

    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*HEADLESS_ARGS, HOST_RULES]
    )
    try:
        yield browser
    finally:
        browser.close()
