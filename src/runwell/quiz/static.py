"""The static view of a quiz bank: plain HTML for handouts and the answer key (no JavaScript).

Rendered from Jinja templates (``data/templates/quiz/``) with autoescape on; the choices appear
in the model's order, lettered as the live quiz letters them, and the answer key names those
letters. Ids come from the question ids only, so the output is the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable

from runwell.course.model import LETTERS, Bank, Question
from runwell.quiz.grading import correct_answer_text
from runwell.quiz.labels import TYPE_PROMPTS, choice_label

__all__ = ["answer_key_html", "answer_text", "static_html"]


def answer_text(question: Question) -> str:
    """The correct answer as the handout shows it: ``B. Snug, but not tight`` (letters in
    display order; a numeric answer with its tolerance)."""
    if question.type in ("numeric", "true_false"):
        return correct_answer_text(question)
    return "; ".join(
        f"{LETTERS[i]}. {c.text}" for i, c in enumerate(question.shown) if c.correct
    )


def _context() -> dict[str, object]:
    return {"label": choice_label, "key": answer_text, "prompts": TYPE_PROMPTS}


def static_html(bank: Bank) -> str:
    """The bank as an HTML fragment for handouts: ``<section class="runwell-quiz-static">``."""
    from runwell.templates import render

    return render("quiz/static_quiz.html.j2", bank=bank, **_context())


def answer_key_html(banks: Iterable[Bank]) -> str:
    """Every bank, every question with its choices as shown, the answer and the explanation."""
    from runwell.templates import render

    return render("quiz/answer_key.html.j2", banks=list(banks), **_context())
