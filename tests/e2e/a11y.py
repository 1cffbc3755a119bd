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


def audit(page: Page) -> tuple[list[Finding], list[Finding]]:
    """Run axe-core on *page*; return (the kit's findings, JupyterLab's findings)."""
    results = Axe().run(page)
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
