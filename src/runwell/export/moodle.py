"""Moodle XML (``runwell export --format moodle``): one file per lesson and one for the course.

The mapping (Moodle's importer is ``question/format/xml/format.php``; format documented at
docs.moodle.org, "Moodle XML format"):

- each bank is a question category ``$course$/top/<course title>/<NN> <bank title>``, whose
  description is the bank's intro and whose ID number is the lesson;
- every question is named by its id, which is also its ID number, and tagged with the guidance
  ids it tests; the explanation is its general feedback and the hint its one hint;
- single choice → ``multichoice`` with ``single`` true: the correct choice 100%, the others 0;
- multiple choice → ``multichoice`` with ``single`` false: the correct choices share 100% and
  the wrong ones share -100%, so ticking everything scores 0, using only the fractions Moodle
  accepts (:func:`~runwell.export.common.fraction_shares`);
- true/false → ``truefalse``;
- numeric → ``numerical``: the answer with its tolerance (100%), then two answers worth 0 that
  span everything below and above the accepted range and carry the "too low" and "too high"
  feedback (Moodle takes the first answer whose range holds the response, so the edges count as
  right); the unit is an optional unit, so "1.25" and "1.25 cm" are both read;
- choices are written in the order the course shows them, and ``shuffleanswers`` follows the
  bank's rule; each choice's id is kept in an XML comment before it, which Moodle ignores;
- HTML goes in ``<text>`` entity-escaped (no CDATA, so ``]]>`` needs no special care), and a
  figure is embedded as ``<file encoding="base64">`` beside the text that uses it, referenced
  as ``@@PLUGINFILE@@/<name>``.
"""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from runwell import COURSE_TITLE
from runwell.course.model import Bank, Question
from runwell.export.common import (
    Html,
    Renderer,
    choice_html,
    decimal,
    fraction_shares,
    number,
)
from runwell.i18n import translator
from runwell.quiz.labels import unit_label
from runwell.templates import render

__all__ = ["COURSE_FILE", "PLUGINFILE", "category_path", "lesson_file", "moodle_files"]

COURSE_FILE = "all_lessons.xml"
PLUGINFILE = "@@PLUGINFILE@@/"
_COMMENT_SAFE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def lesson_file(lesson: str) -> str:
    return f"{lesson}.xml"


def _escape_name(name: str) -> str:
    """A category name in a Moodle category path: ``/`` is written ``//``, and a name that
    would start or end with ``/`` gets a space there (Moodle's assemble_category_path)."""
    escaped = name.replace("/", "//")
    if escaped.startswith("/"):
        escaped = " " + escaped
    if escaped.endswith("/"):
        escaped += " "
    return escaped


def course_title(lang: str) -> str:
    """The course's title in *lang* (its catalogue's), else the English one marked ``(xx)``: an
    edition's category never merges with another's."""
    if lang == "en":
        return COURSE_TITLE
    translated = translator(lang).gettext(COURSE_TITLE)
    return translated if translated != COURSE_TITLE else f"{COURSE_TITLE} ({lang})"


def category_path(bank: Bank | None, lang: str) -> str:
    """``$course$/top/<course>`` and, for a bank, ``/<NN> <title>``."""
    names = ["$course$", "top", _escape_name(course_title(lang))]
    if bank is not None:
        names.append(_escape_name(f"{bank.lesson.split('_', 1)[0]} {bank.title}"))
    return "/".join(names)


@dataclass(frozen=True)
class _Field:
    """A text field as the template writes it: HTML and the files beside it."""

    html: str
    files: tuple[dict[str, str], ...] = ()


def _field(value: Html | None) -> _Field:
    if value is None:
        return _Field("")
    files = []
    for figure in value.figures:
        folder, _, name = figure.name.rpartition("/")
        files.append(
            {
                "name": name,
                "path": f"/{folder}/" if folder else "/",
                "data": base64.b64encode(figure.data).decode("ascii"),
            }
        )
    text = value.with_sources(lambda name: PLUGINFILE + quote(name))
    return _Field(text, tuple(files))


def _wide(answer: float, tolerance: float) -> Decimal:
    """Half the width of the "too low" and "too high" ranges: a power of ten far beyond any
    answer a learner would type."""
    return Decimal(10) ** (6 + math.ceil(math.log10(max(1.0, abs(answer) + tolerance))))


def _question(q: Question, bank: Bank, renderer: Renderer, lang: str = "en"
              ) -> dict[str, Any]:
    where = (bank.path, q.id)
    item: dict[str, Any] = {
        "id": q.id,
        "text": _field(renderer.block(q.text, where)),
        "explanation": _field(renderer.block(q.explanation, where) if q.explanation else None),
        "hint": _field(renderer.inline(q.hint, where)) if q.hint else None,
        "tags": q.guidance,
    }
    if q.type in ("single", "multiple"):
        item["qtype"] = "multichoice"
        item["single"] = "true" if q.type == "single" else "false"
        item["shuffle"] = "true" if q.shuffle else "false"
        shown = q.shown
        right = [c for c in shown if c.correct]
        wrong = [c for c in shown if not c.correct]
        if q.type == "single":
            fractions = {c.id: ("100" if c.correct else "0") for c in shown}
        else:
            fractions = dict(zip([c.id for c in right], fraction_shares(len(right)) or [],
                                 strict=False))
            fractions.update(
                zip([c.id for c in wrong], ["-" + s for s in fraction_shares(len(wrong)) or []],
                    strict=False)
            )
        item["answers"] = [
            {
                "comment": c.id if _COMMENT_SAFE.fullmatch(c.id) else None,
                "fraction": fractions.get(c.id, "0"),
                "text": choice_html(c.text),
                "feedback": _field(renderer.inline(c.feedback, where)),
            }
            for c in shown
        ]
    elif q.type == "true_false":
        item["qtype"] = "truefalse"
        item["answers"] = [
            {
                "comment": c.id,
                "fraction": "100" if c.correct else "0",
                "text": c.id,  # Moodle matches the words true and false
                "feedback": _field(renderer.inline(c.feedback, where)),
            }
            for c in q.shown
        ]
    else:
        if q.answer is None or q.tolerance is None or q.feedback is None:
            raise ValueError(f"{q.id}: a numeric question without answer, tolerance or feedback")
        item["qtype"] = "numerical"
        wide = _wide(q.answer, q.tolerance)
        low_edge = decimal(q.answer) - decimal(q.tolerance)
        high_edge = decimal(q.answer) + decimal(q.tolerance)
        item["answers"] = [
            {"fraction": "100", "text": number(q.answer), "tolerance": number(q.tolerance),
             "feedback": _field(renderer.inline(q.feedback.correct, where))},
            {"fraction": "0", "text": number(low_edge - wide), "tolerance": number(wide),
             "feedback": _field(renderer.inline(q.feedback.low, where))},
            {"fraction": "0", "text": number(high_edge + wide), "tolerance": number(wide),
             "feedback": _field(renderer.inline(q.feedback.high, where))},
        ]
        item["unit"] = unit_label(q.unit, lang) or None
    return item


def _category(bank: Bank, lang: str, renderer: Renderer) -> dict[str, Any]:
    intro = renderer.block(bank.intro, (bank.path, "-")) if bank.intro else None
    return {
        "path": category_path(bank, lang),
        "info": _field(intro),
        "idnumber": bank.lesson,
        "questions": [_question(q, bank, renderer, lang) for q in bank.questions],
    }


def _document(banks: list[Bank], lang: str, renderer: Renderer, *, parent: bool) -> bytes:
    categories = [_category(b, lang, renderer) for b in banks]
    text = render(
        "export/moodle.xml.j2",
        parent=category_path(None, lang) if parent else None,
        categories=categories,
    )
    return text.encode("utf-8")


def moodle_files(banks: list[Bank], lang: str, renderer: Renderer) -> dict[str, bytes]:
    """File name → bytes: one file per bank, then the whole course (a parent category with one
    category per lesson)."""
    files = {lesson_file(b.lesson): _document([b], lang, renderer, parent=False) for b in banks}
    files[COURSE_FILE] = _document(banks, lang, renderer, parent=True)
    return files
