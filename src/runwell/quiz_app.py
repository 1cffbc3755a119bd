"""The quiz-only app: every lesson's quiz behind one picker, for learners who never see code.

``notebooks/quiz_app.ipynb`` calls :func:`app`; ``make quiz-app`` serves that notebook with Voilà
(code hidden). Which quiz opens first: ``?lesson=NN_name`` in the page's address (Voilà passes it
to the kernel as ``QUERY_STRING``), else ``$RUNWELL_QUIZ``, else the review quiz. In which
language: ``?lang=es``, else ``$RUNWELL_LANG`` (``make quiz-app LANG=es``), else English; the
page's words, the notice included, come from that language's catalogue. Answers are saved to the
learner's progress file like in the lessons, by id, so ``runwell report`` sees them whatever the
language.
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
from runwell.quiz.widget import QuizWidget
from runwell.static_form import StaticForm

__all__ = [
    "DEFAULT_LESSON",
    "LANG_ENV",
    "LESSON_ENV",
    "QuizApp",
    "app",
    "requested_language",
    "requested_lesson",
]

DEFAULT_LESSON = "06_review"
LESSON_ENV = "RUNWELL_QUIZ"
LANG_ENV = "RUNWELL_LANG"


def requested_lesson(environ: Mapping[str, str] | None = None) -> str | None:
    """The quiz asked for: ``lesson`` in Voilà's ``QUERY_STRING``, else ``$RUNWELL_QUIZ``."""
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get("QUERY_STRING", "")).get("lesson", [""])[0].strip()
    return asked or env.get(LESSON_ENV, "").strip() or None


def requested_language(environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: ``lang`` in Voilà's ``QUERY_STRING``, else ``$RUNWELL_LANG``,
    else English. A language the course does not have is English (a typed address must not
    break the page)."""
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get("QUERY_STRING", "")).get("lang", [""])[0].strip()
    lang = asked or env.get(LANG_ENV, "").strip()
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
        start = lesson if lesson in self.banks else None
        if start is None:
            start = DEFAULT_LESSON if DEFAULT_LESSON in self.banks else next(iter(self.banks))
        missing = _("There is no quiz called {lesson}; showing {title} instead.")
        self.message = HTML(
            value=(
                f'<p class="runwell-app-message" role="status">'
                f"{escape(missing.format(lesson=lesson, title=self.banks[start].title))}</p>"
                if lesson is not None and lesson != start
                else ""
            )
        )
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
    """
    from runwell import course

    chosen = lang if lang is not None else requested_language()
    model = course.load(root, chosen)
    return QuizApp(model.usable_banks, lesson if lesson is not None else requested_lesson(),
                   course=model, lang=chosen)
