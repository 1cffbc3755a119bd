"""Open the zero-install site in headless Chromium with every non-local request blocked and
counted (the browser test and ``make bench`` use this; it needs the ``test`` extra's Playwright).

Two fences: Chromium launched with :data:`HOST_RULES` resolves no host name but 127.0.0.1 and
localhost (so even a request that escapes Playwright, e.g. from a service worker, fails), and a
Playwright route aborts every request outside the site's base URL. Both kinds are recorded in
:attr:`OfflineSite.blocked`; a self-contained site leaves it empty.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

__all__ = [
    "HOST_RULES",
    "OfflineSite",
    "download",
    "offline_site",
    "open_notebook",
    "run_all",
]

HOST_RULES = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_SCHEMES = ("data:", "blob:", "about:")
# A cold Pyodide kernel on a busy 2-core machine takes tens of seconds.
LOAD_TIMEOUT_MS = 90_000
RUN_TIMEOUT_MS = 180_000
# Run All: how often to try the menu, and how long to wait for a cell to start each time.
MENU_ATTEMPTS = 3
MENU_WAIT_MS = 30_000


class OfflineSite:
    """A browser context on the site at *base* whose other requests are blocked and recorded."""

    def __init__(self, browser: Browser, base: str, timeout_ms: int = 15_000) -> None:
        self.base = base
        self.blocked: list[str] = []
        self.context: BrowserContext = browser.new_context(
            viewport=VIEWPORT,  # type: ignore[arg-type]
            accept_downloads=True,
        )
        self.context.set_default_timeout(timeout_ms)
        self.context.route("**/*", self._route)
        self.context.on("requestfailed", self._failed)

    def is_local(self, url: str) -> bool:
        return url.startswith(self.base) or url.startswith(LOCAL_SCHEMES)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if self.is_local(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _failed(self, request: Request) -> None:
        if not self.is_local(request.url) and request.url not in self.blocked:
            self.blocked.append(request.url)

    def new_page(self) -> Page:
        return self.context.new_page()

    def close(self) -> None:
        self.context.close()


@contextmanager
def offline_site(browser: Browser, base: str) -> Iterator[OfflineSite]:
    site = OfflineSite(browser, base)
    try:
        yield site
    finally:
        site.close()


def open_notebook(page: Page, base: str, path: str) -> Locator:
    """Open *path* (relative to the site's ``files/``) in the site's JupyterLab; returns the
    notebook once its first cell is on screen (the kernel starts in the background)."""
    page.goto(f"{base}lab/index.html?path={quote(path)}", wait_until="domcontentloaded")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    expect(notebook.locator(".jp-Cell").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    return notebook


def run_all(page: Page, notebook: Locator, timeout_ms: int = RUN_TIMEOUT_MS) -> float:
    """Run → Run All Cells; wait until some prompt went to ``[*]`` (stored outputs cannot pass
    for a fresh run) and then none is left. Returns the seconds it took (the first run includes
    starting the Pyodide kernel)."""
    notebook.evaluate(
        """(nb) => {
            window.__liteSawBusy = false;
            const obs = new MutationObserver(() => {
                for (const p of nb.querySelectorAll('.jp-InputPrompt')) {
                    if (p.textContent.includes('*')) { window.__liteSawBusy = true; }
                }
            });
            obs.observe(nb, {subtree: true, childList: true, characterData: true});
            window.__liteObserver = obs;
        }"""
    )
    started = time.monotonic()
    # On a loaded machine the menu can close before the click on its item lands, and nothing
    # runs. Until a prompt shows [*] (nothing has run, so clicking again is safe), try again.
    for attempt in range(1, MENU_ATTEMPTS + 1):
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).first.click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells\b")).click()
        try:
            page.wait_for_function("() => window.__liteSawBusy === true",
                                   timeout=MENU_WAIT_MS if attempt < MENU_ATTEMPTS else timeout_ms)
            break
        except PlaywrightTimeoutError:
            if attempt == MENU_ATTEMPTS:
                raise
            page.keyboard.press("Escape")  # close the menu if it is still open
    notebook.evaluate("() => window.__liteObserver.disconnect()")
    page.wait_for_function(
        """(nb) => ![...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
            .some(p => p.textContent.includes('*'))""",
        arg=notebook.element_handle(),
        timeout=timeout_ms,
    )
    return time.monotonic() - started


def download(page: Page, name: str) -> bytes:
    """Download the file *name* from the root of the site's file browser, as a learner does
    (right-click, Download); returns its bytes."""
    page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").first.click()
    item = page.locator(".jp-FileBrowser .jp-DirListing-item", has_text=name).first
    expect(item).to_be_visible()
    item.click(button="right")
    with page.expect_download() as info:
        page.get_by_role("menuitem", name=re.compile(r"^Download$")).click()
    saved = info.value.path()
    return Path(saved).read_bytes()
