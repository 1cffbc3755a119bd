"""The static view of a quiz bank: plain HTML for handouts and the answer key (no JavaScript).

Rendered from Jinja templates (``data/templates/quiz/``) with autoescape on; the choices appear
in the model's order, lettered as the live quiz letters them, and the answer key names those
letters. Ids come from the question ids only, so the output is the same on every run. The words
around the bank's text come from the catalogue of the bank's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from runwell.course.model import LETTERS, Bank, Question
from runwell.quiz.grading import correct_answer_text
from runwell.quiz.labels import choice_label, choice_text, type_prompt, unit_label

__all__ = ["answer_key_html", "answer_text", "static_html"]


def answer_text(question: Question, lang: str = "en") -> str:
    """The correct answer as the handout shows it: ``B. Snug, but not tight`` (letters in
    display order; a numeric answer with its tolerance; True or False in *lang*)."""
    if question.type in ("numeric", "true_false"):
        return correct_answer_text(question, lang)
    return "; ".join(
        f"{LETTERS[i]}. {choice_text(question, c, lang)}"
        for i, c in enumerate(question.shown) if c.correct
    )


def _context(lang: str) -> dict[str, object]:
    return {
        "label": partial(choice_label, lang=lang),
        "key": partial(answer_text, lang=lang),
        "prompt": partial(type_prompt, lang=lang),
        "unit": partial(unit_label, lang=lang),
    }


def static_html(bank: Bank, lang: str = "en") -> str:
    """The bank as an HTML fragment for handouts: ``<section class="runwell-quiz-static">``."""
    from runwell.templates import render

    return render("quiz/static_quiz.html.j2", lang=lang, bank=bank, **_context(lang))


def answer_key_html(banks: Iterable[Bank], lang: str = "en") -> str:
    """Every bank, every question with its choices as shown, the answer and the explanation."""
    from runwell.templates import render

    return render("quiz/answer_key.html.j2", lang=lang, banks=list(banks), **_context(lang))
