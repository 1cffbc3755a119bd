"""IMS QTI 1.2 (``runwell export --format qti``): one content package for the course.

The package is a zip, shaped like the ones Canvas exports and imports (Classic Quizzes):

- ``imsmanifest.xml`` (IMS Content Packaging 1.1): one ``imsqti_xmlv1p2`` resource per lesson,
  depending on its Canvas quiz settings and on the figures its questions use;
- ``<lesson>/<lesson>.xml``: a ``questestinterop`` with one ``assessment`` (the bank's title,
  its intro as the rubric) and one ``item`` per question, ident = question id;
- ``<lesson>/assessment_meta.xml``: the quiz's title, description and shuffle setting in
  Canvas's own vocabulary (other platforms ignore it);
- ``images/<name>``: each figure once, referenced from HTML as ``$IMS-CC-FILEBASE$/images/…``
  as Canvas writes it.

The items (QTI 1.2 ASI; ``question_type`` tells Canvas the type):

- single choice, true/false: ``response_lid`` with ``rcardinality="Single"``; one condition per
  choice shows its feedback, and the correct choice sets SCORE to 100;
- multiple choice: ``rcardinality="Multiple"``; SCORE is 100 when exactly the correct choices
  are ticked (``and`` of the correct ones and ``not`` the others), as the course itself grades.
  Canvas grades a multiple-answer question with its own partial credit;
- numeric: ``response_str`` with a decimal ``render_fib`` and the unit after the box; the
  answer ± tolerance sets SCORE to 100 and shows the "correct" feedback, ``varlt`` and
  ``vargt`` the edges show "too low" and "too high". Canvas keeps no feedback per range, so
  ``general_incorrect_fb`` carries both, each after the range it is for (``< 0.75 cm: …``);
- the explanation is ``general_fb`` (shown after any answer), the hint a ``hint`` feedback;
- ``render_choice shuffle`` follows the bank's rule; choices are written in the order the
  course shows them, each ``response_label`` ident being the choice id;
- a choice's text is ``text/plain``; every other text is ``text/html`` (entity-escaped), inline
  Markdown (feedback, hints) wrapped in a paragraph.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from runwell.course.model import Bank, Question
from runwell.export.common import Figure, Html, Renderer, decimal, number
from runwell.quiz.labels import choice_text, unit_label
from runwell.templates import render

__all__ = [
    "CANVAS_TYPES",
    "FILEBASE",
    "IMAGES",
    "PACKAGE",
    "assessment_path",
    "qti_files",
    "qti_package",
]

PACKAGE = "runwell_quizzes_qti.zip"
FILEBASE = "$IMS-CC-FILEBASE$/"
IMAGES = "images/"
CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true_false": "true_false_question",
    "numeric": "numerical_question",
}
# Fixed zip timestamps: the same course gives the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def package_name(lang: str) -> str:
    return PACKAGE if lang == "en" else PACKAGE.replace(".zip", f"_{lang}.zip")


def assessment_path(lesson: str) -> str:
    return f"{lesson}/{lesson}.xml"


def attribute(text: str) -> Markup:
    """Text for an XML attribute value: escaped, with line breaks and tabs as character
    references, which XML would otherwise turn into spaces."""
    escaped = str(escape(text))
    for char, ref in (("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#9;")):
        escaped = escaped.replace(char, ref)
    return Markup(escaped)


def _html(value: Html | None, figures: dict[str, Figure], *, inline: bool = False) -> str:
    """A field's HTML for QTI; inline Markdown (feedback, hints) is wrapped in a paragraph, as
    QTI readers expect block HTML (Canvas keeps an answer's feedback only from a ``<p>`` or
    ``<div>``)."""
    if value is None:
        return ""
    for figure in value.figures:
        figures[figure.name] = figure
    text = value.with_sources(lambda name: FILEBASE + IMAGES + quote(name))
    return f"<p>{text}</p>" if inline else text


def _item(q: Question, bank: Bank, renderer: Renderer, figures: dict[str, Figure],
          lang: str = "en") -> dict[str, Any]:
    where = (bank.path, q.id)
    item: dict[str, Any] = {
        "id": q.id,
        "canvas_type": CANVAS_TYPES[q.type],
        "guidance": " ".join(q.guidance),
        "text": _html(renderer.block(q.text, where), figures),
        "explanation": _html(renderer.block(q.explanation, where), figures)
        if q.explanation else None,
        "hint": _html(renderer.inline(q.hint, where), figures, inline=True) if q.hint else None,
        "numeric": q.type == "numeric",
    }
    if q.type != "numeric":
        item["cardinality"] = "Multiple" if q.type == "multiple" else "Single"
        item["shuffle"] = "Yes" if q.shuffle and q.type != "true_false" else "No"
        item["choices"] = [
            {
                "ident": c.id,
                "text": choice_text(q, c, lang),  # true/false: the words of *lang*
                "feedback_ident": f"fb{n}",
                "feedback": _html(renderer.inline(c.feedback, where), figures, inline=True),
                "correct": c.correct,
            }
            for n, c in enumerate(q.shown, start=1)
        ]
        return item
    if q.answer is None or q.tolerance is None or q.feedback is None:
        raise ValueError(f"{q.id}: a numeric question without answer, tolerance or feedback")
    low = decimal(q.answer) - decimal(q.tolerance)
    high = decimal(q.answer) + decimal(q.tolerance)
    low_html = _html(renderer.inline(q.feedback.low, where), figures, inline=True)
    high_html = _html(renderer.inline(q.feedback.high, where), figures, inline=True)
    shown_unit = unit_label(q.unit, lang)
    unit = f" {shown_unit}" if shown_unit else ""
    item.update(
        exact=number(q.answer),
        low=number(low),
        high=number(high),
        unit=shown_unit or None,
        correct_feedback=_html(renderer.inline(q.feedback.correct, where), figures, inline=True),
        low_feedback=low_html,
        high_feedback=high_html,
        # Canvas's one "incorrect" comment, in words that need no translation
        incorrect_feedback=render(
            "export/qti_ranges.html.j2",
            low=f"< {number(low)}{unit}",
            high=f"> {number(high)}{unit}",
            low_html=low_html,
            high_html=high_html,
        ).strip(),
    )
    return item


def _assessment(bank: Bank, renderer: Renderer, figures: dict[str, Figure],
                lang: str = "en") -> dict[str, Any]:
    intro = renderer.block(bank.intro, (bank.path, "-")) if bank.intro else None
    used: dict[str, Figure] = {}
    items = [_item(q, bank, renderer, used, lang) for q in bank.questions]
    intro_html = _html(intro, used)
    figures.update(used)
    choice_questions = [q for q in bank.questions if q.type in ("single", "multiple")]
    return {
        "lesson": bank.lesson,
        "ident": f"runwell-{bank.lesson}",
        "title": bank.title,
        "title_attribute": attribute(bank.title),
        "intro": intro_html,
        "items": items,
        "figures": sorted(used),
        "shuffle": all(q.shuffle for q in choice_questions),
        "points": len(bank.questions),
    }


def qti_files(banks: list[Bank], lang: str, renderer: Renderer) -> dict[str, bytes]:
    """The package's files: path in the zip → bytes."""
    figures: dict[str, Figure] = {}
    assessments = [_assessment(b, renderer, figures, lang) for b in banks]
    files: dict[str, bytes] = {}
    for a in assessments:
        files[assessment_path(a["lesson"])] = render(
            "export/qti_assessment.xml.j2", a=a, lang=lang
        ).encode("utf-8")
        files[f"{a['lesson']}/assessment_meta.xml"] = render(
            "export/canvas_assessment_meta.xml.j2", a=a
        ).encode("utf-8")
    names = sorted(figures)
    for name in names:
        files[IMAGES + name] = figures[name].data
    manifest = render(
        "export/qti_manifest.xml.j2",
        ident=f"runwell-quizzes-{lang}",
        lang=lang,
        assessments=assessments,
        figure_ids={name: f"runwell-figure-{n}" for n, name in enumerate(names, start=1)},
        images=IMAGES,
        assessment_path=assessment_path,
    )
    return {"imsmanifest.xml": manifest.encode("utf-8"), **files}


def qti_package(banks: list[Bank], lang: str, renderer: Renderer) -> bytes:
    """The zip: manifest first, then every file, with fixed timestamps and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in qti_files(banks, lang, renderer).items():
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()
