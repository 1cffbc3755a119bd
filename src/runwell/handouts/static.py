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

STATIC_MIME = "application/vnd.runwell.static+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
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

    def widget(self, spec: Mapping[str, Any]) -> str:
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
