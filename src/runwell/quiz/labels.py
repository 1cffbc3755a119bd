"""How a question's parts are worded in every view (live, handout, answer key): pure, light."""

from __future__ import annotations

from runwell.course.model import LETTERS, Question

__all__ = ["TYPE_PROMPTS", "choice_label"]

TYPE_PROMPTS = {
    "single": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "true_false": "True or false?",
    "numeric": "Give a number.",
}


def choice_label(question: Question, position: int) -> str:
    """A choice as it is shown: ``B. Snug, but not tight`` (true/false: just True or False)."""
    choice = question.shown[position]
    return choice.text if question.type == "true_false" else f"{LETTERS[position]}. {choice.text}"
