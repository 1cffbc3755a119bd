"""Static forms of the live widgets, for handouts, from the course model.

A live widget publishes ``application/vnd.runwell.static+json`` beside its widget view, for
example ``{"widget": "quiz", "bank": "01_warm_up"}``. :class:`CourseStatic` turns that small dict
into an HTML fragment without JavaScript, from the course model the build was given.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Protocol

from runwell.course.model import Course
from runwell.errors import CourseError, clean_text
from runwell.i18n import N_, translator
from runwell.static_form import STATIC_MIME, WIDGET_VIEW_MIME

__all__ = [
    "PROGRESS_NOTE",
    "STATIC_MIME",
    "WIDGET_VIEW_MIME",
    "CourseStatic",
    "SharedStatic",
    "StaticSource",
]

PROGRESS_TEXT = N_("Your quiz progress is saved on your own computer. Open the course in "
                   "JupyterLab to see your standing per lesson.")
PROGRESS_NOTE = f'<p class="runwell-progress-note">{PROGRESS_TEXT}</p>'
NO_QUIZZES_TEXT = N_("The course has no quiz banks yet.")
NO_QUIZZES = f"<p>{NO_QUIZZES_TEXT}</p>"
WIDGETS = ("quiz", "shoefit", "progress", "red-flags", "flowchart", "decisions", "references")


class StaticSource(Protocol):
    """Where the build gets static HTML from (tests substitute a fake)."""

    def widget(self, spec: Mapping[str, Any]) -> str: ...

    def answer_key(self) -> str: ...


class CourseStatic:
    """The real source: the course model's banks, the shoe-fit chart and the progress note, in
    the course's language."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.lang = course.lang

    def widget(self, spec: Mapping[str, Any]) -> str:
        """The static HTML for one payload; CourseError for a payload that is not a dict, names
        an unknown widget, or a quiz bank that is missing or broken."""
        if not isinstance(spec, Mapping):
            raise CourseError(f"{STATIC_MIME} output is not an object: {clean_text(spec, 80)}")
        kind = spec.get("widget")
        if kind == "quiz":
            name = spec.get("bank")
            if not isinstance(name, str) or not name:
                raise CourseError(f"quiz output without a bank name: {clean_text(dict(spec), 80)}")
            from runwell.quiz.static import static_html

            return static_html(self.course.bank(name), self.lang)
        if kind == "shoefit":
            from runwell.shoefit.chart import static_html as chart

            return chart(self.course)
        if kind == "progress":
            text = translator(self.lang).gettext(PROGRESS_TEXT)
            return f'<p class="runwell-progress-note">{html.escape(text)}</p>'
        if kind in ("red-flags", "flowchart", "decisions"):
            from runwell import health

            view = {"red-flags": health.red_flags, "flowchart": health.flowchart,
                    "decisions": health.decisions}[kind]
            return view(self.course).html
        if kind == "references":
            page = spec.get("page")
            if not isinstance(page, str) or not page:
                raise CourseError(f"references output without a page: {clean_text(dict(spec), 80)}")
            from runwell.health import references_html

            return references_html(page, self.course)
        raise CourseError(
            f"unknown widget {clean_text(repr(kind), 40)} in a static output "
            f"(known: {', '.join(WIDGETS)})"
        )

    def answer_key(self) -> str:
        banks = list(self.course.usable_banks.values())
        if self.course.broken:
            first = next(p for p in self.course.problems if p.path.endswith(".yaml"))
            raise CourseError(f"{first} (run `runwell check`)")
        if not banks:
            return f"<p>{html.escape(translator(self.lang).gettext(NO_QUIZZES_TEXT))}</p>"
        from runwell.quiz.static import answer_key_html

        return answer_key_html(banks, self.lang)


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
