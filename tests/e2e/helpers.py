"""Drive a notebook in JupyterLab 4 / Notebook 7 with Playwright, the way a learner does.

Everything here goes through the page: menus, clicks and keys. The only JavaScript is read-only
(observing prompts, listing error outputs), never a shortcut around the UI.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

from .server import JupyterServer

__all__ = [
    "CellError",
    "error_outputs",
    "open_notebook",
    "run_all_cells",
    "unrun_cells",
    "use_theme",
    "wait_kernel_connected",
    "wait_kernel_idle",
]

# Generous, but far below the pytest timeout: a cold kernel on a busy 2-core machine is slow.
KERNEL_TIMEOUT_MS = 60_000
RUN_TIMEOUT_MS = 90_000

ERROR_SELECTORS = ", ".join(
    [
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
        '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]',
    ]
)
# Text that means a widget or cell failed even when it does not come as stderr.
ERROR_TEXT = re.compile(
    r"Traceback \(most recent call last\)|Error displaying widget|Failed to load model class"
    r"|[A-Za-z]+Error: "
)


@dataclass(frozen=True)
class CellError:
    """One error-looking output: which cell (0-based, among all cells) and its text."""

    cell: int
    text: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.text.strip()[:800]}"


def open_notebook(page: Page, server: JupyterServer, path: str, workspace: str = "e2e") -> Locator:
    """Open the notebook *path* (relative to the server's root) the way a learner does, by its
    address, and wait until its kernel is started, connected to this page and idle. Returns the
    notebook's locator."""
    page.goto(server.notebook_url(path, workspace), wait_until="domcontentloaded")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    expect(notebook).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    expect(notebook.locator(".jp-Cell").first).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    wait_kernel_connected(server, path)
    wait_kernel_idle(page)
    return notebook


def wait_kernel_connected(
    server: JupyterServer, path: str, timeout: float = KERNEL_TIMEOUT_MS / 1000
) -> None:
    """Wait until the server has a session for *path* whose kernel is idle with a client
    connected (the page's indicator alone says "idle" before any kernel exists)."""
    deadline = time.monotonic() + timeout
    seen: object = None
    while time.monotonic() < deadline:
        sessions = server.api("/api/sessions")
        for session in sessions if isinstance(sessions, list) else []:
            kernel = session.get("kernel") or {}
            if session.get("path") == path:
                seen = kernel
                if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) > 0:
                    return
        time.sleep(0.2)
    raise AssertionError(f"{path}: no connected, idle kernel after {timeout:.0f} s (last: {seen})")


def wait_kernel_idle(page: Page, timeout: int = KERNEL_TIMEOUT_MS) -> None:
    """Wait for the toolbar's kernel indicator to say the kernel is idle."""
    indicator = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator"
    ).first
    expect(indicator).to_have_attribute("data-status", "idle", timeout=timeout)


def _click_menu(page: Page, menu: str, item: str) -> None:
    """Open the main menu *menu* (e.g. "Run") and click its item labelled *item*."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(menu)}$")).first.click()
    entry = page.get_by_role("menuitem", name=re.compile(rf"^{re.escape(item)}\b"))
    expect(entry).to_be_visible()
    entry.click()


def use_theme(page: Page, theme: str) -> None:
    """Switch JupyterLab to *theme* (e.g. "JupyterLab Dark") from the command palette, as a
    keyboard user would; waits until the page shows it."""
    # A focused widget text box keeps its keys from JupyterLab: let go of the focus first.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Control+Shift+C")
    search = page.locator(".lm-CommandPalette-input")
    expect(search).to_be_focused()
    search.fill(f"Use Theme: {theme}")
    page.locator(".lm-CommandPalette-item", has_text=f"Use Theme: {theme}").first.click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-name", theme)


def run_all_cells(page: Page, notebook: Locator) -> None:
    """Run → Run All Cells, then wait until every code cell has run and the kernel is idle.

    A MutationObserver records that some prompt went to ``[*]`` (so stored outputs from the
    committed notebook cannot pass for a fresh run); then we wait for no ``[*]`` to be left.
    """
    notebook.evaluate(
        """(nb) => {
            window.__e2eSawBusy = false;
            const obs = new MutationObserver(() => {
                for (const p of nb.querySelectorAll('.jp-InputPrompt')) {
                    if (p.textContent.includes('*')) { window.__e2eSawBusy = true; }
                }
            });
            obs.observe(nb, {subtree: true, childList: true, characterData: true});
            window.__e2eObserver = obs;
        }"""
    )
    _click_menu(page, "Run", "Run All Cells")
    page.wait_for_function("() => window.__e2eSawBusy === true", timeout=RUN_TIMEOUT_MS)
    notebook.evaluate("() => window.__e2eObserver.disconnect()")
    page.wait_for_function(
        """(nb) => ![...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
            .some(p => p.textContent.includes('*'))""",
        arg=notebook.element_handle(),
        timeout=RUN_TIMEOUT_MS,
    )
    wait_kernel_idle(page, timeout=RUN_TIMEOUT_MS)


def unrun_cells(notebook: Locator) -> list[int]:
    """Indexes (among all cells) of code cells whose prompt shows no execution count."""
    found = notebook.evaluate(
        """(nb) => [...nb.querySelectorAll('.jp-Cell')].flatMap((cell, i) => {
            const p = cell.querySelector('.jp-CodeCell .jp-InputPrompt, .jp-InputPrompt');
            if (!cell.classList.contains('jp-CodeCell') || !p) { return []; }
            return /\\[\\d+\\]/.test(p.textContent) ? [] : [i];
        })"""
    )
    return [int(i) for i in found]


def error_outputs(notebook: Locator) -> list[CellError]:
    """Every output that is stderr, a traceback or a widget that failed to display."""
    found = notebook.evaluate(
        """(nb, args) => {
            const [selectors, pattern] = args;
            const re = new RegExp(pattern);
            const out = [];
            [...nb.querySelectorAll('.jp-Cell')].forEach((cell, i) => {
                for (const o of cell.querySelectorAll('.jp-OutputArea-output')) {
                    const text = o.innerText || '';
                    if (o.matches(selectors) || o.querySelector(selectors) || re.test(text)) {
                        out.push([i, text]);
                    }
                }
            });
            return out;
        }""",
        [ERROR_SELECTORS, ERROR_TEXT.pattern],
    )
    return [CellError(cell=int(i), text=str(t)) for i, t in found]
