"""How a question's parts are worded in every view (live, handout, answer key): pure, light.

Worded in the learner's language (:mod:`runwell.i18n`): the type prompts and the labels of
true/false choices come from the catalogue (a bank keeps the texts True and False; Spanish shows
"Verdadero" and "Falso"), other choices are the bank's own text.
"""

from __future__ import annotations

from runwell.course.model import LETTERS, Choice, Question
from runwell.i18n import N_, translator

__all__ = [
    "TRUE_FALSE",
    "TYPE_PROMPTS",
    "UNITS",
    "choice_label",
    "choice_text",
    "true_false_text",
    "type_prompt",
    "unit_label",
]

TYPE_PROMPTS = {
    "single": N_("Choose one answer."),
    "multiple": N_("Choose every answer that applies."),
    "true_false": N_("True or false?"),
    "numeric": N_("Give a number."),
}
#: The labels of a true/false question's choices (the bank's texts), translated where shown.
TRUE_FALSE = {"true": N_("True"), "false": N_("False")}
#: The units a numeric answer may have, as a bank writes them (in English, like ids); shown in
#: the learner's language. A unit not listed here is shown as the bank writes it.
UNITS = {
    "seconds": N_("seconds"), "minutes": N_("minutes"), "hours": N_("hours"),
    "days": N_("days"), "weeks": N_("weeks"), "times": N_("times"),
    "mm": "mm", "cm": "cm", "m": "m", "km": "km", "kg": "kg", "in": "in", "miles": N_("miles"),
}


def unit_label(unit: str | None, lang: str = "en") -> str:
    """A numeric answer's unit as *lang* shows it (Spanish ``segundos``)."""
    if not unit:
        return ""
    return translator(lang).gettext(UNITS.get(unit, unit))


def type_prompt(qtype: str, lang: str = "en") -> str:
    """The prompt for a question type (``Choose one answer.``), in *lang*."""
    return translator(lang).gettext(TYPE_PROMPTS[qtype])


def true_false_text(choice_id: str, lang: str = "en") -> str | None:
    """True or False in *lang* for a true/false choice id (``true``, ``false``), else None."""
    word = TRUE_FALSE.get(choice_id)
    return translator(lang).gettext(word) if word is not None else None


def choice_text(question: Question, choice: Choice, lang: str = "en") -> str:
    """A choice's text as shown: the bank's words, or True/False in *lang*."""
    if question.type == "true_false":
        return true_false_text(choice.id, lang) or choice.text
    return choice.text


def choice_label(question: Question, position: int, lang: str = "en") -> str:
    """A choice as it is shown: ``B. Snug, but not tight`` (true/false: just True or False,
    in *lang*)."""
    choice = question.shown[position]
    text = choice_text(question, choice, lang)
    return text if question.type == "true_false" else f"{LETTERS[position]}. {text}"
