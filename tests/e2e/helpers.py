"""Drive a notebook in JupyterLab 4 / Notebook 7 with Playwright, the way a learner does.

Everything here goes through the page: menus, clicks and keys. The only JavaScript is read-only
(observing prompts, listing error outputs), never a shortcut around the UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

__all__ = [
    "CellError",
    "error_outputs",
    "open_notebook",
    "run_all_cells",
    "unrun_cells",
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


def open_notebook(page: Page, url: str) -> Locator:
    """Go to *url* (a /lab/… or /notebooks/… address) and wait until the notebook is shown with
    an idle kernel. Returns the notebook panel's locator."""
    page.goto(url, wait_until="domcontentloaded")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
    expect(notebook).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    expect(notebook.locator(".jp-Cell").first).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    wait_kernel_idle(page)
    return notebook


def wait_kernel_idle(page: Page, timeout: int = KERNEL_TIMEOUT_MS) -> None:
    """Wait for the toolbar's kernel indicator to say the kernel is connected and idle."""
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
