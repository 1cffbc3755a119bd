"""The quiz-only app: every lesson's quiz behind one picker, for learners who never see code.

``notebooks/quiz_app.ipynb`` calls :func:`app`; ``make quiz-app`` serves that notebook with Voilà
(code hidden). Which quiz opens first: ``?lesson=NN_name`` in the page's address (Voilà passes it
to the kernel as ``QUERY_STRING``), else ``$RUNWELL_QUIZ``, else the review quiz. Answers are saved
to the learner's progress file like in the lessons, so ``runwell report`` sees them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ipywidgets import HTML, Dropdown, Layout, VBox

from runwell.course.model import Bank, Course
from runwell.quiz.widget import QuizWidget
from runwell.static_form import StaticForm

__all__ = ["DEFAULT_LESSON", "LESSON_ENV", "QuizApp", "app", "requested_lesson"]

DEFAULT_LESSON = "06_review"
LESSON_ENV = "RUNWELL_QUIZ"


def requested_lesson(environ: Mapping[str, str] | None = None) -> str | None:
    """The quiz asked for: ``lesson`` in Voilà's ``QUERY_STRING``, else ``$RUNWELL_QUIZ``."""
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get("QUERY_STRING", "")).get("lesson", [""])[0].strip()
    return asked or env.get(LESSON_ENV, "").strip() or None


class QuizApp(StaticForm, VBox):
    """A ``Quiz`` dropdown above the chosen lesson's live quiz (class ``runwell-quiz-app``)."""

    def __init__(
        self, banks: Mapping[str, Bank], lesson: str | None = None, *, course: Course | None = None
    ) -> None:
        if not banks:
            raise ValueError("QuizApp: no quiz bank to show")
        self.banks = dict(banks)
        self._course = course
        start = lesson if lesson in self.banks else None
        if start is None:
            start = DEFAULT_LESSON if DEFAULT_LESSON in self.banks else next(iter(self.banks))
        self.message = HTML(
            value=(
                f'<p class="runwell-app-message" role="status">There is no quiz called '
                f"{escape(lesson)!s}; showing {escape(self.banks[start].title)} instead.</p>"
                if lesson is not None and lesson != start
                else ""
            )
        )
        self.picker = Dropdown(
            options=[(f"{name[:2]}: {bank.title}", name) for name, bank in self.banks.items()],
            value=start,
            description="Quiz",
            layout=Layout(width="auto"),
        )
        self.picker.add_class("runwell-quiz-picker")
        self.quiz = QuizWidget(self.banks[start], course=course)
        super().__init__(children=[self.picker, self.message, self.quiz])
        self.add_class("runwell-quiz-app")
        self.picker.observe(self._picked, names="value")

    @property
    def lesson(self) -> str:
        return self.quiz.bank.lesson

    def _picked(self, change: dict[str, Any]) -> None:
        self.message.value = ""
        self.quiz = QuizWidget(self.banks[change["new"]], course=self._course)
        self.children = [self.picker, self.message, self.quiz]

    def __repr__(self) -> str:
        return f"QuizApp({self.lesson!r})"

    def static_spec(self) -> dict[str, str]:
        return {"widget": "quiz", "bank": self.lesson}


def app(lesson: str | None = None, *, root: Path | None = None) -> QuizApp:
    """The app, opening on *lesson* (default: :func:`requested_lesson`, else the review quiz).

    Banks with problems (see ``runwell check``) are left out of the picker rather than breaking
    the whole app in front of a class.
    """
    from runwell import course

    model = course.load(root)
    return QuizApp(model.usable_banks, lesson if lesson is not None else requested_lesson(),
                   course=model)
