"""Keyboard-only helpers: where the focus is, and moving it with Tab / Shift+Tab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

__all__ = ["Focus", "focus", "tab_into", "tab_to"]

MAX_TABS = 60

_DESCRIBE = """() => {
    const a = document.activeElement;
    if (!a) { return {kind: 'none', text: '', question: -1}; }
    let kind = a.tagName.toLowerCase();
    if (kind === 'input') { kind = a.type; }
    const label = a.closest('label');
    const text = (kind === 'radio' || kind === 'checkbox') && label
        ? label.textContent : (a.textContent || '');
    const view = a.closest('.runwell-question');
    const quiz = a.closest('.runwell-quiz');
    const question = view && quiz ? [...quiz.querySelectorAll('.runwell-question')].indexOf(view)
        : -1;
    return {kind, text: text.trim(), question};
}"""


@dataclass(frozen=True)
class Focus:
    """The focused element: its kind (radio, checkbox, text, button…), text, and question."""

    kind: str
    text: str
    question: int


def focus(page: Page) -> Focus:
    info = page.evaluate(_DESCRIBE)
    return Focus(kind=str(info["kind"]), text=str(info["text"]), question=int(info["question"]))


def _is_focused(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def _after_focus(target: Locator) -> bool:
    """True when *target* comes after (or inside) the focused element in document order."""
    return bool(
        target.evaluate(
            """el => {
                const a = document.activeElement;
                if (!a || a === document.body) { return true; }
                const pos = a.compareDocumentPosition(el);
                return Boolean(pos & Node.DOCUMENT_POSITION_FOLLOWING);
            }"""
        )
    )


def _tab_until(page: Page, target: Locator, reached: Callable[[], bool], goal: str) -> int:
    """Press Tab (or Shift+Tab, when *target* is behind the focus) until *reached*() is true;
    returns the number of presses, or fails listing the last stops."""
    key = "Tab" if _after_focus(target) else "Shift+Tab"
    trail: list[Focus] = []
    for presses in range(MAX_TABS + 1):
        if reached():
            return presses
        page.keyboard.press(key)
        trail.append(focus(page))
    shown = "\n".join(f"  {f.kind} {f.text[:60]!r} (question {f.question})" for f in trail[-12:])
    raise AssertionError(f"{key} never {goal} in {MAX_TABS} presses; stops:\n{shown}")


def tab_to(page: Page, target: Locator) -> int:
    """Press Tab (or Shift+Tab, when *target* is behind) until *target* has the focus.

    Returns the number of presses; fails if the target cannot be reached with the keyboard."""
    return _tab_until(page, target, lambda: _is_focused(target), "reached the target")


def _has_focus_inside(target: Locator) -> bool:
    return bool(target.evaluate("el => el.contains(document.activeElement)"))


def tab_into(page: Page, group: Locator) -> int:
    """Press Tab (or Shift+Tab) until the focus is inside *group*, e.g. a radio group, which the
    browser enters at its checked radio (or at an end when none is checked).

    Returns the number of presses; fails if the group cannot be reached with the keyboard."""
    return _tab_until(page, group, lambda: _has_focus_inside(group), "entered the group")
