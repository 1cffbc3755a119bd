"""Static forms of the live widgets, for handouts.

A live widget publishes ``application/vnd.runwell.static+json`` beside its widget view, for
example ``{"widget": "quiz", "bank": "01_warm_up"}``. :func:`static_html` turns that small dict
into an HTML fragment without JavaScript, using the widget's own package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from runwell.errors import CourseError

__all__ = [
    "PROGRESS_NOTE",
    "STATIC_MIME",
    "WIDGET_VIEW_MIME",
    "CourseStatic",
    "SharedStatic",
    "StaticSource",
    "static_html",
]

from runwell.static_form import STATIC_MIME, WIDGET_VIEW_MIME

PROGRESS_NOTE = (
    '<p class="runwell-progress-note">Your quiz progress is saved on your own computer. '
    "Open the course in JupyterLab to see your standing per lesson.</p>"
)
NO_QUIZZES = "<p>The course has no quiz banks yet.</p>"


def _quiz(spec: Mapping[str, Any], root: Path | None) -> str:
    bank = spec.get("bank")
    if not isinstance(bank, str) or not bank:
        raise CourseError(f"quiz output without a bank name: {dict(spec)!r}")
    return str(importlib.import_module("runwell.quiz").static_html(bank, root=root))


def _shoefit(spec: Mapping[str, Any], root: Path | None) -> str:
    return str(importlib.import_module("runwell.shoefit").static_html())


def _progress(spec: Mapping[str, Any], root: Path | None) -> str:
    return PROGRESS_NOTE


RENDERERS: dict[str, Callable[[Mapping[str, Any], Path | None], str]] = {
    "quiz": _quiz,
    "shoefit": _shoefit,
    "progress": _progress,
}


def static_html(spec: Mapping[str, Any], *, root: Path | None = None) -> str:
    """The static HTML for one ``application/vnd.runwell.static+json`` payload.

    Raises :class:`CourseError` for a payload that is not a dict or names an unknown widget."""
    if not isinstance(spec, Mapping):
        raise CourseError(f"{STATIC_MIME} output is not an object: {spec!r}")
    widget = spec.get("widget")
    renderer = RENDERERS.get(widget) if isinstance(widget, str) else None
    if renderer is None:
        known = ", ".join(sorted(RENDERERS))
        raise CourseError(f"unknown widget {widget!r} in a static output (known: {known})")
    return renderer(spec, root)


class StaticSource(Protocol):
    """Where the build gets static HTML from (tests substitute a fake)."""

    def widget(self, spec: Mapping[str, Any]) -> str: ...

    def answer_key(self) -> str: ...


class CourseStatic:
    """The real source: the quiz engine, the shoe-fit chart and the progress note."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._banks: dict[str, Any] | None = None

    def _valid_bank(self, name: str) -> Any | None:
        """The bank, loaded once per build with all the others (each ``load_bank`` would load
        and validate every bank again); None if missing or broken, so that the quiz engine
        raises its own error."""
        if self._banks is None:
            from runwell.guidance import inventory
            from runwell.paths import quizzes_dir
            from runwell.quiz.bank import load_banks

            banks, problems = load_banks(quizzes_dir(self.root), set(inventory()))
            broken = {p.path for p in problems}
            self._banks = {k: b for k, b in banks.items() if b.path not in broken}
        return self._banks.get(name)

    def widget(self, spec: Mapping[str, Any]) -> str:
        if isinstance(spec, Mapping) and spec.get("widget") == "quiz":
            bank = self._valid_bank(str(spec.get("bank")))
            if bank is not None:
                quiz = importlib.import_module("runwell.quiz")
                return str(quiz.static_html(bank, root=self.root))
        return static_html(spec, root=self.root)

    def answer_key(self) -> str:
        from runwell.paths import quizzes_dir

        folder = quizzes_dir(self.root)
        if not folder.is_dir() or not any(folder.glob("*.yaml")):
            return NO_QUIZZES
        return str(importlib.import_module("runwell.quiz").answer_key_html(root=self.root))


class SharedStatic:
    """Wraps a static source for nbconvert's resources, which nbconvert deep-copies for every
    notebook: the copy is the same object, so caches and test fakes keep working."""

    def __init__(self, source: StaticSource) -> None:
        self.source = source

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedStatic:
        return self

    def widget(self, spec: Mapping[str, Any]) -> str:
        return self.source.widget(spec)

    def answer_key(self) -> str:
        return self.source.answer_key()
