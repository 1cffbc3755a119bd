"""What every export format shares: bank Markdown as the HTML a platform stores, figures,
Moodle's grade fractions, numbers, and the checks that name a question no format can carry.

The HTML is the course's own rendering (:mod:`runwell.quiz.markdown`: raw HTML in a bank shows
as text), so a platform shows what the handouts show. A figure is a local image that a
question's Markdown references, resolved like a lesson's images: relative to ``notebooks/``,
and it must lie under ``notebooks/figures/``. In the course's HTML its ``src`` is written
``figures/<path>``; each format swaps that for its own reference and embeds the file.

:func:`platform_view` is a bank as a platform receives it. The readers in
:mod:`runwell.export.read` give back exactly that from an exported file, which is how an export
checks itself and how the tests check a round trip.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, unquote

from runwell.course.model import Bank, Choice, NumericFeedback, Question
from runwell.errors import Problem
from runwell.quiz.labels import choice_text, unit_label
from runwell.quiz.markdown import render_inline, render_markdown

__all__ = [
    "CHOICE_TYPES",
    "FIGURE_PREFIX",
    "Figure",
    "Html",
    "Renderer",
    "choice_html",
    "decimal",
    "fraction_shares",
    "number",
    "platform_view",
    "text_problems",
]

CHOICE_TYPES = ("single", "multiple", "true_false")
FIGURE_PREFIX = "figures/"
# markdown-it writes every <img> itself (raw HTML in a bank is escaped to text), always as
# `<img src="…" alt="…"`; the src is HTML-escaped and percent-encoded.
_IMG_SRC = re.compile(r'<img src="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


@dataclass(frozen=True)
class Figure:
    """A figure file a question uses: *name* is its path under ``notebooks/figures`` (posix)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Html:
    """One rendered text field: HTML with figure sources written ``figures/<name>``, and the
    figures it uses (a format embeds them beside this field)."""

    text: str
    figures: tuple[Figure, ...] = ()

    def with_sources(self, source: Callable[[str], str]) -> str:
        """The HTML with each figure's ``src`` replaced by ``source(name)`` (HTML-escaped)."""
        if not self.figures:
            return self.text

        def swap(match: re.Match[str]) -> str:
            src = html.unescape(match.group(1))
            if not src.startswith(FIGURE_PREFIX):
                return match.group(0)
            return f'<img src="{html.escape(source(unquote(src[len(FIGURE_PREFIX):])))}"'

        return _IMG_SRC.sub(swap, self.text)


def choice_html(text: str) -> str:
    """A choice's plain text as HTML (it is shown as text, never as markup)."""
    return html.escape(text, quote=False)


def decimal(value: float) -> Decimal:
    """A bank number as the decimal its author wrote: Python's shortest form of the float, so
    ``answer - tolerance`` is 0.3 for 0.1 + 0.2, not 0.30000000000000004."""
    return Decimal(repr(float(value)))


def number(value: float | Decimal) -> str:
    """A number in plain decimal notation (``1.25``, ``2``, ``0.0000001``), which every
    platform reads, and which reads back as the same float."""
    text = format(value if isinstance(value, Decimal) else decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# ---------------------------------------------------------------------------- Moodle fractions

# Moodle accepts only these grade fractions (question_bank::fraction_options_full: p/q for
# q <= 6, p/10, 1/q for q <= 10, and 1/20), each matched within 0.00001 on import; a file with
# any other value is refused. They are written as percentages with five decimals, as Moodle
# writes them itself.
_SHARES = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
MAX_SHARED = 20


def fraction_shares(n: int) -> list[str] | None:
    """*n* Moodle grade percentages, each an allowed value, that add up to 100 as Moodle checks
    a multiple-answer question (the total rounded to two decimals of a fraction): equal shares
    for up to 10, tens and fives for 11 to 20 (the first ones get 10), None beyond."""
    if n in _SHARES:
        return [_SHARES[n]] * n
    if 10 < n <= MAX_SHARED:
        tens = MAX_SHARED - n
        return ["10"] * tens + ["5"] * (n - tens)
    return None


# ---------------------------------------------------------------------------- rendering


@dataclass
class Renderer:
    """Renders bank Markdown for a platform, collecting figures and the problems of the
    questions it cannot carry (missing figures)."""

    root: Path | None
    problems: list[Problem] = field(default_factory=list)
    _cache: dict[str, Figure | None] = field(default_factory=dict)

    def block(self, text: str, where: tuple[str, str]) -> Html:
        return self._figures(render_markdown(text), where)

    def inline(self, text: str, where: tuple[str, str]) -> Html:
        return self._figures(render_inline(text), where)

    def _figures(self, rendered: str, where: tuple[str, str]) -> Html:
        found: dict[str, Figure] = {}

        def swap(match: re.Match[str]) -> str:
            src = html.unescape(match.group(1))
            if not src or _SCHEME.match(src) or src.startswith("#"):
                return match.group(0)  # a web address: the platform loads it as it is
            figure = self._figure(unquote(src.split("#", 1)[0].split("?", 1)[0]), where)
            if figure is None:
                return match.group(0)
            found[figure.name] = figure
            return f'<img src="{html.escape(FIGURE_PREFIX + quote(figure.name))}"'

        text = _IMG_SRC.sub(swap, rendered)
        return Html(text, tuple(found[k] for k in sorted(found)))

    def _figure(self, src: str, where: tuple[str, str]) -> Figure | None:
        if src in self._cache:
            figure = self._cache[src]
            if figure is None:
                self.problems.append(Problem(*where, f"figure {src!r} not found under "
                                             "notebooks/figures"))
            return figure
        figure = None
        if self.root is not None:
            base = (self.root / "notebooks").resolve()
            figures = base / "figures"
            try:
                path = (base / src).resolve()
                if path.is_relative_to(figures) and path.is_file():
                    figure = Figure(path.relative_to(figures).as_posix(), path.read_bytes())
            except (OSError, ValueError):  # a NUL byte (%00) or a name the system refuses
                figure = None
        self._cache[src] = figure
        if figure is None:
            self.problems.append(Problem(*where, f"figure {src!r} not found under "
                                         "notebooks/figures"))
        return figure


# ---------------------------------------------------------------------------- what can't be carried


def _bad_char(text: str) -> str | None:
    """The first character XML 1.0 cannot carry (or that is a control character a platform
    would garble), as ``U+XXXX``."""
    for char in text:
        code = ord(char)
        legal = (
            char in "\t\n\r"
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        )
        if not legal or (unicodedata.category(char) == "Cc" and char not in "\t\n\r"):
            return f"U+{code:04X}"
    return None


def _texts(question: Question) -> Iterable[str]:
    yield question.id
    yield question.text
    yield from question.guidance
    for value in (question.hint, question.explanation, question.unit):
        if value is not None:
            yield value
    for choice in question.choices:
        yield from (choice.id, choice.text, choice.feedback)
    if question.feedback is not None:
        yield from (question.feedback.low, question.feedback.high, question.feedback.correct)


def text_problems(bank: Bank) -> list[Problem]:
    """Why a bank's questions cannot be exported, whatever the format: characters XML cannot
    carry, numbers that are not finite, more correct (or wrong) choices than Moodle can grade."""
    found: list[Problem] = []
    for value in (bank.lesson, bank.title, bank.intro or ""):
        bad = _bad_char(value)
        if bad:
            found.append(Problem(bank.path, "-", f"the title or intro has a character XML "
                                 f"cannot carry ({bad}); remove it"))
            break
    for q in bank.questions:
        bad = next((b for b in map(_bad_char, _texts(q)) if b), None)
        if bad:
            found.append(Problem(bank.path, q.id, f"a text has a character XML cannot carry "
                                 f"({bad}); remove it"))
        if q.type == "numeric":
            values = (q.answer, q.tolerance)
            # the range's edges too (answer ± tolerance): 1e308 + 1e308 is not a number
            if not all(v is not None and math.isfinite(v) for v in values) or not math.isfinite(
                abs(q.answer or 0.0) + abs(q.tolerance or 0.0)
            ):
                found.append(Problem(bank.path, q.id, "answer and tolerance must be finite "
                                     "numbers for a platform to grade them"))
        if q.type == "multiple":
            right = sum(c.correct for c in q.choices)
            wrong = len(q.choices) - right
            if right > MAX_SHARED or wrong > MAX_SHARED:
                found.append(Problem(bank.path, q.id, f"more than {MAX_SHARED} correct or "
                                     "wrong choices: Moodle has no grade fractions to share "
                                     "100% among them"))
    return found


# ---------------------------------------------------------------------------- the platform's view


def platform_view(bank: Bank, renderer: Renderer, lang: str = "en") -> Bank:
    """*bank* as a learning platform receives it, the form the readers give back:

    - Markdown fields are the course's HTML (question text, explanation and intro as blocks;
      hint, choice feedback and numeric feedback inline), figure sources ``figures/<name>``;
    - choice text stays plain text; choices are listed in the order the course shows them
      (``order`` is then 0, 1, …), since the order written in the bank is seen by no one;
    - ``shuffle`` is kept for single and multiple choice, and false for true/false (always
      True, False) and numeric questions (no choices);
    - ``path`` is empty (a platform does not know where the bank came from);
    - true/false choices and units are in *lang*'s words, as the course shows them.
    """
    questions = []
    for q in bank.questions:
        where = (bank.path, q.id)
        shown = tuple(
            Choice(c.id, choice_text(q, c, lang), c.correct,
                   renderer.inline(c.feedback, where).text)
            for c in q.shown
        )
        feedback = q.feedback
        if feedback is not None:
            feedback = NumericFeedback(
                renderer.inline(feedback.low, where).text,
                renderer.inline(feedback.high, where).text,
                renderer.inline(feedback.correct, where).text,
            )
        questions.append(
            replace(
                q,
                text=renderer.block(q.text, where).text,
                hint=renderer.inline(q.hint, where).text if q.hint else None,
                explanation=renderer.block(q.explanation, where).text if q.explanation else None,
                choices=shown,
                order=tuple(range(len(shown))),
                feedback=feedback,
                shuffle=q.shuffle and q.type in ("single", "multiple"),
                unit=unit_label(q.unit, lang) or None,
            )
        )
    intro = renderer.block(bank.intro, (bank.path, "-")).text if bank.intro else None
    return Bank(lesson=bank.lesson, title=bank.title, questions=tuple(questions), intro=intro)
