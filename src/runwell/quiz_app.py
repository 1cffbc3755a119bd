"""The quiz-only app: every lesson's quiz behind one picker, for learners who never see code.

``notebooks/quiz_app.ipynb`` calls :func:`app`; ``make quiz-app`` serves that notebook with Voilà
(code hidden). Which quiz opens first: ``?lesson=NN_name`` in the page's address (Voilà passes it
to the kernel as ``QUERY_STRING``), else ``$RUNWELL_QUIZ``, else the review quiz. Answers are saved
to the learner's progress file like in the lessons, so ``runwell report`` sees them.

``make quiz-app`` has Voilà preheat kernels: each has run the notebook before a page asks for it.
:func:`app` loads the banks and builds the default quiz first, and only then reads the page's
address (:func:`runwell.voila_request.request_environ` waits for it), so a page asking for the
default quiz waits for nothing. The address's parameters are read in one place,
:func:`page_params`; a new one (``lang``) goes in :data:`PAGE_PARAMS`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ipywidgets import HTML, Dropdown, Layout, VBox

from runwell import progress
from runwell.guidance import inventory
from runwell.paths import quizzes_dir
from runwell.quiz.bank import Bank, load_banks
from runwell.quiz.widget import QuizWidget
from runwell.static_form import StaticForm
from runwell.voila_request import request_environ

__all__ = ["DEFAULT_LESSON", "LESSON_ENV", "PAGE_PARAMS", "QuizApp", "app", "page_params",
           "requested_lesson"]

DEFAULT_LESSON = "06_review"
LESSON_ENV = "RUNWELL_QUIZ"
# The address parameters the app reads (a Spanish edition adds "lang"); others are ignored.
PAGE_PARAMS = ("lesson",)
MAX_QUERY = 2048
MAX_VALUE = 80


def page_params(environ: Mapping[str, str]) -> dict[str, str]:
    """The app's parameters in the page address (``QUERY_STRING``): first value of each, trimmed.

    The address is the learner's to type, so it is bounded: a long or malformed query string
    gives no parameters rather than an error page.
    """
    query = environ.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY:
        return {}
    try:
        parsed = parse_qs(query, max_num_fields=2 * len(PAGE_PARAMS) + 8)
    except ValueError:
        return {}
    return {key: parsed[key][0].strip()[:MAX_VALUE] for key in PAGE_PARAMS if key in parsed}


def requested_lesson(environ: Mapping[str, str] | None = None) -> str | None:
    """The quiz asked for: ``lesson`` in the page address, else ``$RUNWELL_QUIZ``.

    Without *environ*, the page's request (:func:`~runwell.voila_request.request_environ`, which
    waits for it in a preheated kernel).
    """
    env = request_environ() if environ is None else environ
    return page_params(env).get("lesson") or env.get(LESSON_ENV, "").strip() or None


class QuizApp(StaticForm, VBox):
    """A ``Quiz`` dropdown above the chosen lesson's live quiz (class ``runwell-quiz-app``)."""

    def __init__(self, banks: Mapping[str, Bank], lesson: str | None = None) -> None:
        if not banks:
            raise ValueError("QuizApp: no quiz bank to show")
        self.banks = dict(banks)
        start, message = self._choose(lesson)
        self.message = HTML(value=message)
        self.picker = Dropdown(
            options=[(f"{name[:2]}: {bank.title}", name) for name, bank in self.banks.items()],
            value=start,
            description="Quiz",
            layout=Layout(width="auto"),
        )
        self.picker.add_class("runwell-quiz-picker")
        self.quiz = QuizWidget(self.banks[start])
        super().__init__(children=[self.picker, self.message, self.quiz])
        self.add_class("runwell-quiz-app")
        self.picker.observe(self._picked, names="value")

    def _choose(self, lesson: str | None) -> tuple[str, str]:
        """The quiz to show for *lesson*, and the message saying why if it is another one."""
        start = lesson if lesson in self.banks else None
        if start is None:
            start = DEFAULT_LESSON if DEFAULT_LESSON in self.banks else next(iter(self.banks))
        message = (
            f'<p class="runwell-app-message" role="status">There is no quiz called '
            f"{escape(lesson)!s}; showing {escape(self.banks[start].title)} instead.</p>"
            if lesson is not None and lesson != start
            else ""
        )
        return start, message

    def show_lesson(self, lesson: str | None, *, rebuild: bool = False) -> None:
        """Show *lesson*'s quiz, chosen as on opening; *rebuild* builds it again even if shown
        (to restore answers saved since it was built)."""
        start, message = self._choose(lesson)
        if start != self.picker.value:
            self.picker.value = start  # _picked builds the quiz
        elif rebuild:
            self._picked({"new": start})
        self.message.value = message

    @property
    def lesson(self) -> str:
        return self.quiz.bank.lesson

    def _picked(self, change: dict[str, Any]) -> None:
        self.message.value = ""
        self.quiz = QuizWidget(self.banks[change["new"]])
        self.children = [self.picker, self.message, self.quiz]

    def __repr__(self) -> str:
        return f"QuizApp({self.lesson!r})"

    def static_spec(self) -> dict[str, str]:
        return {"widget": "quiz", "bank": self.lesson}


def app(lesson: str | None = None, *, root: Path | None = None) -> QuizApp:
    """The app, opening on *lesson* (default: :func:`requested_lesson`, else the review quiz).

    Banks with problems (see ``runwell check``) are left out of the picker rather than breaking
    the whole app in front of a class.

    Without *lesson*, the quiz the server opens by default is built before the page's request is
    read: in a kernel Voilà preheated, the request comes later, and a page asking for that quiz
    then waits for nothing. A page asking for another quiz gets it built then; so does one
    opening after answers were saved (the quiz shows saved answers as it is built).
    """
    banks, problems = load_banks(quizzes_dir(root), set(inventory()))
    broken = {p.path for p in problems}
    usable = {name: bank for name, bank in banks.items() if bank.path not in broken}
    if lesson is not None:
        return QuizApp(usable, lesson)
    saved = _progress_stamp()
    quiz = QuizApp(usable, requested_lesson(os.environ))
    quiz.show_lesson(requested_lesson(), rebuild=_progress_stamp() != saved)
    return quiz


def _progress_stamp() -> tuple[int, int] | None:
    try:
        stat = progress.progress_path().stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
