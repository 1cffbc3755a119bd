"""The review lesson's progress summary: the learner's standing per lesson, graded against the
current banks, and a control to forget saved answers (all, or one lesson) after a confirmation.

Progress stays on the learner's machine; forgetting rewrites that one file (atomically, under its
lock) and touches nothing else. Every control is a standard button or dropdown with a label, so
the whole summary works with the keyboard.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ipywidgets import HTML, Button, Dropdown, HBox, VBox

from runwell import progress
from runwell.errors import CourseError
from runwell.progress.standing import LessonStanding, Orphan, standing
from runwell.static_form import StaticForm

__all__ = ["ALL", "ProgressSummary", "summary_html"]

ALL = "all"


def summary_html(rows: list[LessonStanding], orphans: list[Orphan]) -> str:
    """The standing as a small HTML fragment."""
    if not any(s.answered for s in rows) and not orphans:
        return "<p>No quiz answers saved yet. Answer a lesson's quiz, then press Refresh.</p>"
    items = "".join(f"<li>{escape(str(s))}</li>" for s in rows)
    html = f"<p>Your quiz standing:</p><ul>{items}</ul>"
    if orphans:
        html += (
            f"<p>{len(orphans)} saved answer{'' if len(orphans) == 1 else 's'} no longer "
            "fit the course (a question or choice was changed) and are not counted.</p>"
        )
    return html


class ProgressSummary(StaticForm, VBox):
    """Standing per lesson, Refresh, and "Forget my answers" with a confirmation step."""

    def __init__(self, path: Path | None = None) -> None:
        from runwell import course

        self._path = path
        self._course = course.load()
        lessons = list(self._course.usable_banks.values())
        self.table = HTML(value="")
        self.table.add_class("runwell-progress-table")
        self.refresh_button = Button(
            description="Refresh", tooltip="Read your saved quiz answers again"
        )
        self.refresh_button.on_click(lambda _b: self.refresh())

        self.scope = Dropdown(
            options=[("All lessons", ALL)] + [(f"{b.lesson[:2]}: {b.title}", b.lesson)
                                              for b in lessons],
            value=ALL,
            description="Forget answers for",
            style={"description_width": "initial"},
        )
        self.forget_button = Button(
            description="Forget my answers…",
            tooltip="Erase your saved quiz answers on this computer (asks first)",
        )
        self.forget_button.add_class("runwell-forget")
        self.forget_button.on_click(lambda _b: self.ask())
        self.question = HTML(value="")
        self.confirm_button = Button(
            description="Yes, forget them", button_style="danger",
            tooltip="Erase the saved answers now; this cannot be undone",
        )
        self.confirm_button.add_class("runwell-forget-confirm")
        self.cancel_button = Button(description="Cancel", tooltip="Keep your saved answers")
        self.confirm_button.on_click(lambda _b: self.confirm())
        self.cancel_button.on_click(lambda _b: self.cancel())
        self.confirmation = VBox([self.question, HBox([self.confirm_button, self.cancel_button])])
        self.confirmation.add_class("runwell-forget-confirmation")
        self.confirmation.layout.display = "none"
        self.status = HTML(value="")
        self.status.add_class("runwell-forget-status")
        forget = VBox([HBox([self.scope, self.forget_button]), self.confirmation, self.status])
        forget.add_class("runwell-forget-box")
        super().__init__(children=[self.table, self.refresh_button, forget])
        self.add_class("runwell-progress")
        self.refresh()

    def refresh(self) -> None:
        try:
            rows, orphans = standing(progress.load(self._path, course=self._course), self._course)
            self.table.value = summary_html(rows, orphans)
        except (CourseError, OSError) as exc:
            self.table.value = f"<p>Your progress could not be read: {escape(str(exc))}</p>"

    def _scope_words(self) -> str:
        if self.scope.value == ALL:
            return "all your saved quiz answers"
        return f"your saved answers for {self.scope.label}"

    def ask(self) -> None:
        """Show the confirmation step (nothing is erased yet)."""
        self.status.value = ""
        self.question.value = (
            f'<p role="alert"><strong>Forget {escape(self._scope_words())}?</strong> They are '
            "erased from this computer and cannot be brought back.</p>"
        )
        self.confirmation.layout.display = None

    def cancel(self) -> None:
        self.confirmation.layout.display = "none"
        self.status.value = '<p role="status">Nothing was forgotten.</p>'

    def confirm(self) -> int:
        """Erase the chosen answers; returns how many were forgotten."""
        self.confirmation.layout.display = "none"
        lesson = None if self.scope.value == ALL else str(self.scope.value)
        try:
            n = progress.reset(lesson, path=self._path)
        except (CourseError, OSError) as exc:
            self.status.value = f'<p role="alert">Nothing was forgotten: {escape(str(exc))}</p>'
            return 0
        self.status.value = (
            f'<p role="status">Forgot {n} saved answer{"" if n == 1 else "s"} '
            f"({escape(self._scope_words())}).</p>"
        )
        self.refresh()
        return n

    def __repr__(self) -> str:
        return "ProgressSummary()"

    def static_spec(self) -> dict[str, Any]:
        return {"widget": "progress"}
