"""The static view of a quiz bank: plain HTML for handouts, no kernel and no JavaScript.

Every piece of bank text is escaped: Markdown fields go through markdown-it-py with raw HTML
disabled (and its link validation, which refuses ``javascript:`` URLs); plain fields through
:func:`html.escape`. A bank containing ``<script>`` therefore shows it as text. Ids come from the
question ids only, so the output is the same on every run.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt

from runwell.errors import CourseError
from runwell.paths import data_file, quizzes_dir
from runwell.quiz.bank import Bank, Question, load_bank, load_banks
from runwell.quiz.grading import choice_order, correct_answer_text

__all__ = [
    "TYPE_PROMPTS",
    "answer_key_html",
    "question_html",
    "render_inline",
    "render_markdown",
    "static_html",
    "stylesheet",
]

TYPE_PROMPTS = {
    "single": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "true_false": "True or false?",
    "numeric": "Give a number.",
}
BOX = "\u2610"  # ☐, a checkbox-like glyph to tick on paper


@cache
def _md() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def render_markdown(text: str) -> str:
    """Markdown to HTML, raw HTML shown as text."""
    return _md().render(text).strip()


def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links) to HTML without a wrapping paragraph."""
    return _md().renderInline(text).strip()


def stylesheet() -> str:
    """The quiz CSS (``data/quiz.css``), for pages that show quizzes."""
    return data_file("quiz.css").read_text(encoding="utf-8")


def _resolve(bank: str | Bank, root: Path | None) -> Bank:
    return bank if isinstance(bank, Bank) else load_bank(bank, root=root)


def _choice_list(question: Question, shuffle: bool) -> str:
    if question.type == "numeric":
        unit = escape(question.unit or "")
        return (
            f'<p class="runwell-numeric-blank">Your answer: '
            f'<span aria-hidden="true">__________</span> {unit}</p>'
        )
    items = "".join(
        f'<li><span class="runwell-box" aria-hidden="true">{BOX}</span> '
        f"{escape(question.choices[i].text)}</li>"
        for i in choice_order(question, shuffle)
    )
    return f'<ul class="runwell-choices">{items}</ul>'


def _answer_details(question: Question, shuffle: bool) -> str:
    parts = [
        f'<p class="runwell-correct-answer"><strong>Answer:</strong> '
        f"{escape(correct_answer_text(question))}</p>"
    ]
    if question.type == "numeric" and question.feedback is not None:
        fb = question.feedback
        parts.append(
            '<ul class="runwell-choice-feedback">'
            f"<li><strong>Too low:</strong> {render_inline(fb.low)}</li>"
            f"<li><strong>Too high:</strong> {render_inline(fb.high)}</li>"
            f"<li><strong>Right:</strong> {render_inline(fb.correct)}</li>"
            "</ul>"
        )
    elif question.choices:
        rows = []
        for i in choice_order(question, shuffle):
            choice = question.choices[i]
            mark = "Right" if choice.correct else "Wrong"
            rows.append(
                f"<li><strong>{mark}: {escape(choice.text)}</strong> — "
                f"{render_inline(choice.feedback)}</li>"
            )
        parts.append(f'<ul class="runwell-choice-feedback">{"".join(rows)}</ul>')
    if question.explanation:
        parts.append(
            f'<div class="runwell-explanation">{render_markdown(question.explanation)}</div>'
        )
    return f"<details><summary>Answer</summary>{''.join(parts)}</details>"


def question_html(question: Question, number: int, total: int, *, shuffle: bool = False) -> str:
    """One question as a ``runwell-question`` block with its answer behind ``<details>``."""
    hint = (
        f'<p class="runwell-hint"><strong>Hint:</strong> {render_inline(question.hint)}</p>'
        if question.hint
        else ""
    )
    return (
        f'<div class="runwell-question" id="q-{escape(question.id)}">'
        f'<p class="runwell-question-number">Question {number} of {total}. '
        f"{TYPE_PROMPTS[question.type]}</p>"
        f'<div class="runwell-question-text">{render_markdown(question.text)}</div>'
        f"{_choice_list(question, shuffle)}{hint}{_answer_details(question, shuffle)}"
        "</div>"
    )


def static_html(bank: str | Bank, *, root: Path | None = None) -> str:
    """The bank as an HTML fragment for handouts: ``<section class="runwell-quiz-static">``."""
    b = _resolve(bank, root)
    total = len(b.questions)
    intro = f'<div class="runwell-quiz-intro">{render_markdown(b.intro)}</div>' if b.intro else ""
    questions = "\n".join(
        question_html(q, n, total, shuffle=b.shuffle) for n, q in enumerate(b.questions, start=1)
    )
    lesson = escape(b.lesson)
    return (
        f'<section class="runwell-quiz-static" aria-labelledby="quiz-{lesson}">\n'
        f'<h2 id="quiz-{lesson}">Quiz: {escape(b.title)}</h2>\n{intro}\n'
        f'<p class="runwell-quiz-instructions">Answer each question, then open '
        f"<em>Answer</em> to check yourself.</p>\n{questions}\n</section>\n"
    )


def answer_key_html(*, root: Path | None = None) -> str:
    """Every shipped bank, every question with its correct answer and explanation."""
    from runwell.guidance import inventory

    banks, problems = load_banks(quizzes_dir(root), set(inventory()))
    if problems:
        more = f" (and {len(problems) - 1} more; run `runwell check`)" if len(problems) > 1 else ""
        raise CourseError(f"{problems[0]}{more}")
    if not banks:
        raise CourseError("notebooks/quizzes: no quiz banks to build an answer key from")
    sections = []
    for name in sorted(banks):
        b = banks[name]
        rows = []
        for q in b.questions:
            explanation = (
                f'<div class="runwell-explanation">{render_markdown(q.explanation)}</div>'
                if q.explanation
                else ""
            )
            rows.append(
                f'<li class="runwell-key-question" id="key-{escape(q.id)}">'
                f'<div class="runwell-question-text">{render_markdown(q.text)}</div>'
                f'<p class="runwell-correct-answer"><strong>Answer:</strong> '
                f"{escape(correct_answer_text(q))}</p>{explanation}"
                f'<p class="runwell-key-meta">Question id <code>{escape(q.id)}</code>; '
                f"tests guidance: {escape(', '.join(q.guidance))}</p></li>"
            )
        sections.append(
            f'<section class="runwell-key-bank" aria-labelledby="key-{escape(name)}">'
            f'<h2 id="key-{escape(name)}">{escape(b.lesson)}: {escape(b.title)}</h2>'
            f'<ol class="runwell-key-questions">{"".join(rows)}</ol></section>'
        )
    return '<div class="runwell-answer-key">\n' + "\n".join(sections) + "\n</div>\n"
