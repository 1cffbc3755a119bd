"""The quiz-only app: every lesson's quiz behind one picker, for learners who never see code.

``notebooks/quiz_app.ipynb`` calls :func:`app`; ``make quiz-app`` serves that notebook with Voilà
(code hidden; :mod:`runwell.quiz_server`). Which quiz opens first: ``?lesson=NN_name`` in the
page's address (Voilà passes it to the kernel as ``QUERY_STRING``), else ``$RUNWELL_QUIZ``, else
the review quiz. In which language: ``?lang=es``, else ``$RUNWELL_LANG`` (``make quiz-app
LANG=es``), else English; the page's words, the notice included, come from that language's
catalogue. Answers are saved to the learner's progress file like in the lessons, by id, so
``runwell report`` sees them whatever the language.

``make quiz-app`` has Voilà preheat kernels: each has run the notebook before a page asks for it.
:func:`app` loads the course and builds the default quiz first, and only then reads the page's
address (:func:`runwell.voila_request.request_environ` waits for it), so a page asking for the
default quiz in the server's language waits for nothing. The address's parameters are read in
one place, :func:`page_params`; a new one goes in :data:`PAGE_PARAMS`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from ipywidgets import HTML, Dropdown, Layout, VBox

from runwell import ARTICLE_TITLE
from runwell.course.model import Bank, Course
from runwell.i18n import DEFAULT, languages, notice, translator
from runwell.progress.store import progress_path
from runwell.quiz.widget import QuizWidget
from runwell.static_form import StaticForm
from runwell.voila_request import request_environ

__all__ = [
    "DEFAULT_LESSON",
    "LANG_ENV",
    "LESSON_ENV",
    "PAGE_PARAMS",
    "QuizApp",
    "app",
    "page_params",
    "requested_language",
    "requested_lesson",
]

DEFAULT_LESSON = "06_review"
LESSON_ENV = "RUNWELL_QUIZ"
LANG_ENV = "RUNWELL_LANG"
# The address parameters the app reads; others are ignored.
PAGE_PARAMS = ("lesson", "lang")
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


def requested_language(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: ``lang`` in the page address, else ``$RUNWELL_LANG``, else
    English. A language the course does not have is English (a typed address must not break
    the page). Without *environ*, the page's request, as for :func:`requested_lesson`."""
    env = request_environ() if environ is None else environ
    lang = page_params(env).get("lang") or env.get(LANG_ENV, "").strip()
    return lang if lang in languages() else DEFAULT


def intro_html(lang: str = "en") -> str:
    """The page's heading, the notice and how to use it, in *lang*."""
    _ = translator(lang).gettext
    check, title = _("Check"), _("Running Without Back Pain: quizzes")
    how = _("Pick a quiz from the list, answer each question and press {check} for feedback. "
            "Your answers are saved on this computer, just like in the lessons. The quizzes "
            "follow the article {article}; the lessons explain every answer.").format(
        check=f"<strong>{escape(check)}</strong>",
        article=f"<em>{escape(ARTICLE_TITLE)}</em>")
    return (
        f'<div class="runwell-app-intro" lang="{escape(lang)}">'
        f"<h1>{escape(title)}</h1>"
        f'<blockquote class="runwell-notice"><p>{escape(notice(lang))}</p></blockquote>'
        f"<p>{how}</p></div>"
    )


class QuizApp(StaticForm, VBox):
    """A ``Quiz`` dropdown above the chosen lesson's live quiz (class ``runwell-quiz-app``)."""

    def __init__(
        self,
        banks: Mapping[str, Bank],
        lesson: str | None = None,
        *,
        course: Course | None = None,
        lang: str | None = None,
    ) -> None:
        if not banks:
            raise ValueError("QuizApp: no quiz bank to show")
        self.banks = dict(banks)
        self._course = course
        self.lang = lang or (course.lang if course is not None else DEFAULT)
        _ = translator(self.lang).gettext
        start, message = self._choose(lesson)
        self.message = HTML(value=message)
        self.intro = HTML(value=intro_html(self.lang))
        self.picker = Dropdown(
            options=[(f"{name[:2]}: {bank.title}", name) for name, bank in self.banks.items()],
            value=start,
            description=_("Quiz"),
            layout=Layout(width="auto"),
        )
        self.picker.add_class("runwell-quiz-picker")
        self.quiz = QuizWidget(self.banks[start], course=course, lang=self.lang)
        super().__init__(children=[self.intro, self.picker, self.message, self.quiz])
        self.add_class("runwell-quiz-app")
        self.picker.observe(self._picked, names="value")

    def _choose(self, lesson: str | None) -> tuple[str, str]:
        """The quiz to show for *lesson*, and the message saying why if it is another one."""
        start = lesson if lesson in self.banks else None
        if start is None:
            start = DEFAULT_LESSON if DEFAULT_LESSON in self.banks else next(iter(self.banks))
        if lesson is None or lesson == start:
            return start, ""
        missing = translator(self.lang).gettext(
            "There is no quiz called {lesson}; showing {title} instead.")
        text = missing.format(lesson=lesson, title=self.banks[start].title)
        return start, f'<p class="runwell-app-message" role="status">{escape(text)}</p>'

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
        self.quiz = QuizWidget(self.banks[change["new"]], course=self._course, lang=self.lang)
        self.children = [self.intro, self.picker, self.message, self.quiz]

    def __repr__(self) -> str:
        return f"QuizApp({self.lesson!r})"

    def static_spec(self) -> dict[str, str]:
        return {"widget": "quiz", "bank": self.lesson}


def app(
    lesson: str | None = None, *, root: Path | None = None, lang: str | None = None
) -> QuizApp:
    """The app in *lang* (default: :func:`requested_language`), opening on *lesson* (default:
    :func:`requested_lesson`, else the review quiz).

    Banks with problems (see ``runwell check``) are left out of the picker rather than breaking
    the whole app in front of a class.

    What the page's address chooses, the quiz the server opens by default is built before that
    address is read: in a kernel Voilà preheated, the request comes later, and a page asking for
    that quiz in the server's language then waits for nothing. A page asking for another quiz
    gets it built then, one asking for another language gets the app built in it, and so does
    one opening after answers were saved (the quiz shows saved answers as it is built).
    """
    from runwell import course

    first_lang = lang if lang is not None else requested_language(os.environ)
    model = course.load(root, first_lang)
    saved = _progress_stamp()
    quiz = QuizApp(model.usable_banks,
                   lesson if lesson is not None else requested_lesson(os.environ),
                   course=model, lang=first_lang)
    if lesson is not None and lang is not None:
        return quiz
    env = request_environ()
    wanted_lang = lang if lang is not None else requested_language(env)
    wanted = lesson if lesson is not None else requested_lesson(env)
    if wanted_lang != first_lang:
        model = course.load(root, wanted_lang)
        return QuizApp(model.usable_banks, wanted, course=model, lang=wanted_lang)
    quiz.show_lesson(wanted, rebuild=_progress_stamp() != saved)
    return quiz


def _progress_stamp() -> tuple[int, int] | None:
    try:
        stat = progress_path().stat()
    except (OSError, ValueError):
        return None
    return stat.st_mtime_ns, stat.st_size
