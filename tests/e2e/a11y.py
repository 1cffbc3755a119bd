"""axe-core on a rendered lesson: split violations into the kit's own and JupyterLab's.

A node is the kit's when it is, or sits inside, ``.runwell-quiz``, ``.runwell-shoefit`` or
``.runwell-progress``; everything else (menus, toolbars, the notebook chrome) is JupyterLab's,
which the kit cannot fix, so those are reported, not failed on.
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

__all__ = ["KIT_SELECTOR", "Finding", "audit"]

KIT_SELECTOR = ".runwell-quiz, .runwell-shoefit, .runwell-progress"


@dataclass(frozen=True)
class Finding:
    """One violating node: the axe rule, its impact, the node's selector and HTML snippet."""

    rule: str
    impact: str
    target: str
    html: str
    help: str

    def __str__(self) -> str:
        return f"[{self.impact}] {self.rule}: {self.help}\n    at {self.target}: {self.html[:300]}"


def _inside_kit(page: Page, target: list[object]) -> bool:
    # axe names a node by a list of selectors (one per shadow root); the kit uses no shadow DOM,
    # so the last selector is resolved in the document.
    selector = target[-1]
    if isinstance(selector, list):
        selector = selector[-1]
    return bool(
        page.evaluate(
            "([sel, kit]) => { const el = document.querySelector(sel);"
            " return !!(el && el.closest(kit)); }",
            [str(selector), KIT_SELECTOR],
        )
    )


# Two things hide a notebook's content from axe-core, which only checks what it judges visible
# on screen: JupyterLab's <body> has no height (the shell inside is absolutely positioned), and
# axe takes anything inside a zero-height box that clips its overflow for hidden; and the
# notebook scrolls inside its own panel, so cells scrolled out of sight are left out too. While
# axe runs, <body> gets the window's height and the window is made as tall as the open
# notebook, so every cell is on screen at once.
_CONTENT_HEIGHT = """() => {
    const panels = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer, '
        + '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')];
    const extra = Math.max(0, ...panels.map(p => p.scrollHeight - p.clientHeight));
    return Math.ceil(window.innerHeight + extra);
}"""
_BODY_HEIGHT = "h => { document.body.style.minHeight = h; }"
MAX_AUDIT_HEIGHT = 30_000


def audit(page: Page) -> tuple[list[Finding], list[Finding]]:
    """Run axe-core on *page*, with the whole open notebook on screen; return (the kit's
    findings, JupyterLab's findings)."""
    viewport = page.viewport_size
    height = int(page.evaluate(_CONTENT_HEIGHT))
    if viewport is not None and height > viewport["height"]:
        tall = min(height, MAX_AUDIT_HEIGHT)
        page.set_viewport_size({"width": viewport["width"], "height": tall})
        page.wait_for_function("h => window.innerHeight === h", arg=tall)
    page.evaluate(_BODY_HEIGHT, "100vh")
    try:
        results = Axe().run(page)
    finally:
        page.evaluate(_BODY_HEIGHT, "")
        if viewport is not None:
            page.set_viewport_size(viewport)
    kit: list[Finding] = []
    lab: list[Finding] = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            finding = Finding(
                rule=str(violation["id"]),
                impact=str(violation.get("impact") or "?"),
                target=" >> ".join(str(t) for t in node["target"]),
                html=str(node.get("html", "")).replace("\n", " "),
                help=str(violation.get("help", "")),
            )
            (kit if _inside_kit(page, node["target"]) else lab).append(finding)
    return kit, lab
